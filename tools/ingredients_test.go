package tools_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
)

// catTree seeds a category (level 0) and a subcategory (level 1) under it
// directly, since the tools only create leaves and subcategories.
func catTree(t *testing.T, e env, top, sub string) (queries.Ingredient, queries.Ingredient) {
	t.Helper()
	var l0, l1 queries.Ingredient
	err := dbtest.Store(t).InTenant(t.Context(), e.ID.TenantID, func(q *queries.Queries) error {
		var err error
		l0, err = q.IngredientCreate(t.Context(), queries.IngredientCreateParams{
			TenantID: e.ID.TenantID, Slug: tools.Slug(top, '_'), DisplayName: top, NameKey: tools.NameKey(top), HierarchyLevel: 0, Category: top,
		})
		if err != nil {
			return err
		}
		l1, err = q.IngredientCreate(t.Context(), queries.IngredientCreateParams{
			TenantID: e.ID.TenantID, Slug: tools.Slug(sub, '_'), DisplayName: sub, NameKey: tools.NameKey(sub), ParentID: &l0.ID, HierarchyLevel: 1, Category: top,
		})
		return err
	})
	if err != nil {
		t.Fatalf("seed tree: %v", err)
	}
	return l0, l1
}

func catWantErr(t *testing.T, got tools.Error, code, field, msgPart string) {
	t.Helper()
	if got.Code != code || got.Field != field || !strings.Contains(got.Message, msgPart) {
		t.Fatalf("error = %+v, want code %q field %q message containing %q", got, code, field, msgPart)
	}
}

