package importer

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
)

// Desktop production and assembly runs (docs/planning.md "Import and
// export"). The file says what was baked or assembled and what it cost, not
// which lots it drew on, so a run becomes a row marked imported with no
// consumption rows, its costs as the file gives them (cost_complete false
// when it gives none) and its recipe snapshot kept. The yield is NOT added
// to stock again: the desktop added it to inventory_count when the run was
// recorded, and the file's inventory_count is the stock after every run and
// assembly. For the same reason an imported run leaves nothing for
// assembly to draw by run (remaining_items 0): the stock it made, if any is
// left, is in the counts at unknown cost.

// archiveUnreadable keeps a run the cloud cannot model as it is.
func (l *loader) archiveUnreadable(section string, i int, label string, r *record, why string) (outcome, error) {
	l.rep.warn(section, i, "%s: %s; archived as it is", recordName(section, i, label), why)
	raw, _ := json.Marshal(r.fields)
	return l.archiveRecord(section, i, raw)
}

// runAt reads a run's timestamp, to the microsecond PostgreSQL keeps.
func runAt(r *record, keys ...string) (time.Time, bool) {
	s, ok := r.str(keys...)
	if !ok {
		return time.Time{}, false
	}
	t, err := parseTimestamp(s)
	if err != nil {
		k, _, _ := r.get(keys...)
		r.unread(k)
		return time.Time{}, false
	}
	return t.UTC().Truncate(time.Microsecond), true
}

func productionRunKey(recipe, unit uuid.UUID, at time.Time, batches decimal.Decimal, actual int64) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%d", recipe, unit, at.UTC().Format(time.RFC3339Nano), batches.String(), actual)
}

// runCosts reads a run's total and per-item cost; with no total the cost is
// unknown (0, cost_complete false), never invented.
func runCosts(r *record, totalKey string) (decimal.Decimal, bool, decimal.NullDecimal) {
	total, complete := decimal.Zero, false
	if c, ok, err := r.dec(totalKey); err == nil && ok && !c.IsNegative() {
		total, complete = c, true
	}
	var per decimal.NullDecimal
	if c, ok, err := r.dec("per_unit_cost"); err == nil && ok && !c.IsNegative() {
		per = decimal.NewNullDecimal(c)
	}
	return total, complete, per
}

// unitItems is what one batch of a finished unit yields, in items.
func unitItems(u queries.FinishedUnit) (decimal.Decimal, bool) {
	if u.ItemsPerBatch.Valid && u.ItemsPerBatch.Decimal.IsPositive() {
		return u.ItemsPerBatch.Decimal, true
	}
	if u.BatchPercentage.Valid && u.BatchPercentage.Decimal.IsPositive() {
		return decimal.NewFromInt(100).DivRound(u.BatchPercentage.Decimal, 4), true
	}
	return decimal.Zero, false
}

