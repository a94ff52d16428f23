package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/barcode"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/units"
)

// mobileEnvelope are the header keys of a phone file that the importer
// reads; any other header value is kept on every record's extra (H25:
// device_id) and archived.
var mobileEnvelope = map[string]bool{"schema_version": true, "import_type": true, "created_at": true, "supplier": true}

// mobilePrefix marks archived phone-file header values; export leaves them
// out (they describe a scan session, not the bakery's data).
const mobilePrefix = "mobile."

// mobileState is what a repeated import of the same phone file matches:
// the scans its earlier runs queued (by ordinal), purchased and adjusted.
type mobileState struct {
	queued    map[string]bool // kind + ordinal
	purchases queue
	updates   queue
	depletes  queue
	// adjusted are the ordinals of adjustment records an earlier run of
	// the same content applied (inventory_adjustments.extra.ordinal);
	// bought those of its purchases (purchases.extra.ordinal), so a
	// purchase dated from the file's created_at matches whatever the day.
	adjusted map[int]bool
	bought   map[int]bool
}

// mobile loads a phone file. Each scan is matched to a product by its
// barcode normalised to GTIN-14 (products.gtin14, learnt barcodes, then the
// raw upc text) or by product_slug. A matched purchase is recorded with the
// add_purchase rules (tools.RecordScanPurchase); a matched inventory scan
// applies the percentage rule to the oldest open lot
// (tools.ApplyScanRemaining). A scan that matches no product, or several,
// is queued in barcode_reviews (counted as archived) — never a failure (H9).
func (l *loader) mobile(f *File) error {
	section := f.MobileList
	items, ok := asList(f.Top[section])
	if !ok {
		l.rep.warn(section, -1, "the file has no %q list: nothing to import", section)
		items = nil
	}
	fileSupplier := ""
	if s, ok := f.Top["supplier"]; ok {
		_ = json.Unmarshal(s, &fileSupplier)
	}
	fileDate := firstString(f.Top, "created_at")
	// Header values with no column go on each record's extra and into the
	// archive.
	headerExtra := map[string]json.RawMessage{}
	var keys []string
	for k := range f.Top {
		// A header key holding a list is not a header value: archived and
		// reported like any other list.
		if k != section && (!mobileEnvelope[k] || isList(f.Top[k])) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if extraList, ok := asList(f.Top[k]); ok {
			// Another list beside the scans: kept and reported as a section.
			if err := l.archiveSection(k, extraList); err != nil {
				return err
			}
			continue
		}
		headerExtra[k] = f.Top[k]
		if err := l.archiveValue(mobilePrefix+k, f.Top[k]); err != nil {
			return err
		}
	}
	st, err := l.mobileState()
	if err != nil {
		return err
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		switch section {
		case "purchases":
			return l.mobilePurchase(section, i, r, st, fileSupplier, fileDate, headerExtra)
		case "inventory_updates":
			return l.mobileUpdate(section, i, r, st)
		default:
			return l.mobileAdjustment(section, i, r, st)
		}
	})
}

func (l *loader) mobileState() (*mobileState, error) {
	st := &mobileState{queued: map[string]bool{}, purchases: queue{}, updates: queue{}, depletes: queue{}, adjusted: map[int]bool{}, bought: map[int]bool{}}
	if len(l.prev) == 0 {
		return st, nil
	}
	reviews, err := l.q.BarcodeReviewImportMatching(l.ctx, queries.BarcodeReviewImportMatchingParams{TenantID: l.tenant, ImportIds: l.prev})
	if err != nil {
		return nil, fmt.Errorf("import: read queued scans: %w", err)
	}
	for _, rv := range reviews {
		st.queued[rv.Kind+"\x00"+itoa(int(rv.Ordinal))] = true
	}
	purchases, err := l.q.PurchaseImportMatching(l.ctx, queries.PurchaseImportMatchingParams{TenantID: l.tenant, ImportIds: l.prev, Uuids: []string{}})
	if err != nil {
		return nil, fmt.Errorf("import: read purchases: %w", err)
	}
	for _, p := range purchases {
		if !l.isPrev(p.ImportID) {
			continue
		}
		var mark struct {
			Ordinal *int `json:"ordinal"`
		}
		if json.Unmarshal(p.Extra, &mark) == nil && mark.Ordinal != nil {
			st.bought[*mark.Ordinal] = true
			continue
		}
		// Runs before the ordinal was kept match by content.
		st.purchases.add(purchaseKey(p.ProductID, p.PurchaseDate, p.QuantityPurchased, p.UnitPrice, p.Notes), p.ID)
	}
	adjs, err := l.q.InventoryAdjustmentImportMatching(l.ctx, queries.InventoryAdjustmentImportMatchingParams{TenantID: l.tenant, ImportIds: l.prev})
	if err != nil {
		return nil, fmt.Errorf("import: read adjustments: %w", err)
	}
	sums := map[string]decimal.Decimal{}
	var order []string
	for _, a := range adjs {
		if a.PercentageRemaining.Valid {
			st.updates.add(updateKey(a.ProductID, a.PercentageRemaining.Decimal, a.Notes), a.ID)
			continue
		}
		var mark struct {
			Ordinal *int `json:"ordinal"`
		}
		if json.Unmarshal(a.Extra, &mark) == nil && mark.Ordinal != nil {
			st.adjusted[*mark.Ordinal] = true
			continue
		}
		// Runs before migration 00007 kept no ordinal: their sums match.
		k := a.ImportID.String() + "\x00" + a.ProductID.String() + "\x00" + a.Reason + "\x00" + deref(a.Notes)
		if _, ok := sums[k]; !ok {
			order = append(order, k)
		}
		sums[k] = sums[k].Add(a.QuantityChange)
	}
	for _, k := range order {
		_, rest, _ := strings.Cut(k, "\x00")
		st.depletes.add(rest+"\x00"+decString(sums[k]), uuid.Nil)
	}
	return st, nil
}

