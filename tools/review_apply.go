package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// The two things a phone scan does to a known product, shared by the phone
// import (package importer) and the review queue (resolve_barcode_review),
// so a scan recorded late follows exactly the rules of one recorded on
// import. Both run inside the caller's write transaction.

// ScanPurchase is a scanned purchase of a known product: packages of it at
// unit_price each.
type ScanPurchase struct {
	ProductID uuid.UUID
	// SupplierName is the store; "" means the Unknown placeholder.
	SupplierName string
	Date         time.Time
	// Packages is quantity_purchased, fractional values kept (H10: the
	// desktop truncated 1.5 to 1).
	Packages decimal.Decimal
	// UnitPrice is per package; unknown when not Valid.
	UnitPrice decimal.NullDecimal
	Notes     *string
	// Extra holds the scan's keys with no column (device_id, scanned_at).
	Extra     json.RawMessage
	CreatedBy *uuid.UUID
	ImportID  *uuid.UUID
}

// ScanPurchaseResult is the purchase and its lots.
type ScanPurchaseResult struct {
	PurchaseID   uuid.UUID
	LotIDs       []uuid.UUID
	SupplierID   uuid.UUID
	SupplierName string
	PackageUnit  string
	// UnitCost is per package_unit (price ÷ package_unit_quantity).
	UnitCost decimal.NullDecimal
}

// RecordScanPurchase records the purchase and puts one lot per package on
// the shelf, each lot in the product's package_unit with unit_cost per that
// unit. The supplier is found by name (created when new) or is Unknown.
func RecordScanPurchase(ctx context.Context, q *queries.Queries, tenant uuid.UUID, p ScanPurchase) (ScanPurchaseResult, error) {
	var res ScanPurchaseResult
	if !p.Packages.IsPositive() {
		return res, Invalid("quantity_purchased", "must be greater than 0, got %s", p.Packages)
	}
	if p.UnitPrice.Valid && (p.UnitPrice.Decimal.IsNegative() || p.UnitPrice.Decimal.GreaterThanOrEqual(maxMoney)) {
		return res, Invalid("unit_price", "must be 0 or more and below 100000000, got %s", p.UnitPrice.Decimal)
	}
	prod, err := q.ProductImportGet(ctx, queries.ProductImportGetParams{TenantID: tenant, ID: p.ProductID})
	if errors.Is(err, pgx.ErrNoRows) {
		return res, NotFound("product", "product "+p.ProductID.String())
	}
	if err != nil {
		return res, fmt.Errorf("scan purchase: read product: %w", err)
	}
	lots, err := SplitLots(p.Packages.Mul(prod.PackageUnitQuantity), prod.PackageUnitQuantity, "quantity_purchased")
	if err != nil {
		return res, err
	}
	var supplier queries.Supplier
	if strings.TrimSpace(p.SupplierName) == "" {
		supplier, err = unknownSupplier(ctx, q, tenant)
	} else {
		supplier, err = supplierByName(ctx, q, tenant, p.SupplierName)
	}
	if err != nil {
		return res, err
	}
	res = ScanPurchaseResult{PurchaseID: uuid.New(), SupplierID: supplier.ID, SupplierName: supplier.Name, PackageUnit: prod.PackageUnit}
	price := decimal.NullDecimal{}
	if p.UnitPrice.Valid {
		price = decimal.NewNullDecimal(p.UnitPrice.Decimal.Round(4))
		res.UnitCost = decimal.NewNullDecimal(p.UnitPrice.Decimal.DivRound(prod.PackageUnitQuantity, 6))
	}
	extra := p.Extra
	if len(extra) == 0 {
		extra = json.RawMessage("{}")
	}
	date := p.Date.Format("2006-01-02")
	purchase, err := json.Marshal([]map[string]any{{
		"id": res.PurchaseID, "product_id": prod.ID, "supplier_id": supplier.ID, "purchase_date": date,
		"quantity_purchased": units.Round(p.Packages), "unit_price": price, "notes": p.Notes,
		"created_by": p.CreatedBy, "extra": extra, "import_id": p.ImportID,
	}})
	if err != nil {
		return res, fmt.Errorf("scan purchase: %w", err)
	}
	if err := q.PurchaseImportInsert(ctx, queries.PurchaseImportInsertParams{TenantID: tenant, Rows: purchase}); err != nil {
		return res, fmt.Errorf("scan purchase: insert purchase: %w", err)
	}
	rows := make([]map[string]any, len(lots))
	for i, qty := range lots {
		id := uuid.New()
		res.LotIDs = append(res.LotIDs, id)
		rows[i] = map[string]any{
			"id": id, "product_id": prod.ID, "purchase_id": res.PurchaseID, "initial_quantity": qty, "quantity": qty,
			"unit_cost": res.UnitCost, "purchase_date": date, "source": "purchase", "ordinal": i,
			"needs_review": false, "extra": json.RawMessage("{}"), "import_id": p.ImportID,
		}
	}
	body, err := json.Marshal(rows)
	if err != nil {
		return res, fmt.Errorf("scan purchase: %w", err)
	}
	if err := q.PantryItemImportInsert(ctx, queries.PantryItemImportInsertParams{TenantID: tenant, Rows: body}); err != nil {
		return res, fmt.Errorf("scan purchase: insert lots: %w", err)
	}
	return res, nil
}

