package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

func (t *Tools) resolveReview(ctx context.Context, q *queries.Queries, id identity.Identity, rid uuid.UUID, action string, in ResolveBarcodeReviewInput) (ResolveBarcodeReviewOutput, error) {
	out := ResolveBarcodeReviewOutput{PantryItemIDs: []string{}}
	rv, err := q.BarcodeReviewGetForUpdate(ctx, queries.BarcodeReviewGetForUpdateParams{TenantID: id.TenantID, ID: rid})
	if errors.Is(err, pgx.ErrNoRows) {
		return out, NotFound("review_id", fmt.Sprintf("barcode review %s (list_barcode_reviews shows the queue)", rid))
	}
	if err != nil {
		return out, fmt.Errorf("read review: %w", err)
	}
	if rv.Status != "pending" {
		return out, Conflict("review_id", "this scan was already resolved (%s); list_barcode_reviews with status pending shows what is left", rv.Status)
	}
	user := pantryUser(id.UserID)
	var status string
	var product *uuid.UUID
	var notes []string
	switch action {
	case "skip":
		status = "skipped"
		notes = append(notes, "Skipped: nothing was recorded.")
	case "map":
		p, err := resolveProductRef(ctx, q, id.TenantID, "product", in.Product)
		if err != nil {
			return out, err
		}
		if err := t.learnBarcode(ctx, q, id.TenantID, p.ID, rv); err != nil {
			return out, err
		}
		status, product = "mapped", &p.ID
		notes = append(notes, fmt.Sprintf("Product %s now knows barcode %s.", p.Slug, rv.RawBarcode))
	case "create":
		pid, slug, err := createReviewProduct(ctx, q, id.TenantID, rv, *in.NewProduct)
		if err != nil {
			return out, err
		}
		status, product = "created", &pid
		notes = append(notes, fmt.Sprintf("Created product %s with barcode %s.", slug, rv.RawBarcode))
	}
	if product != nil {
		out.ProductID = product.String()
		msg, err := applyReviewedScan(ctx, q, id.TenantID, user, rv, *product, &out)
		if err != nil {
			return ResolveBarcodeReviewOutput{}, err
		}
		notes = append(notes, msg)
	}
	done, err := q.BarcodeReviewResolve(ctx, queries.BarcodeReviewResolveParams{
		TenantID: id.TenantID, ID: rv.ID, Status: status, ResolvedProductID: product, ResolvedBy: user,
	})
	if err != nil {
		return ResolveBarcodeReviewOutput{}, fmt.Errorf("resolve review: %w", err)
	}
	out.Success, out.Review, out.Message = true, reviewOut(done), strings.Join(notes, " ")
	return out, nil
}

