package tools_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/tools"
)

// A real UPC-A (check digit 2) and the same digits with a wrong check digit.
const (
	upcOK  = "036000291452"
	upcBad = "036000291453"
)

// catProductEnv is a tenant with a leaf ingredient under a category.
func catProductEnv(t *testing.T) (env, tools.Ingredient) {
	t.Helper()
	e := newEnv(t)
	_, sub := catTree(t, e, "Flours & Starches", "Wheat flours")
	leaf := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Bread flour", "parent": sub.Slug})
	return e, leaf
}

func TestCreateProduct(t *testing.T) {
	t.Parallel()
	e, leaf := catProductEnv(t)
	sup := call[tools.Supplier](t, e.Client, "create_supplier", map[string]any{"name": "Costco", "city": "Waltham", "state": "MA"})
	got := call[tools.Product](t, e.Client, "create_product", map[string]any{
		"ingredient": "bread flour", "brand": "King Arthur", "package_unit": "LBS", "package_unit_quantity": "5.00",
		"package_type": "bag", "package_size": "5 lb bag", "barcode": upcOK, "preferred_supplier": "costco", "is_preferred": true,
	})
	if got.Slug != "bread_flour:King Arthur:5:lb" || got.IngredientID != leaf.ID || got.IngredientSlug != "bread_flour" ||
		got.PackageUnit != "lb" || got.PackageUnitQuantity.String() != "5" || *got.PackageType != "bag" || *got.Brand != "King Arthur" ||
		got.ProductName != nil || !got.IsPreferred || got.IsHidden || *got.PreferredSupplierID != sup.ID || got.PreferredSupplierSlug != "costco_waltham_ma" {
		t.Fatalf("created %+v", got)
	}
	if *got.UPCCode != upcOK || got.GTIN != nil || *got.GTIN14 != "00"+upcOK || got.BarcodeStatus != "verified" {
		t.Fatalf("barcode fields upc=%v gtin=%v gtin14=%v status=%q", got.UPCCode, got.GTIN, got.GTIN14, got.BarcodeStatus)
	}
	// Same package again: the slug gets a suffix. A bad check digit is kept raw and reported.
	dup := call[tools.Product](t, e.Client, "create_product", map[string]any{
		"ingredient": leaf.ID, "brand": "King Arthur", "package_unit": "lb", "package_unit_quantity": 5, "barcode": upcBad,
	})
	if dup.Slug != "bread_flour:King Arthur:5:lb_1" || *dup.UPCCode != upcBad || dup.GTIN14 != nil ||
		dup.BarcodeStatus != "unverified: check digit 3 does not match computed 2" {
		t.Fatalf("second %+v status %q", dup, dup.BarcodeStatus)
	}
	ean := call[tools.Product](t, e.Client, "create_product", map[string]any{
		"ingredient": leaf.ID, "package_unit": "kg", "package_unit_quantity": 0.4, "barcode": "4006381333931",
	})
	if ean.Slug != "bread_flour::0.4:kg" || ean.UPCCode != nil || *ean.GTIN != "4006381333931" || *ean.GTIN14 != "04006381333931" {
		t.Fatalf("ean product %+v", ean)
	}

	t.Run("BadInput", func(t *testing.T) {
		catWantErr(t, callErr(t, e.Client, "create_product", map[string]any{"ingredient": leaf.ID, "package_unit": "jar", "package_unit_quantity": 1}),
			"invalid_argument", "package_unit", "package type")
		catWantErr(t, callErr(t, e.Client, "create_product", map[string]any{"ingredient": leaf.ID, "package_unit": "g", "package_unit_quantity": 0}),
			"invalid_argument", "package_unit_quantity", "greater than zero")
		catWantErr(t, callErr(t, e.Client, "create_product", map[string]any{"ingredient": "wheat_flours", "package_unit": "g", "package_unit_quantity": 1}),
			"unprocessable", "ingredient", "leaf")
		catWantErr(t, callErr(t, e.Client, "create_product", map[string]any{"ingredient": leaf.ID, "package_unit": "g", "package_unit_quantity": 1, "barcode": "0036000291452"}),
			"conflict", "barcode", "bread_flour:King Arthur:5:lb")
	})
	t.Run("NotFoundAndOtherTenant", func(t *testing.T) {
		catWantErr(t, callErr(t, e.Client, "create_product", map[string]any{"ingredient": "rye_flour", "package_unit": "g", "package_unit_quantity": 1}),
			"not_found", "ingredient", "not found")
		catWantErr(t, callErr(t, e.Client, "create_product", map[string]any{"ingredient": leaf.ID, "package_unit": "g", "package_unit_quantity": 1, "preferred_supplier": "aldi"}),
			"not_found", "preferred_supplier", "not found")
		other := newEnv(t)
		catWantErr(t, callErr(t, other.Client, "create_product", map[string]any{"ingredient": leaf.ID, "package_unit": "g", "package_unit_quantity": 1}),
			"not_found", "ingredient", "not found")
		otherLeaf := call[tools.Ingredient](t, other.Client, "create_ingredient", map[string]any{"name": "Salt"})
		catWantErr(t, callErr(t, other.Client, "create_product", map[string]any{"ingredient": otherLeaf.ID, "package_unit": "g", "package_unit_quantity": 1, "preferred_supplier": sup.ID}),
			"not_found", "preferred_supplier", "not found")
	})
	t.Run("Idempotent", func(t *testing.T) {
		args := map[string]any{"ingredient": leaf.ID, "brand": "Bob's", "package_unit": "oz", "package_unit_quantity": 24, "idempotency_key": "p-1"}
		a := call[tools.Product](t, e.Client, "create_product", args)
		b := call[tools.Product](t, e.Client, "create_product", args)
		if a.ID != b.ID || a.Slug != "bread_flour:Bob's:24:oz" {
			t.Fatalf("retry %s %s %s", a.ID, b.ID, a.Slug)
		}
	})
}

