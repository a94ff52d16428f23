package tools

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// How add_purchase found what was bought (its matched_by output).
const (
	matchedGTIN       = "gtin"
	matchedID         = "id"
	matchedProduct    = "product"
	matchedIngredient = "ingredient"
	matchedAlias      = "alias"
	matchedSimilar    = "similar"
	matchedCreated    = "created"
)

// similarThreshold is the trigram similarity a fuzzy match needs. Below it a
// purchase creates a provisional product rather than guess: a wrong match
// silently puts stock and cost on the wrong ingredient, a provisional
// product is merely flagged for review.
const similarThreshold = 0.5

// itemMatch is what an item name (or barcode) resolved to: a product, or an
// ingredient whose product is still to be chosen, or nothing.
type itemMatch struct {
	By         string
	ProductID  uuid.UUID           // set when a product matched
	Ingredient *queries.Ingredient // set when an ingredient matched
	Score      float64             // similarity, for By == matchedSimilar
	Matched    string              // the name that matched, for the message
}

// resolveItem resolves a purchased item: barcode, then a product or leaf
// ingredient id, exact product name, exact ingredient name or slug,
// ingredient alias, then a clearly most similar product or leaf ingredient
// name (similarItem). By is matchedCreated when nothing fits.
func resolveItem(ctx context.Context, q *queries.Queries, tenant uuid.UUID, name, gtin14 string) (itemMatch, error) {
	if gtin14 != "" {
		ids, err := ProductIDsByBarcode(ctx, q, tenant, gtin14)
		if err != nil {
			return itemMatch{}, err
		}
		if len(ids) > 0 {
			return itemMatch{By: matchedGTIN, ProductID: ids[0]}, nil
		}
	}
	if u, err := uuid.Parse(name); err == nil {
		return itemByID(ctx, q, tenant, u)
	}
	key, slug := NameKey(name), slugRef(name)
	pid, found, err := productByExactName(ctx, q, tenant, "item_name", name, key, slug)
	if err != nil {
		return itemMatch{}, err
	}
	if found {
		return itemMatch{By: matchedProduct, ProductID: pid, Matched: name}, nil
	}
	ing, by, err := ingredientByKey(ctx, q, tenant, name, true)
	if err != nil {
		return itemMatch{}, err
	}
	if ing != nil {
		return itemMatch{By: by, Ingredient: ing, Matched: ing.DisplayName}, nil
	}
	return similarItem(ctx, q, tenant, name)
}

// itemByID resolves an id given as item_name, as a caller repeats a call
// after an ambiguous answer: a product's id, or a leaf ingredient's (whose
// package is then chosen from the amount). Another tenant's id is not found.
func itemByID(ctx context.Context, q *queries.Queries, tenant, id uuid.UUID) (itemMatch, error) {
	_, err := q.ResolveProductGet(ctx, queries.ResolveProductGetParams{TenantID: tenant, ID: id})
	if err == nil {
		return itemMatch{By: matchedID, ProductID: id}, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return itemMatch{}, fmt.Errorf("product by id: %w", err)
	}
	ing, err := q.IngredientGet(ctx, queries.IngredientGetParams{TenantID: tenant, ID: id})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return itemMatch{}, NotFound("item_name", fmt.Sprintf("product or ingredient with id %s", id))
	case err != nil:
		return itemMatch{}, fmt.Errorf("ingredient by id: %w", err)
	case ing.HierarchyLevel < 2:
		return itemMatch{}, Unprocessable("item_name", "%s is a category; purchases are of a product or a leaf ingredient", ing.DisplayName)
	}
	return itemMatch{By: matchedID, Ingredient: &ing, Matched: ing.DisplayName}, nil
}