func TestCreateIngredient(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	got := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{
		"name": "  Bread Flour ", "category": "Flours", "default_unit": "Grams", "description": "high protein",
		"aliases":              []string{"Strong flour", "strong-flour"},
		"density_volume_value": 1, "density_volume_unit": "cup", "density_weight_value": "4.25", "density_weight_unit": "ounces",
	})
	if got.Slug != "bread_flour" || got.Name != "Bread Flour" || got.Category != "Flours" || *got.DefaultUnit != "g" ||
		got.HierarchyLevel != 2 || got.ParentID != nil || *got.Description != "high protein" || got.Notes != nil {
		t.Fatalf("created %+v", got)
	}
	if d := got.Density; d == nil || d.VolumeValue.String() != "1" || d.VolumeUnit != "cup" || d.WeightValue.String() != "4.25" || d.WeightUnit != "oz" {
		t.Fatalf("density %+v", got.Density)
	}
	if len(got.Aliases) != 1 || got.Aliases[0] != "Strong flour" {
		t.Fatalf("aliases %v, want [Strong flour] (duplicates by key dropped)", got.Aliases)
	}
	if got.ChildCount == nil || *got.ChildCount != 0 || *got.ProductCount != 0 {
		t.Fatalf("counts %v %v", got.ChildCount, got.ProductCount)
	}

	t.Run("UnderParent", func(t *testing.T) {
		l0, l1 := catTree(t, e, "Flours & Starches", "Wheat Flours")
		leaf := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Cake flour", "parent": "wheat flours"})
		if leaf.HierarchyLevel != 2 || *leaf.ParentID != l1.ID.String() || leaf.ParentSlug != "wheat_flours" || leaf.Category != "Flours & Starches" {
			t.Fatalf("leaf %+v", leaf)
		}
		sub := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Rice flours", "parent": l0.ID.String()})
		if sub.HierarchyLevel != 1 || sub.Category != "Flours & Starches" {
			t.Fatalf("sub %+v", sub)
		}
		catWantErr(t, callErr(t, e.Client, "create_ingredient", map[string]any{"name": "Pastry flour", "parent": "cake_flour"}),
			"unprocessable", "parent", "only categories (level 0) and subcategories (level 1)")
		catWantErr(t, callErr(t, e.Client, "create_ingredient", map[string]any{"name": "Pastry flour", "parent": "wheat_flours", "category": "Dairy"}),
			"invalid_argument", "category", `"Flours & Starches"`)
	})
	t.Run("BadInput", func(t *testing.T) {
		catWantErr(t, callErr(t, e.Client, "create_ingredient", map[string]any{"name": "Salt", "default_unit": "jar"}),
			"invalid_argument", "default_unit", "package type")
		catWantErr(t, callErr(t, e.Client, "create_ingredient", map[string]any{"name": "Salt", "default_unit": "bogus"}),
			"invalid_argument", "default_unit", "accepted: g, kg, oz")
		catWantErr(t, callErr(t, e.Client, "create_ingredient", map[string]any{"name": "Salt", "density_volume_value": 1, "density_volume_unit": "cup", "density_weight_value": 2}),
			"invalid_argument", "density_weight_unit", "all four")
		catWantErr(t, callErr(t, e.Client, "create_ingredient", map[string]any{"name": "Salt", "density_volume_value": 1, "density_volume_unit": "oz", "density_weight_value": 2, "density_weight_unit": "g"}),
			"invalid_argument", "density_volume_unit", "volume unit")
		catWantErr(t, callErr(t, e.Client, "create_ingredient", map[string]any{"name": "Salt", "density_volume_value": 0, "density_volume_unit": "cup", "density_weight_value": 2, "density_weight_unit": "g"}),
			"invalid_argument", "density_volume_value", "greater than zero")
		catWantErr(t, callErr(t, e.Client, "create_ingredient", map[string]any{"name": " "}), "invalid_argument", "name", "required")
		catWantErr(t, callErr(t, e.Client, "create_ingredient", map[string]any{"name": "Salt", "aliases": []string{"--"}}), "invalid_argument", "aliases", "no letters")
	})
	t.Run("Conflicts", func(t *testing.T) {
		catWantErr(t, callErr(t, e.Client, "create_ingredient", map[string]any{"name": "bread-flour"}), "conflict", "name", "bread_flour")
		catWantErr(t, callErr(t, e.Client, "create_ingredient", map[string]any{"name": "Manitoba", "aliases": []string{"STRONG FLOUR"}}),
			"conflict", "aliases", "bread_flour")
		// Different names, same slug: the second gets a suffix.
		a := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Мука"})
		b := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Соль"})
		if a.Slug != "item" || b.Slug != "item_1" {
			t.Fatalf("slugs %q %q, want item and item_1", a.Slug, b.Slug)
		}
	})
	t.Run("NotFoundAndOtherTenant", func(t *testing.T) {
		other := newEnv(t)
		_, otherL1 := catTree(t, other, "Dairy", "Cheeses")
		catWantErr(t, callErr(t, e.Client, "create_ingredient", map[string]any{"name": "Brie", "parent": otherL1.ID.String()}), "not_found", "parent", "not found")
		catWantErr(t, callErr(t, e.Client, "create_ingredient", map[string]any{"name": "Brie", "parent": "cheeses"}), "not_found", "parent", "not found")
	})
	t.Run("Idempotent", func(t *testing.T) {
		args := map[string]any{"name": "Rye flour", "idempotency_key": "k-rye"}
		first := call[tools.Ingredient](t, e.Client, "create_ingredient", args)
		again := call[tools.Ingredient](t, e.Client, "create_ingredient", args)
		if first.ID != again.ID {
			t.Fatalf("retry created %s and %s", first.ID, again.ID)
		}
		list := call[tools.ListIngredientsOutput](t, e.Client, "list_ingredients", map[string]any{"query": "rye"})
		if len(list.Ingredients) != 1 {
			t.Fatalf("%d rye ingredients, want 1", len(list.Ingredients))
		}
	})
}