func updateKey(product uuid.UUID, pct decimal.Decimal, notes *string) string {
	return product.String() + "\x00" + decString(pct) + "\x00" + deref(notes)
}

// scanProducts finds the products a scan names: by product_slug, else by
// each of its barcodes (gtin, then upc).
func (l *loader) scanProducts(section string, i int, label string, r *record) (ids []uuid.UUID, raw string, gtin14 *string, err error) {
	if slug := r.text("product_slug"); slug != nil {
		if err := l.loadProducts(); err != nil {
			return nil, "", nil, err
		}
		p, _, err := l.stockProduct(section, i, label, r)
		if err != nil || p == nil {
			return nil, "", nil, err
		}
		return []uuid.UUID{p.id}, "", nil, nil
	}
	seen := map[uuid.UUID]bool{}
	for _, key := range []string{"gtin", "upc", "upc_code", "barcode"} {
		code := r.text(key)
		if code == nil {
			continue
		}
		if raw == "" {
			raw = *code
		}
		var g *string
		if n, ok, _ := barcode.Normalize(*code); ok {
			g = &n
			if gtin14 == nil {
				gtin14 = g
			}
		}
		found, err := tools.ProductIDsByBarcode(l.ctx, l.q, l.tenant, *code)
		if err != nil {
			return nil, "", nil, fmt.Errorf("import: %w", err)
		}
		for _, id := range found {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			break
		}
	}
	return ids, raw, gtin14, nil
}

// queueScan puts an unmatched scan in the review queue (archived in the
// report: kept verbatim, not applied yet).
func (l *loader) queueScan(section string, i int, label, kind, raw string, gtin14 *string, r *record, supplier string, why string) (outcome, error) {
	if len(raw) > 64 {
		return l.reject(section, i, label, "barcode longer than 64 characters")
	}
	payload, err := json.Marshal(r.fields)
	if err != nil {
		return 0, fmt.Errorf("import: encode scan: %w", err)
	}
	row := reviewRow{ID: uuid.New(), ImportID: l.imp(), Ordinal: i, Kind: kind, RawBarcode: raw, Gtin14: gtin14,
		Payload: payload, Status: "pending"}
	if s := strings.TrimSpace(supplier); s != "" {
		row.SupplierName = ptr(truncate(s, tools.MaxNameLength))
	}
	l.p.reviews = append(l.p.reviews, row)
	l.rep.warn(section, i, "%s: %s; queued for review (list_barcode_reviews, resolve_barcode_review)", recordName(section, i, label), why)
	return archived, nil
}