// slugRef is how a caller's text is compared with slugs: trimmed, lower case.
func slugRef(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ingredientByKey finds an ingredient by exact name key or slug, then by
// alias. leafOnly skips categories (only leaves own products). It returns
// nil when nothing matches.
func ingredientByKey(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ref string, leafOnly bool) (*queries.Ingredient, string, error) {
	key := NameKey(ref)
	rows, err := q.ResolveIngredientByKey(ctx, queries.ResolveIngredientByKeyParams{TenantID: tenant, NameKey: key, Slug: slugRef(ref)})
	if err != nil {
		return nil, "", fmt.Errorf("resolve ingredient: %w", err)
	}
	for i := range rows {
		if !leafOnly || rows[i].HierarchyLevel >= 2 {
			return &rows[i], matchedIngredient, nil
		}
	}
	if key == "" {
		return nil, "", nil
	}
	ing, err := q.IngredientGetByAliasKey(ctx, queries.IngredientGetByAliasKeyParams{TenantID: tenant, AliasKey: key})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, "", nil
	case err != nil:
		return nil, "", fmt.Errorf("resolve alias: %w", err)
	case leafOnly && ing.HierarchyLevel < 2:
		return nil, "", nil
	}
	return &ing, matchedAlias, nil
}

// similarItem scores the tenant's product and leaf-ingredient names against
// the name in Go (never in SQL: trigram operators are not leakproof under
// RLS). clearWinner decides: a clear winner is the match, rivals too close
// to call are an Ambiguous error (a purchase on the wrong product puts stock
// and cost in the wrong place), and nothing close means a new item.
func similarItem(ctx context.Context, q *queries.Queries, tenant uuid.UUID, name string) (itemMatch, error) {
	none := itemMatch{By: matchedCreated}
	key := NameKey(name)
	if key == "" {
		return none, nil
	}
	products, err := q.ResolveProductCandidates(ctx, queries.ResolveProductCandidatesParams{TenantID: tenant})
	if err != nil {
		return itemMatch{}, fmt.Errorf("product candidates: %w", err)
	}
	ings, err := q.ResolveIngredientCandidates(ctx, queries.ResolveIngredientCandidatesParams{TenantID: tenant})
	if err != nil {
		return itemMatch{}, fmt.Errorf("ingredient candidates: %w", err)
	}
	// Products first: on a tie the stable sort keeps a product, the more
	// specific match, ahead of an ingredient.
	var cands []fuzzyCand
	kind := map[string]string{}
	for _, p := range products {
		cands = append(cands, fuzzyCand{ID: p.ID.String(), Parent: p.IngredientID.String(), Score: Similarity(key, p.NameKey)})
		kind[p.ID.String()] = "product"
	}
	for _, c := range ings {
		cands = append(cands, fuzzyCand{ID: c.ID.String(), Score: Similarity(key, c.NameKey)})
		kind[c.ID.String()] = "ingredient"
	}
	win, ok, ambiguous, rivals := clearWinner(cands, similarThreshold)
	if ambiguous {
		return itemMatch{}, itemAmbiguous(ctx, q, tenant, name, rivals, kind)
	}
	if !ok {
		return none, nil
	}
	id := uuid.MustParse(win.ID)
	if kind[win.ID] == "product" {
		p, err := q.ResolveProductGet(ctx, queries.ResolveProductGetParams{TenantID: tenant, ID: id})
		if err != nil {
			return itemMatch{}, fmt.Errorf("similar product: %w", err)
		}
		return itemMatch{By: matchedSimilar, ProductID: id, Score: win.Score, Matched: productLabel(p.Brand, p.ProductName, p.IngredientName)}, nil
	}
	ing, err := q.IngredientGet(ctx, queries.IngredientGetParams{TenantID: tenant, ID: id})
	if err != nil {
		return itemMatch{}, fmt.Errorf("similar ingredient: %w", err)
	}
	return itemMatch{By: matchedSimilar, Ingredient: &ing, Score: win.Score, Matched: ing.DisplayName}, nil
}