// ScanRemaining is a scanned "this much is left" of a known product.
type ScanRemaining struct {
	ProductID  uuid.UUID
	Percentage decimal.Decimal
	Notes      *string
	CreatedBy  *uuid.UUID
	ImportID   *uuid.UUID
	// Extra keeps the scan's other fields on the adjustment; OccurredAt is
	// when it was scanned (scanned_at), created_at staying the import time.
	Extra      json.RawMessage
	OccurredAt *time.Time
}

// ScanRemainingResult is what the scan changed. AdjustmentID is nil when the
// lot already held that much.
type ScanRemainingResult struct {
	LotID        uuid.UUID
	Before       decimal.Decimal
	After        decimal.Decimal
	Unit         string
	AdjustmentID *uuid.UUID
}

// ApplyScanRemaining applies the cloud percentage rule (docs/domain.md §8) to the
// product's oldest lot that still holds something: the percentage is of one
// physical package of the lot (for an N-package lot, of N packages: the
// larger of the lot's initial quantity and one package), so "50 %" of a
// 5 lb bag is 2.5 lb whatever was recorded before. The difference is logged
// as a correction; a scan never raises stock (that is a purchase) and 0 %
// empties the lot.
func ApplyScanRemaining(ctx context.Context, q *queries.Queries, tenant uuid.UUID, s ScanRemaining) (ScanRemainingResult, error) {
	var res ScanRemainingResult
	if s.Percentage.IsNegative() || s.Percentage.GreaterThan(hundred) {
		return res, Invalid("remaining_percentage", "must be between 0 and 100, got %s", s.Percentage)
	}
	prod, err := q.ProductImportGet(ctx, queries.ProductImportGetParams{TenantID: tenant, ID: s.ProductID})
	if errors.Is(err, pgx.ErrNoRows) {
		return res, NotFound("product", "product "+s.ProductID.String())
	}
	if err != nil {
		return res, fmt.Errorf("scan remaining: read product: %w", err)
	}
	lots, err := q.PantryItemImportOpenLots(ctx, queries.PantryItemImportOpenLotsParams{TenantID: tenant, ProductID: prod.ID})
	if err != nil {
		return res, fmt.Errorf("scan remaining: read lots: %w", err)
	}
	if len(lots) == 0 {
		return res, Unprocessable("remaining_percentage", "product %s has no pantry lot with anything left to adjust; record a purchase first", prod.Slug)
	}
	lot := lots[0]
	original := PercentReference(lot.InitialQuantity, prod.PackageUnitQuantity)
	target := PercentRemaining(lot.InitialQuantity, prod.PackageUnitQuantity, s.Percentage)
	res = ScanRemainingResult{LotID: lot.ID, Before: lot.Quantity, After: target, Unit: prod.PackageUnit}
	change := target.Sub(lot.Quantity)
	switch {
	case change.IsZero():
		return res, nil
	case change.IsPositive():
		return ScanRemainingResult{}, Unprocessable("remaining_percentage",
			"%s%% of %s %s is %s %s, more than the %s %s the oldest lot holds; a scan only lowers stock (new stock is a purchase)",
			s.Percentage, original, prod.PackageUnit, target, prod.PackageUnit, lot.Quantity, prod.PackageUnit)
	}
	var cost decimal.NullDecimal
	if lot.UnitCost.Valid {
		cost = decimal.NewNullDecimal(change.Abs().Mul(lot.UnitCost.Decimal).Round(4))
	}
	if err := q.PantryItemImportSetQuantity(ctx, queries.PantryItemImportSetQuantityParams{TenantID: tenant, ID: lot.ID, Quantity: target}); err != nil {
		return res, fmt.Errorf("scan remaining: update lot: %w", err)
	}
	adj := uuid.New()
	body, err := json.Marshal([]map[string]any{{
		"id": adj, "pantry_item_id": lot.ID, "quantity_change": change, "quantity_after": target, "reason": "correction",
		"percentage_remaining": s.Percentage, "cost": cost, "notes": s.Notes, "created_by": s.CreatedBy, "import_id": s.ImportID,
		"extra": s.Extra, "occurred_at": s.OccurredAt,
	}})
	if err != nil {
		return res, fmt.Errorf("scan remaining: %w", err)
	}
	if err := q.InventoryAdjustmentImportInsert(ctx, queries.InventoryAdjustmentImportInsertParams{TenantID: tenant, Rows: body}); err != nil {
		return res, fmt.Errorf("scan remaining: log adjustment: %w", err)
	}
	res.AdjustmentID = &adj
	return res, nil
}
