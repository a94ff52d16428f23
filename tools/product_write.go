package tools

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/barcode"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// CreateProductInput describes a new product.
type CreateProductInput struct {
	Ingredient          string          `json:"ingredient" jsonschema:"the leaf ingredient it contains: id, slug or exact name"`
	Brand               string          `json:"brand,omitempty" jsonschema:"brand, e.g. King Arthur"`
	ProductName         string          `json:"product_name,omitempty" jsonschema:"variant, e.g. 70% Cacao"`
	PackageUnit         string          `json:"package_unit" jsonschema:"unit of the contents (g, kg, oz, lb, ml, l, fl oz, cup, each, count...), not the container"`
	PackageUnitQuantity decimal.Decimal `json:"package_unit_quantity" jsonschema:"contents per package in package_unit, e.g. 5 for a 5 lb bag"`
	PackageType         string          `json:"package_type,omitempty" jsonschema:"container word: bag, jar, bottle, box, can..."`
	PackageSize         string          `json:"package_size,omitempty" jsonschema:"free text, e.g. 5 lb bag"`
	Barcode             string          `json:"barcode,omitempty" jsonschema:"UPC/EAN/GTIN digits as printed"`
	PreferredSupplier   string          `json:"preferred_supplier,omitempty" jsonschema:"supplier id, slug or name"`
	IsPreferred         bool            `json:"is_preferred,omitempty" jsonschema:"true marks it the product to buy for its ingredient"`
	Notes               string          `json:"notes,omitempty" jsonschema:"free notes"`
	IdempotencyKey      string          `json:"idempotency_key,omitempty" jsonschema:"any unique text; a retry with the same key creates nothing twice"`
}

// CreateProduct adds a product of a leaf ingredient. Its slug is
// ingredient_slug:brand:qty:unit (the desktop's F057 form) with a numeric
// suffix on a clash.
func (t *Tools) CreateProduct(ctx context.Context, id identity.Identity, in CreateProductInput) (Product, error) {
	p := queries.ProductCreateParams{
		TenantID: id.TenantID, Brand: textOrNil(in.Brand), ProductName: textOrNil(in.ProductName),
		PackageType: textOrNil(in.PackageType), PackageSize: textOrNil(in.PackageSize),
		IsPreferred: in.IsPreferred, Notes: textOrNil(in.Notes),
	}
	if err := productTexts(p.Brand, p.ProductName, p.PackageType, p.PackageSize); err != nil {
		return Product{}, err
	}
	var err error
	if p.PackageUnit, err = packageUnit(in.PackageUnit); err != nil {
		return Product{}, err
	}
	if p.PackageUnitQuantity, err = packageQuantity(in.PackageUnitQuantity); err != nil {
		return Product{}, err
	}
	bc, err := parseBarcode(in.Barcode)
	if err != nil {
		return Product{}, err
	}
	p.UpcCode, p.Gtin, p.Gtin14 = bc.upc, bc.gtin, bc.gtin14
	var out Product
	err = t.write(ctx, id, func(q *queries.Queries) error {
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "create_product", in, func() (Product, error) {
			ing, err := productIngredient(ctx, q, id.TenantID, in.Ingredient)
			if err != nil {
				return Product{}, err
			}
			p.IngredientID = ing.ID
			p.NameKey = productNameKey(p.Brand, p.ProductName, ing.DisplayName)
			if strings.TrimSpace(in.PreferredSupplier) != "" {
				s, err := supplierByRef(ctx, q, id.TenantID, "preferred_supplier", in.PreferredSupplier)
				if err != nil {
					return Product{}, err
				}
				p.PreferredSupplierID = &s.ID
			}
			if err := barcodeFree(ctx, q, id.TenantID, uuid.Nil, bc); err != nil {
				return Product{}, err
			}
			p.Slug, err = UniqueSlug(ProductSlug(ing.Slug, p.Brand, p.PackageUnitQuantity, p.PackageUnit), '_', func(s string) (bool, error) {
				return q.ProductSlugTaken(ctx, queries.ProductSlugTakenParams{TenantID: id.TenantID, Slug: s})
			})
			if err != nil {
				return Product{}, err
			}
			created, err := q.ProductCreate(ctx, p)
			if err != nil {
				return Product{}, err
			}
			return productDetail(ctx, q, id.TenantID, "id", created.ID.String())
		})
		return err
	})
	return out, catalogErr(err, "create product")
}

