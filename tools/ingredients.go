package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// catalogTools is the catalog toolset: ingredients, suppliers and products.
func catalogTools() []ServerTool {
	return []ServerTool{
		def(ToolsetCatalog, Read, &mcp.Tool{Name: "list_ingredients", Title: "List ingredients",
			Description: "Lists the tenant's ingredients by name, a page at a time. query matches part of the name, the start of the slug, or an alias. " +
				`Search before creating. Example: {"query": "flour", "limit": 20}; pass next_cursor back as cursor for the next page.`},
			(*Tools).ListIngredients),
		def(ToolsetCatalog, Read, &mcp.Tool{Name: "get_ingredient", Title: "Get ingredient",
			Description: `One ingredient with its parent, aliases, density and how many child ingredients and products it has. Example: {"id": "flour_bread"} (an id or a slug).`},
			(*Tools).GetIngredient),
		def(ToolsetCatalog, Write, &mcp.Tool{Name: "create_ingredient", Title: "Create ingredient",
			Description: "Adds an ingredient (the generic thing a recipe asks for; products are the branded packages of it). " +
				"Without parent it is a leaf with the given category; with parent (a category or subcategory) its category is the top-level category's name. " +
				`Example: {"name": "Bread flour", "parent": "flour", "default_unit": "g", "aliases": ["strong flour"]}.`},
			(*Tools).CreateIngredient),
		def(ToolsetCatalog, Destructive, &mcp.Tool{Name: "update_ingredient", Title: "Update ingredient",
			Description: "Changes an ingredient's fields; only the fields given change (an empty string clears a text field, parent \"\" detaches it). The slug never changes. " +
				`Example: {"id": "flour_bread", "default_unit": "g", "add_aliases": ["strong flour"]}.`},
			(*Tools).UpdateIngredient),
		def(ToolsetCatalog, Destructive, &mcp.Tool{Name: "delete_ingredient", Title: "Delete ingredient",
			Description: `Deletes an ingredient that no product, recipe line or child ingredient uses (otherwise it says what still does). Example: {"id": "flour_bread"}.`},
			(*Tools).DeleteIngredient),
		def(ToolsetCatalog, Read, &mcp.Tool{Name: "list_suppliers", Title: "List suppliers",
			Description: `Lists stores and online shops by name, a page at a time. Example: {"query": "costco"}.`},
			(*Tools).ListSuppliers),
		def(ToolsetCatalog, Write, &mcp.Tool{Name: "create_supplier", Title: "Create supplier",
			Description: "Adds a store (physical, the default) or an online shop. " +
				`Example: {"name": "Costco", "city": "Waltham", "state": "MA"} or {"name": "King Arthur", "supplier_type": "online", "website_url": "https://shop.kingarthurbaking.com"}.`},
			(*Tools).CreateSupplier),
		def(ToolsetCatalog, Read, &mcp.Tool{Name: "list_products", Title: "List products",
			Description: "Lists products (buyable packages of a leaf ingredient), optionally of one ingredient; hidden ones only with include_hidden. " +
				`Example: {"ingredient": "flour_bread"} or {"query": "king arthur"}.`},
			(*Tools).ListProducts),
		def(ToolsetCatalog, Read, &mcp.Tool{Name: "get_product", Title: "Get product",
			Description: `One product with its ingredient, barcodes and preferred supplier. Example: {"id": "flour_bread:King Arthur:5:lb"} (an id or a slug).`},
			(*Tools).GetProduct),
		def(ToolsetCatalog, Write, &mcp.Tool{Name: "create_product", Title: "Create product",
			Description: "Adds a product: a package of a leaf ingredient holding package_unit_quantity package_unit (a unit of measure; the container word goes in package_type). " +
				`Example: {"ingredient": "flour_bread", "brand": "King Arthur", "package_unit": "lb", "package_unit_quantity": 5, "package_type": "bag", "barcode": "071012010615"}.`},
			(*Tools).CreateProduct),
		def(ToolsetCatalog, Destructive, &mcp.Tool{Name: "update_product", Title: "Update product",
			Description: "Changes a product's fields; only the fields given change. The ingredient cannot change once the product has purchases or pantry lots. " +
				`Example: {"id": "flour_bread:King Arthur:5:lb", "is_hidden": true}.`},
			(*Tools).UpdateProduct),
		def(ToolsetCatalog, Read, &mcp.Tool{Name: "find_product_by_barcode", Title: "Find product by barcode",
			Description: "Finds the products with a barcode (UPC-A, EAN-13, EAN-8 or GTIN-14, leading zeros optional; exact text as a fallback). " +
				`Example: {"barcode": "071012010615"}.`},
			(*Tools).FindProductByBarcode),
	}
}