// itemAmbiguous is the Ambiguous error for an item name, each candidate
// described by what tells it apart: brand, package size and ingredient.
func itemAmbiguous(ctx context.Context, q *queries.Queries, tenant uuid.UUID, name string, rivals []fuzzyCand, kind map[string]string) error {
	var out []Candidate
	for _, r := range rivals[:min(len(rivals), maxCandidates)] {
		id := uuid.MustParse(r.ID)
		c := Candidate{ID: r.ID, Kind: kind[r.ID], Similarity: roundSimilarity(r.Score)}
		if c.Kind == "product" {
			p, err := q.ResolveProductGet(ctx, queries.ResolveProductGetParams{TenantID: tenant, ID: id})
			if err != nil {
				return fmt.Errorf("candidate product: %w", err)
			}
			c.Name = productLabel(p.Brand, p.ProductName, p.IngredientName)
			c.Detail = packageDetail(p)
		} else {
			ing, err := q.IngredientGet(ctx, queries.IngredientGetParams{TenantID: tenant, ID: id})
			if err != nil {
				return fmt.Errorf("candidate ingredient: %w", err)
			}
			c.Name, c.Detail = ing.DisplayName, "ingredient; its package is chosen from the amount"
		}
		out = append(out, c)
	}
	e := Ambiguous("item_name", name, out)
	e.Message += " as item_name (a product id, or an ingredient id to let the package be chosen)"
	return e
}

// packageDetail tells a product apart from its namesakes: brand, package
// size with unit and type, and ingredient ("King Arthur, 25 lb bag,
// ingredient All-Purpose Flour").
func packageDetail(p queries.ResolveProductGetRow) string {
	var parts []string
	if p.Brand != nil && strings.TrimSpace(*p.Brand) != "" {
		parts = append(parts, strings.TrimSpace(*p.Brand))
	}
	size := p.PackageUnitQuantity.String() + " " + p.PackageUnit
	if p.PackageType != nil && *p.PackageType != "" {
		size += " " + *p.PackageType
	}
	parts = append(parts, size)
	parts = append(parts, "ingredient "+p.IngredientName)
	return strings.Join(parts, ", ")
}

// resolveIngredientRef resolves a tool's ingredient argument exactly, as the
// catalog does (id, slug, name or alias; leaves preferred when a name is
// shared). Reads and usage never guess: an unknown name is NotFound naming
// field, with the closest names as suggestions.
func resolveIngredientRef(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref string) (queries.Ingredient, error) {
	ing, err := ingredientByRef(ctx, q, tenant, field, ref, true, func(i queries.Ingredient) bool { return i.HierarchyLevel >= 2 })
	var e *Error
	if errors.As(err, &e) && e.Code == "not_found" {
		if hints, herr := similarIngredientNames(ctx, q, tenant, NameKey(ref)); herr == nil && len(hints) > 0 {
			e.Message += fmt.Sprintf("; did you mean %s?", strings.Join(hints, " or "))
		}
	}
	return ing, err
}

// similarIngredientNames returns up to three quoted ingredient names most
// similar to key, for a not-found message.
func similarIngredientNames(ctx context.Context, q *queries.Queries, tenant uuid.UUID, key string) ([]string, error) {
	ings, err := q.ResolveIngredientCandidates(ctx, queries.ResolveIngredientCandidatesParams{TenantID: tenant})
	if err != nil {
		return nil, err
	}
	type scored struct {
		name  string
		score float64
	}
	var s []scored
	for _, c := range ings {
		if v := Similarity(key, c.NameKey); v >= 0.3 {
			s = append(s, scored{c.DisplayName, v})
		}
	}
	sort.SliceStable(s, func(i, j int) bool { return s[i].score > s[j].score })
	var out []string
	for i := 0; i < len(s) && i < 3; i++ {
		out = append(out, fmt.Sprintf("%q", s[i].name))
	}
	return out, nil
}

// resolveProductRef resolves a product argument: an id, a slug or the
// product's exact name.
func resolveProductRef(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref string) (queries.ResolveProductGetRow, error) {
	ref = strings.TrimSpace(ref)
	pid, err := uuid.Parse(ref)
	if err != nil {
		var found bool
		pid, found, err = productByExactName(ctx, q, tenant, field, ref, NameKey(ref), ref)
		if err != nil {
			return queries.ResolveProductGetRow{}, err
		}
		if !found {
			return queries.ResolveProductGetRow{}, NotFound(field, fmt.Sprintf("product %q (give its id, slug or exact name; list_products searches)", ref))
		}
	}
	p, err := q.ResolveProductGet(ctx, queries.ResolveProductGetParams{TenantID: tenant, ID: pid})
	if errors.Is(err, pgx.ErrNoRows) {
		return queries.ResolveProductGetRow{}, NotFound(field, fmt.Sprintf("product %s", ref))
	}
	if err != nil {
		return queries.ResolveProductGetRow{}, fmt.Errorf("get product: %w", err)
	}
	return p, nil
}