// UpdateProductInput changes a product; absent fields stay as they are.
type UpdateProductInput struct {
	ID                  string           `json:"id" jsonschema:"the product's id or slug"`
	Ingredient          *string          `json:"ingredient,omitempty" jsonschema:"new leaf ingredient (not allowed once it has purchases or pantry lots)"`
	Brand               *string          `json:"brand,omitempty" jsonschema:"new brand; empty string clears it"`
	ProductName         *string          `json:"product_name,omitempty" jsonschema:"new variant name; empty string clears it"`
	PackageUnit         *string          `json:"package_unit,omitempty" jsonschema:"new unit of the contents"`
	PackageUnitQuantity *decimal.Decimal `json:"package_unit_quantity,omitempty" jsonschema:"new contents per package"`
	PackageType         *string          `json:"package_type,omitempty" jsonschema:"new container word; empty string clears it"`
	PackageSize         *string          `json:"package_size,omitempty" jsonschema:"new size text; empty string clears it"`
	Barcode             *string          `json:"barcode,omitempty" jsonschema:"new barcode; empty string clears it"`
	PreferredSupplier   *string          `json:"preferred_supplier,omitempty" jsonschema:"supplier id, slug or name; empty string clears it"`
	IsPreferred         *bool            `json:"is_preferred,omitempty" jsonschema:"whether it is the product to buy for its ingredient"`
	IsHidden            *bool            `json:"is_hidden,omitempty" jsonschema:"true hides it from pickers and lists"`
	Notes               *string          `json:"notes,omitempty" jsonschema:"new notes; empty string clears them"`
	IdempotencyKey      string           `json:"idempotency_key,omitempty" jsonschema:"any unique text; a retry with the same key changes nothing twice"`
}

// UpdateProduct changes a product. The slug never changes; the ingredient
// cannot change once the product has purchases or pantry lots (their
// quantities and costs were recorded for this ingredient).
func (t *Tools) UpdateProduct(ctx context.Context, id identity.Identity, in UpdateProductInput) (Product, error) {
	var out Product
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "update_product", in, func() (Product, error) {
			return updateProduct(ctx, q, id.TenantID, in)
		})
		return err
	})
	return out, catalogErr(err, "update product")
}

