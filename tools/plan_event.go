package tools

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools/batchplan"
	"github.com/baketracker/baketracker/units"
)

// plan_event turns an event into batches (docs/planning.md). Bulk mode:
// every planned recipe makes guests × servings_per_guest items. Bundled
// mode: each finished good is needed max(assembly target, what the
// recipient packages hold), exploded through the bills of materials to
// finished units, summed per recipe. Per recipe batchplan.Choose picks the
// yield and batches; a production target is a floor; amendments override.

// Plan modes.
const (
	modeBulk    = "bulk_count"
	modeBundled = "bundled"
)

// Plan recipe statuses.
const (
	planOK      = "ok"
	planNoYield = "no_yield"
	planAmended = "amended"
)

// PlanAmendInput sets a recipe's batches by hand.
type PlanAmendInput struct {
	Recipe  string          `json:"recipe" jsonschema:"the recipe's id, slug or name"`
	Batches decimal.Decimal `json:"batches" jsonschema:"batches to bake instead of the computed ones (0 or more)"`
}

// PlanEventInput is plan_event's arguments.
type PlanEventInput struct {
	EventID          string              `json:"event_id" jsonschema:"the event's id, slug or name"`
	Mode             string              `json:"mode,omitempty" jsonschema:"bulk_count (guests × servings) or bundled (recipient packages and assembly targets); default the event's output mode"`
	ServingsPerGuest *decimal.Decimal    `json:"servings_per_guest,omitempty" jsonschema:"bulk mode: items of each planned recipe per guest (default 1)"`
	RecipeServings   []PlanServingsInput `json:"recipe_servings,omitempty" jsonschema:"bulk mode: servings per guest of single recipes, kept on the event's recipe (the others use servings_per_guest)"`
	IgnoreStock      bool                `json:"ignore_stock,omitempty" jsonschema:"plan as if no finished items were on hand (by default stock on hand is subtracted from what is needed)"`
	Amend            []PlanAmendInput    `json:"amend,omitempty" jsonschema:"batches set by hand for some recipes; kept as amended decisions"`
	DryRun           bool                `json:"dry_run,omitempty" jsonschema:"work the plan out without storing it"`
	IdempotencyKey   string              `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying"`
}

// PlanRecipeOut is one recipe's decision.
type PlanRecipeOut struct {
	RecipeID      string           `json:"recipe_id"`
	RecipeName    string           `json:"recipe_name"`
	RecipeSlug    string           `json:"recipe_slug"`
	NeededItems   decimal.Decimal  `json:"needed_items"`
	OnHandItems   decimal.Decimal  `json:"on_hand_items"`
	ToBakeItems   decimal.Decimal  `json:"to_bake_items"`
	YieldID       string           `json:"finished_unit_id"`
	YieldName     string           `json:"finished_unit_name"`
	ItemsPerBatch *decimal.Decimal `json:"items_per_batch"`
	Batches       decimal.Decimal  `json:"batches"`
	Produced      decimal.Decimal  `json:"produced_items"`
	Leftover      decimal.Decimal  `json:"leftover_items"`
	Status        string           `json:"status"`
	Message       string           `json:"message"`
}

// PlanComponentOut is a nested component recipe and the batches the plan
// takes of it (parent batches × the component's multiplier, summed).
type PlanComponentOut struct {
	RecipeID   string          `json:"recipe_id"`
	RecipeName string          `json:"recipe_name"`
	Batches    decimal.Decimal `json:"batches"`
}

// PlanMaterialOut is packaging the plan needs.
type PlanMaterialOut struct {
	MaterialID string          `json:"material_id"`
	Name       string          `json:"name"`
	Unit       string          `json:"unit"`
	Needed     decimal.Decimal `json:"needed"`
	OnHand     decimal.Decimal `json:"on_hand"`
	ToBuy      decimal.Decimal `json:"to_buy"`
}

// PlanEventOutput is plan_event's result.
type PlanEventOutput struct {
	EventID    string             `json:"event_id"`
	EventName  string             `json:"event_name"`
	Mode       string             `json:"mode"`
	Stored     bool               `json:"stored"`
	Recipes    []PlanRecipeOut    `json:"recipes"`
	Components []PlanComponentOut `json:"components"`
	Materials  []PlanMaterialOut  `json:"materials"`
	Shopping   ShoppingListOutput `json:"shopping"`
	Message    string             `json:"message"`
}

