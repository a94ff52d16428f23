package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools/bakersmath"
	"github.com/baketracker/baketracker/units"
)

// ScaleRecipeInput asks for a recipe scaled one way: exactly one of
// factor, target_total_weight, target_flour_weight, target_yield or the
// two pans.
type ScaleRecipeInput struct {
	RecipeID          string           `json:"recipe_id" jsonschema:"the recipe's id, slug or exact name"`
	Factor            *decimal.Decimal `json:"factor,omitempty" jsonschema:"multiply everything by this, e.g. 1.5"`
	TargetTotalWeight *decimal.Decimal `json:"target_total_weight,omitempty" jsonschema:"the total dough or batter weight wanted (in weight_unit)"`
	TargetFlourWeight *decimal.Decimal `json:"target_flour_weight,omitempty" jsonschema:"the total flour weight wanted (in weight_unit); flour as bakers_percentages counts it"`
	WeightUnit        string           `json:"weight_unit,omitempty" jsonschema:"unit of the target weights: g (default), kg, oz or lb"`
	TargetYield       *decimal.Decimal `json:"target_yield,omitempty" jsonschema:"how many items wanted, e.g. 60 cookies from a recipe that makes 48"`
	FinishedUnit      string           `json:"finished_unit,omitempty" jsonschema:"which yield target_yield counts (id, slug or name), when the recipe has several"`
	FromPan           *bakersmath.Pan  `json:"from_pan,omitempty" jsonschema:"the pan the recipe is written for"`
	ToPan             *bakersmath.Pan  `json:"to_pan,omitempty" jsonschema:"the pan to fill"`
	ByVolume          bool             `json:"by_volume,omitempty" jsonschema:"scale pans by volume (area × depth; both need depth) instead of area"`
}

// ScaledLine is one expanded line, scaled exactly and rounded to measure.
type ScaledLine struct {
	IngredientID   string          `json:"ingredient_id"`
	IngredientName string          `json:"ingredient_name"`
	Recipe         string          `json:"recipe"`
	Path           []string        `json:"path"`
	Original       decimal.Decimal `json:"original"`
	Exact          decimal.Decimal `json:"exact"`
	Rounded        decimal.Decimal `json:"rounded"`
	Unit           string          `json:"unit"`
	Display        string          `json:"display"`
	Note           string          `json:"note,omitempty"`
}

// ScaledComponent is a sub-recipe and the batches of it the scaled recipe needs.
type ScaledComponent struct {
	RecipeSlug string          `json:"recipe_slug"`
	RecipeName string          `json:"recipe_name"`
	Original   decimal.Decimal `json:"original_batches"`
	Batches    decimal.Decimal `json:"batches"`
}

// ScaledYield is a finished unit's items after scaling.
type ScaledYield struct {
	FinishedUnit string          `json:"finished_unit"`
	Original     decimal.Decimal `json:"original_items"`
	Items        decimal.Decimal `json:"items"`
	ItemUnit     string          `json:"item_unit"`
}

// ScaleRecipeOutput is the scaled recipe; nothing is written.
type ScaleRecipeOutput struct {
	RecipeID   string            `json:"recipe_id"`
	RecipeSlug string            `json:"recipe_slug"`
	RecipeName string            `json:"recipe_name"`
	Mode       string            `json:"mode"`
	Factor     decimal.Decimal   `json:"factor"`
	Basis      string            `json:"basis"`
	Lines      []ScaledLine      `json:"lines"`
	Components []ScaledComponent `json:"components"`
	Yields     []ScaledYield     `json:"yields"`
	Warnings   []string          `json:"warnings"`
	// DensitiesUsed are the densities a weight-based factor weighed volume
	// lines with, and where they came from.
	DensitiesUsed []LineDensity `json:"densities_used"`
}

// LineDensity is the density one ingredient was converted with.
type LineDensity struct {
	IngredientName string      `json:"ingredient_name"`
	DensityUsed    DensityUsed `json:"density_used"`
}

// maxScale bounds the factor so a typo does not ask for a ton of flour.
var maxScale = decimal.NewFromInt(10000)