func updateProduct(ctx context.Context, q *queries.Queries, tenant uuid.UUID, in UpdateProductInput) (Product, error) {
	cur, err := productDetail(ctx, q, tenant, "id", in.ID)
	if err != nil {
		return Product{}, err
	}
	pid, _ := uuid.Parse(cur.ID)
	ingID, _ := uuid.Parse(cur.IngredientID)
	p := queries.ProductUpdateParams{
		TenantID: tenant, ID: pid, IngredientID: ingID, Brand: cur.Brand, ProductName: cur.ProductName,
		PackageUnit: cur.PackageUnit, PackageUnitQuantity: cur.PackageUnitQuantity, PackageSize: cur.PackageSize,
		PackageType: cur.PackageType, UpcCode: cur.UPCCode, Gtin: cur.GTIN, Gtin14: cur.GTIN14,
		IsPreferred: cur.IsPreferred, IsHidden: cur.IsHidden, Notes: cur.Notes,
	}
	if cur.PreferredSupplierID != nil {
		s, _ := uuid.Parse(*cur.PreferredSupplierID)
		p.PreferredSupplierID = &s
	}
	setText := func(dst **string, v *string) {
		if v != nil {
			*dst = textOrNil(*v)
		}
	}
	setText(&p.Brand, in.Brand)
	setText(&p.ProductName, in.ProductName)
	setText(&p.PackageType, in.PackageType)
	setText(&p.PackageSize, in.PackageSize)
	setText(&p.Notes, in.Notes)
	if err := productTexts(p.Brand, p.ProductName, p.PackageType, p.PackageSize); err != nil {
		return Product{}, err
	}
	if in.PackageUnit != nil {
		if p.PackageUnit, err = packageUnit(*in.PackageUnit); err != nil {
			return Product{}, err
		}
		if p.PackageUnit != cur.PackageUnit {
			// Lot quantities and unit costs are kept in the package unit:
			// changing it would silently rescale the stock.
			use, err := q.ProductUsage(ctx, queries.ProductUsageParams{TenantID: tenant, ID: pid})
			if err != nil {
				return Product{}, err
			}
			if uses := usageList(int(use.Purchases), "purchase", int(use.PantryLots), "pantry lot"); uses != "" {
				return Product{}, Conflict("package_unit", "%s has %s measured in %s, so its package unit cannot change; create a new product for packages measured in %s instead",
					cur.Slug, uses, cur.PackageUnit, p.PackageUnit)
			}
		}
	}
	if in.PackageUnitQuantity != nil {
		if p.PackageUnitQuantity, err = packageQuantity(*in.PackageUnitQuantity); err != nil {
			return Product{}, err
		}
	}
	if in.IsPreferred != nil {
		p.IsPreferred = *in.IsPreferred
	}
	if in.IsHidden != nil {
		p.IsHidden = *in.IsHidden
	}
	ingName := cur.IngredientName
	if in.Ingredient != nil {
		ing, err := productIngredient(ctx, q, tenant, *in.Ingredient)
		if err != nil {
			return Product{}, err
		}
		if ing.ID != ingID {
			use, err := q.ProductUsage(ctx, queries.ProductUsageParams{TenantID: tenant, ID: pid})
			if err != nil {
				return Product{}, err
			}
			if uses := usageList(int(use.Purchases), "purchase", int(use.PantryLots), "pantry lot"); uses != "" {
				return Product{}, Conflict("ingredient", "%s has %s recorded as %s, so its ingredient cannot change; create a new product for %s instead",
					cur.Slug, uses, cur.IngredientSlug, ing.Slug)
			}
		}
		p.IngredientID, ingName = ing.ID, ing.DisplayName
	}
	p.NameKey = productNameKey(p.Brand, p.ProductName, ingName)
	if in.PreferredSupplier != nil {
		p.PreferredSupplierID = nil
		if strings.TrimSpace(*in.PreferredSupplier) != "" {
			s, err := supplierByRef(ctx, q, tenant, "preferred_supplier", *in.PreferredSupplier)
			if err != nil {
				return Product{}, err
			}
			p.PreferredSupplierID = &s.ID
		}
	}
	if in.Barcode != nil {
		bc, err := parseBarcode(*in.Barcode)
		if err != nil {
			return Product{}, err
		}
		if err := barcodeFree(ctx, q, tenant, pid, bc); err != nil {
			return Product{}, err
		}
		p.UpcCode, p.Gtin, p.Gtin14 = bc.upc, bc.gtin, bc.gtin14
	}
	if _, err := q.ProductUpdate(ctx, p); err != nil {
		return Product{}, err
	}
	return productDetail(ctx, q, tenant, "id", cur.ID)
}

// productIngredient resolves a product's ingredient, which must be a leaf.
func productIngredient(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ref string) (queries.Ingredient, error) {
	ing, err := ingredientByRef(ctx, q, tenant, "ingredient", ref, true, isLeaf)
	if err != nil {
		return ing, err
	}
	if !isLeaf(ing) {
		return ing, Unprocessable("ingredient", "%s is a %s (level %d); products belong to leaf ingredients (level 2): choose or create one under it",
			ing.Slug, map[int16]string{0: "category", 1: "subcategory"}[ing.HierarchyLevel], ing.HierarchyLevel)
	}
	return ing, nil
}

// supplierByRef resolves a supplier id, slug or exact name (no creation).
func supplierByRef(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref string) (queries.Supplier, error) {
	ref = strings.TrimSpace(ref)
	var (
		s   queries.Supplier
		err error
	)
	if u, perr := uuid.Parse(ref); perr == nil {
		s, err = q.SupplierGet(ctx, queries.SupplierGetParams{TenantID: tenant, ID: u})
	} else {
		s, err = q.SupplierGetBySlug(ctx, queries.SupplierGetBySlugParams{TenantID: tenant, Slug: ref})
		if errors.Is(err, pgx.ErrNoRows) {
			var rows []queries.Supplier
			rows, err = q.SupplierListByNameKey(ctx, queries.SupplierListByNameKeyParams{TenantID: tenant, NameKey: NameKey(ref)})
			if err == nil && len(rows) > 0 {
				return rows[0], nil
			}
			if err == nil {
				err = pgx.ErrNoRows
			}
		}
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return s, catalogNotFound(field, fmt.Sprintf("supplier %q", ref), "list_suppliers finds suppliers; create_supplier adds one")
	}
	return s, err
}