func TestListAndGetProducts(t *testing.T) {
	t.Parallel()
	e, leaf := catProductEnv(t)
	rye := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Rye flour"})
	ka := call[tools.Product](t, e.Client, "create_product", map[string]any{"ingredient": leaf.ID, "brand": "King Arthur", "package_unit": "lb", "package_unit_quantity": 5})
	gm := call[tools.Product](t, e.Client, "create_product", map[string]any{"ingredient": leaf.ID, "brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": 10})
	call[tools.Product](t, e.Client, "create_product", map[string]any{"ingredient": rye.ID, "brand": "Bob's Red Mill", "package_unit": "oz", "package_unit_quantity": 22})
	call[tools.Product](t, e.Client, "update_product", map[string]any{"id": gm.ID, "is_hidden": true})

	byIng := call[tools.ListProductsOutput](t, e.Client, "list_products", map[string]any{"ingredient": "Bread flour"})
	if len(byIng.Products) != 1 || byIng.Products[0].ID != ka.ID {
		t.Fatalf("bread flour products %+v", byIng.Products)
	}
	withHidden := call[tools.ListProductsOutput](t, e.Client, "list_products", map[string]any{"ingredient": "bread_flour", "include_hidden": true})
	if len(withHidden.Products) != 2 || withHidden.Products[1].ID != ka.ID || !withHidden.Products[0].IsHidden {
		t.Fatalf("with hidden %+v", withHidden.Products)
	}
	q := call[tools.ListProductsOutput](t, e.Client, "list_products", map[string]any{"query": "red mill"})
	if len(q.Products) != 1 || q.Products[0].IngredientName != "Rye flour" {
		t.Fatalf("query %+v", q.Products)
	}
	p1 := call[tools.ListProductsOutput](t, e.Client, "list_products", map[string]any{"limit": 1})
	p2 := call[tools.ListProductsOutput](t, e.Client, "list_products", map[string]any{"limit": 1, "cursor": p1.NextCursor})
	if len(p1.Products) != 1 || len(p2.Products) != 1 || p2.NextCursor != "" || p1.Products[0].Slug != "bread_flour:King Arthur:5:lb" {
		t.Fatalf("pages %+v / %+v", p1, p2)
	}
	catWantErr(t, callErr(t, e.Client, "list_products", map[string]any{"limit": 1000}), "invalid_argument", "limit", "between")
	catWantErr(t, callErr(t, e.Client, "list_products", map[string]any{"ingredient": "spelt"}), "not_found", "ingredient", "not found")

	for _, ref := range []string{ka.ID, ka.Slug} {
		got := call[tools.Product](t, e.Client, "get_product", map[string]any{"id": ref})
		if got.ID != ka.ID || got.IngredientName != "Bread flour" || got.BarcodeStatus != "" {
			t.Fatalf("get %s = %+v", ref, got)
		}
	}
	catWantErr(t, callErr(t, e.Client, "get_product", map[string]any{"id": uuid.NewString()}), "not_found", "id", "not found")
	catWantErr(t, callErr(t, e.Client, "get_product", map[string]any{"id": ""}), "invalid_argument", "id", "id or slug")
	other := newEnv(t)
	catWantErr(t, callErr(t, other.Client, "get_product", map[string]any{"id": ka.ID}), "not_found", "id", "not found")
	if got := call[tools.ListProductsOutput](t, other.Client, "list_products", map[string]any{"include_hidden": true}); len(got.Products) != 0 {
		t.Fatalf("other tenant lists %+v", got.Products)
	}
	catWantErr(t, callErr(t, other.Client, "list_products", map[string]any{"ingredient": leaf.ID}), "not_found", "ingredient", "not found")
}

