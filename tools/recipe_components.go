package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
)

// checkedComponent is a component whose quantity is valid; the recipe is
// resolved in the transaction.
type checkedComponent struct {
	Recipe   string
	Quantity decimal.Decimal
	Notes    string
}

// checkComponents validates components that need no database.
func checkComponents(in []RecipeComponentInput) ([]checkedComponent, error) {
	out := make([]checkedComponent, len(in))
	for i, c := range in {
		f := fmt.Sprintf("components[%d]", i)
		if strings.TrimSpace(c.Recipe) == "" {
			return nil, Invalid(f+".recipe", "give the component recipe's id, slug or exact name")
		}
		qty, err := recipeQuantity(f+".quantity", c.Quantity)
		if err != nil {
			return nil, err
		}
		notes := strings.TrimSpace(c.Notes)
		if len([]rune(notes)) > 500 {
			return nil, Invalid(f+".notes", "must be at most 500 characters")
		}
		out[i] = checkedComponent{Recipe: strings.TrimSpace(c.Recipe), Quantity: qty, Notes: notes}
	}
	return out, nil
}

// writeComponents resolves the components, checks them against the whole
// component graph (no self, no cycle, at most maxRecipeLevels levels) and
// writes them, replacing the recipe's components when replace. The caller
// holds the tenant's recipe lock, so the graph cannot change meanwhile.
func writeComponents(ctx context.Context, q *queries.Queries, tenant, rid uuid.UUID, comps []checkedComponent, replace bool) error {
	if len(comps) == 0 {
		if !replace {
			return nil
		}
		if err := q.RecipeComponentsDelete(ctx, queries.RecipeComponentsDeleteParams{TenantID: tenant, RecipeID: rid}); err != nil {
			return fmt.Errorf("replace components: %w", err)
		}
		return nil
	}
	p := queries.RecipeResolveManyParams{TenantID: tenant, Ids: []uuid.UUID{}, Refs: []string{}, NameKeys: []string{}}
	for _, c := range comps {
		if u, err := uuid.Parse(c.Recipe); err == nil {
			p.Ids = append(p.Ids, u)
		}
		p.Refs = append(p.Refs, c.Recipe)
		p.NameKeys = append(p.NameKeys, NameKey(c.Recipe))
	}
	cands, err := q.RecipeResolveMany(ctx, p)
	if err != nil {
		return fmt.Errorf("resolve components: %w", err)
	}
	ids := make([]uuid.UUID, len(comps))
	names := map[uuid.UUID]string{}
	for i, c := range comps {
		f := fmt.Sprintf("components[%d].recipe", i)
		r, err := pickComponent(f, c.Recipe, cands)
		if err != nil {
			return err
		}
		if r.ID == rid {
			return Invalid(f, "a recipe cannot be a component of itself")
		}
		if _, dup := names[r.ID]; dup {
			return Invalid(f, "%q is listed twice; give it once with the total quantity", r.Name)
		}
		ids[i], names[r.ID] = r.ID, r.Name
	}

	edges, err := q.RecipeComponentEdges(ctx, queries.RecipeComponentEdgesParams{TenantID: tenant})
	if err != nil {
		return fmt.Errorf("component graph: %w", err)
	}
	g := recipeGraph{children: map[uuid.UUID][]uuid.UUID{}, parents: map[uuid.UUID][]uuid.UUID{}}
	for _, e := range edges {
		if e.RecipeID != rid { // rid's own edges are being replaced
			g.add(e.RecipeID, e.ComponentRecipeID)
		}
	}
	for _, c := range ids {
		g.add(rid, c)
	}
	above := g.levelsAbove(rid, map[uuid.UUID]bool{})
	for i, c := range ids {
		f := fmt.Sprintf("components[%d].recipe", i)
		if g.reaches(c, rid, map[uuid.UUID]bool{}) {
			return Invalid(f, "%q already uses this recipe (directly or through its components), so using it here would make a cycle", names[c])
		}
		if h := g.height(c, map[uuid.UUID]bool{}); above+h > maxRecipeLevels {
			return Invalid(f, "using %q here would nest %d levels of recipes (this recipe sits at level %d and %q is %d %s deep); "+
				"at most %d are allowed: recipe, component, sub-component", names[c], above+h, above, names[c], h, plural(h, "level", "levels"), maxRecipeLevels)
		}
	}

	if replace {
		if err := q.RecipeComponentsDelete(ctx, queries.RecipeComponentsDeleteParams{TenantID: tenant, RecipeID: rid}); err != nil {
			return fmt.Errorf("replace components: %w", err)
		}
	}
	ins := queries.RecipeComponentsInsertParams{TenantID: tenant, RecipeID: rid}
	for i, c := range comps {
		ins.ComponentRecipeIds = append(ins.ComponentRecipeIds, ids[i])
		ins.Positions = append(ins.Positions, int32(i))
		ins.Quantities = append(ins.Quantities, c.Quantity)
		ins.Notes = append(ins.Notes, c.Notes)
	}
	if err := q.RecipeComponentsInsert(ctx, ins); err != nil {
		return fmt.Errorf("write components: %w", err)
	}
	return nil
}