// PlanEvent works out (and, unless dry_run, stores) an event's batches.
func (t *Tools) PlanEvent(ctx context.Context, id identity.Identity, in PlanEventInput) (PlanEventOutput, error) {
	mode := strings.ToLower(strings.TrimSpace(in.Mode))
	if mode != "" && mode != modeBulk && mode != modeBundled {
		return PlanEventOutput{}, Invalid("mode", "use bulk_count or bundled (got %q)", in.Mode)
	}
	servings := decimal.NewFromInt(1)
	if in.ServingsPerGuest != nil {
		if !in.ServingsPerGuest.IsPositive() || in.ServingsPerGuest.GreaterThan(maxBatches) {
			return PlanEventOutput{}, Invalid("servings_per_guest", "must be more than 0 and at most %s (got %s)", maxBatches, in.ServingsPerGuest)
		}
		servings = *in.ServingsPerGuest
	}
	for i, a := range in.Amend {
		if a.Batches.IsNegative() || a.Batches.GreaterThan(maxBatches) || !a.Batches.Equal(a.Batches.Round(4)) {
			return PlanEventOutput{}, Invalid(fmt.Sprintf("amend[%d].batches", i), "must be 0 to %s with up to 4 decimal places (got %s)", maxBatches, a.Batches)
		}
	}
	opts := planOptions{Mode: mode, Servings: servings, Amend: in.Amend, IgnoreStock: in.IgnoreStock}
	var out PlanEventOutput
	if in.DryRun {
		err := t.snapshot(ctx, id, func(q *queries.Queries) error {
			ev, err := resolveEvent(ctx, q, id.TenantID, in.EventID, false)
			if err != nil {
				return err
			}
			if opts.PerRecipe, err = resolveServings(ctx, q, id.TenantID, ev, in.RecipeServings); err != nil {
				return err
			}
			out, _, err = computePlan(ctx, q, id.TenantID, ev, opts)
			return err
		})
		return out, err
	}
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "plan_event", in, func() (PlanEventOutput, error) {
			ev, err := resolveEvent(ctx, q, id.TenantID, in.EventID, true)
			if err != nil {
				return PlanEventOutput{}, err
			}
			if err := requireDraft(ev); err != nil {
				return PlanEventOutput{}, Unprocessable("event_id", "event %q is %s; a plan is stored only while draft (use dry_run to look)", ev.Name, ev.PlanState)
			}
			if opts.PerRecipe, err = resolveServings(ctx, q, id.TenantID, ev, in.RecipeServings); err != nil {
				return PlanEventOutput{}, err
			}
			if err := storeServings(ctx, q, id.TenantID, ev.ID, opts.PerRecipe); err != nil {
				return PlanEventOutput{}, err
			}
			out, ds, err := computePlan(ctx, q, id.TenantID, ev, opts)
			if err != nil {
				return PlanEventOutput{}, err
			}
			if err := storePlan(ctx, q, id.TenantID, ev.ID, ds); err != nil {
				return PlanEventOutput{}, err
			}
			out.Stored = true
			return out, nil
		})
		return err
	})
	return out, err
}

// decision is one recipe's stored choice.
type decision struct {
	RecipeID uuid.UUID
	YieldID  *uuid.UUID
	Needed   decimal.Decimal
	PerBatch decimal.NullDecimal
	Batches  decimal.Decimal
	Leftover decimal.Decimal
	Amended  bool
}

