package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// CreateIngredientInput describes a new ingredient.
type CreateIngredientInput struct {
	Name               string           `json:"name" jsonschema:"the ingredient's name, e.g. Bread flour"`
	Category           string           `json:"category,omitempty" jsonschema:"category of an ingredient without parent, e.g. Flours & Starches; with a parent it is the top-level ancestor's name"`
	DefaultUnit        string           `json:"default_unit,omitempty" jsonschema:"unit recipes usually use: g, kg, oz, lb, ml, l, tsp, tbsp, fl oz, cup, pt, qt, gal, each, count, piece or dozen"`
	Parent             string           `json:"parent,omitempty" jsonschema:"id, slug or exact name of a category (level 0) or subcategory (level 1) to file it under"`
	Description        string           `json:"description,omitempty" jsonschema:"what it is"`
	Notes              string           `json:"notes,omitempty" jsonschema:"free notes"`
	Aliases            []string         `json:"aliases,omitempty" jsonschema:"other names it is known by, e.g. strong flour"`
	DensityVolumeValue *decimal.Decimal `json:"density_volume_value,omitempty" jsonschema:"density: this much volume (with density_volume_unit)..."`
	DensityVolumeUnit  string           `json:"density_volume_unit,omitempty" jsonschema:"density volume unit, e.g. cup"`
	DensityWeightValue *decimal.Decimal `json:"density_weight_value,omitempty" jsonschema:"...weighs this much (with density_weight_unit); all four density fields or none"`
	DensityWeightUnit  string           `json:"density_weight_unit,omitempty" jsonschema:"density weight unit, e.g. oz"`
	// DensityLibraryEntry adopts a library density instead of the four fields.
	DensityLibraryEntry string   `json:"density_library_entry,omitempty" jsonschema:"adopt this density library entry (list_densities) instead of giving the four density fields, e.g. flour_all_purpose_spooned"`
	Allergens           []string `json:"allergens,omitempty" jsonschema:"allergen codes it contains (US major 9 and EU 14): wheat, gluten, milk, eggs, fish, crustaceans, molluscs, tree_nuts, peanuts, soy, sesame, celery, mustard, lupin, sulphites"`
	IdempotencyKey      string   `json:"idempotency_key,omitempty" jsonschema:"any unique text; a retry with the same key creates nothing twice"`
}

