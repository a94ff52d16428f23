package importer

import (
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
)

// Packaging-material purchases and lots (docs/planning.md). A purchase
// makes one FIFO lot, as record_material_purchase does; its
// quantity_remaining (written by the export) restores what the lot has
// left. material_inventory_items are lots no purchase made (initial stock).
// Quantities are in the material's base unit; unit_cost is computed as
// packages × price ÷ units when the file does not give it.

// materialRef resolves material_slug, else a material name only one has.
func (l *loader) materialRef(r *record) (uuid.UUID, bool) {
	x := &l.idx
	if s := r.text("material_slug"); s != nil {
		id, ok := x.materialBySlug[*s]
		return id, ok
	}
	if n := r.text("material", "material_name"); n != nil {
		if same := x.materialByName[tools.NameKey(*n)]; len(same) == 1 {
			return same[0], true
		}
	}
	return uuid.Nil, false
}

func materialBuyKey(m uuid.UUID, date string, units, remaining decimal.Decimal) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%s", m, date, units.String(), remaining.String())
}

func (l *loader) materialPurchases(section string, items []json.RawMessage) error {
	if err := l.loadMaterials(); err != nil {
		return err
	}
	existing := queue{}
	rows, err := l.q.MaterialPurchaseImportList(l.ctx, queries.MaterialPurchaseImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read material purchases: %w", err)
	}
	for _, p := range rows {
		existing.add(materialBuyKey(p.MaterialID, p.PurchaseDate.Format("2006-01-02"), p.UnitsAdded, p.QuantityRemaining), p.ID)
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("material_slug", "material")
		m, ok := l.materialRef(r)
		if !ok {
			return l.archiveUnresolved(section, i, label, r, "material")
		}
		date, ok, err := r.date("purchase_date")
		if err != nil || !ok {
			return l.reject(section, i, label, "no valid purchase_date")
		}
		units, ok, err := r.qty("units_added", "quantity")
		if err != nil || !ok || !units.IsPositive() {
			return l.reject(section, i, label, "units_added must be greater than zero")
		}
		packages, ok, err := r.qty("packages_purchased")
		if err != nil || !ok || !packages.IsPositive() {
			packages = decimal.NewFromInt(1)
		}
		remaining := units
		if q, ok, err := r.qty("quantity_remaining"); err == nil && ok && !q.IsNegative() && q.LessThanOrEqual(units) {
			remaining = q
		}
		if _, ok := existing.take(materialBuyKey(m, date.Format("2006-01-02"), units, remaining)); ok {
			return matched, nil
		}
		row := materialPurchaseRow{ID: uuid.New(), MaterialID: m, PurchaseDate: day(date), PackagesPurchased: packages, UnitsAdded: units,
			Notes: r.text("notes"), ImportID: l.imp()}
		if p, ok, err := r.dec("package_price"); err == nil && ok && !p.IsNegative() {
			row.PackagePrice = decimal.NewNullDecimal(p)
			row.UnitCost = decimal.NewNullDecimal(packages.Mul(p).DivRound(units, 6))
		}
		if c, ok, err := r.dec("unit_cost"); err == nil && ok && !c.IsNegative() {
			row.UnitCost = decimal.NewNullDecimal(c)
		}
		r.ignore("id", "uuid", "created_at", "updated_at", "material_product", "material_product_slug", "supplier", "supplier_slug")
		row.Extra = r.extra()
		l.p.materialBuys = append(l.p.materialBuys, row)
		pid := row.ID
		l.p.materialLots = append(l.p.materialLots, materialLotRow{ID: uuid.New(), MaterialID: m, PurchaseID: &pid, QuantityPurchased: units,
			QuantityRemaining: remaining, CostPerUnit: row.UnitCost, PurchaseDate: day(date), Extra: json.RawMessage("{}"), ImportID: l.imp()})
		return created, nil
	})
}

func (l *loader) materialInventoryItems(section string, items []json.RawMessage) error {
	if err := l.loadMaterials(); err != nil {
		return err
	}
	existing := queue{}
	rows, err := l.q.MaterialLotImportList(l.ctx, queries.MaterialLotImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read material lots: %w", err)
	}
	for _, lot := range rows {
		existing.add(materialBuyKey(lot.MaterialID, lot.PurchaseDate.Format("2006-01-02"), lot.QuantityPurchased, lot.QuantityRemaining), lot.ID)
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("material_slug", "material")
		m, ok := l.materialRef(r)
		if !ok {
			return l.archiveUnresolved(section, i, label, r, "material")
		}
		date, ok, err := r.date("purchase_date")
		if err != nil || !ok {
			return l.reject(section, i, label, "no valid purchase_date")
		}
		remaining, ok, err := r.qty("quantity_remaining", "quantity")
		if err != nil || !ok || remaining.IsNegative() {
			return l.reject(section, i, label, "quantity_remaining must be zero or more")
		}
		bought := remaining
		if q, ok, err := r.qty("quantity_purchased"); err == nil && ok && q.GreaterThanOrEqual(remaining) {
			bought = q
		}
		if _, ok := existing.take(materialBuyKey(m, date.Format("2006-01-02"), bought, remaining)); ok {
			return matched, nil
		}
		row := materialLotRow{ID: uuid.New(), MaterialID: m, QuantityPurchased: bought, QuantityRemaining: remaining, PurchaseDate: day(date), ImportID: l.imp()}
		if c, ok, err := r.dec("cost_per_unit", "unit_cost"); err == nil && ok && !c.IsNegative() {
			row.CostPerUnit = decimal.NewNullDecimal(c)
		}
		r.ignore("id", "uuid", "created_at", "updated_at", "purchase_id", "material_product", "material_product_slug")
		row.Extra = r.extra()
		l.p.materialLots = append(l.p.materialLots, row)
		return created, nil
	})
}