// IngredientDensity is an ingredient's density: volume_value volume_unit
// weighs weight_value weight_unit (1 cup = 4.25 oz).
type IngredientDensity struct {
	VolumeValue decimal.Decimal `json:"volume_value"`
	VolumeUnit  string          `json:"volume_unit"`
	WeightValue decimal.Decimal `json:"weight_value"`
	WeightUnit  string          `json:"weight_unit"`
	// LibraryEntry is the density library entry it was adopted from
	// (list_densities); empty for the ingredient's own density.
	LibraryEntry string `json:"library_entry,omitempty"`
}

// Ingredient is an ingredient as the tools show it. get_ingredient adds the
// parent's name and the child and product counts.
type Ingredient struct {
	ID          string  `json:"id"`
	Slug        string  `json:"slug"`
	Name        string  `json:"name"`
	Category    string  `json:"category"`
	DefaultUnit *string `json:"default_unit"`
	ParentID    *string `json:"parent_id"`
	ParentSlug  string  `json:"parent_slug,omitempty"`
	ParentName  string  `json:"parent_name,omitempty"`
	// HierarchyLevel is the role (domain.md §2.1), so a stand-alone
	// ingredient at the top of the tree is a level-2 leaf.
	HierarchyLevel int                `json:"hierarchy_level" jsonschema:"the ingredient's role, not its depth: 0 a category, 1 a subcategory, 2 an ingredient you buy and use in recipes (a leaf, which may have no parent)"`
	Description    *string            `json:"description"`
	Notes          *string            `json:"notes"`
	Density        *IngredientDensity `json:"density"`
	Aliases        []string           `json:"aliases"`
	// Allergens are codes of the allergen list (see Allergens).
	Allergens    []string  `json:"allergens"`
	ChildCount   *int      `json:"child_count,omitempty"`
	ProductCount *int      `json:"product_count,omitempty"`
	NeedsReview  bool      `json:"needs_review"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// IngredientItem is the lean list form of an ingredient: a page of 500 goes
// through the MCP SDK's marshal, output-schema validation and JSON-RPC
// encoding, whose cost grows with every field, so lists carry only what a
// picker or a tree needs (default_unit and parent_id are left out when
// unset); get_ingredient has the rest.
type IngredientItem struct {
	ID             string  `json:"id"`
	Slug           string  `json:"slug"`
	Name           string  `json:"name"`
	Category       string  `json:"category"`
	DefaultUnit    *string `json:"default_unit,omitempty"`
	ParentID       *string `json:"parent_id,omitempty"`
	HierarchyLevel int     `json:"hierarchy_level" jsonschema:"the ingredient's role, not its depth: 0 a category, 1 a subcategory, 2 an ingredient you buy and use in recipes (a leaf, which may have no parent)"`
}

// ListIngredientsInput pages through the ingredients.
type ListIngredientsInput struct {
	Query  string `json:"query,omitempty" jsonschema:"part of a name, the start of a slug, or an alias; empty lists everything"`
	Limit  int    `json:"limit,omitempty" jsonschema:"page size, 1 to 500 (default 50)"`
	Cursor string `json:"cursor,omitempty" jsonschema:"next_cursor from the previous page"`
}

// ListIngredientsOutput is one page; next_cursor is empty on the last.
type ListIngredientsOutput struct {
	Ingredients []IngredientItem `json:"ingredients"`
	NextCursor  string           `json:"next_cursor"`
}

// ListIngredients lists a page of ingredients ordered by name, in one
// statement (one round trip).
func (t *Tools) ListIngredients(ctx context.Context, id identity.Identity, in ListIngredientsInput) (ListIngredientsOutput, error) {
	limit, err := pageLimit(in.Limit)
	if err != nil {
		return ListIngredientsOutput{}, err
	}
	afterName, afterID, err := decodeCatalogCursor(in.Cursor)
	if err != nil {
		return ListIngredientsOutput{}, err
	}
	namePat, slugPat := catalogSearch(in.Query)
	var rows []queries.IngredientListRow
	err = t.read(ctx, id, func(q *queries.Queries) error {
		rows, err = q.IngredientList(ctx, queries.IngredientListParams{
			TenantID: id.TenantID, AfterName: afterName, AfterID: afterID,
			NamePattern: namePat, SlugPattern: slugPat, RowLimit: limit + 1,
		})
		return err
	})
	if err != nil {
		return ListIngredientsOutput{}, fmt.Errorf("list ingredients: %w", err)
	}
	out := ListIngredientsOutput{Ingredients: make([]IngredientItem, 0, min(len(rows), int(limit)))}
	if len(rows) > int(limit) {
		rows = rows[:limit]
		last := rows[len(rows)-1]
		out.NextCursor = encodeCatalogCursor(last.DisplayName, last.ID)
	}
	for _, r := range rows {
		out.Ingredients = append(out.Ingredients, IngredientItem{
			ID: r.ID.String(), Slug: r.Slug, Name: r.DisplayName, Category: r.Category,
			DefaultUnit: r.DefaultUnit, ParentID: catalogIDString(r.ParentID), HierarchyLevel: int(r.HierarchyLevel),
		})
	}
	return out, nil
}

// GetIngredientInput names one ingredient.
type GetIngredientInput struct {
	ID string `json:"id" jsonschema:"the ingredient's id or slug"`
}

// GetIngredient returns one ingredient (by id or slug) with its neighbours.
func (t *Tools) GetIngredient(ctx context.Context, id identity.Identity, in GetIngredientInput) (Ingredient, error) {
	var out Ingredient
	err := t.read(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = ingredientDetail(ctx, q, id.TenantID, "id", in.ID)
		return err
	})
	return out, err
}

// ingredientDetail reads the full output form of an ingredient by id or slug.
func ingredientDetail(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref string) (Ingredient, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Ingredient{}, Invalid(field, "give the ingredient's id or slug (list_ingredients finds them)")
	}
	p := queries.IngredientDetailParams{TenantID: tenant}
	if u, err := uuid.Parse(ref); err == nil {
		p.ID = &u
	} else {
		p.Slug = &ref
	}
	r, err := q.IngredientDetail(ctx, p)
	if errors.Is(err, pgx.ErrNoRows) {
		return Ingredient{}, catalogNotFound(field, fmt.Sprintf("ingredient %q", ref), "search with list_ingredients")
	}
	if err != nil {
		return Ingredient{}, fmt.Errorf("get ingredient: %w", err)
	}
	out := ingredientOut(r.Ingredient, r.Aliases)
	out.ParentSlug = textOf(r.ParentSlug)
	out.ParentName = textOf(r.ParentName)
	children, products := int(r.ChildCount), int(r.ProductCount)
	out.ChildCount, out.ProductCount = &children, &products
	return out, nil
}

func ingredientOut(i queries.Ingredient, aliases []string) Ingredient {
	if aliases == nil {
		aliases = []string{}
	}
	out := Ingredient{
		ID: i.ID.String(), Slug: i.Slug, Name: i.DisplayName, Category: i.Category,
		DefaultUnit: i.DefaultUnit, ParentID: catalogIDString(i.ParentID), HierarchyLevel: int(i.HierarchyLevel),
		Description: i.Description, Notes: i.Notes, Aliases: aliases, NeedsReview: i.NeedsReview,
		CreatedAt: i.CreatedAt, UpdatedAt: i.UpdatedAt, Allergens: i.Allergens,
	}
	if out.Allergens == nil {
		out.Allergens = []string{}
	}
	if i.DensityVolumeValue.Valid && i.DensityWeightValue.Valid && i.DensityVolumeUnit != nil && i.DensityWeightUnit != nil {
		out.Density = &IngredientDensity{
			VolumeValue: i.DensityVolumeValue.Decimal, VolumeUnit: *i.DensityVolumeUnit,
			WeightValue: i.DensityWeightValue.Decimal, WeightUnit: *i.DensityWeightUnit,
			LibraryEntry: textOf(i.DensityLibraryID),
		}
	}
	return out
}

// DeleteIngredientInput names the ingredient to delete.
type DeleteIngredientInput struct {
	ID string `json:"id" jsonschema:"the ingredient's id or slug"`
}

// DeleteIngredientOutput confirms a deletion.
type DeleteIngredientOutput struct {
	Deleted bool   `json:"deleted"`
	ID      string `json:"id"`
}

// DeleteIngredient deletes an unused ingredient. What still uses it is
// counted first so the refusal can say what to fix; the foreign keys still
// refuse (23503) if something is added concurrently.
func (t *Tools) DeleteIngredient(ctx context.Context, id identity.Identity, in DeleteIngredientInput) (DeleteIngredientOutput, error) {
	var out DeleteIngredientOutput
	err := t.write(ctx, id, func(q *queries.Queries) error {
		ing, err := ingredientByRef(ctx, q, id.TenantID, "id", in.ID, false, nil)
		if err != nil {
			return err
		}
		use, err := q.IngredientUsage(ctx, queries.IngredientUsageParams{TenantID: id.TenantID, ID: ing.ID})
		if err != nil {
			return fmt.Errorf("delete ingredient: usage: %w", err)
		}
		if uses := usageList(int(use.Products), "product", int(use.RecipeLines), "recipe line", int(use.Children), "child ingredient"); uses != "" {
			return Conflict("id", "%s (%s) is still used by %s; delete or move those first", ing.DisplayName, ing.Slug, uses)
		}
		if _, err := q.IngredientDelete(ctx, queries.IngredientDeleteParams{TenantID: id.TenantID, ID: ing.ID}); err != nil {
			return err
		}
		out = DeleteIngredientOutput{Deleted: true, ID: ing.ID.String()}
		return nil
	})
	if catalogPgCode(err, "23503") {
		return DeleteIngredientOutput{}, Conflict("id", "the ingredient is still in use (something was just added that refers to it); check get_ingredient and try again")
	}
	return out, catalogErr(err, "delete ingredient")
}

// ingredientByRef resolves an ingredient reference: an id, a slug, or (with
// byName) an exact name or alias. When a name matches several ingredients,
// prefer (if given) picks among them; a tie is an error listing the slugs.
func ingredientByRef(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref string, byName bool, prefer func(queries.Ingredient) bool) (queries.Ingredient, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return queries.Ingredient{}, Invalid(field, "give the ingredient's id, slug or name")
	}
	what := "give its id or slug"
	if byName {
		what = "give its id, slug or exact name"
	}
	if u, err := uuid.Parse(ref); err == nil {
		ing, err := q.IngredientGet(ctx, queries.IngredientGetParams{TenantID: tenant, ID: u})
		if errors.Is(err, pgx.ErrNoRows) {
			return ing, catalogNotFound(field, fmt.Sprintf("ingredient %q", ref), "search with list_ingredients")
		}
		return ing, err
	}
	ing, err := q.IngredientGetBySlug(ctx, queries.IngredientGetBySlugParams{TenantID: tenant, Slug: ref})
	if err == nil || !errors.Is(err, pgx.ErrNoRows) {
		return ing, err
	}
	if byName {
		key := NameKey(ref)
		rows, err := q.IngredientListByNameKey(ctx, queries.IngredientListByNameKeyParams{TenantID: tenant, NameKey: key})
		if err != nil {
			return queries.Ingredient{}, err
		}
		if len(rows) > 1 && prefer != nil {
			var kept []queries.Ingredient
			for _, r := range rows {
				if prefer(r) {
					kept = append(kept, r)
				}
			}
			if len(kept) > 0 {
				rows = kept
			}
		}
		switch {
		case len(rows) == 1:
			return rows[0], nil
		case len(rows) > 1:
			cands := make([]Candidate, 0, len(rows))
			for _, r := range rows[:min(len(rows), maxCandidates)] {
				cands = append(cands, Candidate{ID: r.ID.String(), Name: r.DisplayName, Kind: "ingredient", Similarity: 1,
					Detail: fmt.Sprintf("slug %s, level %d", r.Slug, r.HierarchyLevel)})
			}
			return queries.Ingredient{}, Ambiguous(field, ref, cands)
		}
		ing, err := q.IngredientGetByAliasKey(ctx, queries.IngredientGetByAliasKeyParams{TenantID: tenant, AliasKey: key})
		if err == nil || !errors.Is(err, pgx.ErrNoRows) {
			return ing, err
		}
	}
	return queries.Ingredient{}, catalogNotFound(field, fmt.Sprintf("ingredient %q", ref), what+"; search with list_ingredients")
}

// usageList formats nonzero counts as "2 products, 1 recipe line and 3 child
// ingredients" (pairs of count and singular noun); "" when all are zero.
func usageList(pairs ...any) string {
	var parts []string
	for i := 0; i+1 < len(pairs); i += 2 {
		n, noun := pairs[i].(int), pairs[i+1].(string)
		if n == 0 {
			continue
		}
		if n != 1 {
			noun += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, noun))
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
