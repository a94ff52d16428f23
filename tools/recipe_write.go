package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// RecipeLineInput is one ingredient line of a write.
type RecipeLineInput struct {
	Ingredient string          `json:"ingredient" jsonschema:"a leaf ingredient's id, slug or exact name"`
	Quantity   decimal.Decimal `json:"quantity" jsonschema:"amount per batch, greater than 0"`
	Unit       string          `json:"unit" jsonschema:"unit code: g, kg, oz (weight), lb, ml, l, tsp, tbsp, fl oz, cup, pt, qt, gal, each, count, piece, dozen"`
	Notes      string          `json:"notes,omitempty" jsonschema:"e.g. sifted, softened (at most 500 characters)"`
}

// RecipeComponentInput is a nested recipe of a write.
type RecipeComponentInput struct {
	Recipe   string          `json:"recipe" jsonschema:"the component recipe's id, slug or exact name"`
	Quantity decimal.Decimal `json:"quantity" jsonschema:"batches of the component per batch of this recipe, greater than 0"`
	Notes    string          `json:"notes,omitempty"`
}

// RecipeYieldInput is one finished unit (yield) of a write.
type RecipeYieldInput struct {
	DisplayName     string           `json:"display_name" jsonschema:"what is made, e.g. Chocolate Chip Cookie"`
	ItemsPerBatch   *decimal.Decimal `json:"items_per_batch,omitempty" jsonschema:"for discrete_count: whole items one batch makes, e.g. 48"`
	ItemUnit        string           `json:"item_unit,omitempty" jsonschema:"for discrete_count: what an item is called, e.g. cookie"`
	BatchPercentage *decimal.Decimal `json:"batch_percentage,omitempty" jsonschema:"for batch_portion: share of the batch, more than 0 and at most 100"`
	YieldMode       string           `json:"yield_mode,omitempty" jsonschema:"discrete_count or batch_portion (default: batch_portion when batch_percentage is given, else discrete_count)"`
}

// CreateRecipeInput is a new recipe.
type CreateRecipeInput struct {
	Name                 string                 `json:"name" jsonschema:"the recipe's name (unique among your recipes)"`
	Category             string                 `json:"category,omitempty" jsonschema:"e.g. Cookies, Cakes"`
	Source               string                 `json:"source,omitempty" jsonschema:"where the recipe comes from"`
	Notes                string                 `json:"notes,omitempty" jsonschema:"method and remarks"`
	EstimatedTimeMinutes *int                   `json:"estimated_time_minutes,omitempty" jsonschema:"total time in minutes"`
	BaseRecipe           string                 `json:"base_recipe,omitempty" jsonschema:"makes this a variant of that recipe (its id or slug); a variant's base cannot itself be a variant"`
	VariantName          string                 `json:"variant_name,omitempty" jsonschema:"for a variant, e.g. Double Chocolate"`
	IsProductionReady    bool                   `json:"is_production_ready,omitempty" jsonschema:"false (the default) marks the recipe experimental"`
	Lines                []RecipeLineInput      `json:"lines" jsonschema:"ingredient lines in order; the same ingredient may appear more than once"`
	Components           []RecipeComponentInput `json:"components,omitempty" jsonschema:"nested recipes; at most 3 levels of recipes in all"`
	Yields               []RecipeYieldInput     `json:"yields,omitempty" jsonschema:"what one batch makes; without it the yield stays unknown"`
	IdempotencyKey       string                 `json:"idempotency_key,omitempty" jsonschema:"reuse when retrying so the recipe is created once"`
}

// UpdateRecipeInput changes a recipe; absent fields stay as they are.
type UpdateRecipeInput struct {
	ID                   string                  `json:"id" jsonschema:"the recipe's id, slug or exact name"`
	Name                 *string                 `json:"name,omitempty" jsonschema:"new name (the slug stays)"`
	Category             *string                 `json:"category,omitempty"`
	Source               *string                 `json:"source,omitempty" jsonschema:"empty string clears it"`
	Notes                *string                 `json:"notes,omitempty" jsonschema:"empty string clears it"`
	EstimatedTimeMinutes *int                    `json:"estimated_time_minutes,omitempty"`
	IsArchived           *bool                   `json:"is_archived,omitempty" jsonschema:"archive (true) or restore (false)"`
	IsProductionReady    *bool                   `json:"is_production_ready,omitempty"`
	VariantName          *string                 `json:"variant_name,omitempty" jsonschema:"only for a variant; empty string clears it"`
	Lines                *[]RecipeLineInput      `json:"lines,omitempty" jsonschema:"replaces all lines"`
	Components           *[]RecipeComponentInput `json:"components,omitempty" jsonschema:"replaces all components ([] removes them)"`
	Yields               *[]RecipeYieldInput     `json:"yields,omitempty" jsonschema:"replaces all yields ([] removes them)"`
	IdempotencyKey       string                  `json:"idempotency_key,omitempty" jsonschema:"reuse when retrying so the change is applied once"`
}

