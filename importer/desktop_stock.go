package importer

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
)

// stockState is what purchases and lots match against: the rows earlier
// runs of the same file wrote (by content key, consumed one by one so that
// duplicates stay duplicates, H19) and rows named by uuid.
type stockState struct {
	purchaseByUUID  map[string]uuid.UUID
	purchaseFileIDs map[string]uuid.UUID
	purchaseDates   map[uuid.UUID]time.Time
	prevPurchases   queue
	lotByUUID       map[string]uuid.UUID
	prevLots        queue
}

// fileUUIDs collects the uuid values of a section, for one lookup query.
func fileUUIDs(items []json.RawMessage, key string) []string {
	out := []string{}
	for _, raw := range items {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			continue
		}
		var s string
		if json.Unmarshal(m[key], &s) == nil && s != "" {
			out = append(out, s)
		}
	}
	return out
}

func purchaseKey(product uuid.UUID, date time.Time, qty decimal.Decimal, price decimal.NullDecimal, notes *string) string {
	p := "-"
	if price.Valid {
		p = decString(price.Decimal)
	}
	return strings.Join([]string{product.String(), date.Format("2006-01-02"), decString(qty), p, deref(notes)}, "\x00")
}

func lotKey(product uuid.UUID, date time.Time, initial decimal.Decimal, notes *string, ordinal int) string {
	return strings.Join([]string{product.String(), date.Format("2006-01-02"), decString(initial), deref(notes), itoa(ordinal)}, "\x00")
}

func (l *loader) stock() *stockState {
	if l.st == nil {
		l.st = &stockState{purchaseByUUID: map[string]uuid.UUID{}, purchaseFileIDs: map[string]uuid.UUID{},
			purchaseDates: map[uuid.UUID]time.Time{}, prevPurchases: queue{}, lotByUUID: map[string]uuid.UUID{}, prevLots: queue{}}
	}
	return l.st
}

// purchases loads section 4 in any of its three shapes (docs/import.md §4
// and §7): spec (purchased_at, unit_cost), desktop exporter (purchase_date,
// unit_price as a string, integer ids) and multi-file (product_slug,
// supplier_slug). Money is read from numbers or strings (H24). A purchase
// is matched by its uuid, or by (product, date, quantity, price, notes)
// among the purchases of earlier runs of the same file.
func (l *loader) purchases(section string, items []json.RawMessage) error {
	if err := l.loadProducts(); err != nil {
		return err
	}
	if err := l.loadSuppliers(); err != nil {
		return err
	}
	st := l.stock()
	rows, err := l.q.PurchaseImportMatching(l.ctx, queries.PurchaseImportMatchingParams{TenantID: l.tenant, ImportIds: l.prevIDs(), Uuids: fileUUIDs(items, "uuid")})
	if err != nil {
		return fmt.Errorf("import: read purchases: %w", err)
	}
	for _, p := range rows {
		st.purchaseByUUID[p.ID.String()] = p.ID
		if p.LegacyUuid != nil {
			st.purchaseByUUID[*p.LegacyUuid] = p.ID
		}
		st.purchaseDates[p.ID] = p.PurchaseDate
		if l.isPrev(p.ImportID) {
			st.prevPurchases.add(purchaseKey(p.ProductID, p.PurchaseDate, p.QuantityPurchased, p.UnitPrice, p.Notes), p.ID)
		}
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("uuid", "product_slug", "ingredient_slug")
		fileID, _ := r.str("id")
		prod, problem, err := l.stockProduct(section, i, label, r)
		if err != nil || prod == nil {
			if err != nil {
				return 0, err
			}
			return l.reject(section, i, label, "%s", problem)
		}
		date, ok, err := r.date("purchase_date", "purchased_at", "date")
		if err != nil || !ok {
			return l.reject(section, i, label, "no valid purchase_date")
		}
		qty, ok, err := r.qty("quantity_purchased", "quantity", "packages")
		if err != nil || !ok || !qty.IsPositive() {
			return l.reject(section, i, label, "quantity_purchased must be a number greater than zero")
		}
		price := l.money(section, i, label, r, "unit_price", "unit_cost", "price")
		supplier, err := l.stockSupplier(section, i, label, r)
		if err != nil {
			return 0, err
		}
		notes := r.text("notes")
		legacy := r.text("uuid")
		var id uuid.UUID
		o := created
		if legacy != nil {
			if existing, ok := st.purchaseByUUID[*legacy]; ok {
				id, o = existing, matched
			}
		}
		if o == created {
			if existing, ok := st.prevPurchases.take(purchaseKey(prod.id, date, qty, price, notes)); ok {
				id, o = existing, matched
			}
		}
		if o == created {
			row := purchaseRow{
				ID: uuid.New(), ProductID: prod.id, SupplierID: supplier, PurchaseDate: day(date), QuantityPurchased: qty,
				UnitPrice: price, Notes: notes, ReceiptImageURL: r.text("receipt_image_url"), CreatedBy: l.user,
				LegacyUUID: legacy, ImportID: l.imp(),
			}
			r.ignore("id", "created_at", "updated_at", "product_brand", "brand", "product_name", "package_unit",
				"package_unit_quantity", "package_size", "total_cost", "supplier_name")
			row.Extra = r.extra()
			l.p.purchases = append(l.p.purchases, row)
			id = row.ID
			if legacy != nil {
				st.purchaseByUUID[*legacy] = id
			}
		}
		st.purchaseDates[id] = date
		if fileID != "" {
			st.purchaseFileIDs[fileID] = id
		}
		return o, nil
	})
}

