package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// importTools is the import toolset: the review queue of phone scans whose
// barcode matched no product (imports themselves run from the CLI and
// POST /api/imports).
func importTools() []ServerTool {
	return []ServerTool{
		def(ToolsetImport, Read, &mcp.Tool{Name: "list_barcode_reviews", Title: "List scans to review",
			Description: "Phone scans (purchases and inventory updates) whose barcode matched no product, oldest first, each with the scan as the phone sent it. " +
				"Resolve each with resolve_barcode_review. " +
				`Example: {"status": "pending", "limit": 20}`}, (*Tools).ListBarcodeReviews),
		def(ToolsetImport, Consume, &mcp.Tool{Name: "resolve_barcode_review", Title: "Resolve a scan",
			Description: "Resolve a queued scan: map it to an existing product (the product learns the barcode), create a new product for it, or skip it. " +
				"For a purchase scan the purchase and its pantry lots are recorded then; for an inventory scan the oldest lot is set to the percentage. " +
				`Example: {"review_id": "7f1c9a4e-2b1d-4c3e-9f00-5a6b7c8d9e0f", "action": "map", "product": "flour_all_purpose:King Arthur:5:lb"}`}, (*Tools).ResolveBarcodeReview),
	}
}

// BarcodeReview is one queued scan.
type BarcodeReview struct {
	ID                string         `json:"id"`
	Kind              string         `json:"kind"`
	RawBarcode        string         `json:"raw_barcode"`
	GTIN14            string         `json:"gtin14"`
	SupplierName      string         `json:"supplier_name"`
	Status            string         `json:"status"`
	Summary           string         `json:"summary"`
	Payload           map[string]any `json:"payload"`
	ImportID          string         `json:"import_id"`
	ResolvedProductID string         `json:"resolved_product_id"`
	ResolvedAt        *time.Time     `json:"resolved_at"`
	CreatedAt         time.Time      `json:"created_at"`
}

func reviewOut(r queries.BarcodeReview) BarcodeReview {
	out := BarcodeReview{ID: r.ID.String(), Kind: r.Kind, RawBarcode: r.RawBarcode, GTIN14: textOf(r.Gtin14),
		SupplierName: textOf(r.SupplierName), Status: r.Status, Payload: map[string]any{}, ResolvedAt: r.ResolvedAt, CreatedAt: r.CreatedAt}
	_ = json.Unmarshal(r.Payload, &out.Payload)
	if out.Payload == nil {
		out.Payload = map[string]any{}
	}
	if r.ImportID != nil {
		out.ImportID = r.ImportID.String()
	}
	if r.ResolvedProductID != nil {
		out.ResolvedProductID = r.ResolvedProductID.String()
	}
	out.Summary = reviewSummary(r, out.Payload)
	return out
}