// learnBarcode remembers the scanned code on the product, refusing a code
// another product already has (one code, one product).
func (t *Tools) learnBarcode(ctx context.Context, q *queries.Queries, tenant, product uuid.UUID, rv queries.BarcodeReview) error {
	raw := strings.TrimSpace(rv.RawBarcode)
	if raw == "" {
		return nil
	}
	if len(raw) > 40 {
		return Unprocessable("review_id", "the scanned barcode is longer than 40 characters and cannot be stored on a product; skip this scan")
	}
	if rv.Gtin14 != nil {
		owners, err := ProductIDsByBarcode(ctx, q, tenant, raw)
		if err != nil {
			return fmt.Errorf("barcode owners: %w", err)
		}
		for _, owner := range owners {
			if owner != product {
				return Conflict("product", "barcode %s already belongs to product %s; map the scan to that product", raw, owner)
			}
		}
	}
	_, err := q.ProductBarcodeImportClaim(ctx, queries.ProductBarcodeImportClaimParams{TenantID: tenant, ProductID: product, Raw: raw, Gtin14: rv.Gtin14})
	if errors.Is(err, pgx.ErrNoRows) {
		prev, err := q.ProductBarcodeImportGetByRaw(ctx, queries.ProductBarcodeImportGetByRawParams{TenantID: tenant, Raw: raw})
		if err != nil {
			return fmt.Errorf("barcode: %w", err)
		}
		if prev.ProductID != product {
			return Conflict("product", "barcode %s already belongs to another product (%s); map the scan to that product", raw, prev.ProductID)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("learn barcode: %w", err)
	}
	return nil
}

// createReviewProduct creates the product a scan turned out to be, with the
// scanned code as its barcode.
func createReviewProduct(ctx context.Context, q *queries.Queries, tenant uuid.UUID, rv queries.BarcodeReview, np NewReviewProduct) (uuid.UUID, string, error) {
	brand, name := textOrNil(np.Brand), textOrNil(np.ProductName)
	if err := productTexts(brand, name, nil, nil); err != nil {
		return uuid.Nil, "", renameField(err, "new_product.")
	}
	unit, err := packageUnit(np.PackageUnit)
	if err != nil {
		return uuid.Nil, "", renameField(err, "new_product.")
	}
	qty, err := packageQuantity(np.PackageUnitQuantity)
	if err != nil {
		return uuid.Nil, "", renameField(err, "new_product.")
	}
	ing, err := productIngredient(ctx, q, tenant, np.Ingredient)
	if err != nil {
		return uuid.Nil, "", renameField(err, "new_product.")
	}
	bc, err := parseBarcode(rv.RawBarcode)
	if err != nil {
		return uuid.Nil, "", Unprocessable("review_id", "the scanned barcode cannot be stored on a product: %s", err.Error())
	}
	if err := barcodeFree(ctx, q, tenant, uuid.Nil, bc); err != nil {
		return uuid.Nil, "", err
	}
	slug, err := UniqueSlug(ProductSlug(ing.Slug, brand, qty, unit), '_', func(s string) (bool, error) {
		return q.ProductSlugTaken(ctx, queries.ProductSlugTakenParams{TenantID: tenant, Slug: s})
	})
	if err != nil {
		return uuid.Nil, "", fmt.Errorf("product slug: %w", err)
	}
	p, err := q.ProductCreate(ctx, queries.ProductCreateParams{
		TenantID: tenant, IngredientID: ing.ID, Slug: slug, Brand: brand, ProductName: name,
		NameKey: productNameKey(brand, name, ing.DisplayName), PackageUnit: unit, PackageUnitQuantity: qty,
		UpcCode: bc.upc, Gtin: bc.gtin, Gtin14: bc.gtin14,
	})
	if err != nil {
		return uuid.Nil, "", fmt.Errorf("create product: %w", err)
	}
	return p.ID, slug, nil
}

// renameField prefixes the field of a tool error (ingredient →
// new_product.ingredient) so the caller knows which argument to fix.
func renameField(err error, prefix string) error {
	var e *Error
	if errors.As(err, &e) && e.Field != "" && !strings.HasPrefix(e.Field, prefix) {
		c := *e
		c.Field = prefix + c.Field
		return &c
	}
	return err
}

// applyReviewedScan does what the scan would have done had its barcode been
// known at import: record the purchase, or set what is left.
func applyReviewedScan(ctx context.Context, q *queries.Queries, tenant uuid.UUID, user *uuid.UUID, rv queries.BarcodeReview, product uuid.UUID, out *ResolveBarcodeReviewOutput) (string, error) {
	p := DecodeScanRecord(rv.Payload)
	// A value the scan has but that cannot be read leaves the review
	// pending (the caller's transaction rolls back) rather than guessing.
	for _, keys := range [][]string{ScanQuantityKeys, ScanPriceKeys, ScanRemainingKeys, ScanDateKeys} {
		for _, k := range keys {
			if why, bad := p.Problems[k]; bad {
				return "", Unprocessable("review_id", "the scan's %s %s; nothing was recorded and the review stays pending — skip it, or import a corrected scan", k, why)
			}
		}
	}
	if rv.Kind == "inventory_update" {
		if p.Remaining == nil {
			return "", Unprocessable("review_id", "the scan has no remaining_percentage (nor percentage_remaining or percentage); nothing was adjusted and the review stays pending — skip it instead")
		}
		pct := *p.Remaining
		res, err := ApplyScanRemaining(ctx, q, tenant, ScanRemaining{ProductID: product, Percentage: pct, Notes: p.Notes, CreatedBy: user, ImportID: rv.ImportID})
		var te *Error
		if errors.As(err, &te) {
			return "Not adjusted: " + te.Message + ".", nil
		}
		if err != nil {
			return "", err
		}
		if res.AdjustmentID == nil {
			return fmt.Sprintf("The oldest lot already holds %s %s; nothing changed.", res.After, res.Unit), nil
		}
		out.AdjustmentID = res.AdjustmentID.String()
		return fmt.Sprintf("Set the oldest lot from %s to %s %s (%s%%).", res.Before, res.After, res.Unit, pct), nil
	}
	packages := decimal.NewFromInt(1)
	if p.Packages != nil {
		packages = *p.Packages
	}
	var price decimal.NullDecimal
	if p.UnitPrice != nil {
		price = decimal.NewNullDecimal(*p.UnitPrice)
	}
	date := rv.CreatedAt
	if p.Date != nil {
		date = *p.Date
	}
	extra := json.RawMessage("{}")
	if p.ScannedAt != "" {
		extra, _ = json.Marshal(map[string]string{"scanned_at": p.ScannedAt})
	}
	res, err := RecordScanPurchase(ctx, q, tenant, ScanPurchase{ProductID: product, SupplierName: textOf(rv.SupplierName), Date: date,
		Packages: packages, UnitPrice: price, Notes: p.Notes, Extra: extra, CreatedBy: user, ImportID: rv.ImportID})
	if err != nil {
		return "", err
	}
	out.PurchaseID = res.PurchaseID.String()
	for _, l := range res.LotIDs {
		out.PantryItemIDs = append(out.PantryItemIDs, l.String())
	}
	lots := "lots"
	if len(res.LotIDs) == 1 {
		lots = "lot"
	}
	return fmt.Sprintf("Recorded the purchase of %s package(s) at %s on %s: %d pantry %s.",
		packages, res.SupplierName, date.Format("2006-01-02"), len(res.LotIDs), lots), nil
}