// storePlan replaces the event's batch decisions and sets the event's
// planned recipes to them, so shopping_list and event_progress agree with
// the plan.
func storePlan(ctx context.Context, q *queries.Queries, tenant, event uuid.UUID, ds []decision) error {
	if err := q.BatchDecisionsClear(ctx, queries.BatchDecisionsClearParams{TenantID: tenant, EventID: event}); err != nil {
		return fmt.Errorf("clear decisions: %w", err)
	}
	for _, d := range ds {
		if err := q.BatchDecisionCreate(ctx, queries.BatchDecisionCreateParams{TenantID: tenant, EventID: event, RecipeID: d.RecipeID,
			FinishedUnitID: d.YieldID, NeededItems: d.Needed, ItemsPerBatch: d.PerBatch, Batches: d.Batches, LeftoverItems: d.Leftover, Amended: d.Amended}); err != nil {
			return fmt.Errorf("store decision: %w", err)
		}
		if d.Batches.IsPositive() {
			if _, err := q.EventRecipeUpsert(ctx, queries.EventRecipeUpsertParams{TenantID: tenant, EventID: event, RecipeID: d.RecipeID, Batches: d.Batches}); err != nil {
				return fmt.Errorf("plan event recipe: %w", err)
			}
		}
	}
	return nil
}

// recipeNeed is the items a plan needs of one recipe.
type recipeNeed struct {
	ID         uuid.UUID
	Name, Slug string
	Items      decimal.Decimal
	// Fallback is the batches already planned, for a recipe without yields.
	Fallback decimal.Decimal
}

func computePlan(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ev queries.Event, opts planOptions) (PlanEventOutput, []decision, error) {
	mode, amend := opts.Mode, opts.Amend
	if mode == "" {
		mode = textOf(ev.OutputMode)
	}
	if mode == "" {
		mode = modeBulk
	}
	out := PlanEventOutput{EventID: ev.ID.String(), EventName: ev.Name, Mode: mode, Recipes: []PlanRecipeOut{}, Components: []PlanComponentOut{}, Materials: []PlanMaterialOut{}}
	var needs []recipeNeed
	var err error
	materials := map[string]decimal.Decimal{}
	if mode == modeBulk {
		needs, err = bulkNeeds(ctx, q, tenant, ev, opts.Servings, opts.PerRecipe)
	} else {
		needs, materials, err = bundledNeeds(ctx, q, tenant, ev)
	}
	if err != nil {
		return out, nil, err
	}
	amended := map[uuid.UUID]decimal.Decimal{}
	for i, a := range amend {
		r, err := resolveRecipe(ctx, q, tenant, fmt.Sprintf("amend[%d].recipe", i), a.Recipe)
		if err != nil {
			return out, nil, err
		}
		amended[r.ID] = a.Batches
		if !hasRecipe(needs, r.ID) {
			needs = append(needs, recipeNeed{ID: r.ID, Name: r.Name, Slug: r.Slug, Items: decimal.Zero})
		}
	}
	ids := make([]uuid.UUID, len(needs))
	for i, n := range needs {
		ids[i] = n.ID
	}
	yieldRows, err := q.FinishedUnitsOfRecipes(ctx, queries.FinishedUnitsOfRecipesParams{TenantID: tenant, RecipeIds: ids})
	if err != nil {
		return out, nil, fmt.Errorf("plan yields: %w", err)
	}
	targets, err := q.ProductionTargetsOfEvent(ctx, queries.ProductionTargetsOfEventParams{TenantID: tenant, EventID: ev.ID})
	if err != nil {
		return out, nil, fmt.Errorf("plan targets: %w", err)
	}
	floor := map[uuid.UUID]decimal.Decimal{}
	for _, t := range targets {
		floor[t.RecipeID] = t.TargetBatches
	}
	yields := map[uuid.UUID][]batchplan.Yield{}
	names := map[string]string{}
	onHand := map[uuid.UUID]decimal.Decimal{}
	for _, y := range yieldRows {
		if !opts.IgnoreStock {
			onHand[y.RecipeID] = onHand[y.RecipeID].Add(decimal.NewFromInt32(y.InventoryCount))
		}
		if per, ok := itemsPerBatch(y.YieldMode, y.ItemsPerBatch, y.BatchPercentage); ok {
			yields[y.RecipeID] = append(yields[y.RecipeID], batchplan.Yield{ID: y.ID.String(), ItemsPerBatch: per})
			names[y.ID.String()] = y.DisplayName
		}
	}
	var ds []decision
	var planned []plannedBatches
	for _, n := range needs {
		r, d := decide(n, onHand[n.ID], yields[n.ID], names, floor, amended)
		out.Recipes = append(out.Recipes, r)
		ds = append(ds, d)
		if d.Batches.IsPositive() {
			planned = append(planned, plannedBatches{RecipeID: n.ID, Batches: d.Batches})
		}
	}
	if out.Components, err = componentBatches(ctx, q, tenant, planned); err != nil {
		return out, nil, err
	}
	if out.Materials, err = planMaterials(ctx, q, tenant, materials); err != nil {
		return out, nil, err
	}
	if out.Shopping, err = shoppingFor(ctx, q, tenant, ev, planned); err != nil {
		return out, nil, err
	}
	total := decimal.Zero
	for _, d := range ds {
		total = total.Add(d.Batches)
	}
	out.Message = fmt.Sprintf("%s plan for %q: %s across %d %s; %s", mode, ev.Name, quantityOf(total, "batch", "batches"),
		len(out.Recipes), plural(len(out.Recipes), "recipe", "recipes"), out.Shopping.Message)
	return out, ds, nil
}

