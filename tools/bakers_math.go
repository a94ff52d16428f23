package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

var gram = func() units.Unit { u, _ := units.Parse("g"); return u }()

// weighLine is a line's weight in grams, converted with the ingredient's
// density when it is measured by volume; reason says why it cannot be.
func weighLine(n expandedLine) (grams decimal.Decimal, used *DensityUsed, reason string) {
	u, err := units.Parse(n.Unit)
	if err != nil {
		return decimal.Zero, nil, fmt.Sprintf("%q is not a unit of measure", n.Unit)
	}
	g, used, err := n.DensityRef.convert(n.Quantity, u, gram)
	switch {
	case err == nil:
		return g, used, ""
	case errors.Is(err, units.ErrNeedsDensity):
		return decimal.Zero, used, fmt.Sprintf("%s is measured in %s and has no density: adopt one with adopt_density (list_densities) or set its own", n.IngredientName, n.Unit)
	case errors.Is(err, units.ErrIncompatible):
		return decimal.Zero, nil, fmt.Sprintf("%s is counted (%s), which has no weight; give the line in grams to include it", n.IngredientName, n.Unit)
	}
	return decimal.Zero, nil, err.Error()
}

// flourRule is how bakers_percentages picks flour lines without a flour list.
const flourRule = `a line is flour when the ingredient's name, its category or one of its parents in the ingredient tree contains "flour"`

// isFlour applies flourRule.
func isFlour(n expandedLine) bool {
	return strings.Contains(n.IngredientKey, "flour") || strings.Contains(NameKey(n.Category), "flour") || strings.Contains(n.AncestorKeys, "flour")
}

// waterFractions are the water content of common liquids (USDA FoodData
// Central, SR Legacy, g water per 100 g), for total hydration. Matched on
// words of the ingredient's normalised name, first match wins.
var waterFractions = []struct {
	words    []string
	not      []string
	fraction decimal.Decimal
}{
	{[]string{"water"}, nil, decimal.NewFromInt(1)},
	{[]string{"buttermilk"}, nil, decimal.RequireFromString("0.90")},
	{[]string{"milk"}, []string{"powder", "dry", "condensed", "evaporated", "coconut"}, decimal.RequireFromString("0.88")},
	{[]string{"cream"}, []string{"cheese", "sour", "tartar", "ice"}, decimal.RequireFromString("0.58")},
	{[]string{"egg", "eggs"}, []string{"powder"}, decimal.RequireFromString("0.76")},
	{[]string{"butter"}, []string{"peanut", "nut", "almond", "cocoa", "apple"}, decimal.RequireFromString("0.16")},
}

// waterFraction is the share of a line's weight that is water, and whether
// the line is plain water.
func waterFraction(key string) (decimal.Decimal, bool) {
	words := strings.Fields(key)
	has := func(w string) bool {
		for _, x := range words {
			if x == w {
				return true
			}
		}
		return false
	}
	for _, wf := range waterFractions {
		match := false
		for _, w := range wf.words {
			match = match || has(w)
		}
		for _, w := range wf.not {
			match = match && !has(w)
		}
		if match {
			return wf.fraction, wf.words[0] == "water"
		}
	}
	return decimal.Zero, false
}

// BakersPercentagesInput asks for a recipe's baker's percentages.
type BakersPercentagesInput struct {
	RecipeID string `json:"recipe_id" jsonschema:"the recipe's id, slug or exact name"`
	// Flour overrides the rule: these ingredients are the flour.
	Flour []string `json:"flour,omitempty" jsonschema:"ingredient ids or slugs to count as flour, instead of every ingredient named or filed under flour"`
}

// BakersLine is one expanded line as a share of the flour.
type BakersLine struct {
	IngredientID   string           `json:"ingredient_id"`
	IngredientName string           `json:"ingredient_name"`
	Recipe         string           `json:"recipe"`
	Path           []string         `json:"path"`
	Quantity       decimal.Decimal  `json:"quantity"`
	Unit           string           `json:"unit"`
	Grams          *decimal.Decimal `json:"grams"`
	Percent        *decimal.Decimal `json:"percent"`
	IsFlour        bool             `json:"is_flour"`
	WaterGrams     decimal.Decimal  `json:"water_grams"`
	DensityUsed    *DensityUsed     `json:"density_used,omitempty"`
	// Unconverted says why the line has no weight (so no percentage).
	Unconverted string `json:"unconverted,omitempty"`
}

// BakersTotal is one ingredient summed over the whole tree.
type BakersTotal struct {
	IngredientName string          `json:"ingredient_name"`
	Grams          decimal.Decimal `json:"grams"`
	Percent        decimal.Decimal `json:"percent"`
	IsFlour        bool            `json:"is_flour"`
}

// BakersPercentagesOutput is a recipe in baker's percentages.
type BakersPercentagesOutput struct {
	RecipeID   string          `json:"recipe_id"`
	RecipeSlug string          `json:"recipe_slug"`
	RecipeName string          `json:"recipe_name"`
	FlourRule  string          `json:"flour_rule"`
	FlourGrams decimal.Decimal `json:"flour_grams"`
	TotalGrams decimal.Decimal `json:"total_grams"`
	// Hydration is plain water ÷ flour; TotalHydration adds the water in
	// milk, cream, eggs and butter (USDA water contents).
	Hydration      *decimal.Decimal `json:"hydration_percent"`
	TotalHydration *decimal.Decimal `json:"total_hydration_percent"`
	WaterGrams     decimal.Decimal  `json:"water_grams"`
	Lines          []BakersLine     `json:"lines"`
	Totals         []BakersTotal    `json:"totals"`
	// Unconverted names the lines left out because they have no weight.
	Unconverted []string `json:"unconverted"`
}

