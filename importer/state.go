package importer

import (
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
)

// indexes are the tenant's existing records plus those created so far by
// this import, keyed the ways the file refers to them. Each group is loaded
// on first use with one query.
type indexes struct {
	suppliersLoaded bool
	supplierBySlug  map[string]*supplierInfo
	supplierByName  map[string][]*supplierInfo // name_key
	supplierFileIDs map[string]uuid.UUID       // the file's integer ids (H13)
	placeholder     *supplierInfo

	ingredientsLoaded bool
	ingBySlug         map[string]*ingInfo
	ingByID           map[uuid.UUID]*ingInfo
	ingByName         map[string][]*ingInfo // name_key
	aliases           map[string]uuid.UUID  // alias_key → ingredient
	placeholderSlugs  map[string]bool       // placeholder ingredients created by this import

	productsLoaded bool
	productByKey   map[productKey]*prodInfo
	productBySlug  map[string]*prodInfo
	productByID    map[uuid.UUID]*prodInfo
	productByPair  map[string][]*prodInfo // ingredient + brand key (H12)
	productFileIDs map[string]*prodInfo
	gtin14s        map[string]uuid.UUID
	barcodeRaws    map[string]uuid.UUID

	recipesLoaded  bool
	recipeBySlug   map[string]*recipeInfo
	recipeByPrev   map[string]*recipeInfo
	recipeByName   map[string][]*recipeInfo
	recipeByID     map[uuid.UUID]*recipeInfo
	componentPairs map[[2]uuid.UUID]bool
	componentEdges map[uuid.UUID][]uuid.UUID
	unitsLoaded    bool
	unitBySlug     map[string]uuid.UUID

	eventsLoaded    bool
	eventBySlug     map[string]*eventInfo
	eventByNameYear map[string][]*eventInfo
	eventByName     map[string][]*eventInfo

	materialsLoaded bool
	materialBySlug  map[string]uuid.UUID
	materialByName  map[string][]uuid.UUID
	mprodBySlug     map[string]uuid.UUID
	mprodByKey      map[string]uuid.UUID // material id + name key
}

type supplierInfo struct {
	id               uuid.UUID
	slug, nameKey    string
	city, state, typ string
	placeholder      bool
}

type ingInfo struct {
	id          uuid.UUID
	slug        string
	displayName string
	level       int
	parent      *uuid.UUID
	placeholder bool
}

// productKey is the 5-part natural key (docs/import.md §5): ingredient,
// brand and product name (compared as name keys, H22), package quantity
// (compared as a number, H11) and unit.
type productKey struct {
	ingredient uuid.UUID
	brand      string
	name       string
	qty        string
	unit       string
}

type prodInfo struct {
	id      uuid.UUID
	slug    string
	key     productKey
	ingSlug string
	qty     decimal.Decimal
	unit    string
	brand   *string
	name    *string
}

type recipeInfo struct {
	id        uuid.UUID
	slug      string
	name      string
	isVariant bool
	existing  bool
	// row is the stored recipe (existing recipes only): a matched record
	// is compared with it (recipe_match.go).
	row *queries.Recipe
}

type eventInfo struct {
	id   uuid.UUID
	slug string
}

func (l *loader) loadSuppliers() error {
	x := &l.idx
	if x.suppliersLoaded {
		return nil
	}
	x.suppliersLoaded = true
	x.supplierBySlug, x.supplierByName, x.supplierFileIDs = map[string]*supplierInfo{}, map[string][]*supplierInfo{}, map[string]uuid.UUID{}
	rows, err := l.q.SupplierImportList(l.ctx, queries.SupplierImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read suppliers: %w", err)
	}
	for _, s := range rows {
		l.addSupplier(&supplierInfo{id: s.ID, slug: s.Slug, nameKey: s.NameKey, city: tools.NameKey(deref(s.City)),
			state: deref(s.State), typ: s.SupplierType, placeholder: s.IsPlaceholder})
	}
	return nil
}

func (l *loader) addSupplier(s *supplierInfo) {
	x := &l.idx
	x.supplierBySlug[s.slug] = s
	x.supplierByName[s.nameKey] = append(x.supplierByName[s.nameKey], s)
	if s.placeholder && x.placeholder == nil {
		x.placeholder = s
	}
}

