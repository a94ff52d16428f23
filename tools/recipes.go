package tools

import (
	"context"
	"encoding/json"
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
	"github.com/baketracker/baketracker/units"
)

// recipeTools are the recipes toolset and recipe_cost (costing).
func recipeTools() []ServerTool {
	return []ServerTool{
		def(ToolsetRecipes, Read, &mcp.Tool{Name: "list_recipes", Title: "List recipes",
			Description: "Lists recipes by name, a page at a time, with their line counts and yields. query matches part of the name or the start of the slug; " +
				"archived recipes only with include_archived. Search before creating. " +
				`Example: {"query": "cookie", "category": "Cookies"}; pass next_cursor back as cursor for the next page.`},
			(*Tools).ListRecipes),
		def(ToolsetRecipes, Read, &mcp.Tool{Name: "get_recipe", Title: "Get recipe",
			Description: "One recipe with its ordered ingredient lines, component recipes, variants, base recipe and yields (finished units), scaled to batches. " +
				"yield_known is false when the recipe has no finished units. With expand, expanded_lines multiplies nested components out into one ingredient list. " +
				`Example: {"id": "chocolate-chip-cookies", "batches": 2, "expand": true} (an id, slug or exact name).`},
			(*Tools).GetRecipe),
		def(ToolsetRecipes, Write, &mcp.Tool{Name: "create_recipe", Title: "Create recipe",
			Description: "Adds a recipe with ordered ingredient lines (leaf ingredients; the same ingredient may appear twice), optional component recipes " +
				"(quantity = batches of the component per batch), optional yields, and optionally as a variant of base_recipe. " +
				`Example: {"name": "Chocolate Chip Cookies", "category": "Cookies", "lines": [{"ingredient": "flour_all_purpose", "quantity": 2.25, "unit": "cup"}, ` +
				`{"ingredient": "butter", "quantity": 1, "unit": "cup", "notes": "softened"}], "yields": [{"display_name": "Cookie", "items_per_batch": 48, "item_unit": "cookie"}]}.`},
			(*Tools).CreateRecipe),
		def(ToolsetRecipes, Destructive, &mcp.Tool{Name: "update_recipe", Title: "Update recipe",
			Description: "Changes a recipe; only the fields given change. lines, components and yields, when given, replace the whole list. The slug never changes. " +
				`Example: {"id": "chocolate-chip-cookies", "is_production_ready": true, "lines": [{"ingredient": "flour_all_purpose", "quantity": 2.5, "unit": "cup"}]}.`},
			(*Tools).UpdateRecipe),
		def(ToolsetCosting, Read, &mcp.Tool{Name: "recipe_cost", Title: "Recipe cost",
			Description: "What a recipe would cost from the pantry's lots, first in first out, without using them up. Nested components are included. " +
				"Each line says whether its cost and stock are known (status ok, unknown_cost, no_stock, short, needs_density or unconvertible); " +
				"total_cost sums the known costs and cost_complete says whether everything was known. What the pantry lacks is costed at the last purchase price (cost_basis says which). " +
				"per_yield gives the cost per finished unit (per cookie, per loaf) and, with target_margin, a suggested price. " +
				`Example: {"recipe_id": "chocolate-chip-cookies", "batches": 2, "target_margin": 60}.`},
			(*Tools).RecipeCost),
	}
}

