package importer

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/tools"
)

// pendingRecipe is a recipe record between the passes of recipes().
type pendingRecipe struct {
	i          int
	r          *record
	label      string
	slug       string
	info       *recipeInfo
	row        *recipeRow
	baseSlug   *string
	components []json.RawMessage
	isNew      bool
	// skipped are sub-records (lines, components, nested finished units)
	// that could not be imported: kept in the recipe's extra as
	// skipped_<list> so export writes them back (recipe_match.go).
	skipped map[string][]skippedItem
}

// recipes loads section 6. Slugs are kept verbatim (H6) and generated only
// when missing; bases load before their variants, the base found by slug
// (H5, never rebuilt from a name); lines keep their order and duplicates
// (H19); nested finished units become finished units (H2, H7); a recipe
// without yields keeps its yield unknown rather than inventing one (H20);
// components are resolved after every recipe is known (slug, then
// previous_slug, then name). A recipe is matched by slug, or, when the file
// has none (recipe catalogs), by its name.
func (l *loader) recipes(section string, items []json.RawMessage) error {
	if err := l.loadIngredients(); err != nil {
		return err
	}
	if err := l.loadRecipes(); err != nil {
		return err
	}
	if err := l.loadUnits(); err != nil {
		return err
	}
	x := &l.idx
	var all []*pendingRecipe
	err := l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("slug", "name")
		name := r.text("name", "display_name")
		slug := r.text("slug")
		if name == nil && slug == nil {
			return l.reject(section, i, label, "neither slug nor name")
		}
		fileName := name
		if name == nil {
			name = ptr(humanize(*slug))
		}
		pr := &pendingRecipe{i: i, r: r, label: label}
		if slug != nil {
			// slug → previous_slug → a unique existing recipe of that name
			// (H6: a renamed slug is the same recipe, recipe_match.go).
			pr.slug = *slug
			pr.info = x.recipeBySlug[*slug]
			if pr.info == nil {
				pr.info = x.recipeByPrev[*slug]
			}
			if same := x.recipeByName[tools.NameKey(deref(fileName))]; pr.info == nil && fileName != nil && len(same) == 1 && same[0].existing {
				pr.info = same[0]
			}
		} else if same := x.recipeByName[tools.NameKey(*name)]; len(same) == 1 {
			pr.info, pr.slug = same[0], same[0].slug
		}
		if pr.info != nil {
			if o, dup, err := l.duplicateInRun(section, i, recordName(section, i, label), pr.info.id, r); dup {
				return o, err
			}
			if err := l.reconcileRecipe(section, pr); err != nil {
				return 0, err
			}
			pr.components, _ = r.list("components")
			all = append(all, pr)
			// A known recipe keeps its lines; its finished units are still
			// matched or added below, each by its own slug.
			return matched, nil
		}
		if slug == nil {
			s := uniqueSlug(tools.Slug(*name, '-'), '-', func(s string) bool { return x.recipeBySlug[s] != nil })
			pr.slug = s
			l.rep.warn(section, i, "%s: no slug; generated %q", recordName(section, i, label), s)
		}
		if tools.NameTooLong(*name) || tools.NameTooLong(pr.slug) {
			return l.reject(section, i, label, "name and slug must be at most 200 characters")
		}
		row := &recipeRow{
			ID: uuid.New(), Slug: pr.slug, PreviousSlug: r.text("previous_slug"), Name: *name, NameKey: tools.NameKey(*name),
			Source: r.text("source"), Notes: r.text("notes", "instructions"), LegacyUUID: r.text("uuid"), ImportID: l.imp(),
		}
		if c := r.text("category"); c != nil {
			row.Category = l.fitText(section, i, label, r, *c, 100, "category")
		}
		row.EstimatedTimeMinutes = l.minutes(section, i, label, r)
		row.IsArchived, _ = r.boolean("is_archived")
		row.IsProductionReady, _ = r.boolean("is_production_ready")
		row.NeedsReview, _ = r.boolean("needs_review")
		if v := r.text("variant_name"); v != nil {
			row.VariantName = ptr(l.fitText(section, i, label, r, *v, 100, "variant_name"))
		}
		pr.baseSlug = r.text("base_recipe_slug")
		pr.row, pr.isNew = row, true
		pr.info = &recipeInfo{id: row.ID, slug: row.Slug, name: row.Name, isVariant: pr.baseSlug != nil}
		l.addRecipe(pr.info)
		l.createdHere(row.ID, section, i)
		if row.PreviousSlug != nil {
			if _, taken := x.recipeByPrev[*row.PreviousSlug]; !taken {
				x.recipeByPrev[*row.PreviousSlug] = pr.info
			}
		}
		pr.components, _ = r.list("components")
		all = append(all, pr)
		return created, nil
	})
	if err != nil {
		return err
	}
	// Bases before variants: a variant's base must exist before the
	// variant's row points at it (and a variant of a variant is reported).
	for _, pr := range all {
		if pr.isNew && pr.baseSlug != nil {
			l.recipeBase(section, pr)
		}
	}
	for _, pr := range all {
		if pr.isNew {
			l.recipeLines(section, pr)
		}
	}
	// Finished units nested in recipes, then components (all recipes known).
	for _, pr := range all {
		units, _ := pr.r.list("finished_units")
		for j, raw := range units {
			u, err := parseRecord(raw)
			if err != nil {
				l.rep.warn(section, pr.i, "%s: finished_units[%d]: %v; skipped (kept in the recipe's extra)", recordName(section, pr.i, pr.label), j, err)
				pr.skip("finished_units", j, raw)
				continue
			}
			if l.finishedUnit(section, pr.i, fmt.Sprintf("%s finished_units[%d]", recordName(section, pr.i, pr.label), j), u, pr.info) == rejected {
				pr.skip("finished_units", j, raw)
			}
		}
	}
	for _, pr := range all {
		if pr.isNew {
			l.recipeComponents(section, pr)
			pr.r.ignore("id", "created_at", "updated_at", "components", "finished_units", "ingredients", "base_recipe_slug")
			pr.row.Extra = withSkipped(pr.r.extra(), pr.skipped)
			l.p.recipes = append(l.p.recipes, *pr.row)
		}
	}
	return nil
}

