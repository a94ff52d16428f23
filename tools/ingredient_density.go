package tools

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// density is the four density columns, all set or all NULL.
type density struct {
	vv, wv decimal.NullDecimal
	vu, wu *string
}

// maxDensityValue keeps values inside numeric(14,4).
var maxDensityValue = decimal.New(1, 10)

// checkDensity validates the four density fields: all four or none, units
// of the right kind, values above zero. An empty unit counts as absent.
func checkDensity(vv *decimal.Decimal, vu *string, wv *decimal.Decimal, wu *string) (density, error) {
	vuS, wuS := strings.TrimSpace(textOf(vu)), strings.TrimSpace(textOf(wu))
	present := []bool{vv != nil, vuS != "", wv != nil, wuS != ""}
	names := []string{"density_volume_value", "density_volume_unit", "density_weight_value", "density_weight_unit"}
	n := 0
	for _, p := range present {
		if p {
			n++
		}
	}
	if n == 0 {
		return density{}, nil
	}
	if n < 4 {
		for i, p := range present {
			if !p {
				return density{}, Invalid(names[i], "missing: a density needs all four of %s (e.g. 1 cup weighs 4.25 oz), or none", strings.Join(names, ", "))
			}
		}
	}
	for i, v := range []*decimal.Decimal{vv, wv} {
		field := names[i*2]
		if v.Sign() <= 0 {
			return density{}, Invalid(field, "must be greater than zero (got %s)", Shorten(v.String()))
		}
		if v.GreaterThanOrEqual(maxDensityValue) {
			return density{}, Invalid(field, "must be below 10000000000 (got %s)", Shorten(v.String()))
		}
	}
	vol, err := units.Parse(vuS)
	if err != nil {
		return density{}, Invalid("density_volume_unit", "%s", err.Error())
	}
	if vol.Kind != units.Volume {
		return density{}, Invalid("density_volume_unit", "%q is a %s unit; the density's volume unit must be a volume unit such as cup, tbsp or ml", vuS, vol.Kind)
	}
	wt, err := units.Parse(wuS)
	if err != nil {
		return density{}, Invalid("density_weight_unit", "%s", err.Error())
	}
	if wt.Kind != units.Weight {
		return density{}, Invalid("density_weight_unit", "%q is a %s unit; the density's weight unit must be a weight unit such as g or oz", wuS, wt.Kind)
	}
	rv, rw := units.Round(*vv), units.Round(*wv)
	if _, err := units.ParseDensity(rv.String(), vol.Code, rw.String(), wt.Code); err != nil {
		return density{}, Invalid("density_volume_value", "%s", err.Error())
	}
	return density{
		vv: decimal.NullDecimal{Decimal: rv, Valid: true}, vu: &vol.Code,
		wv: decimal.NullDecimal{Decimal: rw, Valid: true}, wu: &wt.Code,
	}, nil
}

// mergeDensity applies an update's density fields over the current ones;
// the result must still be all four or none.
func mergeDensity(in UpdateIngredientInput, p *queries.IngredientUpdateParams) error {
	given := in.DensityVolumeValue != nil || in.DensityVolumeUnit != nil || in.DensityWeightValue != nil || in.DensityWeightUnit != nil
	if in.ClearDensity {
		if given {
			return Invalid("clear_density", "give either clear_density or density fields, not both")
		}
		p.DensityVolumeValue, p.DensityVolumeUnit, p.DensityWeightValue, p.DensityWeightUnit = decimal.NullDecimal{}, nil, decimal.NullDecimal{}, nil
		p.DensityLibraryID = nil
		return nil
	}
	if !given {
		return nil
	}
	var vv, wv *decimal.Decimal
	if p.DensityVolumeValue.Valid {
		vv = &p.DensityVolumeValue.Decimal
	}
	if p.DensityWeightValue.Valid {
		wv = &p.DensityWeightValue.Decimal
	}
	vu, wu := p.DensityVolumeUnit, p.DensityWeightUnit
	if in.DensityVolumeValue != nil {
		vv = in.DensityVolumeValue
	}
	if in.DensityVolumeUnit != nil {
		vu = in.DensityVolumeUnit
	}
	if in.DensityWeightValue != nil {
		wv = in.DensityWeightValue
	}
	if in.DensityWeightUnit != nil {
		wu = in.DensityWeightUnit
	}
	d, err := checkDensity(vv, vu, wv, wu)
	if err != nil {
		return err
	}
	p.DensityVolumeValue, p.DensityVolumeUnit, p.DensityWeightValue, p.DensityWeightUnit = d.vv, d.vu, d.wv, d.wu
	p.DensityLibraryID = nil // the ingredient's own density overrides an adopted one
	return nil
}