// CreateIngredient adds an ingredient. Its slug comes from the name (with a
// numeric suffix on a clash); a second ingredient with the same name is
// refused so that pantry, recipes and costs keep one row per thing.
func (t *Tools) CreateIngredient(ctx context.Context, id identity.Identity, in CreateIngredientInput) (Ingredient, error) {
	name, key, err := ingredientName(in.Name)
	if err != nil {
		return Ingredient{}, err
	}
	unit, err := defaultUnit(in.DefaultUnit)
	if err != nil {
		return Ingredient{}, err
	}
	category := strings.TrimSpace(in.Category)
	if err := optionalText("category", &category, 100); err != nil {
		return Ingredient{}, err
	}
	d, err := checkDensity(in.DensityVolumeValue, &in.DensityVolumeUnit, in.DensityWeightValue, &in.DensityWeightUnit)
	if err != nil {
		return Ingredient{}, err
	}
	if strings.TrimSpace(in.DensityLibraryEntry) != "" && d.vv.Valid {
		return Ingredient{}, Invalid("density_library_entry", "give either density_library_entry or the four density fields, not both")
	}
	allergens, err := checkAllergens("allergens", in.Allergens)
	if err != nil {
		return Ingredient{}, err
	}
	aliases, aliasKeys, err := aliasList("aliases", in.Aliases)
	if err != nil {
		return Ingredient{}, err
	}
	var out Ingredient
	err = t.write(ctx, id, func(q *queries.Queries) error {
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "create_ingredient", in, func() (Ingredient, error) {
			p := queries.IngredientCreateParams{
				TenantID: id.TenantID, DisplayName: name, NameKey: key, HierarchyLevel: 2, Category: category,
				DefaultUnit: unit, Description: textOrNil(in.Description), Notes: textOrNil(in.Notes),
				DensityVolumeValue: d.vv, DensityVolumeUnit: d.vu, DensityWeightValue: d.wv, DensityWeightUnit: d.wu,
				Allergens: allergens,
			}
			if strings.TrimSpace(in.DensityLibraryEntry) != "" {
				ld, entry, err := libraryDensity(ctx, q, "density_library_entry", in.DensityLibraryEntry)
				if err != nil {
					return Ingredient{}, err
				}
				p.DensityVolumeValue, p.DensityVolumeUnit, p.DensityWeightValue, p.DensityWeightUnit, p.DensityLibraryID = ld.vv, ld.vu, ld.wv, ld.wu, entry
			}
			if strings.TrimSpace(in.Parent) != "" {
				parent, err := parentIngredient(ctx, q, id.TenantID, in.Parent)
				if err != nil {
					return Ingredient{}, err
				}
				cat, err := categoryUnder(ctx, q, id.TenantID, parent)
				if err != nil {
					return Ingredient{}, err
				}
				if category != "" && NameKey(category) != NameKey(cat) {
					return Ingredient{}, Invalid("category", "an ingredient under %s has the category %q (its top-level ancestor); omit category or choose another parent", parent.Slug, cat)
				}
				p.ParentID, p.HierarchyLevel, p.Category = &parent.ID, parent.HierarchyLevel+1, cat
			}
			if err := uniqueIngredientName(ctx, q, id.TenantID, name, key, uuid.Nil); err != nil {
				return Ingredient{}, err
			}
			aliases, aliasKeys, err := aliasesFree(ctx, q, id.TenantID, uuid.Nil, aliases, aliasKeys)
			if err != nil {
				return Ingredient{}, err
			}
			p.Slug, err = UniqueSlug(Slug(name, '_'), '_', func(s string) (bool, error) {
				return q.IngredientSlugTaken(ctx, queries.IngredientSlugTakenParams{TenantID: id.TenantID, Slug: s})
			})
			if err != nil {
				return Ingredient{}, err
			}
			ing, err := q.IngredientCreate(ctx, p)
			if err != nil {
				return Ingredient{}, err
			}
			if len(aliases) > 0 {
				if err := q.IngredientAliasAdd(ctx, queries.IngredientAliasAddParams{TenantID: id.TenantID, IngredientID: ing.ID, Aliases: aliases, AliasKeys: aliasKeys}); err != nil {
					return Ingredient{}, err
				}
			}
			return ingredientDetail(ctx, q, id.TenantID, "id", ing.ID.String())
		})
		return err
	})
	return out, catalogErr(err, "create ingredient")
}

// UpdateIngredientInput changes an ingredient; absent fields stay as they are.
type UpdateIngredientInput struct {
	ID                 string           `json:"id" jsonschema:"the ingredient's id or slug"`
	Name               *string          `json:"name,omitempty" jsonschema:"new name (the slug stays)"`
	Category           *string          `json:"category,omitempty" jsonschema:"new category, for an ingredient without parent"`
	DefaultUnit        *string          `json:"default_unit,omitempty" jsonschema:"new default unit; empty string clears it"`
	Parent             *string          `json:"parent,omitempty" jsonschema:"id, slug or exact name of the new category or subcategory; empty string detaches it"`
	Description        *string          `json:"description,omitempty" jsonschema:"new description; empty string clears it"`
	Notes              *string          `json:"notes,omitempty" jsonschema:"new notes; empty string clears them"`
	AddAliases         []string         `json:"add_aliases,omitempty" jsonschema:"aliases to add"`
	RemoveAliases      []string         `json:"remove_aliases,omitempty" jsonschema:"aliases to remove"`
	DensityVolumeValue *decimal.Decimal `json:"density_volume_value,omitempty" jsonschema:"density volume value (the density must end up with all four fields or none)"`
	DensityVolumeUnit  *string          `json:"density_volume_unit,omitempty" jsonschema:"density volume unit, e.g. cup"`
	DensityWeightValue *decimal.Decimal `json:"density_weight_value,omitempty" jsonschema:"density weight value"`
	DensityWeightUnit  *string          `json:"density_weight_unit,omitempty" jsonschema:"density weight unit, e.g. oz"`
	ClearDensity       bool             `json:"clear_density,omitempty" jsonschema:"true removes the density"`
	// DensityLibraryEntry adopts a library density; own density fields
	// override (and forget) an adopted one.
	DensityLibraryEntry *string   `json:"density_library_entry,omitempty" jsonschema:"adopt this density library entry (list_densities); giving the density fields instead sets the ingredient's own"`
	Allergens           *[]string `json:"allergens,omitempty" jsonschema:"the full list of allergen codes it contains (replaces the list; [] clears it)"`
	// adoptField names DensityLibraryEntry in errors (adopt_density calls it entry).
	adoptField     string
	IdempotencyKey string `json:"idempotency_key,omitempty" jsonschema:"any unique text; a retry with the same key changes nothing twice"`
}

