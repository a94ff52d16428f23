package importer

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/barcode"
	"github.com/baketracker/baketracker/tools"
)

// products loads section 3. A product is matched by its 5-part natural key
// (ingredient, brand, product name, package quantity, unit; H11, H22). Its
// ingredient is resolved by slug, alias or known rename, else a placeholder
// leaf is created for review (H1). Barcodes keep their raw text; gtin14 is
// set only when the GS1 check digit holds (H8). preferred_supplier_id goes
// through the file's supplier id map, which is complete because suppliers
// load first whatever the key order (H13).
func (l *loader) products(section string, items []json.RawMessage) error {
	if err := l.loadSuppliers(); err != nil {
		return err
	}
	if err := l.loadProducts(); err != nil {
		return err
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("slug", "product_name", "ingredient_slug")
		fileID, _ := r.str("id")
		p, o, err := l.productRecord(section, i, label, r, false)
		if p != nil && fileID != "" {
			l.idx.productFileIDs[fileID] = p
		}
		return o, err
	})
}

// productRecord matches or creates the product a record describes. With
// provisional set the record is a purchase or lot naming a product that the
// file's products section lacks: the product is created for review.
func (l *loader) productRecord(section string, i int, label string, r *record, provisional bool) (*prodInfo, outcome, error) {
	x := &l.idx
	ingSlug := r.text("ingredient_slug", "ingredient")
	unitText := r.text("package_unit")
	qty, hasQty, qerr := r.qty("package_unit_quantity")
	brand := r.text("brand", "product_brand")
	name := r.text("product_name")
	switch {
	case ingSlug == nil:
		o, err := l.reject(section, i, label, "no ingredient_slug")
		return nil, o, err
	case unitText == nil:
		o, err := l.reject(section, i, label, "no package_unit")
		return nil, o, err
	case qerr != nil:
		o, err := l.reject(section, i, label, "%v", qerr)
		return nil, o, err
	case !hasQty || !qty.IsPositive():
		o, err := l.reject(section, i, label, "package_unit_quantity must be a number greater than zero")
		return nil, o, err
	case tooLong(brand, tools.MaxNameLength) || tooLong(name, tools.MaxNameLength):
		o, err := l.reject(section, i, label, "brand and product_name must be at most 200 characters")
		return nil, o, err
	}
	unit := l.unitCode(section, i, label, "package_unit", *unitText)
	ing := l.ingredientRef(section, i, label, *ingSlug)
	if ing.level < 2 && !ing.placeholder {
		l.rep.warn(section, i, "%s: ingredient %q is a category (level %d), not a leaf", recordName(section, i, label), ing.slug, ing.level)
	}
	key := makeProductKey(ing.id, brand, name, qty, unit)
	if p := x.productByKey[key]; p != nil {
		if !provisional {
			if o, dup, err := l.duplicateInRun(section, i, recordName(section, i, label), p.id, r); dup {
				return nil, o, err
			}
		}
		return p, matched, nil
	}
	slug := r.text("slug", "product_slug")
	if tooLong(slug, 300) {
		slug = nil
	}
	if slug != nil && x.productBySlug[*slug] != nil {
		l.rep.warn(section, i, "%s: slug %q belongs to another product; a new slug was generated", recordName(section, i, label), *slug)
		slug = nil
	}
	if slug == nil {
		s := uniqueSlug(tools.ProductSlug(ing.slug, brand, qty, unit), '_', func(s string) bool { return x.productBySlug[s] != nil })
		slug = &s
	}
	row := productRow{
		ID: uuid.New(), IngredientID: ing.id, Slug: *slug, Brand: brand, ProductName: name,
		NameKey:     tools.NameKey(strings.TrimSpace(deref(brand) + " " + deref(name) + " " + ing.displayName)),
		PackageUnit: unit, PackageUnitQuantity: qty, Extra: json.RawMessage("{}"), ImportID: l.imp(),
	}
	if provisional {
		// The record is a purchase or a lot: only its product key describes
		// the product; its notes, uuid and flags are its own.
		row.IsProvisional, row.NeedsReview = true, true
		l.rep.warn(section, i, "%s: product %s is not in the products section; created it as a provisional product for review",
			recordName(section, i, label), row.Slug)
	} else {
		row.PackageSize, row.PackageType, row.Notes = r.text("package_size"), r.text("package_type"), r.text("notes")
		row.LegacyUUID = r.text("uuid")
		row.IsPreferred, _ = r.boolean("is_preferred", "preferred")
		row.IsHidden, _ = r.boolean("is_hidden")
		row.IsProvisional, _ = r.boolean("is_provisional")
		row.NeedsReview, _ = r.boolean("needs_review")
		l.barcodes(section, i, label, r, &row)
		if err := l.preferredSupplier(section, i, label, r, &row); err != nil {
			return nil, 0, err
		}
		r.ignore("id", "created_at", "updated_at")
		row.Extra = r.extra()
	}
	l.p.products = append(l.p.products, row)
	if !provisional {
		l.createdHere(row.ID, section, i)
	}
	p := &prodInfo{id: row.ID, slug: row.Slug, key: key, ingSlug: ing.slug, qty: qty, unit: unit, brand: brand, name: name}
	l.addProduct(p)
	return p, created, nil
}