// stockSupplier resolves a purchase's store: supplier_id (the file's id),
// supplier_slug, supplier (a name), else the Unknown placeholder.
func (l *loader) stockSupplier(section string, i int, label string, r *record) (uuid.UUID, error) {
	x := &l.idx
	if id, ok := r.str("supplier_id"); ok {
		if sid, found := x.supplierFileIDs[id]; found {
			return sid, nil
		}
		l.rep.warn(section, i, "%s: supplier_id %s is not a supplier of this file; using Unknown", recordName(section, i, label), id)
	}
	if s := r.text("supplier_slug"); s != nil {
		if sup := x.supplierBySlug[*s]; sup != nil {
			return sup.id, nil
		}
		l.rep.warn(section, i, "%s: supplier %q not found; using Unknown", recordName(section, i, label), *s)
	}
	if s := r.text("supplier", "supplier_name", "store"); s != nil {
		return l.supplierByName(section, i, label, *s)
	}
	return l.placeholderSupplier(section, i)
}

// money reads an optional non-negative amount.
func (l *loader) money(section string, i int, label string, r *record, keys ...string) decimal.NullDecimal {
	d, ok, err := r.dec(keys...)
	switch {
	case err != nil:
		l.rep.warn(section, i, "%s: %v; left unknown", recordName(section, i, label), err)
	case ok && d.IsNegative():
		l.rep.warn(section, i, "%s: %s %s is negative; left unknown", recordName(section, i, label), keys[0], d)
	case ok && d.GreaterThanOrEqual(maxMoney):
		l.rep.warn(section, i, "%s: %s %s is too large (at most 99999999.9999); left unknown", recordName(section, i, label), keys[0], d)
	case ok:
		return decimal.NullDecimal{Decimal: d, Valid: true}
	}
	return decimal.NullDecimal{}
}

var (
	fullPackageNote = regexp.MustCompile(`(?i)\bfull package\b`)
	percentNote     = regexp.MustCompile(`(\d{1,3}(?:\.\d+)?)\s*%`)
)