func TestUpdateProduct(t *testing.T) {
	t.Parallel()
	e, leaf := catProductEnv(t)
	rye := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Rye flour"})
	p := call[tools.Product](t, e.Client, "create_product", map[string]any{"ingredient": leaf.ID, "brand": "King Arthur", "package_unit": "lb", "package_unit_quantity": 5, "barcode": upcOK})

	got := call[tools.Product](t, e.Client, "update_product", map[string]any{
		"id": p.Slug, "brand": "KAF", "product_name": "Unbleached", "package_unit_quantity": "2.5", "package_unit": "kg",
		"ingredient": "rye_flour", "barcode": "", "notes": "smaller bag",
	})
	if got.Slug != p.Slug || *got.Brand != "KAF" || *got.ProductName != "Unbleached" || got.PackageUnitQuantity.String() != "2.5" ||
		got.PackageUnit != "kg" || got.IngredientID != rye.ID || got.UPCCode != nil || got.GTIN14 != nil || got.BarcodeStatus != "" || *got.Notes != "smaller bag" {
		t.Fatalf("updated %+v", got)
	}
	found := call[tools.ListProductsOutput](t, e.Client, "list_products", map[string]any{"query": "kaf unbleached rye"})
	if len(found.Products) != 1 {
		t.Fatalf("name key not refreshed: %+v", found.Products)
	}

	// Once the product has a purchase its ingredient is fixed.
	sup := call[tools.Supplier](t, e.Client, "create_supplier", map[string]any{"name": "Costco"})
	err := dbtest.Store(t).InTenantTx(t.Context(), e.ID.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(t.Context(), `INSERT INTO purchases (tenant_id, product_id, supplier_id, purchase_date, quantity_purchased, unit_price)
			VALUES ($1, $2, $3, current_date, 1, 7.99)`, e.ID.TenantID, got.ID, sup.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	catWantErr(t, callErr(t, e.Client, "update_product", map[string]any{"id": got.ID, "ingredient": leaf.ID}), "conflict", "ingredient", "1 purchase")
	hidden := call[tools.Product](t, e.Client, "update_product", map[string]any{"id": got.ID, "is_hidden": true, "ingredient": rye.Slug})
	if !hidden.IsHidden {
		t.Fatalf("not hidden: %+v", hidden)
	}

	t.Run("BadInput", func(t *testing.T) {
		catWantErr(t, callErr(t, e.Client, "update_product", map[string]any{"id": got.ID, "package_unit": "bottle"}), "invalid_argument", "package_unit", "package type")
		catWantErr(t, callErr(t, e.Client, "update_product", map[string]any{"id": got.ID, "package_unit_quantity": -1}), "invalid_argument", "package_unit_quantity", "greater than zero")
		catWantErr(t, callErr(t, e.Client, "update_product", map[string]any{"id": got.ID, "ingredient": "wheat_flours"}), "unprocessable", "ingredient", "leaf")
	})
	t.Run("NotFoundAndOtherTenant", func(t *testing.T) {
		catWantErr(t, callErr(t, e.Client, "update_product", map[string]any{"id": uuid.NewString(), "is_hidden": true}), "not_found", "id", "not found")
		catWantErr(t, callErr(t, e.Client, "update_product", map[string]any{"id": got.ID, "preferred_supplier": "nowhere"}), "not_found", "preferred_supplier", "not found")
		other := newEnv(t)
		catWantErr(t, callErr(t, other.Client, "update_product", map[string]any{"id": got.ID, "is_hidden": false}), "not_found", "id", "not found")
	})
}

func TestFindProductByBarcode(t *testing.T) {
	t.Parallel()
	e, leaf := catProductEnv(t)
	good := call[tools.Product](t, e.Client, "create_product", map[string]any{"ingredient": leaf.ID, "package_unit": "lb", "package_unit_quantity": 5, "barcode": upcOK})
	bad := call[tools.Product](t, e.Client, "create_product", map[string]any{"ingredient": leaf.ID, "package_unit": "lb", "package_unit_quantity": 2, "barcode": upcBad})

	// Leading zeros lost and dashes typed: still the same GTIN-14.
	got := call[tools.FindProductByBarcodeOutput](t, e.Client, "find_product_by_barcode", map[string]any{"barcode": "3600-0291452"})
	if got.GTIN14 != "00"+upcOK || got.BarcodeStatus != "verified" || len(got.Products) != 1 || got.Products[0].ID != good.ID || got.Products[0].Match != "gtin14" {
		t.Fatalf("gtin14 match %+v", got)
	}
	raw := call[tools.FindProductByBarcodeOutput](t, e.Client, "find_product_by_barcode", map[string]any{"barcode": " " + upcBad + " "})
	if raw.GTIN14 != "" || raw.BarcodeStatus != "unverified: check digit 3 does not match computed 2" || len(raw.Products) != 1 ||
		raw.Products[0].ID != bad.ID || raw.Products[0].Match != "raw" {
		t.Fatalf("raw match %+v", raw)
	}
	catWantErr(t, callErr(t, e.Client, "find_product_by_barcode", map[string]any{"barcode": "4006381333931"}), "not_found", "barcode", "create_product")
	catWantErr(t, callErr(t, e.Client, "find_product_by_barcode", map[string]any{"barcode": "  "}), "invalid_argument", "barcode", "required")
	other := newEnv(t)
	catWantErr(t, callErr(t, other.Client, "find_product_by_barcode", map[string]any{"barcode": upcOK}), "not_found", "barcode", "not found")
}