// minutes reads estimated_time_minutes, or sums the spec's prep and cook
// minutes.
func (l *loader) minutes(section string, i int, label string, r *record) *int64 {
	if m, ok, err := r.integer("estimated_time_minutes"); ok && err == nil && m >= 0 {
		return &m
	} else if err != nil {
		l.rep.warn(section, i, "%s: estimated_time_minutes %v; left empty", recordName(section, i, label), err)
	}
	prep, ok1, _ := r.integer("prep_time_minutes")
	cook, ok2, _ := r.integer("cook_time_minutes")
	if (ok1 || ok2) && prep >= 0 && cook >= 0 {
		t := prep + cook
		return &t
	}
	return nil
}

// recipeBase links a variant to its base by slug (or previous slug).
func (l *loader) recipeBase(section string, pr *pendingRecipe) {
	x := &l.idx
	base := x.recipeBySlug[*pr.baseSlug]
	if base == nil {
		base = x.recipeByPrev[*pr.baseSlug]
	}
	switch {
	case base == nil:
		pr.row.NeedsReview = true
		l.rep.warn(section, pr.i, "%s: base recipe %q not found; imported as a recipe of its own, for review",
			recordName(section, pr.i, pr.label), *pr.baseSlug)
	case base.id == pr.row.ID:
		l.rep.warn(section, pr.i, "%s: is its own base recipe; imported as a recipe of its own", recordName(section, pr.i, pr.label))
	default:
		if base.isVariant {
			l.rep.warn(section, pr.i, "%s: base recipe %q is itself a variant", recordName(section, pr.i, pr.label), base.slug)
		}
		pr.row.BaseRecipeID = &base.id
	}
}