func TestListIngredients(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, n := range []string{"Cherry", "apple", "Banana"} {
		call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": n})
	}
	call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Butter", "aliases": []string{"Beurre doux"}})

	all := call[tools.ListIngredientsOutput](t, e.Client, "list_ingredients", nil)
	var names []string
	for _, i := range all.Ingredients {
		names = append(names, i.Name)
	}
	// PostgreSQL's collation orders by display_name; the test database uses C or en_US, so compare case-insensitively stable sets.
	if len(names) != 4 || all.NextCursor != "" {
		t.Fatalf("list = %v (next %q)", names, all.NextCursor)
	}
	for _, tc := range []struct{ query, want string }{
		{"NAN", "Banana"},         // substring of the name
		{"ban", "Banana"},         // slug prefix too
		{"beurre", "Butter"},      // alias
		{"  Cherry!! ", "Cherry"}, // normalised
	} {
		got := call[tools.ListIngredientsOutput](t, e.Client, "list_ingredients", map[string]any{"query": tc.query})
		if len(got.Ingredients) != 1 || got.Ingredients[0].Name != tc.want {
			t.Fatalf("query %q = %+v, want only %s", tc.query, got.Ingredients, tc.want)
		}
	}
	// Pages of 3 then 1, with no overlap.
	p1 := call[tools.ListIngredientsOutput](t, e.Client, "list_ingredients", map[string]any{"limit": 3})
	if len(p1.Ingredients) != 3 || p1.NextCursor == "" {
		t.Fatalf("page 1 = %d items, next %q", len(p1.Ingredients), p1.NextCursor)
	}
	p2 := call[tools.ListIngredientsOutput](t, e.Client, "list_ingredients", map[string]any{"limit": 3, "cursor": p1.NextCursor})
	if len(p2.Ingredients) != 1 || p2.NextCursor != "" || p2.Ingredients[0].ID != all.Ingredients[3].ID {
		t.Fatalf("page 2 = %+v next %q", p2.Ingredients, p2.NextCursor)
	}
	catWantErr(t, callErr(t, e.Client, "list_ingredients", map[string]any{"limit": 501}), "invalid_argument", "limit", "between 1 and 500")
	catWantErr(t, callErr(t, e.Client, "list_ingredients", map[string]any{"cursor": "nonsense"}), "invalid_argument", "cursor", "next_cursor")
	if got := call[tools.ListIngredientsOutput](t, e.Client, "list_ingredients", map[string]any{"query": "zzz"}); len(got.Ingredients) != 0 {
		t.Fatalf("query zzz = %+v", got.Ingredients)
	}
	// Another tenant sees none of these.
	other := newEnv(t)
	if got := call[tools.ListIngredientsOutput](t, other.Client, "list_ingredients", nil); len(got.Ingredients) != 0 {
		t.Fatalf("other tenant lists %+v", got.Ingredients)
	}
}

func TestGetIngredient(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	l0, l1 := catTree(t, e, "Sugars", "Cane sugars")
	leaf := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Caster sugar", "parent": l1.Slug, "aliases": []string{"superfine"}})
	for _, ref := range []string{leaf.ID, "caster_sugar"} {
		got := call[tools.Ingredient](t, e.Client, "get_ingredient", map[string]any{"id": ref})
		if got.ID != leaf.ID || got.ParentName != "Cane sugars" || got.ParentSlug != "cane_sugars" || got.Category != "Sugars" ||
			len(got.Aliases) != 1 || got.Aliases[0] != "superfine" || got.Density != nil {
			t.Fatalf("get %s = %+v", ref, got)
		}
	}
	top := call[tools.Ingredient](t, e.Client, "get_ingredient", map[string]any{"id": l0.ID.String()})
	if *top.ChildCount != 1 || top.HierarchyLevel != 0 || top.ParentID != nil {
		t.Fatalf("top = %+v", top)
	}
	catWantErr(t, callErr(t, e.Client, "get_ingredient", map[string]any{"id": uuid.NewString()}), "not_found", "id", "not found")
	catWantErr(t, callErr(t, e.Client, "get_ingredient", map[string]any{"id": "no_such_thing"}), "not_found", "id", "list_ingredients")
	catWantErr(t, callErr(t, e.Client, "get_ingredient", map[string]any{"id": " "}), "invalid_argument", "id", "id or slug")
	other := newEnv(t)
	catWantErr(t, callErr(t, other.Client, "get_ingredient", map[string]any{"id": leaf.ID}), "not_found", "id", "not found")
	catWantErr(t, callErr(t, other.Client, "get_ingredient", map[string]any{"id": "caster_sugar"}), "not_found", "id", "not found")
}