// reviewSummary says in one line what the scan was.
func reviewSummary(r queries.BarcodeReview, p map[string]any) string {
	val := func(k string) string {
		if v, ok := p[k]; ok && v != nil {
			return fmt.Sprint(v)
		}
		return ""
	}
	var b strings.Builder
	if r.Kind == "purchase" {
		fmt.Fprintf(&b, "purchase of %s package(s) with barcode %s", orText(val("quantity_purchased"), "1"), r.RawBarcode)
		if s := textOf(r.SupplierName); s != "" {
			fmt.Fprintf(&b, " at %s", s)
		}
		if v := val("unit_price"); v != "" {
			fmt.Fprintf(&b, " for %s each", v)
		}
	} else {
		fmt.Fprintf(&b, "%s%% left of barcode %s", orText(val("remaining_percentage"), "?"), r.RawBarcode)
	}
	if v := val("scanned_at"); v != "" {
		fmt.Fprintf(&b, ", scanned %s", v)
	}
	if v := val("notes"); v != "" {
		fmt.Fprintf(&b, " (%s)", v)
	}
	return b.String()
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ListBarcodeReviewsInput filters and pages the queue.
type ListBarcodeReviewsInput struct {
	Status string `json:"status,omitempty" jsonschema:"pending (default), mapped, created, skipped, or all"`
	Limit  int    `json:"limit,omitempty" jsonschema:"reviews per page, 1-500 (default 50)"`
	Cursor string `json:"cursor,omitempty" jsonschema:"next_cursor of the previous page"`
}

// ListBarcodeReviewsOutput is one page of the queue.
type ListBarcodeReviewsOutput struct {
	Reviews    []BarcodeReview `json:"reviews"`
	NextCursor string          `json:"next_cursor"`
}

type reviewCursor struct {
	Created time.Time `json:"c"`
	Ordinal int32     `json:"o"`
	ID      uuid.UUID `json:"id"`
}

// ListBarcodeReviews pages through the queue, oldest first.
func (t *Tools) ListBarcodeReviews(ctx context.Context, id identity.Identity, in ListBarcodeReviewsInput) (ListBarcodeReviewsOutput, error) {
	out := ListBarcodeReviewsOutput{Reviews: []BarcodeReview{}}
	limit, err := pageLimit(in.Limit)
	if err != nil {
		return out, err
	}
	p := queries.BarcodeReviewListParams{TenantID: id.TenantID, RowLimit: limit + 1}
	switch s := strings.ToLower(strings.TrimSpace(in.Status)); s {
	case "":
		p.Status = ptrTo("pending")
	case "all":
	case "pending", "mapped", "created", "skipped":
		p.Status = &s
	default:
		return out, Invalid("status", "%q is not a status; use pending, mapped, created, skipped or all", in.Status)
	}
	if in.Cursor != "" {
		c, err := decodeReviewCursor(in.Cursor)
		if err != nil {
			return out, err
		}
		p.AfterCreatedAt, p.AfterOrdinal, p.AfterID = &c.Created, c.Ordinal, c.ID
	}
	var rows []queries.BarcodeReview
	err = t.read(ctx, id, func(q *queries.Queries) error {
		var err error
		rows, err = q.BarcodeReviewList(ctx, p)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("list barcode reviews: %w", err)
	}
	if len(rows) > int(limit) {
		rows = rows[:limit]
		last := rows[len(rows)-1]
		out.NextCursor = encodeCursor(reviewCursor{Created: last.CreatedAt, Ordinal: last.Ordinal, ID: last.ID})
	}
	for _, r := range rows {
		out.Reviews = append(out.Reviews, reviewOut(r))
	}
	return out, nil
}

func decodeReviewCursor(s string) (reviewCursor, error) {
	return decodeCursor(s, "list_barcode_reviews", func(c reviewCursor) bool { return c.ID != uuid.Nil && !c.Created.IsZero() })
}

func ptrTo[T any](v T) *T { return &v }

// NewReviewProduct describes the product created for a scan.
type NewReviewProduct struct {
	Ingredient          string          `json:"ingredient" jsonschema:"the leaf ingredient it contains: id, slug or exact name"`
	Brand               string          `json:"brand,omitempty" jsonschema:"brand, e.g. Gold Medal"`
	ProductName         string          `json:"product_name,omitempty" jsonschema:"variant, e.g. Unbleached"`
	PackageUnit         string          `json:"package_unit" jsonschema:"unit of the contents (g, kg, oz, lb, ml, l, fl oz, each...), not the container"`
	PackageUnitQuantity decimal.Decimal `json:"package_unit_quantity" jsonschema:"contents per package in package_unit, e.g. 5 for a 5 lb bag"`
}

// ResolveBarcodeReviewInput says what a queued scan is.
type ResolveBarcodeReviewInput struct {
	ReviewID       string            `json:"review_id" jsonschema:"the review's id from list_barcode_reviews"`
	Action         string            `json:"action" jsonschema:"map (to an existing product), create (a new product) or skip"`
	Product        string            `json:"product,omitempty" jsonschema:"for map: the product's id or slug"`
	NewProduct     *NewReviewProduct `json:"new_product,omitempty" jsonschema:"for create: the product to create"`
	IdempotencyKey string            `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying so the scan is applied once"`
}

// ResolveBarcodeReviewOutput is the resolved review and what it recorded.
type ResolveBarcodeReviewOutput struct {
	Success       bool          `json:"success"`
	Review        BarcodeReview `json:"review"`
	ProductID     string        `json:"product_id"`
	PurchaseID    string        `json:"purchase_id"`
	PantryItemIDs []string      `json:"pantry_item_ids"`
	AdjustmentID  string        `json:"adjustment_id"`
	Message       string        `json:"message"`
}

// ResolveBarcodeReview maps, creates or skips a queued scan.
func (t *Tools) ResolveBarcodeReview(ctx context.Context, id identity.Identity, in ResolveBarcodeReviewInput) (ResolveBarcodeReviewOutput, error) {
	rid, err := parseID("review_id", in.ReviewID)
	if err != nil {
		return ResolveBarcodeReviewOutput{}, err
	}
	action := strings.ToLower(strings.TrimSpace(in.Action))
	switch action {
	case "map":
		if strings.TrimSpace(in.Product) == "" {
			return ResolveBarcodeReviewOutput{}, Invalid("product", "map needs the product: its id or slug (list_products finds it)")
		}
	case "create":
		if in.NewProduct == nil {
			return ResolveBarcodeReviewOutput{}, Invalid("new_product", "create needs new_product: ingredient, package_unit and package_unit_quantity (brand and product_name optional)")
		}
	case "skip":
	default:
		return ResolveBarcodeReviewOutput{}, Invalid("action", "%q is not an action; use map, create or skip", in.Action)
	}
	var out ResolveBarcodeReviewOutput
	err = t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "resolve_barcode_review", in, func() (ResolveBarcodeReviewOutput, error) {
			return t.resolveReview(ctx, q, id, rid, action, in)
		})
		return err
	})
	if err != nil {
		return ResolveBarcodeReviewOutput{}, fmt.Errorf("resolve barcode review: %w", err)
	}
	return out, nil
}