func (l *loader) productionRuns(section string, items []json.RawMessage) error {
	if err := l.loadRecipes(); err != nil {
		return err
	}
	if err := l.loadEvents(); err != nil {
		return err
	}
	x := &l.idx
	units, err := l.q.FinishedUnitImportList(l.ctx, queries.FinishedUnitImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read finished units: %w", err)
	}
	unitBySlug, unitsOf := map[string]queries.FinishedUnit{}, map[uuid.UUID][]queries.FinishedUnit{}
	for _, u := range units {
		unitBySlug[u.Slug] = u
		unitsOf[u.RecipeID] = append(unitsOf[u.RecipeID], u)
	}
	existing := queue{}
	rows, err := l.q.ProductionRunImportList(l.ctx, queries.ProductionRunImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read production runs: %w", err)
	}
	for _, p := range rows {
		existing.add(productionRunKey(p.RecipeID, p.FinishedUnitID, p.ProducedAt, p.NumBatches, int64(p.ActualYield)), p.ID)
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("recipe_slug", "recipe_name", "finished_unit_slug")
		var recipe *recipeInfo
		if s := r.text("recipe_slug"); s != nil {
			recipe = x.recipeBySlug[*s]
		} else if n := r.text("recipe_name", "recipe"); n != nil {
			if same := x.recipeByName[tools.NameKey(*n)]; len(same) == 1 {
				recipe = same[0]
			}
		}
		// The finished unit by slug, else the recipe's only one.
		var unit *queries.FinishedUnit
		if s := r.text("finished_unit_slug"); s != nil {
			if u, ok := unitBySlug[*s]; ok {
				unit = &u
			}
		} else if recipe != nil && len(unitsOf[recipe.id]) == 1 {
			unit = &unitsOf[recipe.id][0]
		}
		if recipe == nil || unit == nil || unit.RecipeID != recipe.id {
			return l.archiveUnresolved(section, i, label, r, "recipe or its finished unit")
		}
		var event *uuid.UUID
		if r.has("event_slug", "event_name") {
			ev := l.eventRef(r)
			if ev == nil {
				return l.archiveUnresolved(section, i, label, r, "event")
			}
			event = &ev.id
		}
		batches, ok, err := r.qty("num_batches", "batches")
		if err != nil || !ok || !batches.IsPositive() {
			return l.archiveUnreadable(section, i, label, r, "num_batches must be greater than zero")
		}
		at, ok := runAt(r, "produced_at")
		if !ok {
			return l.archiveUnreadable(section, i, label, r, "no valid produced_at")
		}
		expected, ok, err := r.qty("expected_yield")
		if err != nil || !ok || expected.IsNegative() {
			per, known := unitItems(*unit)
			if !known {
				return l.archiveUnreadable(section, i, label, r, "no expected_yield and the finished unit has no yield")
			}
			expected = batches.Mul(per)
		}
		loss, hasLoss, err := r.integer("loss_quantity")
		if err != nil || loss < 0 {
			return l.archiveUnreadable(section, i, label, r, "loss_quantity must be a whole number, zero or more")
		}
		actual, ok, err := r.integer("actual_yield")
		if err != nil || (ok && actual < 0) {
			return l.archiveUnreadable(section, i, label, r, "actual_yield must be a whole number, zero or more")
		}
		if !ok { // the desktop's rule: actual = expected − losses
			actual = max(expected.Floor().IntPart()-loss, 0)
		} else if !hasLoss {
			loss = max(expected.Floor().IntPart()-actual, 0)
		}
		status := "complete"
		switch {
		case actual == 0:
			status = "total_loss"
		case loss > 0:
			status = "partial_loss"
		}
		if s := r.text("production_status"); s != nil && (*s == "complete" || *s == "partial_loss" || *s == "total_loss") {
			status = *s
		}
		if _, ok := existing.take(productionRunKey(recipe.id, unit.ID, at, batches, actual)); ok {
			return matched, nil
		}
		total, complete, per := runCosts(r, "total_ingredient_cost")
		if !per.Valid && complete && actual > 0 { // the desktop's per-unit cost = total ÷ actual yield
			per = decimal.NewNullDecimal(total.DivRound(decimal.NewFromInt(actual), 6))
		}
		snapshot := json.RawMessage(`{}`)
		if _, v, ok := r.get("recipe_snapshot"); ok && len(v) > 0 && v[0] == '{' {
			snapshot = v
		}
		r.ignore("id", "uuid", "created_at", "updated_at", "recipe_id", "finished_unit_id", "event_id", "imported")
		l.p.productionRuns = append(l.p.productionRuns, productionRunRow{ID: uuid.New(), RecipeID: recipe.id, FinishedUnitID: unit.ID,
			EventID: event, NumBatches: batches, ExpectedYield: expected, ActualYield: actual, LossQuantity: loss,
			ProductionStatus: status, TotalIngredientCost: total, CostComplete: complete, PerUnitCost: per, RecipeSnapshot: snapshot,
			ProducedAt: at, Notes: r.text("notes"), Extra: r.extra(), ImportID: l.imp()})
		return created, nil
	})
}

func assemblyRunKey(good uuid.UUID, at time.Time, qty int64) string {
	return fmt.Sprintf("%s\x00%s\x00%d", good, at.UTC().Format(time.RFC3339Nano), qty)
}

func (l *loader) assemblyRuns(section string, items []json.RawMessage) error {
	if err := l.loadEvents(); err != nil {
		return err
	}
	refs, err := l.planRefs()
	if err != nil {
		return err
	}
	existing := queue{}
	rows, err := l.q.AssemblyRunImportList(l.ctx, queries.AssemblyRunImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read assembly runs: %w", err)
	}
	for _, a := range rows {
		existing.add(assemblyRunKey(a.FinishedGoodID, a.AssembledAt, int64(a.QuantityAssembled)), a.ID)
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("finished_good_slug", "finished_good_name")
		var good uuid.UUID
		if s := r.text("finished_good_slug"); s != nil {
			good = refs.goodBySlug[*s]
		}
		if good == uuid.Nil {
			return l.archiveUnresolved(section, i, label, r, "finished good")
		}
		var event *uuid.UUID
		if r.has("event_slug", "event_name") {
			ev := l.eventRef(r)
			if ev == nil {
				return l.archiveUnresolved(section, i, label, r, "event")
			}
			event = &ev.id
		}
		qty, ok, err := r.integer("quantity_assembled", "quantity")
		if err != nil || !ok || qty <= 0 {
			return l.archiveUnreadable(section, i, label, r, "quantity_assembled must be a whole number greater than zero")
		}
		at, ok := runAt(r, "assembled_at")
		if !ok {
			return l.archiveUnreadable(section, i, label, r, "no valid assembled_at")
		}
		if _, ok := existing.take(assemblyRunKey(good, at, qty)); ok {
			return matched, nil
		}
		total, complete, per := runCosts(r, "total_component_cost")
		if !per.Valid && complete {
			per = decimal.NewNullDecimal(total.DivRound(decimal.NewFromInt(qty), 6))
		}
		r.ignore("id", "uuid", "created_at", "updated_at", "finished_good_id", "event_id", "imported")
		l.p.assemblyRuns = append(l.p.assemblyRuns, assemblyRunRow{ID: uuid.New(), FinishedGoodID: good, EventID: event,
			QuantityAssembled: qty, TotalComponentCost: total, CostComplete: complete, PerUnitCost: per, AssembledAt: at,
			Notes: r.text("notes"), Extra: r.extra(), ImportID: l.imp()})
		return created, nil
	})
}
