package tools_test

import (
	"testing"

	"github.com/baketracker/baketracker/tools"
)

func TestCreateSupplier(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	got := call[tools.Supplier](t, e.Client, "create_supplier", map[string]any{
		"name": "Costco", "city": "Waltham", "state": "ma", "zip_code": "02451", "street_address": "71 2nd Ave",
	})
	if got.Slug != "costco_waltham_ma" || got.Name != "Costco" || got.SupplierType != "physical" || *got.State != "MA" ||
		*got.City != "Waltham" || *got.ZipCode != "02451" || got.WebsiteURL != nil || !got.IsActive || got.IsPlaceholder {
		t.Fatalf("created %+v", got)
	}
	again := call[tools.Supplier](t, e.Client, "create_supplier", map[string]any{"name": "COSTCO", "city": "waltham", "state": "MA"})
	if again.Slug != "costco_waltham_ma_1" {
		t.Fatalf("second slug %q, want costco_waltham_ma_1", again.Slug)
	}
	online := call[tools.Supplier](t, e.Client, "create_supplier", map[string]any{
		"name": "King Arthur Baking", "supplier_type": "Online", "website_url": "https://shop.kingarthurbaking.com", "city": "Norwich",
	})
	if online.Slug != "king_arthur_baking" || online.SupplierType != "online" || *online.WebsiteURL != "https://shop.kingarthurbaking.com" {
		t.Fatalf("online %+v", online)
	}

	t.Run("BadInput", func(t *testing.T) {
		catWantErr(t, callErr(t, e.Client, "create_supplier", map[string]any{"name": "Shaw's", "state": "Mass"}), "invalid_argument", "state", "two-letter")
		catWantErr(t, callErr(t, e.Client, "create_supplier", map[string]any{"name": "Shaw's", "supplier_type": "market"}), "invalid_argument", "supplier_type", "physical or online")
		catWantErr(t, callErr(t, e.Client, "create_supplier", map[string]any{"name": "Shaw's", "website_url": "shaws dot com"}), "invalid_argument", "website_url", "https://")
		catWantErr(t, callErr(t, e.Client, "create_supplier", map[string]any{"name": "Shaw's", "zip_code": "02451-12345"}), "invalid_argument", "zip_code", "10")
		catWantErr(t, callErr(t, e.Client, "create_supplier", map[string]any{"name": ""}), "invalid_argument", "name", "required")
	})
	t.Run("Idempotent", func(t *testing.T) {
		args := map[string]any{"name": "Wegmans", "city": "Natick", "state": "MA", "idempotency_key": "sup-1"}
		a := call[tools.Supplier](t, e.Client, "create_supplier", args)
		b := call[tools.Supplier](t, e.Client, "create_supplier", args)
		if a.ID != b.ID || a.Slug != "wegmans_natick_ma" {
			t.Fatalf("retry: %s %s (%s)", a.ID, b.ID, a.Slug)
		}
		args["city"] = "Newton"
		catWantErr(t, callErr(t, e.Client, "create_supplier", args), "conflict", "idempotency_key", "different request")
	})
}

func TestListSuppliers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, n := range []string{"Whole Foods", "Costco", "Market Basket"} {
		call[tools.Supplier](t, e.Client, "create_supplier", map[string]any{"name": n, "city": "Waltham", "state": "MA"})
	}
	all := call[tools.ListSuppliersOutput](t, e.Client, "list_suppliers", nil)
	if len(all.Suppliers) != 3 || all.Suppliers[0].Name != "Costco" || all.Suppliers[1].Name != "Market Basket" || all.NextCursor != "" {
		t.Fatalf("list = %+v", all)
	}
	q := call[tools.ListSuppliersOutput](t, e.Client, "list_suppliers", map[string]any{"query": "FOODS"})
	if len(q.Suppliers) != 1 || q.Suppliers[0].Slug != "whole_foods_waltham_ma" {
		t.Fatalf("query = %+v", q.Suppliers)
	}
	p1 := call[tools.ListSuppliersOutput](t, e.Client, "list_suppliers", map[string]any{"limit": 2})
	p2 := call[tools.ListSuppliersOutput](t, e.Client, "list_suppliers", map[string]any{"limit": 2, "cursor": p1.NextCursor})
	if len(p1.Suppliers) != 2 || len(p2.Suppliers) != 1 || p2.Suppliers[0].Name != "Whole Foods" || p2.NextCursor != "" {
		t.Fatalf("pages %+v / %+v", p1, p2)
	}
	catWantErr(t, callErr(t, e.Client, "list_suppliers", map[string]any{"limit": -1}), "invalid_argument", "limit", "between 1 and 500")
	catWantErr(t, callErr(t, e.Client, "list_suppliers", map[string]any{"cursor": "!!"}), "invalid_argument", "cursor", "next_cursor")
	other := newEnv(t)
	if got := call[tools.ListSuppliersOutput](t, other.Client, "list_suppliers", nil); len(got.Suppliers) != 0 {
		t.Fatalf("other tenant sees %+v", got.Suppliers)
	}
}