// inventoryItems loads section 5: lots, quantity in the product's
// package_unit (H18), cost unknown allowed (H17), duplicates kept (H19),
// ordinal = index in the file (the FIFO tie-breaker). A lot whose notes
// contradict its quantity is imported as given and flagged for review.
// Matched by uuid, or by (product, purchase_date, initial quantity, notes,
// ordinal) among the lots of earlier runs of the same file.
func (l *loader) inventoryItems(section string, items []json.RawMessage) error {
	if err := l.loadProducts(); err != nil {
		return err
	}
	if err := l.loadSuppliers(); err != nil {
		return err
	}
	st := l.stock()
	rows, err := l.q.PantryItemImportMatching(l.ctx, queries.PantryItemImportMatchingParams{TenantID: l.tenant, ImportIds: l.prevIDs(), Uuids: fileUUIDs(items, "uuid")})
	if err != nil {
		return fmt.Errorf("import: read pantry lots: %w", err)
	}
	for _, p := range rows {
		st.lotByUUID[p.ID.String()] = p.ID
		if p.LegacyUuid != nil {
			st.lotByUUID[*p.LegacyUuid] = p.ID
		}
		if l.isPrev(p.ImportID) {
			st.prevLots.add(lotKey(p.ProductID, p.PurchaseDate, p.InitialQuantity, p.Notes, int(p.Ordinal)), p.ID)
		}
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("uuid", "product_slug", "ingredient_slug")
		prod, problem, err := l.stockProduct(section, i, label, r)
		if err != nil || prod == nil {
			if err != nil {
				return 0, err
			}
			return l.reject(section, i, label, "%s", problem)
		}
		qty, ok, err := r.dec("quantity", "remaining_quantity")
		if err != nil || !ok || qty.IsNegative() {
			return l.reject(section, i, label, "quantity must be a number of at least zero (in the product's package_unit)")
		}
		initial, ok, err := r.dec("initial_quantity")
		if err != nil || !ok || initial.IsNegative() {
			initial = qty
		}
		var purchase *uuid.UUID
		if u := r.text("purchase_uuid"); u != nil {
			if id, found := st.purchaseByUUID[*u]; found {
				purchase = &id
			} else {
				l.rep.warn(section, i, "%s: purchase %q not found; imported as initial stock", recordName(section, i, label), *u)
			}
		} else if pid, ok := r.str("purchase_id"); ok {
			if id, found := st.purchaseFileIDs[pid]; found {
				purchase = &id
			} else {
				l.rep.warn(section, i, "%s: purchase_id %s is not a purchase of this file; imported as initial stock", recordName(section, i, label), pid)
			}
		}
		date, ok, err := r.date("purchase_date", "purchased_at")
		if err != nil || !ok {
			if purchase == nil {
				return l.reject(section, i, label, "no valid purchase_date")
			}
			date = st.purchaseDates[*purchase]
		}
		source := "initial"
		if purchase != nil {
			source = "purchase"
		}
		if s := r.text("source"); s != nil && *s == "import" && purchase == nil {
			source = "import"
		}
		notes := r.text("notes")
		legacy := r.text("uuid")
		if legacy != nil {
			if _, ok := st.lotByUUID[*legacy]; ok {
				return matched, nil
			}
		}
		if _, ok := st.prevLots.take(lotKey(prod.id, date, initial, notes, i)); ok {
			return matched, nil
		}
		row := lotRow{
			ID: uuid.New(), ProductID: prod.id, PurchaseID: purchase, InitialQuantity: initial, Quantity: qty,
			UnitCost: l.money(section, i, label, r, "unit_cost"), PurchaseDate: day(date),
			ExpirationDate: l.optDate(section, i, label, r, "expiration_date"), OpenedDate: l.optDate(section, i, label, r, "opened_date"),
			Location: l.shortText(section, i, label, r, "location", 100), LotOrBatch: r.text("lot_or_batch"), Notes: notes, Source: source, Ordinal: i,
			LegacyUUID: legacy, ImportID: l.imp(),
		}
		row.NeedsReview, _ = r.boolean("needs_review")
		if why := lotContradiction(qty, prod.qty, notes); why != "" {
			row.NeedsReview = true
			l.rep.warn(section, i, "%s: %s; imported as given (quantity %s %s) and flagged for review",
				recordName(section, i, label), why, decString(qty), prod.unit)
		}
		r.ignore("id", "created_at", "updated_at", "product_brand", "brand", "product_name", "package_unit",
			"package_unit_quantity", "package_size", "ingredient_slug", "product_id", "product_slug")
		row.Extra = r.extra()
		l.p.lots = append(l.p.lots, row)
		if legacy != nil {
			st.lotByUUID[*legacy] = row.ID
		}
		return created, nil
	})
}

// lotContradiction explains when a lot's notes disagree with its quantity
// (H18): "full package" but less or more than one package, or "(50%)" but
// another fraction of the package.
func lotContradiction(qty, pkg decimal.Decimal, notes *string) string {
	if notes == nil || !pkg.IsPositive() {
		return ""
	}
	if m := percentNote.FindStringSubmatch(*notes); m != nil {
		pct, err := decimal.NewFromString(m[1])
		if err == nil {
			want := pkg.Mul(pct).Div(decimal.NewFromInt(100))
			if qty.Sub(want).Abs().GreaterThan(pkg.Div(decimal.NewFromInt(100))) {
				return fmt.Sprintf("notes say %s%% of a %s package (%s) but quantity is %s", m[1], decString(pkg), decString(want.Round(4)), decString(qty))
			}
			return ""
		}
	}
	if fullPackageNote.MatchString(*notes) && !qty.Equal(pkg) {
		return fmt.Sprintf("notes say full package (%s) but quantity is %s", decString(pkg), decString(qty))
	}
	return ""
}

// shortText reads a text field with a length limit, shortening it with a
// warning rather than losing the record.
func (l *loader) shortText(section string, i int, label string, r *record, key string, n int) *string {
	s := r.text(key)
	if s != nil {
		s = ptr(l.fitText(section, i, label, r, *s, n, key))
	}
	return s
}