// UpdateIngredient changes an ingredient. The tree stays a tree: a parent
// must be a category or subcategory and not the ingredient or one of its
// descendants; an ingredient with children keeps its level; one with
// products or recipe lines stays a leaf. Renaming or moving updates the
// category of the descendants.
func (t *Tools) UpdateIngredient(ctx context.Context, id identity.Identity, in UpdateIngredientInput) (Ingredient, error) {
	var out Ingredient
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "update_ingredient", in, func() (Ingredient, error) {
			return updateIngredient(ctx, q, id.TenantID, in)
		})
		return err
	})
	return out, catalogErr(err, "update ingredient")
}

func updateIngredient(ctx context.Context, q *queries.Queries, tenant uuid.UUID, in UpdateIngredientInput) (Ingredient, error) {
	cur, err := ingredientByRef(ctx, q, tenant, "id", in.ID, false, nil)
	if err != nil {
		return Ingredient{}, err
	}
	p := queries.IngredientUpdateParams{
		TenantID: tenant, ID: cur.ID, DisplayName: cur.DisplayName, NameKey: cur.NameKey, ParentID: cur.ParentID,
		HierarchyLevel: cur.HierarchyLevel, Category: cur.Category, DefaultUnit: cur.DefaultUnit,
		Description: cur.Description, Notes: cur.Notes,
		DensityVolumeValue: cur.DensityVolumeValue, DensityVolumeUnit: cur.DensityVolumeUnit,
		DensityWeightValue: cur.DensityWeightValue, DensityWeightUnit: cur.DensityWeightUnit,
		DensityLibraryID: cur.DensityLibraryID, Allergens: cur.Allergens,
	}
	if in.Allergens != nil {
		if p.Allergens, err = checkAllergens("allergens", *in.Allergens); err != nil {
			return Ingredient{}, err
		}
	}
	if in.Name != nil {
		if p.DisplayName, p.NameKey, err = ingredientName(*in.Name); err != nil {
			return Ingredient{}, err
		}
		if p.NameKey != cur.NameKey {
			if err := uniqueIngredientName(ctx, q, tenant, p.DisplayName, p.NameKey, cur.ID); err != nil {
				return Ingredient{}, err
			}
		}
	}
	if in.Parent != nil {
		if err := moveIngredient(ctx, q, tenant, cur, strings.TrimSpace(*in.Parent), &p); err != nil {
			return Ingredient{}, err
		}
	}
	if p.HierarchyLevel == 0 {
		p.Category = p.DisplayName // a top-level category is its own category
	}
	if in.Category != nil {
		c := strings.TrimSpace(*in.Category)
		if err := optionalText("category", &c, 100); err != nil {
			return Ingredient{}, err
		}
		if p.ParentID != nil || p.HierarchyLevel == 0 {
			if NameKey(c) != NameKey(p.Category) {
				return Ingredient{}, Invalid("category", "%s's category comes from its top-level ancestor (%q); change parent instead, or omit category", cur.Slug, p.Category)
			}
		} else {
			p.Category = c
		}
	}
	if in.DefaultUnit != nil {
		if p.DefaultUnit, err = defaultUnit(*in.DefaultUnit); err != nil {
			return Ingredient{}, err
		}
	}
	if in.Description != nil {
		p.Description = textOrNil(*in.Description)
	}
	if in.Notes != nil {
		p.Notes = textOrNil(*in.Notes)
	}
	if err := mergeDensity(in, &p); err != nil {
		return Ingredient{}, err
	}
	if in.DensityLibraryEntry != nil {
		field := in.adoptField
		if field == "" {
			field = "density_library_entry"
		}
		if in.ClearDensity || in.DensityVolumeValue != nil || in.DensityVolumeUnit != nil || in.DensityWeightValue != nil || in.DensityWeightUnit != nil {
			return Ingredient{}, Invalid(field, "give either a density library entry or density fields (or clear_density), not both")
		}
		if strings.TrimSpace(*in.DensityLibraryEntry) == "" {
			return Ingredient{}, Invalid(field, "give a density library entry's id (list_densities lists them)")
		}
		ld, entry, err := libraryDensity(ctx, q, field, *in.DensityLibraryEntry)
		if err != nil {
			return Ingredient{}, err
		}
		p.DensityVolumeValue, p.DensityVolumeUnit, p.DensityWeightValue, p.DensityWeightUnit, p.DensityLibraryID = ld.vv, ld.vu, ld.wv, ld.wu, entry
	}
	_, removeKeys, err := aliasList("remove_aliases", in.RemoveAliases)
	if err != nil {
		return Ingredient{}, err
	}
	add, addKeys, err := aliasList("add_aliases", in.AddAliases)
	if err != nil {
		return Ingredient{}, err
	}
	updated, err := q.IngredientUpdate(ctx, p)
	if err != nil {
		return Ingredient{}, err
	}
	// Descendants carry the top-level ancestor's name as their category.
	before, after := childCategory(cur), childCategory(updated)
	if before != after {
		if err := q.IngredientSetSubtreeCategory(ctx, queries.IngredientSetSubtreeCategoryParams{TenantID: tenant, ID: cur.ID, Category: after}); err != nil {
			return Ingredient{}, err
		}
	}
	if len(removeKeys) > 0 {
		if _, err := q.IngredientAliasRemove(ctx, queries.IngredientAliasRemoveParams{TenantID: tenant, IngredientID: cur.ID, AliasKeys: removeKeys}); err != nil {
			return Ingredient{}, err
		}
	}
	if len(add) > 0 {
		// aliasesFree drops the ones this ingredient already has.
		if add, addKeys, err = aliasesFree(ctx, q, tenant, cur.ID, add, addKeys); err != nil {
			return Ingredient{}, err
		}
		if len(add) > 0 {
			if err := q.IngredientAliasAdd(ctx, queries.IngredientAliasAddParams{TenantID: tenant, IngredientID: cur.ID, Aliases: add, AliasKeys: addKeys}); err != nil {
				return Ingredient{}, err
			}
		}
	}
	return ingredientDetail(ctx, q, tenant, "id", cur.ID.String())
}