func hasRecipe(needs []recipeNeed, id uuid.UUID) bool {
	for _, n := range needs {
		if n.ID == id {
			return true
		}
	}
	return false
}

// decide is one recipe's choice: the yield and batches Choose picks, raised
// to a production target, or the amended batches.
func decide(n recipeNeed, onHand decimal.Decimal, ys []batchplan.Yield, names map[string]string, floor, amended map[uuid.UUID]decimal.Decimal) (PlanRecipeOut, decision) {
	// Items on hand (the recipe's finished units' stock) count towards the
	// need; only the rest is baked. Stock is not reserved per event.
	toBake := decimal.Max(decimal.Zero, n.Items.Sub(onHand))
	r := PlanRecipeOut{RecipeID: n.ID.String(), RecipeName: n.Name, RecipeSlug: n.Slug, NeededItems: units.Round(n.Items),
		OnHandItems: units.Round(onHand), ToBakeItems: units.Round(toBake), Produced: decimal.Zero, Leftover: decimal.Zero, Status: planOK}
	d := decision{RecipeID: n.ID, Needed: units.Round(toBake), Leftover: decimal.Zero}
	c, ok := batchplan.Choose(toBake, ys)
	if ok {
		u := uuid.MustParse(c.Yield.ID)
		per := c.Yield.ItemsPerBatch
		r.YieldID, r.YieldName, r.ItemsPerBatch = c.Yield.ID, names[c.Yield.ID], &per
		d.YieldID, d.PerBatch = &u, decimal.NewNullDecimal(per)
		d.Batches = decimal.NewFromInt(c.Batches)
		switch {
		case onHand.IsPositive() && c.Batches == 0:
			r.Message = fmt.Sprintf("%s needed, %s on hand: nothing to bake", units.Round(n.Items), units.Round(onHand))
		case onHand.IsPositive():
			r.Message = fmt.Sprintf("%s × %s %s per batch makes %s: %s needed, %s on hand, %s to bake", d.Batches, per, names[c.Yield.ID],
				c.Produced, units.Round(n.Items), units.Round(onHand), units.Round(toBake))
		default:
			r.Message = fmt.Sprintf("%s × %s %s per batch makes %s for %s needed", d.Batches, per, names[c.Yield.ID], c.Produced, units.Round(n.Items))
		}
	} else {
		r.Status, d.Batches = planNoYield, n.Fallback
		r.Message = fmt.Sprintf("%s has no yield (finished unit with items per batch), so batches stay as planned (%s); add a yield to plan it", n.Name, n.Fallback)
	}
	if f, ok := floor[n.ID]; ok && f.GreaterThan(d.Batches) {
		d.Batches = f
		r.Message += fmt.Sprintf("; raised to the production target of %s", f)
	}
	if a, ok := amended[n.ID]; ok {
		d.Batches, d.Amended, r.Status = a, true, planAmended
		r.Message += fmt.Sprintf("; amended to %s by hand", a)
	}
	r.Batches = d.Batches
	if d.PerBatch.Valid {
		r.Produced = units.Round(d.Batches.Mul(d.PerBatch.Decimal))
		r.Leftover = decimal.Max(decimal.Zero, r.Produced.Sub(r.ToBakeItems))
		d.Leftover = r.Leftover
	}
	return r, d
}