func TestUpdateIngredient(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	l0, l1 := catTree(t, e, "Flours & Starches", "Wheat flours")
	leaf := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{
		"name": "Bread flour", "parent": l1.Slug, "aliases": []string{"strong flour", "manitoba"},
		"density_volume_value": 1, "density_volume_unit": "cup", "density_weight_value": 120, "density_weight_unit": "g",
	})

	got := call[tools.Ingredient](t, e.Client, "update_ingredient", map[string]any{
		"id": leaf.ID, "name": "Strong bread flour", "default_unit": "kg", "notes": "for baguettes",
		"add_aliases": []string{"baker's flour", "Manitoba"}, "remove_aliases": []string{"STRONG FLOUR"},
		"density_weight_value": "127.5",
	})
	if got.Slug != "bread_flour" || got.Name != "Strong bread flour" || *got.DefaultUnit != "kg" || *got.Notes != "for baguettes" {
		t.Fatalf("updated %+v", got)
	}
	if strings.Join(got.Aliases, "|") != "baker's flour|manitoba" {
		t.Fatalf("aliases %v", got.Aliases)
	}
	if got.Density == nil || got.Density.WeightValue.String() != "127.5" || got.Density.VolumeUnit != "cup" {
		t.Fatalf("density %+v", got.Density)
	}
	got = call[tools.Ingredient](t, e.Client, "update_ingredient", map[string]any{"id": "bread_flour", "clear_density": true, "notes": "", "default_unit": ""})
	if got.Density != nil || got.Notes != nil || got.DefaultUnit != nil {
		t.Fatalf("cleared %+v", got)
	}

	// Renaming the top category renames every descendant's category.
	call[tools.Ingredient](t, e.Client, "update_ingredient", map[string]any{"id": l0.ID.String(), "name": "Flours"})
	if g := call[tools.Ingredient](t, e.Client, "get_ingredient", map[string]any{"id": leaf.ID}); g.Category != "Flours" {
		t.Fatalf("leaf category after rename = %q", g.Category)
	}
	if g := call[tools.Ingredient](t, e.Client, "get_ingredient", map[string]any{"id": l1.ID.String()}); g.Category != "Flours" {
		t.Fatalf("sub category after rename = %q", g.Category)
	}
	// Moving under another top category changes the category; detaching keeps it a leaf.
	dairy, dairySub := catTree(t, e, "Dairy", "Creams")
	moved := call[tools.Ingredient](t, e.Client, "update_ingredient", map[string]any{"id": leaf.ID, "parent": dairySub.Slug})
	if moved.Category != "Dairy" || *moved.ParentID != dairySub.ID.String() || moved.HierarchyLevel != 2 {
		t.Fatalf("moved %+v", moved)
	}
	loose := call[tools.Ingredient](t, e.Client, "update_ingredient", map[string]any{"id": leaf.ID, "parent": "", "category": "Misc"})
	if loose.ParentID != nil || loose.HierarchyLevel != 2 || loose.Category != "Misc" {
		t.Fatalf("detached %+v", loose)
	}

	t.Run("Tree", func(t *testing.T) {
		spelt := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Spelt flour", "parent": l1.Slug})
		// A subcategory with children may move between categories (same level); its children follow.
		sub := call[tools.Ingredient](t, e.Client, "update_ingredient", map[string]any{"id": l1.ID.String(), "parent": dairy.Slug})
		if sub.Category != "Dairy" || sub.HierarchyLevel != 1 {
			t.Fatalf("moved subcategory %+v", sub)
		}
		if g := call[tools.Ingredient](t, e.Client, "get_ingredient", map[string]any{"id": spelt.ID}); g.Category != "Dairy" {
			t.Fatalf("child category after move = %q", g.Category)
		}
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": l1.ID.String(), "parent": dairySub.Slug}), "unprocessable", "parent", "Move its children first")
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": dairy.ID.String(), "parent": l1.Slug}), "unprocessable", "parent", "own ancestor")
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": l1.ID.String(), "parent": l1.Slug}), "unprocessable", "parent", "own ancestor")
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": leaf.ID, "parent": "bread_flour"}), "unprocessable", "parent", "level-2")
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": l1.ID.String(), "parent": ""}), "unprocessable", "parent", "1 child ingredient")
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": l1.ID.String(), "category": "Other"}), "invalid_argument", "category", "top-level ancestor")
		call[tools.Product](t, e.Client, "create_product", map[string]any{"ingredient": leaf.ID, "package_unit": "lb", "package_unit_quantity": 5})
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": leaf.ID, "parent": "dairy"}), "unprocessable", "parent", "1 product")
	})
	t.Run("BadInput", func(t *testing.T) {
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": leaf.ID, "default_unit": "jar"}), "invalid_argument", "default_unit", "package type")
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": leaf.ID, "clear_density": true, "density_volume_unit": "cup"}), "invalid_argument", "clear_density", "not both")
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": leaf.ID, "density_volume_unit": "cup"}), "invalid_argument", "density_volume_value", "all four")
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": leaf.ID, "name": ""}), "invalid_argument", "name", "required")
		call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Semolina", "aliases": []string{"durum"}})
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": leaf.ID, "name": "SEMOLINA"}), "conflict", "name", "semolina")
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": leaf.ID, "add_aliases": []string{"Durum"}}), "conflict", "aliases", "semolina")
	})
	t.Run("NotFoundAndOtherTenant", func(t *testing.T) {
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": uuid.NewString(), "notes": "x"}), "not_found", "id", "not found")
		other := newEnv(t)
		catWantErr(t, callErr(t, other.Client, "update_ingredient", map[string]any{"id": leaf.ID, "notes": "x"}), "not_found", "id", "not found")
		_, otherSub := catTree(t, other, "Fats", "Butters")
		catWantErr(t, callErr(t, e.Client, "update_ingredient", map[string]any{"id": leaf.ID, "parent": otherSub.ID.String()}), "not_found", "parent", "not found")
	})
}