// CreateRecipe adds a recipe with its lines, components and yields in one
// transaction.
func (t *Tools) CreateRecipe(ctx context.Context, id identity.Identity, in CreateRecipeInput) (RecipeOut, error) {
	name, err := recipeName(in.Name)
	if err != nil {
		return RecipeOut{}, err
	}
	if err := recipeFields(in.Category, in.EstimatedTimeMinutes); err != nil {
		return RecipeOut{}, err
	}
	lines, err := checkLines(in.Lines)
	if err != nil {
		return RecipeOut{}, err
	}
	comps, err := checkComponents(in.Components)
	if err != nil {
		return RecipeOut{}, err
	}
	yields, err := checkYields(in.Yields)
	if err != nil {
		return RecipeOut{}, err
	}
	if err := variantNameLength(in.VariantName); err != nil {
		return RecipeOut{}, err
	}
	base := strings.TrimSpace(in.BaseRecipe)
	if base == "" && strings.TrimSpace(in.VariantName) != "" {
		return RecipeOut{}, Invalid("variant_name", "only a variant has a variant name; give base_recipe too, or leave variant_name out")
	}
	tenant := id.TenantID
	var out RecipeOut
	err = t.write(ctx, id, func(q *queries.Queries) error {
		out, err = idempotent(ctx, q, tenant, in.IdempotencyKey, "create_recipe", in, func() (RecipeOut, error) {
			if err := lockRecipes(ctx, q, tenant); err != nil {
				return RecipeOut{}, err
			}
			if err := recipeNameFree(ctx, q, tenant, name, uuid.Nil); err != nil {
				return RecipeOut{}, err
			}
			var baseID *uuid.UUID
			if base != "" {
				b, err := resolveRecipe(ctx, q, tenant, "base_recipe", base)
				if err != nil {
					return RecipeOut{}, err
				}
				if b.BaseRecipeID != nil {
					return RecipeOut{}, Invalid("base_recipe", "%q is itself a variant; make a variant of its base recipe instead (no variant of a variant)", b.Name)
				}
				baseID = &b.ID
			}
			slug, err := UniqueSlug(Slug(name, '-'), '-', func(s string) (bool, error) {
				return q.RecipeSlugExists(ctx, queries.RecipeSlugExistsParams{TenantID: tenant, Slug: s})
			})
			if err != nil {
				return RecipeOut{}, fmt.Errorf("recipe slug: %w", err)
			}
			rid, err := q.RecipeCreate(ctx, queries.RecipeCreateParams{
				TenantID: tenant, Slug: slug, Name: name, NameKey: NameKey(name), Category: strings.TrimSpace(in.Category),
				Source: textOrNil(in.Source), Notes: textOrNil(in.Notes), EstimatedTimeMinutes: recipeMinutes(in.EstimatedTimeMinutes),
				BaseRecipeID: baseID, VariantName: textOrNil(in.VariantName), IsProductionReady: in.IsProductionReady,
			})
			if err != nil {
				return RecipeOut{}, fmt.Errorf("create recipe: %w", err)
			}
			if err := writeLines(ctx, q, tenant, rid, lines, false); err != nil {
				return RecipeOut{}, err
			}
			if err := writeComponents(ctx, q, tenant, rid, comps, false); err != nil {
				return RecipeOut{}, err
			}
			if err := writeYields(ctx, q, tenant, rid, slug, yields, false); err != nil {
				return RecipeOut{}, err
			}
			return loadRecipe(ctx, q, tenant, "id", rid, decimal.NewFromInt(1), false)
		})
		return err
	})
	return out, err
}