// pickComponent matches one recipe reference among the candidates, with
// resolveRecipe's preference: id, slug, previous slug, then exact name.
func pickComponent(field, ref string, cands []queries.RecipeResolveManyRow) (queries.RecipeResolveManyRow, error) {
	refID, _ := uuid.Parse(ref)
	key := NameKey(ref)
	var byName []queries.RecipeResolveManyRow
	for _, match := range []func(c queries.RecipeResolveManyRow) bool{
		func(c queries.RecipeResolveManyRow) bool { return refID != uuid.Nil && c.ID == refID },
		func(c queries.RecipeResolveManyRow) bool { return c.Slug == ref },
		func(c queries.RecipeResolveManyRow) bool { return c.PreviousSlug != nil && *c.PreviousSlug == ref },
	} {
		for _, c := range cands {
			if match(c) {
				return c, nil
			}
		}
	}
	for _, c := range cands {
		if key != "" && c.NameKey == key {
			byName = append(byName, c)
		}
	}
	switch len(byName) {
	case 0:
		e := NotFound(field, fmt.Sprintf("recipe %q", ref))
		e.Message += "; give its id, slug or exact name (list_recipes searches), or create it first with create_recipe"
		return queries.RecipeResolveManyRow{}, e
	case 1:
		return byName[0], nil
	}
	named := make([]Candidate, 0, len(byName))
	for _, c := range byName[:min(len(byName), maxCandidates)] {
		named = append(named, Candidate{ID: c.ID.String(), Name: c.Name, Kind: "recipe", Detail: "slug " + c.Slug, Similarity: 1})
	}
	return queries.RecipeResolveManyRow{}, Ambiguous(field, ref, named)
}

// recipeGraph is the tenant's component graph: recipe → components.
type recipeGraph struct {
	children map[uuid.UUID][]uuid.UUID
	parents  map[uuid.UUID][]uuid.UUID
}

func (g recipeGraph) add(parent, child uuid.UUID) {
	g.children[parent] = append(g.children[parent], child)
	g.parents[child] = append(g.parents[child], parent)
}

// reaches reports whether target is from or one of its descendants.
func (g recipeGraph) reaches(from, target uuid.UUID, seen map[uuid.UUID]bool) bool {
	if from == target {
		return true
	}
	if seen[from] {
		return false
	}
	seen[from] = true
	for _, c := range g.children[from] {
		if g.reaches(c, target, seen) {
			return true
		}
	}
	return false
}

// height is the number of recipe levels from n down (1 = no components).
// path cuts a cycle already in stored (imported) data instead of looping.
func (g recipeGraph) height(n uuid.UUID, path map[uuid.UUID]bool) int {
	if path[n] {
		return 0
	}
	path[n] = true
	defer delete(path, n)
	h := 0
	for _, c := range g.children[n] {
		h = max(h, g.height(c, path))
	}
	return h + 1
}

// levelsAbove is n's deepest level in any tree that uses it (1 = nothing uses it).
func (g recipeGraph) levelsAbove(n uuid.UUID, path map[uuid.UUID]bool) int {
	if path[n] {
		return 0
	}
	path[n] = true
	defer delete(path, n)
	l := 0
	for _, p := range g.parents[n] {
		l = max(l, g.levelsAbove(p, path))
	}
	return l + 1
}

// Yield modes of a finished unit.
const (
	yieldDiscrete = "discrete_count"
	yieldPortion  = "batch_portion"
)

// checkedYield is a valid finished unit.
type checkedYield struct {
	DisplayName string
	Mode        string
	Items       decimal.NullDecimal
	ItemUnit    *string
	Percentage  decimal.NullDecimal
}