// bulkNeeds: each planned recipe makes guests × servings items.
func bulkNeeds(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ev queries.Event, servings decimal.Decimal, perRecipe map[uuid.UUID]decimal.Decimal) ([]recipeNeed, error) {
	if ev.ExpectedAttendees == nil {
		return nil, Unprocessable("event_id", "event %q has no guest count; set guest_count with update_event, or plan it bundled", ev.Name)
	}
	recipes, err := q.EventRecipeList(ctx, queries.EventRecipeListParams{TenantID: tenant, EventID: ev.ID})
	if err != nil {
		return nil, fmt.Errorf("plan recipes: %w", err)
	}
	guests := decimal.NewFromInt32(*ev.ExpectedAttendees)
	out := make([]recipeNeed, 0, len(recipes))
	for _, r := range recipes {
		// The recipe's own servings: given now, else kept on the event's recipe, else the plan's.
		s := servings
		if r.ServingsPerGuest.Valid {
			s = r.ServingsPerGuest.Decimal
		}
		if own, ok := perRecipe[r.RecipeID]; ok {
			s = own
		}
		out = append(out, recipeNeed{ID: r.RecipeID, Name: r.Name, Slug: r.Slug, Items: guests.Mul(s), Fallback: r.Batches})
	}
	return out, nil
}

// bundledNeeds explodes the event's goods to items per recipe and
// materials.
func bundledNeeds(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ev queries.Event) ([]recipeNeed, map[string]decimal.Decimal, error) {
	demand, materials, err := eventGoodsDemand(ctx, q, tenant, ev.ID)
	if err != nil {
		return nil, nil, err
	}
	boms, err := loadBOMs(ctx, q, tenant)
	if err != nil {
		return nil, nil, err
	}
	need, err := batchplan.Explode(boms, demand)
	if err != nil {
		return nil, nil, Unprocessable("event_id", "the event's goods cannot be planned: %v", err)
	}
	for m, qty := range materials {
		need.Materials[m] = need.Materials[m].Add(qty)
	}
	fus, err := q.FinishedUnitsByIDs(ctx, queries.FinishedUnitsByIDsParams{TenantID: tenant, Ids: idsOf(need.Units)})
	if err != nil {
		return nil, nil, fmt.Errorf("plan units: %w", err)
	}
	byRecipe := map[uuid.UUID]*recipeNeed{}
	var order []uuid.UUID
	for _, fu := range fus {
		n, ok := byRecipe[fu.RecipeID]
		if !ok {
			n = &recipeNeed{ID: fu.RecipeID, Name: fu.RecipeName, Slug: fu.RecipeSlug, Items: decimal.Zero, Fallback: decimal.Zero}
			byRecipe[fu.RecipeID] = n
			order = append(order, fu.RecipeID)
		}
		n.Items = n.Items.Add(need.Units[fu.ID.String()])
	}
	out := make([]recipeNeed, 0, len(order))
	for _, id := range order {
		out = append(out, *byRecipe[id])
	}
	sort.SliceStable(out, func(i, j int) bool { return NameKey(out[i].Name) < NameKey(out[j].Name) })
	return out, need.Materials, nil
}