// barcodes keeps upc_code and gtin as typed and derives gtin14 from the
// first that passes the check digit (H8). A gtin14 another product already
// has is not repeated: lookups by barcode must find one product.
func (l *loader) barcodes(section string, i int, label string, r *record, row *productRow) {
	x := &l.idx
	code := func(keys ...string) *string {
		s := r.text(keys...)
		if s != nil && len(*s) > 40 {
			l.rep.warn(section, i, "%s: %s %q is longer than 40 characters; dropped", recordName(section, i, label), keys[0], *s)
			return nil
		}
		return s
	}
	row.UpcCode = code("upc_code", "upc")
	row.Gtin = code("gtin")
	for _, c := range []struct {
		field string
		raw   *string
	}{{"gtin", row.Gtin}, {"upc_code", row.UpcCode}} {
		if c.raw == nil {
			continue
		}
		g, ok, reason := barcode.Normalize(*c.raw)
		if !ok {
			l.rep.warn(section, i, "%s: %s %q is not a valid GTIN (%s); kept as unverified text", recordName(section, i, label), c.field, *c.raw, reason)
			continue
		}
		if row.Gtin14 != nil {
			continue
		}
		if other, taken := x.gtin14s[g]; taken && other != row.ID {
			l.rep.warn(section, i, "%s: %s %q is already the barcode of product %s; not set as this product's GTIN-14",
				recordName(section, i, label), c.field, *c.raw, x.productByID[other].slug)
			continue
		}
		row.Gtin14 = &g
		x.gtin14s[g] = row.ID
	}
}

// preferredSupplier resolves preferred_supplier_id (the file's integer id),
// preferred_supplier_slug or preferred_supplier (a name).
func (l *loader) preferredSupplier(section string, i int, label string, r *record, row *productRow) error {
	x := &l.idx
	if id, ok := r.str("preferred_supplier_id"); ok {
		if sid, found := x.supplierFileIDs[id]; found {
			row.PreferredSupplierID = &sid
			return nil
		}
		if s := r.text("preferred_supplier_slug"); s == nil {
			r.unread("preferred_supplier_id")
			l.rep.warn(section, i, "%s: preferred_supplier_id %s is not a supplier of this file; left empty (the value is kept in extra)", recordName(section, i, label), id)
			return nil
		}
	}
	if s := r.text("preferred_supplier_slug"); s != nil {
		if sup := x.supplierBySlug[*s]; sup != nil {
			row.PreferredSupplierID = &sup.id
		} else {
			l.rep.warn(section, i, "%s: preferred supplier %q not found; left empty", recordName(section, i, label), *s)
		}
		return nil
	}
	if s := r.text("preferred_supplier", "preferred_supplier_name"); s != nil {
		id, err := l.supplierByName(section, i, label, *s)
		if err != nil {
			return err
		}
		row.PreferredSupplierID = &id
	}
	return nil
}