// checkYields validates finished units: discrete_count needs a whole
// items_per_batch, batch_portion a batch_percentage in (0, 100].
func checkYields(in []RecipeYieldInput) ([]checkedYield, error) {
	out := make([]checkedYield, len(in))
	seen := map[string]bool{}
	for i, y := range in {
		f := fmt.Sprintf("yields[%d]", i)
		name := strings.TrimSpace(y.DisplayName)
		switch {
		case name == "":
			return nil, Invalid(f+".display_name", "give what the batch makes, e.g. Chocolate Chip Cookie")
		case NameTooLong(name):
			return nil, Invalid(f+".display_name", "must be at most 200 characters")
		case seen[NameKey(name)]:
			return nil, Invalid(f+".display_name", "%q is listed twice", name)
		}
		seen[NameKey(name)] = true
		mode := strings.TrimSpace(y.YieldMode)
		if mode == "" {
			mode = yieldDiscrete
			if y.BatchPercentage != nil {
				mode = yieldPortion
			}
		}
		c := checkedYield{DisplayName: name, Mode: mode, ItemUnit: textOrNil(y.ItemUnit)}
		switch mode {
		case yieldDiscrete:
			if y.BatchPercentage != nil {
				return nil, Invalid(f+".batch_percentage", "only a batch_portion yield has a batch_percentage; a discrete_count yield gives items_per_batch")
			}
			if y.ItemsPerBatch == nil {
				return nil, Invalid(f+".items_per_batch", "a discrete_count yield needs items_per_batch, e.g. 48 (cookies per batch)")
			}
			n := *y.ItemsPerBatch
			if !n.IsPositive() || !n.Equal(n.Floor()) || n.GreaterThanOrEqual(decimal.New(1, 9)) {
				return nil, Invalid(f+".items_per_batch", "must be a whole number of items greater than 0; got %s", n)
			}
			c.Items = decimal.NullDecimal{Decimal: n, Valid: true}
		case yieldPortion:
			if y.ItemsPerBatch != nil {
				return nil, Invalid(f+".items_per_batch", "a batch_portion yield gives batch_percentage, not items_per_batch")
			}
			if y.BatchPercentage == nil {
				return nil, Invalid(f+".batch_percentage", "a batch_portion yield needs batch_percentage, e.g. 50 for half the batch")
			}
			pct := *y.BatchPercentage
			if !pct.IsPositive() || pct.GreaterThan(decimal.NewFromInt(100)) || !pct.Round(4).IsPositive() {
				return nil, Invalid(f+".batch_percentage", "must be more than 0 and at most 100; got %s", pct)
			}
			c.Percentage = decimal.NullDecimal{Decimal: pct.Round(4), Valid: true}
		default:
			return nil, Invalid(f+".yield_mode", "unknown yield mode %q; use discrete_count or batch_portion", mode)
		}
		out[i] = c
	}
	return out, nil
}

// writeYields makes the recipe's finished units exactly yields. A unit whose
// name matches an existing one is updated in place, keeping its id, slug and
// made-item count; the others are created, and units not listed are removed.
func writeYields(ctx context.Context, q *queries.Queries, tenant, rid uuid.UUID, recipeSlug string, yields []checkedYield, replace bool) error {
	existing := map[string]uuid.UUID{}
	if replace {
		rows, err := q.FinishedUnitsByRecipe(ctx, queries.FinishedUnitsByRecipeParams{TenantID: tenant, RecipeID: rid})
		if err != nil {
			return fmt.Errorf("finished units: %w", err)
		}
		for _, r := range rows {
			existing[NameKey(r.DisplayName)] = r.ID
		}
	}
	keep := []uuid.UUID{}
	for _, y := range yields {
		mode := y.Mode
		if id, ok := existing[NameKey(y.DisplayName)]; ok {
			err := q.FinishedUnitUpdate(ctx, queries.FinishedUnitUpdateParams{TenantID: tenant, ID: id, DisplayName: y.DisplayName,
				YieldMode: &mode, ItemsPerBatch: y.Items, ItemUnit: y.ItemUnit, BatchPercentage: y.Percentage})
			if err != nil {
				return fmt.Errorf("update finished unit: %w", err)
			}
			keep = append(keep, id)
			continue
		}
		slug, err := UniqueSlug(FinishedUnitSlug(recipeSlug, y.DisplayName), '-', func(s string) (bool, error) {
			return q.FinishedUnitSlugExists(ctx, queries.FinishedUnitSlugExistsParams{TenantID: tenant, Slug: s})
		})
		if err != nil {
			return fmt.Errorf("finished unit slug: %w", err)
		}
		id, err := q.FinishedUnitCreate(ctx, queries.FinishedUnitCreateParams{TenantID: tenant, RecipeID: rid, Slug: slug,
			DisplayName: y.DisplayName, YieldMode: &mode, ItemsPerBatch: y.Items, ItemUnit: y.ItemUnit, BatchPercentage: y.Percentage})
		if err != nil {
			return fmt.Errorf("create finished unit: %w", err)
		}
		keep = append(keep, id)
	}
	if replace {
		if err := q.FinishedUnitsDeleteExcept(ctx, queries.FinishedUnitsDeleteExceptParams{TenantID: tenant, RecipeID: rid, KeepIds: keep}); err != nil {
			return fmt.Errorf("remove finished units: %w", err)
		}
	}
	return nil
}