// recipeLines keeps every line in file order, duplicates included (H19).
func (l *loader) recipeLines(section string, pr *pendingRecipe) {
	lines, _ := pr.r.list("ingredients", "recipe_ingredients")
	name := recordName(section, pr.i, pr.label)
	for j, raw := range lines {
		lr, err := parseRecord(raw)
		if err != nil {
			l.rep.warn(section, pr.i, "%s: ingredients[%d]: %v; line skipped (kept in the recipe's extra)", name, j, err)
			pr.skip("ingredients", j, raw)
			continue
		}
		lineName := fmt.Sprintf("%s ingredients[%d]", pr.label, j)
		var ing *ingInfo
		if s := lr.text("ingredient_slug"); s != nil {
			ing = l.ingredientRef(section, pr.i, lineName, *s)
		} else if n := lr.text("ingredient_name", "ingredient", "name"); n != nil {
			ing = l.ingredientByName(section, pr.i, lineName, *n)
		} else {
			l.rep.warn(section, pr.i, "%s: ingredients[%d] names no ingredient; line skipped (kept in the recipe's extra)", name, j)
			pr.skip("ingredients", j, raw)
			continue
		}
		qty, ok, err := lr.qty("quantity", "amount")
		if err != nil || !ok || !qty.IsPositive() {
			l.rep.warn(section, pr.i, "%s: ingredients[%d] (%s): quantity must be greater than zero; line skipped (kept in the recipe's extra)", name, j, ing.slug)
			pr.skip("ingredients", j, raw)
			continue
		}
		unit := ""
		if u := lr.text("unit"); u != nil {
			unit = l.unitCode(section, pr.i, lineName, "unit", *u)
		} else {
			l.rep.warn(section, pr.i, "%s: ingredients[%d] (%s) has no unit; kept without one, for review", name, j, ing.slug)
			pr.row.NeedsReview = true
		}
		notes := lr.text("notes")
		if notes != nil && utf8.RuneCountInString(*notes) > 500 {
			l.rep.warn(section, pr.i, "%s: ingredients[%d] notes longer than 500 characters; shortened, the full text kept in the line's extra", name, j)
			notes = ptr(truncate(*notes, 500))
			lr.keepInExtra("notes")
		}
		lr.ignore("id", "ingredient_id")
		l.p.lines = append(l.p.lines, lineRow{ID: uuid.New(), RecipeID: pr.row.ID, Position: j, IngredientID: ing.id,
			Quantity: qty, Unit: unit, Notes: notes, Extra: lr.extra()})
	}
}

