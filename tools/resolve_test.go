package tools_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/tools"
)

// The example: "King Arthur flour" is 0.74 like the 1 lb bread
// flour and 0.61 like the 25 lb all-purpose bag. Neither is clearly meant.
func TestAddPurchaseWrongBagReturnsCandidatesAndWritesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bread := ptIngredient(t, e, "Bread Flour", "", "")
	breadProduct := ptScalar[string](t, e, `INSERT INTO products (tenant_id, ingredient_id, slug, brand, product_name, name_key,
		package_unit, package_unit_quantity) VALUES ($1, $2, 'bread_flour:king_arthur:1:lb', 'King Arthur', 'Flour bread',
		'king arthur flour bread', 'lb', 1) RETURNING id::text`, e.ID.TenantID, bread)
	ap := ptIngredient(t, e, "All-Purpose Flour", "", "")
	bag := ptProduct(t, e, ap, "King Arthur", "25", "lb", "bag", "")
	before := map[string]int{}
	for _, table := range []string{"products", "ingredients", "purchases", "pantry_items", "suppliers"} {
		before[table] = ptCount(t, e, table)
	}

	args := map[string]any{"item_name": "King Arthur flour", "quantity": 1, "unit": "bag", "price": "18.99", "store": "Costco"}
	got := callErr(t, e.Client, "add_purchase", args)
	ptWantErr(t, got, "ambiguous", "item_name", `"King Arthur flour" could mean`)
	if len(got.Candidates) != 2 || got.Candidates[0].ID != breadProduct || got.Candidates[1].ID != bag.String() {
		t.Fatalf("candidates = %+v, want the bread flour then the 25 lb bag", got.Candidates)
	}
	if d := got.Candidates[1].Detail; d != "King Arthur, 25 lb bag, ingredient All-Purpose Flour" {
		t.Fatalf("bag detail = %q", d)
	}
	if got.Candidates[0].Kind != "product" || got.Candidates[0].Similarity != 0.74 {
		t.Fatalf("first candidate = %+v", got.Candidates[0])
	}
	for table, n := range before {
		if now := ptCount(t, e, table); now != n {
			t.Fatalf("%s: %d rows after an ambiguous purchase, want %d (nothing written)", table, now, n)
		}
	}

	// The caller chooses: the same purchase with the bag's id is written.
	args["item_name"] = bag.String()
	ok := call[ptPurchase](t, e.Client, "add_purchase", args)
	if ok.Product.ID != bag.String() || ok.MatchedBy != "id" || ok.Packages != "1" {
		t.Fatalf("purchase by id = %+v", ok)
	}
	if !strings.Contains(ok.Message, ": 1 package of 25 lb") || !strings.Contains(ok.Message, "1 pantry lot.") {
		t.Fatalf("message %q, want singular English (1 package, 1 pantry lot)", ok.Message)
	}
	if n := ptCount(t, e, "pantry_items"); n != before["pantry_items"]+1 {
		t.Fatalf("pantry_items = %d after the purchase by id, want one more", n)
	}
}

func TestAmbiguousErrorShape(t *testing.T) {
	e := tools.Ambiguous("recipe", "cookies", []tools.Candidate{{ID: "1", Name: "Sugar Cookies", Kind: "recipe", Detail: "cookies"}})
	if e.StatusCode() != http.StatusConflict {
		t.Fatalf("status = %d, want 409", e.StatusCode())
	}
	want := `{"error":{"code":"ambiguous","message":"\"cookies\" could mean \"Sugar Cookies\" (cookies); nothing was changed: repeat with the id of the one you mean","field":"recipe","candidates":[{"id":"1","name":"Sugar Cookies","kind":"recipe","detail":"cookies","similarity":0}]}}`
	if got := string(e.Body()); got != want {
		t.Fatalf("body = %s\nwant   %s", got, want)
	}
}

// Two bags of one flour share the exact name "King Arthur All-Purpose
// Flour": the name alone does not say which, unless one is preferred.
func TestAddPurchaseSharedExactNameAsksUnlessOneIsPreferred(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ap := ptIngredient(t, e, "All-Purpose Flour", "", "")
	small := ptProduct(t, e, ap, "King Arthur", "5", "lb", "bag", "")
	big := ptProduct(t, e, ap, "King Arthur", "25", "lb", "bag", "")
	args := map[string]any{"item_name": "King Arthur All-Purpose Flour", "quantity": 1, "unit": "bag", "price": "18.99", "store": "Costco"}
	got := callErr(t, e.Client, "add_purchase", args)
	ptWantErr(t, got, "ambiguous", "item_name", "5 lb bag")
	if len(got.Candidates) != 2 || ptCount(t, e, "purchases") != 0 {
		t.Fatalf("candidates %+v, %d purchases; want both bags and nothing written", got.Candidates, ptCount(t, e, "purchases"))
	}
	ptExec(t, e, `UPDATE products SET is_preferred = true WHERE tenant_id = $1 AND id = $2`, e.ID.TenantID, big)
	ok := call[ptPurchase](t, e.Client, "add_purchase", args)
	if ok.Product.ID != big.String() || ok.MatchedBy != "product" {
		t.Fatalf("purchase = %+v, want the preferred 25 lb bag (not %s)", ok, small)
	}
}