// moveIngredient applies a parent change to p: "" detaches cur, anything
// else is resolved to a category or subcategory.
func moveIngredient(ctx context.Context, q *queries.Queries, tenant uuid.UUID, cur queries.Ingredient, ref string, p *queries.IngredientUpdateParams) error {
	use, err := q.IngredientUsage(ctx, queries.IngredientUsageParams{TenantID: tenant, ID: cur.ID})
	if err != nil {
		return err
	}
	if ref == "" {
		if cur.ParentID == nil {
			return nil
		}
		if use.Children > 0 {
			return Unprocessable("parent", "%s has %s; an ingredient with children cannot be detached (give a new parent instead)", cur.Slug, usageList(int(use.Children), "child ingredient"))
		}
		p.ParentID, p.HierarchyLevel = nil, 2
		return nil
	}
	parent, err := parentIngredient(ctx, q, tenant, ref)
	if err != nil {
		return err
	}
	// Walk up from the new parent: meeting cur would close a cycle.
	for a, hops := parent, 0; ; hops++ {
		if a.ID == cur.ID {
			return Unprocessable("parent", "%s is %s itself or one of its descendants; an ingredient cannot be its own ancestor", parent.Slug, cur.Slug)
		}
		if a.ParentID == nil || hops > 8 {
			break
		}
		if a, err = q.IngredientGet(ctx, queries.IngredientGetParams{TenantID: tenant, ID: *a.ParentID}); err != nil {
			return err
		}
	}
	level := parent.HierarchyLevel + 1
	if use.Children > 0 && level != cur.HierarchyLevel {
		return Unprocessable("parent", "%s has %s and is at level %d; under %s it would be at level %d. Move its children first, or choose a parent at level %d",
			cur.Slug, usageList(int(use.Children), "child ingredient"), cur.HierarchyLevel, parent.Slug, level, cur.HierarchyLevel-1)
	}
	if level < 2 && (use.Products > 0 || use.RecipeLines > 0) {
		return Unprocessable("parent", "%s is used by %s, so it must stay a leaf (level 2); choose a subcategory (level 1) as parent",
			cur.Slug, usageList(int(use.Products), "product", int(use.RecipeLines), "recipe line"))
	}
	cat, err := categoryUnder(ctx, q, tenant, parent)
	if err != nil {
		return err
	}
	p.ParentID, p.HierarchyLevel, p.Category = &parent.ID, level, cat
	return nil
}

// childCategory is the category an ingredient's children carry.
func childCategory(i queries.Ingredient) string {
	if i.HierarchyLevel == 0 {
		return i.DisplayName
	}
	return i.Category
}