// recipeComponents resolves nested recipes: slug, then previous_slug, then
// name. Self-references, duplicates and cycles are reported and skipped.
func (l *loader) recipeComponents(section string, pr *pendingRecipe) {
	x := &l.idx
	name := recordName(section, pr.i, pr.label)
	// Positions are unique: ranked by sort_order, then file index, so
	// equal sort_orders export in the file's order (not at random).
	start := len(l.p.components)
	type rank struct{ order, index int }
	var ranks []rank
	defer func() {
		rows := l.p.components[start:]
		idx := make([]int, len(rows))
		for k := range idx {
			idx[k] = k
		}
		sort.SliceStable(idx, func(a, b int) bool {
			ra, rb := ranks[idx[a]], ranks[idx[b]]
			return ra.order < rb.order || ra.order == rb.order && ra.index < rb.index
		})
		for pos, k := range idx {
			rows[k].Position = pos
		}
	}()
	for j, raw := range pr.components {
		c, err := parseRecord(raw)
		if err != nil {
			l.rep.warn(section, pr.i, "%s: components[%d]: %v; skipped", name, j, err)
			pr.skip("components", j, raw)
			continue
		}
		var target *recipeInfo
		ref := ""
		if s := c.text("component_recipe_slug", "recipe_slug", "slug"); s != nil {
			ref = *s
			target = x.recipeBySlug[*s]
			if target == nil {
				target = x.recipeByPrev[*s]
			}
		}
		if n := c.text("recipe_name", "component_recipe_name", "name"); target == nil && n != nil {
			ref = *n
			switch same := x.recipeByName[tools.NameKey(*n)]; len(same) {
			case 1:
				target = same[0]
			case 0:
			default:
				l.rep.warn(section, pr.i, "%s: components[%d]: %d recipes are named %q; skipped, choose one by slug", name, j, len(same), *n)
				pr.skip("components", j, raw)
				continue
			}
		}
		if target == nil {
			l.rep.warn(section, pr.i, "%s: components[%d]: recipe %q not found; skipped", name, j, ref)
			pr.skip("components", j, raw)
			continue
		}
		pair := [2]uuid.UUID{pr.info.id, target.id}
		switch {
		case target.id == pr.info.id:
			l.rep.warn(section, pr.i, "%s: components[%d] is the recipe itself; skipped", name, j)
			pr.skip("components", j, raw)
			continue
		case x.componentPairs[pair]:
			l.rep.warn(section, pr.i, "%s: components[%d]: %q is already a component; skipped", name, j, target.slug)
			pr.skip("components", j, raw)
			continue
		case l.reaches(target.id, pr.info.id):
			l.rep.warn(section, pr.i, "%s: components[%d]: %q contains this recipe (a cycle); skipped", name, j, target.slug)
			pr.skip("components", j, raw)
			continue
		}
		qty, ok, err := c.qty("quantity", "batches")
		if err != nil || (ok && !qty.IsPositive()) {
			l.rep.warn(section, pr.i, "%s: components[%d]: quantity must be greater than zero; 1 used", name, j)
			ok = false
		}
		if !ok {
			qty = decimal.NewFromInt(1)
		}
		pos := j
		if so, ok, err := c.integer("sort_order", "position"); ok && err == nil && so >= 0 {
			pos = int(so)
		}
		ranks = append(ranks, rank{pos, j})
		x.componentPairs[pair] = true
		x.componentEdges[pr.info.id] = append(x.componentEdges[pr.info.id], target.id)
		l.p.components = append(l.p.components, componentRow{ID: uuid.New(), RecipeID: pr.info.id, ComponentRecipeID: target.id,
			Position: pos, Quantity: qty, Notes: c.text("notes")})
	}
}

// reaches reports whether recipe from contains to through components.
func (l *loader) reaches(from, to uuid.UUID) bool {
	seen := map[uuid.UUID]bool{}
	stack := []uuid.UUID{from}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == to {
			return true
		}
		if seen[n] {
			continue
		}
		seen[n] = true
		stack = append(stack, l.idx.componentEdges[n]...)
	}
	return false
}

// finishedUnits loads the top-level finished units (the *_transformed
// files): the recipe is found by recipe_slug, else by recipe_name.
func (l *loader) finishedUnits(section string, items []json.RawMessage) error {
	if err := l.loadRecipes(); err != nil {
		return err
	}
	if err := l.loadUnits(); err != nil {
		return err
	}
	x := &l.idx
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("slug", "display_name")
		var recipe *recipeInfo
		if s := r.text("recipe_slug"); s != nil {
			recipe = x.recipeBySlug[*s]
			if recipe == nil {
				recipe = x.recipeByPrev[*s]
			}
		}
		if n := r.text("recipe_name"); recipe == nil && n != nil {
			same := x.recipeByName[tools.NameKey(*n)]
			if len(same) > 1 {
				return l.reject(section, i, label, "%d recipes are named %q; give recipe_slug", len(same), *n)
			}
			if len(same) == 1 {
				recipe = same[0]
			}
		}
		if recipe == nil {
			return l.reject(section, i, label, "recipe %q not found", deref(r.text("recipe_slug", "recipe_name")))
		}
		return l.finishedUnit(section, i, recordName(section, i, label), r, recipe), nil
	})
}