func TestDeleteIngredient(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ing := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Cardamom", "aliases": []string{"elaichi"}})
	other := newEnv(t)
	catWantErr(t, callErr(t, other.Client, "delete_ingredient", map[string]any{"id": ing.ID}), "not_found", "id", "not found")

	got := call[tools.DeleteIngredientOutput](t, e.Client, "delete_ingredient", map[string]any{"id": "cardamom"})
	if !got.Deleted || got.ID != ing.ID {
		t.Fatalf("delete = %+v", got)
	}
	catWantErr(t, callErr(t, e.Client, "get_ingredient", map[string]any{"id": ing.ID}), "not_found", "id", "not found")
	catWantErr(t, callErr(t, e.Client, "delete_ingredient", map[string]any{"id": ing.ID}), "not_found", "id", "not found")
	catWantErr(t, callErr(t, e.Client, "delete_ingredient", map[string]any{"id": ""}), "invalid_argument", "id", "give")
	// The alias went with it and can be reused.
	call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Green cardamom", "aliases": []string{"elaichi"}})

	_, sub := catTree(t, e, "Spices", "Seeds")
	leaf := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Cumin", "parent": sub.Slug})
	call[tools.Product](t, e.Client, "create_product", map[string]any{"ingredient": "cumin", "package_unit": "g", "package_unit_quantity": 50})
	call[tools.Product](t, e.Client, "create_product", map[string]any{"ingredient": "cumin", "package_unit": "g", "package_unit_quantity": 100})
	catWantErr(t, callErr(t, e.Client, "delete_ingredient", map[string]any{"id": leaf.ID}), "conflict", "id", "2 products")
	catWantErr(t, callErr(t, e.Client, "delete_ingredient", map[string]any{"id": sub.ID.String()}), "conflict", "id", "1 child ingredient")

	// Recipe lines count too (written straight to the database: recipes are another toolset).
	salt := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Salt"})
	err := dbtest.Store(t).InTenantTx(t.Context(), e.ID.TenantID, func(tx pgx.Tx) error {
		var recipe uuid.UUID
		if err := tx.QueryRow(t.Context(), `INSERT INTO recipes (tenant_id, slug, name, name_key, category)
			VALUES ($1, 'focaccia', 'Focaccia', 'focaccia', 'Breads') RETURNING id`, e.ID.TenantID).Scan(&recipe); err != nil {
			return err
		}
		_, err := tx.Exec(t.Context(), `INSERT INTO recipe_ingredients (tenant_id, recipe_id, position, ingredient_id, quantity, unit)
			VALUES ($1, $2, 0, $3, 10, 'g'), ($1, $2, 1, $3, 2, 'g')`, e.ID.TenantID, recipe, salt.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	catWantErr(t, callErr(t, e.Client, "delete_ingredient", map[string]any{"id": salt.ID}), "conflict", "id", "2 recipe lines")
}
