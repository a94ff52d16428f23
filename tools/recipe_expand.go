package tools

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// maxRecipeLevels is the deepest a recipe tree may be, counting the recipe
// itself as level 1 (the desktop's MAX_RECIPE_NESTING_DEPTH = 3 "levels"):
// a recipe may use a component which may use one more component, no deeper.
// Writes enforce it.
const maxRecipeLevels = 3

// maxExpandLevels bounds the expansion walk. It is deeper than the write
// rule on purpose: an imported file may hold a deeper tree, and silently
// dropping its lines would understate shopping lists and costs. Cycles are
// cut by the query itself.
const maxExpandLevels = 10

// expandedLine is one ingredient need after nested components are multiplied out.
type expandedLine struct {
	IngredientID   uuid.UUID
	IngredientSlug string
	IngredientName string
	Quantity       decimal.Decimal // already multiplied by batches and component multipliers
	Unit           string          // the line's unit code
	Density        *units.Density  // the ingredient's density, nil when unknown
	DensityRef     densityRef      // the same density with where it came from
	Path           []string        // recipe slugs from the root to the recipe that owns the line
	RecipeNames    []string        // the names of the recipes of Path
	Notes          string
	Allergens      []string
	// IngredientKey, Category and AncestorKeys (the normalised names of its
	// parents, filled in by withAncestorKeys for the tools that need them)
	// let baker's math tell flour and water lines.
	IngredientKey string
	Category      string
	AncestorKeys  string
}

// expandRecipe returns recipeID's ingredient needs for `batches` batches, recursing into
// components (quantity = batch multiplier) up to depth 3, in line order.
//
// Depth: writes keep trees within maxRecipeLevels (3); the walk itself goes
// as deep as maxExpandLevels so that an imported deeper tree is not silently
// cut short.
//
// Line order is the recipe's own lines by position, then each component's
// subtree in component order, depth first. Duplicate lines are kept. One
// recursive query does the walk, filtered by tenant at every level; a recipe
// that does not exist (or is another tenant's) expands to no lines, so
// callers resolve the recipe first. The walk follows the stored tree up to
// maxExpandLevels so imported trees deeper than the write rule still count.
func expandRecipe(ctx context.Context, q *queries.Queries, tenant, recipeID uuid.UUID, batches decimal.Decimal) ([]expandedLine, error) {
	rows, err := q.RecipeExpand(ctx, queries.RecipeExpandParams{TenantID: tenant, RecipeID: recipeID, MaxLevels: maxExpandLevels})
	if err != nil {
		return nil, fmt.Errorf("expand recipe %s: %w", recipeID, err)
	}
	out := make([]expandedLine, 0, len(rows))
	for _, r := range rows {
		unit := r.Unit
		if u, err := units.Parse(unit); err == nil {
			unit = u.Code // imported lines may spell a unit differently; group by its code
		}
		ref := densityRefOfRow(r)
		out = append(out, expandedLine{
			DensityRef: ref, RecipeNames: r.RecipeNames, Allergens: r.Allergens,
			IngredientKey: r.IngredientKey, Category: r.IngredientCategory,
			IngredientID:   r.IngredientID,
			IngredientSlug: r.IngredientSlug,
			IngredientName: r.IngredientName,
			Quantity:       r.Quantity.Mul(batches),
			Unit:           unit,
			Density:        ref.d,
			Path:           r.Path,
			Notes:          r.Notes,
		})
	}
	return out, nil
}

// densityOf builds an ingredient's density from its four columns, or nil
// when any is missing or the stored units do not parse: an unusable density
// is the same as none (conversions then report needs-density).
func densityOf(volValue decimal.NullDecimal, volUnit *string, weightValue decimal.NullDecimal, weightUnit *string) *units.Density {
	if !volValue.Valid || !weightValue.Valid || volUnit == nil || weightUnit == nil {
		return nil
	}
	vu, err := units.Parse(*volUnit)
	if err != nil {
		return nil
	}
	wu, err := units.Parse(*weightUnit)
	if err != nil {
		return nil
	}
	d := &units.Density{VolumeValue: volValue.Decimal, VolumeUnit: vu, WeightValue: weightValue.Decimal, WeightUnit: wu}
	if d.Validate() != nil {
		return nil
	}
	return d
}

// aggregateKey groups expanded lines per ingredient and unit.
type aggregateKey struct {
	IngredientID uuid.UUID
	Unit         string
}

// aggregateLines sums expanded lines per (ingredient, unit), keeping the
// order in which each pair first appears. Path and Notes of the result are
// those of the first line of the group.
func aggregateLines(lines []expandedLine) []expandedLine {
	idx := map[aggregateKey]int{}
	var out []expandedLine
	for _, l := range lines {
		k := aggregateKey{l.IngredientID, l.Unit}
		if i, ok := idx[k]; ok {
			out[i].Quantity = out[i].Quantity.Add(l.Quantity)
			continue
		}
		idx[k] = len(out)
		out = append(out, l)
	}
	return out
}

// withAncestorKeys fills in the lines' AncestorKeys, which the flour rule
// reads; the expansion itself leaves them out (one more statement, only
// for the tools that classify flour).
func withAncestorKeys(ctx context.Context, q *queries.Queries, tenant uuid.UUID, lines []expandedLine) error {
	ids := make([]uuid.UUID, 0, len(lines))
	for _, l := range lines {
		ids = append(ids, l.IngredientID)
	}
	rows, err := q.IngredientAncestorKeys(ctx, queries.IngredientAncestorKeysParams{TenantID: tenant, Ids: ids})
	if err != nil {
		return fmt.Errorf("ingredient parents: %w", err)
	}
	keys := make(map[uuid.UUID]string, len(rows))
	for _, r := range rows {
		keys[r.ID] = r.AncestorKeys
	}
	for i := range lines {
		lines[i].AncestorKeys = keys[lines[i].IngredientID]
	}
	return nil
}