// BakersPercentages expresses every line of a recipe, sub-recipes expanded
// by their batch multiplier, as a percentage of its total flour weight.
func (t *Tools) BakersPercentages(ctx context.Context, id identity.Identity, in BakersPercentagesInput) (BakersPercentagesOutput, error) {
	var out BakersPercentagesOutput
	err := t.snapshot(ctx, id, func(q *queries.Queries) error {
		r, err := resolveRecipe(ctx, q, id.TenantID, "recipe_id", in.RecipeID)
		if err != nil {
			return err
		}
		lines, err := expandRecipe(ctx, q, id.TenantID, r.ID, decimal.NewFromInt(1))
		if err != nil {
			return err
		}
		if len(in.Flour) == 0 {
			if err := withAncestorKeys(ctx, q, id.TenantID, lines); err != nil {
				return err
			}
		}
		flour, rule, err := flourChooser(lines, in.Flour)
		if err != nil {
			return err
		}
		out = bakersPercentages(lines, flour)
		out.RecipeID, out.RecipeSlug, out.RecipeName, out.FlourRule = r.ID.String(), r.Slug, r.Name, rule
		return nil
	})
	return out, err
}

// flourChooser returns the flour test: the listed ingredients, or flourRule.
func flourChooser(lines []expandedLine, refs []string) (func(expandedLine) bool, string, error) {
	if len(refs) == 0 {
		return isFlour, flourRule, nil
	}
	chosen := map[string]bool{}
	for i, ref := range refs {
		ref = strings.TrimSpace(ref)
		found := false
		for _, l := range lines {
			if ref == l.IngredientID.String() || ref == l.IngredientSlug || NameKey(ref) == l.IngredientKey {
				chosen[l.IngredientID.String()] = true
				found = true
			}
		}
		if !found {
			return nil, "", Invalid(fmt.Sprintf("flour[%d]", i), "%q is not an ingredient of this recipe or its sub-recipes", Shorten(ref))
		}
	}
	return func(l expandedLine) bool { return chosen[l.IngredientID.String()] }, "the ingredients given in flour", nil
}

func bakersPercentages(lines []expandedLine, flour func(expandedLine) bool) BakersPercentagesOutput {
	out := BakersPercentagesOutput{Lines: []BakersLine{}, Totals: []BakersTotal{}, Unconverted: []string{},
		FlourGrams: decimal.Zero, TotalGrams: decimal.Zero, WaterGrams: decimal.Zero}
	allWater := decimal.Zero
	totals := map[string]int{}
	for _, n := range lines {
		bl := BakersLine{IngredientID: n.IngredientID.String(), IngredientName: n.IngredientName, Path: n.Path,
			Recipe: n.Path[len(n.Path)-1], Quantity: units.Round(n.Quantity), Unit: n.Unit, IsFlour: flour(n), WaterGrams: decimal.Zero}
		g, used, reason := weighLine(n)
		bl.DensityUsed = used
		if reason != "" {
			bl.Unconverted = reason
			out.Unconverted = append(out.Unconverted, fmt.Sprintf("%s (%s %s): %s", n.IngredientName, bl.Quantity, n.Unit, reason))
			out.Lines = append(out.Lines, bl)
			continue
		}
		gr := units.Round(g)
		bl.Grams = &gr
		out.TotalGrams = out.TotalGrams.Add(g)
		if bl.IsFlour {
			out.FlourGrams = out.FlourGrams.Add(g)
		} else if f, plain := waterFraction(n.IngredientKey); f.IsPositive() {
			bl.WaterGrams = units.Round(g.Mul(f))
			allWater = allWater.Add(g.Mul(f))
			if plain {
				out.WaterGrams = out.WaterGrams.Add(g)
			}
		}
		if i, ok := totals[bl.IngredientID]; ok {
			out.Totals[i].Grams = out.Totals[i].Grams.Add(g)
		} else {
			totals[bl.IngredientID] = len(out.Totals)
			out.Totals = append(out.Totals, BakersTotal{IngredientName: n.IngredientName, Grams: g, IsFlour: bl.IsFlour})
		}
		out.Lines = append(out.Lines, bl)
	}
	percent := func(g decimal.Decimal) decimal.Decimal { return g.Mul(hundred).DivRound(out.FlourGrams, 2) }
	if out.FlourGrams.IsPositive() {
		for i := range out.Lines {
			if g := out.Lines[i].Grams; g != nil {
				p := percent(*g)
				out.Lines[i].Percent = &p
			}
		}
		for i := range out.Totals {
			out.Totals[i].Percent = percent(out.Totals[i].Grams)
		}
		h, th := percent(out.WaterGrams), percent(allWater)
		out.Hydration, out.TotalHydration = &h, &th
	}
	for i := range out.Totals {
		out.Totals[i].Grams = units.Round(out.Totals[i].Grams)
	}
	out.FlourGrams, out.TotalGrams, out.WaterGrams = units.Round(out.FlourGrams), units.Round(out.TotalGrams), units.Round(out.WaterGrams)
	return out
}