// productByExactName finds the product a slug or exact name key names. A
// slug is unique; a name several products share (the 5 lb and the 25 lb
// bag) is decided only by the one preferred product among the visible ones,
// else it is Ambiguous with each package described. found is false when
// nothing is named so.
func productByExactName(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref, key, slug string) (uuid.UUID, bool, error) {
	rows, err := q.ResolveProductsByKey(ctx, queries.ResolveProductsByKeyParams{TenantID: tenant, NameKey: key, Slug: slug})
	if err != nil {
		return uuid.Nil, false, fmt.Errorf("resolve product: %w", err)
	}
	var visible, preferred []uuid.UUID
	for _, r := range rows {
		if r.BySlug {
			return r.ID, true, nil
		}
		if !r.IsHidden {
			visible = append(visible, r.ID)
			if r.IsPreferred {
				preferred = append(preferred, r.ID)
			}
		}
	}
	switch {
	case len(rows) == 0:
		return uuid.Nil, false, nil
	case len(visible) == 0:
		return rows[0].ID, true, nil // only hidden products bear the name
	case len(visible) == 1:
		return visible[0], true, nil
	case len(preferred) == 1:
		return preferred[0], true, nil
	}
	var cands []Candidate
	for _, id := range visible[:min(len(visible), maxCandidates)] {
		p, err := q.ResolveProductGet(ctx, queries.ResolveProductGetParams{TenantID: tenant, ID: id})
		if err != nil {
			return uuid.Nil, false, fmt.Errorf("candidate product: %w", err)
		}
		cands = append(cands, Candidate{ID: id.String(), Name: productLabel(p.Brand, p.ProductName, p.IngredientName),
			Kind: "product", Detail: packageDetail(p), Similarity: 1})
	}
	return uuid.Nil, false, Ambiguous(field, ref, cands)
}

// packageChoice is a candidate product for an ingredient matched by name.
type packageChoice struct {
	ID        uuid.UUID
	Whole     bool // the purchase is a whole number of its packages
	Preferred bool
	Last      string // latest purchase date, YYYY-MM-DD ("1900-01-01" if never)
}

// chooseProduct picks the ingredient's product a purchase was most likely
// bought in. For an amount in a unit of measure, only products whose
// package_unit it converts to qualify, and one the amount fills with whole
// packages wins (5 lb of flour is one 5 lb bag, not 0.2 of a 25 lb sack);
// then the preferred product, then the most recently bought. For a package
// word ("2 bags"), a product of that package type wins, then preferred, then
// most recent. ok is false when no product fits.
func chooseProduct(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ing queries.Ingredient, pu purchaseUnit, qty decimal.Decimal) (uuid.UUID, bool, error) {
	rows, err := q.ResolveProductsForIngredient(ctx, queries.ResolveProductsForIngredientParams{TenantID: tenant, IngredientID: ing.ID})
	if err != nil {
		return uuid.Nil, false, fmt.Errorf("products of ingredient: %w", err)
	}
	density := densityOf(ing.DensityVolumeValue, ing.DensityVolumeUnit, ing.DensityWeightValue, ing.DensityWeightUnit)
	var cands []packageChoice
	for _, r := range rows {
		c := packageChoice{ID: r.ID, Preferred: r.IsPreferred, Last: r.LastPurchase.Format("2006-01-02")}
		if pu.Packages {
			c.Whole = pu.Word != "" && r.PackageType != nil && strings.EqualFold(*r.PackageType, pu.Word)
		} else {
			pkgUnit, err := units.Parse(r.PackageUnit)
			if err != nil {
				continue
			}
			amount, err := units.Convert(qty, pu.Unit, pkgUnit, density)
			if err != nil {
				continue
			}
			packages := amount.DivRound(r.PackageUnitQuantity, 8)
			c.Whole = packages.GreaterThanOrEqual(decimal.NewFromInt(1)) && packages.Equal(packages.Floor())
		}
		cands = append(cands, c)
	}
	if len(cands) == 0 {
		return uuid.Nil, false, nil
	}
	// rows come preferred first, then oldest; the stable sort keeps that
	// order among equals.
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.Whole != b.Whole {
			return a.Whole
		}
		if a.Preferred != b.Preferred {
			return a.Preferred
		}
		return a.Last > b.Last
	})
	return cands[0].ID, true, nil
}