// parentIngredient resolves a parent reference, which must be a category
// (level 0) or subcategory (level 1).
func parentIngredient(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ref string) (queries.Ingredient, error) {
	parent, err := ingredientByRef(ctx, q, tenant, "parent", ref, true, func(i queries.Ingredient) bool { return i.HierarchyLevel <= 1 })
	if err != nil {
		return parent, err
	}
	if parent.HierarchyLevel > 1 {
		return parent, Unprocessable("parent", "%s is a level-%d ingredient; only categories (level 0) and subcategories (level 1) can have children", parent.Slug, parent.HierarchyLevel)
	}
	return parent, nil
}

// categoryUnder is the category of a child of parent: the name of the
// top-level (level 0) ancestor, or the parent's own category when the chain
// does not reach one (imported trees).
func categoryUnder(ctx context.Context, q *queries.Queries, tenant uuid.UUID, parent queries.Ingredient) (string, error) {
	top := parent
	for hops := 0; top.ParentID != nil && hops < 8; hops++ {
		next, err := q.IngredientGet(ctx, queries.IngredientGetParams{TenantID: tenant, ID: *top.ParentID})
		if err != nil {
			return "", fmt.Errorf("category of %s: %w", parent.Slug, err)
		}
		top = next
	}
	if top.HierarchyLevel == 0 {
		return top.DisplayName, nil
	}
	return parent.Category, nil
}

func ingredientName(s string) (name, key string, err error) {
	name = strings.TrimSpace(s)
	key = NameKey(name)
	switch {
	case name == "":
		return "", "", Invalid("name", "is required, e.g. Bread flour")
	case NameTooLong(name):
		return "", "", Invalid("name", "must be at most 200 characters")
	case key == "":
		return "", "", Invalid("name", "%q has no letters or digits", name)
	}
	return name, key, nil
}

// uniqueIngredientName refuses a second ingredient with the same name key.
func uniqueIngredientName(ctx context.Context, q *queries.Queries, tenant uuid.UUID, name, key string, self uuid.UUID) error {
	rows, err := q.IngredientListByNameKey(ctx, queries.IngredientListByNameKeyParams{TenantID: tenant, NameKey: key})
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.ID != self {
			return Conflict("name", "an ingredient named %q already exists (slug %s, id %s); use it, or choose a different name", r.DisplayName, r.Slug, r.ID)
		}
	}
	return nil
}

// defaultUnit parses a default unit; "" means none.
func defaultUnit(s string) (*string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	u, err := units.Parse(s)
	if err != nil {
		return nil, Invalid("default_unit", "%s", err.Error())
	}
	return &u.Code, nil
}

// aliasList trims and de-duplicates aliases (by name key).
func aliasList(field string, in []string) (aliases, keys []string, err error) {
	seen := map[string]bool{}
	for _, a := range in {
		a = strings.TrimSpace(a)
		k := NameKey(a)
		switch {
		case k == "":
			return nil, nil, Invalid(field, "alias %q has no letters or digits", a)
		case NameTooLong(a):
			return nil, nil, Invalid(field, "alias %q is longer than 200 characters", a)
		case seen[k]:
			continue
		}
		seen[k] = true
		aliases, keys = append(aliases, a), append(keys, k)
	}
	return aliases, keys, nil
}

// aliasesFree refuses aliases another ingredient already uses, naming it,
// and returns the rest minus those that self already has.
func aliasesFree(ctx context.Context, q *queries.Queries, tenant, self uuid.UUID, aliases, keys []string) ([]string, []string, error) {
	if len(keys) == 0 {
		return nil, nil, nil
	}
	owners, err := q.IngredientAliasOwners(ctx, queries.IngredientAliasOwnersParams{TenantID: tenant, AliasKeys: keys})
	if err != nil {
		return nil, nil, err
	}
	mine := map[string]bool{}
	for _, o := range owners {
		if o.IngredientID != self {
			for i, k := range keys {
				if k == o.AliasKey {
					return nil, nil, Conflict("aliases", "alias %q is already used by ingredient %s; remove it there first or choose another alias", aliases[i], o.Slug)
				}
			}
		}
		mine[o.AliasKey] = true
	}
	var outA, outK []string
	for i, k := range keys {
		if !mine[k] {
			outA, outK = append(outA, aliases[i]), append(outK, k)
		}
	}
	return outA, outK, nil
}