// stockProduct resolves the product a purchase or pantry lot refers to:
// product_slug (the cloud's slug, or the desktop's composite
// "ingredient:brand:qty:unit", split from the right, H11), product_id (the
// file's integer id), or the 5-part key. A record carrying only
// ingredient_slug + brand is accepted only when exactly one product fits
// (H12). A full 5-part reference to a product the file does not list creates
// it as provisional.
func (l *loader) stockProduct(section string, i int, label string, r *record) (*prodInfo, string, error) {
	x := &l.idx
	if slug := r.text("product_slug"); slug != nil {
		if p := x.productBySlug[*slug]; p != nil {
			return p, "", nil
		}
		parts := strings.Split(*slug, ":")
		if len(parts) < 4 {
			return nil, fmt.Sprintf("product_slug %q matches no product", *slug), nil
		}
		qty, err := decimal.NewFromString(parts[len(parts)-2])
		if err != nil {
			return nil, fmt.Sprintf("product_slug %q has no package quantity", *slug), nil //nolint:nilerr // a bad key is the record's warning, not a failure of the import
		}
		ing := l.lookupIngredient(section, i, label, parts[0])
		if ing == nil {
			return nil, fmt.Sprintf("product_slug %q: ingredient %q not found", *slug, parts[0]), nil
		}
		brand := strings.Join(parts[1:len(parts)-2], ":")
		return l.pickProduct(ing.id, &brand, r.text("product_name"), &qty, ptr(parts[len(parts)-1]), "product_slug "+*slug)
	}
	if id, ok := r.str("product_id"); ok {
		if p := x.productFileIDs[id]; p != nil {
			return p, "", nil
		}
		return nil, fmt.Sprintf("product_id %s is not a product of this file (ids only mean something inside their own file)", id), nil
	}
	ingSlug := r.text("ingredient_slug")
	if ingSlug == nil {
		return nil, "no product reference (product_slug, or ingredient_slug with product_brand, package_unit_quantity and package_unit)", nil
	}
	brand := r.text("product_brand", "brand")
	name := r.text("product_name")
	var qty *decimal.Decimal
	if d, ok, err := r.qty("package_unit_quantity"); ok && err == nil {
		qty = &d
	}
	unit := r.text("package_unit")
	ing := l.lookupIngredient(section, i, label, *ingSlug)
	if ing != nil {
		p, problem, err := l.pickProduct(ing.id, brand, name, qty, unit, fmt.Sprintf("ingredient %q, brand %q", *ingSlug, deref(brand)))
		if p != nil || err != nil || qty == nil || unit == nil || !strings.HasPrefix(problem, "no product") {
			return p, problem, err
		}
	} else if qty == nil || unit == nil {
		return nil, fmt.Sprintf("ingredient %q not found", *ingSlug), nil
	}
	p, o, err := l.productRecord(section, i, label, r, true)
	if o == rejected {
		return nil, "the product it describes cannot be created", err
	}
	return p, "", err
}

// pickProduct finds the one product matching the parts given; more than one
// is an ambiguity to report, never a guess.
func (l *loader) pickProduct(ing uuid.UUID, brand, name *string, qty *decimal.Decimal, unit *string, what string) (*prodInfo, string, error) {
	var hits []*prodInfo
	bk := tools.NameKey(deref(brand))
	for _, p := range l.idx.productByPair[pairKey(ing, bk)] {
		if name != nil && p.key.name != tools.NameKey(*name) {
			continue
		}
		if qty != nil && p.key.qty != decString(*qty) {
			continue
		}
		if unit != nil && !strings.EqualFold(p.unit, strings.TrimSpace(*unit)) {
			continue
		}
		hits = append(hits, p)
	}
	switch len(hits) {
	case 1:
		return hits[0], "", nil
	case 0:
		return nil, fmt.Sprintf("no product matches %s", what), nil
	default:
		var slugs []string
		for _, h := range hits {
			slugs = append(slugs, h.slug)
		}
		return nil, fmt.Sprintf("%s matches %d products (%s); add product_name, package_unit_quantity and package_unit to choose one",
			what, len(hits), strings.Join(slugs, ", ")), nil
	}
}

// pairKey indexes products by ingredient and brand key.
func pairKey(ing uuid.UUID, brandKey string) string { return ing.String() + "\x00" + brandKey }

// productBarcodes loads the export's learnt barcodes ({product_slug, raw}).
func (l *loader) productBarcodes(section string, items []json.RawMessage) error {
	if err := l.loadProducts(); err != nil {
		return err
	}
	x := &l.idx
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("raw")
		raw := r.text("raw", "barcode")
		slug := r.text("product_slug")
		if raw == nil || slug == nil || len(*raw) > 40 {
			return l.reject(section, i, label, "needs raw (at most 40 characters) and product_slug")
		}
		if _, ok := x.barcodeRaws[*raw]; ok {
			return matched, nil
		}
		p := x.productBySlug[*slug]
		if p == nil {
			return l.reject(section, i, label, "product %q not found", *slug)
		}
		row := barcodeRow{ID: uuid.New(), ProductID: p.id, Raw: *raw}
		if g, ok, _ := barcode.Normalize(*raw); ok {
			row.Gtin14 = &g
		}
		x.barcodeRaws[*raw] = p.id
		l.p.barcodes = append(l.p.barcodes, row)
		return created, nil
	})
}