// fitText shortens s (the value of the first present of keys) to the n
// characters its column holds, with a warning; the file's full text stays
// in the record's extra, which export writes back over the short copy.
func (l *loader) fitText(section string, i int, label string, r *record, s string, n int, keys ...string) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	k := r.keyOf(keys...)
	r.keepInExtra(k)
	l.rep.warn(section, i, "%s: %s longer than %d characters; shortened, the full text kept in extra", recordName(section, i, label), k, n)
	return truncate(s, n)
}

func (l *loader) optDate(section string, i int, label string, r *record, key string) *day {
	d, ok, err := r.date(key)
	if err != nil {
		l.rep.warn(section, i, "%s: %v; left empty", recordName(section, i, label), err)
		return nil
	}
	if !ok {
		return nil
	}
	return dayPtr(&d)
}

// inventoryAdjustments loads the export's adjustment log. The lot's
// quantity in the file is already after these adjustments, so they are
// history only and do not change any lot.
func (l *loader) inventoryAdjustments(section string, items []json.RawMessage) error {
	st := l.stock()
	existing := queue{}
	rows, err := l.q.InventoryAdjustmentImportList(l.ctx, queries.InventoryAdjustmentImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read adjustments: %w", err)
	}
	for _, a := range rows {
		existing.add(adjustmentKey(a.PantryItemID, a.QuantityChange, a.QuantityAfter, a.Reason, a.CreatedAt), a.ID)
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("pantry_item_uuid")
		lotRef := r.text("pantry_item_uuid", "inventory_item_uuid")
		if lotRef == nil {
			return l.reject(section, i, label, "no pantry_item_uuid")
		}
		lot, ok := st.lotByUUID[*lotRef]
		if !ok {
			return l.reject(section, i, label, "pantry item %q not found", *lotRef)
		}
		change, ok1, err1 := r.qty("quantity_change")
		after, ok2, err2 := r.dec("quantity_after")
		if !ok1 || !ok2 || err1 != nil || err2 != nil || change.IsZero() || after.IsNegative() {
			return l.reject(section, i, label, "needs a non-zero quantity_change and a quantity_after of at least zero")
		}
		reason := strings.ToLower(deref(r.text("reason", "reason_code")))
		if !tools.IsAdjustmentReason(reason) {
			l.rep.warn(section, i, "%s: reason %q is not known; stored as correction", recordName(section, i, label), reason)
			reason = "correction"
		}
		var at *time.Time
		if s, ok := r.str("created_at"); ok {
			if t, err := parseTimestamp(s); err == nil {
				at = &t
			}
		}
		if at != nil {
			if _, ok := existing.take(adjustmentKey(lot, change, after, reason, *at)); ok {
				return matched, nil
			}
		}
		notes := r.text("notes")
		if reason == "other" && notes == nil {
			notes = ptr("imported")
		}
		pct, _, _ := r.dec("percentage_remaining")
		row := adjustmentRow{
			ID: uuid.New(), PantryItemID: lot, QuantityChange: change, QuantityAfter: after, Reason: reason,
			Cost: l.money(section, i, label, r, "cost"), Notes: notes, PhotoEvidenceURL: r.text("photo_evidence_url"),
			CreatedBy: l.user, ImportID: l.imp(), CreatedAt: at,
		}
		if r.has("percentage_remaining") && pct.GreaterThanOrEqual(decimal.Zero) && pct.LessThanOrEqual(decimal.NewFromInt(100)) {
			row.PercentageRemaining = decimal.NullDecimal{Decimal: pct, Valid: true}
		}
		if s, ok := r.str("occurred_at"); ok {
			if t, err := parseTimestamp(s); err == nil {
				row.OccurredAt = &t
			} else {
				r.unread("occurred_at")
			}
		}
		r.ignore("id")
		row.Extra = r.extra()
		l.p.adjustments = append(l.p.adjustments, row)
		return created, nil
	})
}

func adjustmentKey(lot uuid.UUID, change, after decimal.Decimal, reason string, at time.Time) string {
	return strings.Join([]string{lot.String(), decString(change), decString(after), reason, at.UTC().Format(time.RFC3339Nano)}, "\x00")
}

// prevIDs are the earlier runs of this file, never nil (for = ANY()).
func (l *loader) prevIDs() []uuid.UUID {
	if l.prev == nil {
		return []uuid.UUID{}
	}
	return l.prev
}

func (l *loader) isPrev(id *uuid.UUID) bool {
	if id == nil {
		return false
	}
	for _, p := range l.prev {
		if p == *id {
			return true
		}
	}
	return false
}
