package bakersmath

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Pan is a baking pan: round (diameter), square (side), rectangular or loaf
// (length × width); depth is needed only to scale by volume. Unit is in or cm.
type Pan struct {
	Shape    string           `json:"shape" jsonschema:"round, square, rectangular or loaf"`
	Diameter *decimal.Decimal `json:"diameter,omitempty" jsonschema:"a round pan's diameter"`
	Side     *decimal.Decimal `json:"side,omitempty" jsonschema:"a square pan's side"`
	Length   *decimal.Decimal `json:"length,omitempty" jsonschema:"a rectangular or loaf pan's length"`
	Width    *decimal.Decimal `json:"width,omitempty" jsonschema:"a rectangular or loaf pan's width"`
	Depth    *decimal.Decimal `json:"depth,omitempty" jsonschema:"the pan's depth (only to scale by volume)"`
	Unit     string           `json:"unit,omitempty" jsonschema:"in (default) or cm"`
}

// pi to 15 places: the area ratio of two round pans does not depend on it,
// and a round-to-square ratio needs no more.
var pi = d("3.141592653589793")

var cmPerInch = d("2.54")

// PanError names the pan field that is wrong.
type PanError struct {
	Field   string // "shape", "diameter", … relative to the pan
	Message string
}

func (e *PanError) Error() string { return e.Field + ": " + e.Message }

// Area is the pan's base area in square inches.
func (p Pan) Area() (decimal.Decimal, error) {
	dim := func(name string, v *decimal.Decimal) (decimal.Decimal, error) {
		if v == nil {
			return decimal.Decimal{}, &PanError{name, fmt.Sprintf("a %s pan needs its %s", p.Shape, name)}
		}
		if !v.IsPositive() || v.GreaterThan(d("1000")) {
			return decimal.Decimal{}, &PanError{name, "must be above 0 and at most 1000"}
		}
		switch strings.ToLower(strings.TrimSpace(p.Unit)) {
		case "", "in", "inch", "inches":
			return *v, nil
		case "cm":
			return v.DivRound(cmPerInch, 12), nil
		}
		return decimal.Decimal{}, &PanError{"unit", fmt.Sprintf("%q is not a pan unit; accepted: in, cm", p.Unit)}
	}
	switch strings.ToLower(strings.TrimSpace(p.Shape)) {
	case "round":
		dia, err := dim("diameter", p.Diameter)
		if err != nil {
			return decimal.Decimal{}, err
		}
		return pi.Mul(dia).Mul(dia).Div(d("4")), nil
	case "square":
		s, err := dim("side", p.Side)
		if err != nil {
			return decimal.Decimal{}, err
		}
		return s.Mul(s), nil
	case "rectangular", "rectangle", "loaf", "sheet":
		l, err := dim("length", p.Length)
		if err != nil {
			return decimal.Decimal{}, err
		}
		w, err := dim("width", p.Width)
		if err != nil {
			return decimal.Decimal{}, err
		}
		return l.Mul(w), nil
	}
	return decimal.Decimal{}, &PanError{"shape", fmt.Sprintf("%q is not a pan shape; accepted: round, square, rectangular, loaf", p.Shape)}
}

// Volume is the pan's area times its depth, in cubic inches.
func (p Pan) Volume() (decimal.Decimal, error) {
	a, err := p.Area()
	if err != nil {
		return decimal.Decimal{}, err
	}
	if p.Depth == nil {
		return decimal.Decimal{}, &PanError{"depth", "scaling by volume needs both pans' depth"}
	}
	dp := *p.Depth
	if !dp.IsPositive() || dp.GreaterThan(d("1000")) {
		return decimal.Decimal{}, &PanError{"depth", "must be above 0 and at most 1000"}
	}
	if strings.EqualFold(strings.TrimSpace(p.Unit), "cm") {
		dp = dp.DivRound(cmPerInch, 12)
	}
	return a.Mul(dp), nil
}

// PanFactor is how much to scale a recipe made in from to fill to: the
// ratio of their areas, or with byVolume of their volumes. which says
// "from_pan" or "to_pan" in an error.
func PanFactor(from, to Pan, byVolume bool) (factor decimal.Decimal, which string, err error) {
	measure := Pan.Area
	if byVolume {
		measure = Pan.Volume
	}
	a, err := measure(from)
	if err != nil {
		return decimal.Decimal{}, "from_pan", err
	}
	b, err := measure(to)
	if err != nil {
		return decimal.Decimal{}, "to_pan", err
	}
	return b.DivRound(a, 12), "", nil
}