func (l *loader) loadIngredients() error {
	x := &l.idx
	if x.ingredientsLoaded {
		return nil
	}
	x.ingredientsLoaded = true
	x.ingBySlug, x.ingByID, x.ingByName = map[string]*ingInfo{}, map[uuid.UUID]*ingInfo{}, map[string][]*ingInfo{}
	x.aliases, x.placeholderSlugs = map[string]uuid.UUID{}, map[string]bool{}
	rows, err := l.q.IngredientImportList(l.ctx, queries.IngredientImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read ingredients: %w", err)
	}
	for _, r := range rows {
		l.addIngredient(&ingInfo{id: r.ID, slug: r.Slug, displayName: r.DisplayName, level: int(r.HierarchyLevel), parent: r.ParentID})
	}
	aliases, err := l.q.IngredientAliasImportList(l.ctx, queries.IngredientAliasImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read ingredient aliases: %w", err)
	}
	for _, a := range aliases {
		x.aliases[a.AliasKey] = a.IngredientID
	}
	return nil
}

func (l *loader) addIngredient(i *ingInfo) {
	x := &l.idx
	x.ingBySlug[i.slug] = i
	x.ingByID[i.id] = i
	k := tools.NameKey(i.displayName)
	x.ingByName[k] = append(x.ingByName[k], i)
}

func (l *loader) loadProducts() error {
	x := &l.idx
	if x.productsLoaded {
		return nil
	}
	if err := l.loadIngredients(); err != nil {
		return err
	}
	x.productsLoaded = true
	x.productByKey, x.productBySlug, x.productByID = map[productKey]*prodInfo{}, map[string]*prodInfo{}, map[uuid.UUID]*prodInfo{}
	x.productByPair = map[string][]*prodInfo{}
	x.productFileIDs, x.gtin14s, x.barcodeRaws = map[string]*prodInfo{}, map[string]uuid.UUID{}, map[string]uuid.UUID{}
	rows, err := l.q.ProductImportList(l.ctx, queries.ProductImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read products: %w", err)
	}
	for _, p := range rows {
		ing := x.ingByID[p.IngredientID]
		ingSlug := ""
		if ing != nil {
			ingSlug = ing.slug
		}
		l.addProduct(&prodInfo{id: p.ID, slug: p.Slug, ingSlug: ingSlug, qty: p.PackageUnitQuantity, unit: p.PackageUnit,
			brand: p.Brand, name: p.ProductName,
			key: makeProductKey(p.IngredientID, p.Brand, p.ProductName, p.PackageUnitQuantity, p.PackageUnit)})
		if p.Gtin14 != nil {
			x.gtin14s[*p.Gtin14] = p.ID
		}
	}
	codes, err := l.q.ProductBarcodeImportList(l.ctx, queries.ProductBarcodeImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read product barcodes: %w", err)
	}
	for _, c := range codes {
		x.barcodeRaws[c.Raw] = c.ProductID
		if c.Gtin14 != nil {
			if _, ok := x.gtin14s[*c.Gtin14]; !ok {
				x.gtin14s[*c.Gtin14] = c.ProductID
			}
		}
	}
	return nil
}

func (l *loader) addProduct(p *prodInfo) {
	x := &l.idx
	if _, ok := x.productByKey[p.key]; !ok {
		x.productByKey[p.key] = p
	}
	x.productBySlug[p.slug] = p
	x.productByID[p.id] = p
	k := pairKey(p.key.ingredient, p.key.brand)
	x.productByPair[k] = append(x.productByPair[k], p)
}

func makeProductKey(ing uuid.UUID, brand, name *string, qty decimal.Decimal, unit string) productKey {
	return productKey{ingredient: ing, brand: tools.NameKey(deref(brand)), name: tools.NameKey(deref(name)),
		qty: decString(qty), unit: strings.ToLower(strings.TrimSpace(unit))}
}

func (l *loader) loadRecipes() error {
	x := &l.idx
	if x.recipesLoaded {
		return nil
	}
	x.recipesLoaded = true
	x.recipeBySlug, x.recipeByPrev, x.recipeByName, x.recipeByID = map[string]*recipeInfo{}, map[string]*recipeInfo{}, map[string][]*recipeInfo{}, map[uuid.UUID]*recipeInfo{}
	x.componentPairs, x.componentEdges = map[[2]uuid.UUID]bool{}, map[uuid.UUID][]uuid.UUID{}
	rows, err := l.q.RecipeImportList(l.ctx, queries.RecipeImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read recipes: %w", err)
	}
	for _, r := range rows {
		ri := &recipeInfo{id: r.ID, slug: r.Slug, name: r.Name, isVariant: r.BaseRecipeID != nil, existing: true, row: &r}
		l.addRecipe(ri)
		if r.PreviousSlug != nil {
			x.recipeByPrev[*r.PreviousSlug] = ri
		}
		for _, a := range slugAliases(r.Extra) {
			if _, taken := x.recipeByPrev[a]; !taken {
				x.recipeByPrev[a] = ri
			}
		}
	}
	comps, err := l.q.RecipeComponentImportList(l.ctx, queries.RecipeComponentImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read recipe components: %w", err)
	}
	for _, c := range comps {
		x.componentPairs[[2]uuid.UUID{c.RecipeID, c.ComponentRecipeID}] = true
		x.componentEdges[c.RecipeID] = append(x.componentEdges[c.RecipeID], c.ComponentRecipeID)
	}
	return nil
}