// ScaleRecipe scales a recipe (read-only): lines of sub-recipes scale with
// the batches of them the recipe needs, so a levain scales by its own yield.
func (t *Tools) ScaleRecipe(ctx context.Context, id identity.Identity, in ScaleRecipeInput) (ScaleRecipeOutput, error) {
	var out ScaleRecipeOutput
	err := t.snapshot(ctx, id, func(q *queries.Queries) error {
		r, err := resolveRecipe(ctx, q, id.TenantID, "recipe_id", in.RecipeID)
		if err != nil {
			return err
		}
		lines, err := expandRecipe(ctx, q, id.TenantID, r.ID, decimal.NewFromInt(1))
		if err != nil {
			return err
		}
		if in.TargetFlourWeight != nil {
			if err := withAncestorKeys(ctx, q, id.TenantID, lines); err != nil {
				return err
			}
		}
		detail, err := loadRecipe(ctx, q, id.TenantID, "recipe_id", r.ID, decimal.NewFromInt(1), false)
		if err != nil {
			return err
		}
		out = ScaleRecipeOutput{RecipeID: r.ID.String(), RecipeSlug: r.Slug, RecipeName: r.Name, Warnings: []string{}, DensitiesUsed: []LineDensity{}}
		if err := scaleFactor(in, lines, detail, &out); err != nil {
			return err
		}
		if !out.Factor.IsPositive() || out.Factor.GreaterThan(maxScale) {
			return Unprocessable(scaleField(in), "the scale factor would be %s; it must be above 0 and at most %s", out.Factor, maxScale)
		}
		scaleParts(lines, detail, &out)
		return nil
	})
	return out, err
}

func scaleField(in ScaleRecipeInput) string {
	switch {
	case in.Factor != nil:
		return "factor"
	case in.TargetTotalWeight != nil:
		return "target_total_weight"
	case in.TargetFlourWeight != nil:
		return "target_flour_weight"
	case in.TargetYield != nil:
		return "target_yield"
	}
	return "to_pan"
}

// scaleFactor sets out's mode, factor and basis from the one mode given.
func scaleFactor(in ScaleRecipeInput, lines []expandedLine, detail RecipeOut, out *ScaleRecipeOutput) error {
	modes := []string{}
	for name, on := range map[string]bool{"factor": in.Factor != nil, "target_total_weight": in.TargetTotalWeight != nil,
		"target_flour_weight": in.TargetFlourWeight != nil, "target_yield": in.TargetYield != nil, "pans": in.FromPan != nil || in.ToPan != nil} {
		if on {
			modes = append(modes, name)
		}
	}
	if len(modes) != 1 {
		return Invalid("factor", "give exactly one of factor, target_total_weight, target_flour_weight, target_yield, or from_pan with to_pan (got %d)", len(modes))
	}
	out.Mode = modes[0]
	positive := func(field string, v decimal.Decimal) error {
		if !v.IsPositive() {
			return Invalid(field, "must be greater than 0 (got %s)", Shorten(v.String()))
		}
		return nil
	}
	switch out.Mode {
	case "factor":
		if err := positive("factor", *in.Factor); err != nil {
			return err
		}
		out.Factor, out.Basis = *in.Factor, fmt.Sprintf("× %s", in.Factor)
	case "target_total_weight", "target_flour_weight":
		target, field := in.TargetTotalWeight, "target_total_weight"
		if out.Mode == "target_flour_weight" {
			target, field = in.TargetFlourWeight, "target_flour_weight"
		}
		if err := positive(field, *target); err != nil {
			return err
		}
		wu := strings.TrimSpace(in.WeightUnit)
		if wu == "" {
			wu = "g"
		}
		u, err := units.Parse(wu)
		if err != nil || u.Kind != units.Weight {
			return Invalid("weight_unit", "%q is not a weight unit; accepted: g, kg, oz, lb", Shorten(wu))
		}
		want, _ := units.Convert(*target, u, gram, nil)
		have := decimal.Zero
		for _, n := range lines {
			if out.Mode == "target_flour_weight" && !isFlour(n) {
				continue
			}
			g, used, reason := weighLine(n)
			if reason != "" {
				out.Warnings = append(out.Warnings, fmt.Sprintf("%s is not in the weight the factor is based on: %s", n.IngredientName, reason))
				continue
			}
			if used != nil {
				out.DensitiesUsed = append(out.DensitiesUsed, LineDensity{IngredientName: n.IngredientName, DensityUsed: *used})
			}
			have = have.Add(g)
		}
		if !have.IsPositive() {
			what := "none of its lines can be weighed"
			if out.Mode == "target_flour_weight" {
				what = "it has no flour that can be weighed (" + flourRule + ")"
			}
			return Unprocessable(field, "cannot scale %s by weight: %s", detail.Name, what)
		}
		out.Factor = want.DivRound(have, 12)
		out.Basis = fmt.Sprintf("%s g wanted ÷ %s g in the recipe", units.Round(want), units.Round(have))
	case "target_yield":
		if err := positive("target_yield", *in.TargetYield); err != nil {
			return err
		}
		fu, err := pickYield(detail.FinishedUnits, in.FinishedUnit)
		if err != nil {
			return err
		}
		out.Factor = in.TargetYield.DivRound(*fu.ItemsPerBatch, 12)
		out.Basis = fmt.Sprintf("%s %s wanted ÷ %s per batch", in.TargetYield, yieldUnit(fu), fu.ItemsPerBatch)
	case "pans":
		if in.FromPan == nil || in.ToPan == nil {
			return Invalid("to_pan", "scaling by pan needs both from_pan and to_pan")
		}
		f, which, err := bakersmath.PanFactor(*in.FromPan, *in.ToPan, in.ByVolume)
		if err != nil {
			var pe *bakersmath.PanError
			if errors.As(err, &pe) {
				return Invalid(which+"."+pe.Field, "%s", pe.Message)
			}
			return err
		}
		out.Factor, out.Basis = f, "the to_pan's area ÷ the from_pan's area"
		if in.ByVolume {
			out.Basis = "the to_pan's volume ÷ the from_pan's volume"
		}
	}
	return nil
}