// packageUnit parses a product's package unit: a unit of measure, never a
// container word (units explains which to use instead).
func packageUnit(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", Invalid("package_unit", "is required: the unit of the contents, e.g. lb for a 5 lb bag")
	}
	u, err := units.Parse(s)
	if err != nil {
		return "", Invalid("package_unit", "%s", err.Error())
	}
	return u.Code, nil
}

var maxPackageQuantity = decimal.New(1, 10)

func packageQuantity(d decimal.Decimal) (decimal.Decimal, error) {
	r := units.Round(d)
	if r.Sign() <= 0 {
		return d, Invalid("package_unit_quantity", "must be greater than zero, e.g. 5 for a 5 lb bag (got %s)", Shorten(d.String()))
	}
	if r.GreaterThanOrEqual(maxPackageQuantity) {
		return d, Invalid("package_unit_quantity", "must be below 10000000000 (got %s)", Shorten(d.String()))
	}
	return r, nil
}

func productTexts(brand, productName, packageType, packageSize *string) error {
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"brand", brand, 200}, {"product_name", productName, 200}, {"package_type", packageType, 50}, {"package_size", packageSize, 100}} {
		if err := optionalText(f.name, f.v, f.max); err != nil {
			return err
		}
	}
	return nil
}

// ProductSlug is a new product's slug, for the tools and the importer:
// ingredient_slug:brand:qty:unit, the quantity without
// trailing zeros ("flour_bread:King Arthur:5:lb").
func ProductSlug(ingSlug string, brand *string, qty decimal.Decimal, unit string) string {
	s := fmt.Sprintf("%s:%s:%s:%s", ingSlug, textOf(brand), qty.String(), unit)
	if r := []rune(s); len(r) > 290 {
		s = string(r[:290])
	}
	return s
}

// productBarcode is a barcode split into the product's three columns.
type productBarcode struct {
	raw               string
	upc, gtin, gtin14 *string
}

// parseBarcode keeps the raw text in upc_code (up to 12 digits) or gtin
// (longer) and sets gtin14 only when the GS1 check digit holds.
func parseBarcode(s string) (productBarcode, error) {
	raw := strings.TrimSpace(s)
	if raw == "" {
		return productBarcode{}, nil
	}
	if len(raw) > 40 {
		return productBarcode{}, Invalid("barcode", "must be at most 40 characters")
	}
	bc := productBarcode{raw: raw}
	digits := 0
	for _, r := range raw {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits <= 12 {
		bc.upc = &raw
	} else {
		bc.gtin = &raw
	}
	if g, ok, _ := barcode.Normalize(raw); ok {
		bc.gtin14 = &g
	}
	return bc, nil
}

// barcodeFree refuses a barcode another product already has: one code,
// one product.
func barcodeFree(ctx context.Context, q *queries.Queries, tenant, self uuid.UUID, bc productBarcode) error {
	if bc.raw == "" {
		return nil
	}
	var slugs []string
	if bc.gtin14 != nil {
		rows, err := q.ProductFindByGTIN14(ctx, queries.ProductFindByGTIN14Params{TenantID: tenant, Gtin14: *bc.gtin14})
		if err != nil {
			return err
		}
		for _, r := range rows {
			if r.Product.ID != self {
				slugs = append(slugs, r.Product.Slug)
			}
		}
	}
	rows, err := q.ProductFindByRaw(ctx, queries.ProductFindByRawParams{TenantID: tenant, Raw: bc.raw})
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.Product.ID != self && !slices.Contains(slugs, r.Product.Slug) {
			slugs = append(slugs, r.Product.Slug)
		}
	}
	if len(slugs) > 0 {
		return Conflict("barcode", "barcode %q is already on product %s; update that product instead, or check the digits", bc.raw, strings.Join(slugs, ", "))
	}
	return nil
}