func (l *loader) mobilePurchase(section string, i int, r *record, st *mobileState, fileSupplier, fileDate string, header map[string]json.RawMessage) (outcome, error) {
	label := r.label("upc", "gtin", "product_slug")
	if st.queued["purchase\x00"+itoa(i)] || st.bought[i] {
		return matched, nil
	}
	ids, raw, gtin14, err := l.scanProducts(section, i, label, r)
	if err != nil {
		return 0, err
	}
	supplier := fileSupplier
	if s := r.text("supplier", "store"); s != nil {
		supplier = *s
	}
	scannedAt, hasScan := r.str("scanned_at")
	date, ok, err := r.date(tools.ScanDateKeys...)
	if err != nil || !ok {
		date = l.now()
		if d, err := parseDate(fileDate); err == nil {
			date = d
		}
		if err != nil {
			l.rep.warn(section, i, "%s: %v; dated %s", recordName(section, i, label), err, date.Format("2006-01-02"))
		}
	}
	qty, ok, err := r.qty(tools.ScanQuantityKeys...)
	if err != nil || ok && !qty.IsPositive() {
		return l.reject(section, i, label, "quantity_purchased must be a number greater than zero")
	}
	if !ok {
		qty = decimal.NewFromInt(1)
		l.rep.warn(section, i, "%s: no quantity_purchased; 1 package assumed", recordName(section, i, label))
	}
	price := l.money(section, i, label, r, tools.ScanPriceKeys...)
	notes := r.text("notes")
	if len(ids) != 1 {
		why, ok := scanMiss(raw, ids, r)
		if !ok {
			return l.reject(section, i, label, "no barcode and no product_slug")
		}
		return l.queueScan(section, i, label, "purchase", raw, gtin14, r, supplier, why)
	}
	if price.Valid {
		price.Decimal = price.Decimal.Round(4)
	}
	if _, ok := st.purchases.take(purchaseKey(ids[0], date, units.Round(qty), price, notes)); ok {
		return matched, nil
	}
	r.ignore("upc", "upc_code", "gtin", "barcode", "product_slug", "supplier", "store", "update_method")
	extra := map[string]json.RawMessage{}
	_ = json.Unmarshal(r.extra(), &extra)
	// The file's header values are namespaced: a header key must not
	// shadow the record's own key of that name when the purchase is
	// exported and imported again.
	if len(header) > 0 {
		extra["file_header"], _ = json.Marshal(header)
	}
	if hasScan {
		extra["scanned_at"], _ = json.Marshal(scannedAt)
	}
	extra["ordinal"] = json.RawMessage(itoa(i))
	extraJSON, _ := json.Marshal(extra)
	_, err = tools.RecordScanPurchase(l.ctx, l.q, l.tenant, tools.ScanPurchase{
		ProductID: ids[0], SupplierName: supplier, Date: date, Packages: qty, UnitPrice: price, Notes: notes,
		Extra: extraJSON, CreatedBy: l.user, ImportID: l.imp(),
	})
	var te *tools.Error
	if errors.As(err, &te) {
		return l.reject(section, i, label, "%s", te.Message)
	}
	if err != nil {
		return 0, err
	}
	return created, nil
}

func (l *loader) mobileUpdate(section string, i int, r *record, st *mobileState) (outcome, error) {
	label := r.label("upc", "gtin", "product_slug")
	if st.queued["inventory_update\x00"+itoa(i)] {
		return matched, nil
	}
	ids, raw, gtin14, err := l.scanProducts(section, i, label, r)
	if err != nil {
		return 0, err
	}
	pct, ok, err := r.dec(tools.ScanRemainingKeys...)
	if err != nil || !ok || pct.IsNegative() || pct.GreaterThan(decimal.NewFromInt(100)) {
		return l.reject(section, i, label, "remaining_percentage must be a number from 0 to 100")
	}
	notes := r.text("notes")
	if len(ids) != 1 {
		why, ok := scanMiss(raw, ids, r)
		if !ok {
			return l.reject(section, i, label, "no barcode and no product_slug")
		}
		return l.queueScan(section, i, label, "inventory_update", raw, gtin14, r, "", why)
	}
	if _, ok := st.updates.take(updateKey(ids[0], pct, notes)); ok {
		return matched, nil
	}
	// The scan's time and its other fields go on the adjustment.
	var occurred *time.Time
	if s, ok := r.str("scanned_at"); ok {
		if t, err := parseTimestamp(s); err == nil {
			occurred = &t
		} else {
			r.unread("scanned_at")
		}
	}
	r.ignore("upc", "upc_code", "gtin", "barcode", "product_slug")
	extra := map[string]json.RawMessage{}
	_ = json.Unmarshal(r.extra(), &extra)
	extra["ordinal"] = json.RawMessage(itoa(i))
	extraJSON, _ := json.Marshal(extra)
	res, err := tools.ApplyScanRemaining(l.ctx, l.q, l.tenant, tools.ScanRemaining{
		ProductID: ids[0], Percentage: pct, Notes: notes, CreatedBy: l.user, ImportID: l.imp(),
		Extra: extraJSON, OccurredAt: occurred,
	})
	var te *tools.Error
	if errors.As(err, &te) {
		return l.reject(section, i, label, "%s", te.Message)
	}
	if err != nil {
		return 0, err
	}
	if res.AdjustmentID == nil {
		return matched, nil // the lot already held that much
	}
	return created, nil
}

