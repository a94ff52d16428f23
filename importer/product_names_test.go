package importer_test

import (
	"strings"
	"testing"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/tools"
)

// TestImportedProductNamesAreReadable guards the hazard of a desktop
// product's composite key (flour_all_purpose:King Arthur:25:lb) reaching
// lists as its name: list_products shows brand, product or ingredient name
// and package size, while the slug stays the key a re-import matches on.
func TestImportedProductNamesAreReadable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.importJSON(fullBackup(""), importer.Options{})
	out, err := tools.New(e.store, nil).ListProducts(t.Context(),
		identity.Identity{TenantID: e.tenant, UserID: e.owner, Role: identity.RoleOwner}, tools.ListProductsInput{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, p := range out.Products {
		names[p.Slug] = p.Name
		if strings.Contains(p.Name, ":") || p.Name == "" {
			t.Errorf("product %s is named %q", p.Slug, p.Name)
		}
	}
	var flourSlug, flourName string
	e.scalar(`SELECT p.slug || '|' || i.display_name FROM products p JOIN ingredients i ON i.id = p.ingredient_id
		WHERE p.brand = 'King Arthur' AND p.product_name IS NULL`, nil, &flourSlug)
	flourSlug, flourName, _ = strings.Cut(flourSlug, "|")
	if got, want := names[flourSlug], "King Arthur "+flourName+", 25 lb"; got != want {
		t.Errorf("product without a product_name (slug %s): name %q, want %q", flourSlug, got, want)
	}
	for slug, name := range names {
		if strings.HasPrefix(slug, "vanilla_extract:") && strings.Contains(name, "Oak Aged") && !strings.HasPrefix(name, "Heilala Oak Aged Vanilla Extract, ") {
			t.Errorf("product %s: name %q, want brand then product name then size", slug, name)
		}
	}
	// Re-importing the same file matches every product by its key.
	rep := e.importJSON(fullBackup(""), importer.Options{})
	if s := rep.Sections["products"]; s.Created != 0 || s.Matched != s.Read {
		t.Errorf("re-import products: %+v, want all matched", *s)
	}
}
