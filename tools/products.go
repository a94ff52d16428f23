package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/barcode"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// Product is a buyable package of a leaf ingredient as the tools show it.
// The raw barcode text stays in upc_code (up to 12 digits) or gtin; gtin14
// is set only when the GS1 check digit holds, and barcode_status says which.
type Product struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	// Name is built (ProductLabel), not stored: the slug of an imported
	// product is its desktop key, not something to show.
	Name                  string          `json:"name" jsonschema:"a readable name built from brand, product or ingredient name and package size"`
	IngredientID          string          `json:"ingredient_id"`
	IngredientSlug        string          `json:"ingredient_slug"`
	IngredientName        string          `json:"ingredient_name"`
	Brand                 *string         `json:"brand"`
	ProductName           *string         `json:"product_name"`
	PackageUnit           string          `json:"package_unit"`
	PackageUnitQuantity   decimal.Decimal `json:"package_unit_quantity"`
	PackageType           *string         `json:"package_type"`
	PackageSize           *string         `json:"package_size"`
	UPCCode               *string         `json:"upc_code"`
	GTIN                  *string         `json:"gtin"`
	GTIN14                *string         `json:"gtin14"`
	BarcodeStatus         string          `json:"barcode_status,omitempty"`
	Barcodes              []string        `json:"barcodes,omitempty"`
	IsPreferred           bool            `json:"is_preferred"`
	PreferredSupplierID   *string         `json:"preferred_supplier_id"`
	PreferredSupplierSlug string          `json:"preferred_supplier_slug,omitempty"`
	IsHidden              bool            `json:"is_hidden"`
	IsProvisional         bool            `json:"is_provisional"`
	NeedsReview           bool            `json:"needs_review"`
	Notes                 *string         `json:"notes"`
	Match                 string          `json:"match,omitempty"`
	CreatedAt             time.Time       `json:"created_at"`
	UpdatedAt             time.Time       `json:"updated_at"`
}

func productOut(p queries.Product, ingSlug, ingName string) Product {
	return Product{
		ID: p.ID.String(), Slug: p.Slug, Name: ProductLabel(p.Brand, p.ProductName, ingName, p.PackageUnitQuantity, p.PackageUnit),
		IngredientID: p.IngredientID.String(), IngredientSlug: ingSlug, IngredientName: ingName,
		Brand: p.Brand, ProductName: p.ProductName, PackageUnit: p.PackageUnit, PackageUnitQuantity: p.PackageUnitQuantity,
		PackageType: p.PackageType, PackageSize: p.PackageSize, UPCCode: p.UpcCode, GTIN: p.Gtin, GTIN14: p.Gtin14,
		BarcodeStatus: barcodeStatus(p), IsPreferred: p.IsPreferred, PreferredSupplierID: catalogIDString(p.PreferredSupplierID),
		IsHidden: p.IsHidden, IsProvisional: p.IsProvisional, NeedsReview: p.NeedsReview, Notes: p.Notes,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
	}
}

// barcodeStatus is "verified" when the product has a checked GTIN-14,
// "unverified: <reason>" when it only has raw text, "" when it has none.
func barcodeStatus(p queries.Product) string {
	if p.Gtin14 != nil {
		return "verified"
	}
	raw := p.Gtin
	if raw == nil {
		raw = p.UpcCode
	}
	if raw == nil {
		return ""
	}
	_, _, reason := barcode.Normalize(*raw)
	return "unverified: " + reason
}

// productNameKey is products.name_key: the normalised "brand product_name
// ingredient name" ("King Arthur Bread Flour" → "king arthur bread flour"),
// so a product can be searched by how people say it.
func productNameKey(brand, productName *string, ingredientName string) string {
	return NameKey(strings.Join([]string{textOf(brand), textOf(productName), ingredientName}, " "))
}

// ListProductsInput pages through the products.
type ListProductsInput struct {
	Ingredient    string `json:"ingredient,omitempty" jsonschema:"only products of this ingredient (id, slug or exact name)"`
	Query         string `json:"query,omitempty" jsonschema:"part of brand, product name or ingredient name, or the start of the slug"`
	IncludeHidden bool   `json:"include_hidden,omitempty" jsonschema:"true also lists hidden products"`
	Limit         int    `json:"limit,omitempty" jsonschema:"page size, 1 to 500 (default 50)"`
	Cursor        string `json:"cursor,omitempty" jsonschema:"next_cursor from the previous page"`
}