// RecipeRefOut names another recipe.
type RecipeRefOut struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// RecipeVariantOut is a recipe whose base is this one.
type RecipeVariantOut struct {
	ID          string `json:"id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	VariantName string `json:"variant_name"`
}

// RecipeLineOut is one ingredient line, scaled to the batches asked for.
type RecipeLineOut struct {
	Position       int             `json:"position"`
	IngredientID   string          `json:"ingredient_id"`
	IngredientSlug string          `json:"ingredient_slug"`
	IngredientName string          `json:"ingredient_name"`
	Quantity       decimal.Decimal `json:"quantity"`
	Unit           string          `json:"unit"`
	Notes          string          `json:"notes"`
}

// RecipeComponentOut is a nested recipe; quantity is batches of it needed
// for the batches asked for.
type RecipeComponentOut struct {
	RecipeID string          `json:"recipe_id"`
	Slug     string          `json:"slug"`
	Name     string          `json:"name"`
	Quantity decimal.Decimal `json:"quantity"`
	Notes    string          `json:"notes"`
}

// FinishedUnitOut is one yield of a batch: items_per_batch item_unit
// (discrete_count) or batch_percentage % of the batch (batch_portion).
type FinishedUnitOut struct {
	ID          string `json:"id"`
	Slug        string `json:"slug"`
	DisplayName string `json:"display_name"`
	YieldMode   string `json:"yield_mode"`
	// YieldModeAsWritten is an imported yield_mode the model does not know
	// ("weight"), kept for review while yield_mode stays unset.
	YieldModeAsWritten string           `json:"yield_mode_as_written,omitempty"`
	ItemsPerBatch      *decimal.Decimal `json:"items_per_batch,omitempty"`
	ItemUnit           string           `json:"item_unit"`
	BatchPercentage    *decimal.Decimal `json:"batch_percentage,omitempty"`
}

// ExpandedLineOut is one ingredient need with nested components multiplied
// out, summed per ingredient and unit.
type ExpandedLineOut struct {
	IngredientID   string          `json:"ingredient_id"`
	IngredientSlug string          `json:"ingredient_slug"`
	IngredientName string          `json:"ingredient_name"`
	Quantity       decimal.Decimal `json:"quantity"`
	Unit           string          `json:"unit"`
	// Recipes are the slugs of the recipes whose lines were summed.
	Recipes []string `json:"recipes"`
}

// RecipeOut is a recipe as get_recipe, create_recipe and update_recipe return it.
type RecipeOut struct {
	ID                   string               `json:"id"`
	Slug                 string               `json:"slug"`
	Name                 string               `json:"name"`
	Category             string               `json:"category"`
	Source               string               `json:"source"`
	Notes                string               `json:"notes"`
	EstimatedTimeMinutes *int                 `json:"estimated_time_minutes,omitempty"`
	IsArchived           bool                 `json:"is_archived"`
	IsProductionReady    bool                 `json:"is_production_ready"`
	BaseRecipe           *RecipeRefOut        `json:"base_recipe,omitempty"`
	VariantName          string               `json:"variant_name"`
	Variants             []RecipeVariantOut   `json:"variants"`
	Batches              decimal.Decimal      `json:"batches"`
	Lines                []RecipeLineOut      `json:"lines"`
	Components           []RecipeComponentOut `json:"components"`
	FinishedUnits        []FinishedUnitOut    `json:"finished_units"`
	YieldKnown           bool                 `json:"yield_known"`
	ExpandedLines        []ExpandedLineOut    `json:"expanded_lines,omitempty"`
	CreatedAt            time.Time            `json:"created_at"`
	UpdatedAt            time.Time            `json:"updated_at"`
}

// GetRecipeInput asks for one recipe.
type GetRecipeInput struct {
	ID      string           `json:"id" jsonschema:"the recipe's id, slug or exact name"`
	Expand  bool             `json:"expand,omitempty" jsonschema:"also return expanded_lines: every ingredient with nested component recipes multiplied out"`
	Batches *decimal.Decimal `json:"batches,omitempty" jsonschema:"scale quantities to this many batches (default 1)"`
}

// GetRecipe returns a recipe with its lines, components, variants and
// yields. One snapshot: the detail is one statement, the expansion another.
func (t *Tools) GetRecipe(ctx context.Context, id identity.Identity, in GetRecipeInput) (RecipeOut, error) {
	batches, err := recipeBatches("batches", in.Batches)
	if err != nil {
		return RecipeOut{}, err
	}
	var out RecipeOut
	err = t.snapshot(ctx, id, func(q *queries.Queries) error {
		rid, err := recipeIDFor(ctx, q, id.TenantID, "id", in.ID)
		if err != nil {
			return err
		}
		out, err = loadRecipe(ctx, q, id.TenantID, "id", rid, batches, in.Expand)
		return err
	})
	return out, err
}

// recipeBatches checks an optional batches argument (default 1).
func recipeBatches(field string, b *decimal.Decimal) (decimal.Decimal, error) {
	if b == nil {
		return decimal.NewFromInt(1), nil
	}
	if !b.IsPositive() {
		return decimal.Decimal{}, Invalid(field, "must be greater than 0 (got %s); 1 is one batch, 0.5 half a batch", b)
	}
	if b.GreaterThanOrEqual(decimal.NewFromInt(100000)) {
		return decimal.Decimal{}, Invalid(field, "%s batches is more than this tool scales; give fewer than 100000", b)
	}
	return *b, nil
}

// recipeIDFor turns a recipe reference into its id. A UUID is taken as is
// (loadRecipe reports it missing); anything else goes through resolveRecipe.
func recipeIDFor(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref string) (uuid.UUID, error) {
	if u, err := uuid.Parse(strings.TrimSpace(ref)); err == nil {
		return u, nil
	}
	r, err := resolveRecipe(ctx, q, tenant, field, ref)
	if err != nil {
		return uuid.Nil, err
	}
	return r.ID, nil
}

// resolveRecipe finds a recipe by id, slug, previous slug or exact name (name
// key), preferring them in that order. Several recipes with the name are
// ambiguous; none is NotFound naming field.
func resolveRecipe(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref string) (queries.RecipeResolveRow, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return queries.RecipeResolveRow{}, Invalid(field, "give a recipe id, slug or exact name (list_recipes searches)")
	}
	var refID *uuid.UUID
	if u, err := uuid.Parse(ref); err == nil {
		refID = &u
	}
	rows, err := q.RecipeResolve(ctx, queries.RecipeResolveParams{TenantID: tenant, RefID: refID, Ref: ref, NameKey: NameKey(ref)})
	if err != nil {
		return queries.RecipeResolveRow{}, fmt.Errorf("resolve recipe %q: %w", ref, err)
	}
	pick := func(match func(r queries.RecipeResolveRow) bool) (queries.RecipeResolveRow, bool) {
		for _, r := range rows {
			if match(r) {
				return r, true
			}
		}
		return queries.RecipeResolveRow{}, false
	}
	for _, m := range []func(r queries.RecipeResolveRow) bool{
		func(r queries.RecipeResolveRow) bool { return refID != nil && r.ID == *refID },
		func(r queries.RecipeResolveRow) bool { return r.Slug == ref },
		func(r queries.RecipeResolveRow) bool { return r.PreviousSlug != nil && *r.PreviousSlug == ref },
	} {
		if r, ok := pick(m); ok {
			return r, nil
		}
	}
	switch len(rows) {
	case 0:
		e := NotFound(field, fmt.Sprintf("recipe %q", ref))
		e.Message += "; give its id, slug or exact name (list_recipes searches by name)"
		return queries.RecipeResolveRow{}, e
	case 1:
		return rows[0], nil
	}
	cands := make([]Candidate, 0, len(rows))
	for _, r := range rows[:min(len(rows), maxCandidates)] {
		cands = append(cands, Candidate{ID: r.ID.String(), Name: r.Name, Kind: "recipe", Detail: "slug " + r.Slug, Similarity: 1})
	}
	return queries.RecipeResolveRow{}, Ambiguous(field, ref, cands)
}

// recipeDetailJSON mirrors the JSON arrays RecipeDetail builds.
type recipeDetailJSON struct {
	Lines []struct {
		Position       int             `json:"position"`
		IngredientID   uuid.UUID       `json:"ingredient_id"`
		IngredientSlug string          `json:"ingredient_slug"`
		IngredientName string          `json:"ingredient_name"`
		Quantity       decimal.Decimal `json:"quantity"`
		Unit           string          `json:"unit"`
		Notes          string          `json:"notes"`
	}
	Components []struct {
		RecipeID uuid.UUID       `json:"recipe_id"`
		Slug     string          `json:"slug"`
		Name     string          `json:"name"`
		Quantity decimal.Decimal `json:"quantity"`
		Notes    string          `json:"notes"`
	}
	Variants []struct {
		ID          uuid.UUID `json:"id"`
		Slug        string    `json:"slug"`
		Name        string    `json:"name"`
		VariantName string    `json:"variant_name"`
	}
}

// finishedUnitJSON is one finished unit as RecipeDetail and RecipeList build it.
type finishedUnitJSON struct {
	ID                 uuid.UUID           `json:"id"`
	Slug               string              `json:"slug"`
	DisplayName        string              `json:"display_name"`
	YieldMode          string              `json:"yield_mode"`
	YieldModeAsWritten string              `json:"yield_mode_as_written"`
	ItemsPerBatch      decimal.NullDecimal `json:"items_per_batch"`
	ItemUnit           string              `json:"item_unit"`
	BatchPercentage    decimal.NullDecimal `json:"batch_percentage"`
}

// finishedUnitsOut decodes a JSON array of finished units.
func finishedUnitsOut(raw json.RawMessage) ([]FinishedUnitOut, error) {
	var fus []finishedUnitJSON
	if err := json.Unmarshal(raw, &fus); err != nil {
		return nil, fmt.Errorf("decode finished units: %w", err)
	}
	out := make([]FinishedUnitOut, len(fus))
	for i, f := range fus {
		out[i] = FinishedUnitOut{ID: f.ID.String(), Slug: f.Slug, DisplayName: f.DisplayName, YieldMode: f.YieldMode, YieldModeAsWritten: f.YieldModeAsWritten, ItemUnit: f.ItemUnit}
		if f.ItemsPerBatch.Valid {
			v := f.ItemsPerBatch.Decimal
			out[i].ItemsPerBatch = &v
		}
		if f.BatchPercentage.Valid {
			v := f.BatchPercentage.Decimal
			out[i].BatchPercentage = &v
		}
	}
	return out, nil
}

// loadRecipe reads recipe rid (one statement) scaled to batches and, when
// expand, its expanded lines (a second). A missing id is NotFound on field.
func loadRecipe(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field string, rid uuid.UUID, batches decimal.Decimal, expand bool) (RecipeOut, error) {
	r, err := q.RecipeDetail(ctx, queries.RecipeDetailParams{TenantID: tenant, ID: rid})
	if errors.Is(err, pgx.ErrNoRows) {
		e := NotFound(field, fmt.Sprintf("recipe %s", rid))
		e.Message += "; list_recipes shows your recipes"
		return RecipeOut{}, e
	}
	if err != nil {
		return RecipeOut{}, fmt.Errorf("get recipe %s: %w", rid, err)
	}
	var d recipeDetailJSON
	for _, part := range []struct {
		raw json.RawMessage
		dst any
	}{{r.Lines, &d.Lines}, {r.Components, &d.Components}, {r.Variants, &d.Variants}} {
		if err := json.Unmarshal(part.raw, part.dst); err != nil {
			return RecipeOut{}, fmt.Errorf("decode recipe %s: %w", rid, err)
		}
	}
	fus, err := finishedUnitsOut(r.FinishedUnits)
	if err != nil {
		return RecipeOut{}, err
	}
	out := RecipeOut{
		ID: r.ID.String(), Slug: r.Slug, Name: r.Name, Category: r.Category,
		Source: recipeStr(r.Source), Notes: recipeStr(r.Notes), IsArchived: r.IsArchived, IsProductionReady: r.IsProductionReady,
		VariantName: recipeStr(r.VariantName), Batches: batches, FinishedUnits: fus, YieldKnown: len(fus) > 0,
		Variants: make([]RecipeVariantOut, 0, len(d.Variants)), Lines: make([]RecipeLineOut, 0, len(d.Lines)),
		Components: make([]RecipeComponentOut, 0, len(d.Components)), CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
	if r.EstimatedTimeMinutes != nil {
		m := int(*r.EstimatedTimeMinutes)
		out.EstimatedTimeMinutes = &m
	}
	if r.BaseRecipeID != nil {
		out.BaseRecipe = &RecipeRefOut{ID: r.BaseRecipeID.String(), Slug: recipeStr(r.BaseSlug), Name: recipeStr(r.BaseName)}
	}
	for _, v := range d.Variants {
		out.Variants = append(out.Variants, RecipeVariantOut{ID: v.ID.String(), Slug: v.Slug, Name: v.Name, VariantName: v.VariantName})
	}
	for _, l := range d.Lines {
		out.Lines = append(out.Lines, RecipeLineOut{Position: l.Position, IngredientID: l.IngredientID.String(), IngredientSlug: l.IngredientSlug,
			IngredientName: l.IngredientName, Quantity: units.Round(l.Quantity.Mul(batches)), Unit: l.Unit, Notes: l.Notes})
	}
	for _, c := range d.Components {
		out.Components = append(out.Components, RecipeComponentOut{RecipeID: c.RecipeID.String(), Slug: c.Slug, Name: c.Name,
			Quantity: units.Round(c.Quantity.Mul(batches)), Notes: c.Notes})
	}
	if expand {
		lines, err := expandRecipe(ctx, q, tenant, rid, batches)
		if err != nil {
			return RecipeOut{}, err
		}
		out.ExpandedLines = expandedOut(lines)
	}
	return out, nil
}

// expandedOut sums expanded lines per ingredient and unit for output.
func expandedOut(lines []expandedLine) []ExpandedLineOut {
	out := []ExpandedLineOut{}
	idx := map[aggregateKey]int{}
	for _, l := range lines {
		owner := l.Path[len(l.Path)-1]
		k := aggregateKey{l.IngredientID, l.Unit}
		if i, ok := idx[k]; ok {
			out[i].Quantity = out[i].Quantity.Add(l.Quantity)
			if !recipeHas(out[i].Recipes, owner) {
				out[i].Recipes = append(out[i].Recipes, owner)
			}
			continue
		}
		idx[k] = len(out)
		out = append(out, ExpandedLineOut{IngredientID: l.IngredientID.String(), IngredientSlug: l.IngredientSlug,
			IngredientName: l.IngredientName, Quantity: l.Quantity, Unit: l.Unit, Recipes: []string{owner}})
	}
	for i := range out {
		out[i].Quantity = units.Round(out[i].Quantity)
	}
	return out
}

// recipeStr is "" for a NULL text column.
func recipeStr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// ListRecipesInput filters and pages the recipe list.
type ListRecipesInput struct {
	Query           string `json:"query,omitempty" jsonschema:"part of the recipe name, or the start of its slug"`
	Category        string `json:"category,omitempty" jsonschema:"only recipes of this category (any case)"`
	IncludeArchived bool   `json:"include_archived,omitempty" jsonschema:"also list archived recipes"`
	Limit           int    `json:"limit,omitempty" jsonschema:"page size, 1 to 500 (default 50)"`
	Cursor          string `json:"cursor,omitempty" jsonschema:"next_cursor from the previous page"`
}

// RecipeSummary is one row of list_recipes.
type RecipeSummary struct {
	ID                string            `json:"id"`
	Slug              string            `json:"slug"`
	Name              string            `json:"name"`
	Category          string            `json:"category"`
	VariantName       string            `json:"variant_name"`
	BaseRecipeID      string            `json:"base_recipe_id"`
	IsProductionReady bool              `json:"is_production_ready"`
	IsArchived        bool              `json:"is_archived"`
	LineCount         int64             `json:"line_count"`
	Yields            []FinishedUnitOut `json:"yields"`
}

// ListRecipesOutput is one page of recipes.
type ListRecipesOutput struct {
	Recipes    []RecipeSummary `json:"recipes"`
	NextCursor string          `json:"next_cursor"`
}

// recipeCursor is the keyset position after a page: the last (name, id).
type recipeCursor struct {
	Name string    `json:"n"`
	ID   uuid.UUID `json:"id"`
}

// ListRecipes pages the tenant's recipes by (name, id).
func (t *Tools) ListRecipes(ctx context.Context, id identity.Identity, in ListRecipesInput) (ListRecipesOutput, error) {
	limit, err := pageLimit(in.Limit)
	if err != nil {
		return ListRecipesOutput{}, err
	}
	p := queries.RecipeListParams{TenantID: id.TenantID, IncludeArchived: in.IncludeArchived, RowLimit: limit + 1}
	if in.Cursor != "" {
		c, err := decodeCursor(in.Cursor, "list_recipes", func(c recipeCursor) bool { return c.ID != uuid.Nil })
		if err != nil {
			return ListRecipesOutput{}, err
		}
		p.AfterName, p.AfterID = &c.Name, &c.ID
	}
	if key := NameKey(in.Query); key != "" {
		slug := strings.ToLower(strings.TrimSpace(in.Query))
		p.QueryKey, p.QuerySlug = &key, &slug
	}
	if c := strings.TrimSpace(in.Category); c != "" {
		c = strings.ToLower(c)
		p.CategoryKey = &c
	}
	var rows []queries.RecipeListRow
	err = t.read(ctx, id, func(q *queries.Queries) error {
		var err error
		rows, err = q.RecipeList(ctx, p)
		return err
	})
	if err != nil {
		return ListRecipesOutput{}, fmt.Errorf("list recipes: %w", err)
	}
	out := ListRecipesOutput{Recipes: make([]RecipeSummary, 0, len(rows))}
	if len(rows) > int(limit) {
		rows = rows[:limit]
		last := rows[limit-1]
		out.NextCursor = encodeCursor(recipeCursor{Name: last.Name, ID: last.ID})
	}
	for _, r := range rows {
		yields, err := finishedUnitsOut(r.Yields)
		if err != nil {
			return ListRecipesOutput{}, err
		}
		s := RecipeSummary{ID: r.ID.String(), Slug: r.Slug, Name: r.Name, Category: r.Category, VariantName: recipeStr(r.VariantName),
			IsProductionReady: r.IsProductionReady, IsArchived: r.IsArchived, LineCount: r.LineCount, Yields: yields}
		if r.BaseRecipeID != nil {
			s.BaseRecipeID = r.BaseRecipeID.String()
		}
		out.Recipes = append(out.Recipes, s)
	}
	return out, nil
}