// UpdateRecipe changes a recipe's fields and, when given, replaces its
// lines, components or yields, all in one transaction.
func (t *Tools) UpdateRecipe(ctx context.Context, id identity.Identity, in UpdateRecipeInput) (RecipeOut, error) {
	var name string
	if in.Name != nil {
		var err error
		if name, err = recipeName(*in.Name); err != nil {
			return RecipeOut{}, err
		}
	}
	category := ""
	if in.Category != nil {
		category = *in.Category
	}
	if err := recipeFields(category, in.EstimatedTimeMinutes); err != nil {
		return RecipeOut{}, err
	}
	var lines []checkedLine
	if in.Lines != nil {
		var err error
		if lines, err = checkLines(*in.Lines); err != nil {
			return RecipeOut{}, err
		}
	}
	var comps []checkedComponent
	if in.Components != nil {
		var err error
		if comps, err = checkComponents(*in.Components); err != nil {
			return RecipeOut{}, err
		}
	}
	var yields []checkedYield
	if in.Yields != nil {
		var err error
		if yields, err = checkYields(*in.Yields); err != nil {
			return RecipeOut{}, err
		}
	}
	tenant := id.TenantID
	var out RecipeOut
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, tenant, in.IdempotencyKey, "update_recipe", in, func() (RecipeOut, error) {
			if err := lockRecipes(ctx, q, tenant); err != nil {
				return RecipeOut{}, err
			}
			rid, err := recipeIDFor(ctx, q, tenant, "id", in.ID)
			if err != nil {
				return RecipeOut{}, err
			}
			r, err := q.RecipeGetForUpdate(ctx, queries.RecipeGetForUpdateParams{TenantID: tenant, ID: rid})
			if errors.Is(err, pgx.ErrNoRows) {
				e := NotFound("id", fmt.Sprintf("recipe %s", rid))
				e.Message += "; list_recipes shows your recipes"
				return RecipeOut{}, e
			}
			if err != nil {
				return RecipeOut{}, fmt.Errorf("lock recipe %s: %w", rid, err)
			}
			p := queries.RecipeUpdateParams{TenantID: tenant, ID: rid, Name: r.Name, NameKey: r.NameKey, Category: r.Category,
				Source: r.Source, Notes: r.Notes, EstimatedTimeMinutes: r.EstimatedTimeMinutes, IsArchived: r.IsArchived,
				IsProductionReady: r.IsProductionReady, VariantName: r.VariantName}
			if in.Name != nil && NameKey(name) != r.NameKey {
				if err := recipeNameFree(ctx, q, tenant, name, rid); err != nil {
					return RecipeOut{}, err
				}
			}
			if in.Name != nil {
				p.Name, p.NameKey = name, NameKey(name)
			}
			if in.Category != nil {
				p.Category = strings.TrimSpace(*in.Category)
			}
			if in.Source != nil {
				p.Source = textOrNil(*in.Source)
			}
			if in.Notes != nil {
				p.Notes = textOrNil(*in.Notes)
			}
			if in.EstimatedTimeMinutes != nil {
				p.EstimatedTimeMinutes = recipeMinutes(in.EstimatedTimeMinutes)
			}
			if in.IsArchived != nil {
				p.IsArchived = *in.IsArchived
			}
			if in.IsProductionReady != nil {
				p.IsProductionReady = *in.IsProductionReady
			}
			if in.VariantName != nil {
				if err := variantNameLength(*in.VariantName); err != nil {
					return RecipeOut{}, err
				}
				if r.BaseRecipeID == nil && strings.TrimSpace(*in.VariantName) != "" {
					return RecipeOut{}, Invalid("variant_name", "%q is not a variant of another recipe, so it has no variant name", r.Name)
				}
				p.VariantName = textOrNil(*in.VariantName)
			}
			if err := q.RecipeUpdate(ctx, p); err != nil {
				return RecipeOut{}, fmt.Errorf("update recipe: %w", err)
			}
			if in.Lines != nil {
				if err := writeLines(ctx, q, tenant, rid, lines, true); err != nil {
					return RecipeOut{}, err
				}
			}
			if in.Components != nil {
				if err := writeComponents(ctx, q, tenant, rid, comps, true); err != nil {
					return RecipeOut{}, err
				}
			}
			if in.Yields != nil {
				if err := writeYields(ctx, q, tenant, rid, r.Slug, yields, true); err != nil {
					return RecipeOut{}, err
				}
			}
			return loadRecipe(ctx, q, tenant, "id", rid, decimal.NewFromInt(1), false)
		})
		return err
	})
	return out, err
}