// finishedUnit matches (by slug) or creates one finished unit. A yield_mode
// the model does not know is kept in yield_mode_raw with a NULL yield_mode
// (H2). Nested units carry unit_yield_quantity/unit_yield_unit, which are
// items per batch for discrete units and the batch percentage for portions.
func (l *loader) finishedUnit(section string, i int, name string, r *record, recipe *recipeInfo) outcome {
	x := &l.idx
	display := r.text("display_name", "name")
	slug := r.text("slug")
	if display == nil && slug == nil {
		l.rep.warn(section, i, "%s: neither slug nor name; rejected", name)
		return rejected
	}
	if display == nil {
		display = ptr(humanize(*slug))
	}
	if tooLong(slug, tools.MaxNameLength) {
		l.rep.warn(section, i, "%s: slug longer than 200 characters; rejected", name)
		return rejected
	}
	if slug != nil {
		if id, ok := x.unitBySlug[*slug]; ok {
			if first, dup := l.runCreated[id]; dup {
				// A second unit with this slug in the same file: kept
				// verbatim, never merged into the unit this run created.
				raw, _ := json.Marshal(r.fields)
				l.rep.warn(section, i, "%s: has the same slug as a finished unit of %s[%d] of this file; kept verbatim in the archive, not merged",
					name, first.section, first.index)
				arch, ord := "finished_units", i
				if section != "finished_units" {
					arch, ord = section+".finished_units", l.nextOrdinal(section+".finished_units")
				}
				l.p.archive = append(l.p.archive, archiveRow{Section: arch, Ordinal: ord, Payload: compactJSON(raw)})
				return archived
			}
			return matched
		}
	} else {
		s := uniqueSlug(tools.FinishedUnitSlug(recipe.slug, *display), '-', func(s string) bool { _, ok := x.unitBySlug[s]; return ok })
		slug = &s
		l.rep.warn(section, i, "%s: no slug; generated %q", name, s)
	}
	row := finishedUnitRow{
		ID: uuid.New(), RecipeID: recipe.id, Slug: *slug, DisplayName: truncate(*display, tools.MaxNameLength),
		ItemUnit: r.text("item_unit", "unit_yield_unit"), PortionDescription: r.text("portion_description"),
		YieldType: r.text("yield_type"), Category: r.text("category"), Description: r.text("description"),
		ProductionNotes: r.text("production_notes"), Notes: r.text("notes"), ImportID: l.imp(),
	}
	if tools.NameTooLong(*display) {
		k := r.keyOf("display_name", "name")
		r.keepInExtra(k)
		l.rep.warn(section, i, "%s: %s longer than 200 characters; shortened, the full text kept in extra", name, k)
	}
	mode := r.text("yield_mode")
	if mode != nil {
		switch m := strings.ToLower(*mode); m {
		case "discrete_count", "batch_portion":
			row.YieldMode = &m
		default:
			row.YieldModeRaw = mode
			l.rep.warn(section, i, "%s: yield_mode %q is not discrete_count or batch_portion; stored with yield_mode unset and %q kept as yield_mode_as_written, for review", name, *mode, *mode)
		}
	}
	per, hasPer, perErr := r.qty("items_per_batch")
	unitQty, hasUnitQty, uqErr := r.qty("unit_yield_quantity")
	pct, hasPct, pctErr := r.qty("batch_percentage")
	if hasUnitQty && uqErr == nil {
		if row.YieldMode != nil && *row.YieldMode == "batch_portion" && !hasPct {
			pct, hasPct = unitQty, true
		} else if !hasPer {
			per, hasPer = unitQty, true
		}
	}
	switch {
	case perErr != nil || uqErr != nil || hasPer && !per.IsPositive():
		l.rep.warn(section, i, "%s: items per batch must be a number greater than zero; left unknown", name)
	case hasPer:
		row.ItemsPerBatch = decimal.NullDecimal{Decimal: per, Valid: true}
	}
	switch {
	case pctErr != nil || hasPct && (!pct.IsPositive() || pct.GreaterThan(decimal.NewFromInt(100))):
		l.rep.warn(section, i, "%s: batch_percentage must be above 0 and at most 100; left unknown", name)
	case hasPct:
		row.BatchPercentage = decimal.NullDecimal{Decimal: pct, Valid: true}
	}
	if n, ok, err := r.integer("inventory_count"); ok && err == nil && n >= 0 {
		row.InventoryCount = n
	}
	r.ignore("id", "created_at", "updated_at", "recipe_slug", "recipe_name")
	row.Extra = r.extra()
	x.unitBySlug[row.Slug] = row.ID
	l.createdHere(row.ID, section, i)
	l.p.units = append(l.p.units, row)
	return created
}