// ListProductsOutput is one page; next_cursor is empty on the last.
type ListProductsOutput struct {
	Products   []Product `json:"products"`
	NextCursor string    `json:"next_cursor"`
}

// ListProducts lists a page of products ordered by slug.
func (t *Tools) ListProducts(ctx context.Context, id identity.Identity, in ListProductsInput) (ListProductsOutput, error) {
	limit, err := pageLimit(in.Limit)
	if err != nil {
		return ListProductsOutput{}, err
	}
	afterSlug, afterID, err := decodeCatalogCursor(in.Cursor)
	if err != nil {
		return ListProductsOutput{}, err
	}
	namePat, slugPat := catalogSearch(in.Query)
	var rows []queries.ProductListRow
	err = t.readMaybeSeveral(ctx, id, strings.TrimSpace(in.Ingredient) != "", func(q *queries.Queries) error {
		p := queries.ProductListParams{
			TenantID: id.TenantID, IncludeHidden: in.IncludeHidden, AfterSlug: afterSlug, AfterID: afterID,
			NamePattern: namePat, SlugPattern: slugPat, RowLimit: limit + 1,
		}
		if strings.TrimSpace(in.Ingredient) != "" {
			ing, err := ingredientByRef(ctx, q, id.TenantID, "ingredient", in.Ingredient, true, isLeaf)
			if err != nil {
				return err
			}
			p.IngredientID = &ing.ID
		}
		rows, err = q.ProductList(ctx, p)
		return err
	})
	if err != nil {
		return ListProductsOutput{}, catalogErr(err, "list products")
	}
	out := ListProductsOutput{Products: make([]Product, 0, len(rows))}
	if len(rows) > int(limit) {
		rows = rows[:limit]
		last := rows[len(rows)-1].Product
		out.NextCursor = encodeCatalogCursor(last.Slug, last.ID)
	}
	for _, r := range rows {
		out.Products = append(out.Products, productOut(r.Product, r.IngredientSlug, r.IngredientName))
	}
	return out, nil
}

// GetProductInput names one product.
type GetProductInput struct {
	ID string `json:"id" jsonschema:"the product's id or slug"`
}

// GetProduct returns one product (by id or slug).
func (t *Tools) GetProduct(ctx context.Context, id identity.Identity, in GetProductInput) (Product, error) {
	var out Product
	err := t.read(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = productDetail(ctx, q, id.TenantID, "id", in.ID)
		return err
	})
	return out, catalogErr(err, "get product")
}

// productDetail reads the full output form of a product by id or slug.
func productDetail(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref string) (Product, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Product{}, Invalid(field, "give the product's id or slug (list_products finds them)")
	}
	p := queries.ProductDetailParams{TenantID: tenant}
	if u, err := uuid.Parse(ref); err == nil {
		p.ID = &u
	} else {
		p.Slug = &ref
	}
	r, err := q.ProductDetail(ctx, p)
	if errors.Is(err, pgx.ErrNoRows) {
		return Product{}, catalogNotFound(field, fmt.Sprintf("product %q", ref), "search with list_products or find_product_by_barcode")
	}
	if err != nil {
		return Product{}, err
	}
	out := productOut(r.Product, r.IngredientSlug, r.IngredientName)
	out.PreferredSupplierSlug = textOf(r.SupplierSlug)
	out.Barcodes = r.Barcodes
	return out, nil
}

// FindProductByBarcodeInput is a scanned or typed barcode.
type FindProductByBarcodeInput struct {
	Barcode string `json:"barcode" jsonschema:"the barcode digits, e.g. 071012010615 (spaces, dashes and lost leading zeros are fine)"`
}

// FindProductByBarcodeOutput lists every product with the code; match says
// how each was found: "gtin14" (check digit verified) or "raw" (same text).
type FindProductByBarcodeOutput struct {
	Barcode       string    `json:"barcode"`
	GTIN14        string    `json:"gtin14,omitempty"`
	BarcodeStatus string    `json:"barcode_status"`
	Products      []Product `json:"products"`
}