func (l *loader) addRecipe(r *recipeInfo) {
	x := &l.idx
	x.recipeBySlug[r.slug] = r
	x.recipeByID[r.id] = r
	k := tools.NameKey(r.name)
	x.recipeByName[k] = append(x.recipeByName[k], r)
}

func (l *loader) loadUnits() error {
	x := &l.idx
	if x.unitsLoaded {
		return nil
	}
	x.unitsLoaded = true
	x.unitBySlug = map[string]uuid.UUID{}
	rows, err := l.q.FinishedUnitImportList(l.ctx, queries.FinishedUnitImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read finished units: %w", err)
	}
	for _, u := range rows {
		x.unitBySlug[u.Slug] = u.ID
	}
	return nil
}

func (l *loader) loadEvents() error {
	x := &l.idx
	if x.eventsLoaded {
		return nil
	}
	x.eventsLoaded = true
	x.eventBySlug, x.eventByNameYear, x.eventByName = map[string]*eventInfo{}, map[string][]*eventInfo{}, map[string][]*eventInfo{}
	rows, err := l.q.EventImportList(l.ctx, queries.EventImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read events: %w", err)
	}
	for _, e := range rows {
		l.addEvent(&eventInfo{id: e.ID, slug: e.Slug}, e.NameKey, int64(e.Year))
	}
	return nil
}

func (l *loader) addEvent(e *eventInfo, nameKey string, year int64) {
	x := &l.idx
	x.eventBySlug[e.slug] = e
	k := nameKey + "\x00" + fmt.Sprint(year)
	x.eventByNameYear[k] = append(x.eventByNameYear[k], e)
	x.eventByName[nameKey] = append(x.eventByName[nameKey], e)
}

func (l *loader) loadMaterials() error {
	x := &l.idx
	if x.materialsLoaded {
		return nil
	}
	x.materialsLoaded = true
	x.materialBySlug, x.materialByName = map[string]uuid.UUID{}, map[string][]uuid.UUID{}
	x.mprodBySlug, x.mprodByKey = map[string]uuid.UUID{}, map[string]uuid.UUID{}
	rows, err := l.q.MaterialImportList(l.ctx, queries.MaterialImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read materials: %w", err)
	}
	for _, m := range rows {
		x.materialBySlug[m.Slug] = m.ID
		x.materialByName[m.NameKey] = append(x.materialByName[m.NameKey], m.ID)
	}
	prods, err := l.q.MaterialProductImportList(l.ctx, queries.MaterialProductImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read material products: %w", err)
	}
	for _, p := range prods {
		if p.Slug != nil {
			x.mprodBySlug[*p.Slug] = p.ID
		}
		x.mprodByKey[p.MaterialID.String()+"\x00"+tools.NameKey(p.Name)] = p.ID
	}
	return nil
}

// queue is a multiset of keys, each with the ids still unclaimed: a record
// of the file claims one earlier record with the same key, so k identical
// records match k earlier ones and the (k+1)th is new (H19 duplicates stay).
type queue map[string][]uuid.UUID

func (m queue) add(k string, id uuid.UUID) { m[k] = append(m[k], id) }

func (m queue) take(k string) (uuid.UUID, bool) {
	ids := m[k]
	if len(ids) == 0 {
		return uuid.Nil, false
	}
	m[k] = ids[1:]
	return ids[0], true
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func ptr[T any](v T) *T { return &v }

// uniqueSlug is tools.UniqueSlug over the import's in-memory slug index
// (the tenant's slugs and the file's so far), which cannot fail.
func uniqueSlug(base string, sep byte, taken func(string) bool) string {
	s, _ := tools.UniqueSlug(base, sep, func(c string) (bool, error) { return taken(c), nil })
	return s
}