// recipeName checks a recipe name.
func recipeName(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", Invalid("name", "give the recipe a name, e.g. Chocolate Chip Cookies")
	case NameTooLong(s):
		return "", Invalid("name", "must be at most 200 characters")
	case NameKey(s) == "":
		return "", Invalid("name", "must contain a letter or a digit")
	}
	return s, nil
}

// recipeFields checks the simple optional fields.
func recipeFields(category string, minutes *int) error {
	if len([]rune(strings.TrimSpace(category))) > 100 {
		return Invalid("category", "must be at most 100 characters")
	}
	if minutes != nil && (*minutes < 0 || *minutes > 100000) {
		return Invalid("estimated_time_minutes", "must be between 0 and 100000 minutes; got %d", *minutes)
	}
	return nil
}

// recipeNameFree refuses a name another recipe (not self) already has:
// recipes are found by exact name, so two with one name would be ambiguous.
// The caller holds the tenant's recipe lock, so the check cannot race.
func recipeNameFree(ctx context.Context, q *queries.Queries, tenant uuid.UUID, name string, self uuid.UUID) error {
	rows, err := q.RecipeResolve(ctx, queries.RecipeResolveParams{TenantID: tenant, Ref: "", NameKey: NameKey(name)})
	if err != nil {
		return fmt.Errorf("recipe name: %w", err)
	}
	for _, r := range rows {
		if r.ID != self {
			return Conflict("name", "a recipe named %q already exists (slug %s); change it with update_recipe, or choose another name", r.Name, r.Slug)
		}
	}
	return nil
}

// lockRecipes takes the tenant's recipe lock for the rest of the
// transaction: writes that check names and the component graph serialise,
// so two of them cannot both pass a check that only one may.
func lockRecipes(ctx context.Context, q *queries.Queries, tenant uuid.UUID) error {
	return lockTenant(ctx, q, tenant, "recipes")
}

func recipeMinutes(m *int) *int32 {
	if m == nil {
		return nil
	}
	v := clampInt32(*m)
	return &v
}

// recipeQuantity checks a positive quantity for a numeric(14,4) column,
// rounding it to 4 places.
func recipeQuantity(field string, q decimal.Decimal) (decimal.Decimal, error) {
	r := units.Round(q)
	switch {
	case !q.IsPositive():
		return decimal.Decimal{}, Invalid(field, "must be greater than 0; got %s", q)
	case !r.IsPositive():
		return decimal.Decimal{}, Invalid(field, "%s is too small; quantities keep 4 decimal places", q)
	case r.GreaterThanOrEqual(decimal.New(1, 10)):
		return decimal.Decimal{}, Invalid(field, "%s is too large", q)
	}
	return r, nil
}

// checkedLine is a line whose quantity and unit are valid; the ingredient
// is resolved in the transaction.
type checkedLine struct {
	Ingredient string
	Quantity   decimal.Decimal
	Unit       string
	Notes      string
}

// checkLines validates lines that need no database: quantity, unit, notes.
func checkLines(in []RecipeLineInput) ([]checkedLine, error) {
	out := make([]checkedLine, len(in))
	for i, l := range in {
		f := fmt.Sprintf("lines[%d]", i)
		if strings.TrimSpace(l.Ingredient) == "" {
			return nil, Invalid(f+".ingredient", "give the ingredient's id, slug or exact name")
		}
		qty, err := recipeQuantity(f+".quantity", l.Quantity)
		if err != nil {
			return nil, err
		}
		u, err := units.Parse(l.Unit)
		if err != nil {
			return nil, Invalid(f+".unit", "%s", err.Error())
		}
		notes := strings.TrimSpace(l.Notes)
		if len([]rune(notes)) > 500 {
			return nil, Invalid(f+".notes", "must be at most 500 characters")
		}
		out[i] = checkedLine{Ingredient: strings.TrimSpace(l.Ingredient), Quantity: qty, Unit: u.Code, Notes: notes}
	}
	return out, nil
}