// FindProductByBarcode matches the normalised GTIN-14 on products and their
// learnt barcodes and, when that finds nothing, the exact raw text (how the
// desktop and the phone import matched).
func (t *Tools) FindProductByBarcode(ctx context.Context, id identity.Identity, in FindProductByBarcodeInput) (FindProductByBarcodeOutput, error) {
	raw := strings.TrimSpace(in.Barcode)
	if raw == "" {
		return FindProductByBarcodeOutput{}, Invalid("barcode", "is required, e.g. 071012010615")
	}
	if len(raw) > 40 {
		return FindProductByBarcodeOutput{}, Invalid("barcode", "must be at most 40 characters")
	}
	gtin14, ok, reason := barcode.Normalize(raw)
	out := FindProductByBarcodeOutput{Barcode: raw, GTIN14: gtin14, BarcodeStatus: "verified", Products: []Product{}}
	if !ok {
		out.BarcodeStatus = "unverified: " + reason
	}
	err := t.snapshot(ctx, id, func(q *queries.Queries) error {
		if ok {
			rows, err := q.ProductFindByGTIN14(ctx, queries.ProductFindByGTIN14Params{TenantID: id.TenantID, Gtin14: gtin14})
			if err != nil {
				return err
			}
			for _, r := range rows {
				p := productOut(r.Product, r.IngredientSlug, r.IngredientName)
				p.Match = "gtin14"
				out.Products = append(out.Products, p)
			}
			if len(out.Products) > 0 {
				return nil
			}
		}
		texts := []string{raw}
		if c := cleanBarcode(raw); c != raw && c != "" {
			texts = append(texts, c)
		}
		seen := map[uuid.UUID]bool{}
		for _, s := range texts {
			rows, err := q.ProductFindByRaw(ctx, queries.ProductFindByRawParams{TenantID: id.TenantID, Raw: s})
			if err != nil {
				return err
			}
			for _, r := range rows {
				if !seen[r.Product.ID] {
					seen[r.Product.ID] = true
					p := productOut(r.Product, r.IngredientSlug, r.IngredientName)
					p.Match = "raw"
					out.Products = append(out.Products, p)
				}
			}
		}
		return nil
	})
	if err != nil {
		return FindProductByBarcodeOutput{}, catalogErr(err, "find product by barcode")
	}
	if len(out.Products) == 0 {
		return FindProductByBarcodeOutput{}, catalogNotFound("barcode", fmt.Sprintf("product with barcode %q", raw),
			"create_product with this barcode adds it, or update_product gives it to an existing product")
	}
	return out, nil
}

// cleanBarcode drops the spaces and dashes people type inside a barcode.
func cleanBarcode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, s)
}

func isLeaf(i queries.Ingredient) bool { return i.HierarchyLevel >= 2 }

// ProductIDsByBarcode is the one rule for which products a barcode names,
// shared by find_product_by_barcode's callers, add_purchase and the phone
// import: by GTIN-14 when the code passes its check digit (on the product or
// among the codes it has learnt), else by the exact text as typed. Visible,
// preferred and older products come first.
func ProductIDsByBarcode(ctx context.Context, q *queries.Queries, tenant uuid.UUID, code string) ([]uuid.UUID, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return nil, nil
	}
	var ids []uuid.UUID
	if gtin14, ok, _ := barcode.Normalize(code); ok {
		rows, err := q.ProductFindByGTIN14(ctx, queries.ProductFindByGTIN14Params{TenantID: tenant, Gtin14: gtin14})
		if err != nil {
			return nil, fmt.Errorf("find product by gtin: %w", err)
		}
		for _, r := range rows {
			ids = append(ids, r.Product.ID)
		}
		if len(ids) > 0 {
			return ids, nil
		}
	}
	rows, err := q.ProductFindByRaw(ctx, queries.ProductFindByRawParams{TenantID: tenant, Raw: code})
	if err != nil {
		return nil, fmt.Errorf("find product by barcode: %w", err)
	}
	for _, r := range rows {
		ids = append(ids, r.Product.ID)
	}
	return ids, nil
}