// createItem creates what an unknown purchase needs: a leaf ingredient and
// its product, both flagged for review.
func createItem(ctx context.Context, q *queries.Queries, tenant uuid.UUID, name string) (queries.Ingredient, error) {
	slug, err := UniqueSlug(Slug(name, '_'), '_', func(s string) (bool, error) {
		return q.ResolveIngredientSlugTaken(ctx, queries.ResolveIngredientSlugTakenParams{TenantID: tenant, Slug: s})
	})
	if err != nil {
		return queries.Ingredient{}, fmt.Errorf("ingredient slug: %w", err)
	}
	ing, err := q.ResolveIngredientInsert(ctx, queries.ResolveIngredientInsertParams{
		TenantID: tenant, Slug: slug, DisplayName: name, NameKey: NameKey(name),
	})
	if err != nil {
		return queries.Ingredient{}, fmt.Errorf("create ingredient: %w", err)
	}
	return ing, nil
}

// newProduct describes a product created on the fly from a purchase.
type newProduct struct {
	Ingredient  queries.Ingredient
	NameKey     string
	PackageUnit string
	PackageQty  decimal.Decimal
	PackageType string
	GTIN        string // raw barcode as given
	GTIN14      string
}

// createProduct inserts a provisional product, slugged as the catalogue
// slugs products (ingredient_slug:brand:quantity:unit, no brand here).
func createProduct(ctx context.Context, q *queries.Queries, tenant uuid.UUID, np newProduct) (uuid.UUID, error) {
	slug, err := UniqueSlug(ProductSlug(np.Ingredient.Slug, nil, np.PackageQty, np.PackageUnit), '_', func(s string) (bool, error) {
		return q.ResolveProductSlugTaken(ctx, queries.ResolveProductSlugTakenParams{TenantID: tenant, Slug: s})
	})
	if err != nil {
		return uuid.Nil, fmt.Errorf("product slug: %w", err)
	}
	size := np.PackageQty.String() + " " + np.PackageUnit
	if np.PackageType != "" {
		size += " " + np.PackageType
	}
	id, err := q.ResolveProductInsert(ctx, queries.ResolveProductInsertParams{
		TenantID: tenant, IngredientID: np.Ingredient.ID, Slug: slug, NameKey: np.NameKey,
		PackageUnit: np.PackageUnit, PackageUnitQuantity: np.PackageQty,
		PackageSize: &size, PackageType: textOrNil(np.PackageType),
		Gtin: textOrNil(np.GTIN), Gtin14: textOrNil(np.GTIN14),
	})
	if err != nil {
		return uuid.Nil, fmt.Errorf("create product: %w", err)
	}
	return id, nil
}

// productLabel is how a product is named to people: brand and variant, or
// brand and ingredient ("Gold Medal All-Purpose Flour"), or the ingredient.
func productLabel(brand, productName *string, ingredientName string) string {
	var parts []string
	if brand != nil && strings.TrimSpace(*brand) != "" {
		parts = append(parts, strings.TrimSpace(*brand))
	}
	if productName != nil && strings.TrimSpace(*productName) != "" {
		parts = append(parts, strings.TrimSpace(*productName))
	} else {
		parts = append(parts, ingredientName)
	}
	return strings.Join(parts, " ")
}