// writeLines resolves the lines' ingredients (one statement) and writes the
// lines in order (another), replacing the recipe's lines when replace.
func writeLines(ctx context.Context, q *queries.Queries, tenant, rid uuid.UUID, lines []checkedLine, replace bool) error {
	p := queries.RecipeLineIngredientsParams{TenantID: tenant, Ids: []uuid.UUID{}, Refs: []string{}, NameKeys: []string{}}
	for _, l := range lines {
		if u, err := uuid.Parse(l.Ingredient); err == nil {
			p.Ids = append(p.Ids, u)
		}
		p.Refs = append(p.Refs, l.Ingredient, strings.ToLower(l.Ingredient))
		p.NameKeys = append(p.NameKeys, NameKey(l.Ingredient))
	}
	var cands []queries.RecipeLineIngredientsRow
	if len(lines) > 0 {
		var err error
		if cands, err = q.RecipeLineIngredients(ctx, p); err != nil {
			return fmt.Errorf("resolve ingredients: %w", err)
		}
	}
	ins := queries.RecipeLinesInsertParams{TenantID: tenant, RecipeID: rid}
	for i, l := range lines {
		ing, err := pickLineIngredient(fmt.Sprintf("lines[%d].ingredient", i), l.Ingredient, cands)
		if err != nil {
			return err
		}
		ins.Positions = append(ins.Positions, int32(i))
		ins.IngredientIds = append(ins.IngredientIds, ing)
		ins.Quantities = append(ins.Quantities, l.Quantity)
		ins.Units = append(ins.Units, l.Unit)
		ins.Notes = append(ins.Notes, l.Notes)
	}
	if replace {
		if err := q.RecipeLinesDelete(ctx, queries.RecipeLinesDeleteParams{TenantID: tenant, RecipeID: rid}); err != nil {
			return fmt.Errorf("replace lines: %w", err)
		}
	}
	if len(lines) == 0 {
		return nil
	}
	if err := q.RecipeLinesInsert(ctx, ins); err != nil {
		return fmt.Errorf("write lines: %w", err)
	}
	return nil
}

// pickLineIngredient matches one reference among the candidates: id, then
// slug, then exact name, then alias. The ingredient must be a leaf.
func pickLineIngredient(field, ref string, cands []queries.RecipeLineIngredientsRow) (uuid.UUID, error) {
	refID, _ := uuid.Parse(ref)
	key, lower := NameKey(ref), strings.ToLower(ref)
	var found []queries.RecipeLineIngredientsRow
	for _, match := range []func(c queries.RecipeLineIngredientsRow) bool{
		func(c queries.RecipeLineIngredientsRow) bool { return refID != uuid.Nil && c.ID == refID },
		func(c queries.RecipeLineIngredientsRow) bool { return c.Slug == ref || c.Slug == lower },
		func(c queries.RecipeLineIngredientsRow) bool { return key != "" && c.NameKey == key },
		func(c queries.RecipeLineIngredientsRow) bool { return key != "" && c.AliasKey == key },
	} {
		for _, c := range cands {
			if match(c) && !recipeHasIngredient(found, c.ID) {
				found = append(found, c)
			}
		}
		if len(found) > 0 {
			break
		}
	}
	switch {
	case len(found) == 0:
		e := NotFound(field, fmt.Sprintf("ingredient %q", ref))
		e.Message += "; search with list_ingredients, or add it with create_ingredient"
		return uuid.Nil, e
	case len(found) > 1:
		slugs := make([]string, len(found))
		for i, c := range found {
			slugs[i] = c.Slug
		}
		return uuid.Nil, Invalid(field, "%q matches several ingredients (%s); give the slug of the one you mean", ref, strings.Join(slugs, ", "))
	case found[0].HierarchyLevel < 2:
		return uuid.Nil, Invalid(field, "%q is a category, not an ingredient a recipe can use; use one of its leaf ingredients (list_ingredients)", found[0].DisplayName)
	}
	return found[0].ID, nil
}

func recipeHasIngredient(list []queries.RecipeLineIngredientsRow, id uuid.UUID) bool {
	for _, c := range list {
		if c.ID == id {
			return true
		}
	}
	return false
}

func recipeHas(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func variantNameLength(s string) error {
	if len([]rune(strings.TrimSpace(s))) > 100 {
		return Invalid("variant_name", "must be at most 100 characters")
	}
	return nil
}