// eventGoodsDemand is how many of each finished good an event needs: what
// the recipient packages hold, and for a good with an assembly target above
// what the packages already take of it (nested goods counted), the
// difference on top — a target is "at least this many", not more of the
// same. It also returns the packaging the packages themselves take.
func eventGoodsDemand(ctx context.Context, q *queries.Queries, tenant, event uuid.UUID) (map[string]decimal.Decimal, map[string]decimal.Decimal, error) {
	erps, err := q.RecipientPackagesOfEvent(ctx, queries.RecipientPackagesOfEventParams{TenantID: tenant, EventID: event})
	if err != nil {
		return nil, nil, fmt.Errorf("recipient packages: %w", err)
	}
	var pkgIDs []uuid.UUID
	for _, e := range erps {
		pkgIDs = append(pkgIDs, e.PackageID)
	}
	contents, err := packageContents(ctx, q, tenant, pkgIDs)
	if err != nil {
		return nil, nil, err
	}
	demand := map[string]decimal.Decimal{}
	materials := map[string]decimal.Decimal{}
	for _, e := range erps {
		n := decimal.NewFromInt32(e.Quantity)
		for _, c := range contents[e.PackageID] {
			l := contentLine(c)
			if l.Kind == batchplan.KindGood {
				demand[l.ID] = demand[l.ID].Add(n.Mul(l.Quantity))
			} else {
				materials[l.ID] = materials[l.ID].Add(n.Mul(l.Quantity))
			}
		}
	}
	targets, err := q.AssemblyTargetsOfEvent(ctx, queries.AssemblyTargetsOfEventParams{TenantID: tenant, EventID: event})
	if err != nil {
		return nil, nil, fmt.Errorf("assembly targets: %w", err)
	}
	if len(targets) == 0 {
		return demand, materials, nil
	}
	boms, err := loadBOMs(ctx, q, tenant)
	if err != nil {
		return nil, nil, err
	}
	inPackages, err := batchplan.Explode(boms, demand)
	if err != nil {
		return nil, nil, Unprocessable("event_id", "the event's goods cannot be planned: %v", err)
	}
	for _, t := range targets {
		k := t.FinishedGoodID.String()
		if extra := decimal.NewFromInt32(t.TargetQuantity).Sub(inPackages.Goods[k]); extra.IsPositive() {
			demand[k] = demand[k].Add(extra)
		}
	}
	return demand, materials, nil
}

// componentBatches sums the batches of nested component recipes the plan
// takes: parent batches × multiplier, through every level.
func componentBatches(ctx context.Context, q *queries.Queries, tenant uuid.UUID, planned []plannedBatches) ([]PlanComponentOut, error) {
	rows, err := q.RecipeComponentQuantities(ctx, queries.RecipeComponentQuantitiesParams{TenantID: tenant})
	if err != nil {
		return nil, fmt.Errorf("plan components: %w", err)
	}
	children := map[uuid.UUID][]queries.RecipeComponentQuantitiesRow{}
	for _, r := range rows {
		children[r.RecipeID] = append(children[r.RecipeID], r)
	}
	sum := map[uuid.UUID]decimal.Decimal{}
	name := map[uuid.UUID]string{}
	var order []uuid.UUID
	var walk func(id uuid.UUID, batches decimal.Decimal, depth int)
	walk = func(id uuid.UUID, batches decimal.Decimal, depth int) {
		if depth > maxExpandLevels {
			return // a cycle or an over-deep import; expandRecipe bounds it the same way
		}
		for _, c := range children[id] {
			b := batches.Mul(c.Quantity)
			if _, ok := sum[c.ComponentRecipeID]; !ok {
				order = append(order, c.ComponentRecipeID)
			}
			sum[c.ComponentRecipeID] = sum[c.ComponentRecipeID].Add(b)
			name[c.ComponentRecipeID] = c.Name
			walk(c.ComponentRecipeID, b, depth+1)
		}
	}
	for _, p := range planned {
		walk(p.RecipeID, p.Batches, 1)
	}
	out := make([]PlanComponentOut, 0, len(order))
	for _, id := range order {
		out = append(out, PlanComponentOut{RecipeID: id.String(), RecipeName: name[id], Batches: units.Round(sum[id])})
	}
	return out, nil
}

// planMaterials sets the packaging needed against the material lots.
func planMaterials(ctx context.Context, q *queries.Queries, tenant uuid.UUID, need map[string]decimal.Decimal) ([]PlanMaterialOut, error) {
	out := []PlanMaterialOut{}
	if len(need) == 0 {
		return out, nil
	}
	rows, err := q.MaterialList(ctx, queries.MaterialListParams{TenantID: tenant})
	if err != nil {
		return nil, fmt.Errorf("plan materials: %w", err)
	}
	for _, r := range rows {
		n, ok := need[r.ID.String()]
		if !ok {
			continue
		}
		m := materialOut(queries.MaterialResolveRow(r))
		out = append(out, PlanMaterialOut{MaterialID: m.ID, Name: m.Name, Unit: m.Unit, Needed: units.Round(n), OnHand: m.OnHand,
			ToBuy: units.Round(decimal.Max(decimal.Zero, n.Sub(m.OnHand)))})
	}
	return out, nil
}