// mobileAdjustment applies the adjustments variant ({product_slug, quantity
// < 0, reason_code}): the quantity, in the product's package_unit, is taken
// first-in-first-out across its lots, one logged adjustment per lot, and
// refused when the lots hold less.
func (l *loader) mobileAdjustment(section string, i int, r *record, st *mobileState) (outcome, error) {
	label := r.label("product_slug", "upc")
	if st.adjusted[i] {
		return matched, nil
	}
	ids, _, _, err := l.scanProducts(section, i, label, r)
	if err != nil {
		return 0, err
	}
	if len(ids) != 1 {
		return l.reject(section, i, label, "no single product matches")
	}
	qty, ok, err := r.qty("quantity")
	if err != nil || !ok || !qty.IsNegative() {
		return l.reject(section, i, label, "quantity must be a negative number (the amount used, in the product's package unit)")
	}
	reason := strings.ToLower(deref(r.text("reason_code", "reason")))
	if reason == "" {
		reason = "correction"
	} else if !tools.IsAdjustmentReason(reason) {
		l.rep.warn(section, i, "%s: reason_code %q is not known; stored as correction", recordName(section, i, label), reason)
		reason = "correction"
	}
	notes := r.text("notes")
	if reason == "other" && notes == nil {
		notes = ptr("imported from the phone")
	}
	if _, ok := st.depletes.take(ids[0].String() + "\x00" + reason + "\x00" + deref(notes) + "\x00" + decString(qty)); ok {
		return matched, nil
	}
	lots, err := l.q.PantryItemImportOpenLots(l.ctx, queries.PantryItemImportOpenLotsParams{TenantID: l.tenant, ProductID: ids[0]})
	if err != nil {
		return 0, fmt.Errorf("import: read lots: %w", err)
	}
	need := qty.Neg()
	have := decimal.Zero
	for _, lot := range lots {
		have = have.Add(lot.Quantity)
	}
	if have.LessThan(need) {
		return l.reject(section, i, label, "uses %s but the lots hold only %s; stock cannot go below zero", decString(need), decString(have))
	}
	var occurred *time.Time
	if s, ok := r.str("adjusted_at"); ok {
		if t, err := parseTimestamp(s); err == nil {
			occurred = &t
		} else {
			l.rep.warn(section, i, "%s: adjusted_at %q is not a timestamp; kept in extra", recordName(section, i, label), s)
			r.used["adjusted_at"] = false
		}
	}
	r.ignore("product_slug", "upc", "upc_code", "gtin", "barcode")
	extra := map[string]json.RawMessage{}
	_ = json.Unmarshal(r.extra(), &extra)
	extra["ordinal"] = json.RawMessage(itoa(i))
	extraJSON, _ := json.Marshal(extra)
	var rows []adjustmentRow
	for _, lot := range lots {
		if !need.IsPositive() {
			break
		}
		take := decimal.Min(need, lot.Quantity)
		after := lot.Quantity.Sub(take)
		need = need.Sub(take)
		if err := l.q.PantryItemImportSetQuantity(l.ctx, queries.PantryItemImportSetQuantityParams{TenantID: l.tenant, ID: lot.ID, Quantity: after}); err != nil {
			return 0, fmt.Errorf("import: update lot: %w", err)
		}
		row := adjustmentRow{ID: uuid.New(), PantryItemID: lot.ID, QuantityChange: take.Neg(), QuantityAfter: after, Reason: reason,
			Notes: notes, CreatedBy: l.user, ImportID: l.imp(), Extra: extraJSON, OccurredAt: occurred}
		if lot.UnitCost.Valid {
			row.Cost = decimal.NewNullDecimal(take.Mul(lot.UnitCost.Decimal).Round(4))
		}
		rows = append(rows, row)
	}
	l.p.adjustments = append(l.p.adjustments, rows...)
	return created, nil
}

// scanMiss says why a scan matched no single product. A scan that names a
// product_slug the pantry lacks (H9, the F049 variant) is queued like an
// unknown barcode; ok is false when the scan names nothing at all.
func scanMiss(raw string, ids []uuid.UUID, r *record) (string, bool) {
	if raw == "" {
		slug := r.text("product_slug")
		if slug == nil {
			return "", false
		}
		return fmt.Sprintf("product_slug %q matches no single product", *slug), true
	}
	if len(ids) > 1 {
		return fmt.Sprintf("barcode %q matches %d products", raw, len(ids)), true
	}
	return fmt.Sprintf("barcode %q matches no product", raw), true
}