// pickYield is the discrete yield target_yield counts.
func pickYield(fus []FinishedUnitOut, ref string) (FinishedUnitOut, error) {
	var countable []FinishedUnitOut
	for _, f := range fus {
		if f.ItemsPerBatch != nil && f.ItemsPerBatch.IsPositive() {
			countable = append(countable, f)
		}
	}
	ref = strings.TrimSpace(ref)
	if ref != "" {
		for _, f := range countable {
			if ref == f.ID || ref == f.Slug || NameKey(ref) == NameKey(f.DisplayName) {
				return f, nil
			}
		}
		return FinishedUnitOut{}, Invalid("finished_unit", "%q is not one of this recipe's counted yields", Shorten(ref))
	}
	switch len(countable) {
	case 1:
		return countable[0], nil
	case 0:
		return FinishedUnitOut{}, Unprocessable("target_yield", "the recipe has no yield with items per batch; add one (update_recipe yields) or scale by factor")
	}
	names := make([]string, len(countable))
	for i, f := range countable {
		names[i] = f.DisplayName
	}
	return FinishedUnitOut{}, Invalid("finished_unit", "the recipe has several yields; name one of: %s", strings.Join(names, ", "))
}

func yieldUnit(f FinishedUnitOut) string {
	if f.ItemUnit != "" {
		return f.ItemUnit
	}
	return f.DisplayName
}

// scaleParts scales the lines, components and yields by out.Factor.
func scaleParts(lines []expandedLine, detail RecipeOut, out *ScaleRecipeOutput) {
	out.Lines, out.Components, out.Yields = []ScaledLine{}, []ScaledComponent{}, []ScaledYield{}
	for _, n := range lines {
		exact := n.Quantity.Mul(out.Factor).Round(6)
		r := bakersmath.Round(exact, n.Unit)
		out.Lines = append(out.Lines, ScaledLine{IngredientID: n.IngredientID.String(), IngredientName: n.IngredientName,
			Recipe: n.Path[len(n.Path)-1], Path: n.Path, Original: units.Round(n.Quantity), Exact: exact,
			Rounded: r.Value, Unit: n.Unit, Display: r.Display, Note: r.Note})
	}
	for _, c := range detail.Components {
		out.Components = append(out.Components, ScaledComponent{RecipeSlug: c.Slug, RecipeName: c.Name, Original: c.Quantity,
			Batches: c.Quantity.Mul(out.Factor).Round(6)})
	}
	for _, f := range detail.FinishedUnits {
		if f.ItemsPerBatch == nil {
			continue
		}
		out.Yields = append(out.Yields, ScaledYield{FinishedUnit: f.DisplayName, Original: *f.ItemsPerBatch,
			Items: f.ItemsPerBatch.Mul(out.Factor).Round(4), ItemUnit: f.ItemUnit})
	}
}
