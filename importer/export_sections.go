package importer

import (
	"encoding/json"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/queries"
)

func (x *exporter) suppliers() ([]any, error) {
	rows, err := x.q.SupplierImportList(x.ctx, queries.SupplierImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	x.supplierSlug, x.supplierName, x.supplierNum = map[uuid.UUID]string{}, map[uuid.UUID]string{}, map[uuid.UUID]int{}
	out := []any{}
	for i, s := range rows {
		x.supplierSlug[s.ID], x.supplierName[s.ID], x.supplierNum[s.ID] = s.Slug, s.Name, i+1
		state, zip := optStr(s.State), optStr(s.ZipCode)
		if s.IsPlaceholder {
			// The desktop's placeholder: state XX, zip 00000.
			if s.State == nil {
				state = "XX"
			}
			if s.ZipCode == nil {
				zip = "00000"
			}
		}
		o := object{{"id", i + 1}, {"uuid", exportUUID(s.LegacyUuid, s.ID)}, {"name", s.Name}, {"slug", s.Slug},
			{"supplier_type", s.SupplierType}, {"street_address", optStr(s.StreetAddress)}, {"city", optStr(s.City)},
			{"state", state}, {"zip_code", zip}, {"website_url", optStr(s.WebsiteUrl)}, {"notes", optStr(s.Notes)},
			{"is_active", s.IsActive}}
		o = flag(o, "is_placeholder", s.IsPlaceholder)
		out = append(out, withExtra(o, s.Extra))
	}
	return out, nil
}

func (x *exporter) ingredients() ([]any, error) {
	rows, err := x.q.IngredientImportList(x.ctx, queries.IngredientImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	x.ingSlug = map[uuid.UUID]string{}
	for _, r := range rows {
		x.ingSlug[r.ID] = r.Slug
	}
	out := []any{}
	for _, r := range rows {
		o := object{{"slug", r.Slug}, {"display_name", r.DisplayName}, {"hierarchy_level", r.HierarchyLevel}}
		if r.ParentID != nil {
			o = append(o, kv{"parent_slug", x.ingSlug[*r.ParentID]})
		}
		o = append(o, kv{"category", r.Category}, kv{"description", optStr(r.Description)}, kv{"notes", optStr(r.Notes)})
		if r.DefaultUnit != nil {
			o = append(o, kv{"default_unit", *r.DefaultUnit})
		}
		if r.DensityVolumeValue.Valid {
			o = append(o, kv{"density_volume_value", optNum(r.DensityVolumeValue)}, kv{"density_volume_unit", optStr(r.DensityVolumeUnit)},
				kv{"density_weight_value", optNum(r.DensityWeightValue)}, kv{"density_weight_unit", optStr(r.DensityWeightUnit)})
		}
		if r.DensityLibraryID != nil {
			o = append(o, kv{"density_library_entry", *r.DensityLibraryID})
		}
		if len(r.Allergens) > 0 {
			o = append(o, kv{"allergens", r.Allergens})
		}
		o = flag(o, "needs_review", r.NeedsReview)
		if r.LegacyUuid != nil {
			o = append(o, kv{"uuid", *r.LegacyUuid})
		}
		out = append(out, withExtra(o, r.Extra))
	}
	return out, nil
}

func (x *exporter) aliases() ([]any, error) {
	rows, err := x.q.IngredientAliasImportList(x.ctx, queries.IngredientAliasImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, a := range rows {
		out = append(out, object{{"alias", a.Alias}, {"ingredient_slug", x.ingSlug[a.IngredientID]}})
	}
	return out, nil
}

func (x *exporter) productList() ([]any, error) {
	rows, err := x.q.ProductImportList(x.ctx, queries.ProductImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	x.products = map[uuid.UUID]queries.Product{}
	out := []any{}
	for _, p := range rows {
		x.products[p.ID] = p
		o := object{{"slug", p.Slug}, {"ingredient_slug", x.ingSlug[p.IngredientID]}, {"brand", optStr(p.Brand)},
			{"product_name", optStr(p.ProductName)}, {"package_unit", p.PackageUnit}, {"package_unit_quantity", num(p.PackageUnitQuantity)},
			{"package_size", optStr(p.PackageSize)}, {"package_type", optStr(p.PackageType)}, {"upc_code", optStr(p.UpcCode)},
			{"gtin", optStr(p.Gtin)}, {"preferred", p.IsPreferred}, {"is_hidden", p.IsHidden}}
		if p.PreferredSupplierID != nil {
			o = append(o, kv{"preferred_supplier_id", x.supplierNum[*p.PreferredSupplierID]},
				kv{"preferred_supplier_slug", x.supplierSlug[*p.PreferredSupplierID]})
		}
		o = flag(o, "is_provisional", p.IsProvisional)
		o = flag(o, "needs_review", p.NeedsReview)
		o = append(o, kv{"notes", optStr(p.Notes)})
		if p.LegacyUuid != nil {
			o = append(o, kv{"uuid", *p.LegacyUuid})
		}
		out = append(out, withExtra(o, p.Extra))
	}
	return out, nil
}

func (x *exporter) productBarcodes() ([]any, error) {
	rows, err := x.q.ProductBarcodeImportList(x.ctx, queries.ProductBarcodeImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, b := range rows {
		out = append(out, object{{"product_slug", x.products[b.ProductID].Slug}, {"raw", b.Raw}})
	}
	return out, nil
}

// productRef is how purchases and lots name their product: the product
// slug, plus the desktop's 5-part key for readers that do not know slugs.
func (x *exporter) productRef(id uuid.UUID) object {
	p := x.products[id]
	return object{{"product_slug", p.Slug}, {"ingredient_slug", x.ingSlug[p.IngredientID]}, {"product_brand", optStr(p.Brand)},
		{"product_name", optStr(p.ProductName)}, {"package_unit", p.PackageUnit}, {"package_unit_quantity", num(p.PackageUnitQuantity)}}
}

func (x *exporter) purchases() ([]any, error) {
	rows, err := x.q.PurchaseImportList(x.ctx, queries.PurchaseImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	x.purchaseUUID = map[uuid.UUID]string{}
	for _, p := range rows {
		x.purchaseUUID[p.ID] = exportUUID(p.LegacyUuid, p.ID)
	}
	// Date, then uuid: an order that does not depend on when rows were
	// written, so two tenants holding the same data export the same file.
	sort.SliceStable(rows, func(i, j int) bool {
		if !rows[i].PurchaseDate.Equal(rows[j].PurchaseDate) {
			return rows[i].PurchaseDate.Before(rows[j].PurchaseDate)
		}
		return x.purchaseUUID[rows[i].ID] < x.purchaseUUID[rows[j].ID]
	})
	out := []any{}
	for _, p := range rows {
		o := append(object{{"uuid", x.purchaseUUID[p.ID]}}, x.productRef(p.ProductID)...)
		o = append(o, kv{"supplier_slug", x.supplierSlug[p.SupplierID]}, kv{"purchase_date", dateText(p.PurchaseDate)},
			kv{"quantity_purchased", num(p.QuantityPurchased)}, kv{"unit_price", optNum(p.UnitPrice)}, kv{"notes", optStr(p.Notes)},
			kv{"receipt_image_url", optStr(p.ReceiptImageUrl)})
		out = append(out, withExtra(o, p.Extra))
	}
	return out, nil
}

func (x *exporter) lots() ([]any, error) {
	rows, err := x.q.PantryItemImportList(x.ctx, queries.PantryItemImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	x.lotUUID = map[uuid.UUID]string{}
	for _, l := range rows {
		x.lotUUID[l.ID] = exportUUID(l.LegacyUuid, l.ID)
	}
	// FIFO order (purchase date, then creation and ordinal), ties by uuid:
	// the importer's ordinal is the index in this list, so a re-import
	// keeps the order lots are used in.
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		switch {
		case !a.PurchaseDate.Equal(b.PurchaseDate):
			return a.PurchaseDate.Before(b.PurchaseDate)
		case !a.CreatedAt.Equal(b.CreatedAt):
			return a.CreatedAt.Before(b.CreatedAt)
		case a.Ordinal != b.Ordinal:
			return a.Ordinal < b.Ordinal
		}
		return x.lotUUID[a.ID] < x.lotUUID[b.ID]
	})
	out := []any{}
	for _, l := range rows {
		o := object{{"uuid", x.lotUUID[l.ID]}}
		if l.PurchaseID != nil {
			o = append(o, kv{"purchase_uuid", x.purchaseUUID[*l.PurchaseID]})
		}
		o = append(o, x.productRef(l.ProductID)...)
		o = append(o, kv{"quantity", num(l.Quantity)}, kv{"initial_quantity", num(l.InitialQuantity)}, kv{"unit_cost", optNum(l.UnitCost)},
			kv{"purchase_date", dateText(l.PurchaseDate)}, kv{"expiration_date", optDateText(l.ExpirationDate)},
			kv{"opened_date", optDateText(l.OpenedDate)}, kv{"location", optStr(l.Location)}, kv{"lot_or_batch", optStr(l.LotOrBatch)},
			kv{"notes", optStr(l.Notes)})
		if l.Source == "import" {
			o = append(o, kv{"source", l.Source})
		}
		o = flag(o, "needs_review", l.NeedsReview)
		out = append(out, withExtra(o, l.Extra))
	}
	return out, nil
}

func (x *exporter) adjustments() ([]any, error) {
	rows, err := x.q.InventoryAdjustmentImportList(x.ctx, queries.InventoryAdjustmentImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if x.lotUUID[a.PantryItemID] != x.lotUUID[b.PantryItemID] {
			return x.lotUUID[a.PantryItemID] < x.lotUUID[b.PantryItemID]
		}
		return a.CreatedAt.Before(b.CreatedAt)
	})
	out := []any{}
	for _, a := range rows {
		o := object{{"pantry_item_uuid", x.lotUUID[a.PantryItemID]}, {"quantity_change", num(a.QuantityChange)},
			{"quantity_after", num(a.QuantityAfter)}, {"reason", a.Reason}, {"percentage_remaining", optNum(a.PercentageRemaining)},
			{"cost", optNum(a.Cost)}, {"notes", optStr(a.Notes)}, {"photo_evidence_url", optStr(a.PhotoEvidenceUrl)},
			{"created_at", a.CreatedAt.UTC().Format("2006-01-02T15:04:05.999999Z07:00")}}
		if a.OccurredAt != nil {
			o = append(o, kv{"occurred_at", a.OccurredAt.UTC().Format(time.RFC3339Nano)})
		}
		out = append(out, withExtra(o, a.Extra))
	}
	return out, nil
}

func (x *exporter) recipeList() ([]any, error) {
	rows, err := x.q.RecipeImportList(x.ctx, queries.RecipeImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	lines, err := x.q.RecipeIngredientImportList(x.ctx, queries.RecipeIngredientImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	comps, err := x.q.RecipeComponentImportList(x.ctx, queries.RecipeComponentImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	x.recipes = map[uuid.UUID]queries.Recipe{}
	for _, r := range rows {
		x.recipes[r.ID] = r
	}
	linesOf := map[uuid.UUID][]any{}
	for _, l := range lines {
		o := object{{"ingredient_slug", x.ingSlug[l.IngredientID]}, {"quantity", num(l.Quantity)}, {"unit", l.Unit}}
		if l.Notes != nil {
			o = append(o, kv{"notes", *l.Notes})
		}
		linesOf[l.RecipeID] = append(linesOf[l.RecipeID], withExtra(o, l.Extra))
	}
	compsOf := map[uuid.UUID][]any{}
	for _, c := range comps {
		target := x.recipes[c.ComponentRecipeID]
		compsOf[c.RecipeID] = append(compsOf[c.RecipeID], object{{"component_recipe_slug", target.Slug}, {"recipe_name", target.Name},
			{"quantity", num(c.Quantity)}, {"notes", optStr(c.Notes)}, {"sort_order", c.Position}})
	}
	out := []any{}
	for _, r := range rows {
		var base any
		if r.BaseRecipeID != nil {
			base = x.recipes[*r.BaseRecipeID].Slug
		}
		var minutes any
		if r.EstimatedTimeMinutes != nil {
			minutes = *r.EstimatedTimeMinutes
		}
		o := object{{"slug", r.Slug}, {"name", r.Name}, {"category", r.Category}, {"source", optStr(r.Source)},
			{"notes", optStr(r.Notes)}, {"estimated_time_minutes", minutes}, {"is_archived", r.IsArchived},
			{"base_recipe_slug", base}, {"variant_name", optStr(r.VariantName)}, {"is_production_ready", r.IsProductionReady},
			{"previous_slug", optStr(r.PreviousSlug)}}
		o = flag(o, "needs_review", r.NeedsReview)
		if r.LegacyUuid != nil {
			o = append(o, kv{"uuid", *r.LegacyUuid})
		}
		extra, skipped := popSkipped(r.Extra)
		o = append(o, kv{"ingredients", unskip(orEmpty(linesOf[r.ID]), skipped["ingredients"])},
			kv{"components", unskip(orEmpty(compsOf[r.ID]), skipped["components"])},
			kv{"finished_units", unskip([]any{}, skipped["finished_units"])})
		out = append(out, withExtra(o, extra))
	}
	return out, nil
}

func orEmpty(s []any) []any {
	if s == nil {
		return []any{}
	}
	return s
}

// finishedUnits are all written top-level (the *_transformed shape), with
// the recipe by slug and by name.
func (x *exporter) finishedUnits() ([]any, error) {
	rows, err := x.q.FinishedUnitImportList(x.ctx, queries.FinishedUnitImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, u := range rows {
		mode := optStr(u.YieldMode)
		if u.YieldModeRaw != nil {
			mode = *u.YieldModeRaw
		}
		r := x.recipes[u.RecipeID]
		o := object{{"slug", u.Slug}, {"display_name", u.DisplayName}, {"recipe_slug", r.Slug}, {"recipe_name", r.Name},
			{"category", optStr(u.Category)}, {"yield_mode", mode}, {"items_per_batch", optNum(u.ItemsPerBatch)},
			{"item_unit", optStr(u.ItemUnit)}, {"batch_percentage", optNum(u.BatchPercentage)},
			{"portion_description", optStr(u.PortionDescription)}, {"yield_type", optStr(u.YieldType)},
			{"inventory_count", u.InventoryCount}, {"description", optStr(u.Description)},
			{"production_notes", optStr(u.ProductionNotes)}, {"notes", optStr(u.Notes)}}
		out = append(out, withExtra(o, u.Extra))
	}
	return out, nil
}

func (x *exporter) recipients() ([]any, error) {
	rows, err := x.q.RecipientImportList(x.ctx, queries.RecipientImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, r := range rows {
		o := object{{"name", r.Name}, {"household_name", optStr(r.HouseholdName)}, {"address", optStr(r.Address)}, {"notes", optStr(r.Notes)}}
		out = append(out, withExtra(o, r.Extra))
	}
	return out, nil
}

func (x *exporter) eventList() ([]any, error) {
	rows, err := x.q.EventImportList(x.ctx, queries.EventImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	x.events = map[uuid.UUID]queries.Event{}
	out := []any{}
	for _, e := range rows {
		x.events[e.ID] = e
		mode := optStr(e.OutputMode)
		if e.OutputModeRaw != nil {
			mode = *e.OutputModeRaw
		}
		var attendees any
		if e.ExpectedAttendees != nil {
			attendees = *e.ExpectedAttendees
		}
		o := object{{"slug", e.Slug}, {"name", e.Name}, {"event_date", dateText(e.EventDate)}, {"year", e.Year},
			{"output_mode", mode}, {"expected_attendees", attendees}, {"plan_state", e.PlanState}, {"notes", optStr(e.Notes)}}
		if e.LegacyUuid != nil {
			o = append(o, kv{"uuid", *e.LegacyUuid})
		}
		out = append(out, withExtra(o, e.Extra))
	}
	return out, nil
}

func (x *exporter) eventRecipes() ([]any, error) {
	rows, err := x.q.EventRecipeImportList(x.ctx, queries.EventRecipeImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := x.events[rows[i].EventID].Slug, x.events[rows[j].EventID].Slug
		if a != b {
			return a < b
		}
		if rows[i].Position != rows[j].Position {
			return rows[i].Position < rows[j].Position
		}
		return x.recipes[rows[i].RecipeID].Slug < x.recipes[rows[j].RecipeID].Slug
	})
	out := []any{}
	for _, er := range rows {
		o := object{{"event_slug", x.events[er.EventID].Slug}, {"recipe_slug", x.recipes[er.RecipeID].Slug},
			{"batches", num(er.Batches)}, {"position", er.Position}, {"notes", optStr(er.Notes)}}
		if er.ServingsPerGuest.Valid { // written only when set, so older exports stay as they were
			o = append(o, kv{"servings_per_guest", num(er.ServingsPerGuest.Decimal)})
		}
		out = append(out, o)
	}
	return out, nil
}

func (x *exporter) materialList() ([]any, error) {
	rows, err := x.q.MaterialImportList(x.ctx, queries.MaterialImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	x.materials = map[uuid.UUID]queries.Material{}
	out := []any{}
	for _, m := range rows {
		x.materials[m.ID] = m
		category := optStr(m.Category)
		if m.Category != nil && m.Subcategory != nil {
			category = *m.Category + ": " + *m.Subcategory
		}
		o := object{{"slug", m.Slug}, {"display_name", m.Name}, {"description", optStr(m.Description)}, {"category", category}}
		if m.Category == nil && m.Subcategory != nil {
			o = append(o, kv{"subcategory", *m.Subcategory})
		}
		if m.BaseUnitType != nil {
			o = append(o, kv{"base_unit_type", *m.BaseUnitType})
		}
		out = append(out, withExtra(o, m.Extra))
	}
	return out, nil
}

func (x *exporter) materialProducts() ([]any, error) {
	rows, err := x.q.MaterialProductImportList(x.ctx, queries.MaterialProductImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, p := range rows {
		m := x.materials[p.MaterialID]
		o := object{{"slug", optStr(p.Slug)}, {"material", m.Name}, {"material_slug", m.Slug}, {"display_name", p.Name},
			{"brand", optStr(p.Brand)}, {"sku", optStr(p.Sku)}, {"package_quantity", optNum(p.PackageQuantity)},
			{"package_unit", optStr(p.PackageUnit)}, {"default_unit", optStr(p.DefaultUnitRaw)}}
		if p.SupplierID != nil {
			o = append(o, kv{"supplier", x.supplierName[*p.SupplierID]}, kv{"supplier_slug", x.supplierSlug[*p.SupplierID]})
		}
		o = append(o, kv{"notes", optStr(p.Notes)})
		o = flag(o, "is_hidden", p.IsHidden)
		o = flag(o, "is_provisional", p.IsProvisional)
		out = append(out, withExtra(o, p.Extra))
	}
	return out, nil
}

func (x *exporter) reviews() ([]any, error) {
	rows, err := x.q.BarcodeReviewImportList(x.ctx, queries.BarcodeReviewImportListParams{TenantID: x.tenant})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, r := range rows {
		o := object{{"kind", r.Kind}, {"raw_barcode", r.RawBarcode}, {"gtin14", optStr(r.Gtin14)}, {"payload", r.Payload},
			{"supplier_name", optStr(r.SupplierName)}, {"status", r.Status}}
		if r.ResolvedProductID != nil {
			o = append(o, kv{"resolved_product_slug", x.products[*r.ResolvedProductID].Slug})
		}
		if r.ResolvedAt != nil {
			o = append(o, kv{"resolved_at", r.ResolvedAt.UTC().Format("2006-01-02T15:04:05.999999Z07:00")})
		}
		out = append(out, o)
	}
	return out, nil
}

// popSkipped takes the skipped sub-records (skipped_ingredients, …) out of a
// recipe's extra: export writes them back into their lists.
func popSkipped(extra json.RawMessage) (json.RawMessage, map[string][]skippedItem) {
	var m map[string]json.RawMessage
	if json.Unmarshal(extra, &m) != nil {
		return extra, nil
	}
	out := map[string][]skippedItem{}
	for _, list := range []string{"ingredients", "components", "finished_units"} {
		raw, ok := m["skipped_"+list]
		if !ok {
			continue
		}
		var items []skippedItem
		if json.Unmarshal(raw, &items) != nil {
			continue
		}
		out[list] = items
		delete(m, "skipped_"+list)
	}
	if len(out) == 0 {
		return extra, nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return extra, nil
	}
	return b, out
}

// unskip puts skipped records back at their index in the file's list.
func unskip(list []any, items []skippedItem) []any {
	for _, it := range items {
		at := min(max(it.Index, 0), len(list))
		list = append(list[:at], append([]any{it.Record}, list[at:]...)...)
	}
	return list
}
