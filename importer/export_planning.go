package importer

import (
	"time"

	"github.com/baketracker/baketracker/queries"
)

// The planning sections written back in the shape their loaders read
// (desktop_planning.go): slugs for finished goods, units, materials,
// packages and events, recipient names for recipients.

func (x *exporter) finishedGoods() ([]any, error) {
	rows, err := x.q.FinishedGoodImportList(x.ctx, queries.FinishedGoodImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, g := range rows {
		o := object{{"slug", g.Slug}, {"display_name", g.DisplayName}, {"assembly_type", g.AssemblyType},
			{"packaging_instructions", optStr(g.PackagingInstructions)}, {"inventory_count", g.InventoryCount}, {"notes", optStr(g.Notes)}}
		out = append(out, withExtra(o, g.Extra))
	}
	return out, nil
}

func (x *exporter) packages() ([]any, error) {
	rows, err := x.q.PackageImportList(x.ctx, queries.PackageImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, p := range rows {
		o := object{{"slug", p.Slug}, {"name", p.Name}, {"is_template", p.IsTemplate}, {"description", optStr(p.Description)}, {"notes", optStr(p.Notes)}}
		out = append(out, withExtra(o, p.Extra))
	}
	return out, nil
}

// compositions are the finished goods' bills of materials and the
// packaging materials of packages; the finished goods of packages go to
// package_finished_goods.
func (x *exporter) compositions() ([]any, error) {
	rows, err := x.q.FinishedGoodComponentImportList(x.ctx, queries.FinishedGoodComponentImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, c := range rows {
		o := object{{"finished_good_slug", c.GoodSlug}}
		switch {
		case c.FinishedUnitID != nil:
			o = append(o, kv{"finished_unit_slug", optStr(c.UnitSlug)})
		case c.ComponentGoodID != nil:
			o = append(o, kv{"component_finished_good_slug", optStr(c.ComponentGoodSlug)})
		default:
			o = append(o, kv{"material_slug", optStr(c.MaterialSlug)})
		}
		out = append(out, append(o, kv{"component_quantity", num(c.Quantity)}, kv{"sort_order", c.Position}, kv{"notes", optStr(c.Notes)}))
	}
	contents, err := x.q.PackageContentImportList(x.ctx, queries.PackageContentImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	for _, c := range contents {
		if c.MaterialID == nil {
			continue
		}
		out = append(out, object{{"package_slug", c.PackageSlug}, {"material_slug", optStr(c.MaterialSlug)},
			{"component_quantity", num(c.Quantity)}, {"sort_order", c.Position}, {"notes", optStr(c.Notes)}})
	}
	return out, nil
}

func (x *exporter) packageFinishedGoods() ([]any, error) {
	rows, err := x.q.PackageContentImportList(x.ctx, queries.PackageContentImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, c := range rows {
		if c.FinishedGoodID == nil {
			continue
		}
		out = append(out, object{{"package_slug", c.PackageSlug}, {"package_name", c.PackageName}, {"finished_good_slug", optStr(c.GoodSlug)},
			{"quantity", num(c.Quantity)}, {"sort_order", c.Position}, {"notes", optStr(c.Notes)}})
	}
	return out, nil
}

func (x *exporter) recipientPackages() ([]any, error) {
	rows, err := x.q.RecipientPackageImportList(x.ctx, queries.RecipientPackageImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, e := range rows {
		o := object{{"event_slug", e.EventSlug}, {"recipient_name", e.RecipientName}, {"household_name", optStr(e.HouseholdName)},
			{"package_slug", e.PackageSlug}, {"quantity", e.Quantity}, {"status", e.Status}, {"delivered_to", optStr(e.DeliveredTo)}, {"notes", optStr(e.Notes)}}
		out = append(out, withExtra(o, e.Extra))
	}
	return out, nil
}

func (x *exporter) assemblyTargets() ([]any, error) {
	rows, err := x.q.AssemblyTargetImportList(x.ctx, queries.AssemblyTargetImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, t := range rows {
		out = append(out, object{{"event_slug", t.EventSlug}, {"finished_good_slug", t.GoodSlug}, {"target_quantity", t.TargetQuantity}, {"notes", optStr(t.Notes)}})
	}
	return out, nil
}

func (x *exporter) productionTargets() ([]any, error) {
	rows, err := x.q.ProductionTargetImportList(x.ctx, queries.ProductionTargetImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, t := range rows {
		out = append(out, object{{"event_slug", t.EventSlug}, {"recipe_slug", t.RecipeSlug}, {"target_batches", num(t.TargetBatches)}, {"notes", optStr(t.Notes)}})
	}
	return out, nil
}

func (x *exporter) materialPurchases() ([]any, error) {
	rows, err := x.q.MaterialPurchaseImportList(x.ctx, queries.MaterialPurchaseImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, p := range rows {
		o := object{{"material_slug", p.MaterialSlug}, {"purchase_date", dateText(p.PurchaseDate)}, {"packages_purchased", num(p.PackagesPurchased)},
			{"package_price", optNum(p.PackagePrice)}, {"units_added", num(p.UnitsAdded)}, {"unit_cost", optNum(p.UnitCost)},
			{"quantity_remaining", num(p.QuantityRemaining)}, {"notes", optStr(p.Notes)}}
		out = append(out, withExtra(o, p.Extra))
	}
	return out, nil
}

func (x *exporter) materialLots() ([]any, error) {
	rows, err := x.q.MaterialLotImportList(x.ctx, queries.MaterialLotImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, l := range rows {
		o := object{{"material_slug", l.MaterialSlug}, {"purchase_date", dateText(l.PurchaseDate)}, {"quantity_purchased", num(l.QuantityPurchased)},
			{"quantity_remaining", num(l.QuantityRemaining)}, {"cost_per_unit", optNum(l.CostPerUnit)}}
		out = append(out, withExtra(o, l.Extra))
	}
	return out, nil
}

// productionRuns writes every run, recorded or imported; a cost the cloud
// does not know is written as null.
func (x *exporter) productionRuns() ([]any, error) {
	rows, err := x.q.ProductionRunImportList(x.ctx, queries.ProductionRunImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, p := range rows {
		var total any
		if p.CostComplete {
			total = num(p.TotalIngredientCost)
		}
		o := object{{"recipe_slug", p.RecipeSlug}, {"finished_unit_slug", p.UnitSlug}, {"event_slug", optStr(p.EventSlug)},
			{"num_batches", num(p.NumBatches)}, {"expected_yield", num(p.ExpectedYield)}, {"actual_yield", p.ActualYield},
			{"loss_quantity", p.LossQuantity}, {"production_status", p.ProductionStatus}, {"total_ingredient_cost", total},
			{"per_unit_cost", optNum(p.PerUnitCost)}, {"produced_at", p.ProducedAt.UTC().Format(time.RFC3339Nano)},
			{"recipe_snapshot", p.RecipeSnapshot}, {"notes", optStr(p.Notes)}}
		if p.EventSlug == nil {
			o = dropKey(o, "event_slug")
		}
		out = append(out, withExtra(o, p.Extra))
	}
	return out, nil
}

func (x *exporter) assemblyRuns() ([]any, error) {
	rows, err := x.q.AssemblyRunImportList(x.ctx, queries.AssemblyRunImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, a := range rows {
		var total any
		if a.CostComplete {
			total = num(a.TotalComponentCost)
		}
		o := object{{"finished_good_slug", a.GoodSlug}, {"event_slug", optStr(a.EventSlug)}, {"quantity_assembled", a.QuantityAssembled},
			{"total_component_cost", total}, {"per_unit_cost", optNum(a.PerUnitCost)},
			{"assembled_at", a.AssembledAt.UTC().Format(time.RFC3339Nano)}, {"notes", optStr(a.Notes)}}
		if a.EventSlug == nil {
			o = dropKey(o, "event_slug")
		}
		out = append(out, withExtra(o, a.Extra))
	}
	return out, nil
}

// dropKey leaves a key out (an event_slug of null would not resolve on
// re-import).
func dropKey(o object, key string) object {
	out := o[:0:0]
	for _, e := range o {
		if e.k != key {
			out = append(out, e)
		}
	}
	return out
}
