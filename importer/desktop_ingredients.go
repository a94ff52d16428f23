package importer

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/units"
)

// pendingIngredient is an ingredient of the file waiting for its parent.
type pendingIngredient struct {
	i          int
	label      string
	row        *ingredientRow
	info       *ingInfo
	parentSlug *string
	fileLevel  *int64
	// hasCategory: the file gave a category (even ""); else it is derived.
	hasCategory bool
}

// ingredients loads section 2: the tree in two passes (rows, then parents),
// with the level recomputed from depth (H16: a leaf under a leaf is stored
// as level 3 and treated as a leaf) and the density's four fields together.
func (l *loader) ingredients(section string, items []json.RawMessage) error {
	if err := l.loadIngredients(); err != nil {
		return err
	}
	x := &l.idx
	var news []*pendingIngredient
	err := l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("slug", "display_name", "name")
		slug := r.text("slug")
		name := r.text("display_name", "name")
		if slug == nil && name == nil {
			return l.reject(section, i, label, "neither slug nor display_name")
		}
		if name == nil {
			name = ptr(humanize(*slug))
		}
		if tooLong(name, tools.MaxNameLength) || tooLong(slug, tools.MaxNameLength) {
			return l.reject(section, i, label, "display_name and slug must be at most 200 characters")
		}
		if slug == nil {
			s := uniqueSlug(tools.Slug(*name, '_'), '_', func(s string) bool { return x.ingBySlug[s] != nil })
			slug = &s
			l.rep.warn(section, i, "%s: no slug; generated %q", recordName(section, i, label), s)
		}
		if ing := x.ingBySlug[*slug]; ing != nil {
			if o, dup, err := l.duplicateInRun(section, i, recordName(section, i, label), ing.id, r); dup {
				return o, err
			}
			return matched, nil
		}
		if id, ok := x.aliases[tools.NameKey(*slug)]; ok {
			if o, dup, err := l.duplicateInRun(section, i, recordName(section, i, label), id, r); dup {
				return o, err
			}
			return matched, nil
		}
		row := &ingredientRow{
			ID: uuid.New(), Slug: *slug, DisplayName: *name, NameKey: tools.NameKey(*name),
			Description: r.text("description"), Notes: r.text("notes"), LegacyUUID: r.text("uuid"), ImportID: l.imp(),
		}
		category, hasCategory := r.str("category")
		if hasCategory {
			row.Category = strings.TrimSpace(category)
			row.Category = l.fitText(section, i, label, r, row.Category, 100, "category")
		}
		if u := r.text("default_unit"); u != nil {
			row.DefaultUnit = ptr(l.unitCode(section, i, label, "default_unit", *u))
		}
		l.density(section, i, label, r, row)
		if err := l.densityEntry(section, i, label, r, row); err != nil {
			return 0, err
		}
		l.allergens(section, i, label, r, row)
		row.NeedsReview, _ = r.boolean("needs_review")
		level, hasLevel, err := r.integer("hierarchy_level", "level")
		if err != nil {
			l.rep.warn(section, i, "%s: hierarchy_level %v; recomputed from the tree", recordName(section, i, label), err)
		}
		pi := &pendingIngredient{i: i, label: label, row: row, parentSlug: r.text("parent_slug", "parent"), hasCategory: hasCategory}
		if hasLevel {
			pi.fileLevel = &level
		}
		r.ignore("id", "created_at", "updated_at")
		row.Extra = r.extra()
		pi.info = &ingInfo{id: row.ID, slug: row.Slug, displayName: row.DisplayName}
		l.addIngredient(pi.info)
		l.createdHere(row.ID, section, i)
		news = append(news, pi)
		return created, nil
	})
	if err != nil {
		return err
	}
	// Second pass: parents, now that every slug of the file is known.
	for _, pi := range news {
		if pi.parentSlug == nil {
			continue
		}
		parent := x.ingBySlug[*pi.parentSlug]
		if parent == nil {
			if id, ok := x.aliases[tools.NameKey(*pi.parentSlug)]; ok {
				parent = x.ingByID[id]
			}
		}
		switch {
		case parent == nil:
			l.rep.warn(section, pi.i, "%s: parent %q is not in the file or the pantry; imported without a parent, for review",
				recordName(section, pi.i, pi.label), *pi.parentSlug)
			pi.row.NeedsReview = true
		case parent.id == pi.row.ID:
			l.rep.warn(section, pi.i, "%s: is its own parent; imported without a parent", recordName(section, pi.i, pi.label))
		default:
			pi.info.parent = &parent.id
		}
	}
	l.ingredientLevels(section, news)
	for _, pi := range news {
		pi.row.ParentID = pi.info.parent
		pi.row.HierarchyLevel = pi.info.level
		if !pi.hasCategory {
			pi.row.Category = truncate(l.rootName(pi.info), 100)
		}
		l.p.ingredients = append(l.p.ingredients, *pi.row)
	}
	return nil
}

// ingredientLevels sets each new ingredient's level from its depth in the
// tree, breaking cycles, and warns where the file said otherwise.
func (l *loader) ingredientLevels(section string, news []*pendingIngredient) {
	x := &l.idx
	const unknown, visiting = -1, -2
	for _, pi := range news {
		pi.info.level = unknown
	}
	var depth func(pi *pendingIngredient, info *ingInfo) int
	byID := map[uuid.UUID]*pendingIngredient{}
	for _, pi := range news {
		byID[pi.row.ID] = pi
	}
	depth = func(_ *pendingIngredient, info *ingInfo) int {
		pi, isNew := byID[info.id]
		if !isNew || info.level >= 0 {
			return info.level
		}
		if info.level == visiting {
			return visiting
		}
		if info.parent == nil {
			info.level = 0
			if pi.fileLevel != nil && *pi.fileLevel > 0 && *pi.fileLevel <= 3 {
				// A leaf without a parent (a placeholder, or a catalog
				// without categories) stays what the file says it is.
				info.level = int(*pi.fileLevel)
			}
			return info.level
		}
		info.level = visiting
		p := depth(nil, x.ingByID[*info.parent])
		if p == visiting {
			l.rep.warn(section, pi.i, "%s: parent %q makes a cycle; imported without a parent", recordName(section, pi.i, pi.label), x.ingByID[*info.parent].slug)
			info.parent = nil
			info.level = 0
			return 0
		}
		info.level = min(p+1, 3)
		return info.level
	}
	for _, pi := range news {
		d := depth(pi, pi.info)
		file := int64(-1)
		if pi.fileLevel != nil {
			file = *pi.fileLevel
		}
		switch {
		case d == 3:
			l.rep.warn(section, pi.i, "%s: sits under the leaf %q (depth 3, level %d in the file); stored as level 3 and treated as a leaf",
				recordName(section, pi.i, pi.label), x.ingByID[*pi.info.parent].slug, file)
		case file >= 0 && int64(d) != file:
			l.rep.warn(section, pi.i, "%s: hierarchy_level %d in the file but depth %d in the tree; stored as %d",
				recordName(section, pi.i, pi.label), file, d, d)
		}
	}
}

// rootName is the display name of info's root ancestor: the category every
// ingredient carries (docs/domain.md §2.1).
func (l *loader) rootName(info *ingInfo) string {
	seen := map[uuid.UUID]bool{}
	for info.parent != nil && !seen[info.id] {
		seen[info.id] = true
		p := l.idx.ingByID[*info.parent]
		if p == nil {
			break
		}
		info = p
	}
	return info.displayName
}

// density keeps the four density fields when all are present and valid
// (volume unit, weight unit, positive values), and warns otherwise.
func (l *loader) density(section string, i int, label string, r *record, row *ingredientRow) {
	vv, vok, verr := r.qty("density_volume_value")
	vu := r.text("density_volume_unit")
	wv, wok, werr := r.qty("density_weight_value")
	wu := r.text("density_weight_unit")
	present := 0
	for _, ok := range []bool{vok, vu != nil, wok, wu != nil} {
		if ok {
			present++
		}
	}
	if present == 0 && verr == nil && werr == nil {
		return
	}
	fail := func(why string) {
		l.rep.warn(section, i, "%s: density dropped: %s", recordName(section, i, label), why)
	}
	if present < 4 || verr != nil || werr != nil {
		fail("it needs all four of density_volume_value/_unit and density_weight_value/_unit as numbers")
		return
	}
	if !vv.IsPositive() || !wv.IsPositive() {
		fail("values must be greater than zero")
		return
	}
	vunit, err1 := units.Parse(*vu)
	wunit, err2 := units.Parse(*wu)
	if err1 != nil || err2 != nil || vunit.Kind != units.Volume || wunit.Kind != units.Weight {
		fail(fmt.Sprintf("%q must be a volume unit and %q a weight unit", *vu, *wu))
		return
	}
	row.DensityVolumeValue = decimal.NullDecimal{Decimal: vv, Valid: true}
	row.DensityVolumeUnit = &vunit.Code
	row.DensityWeightValue = decimal.NullDecimal{Decimal: wv, Valid: true}
	row.DensityWeightUnit = &wunit.Code
}

// renamedSlugs are ingredient slugs the desktop catalog renamed (H1): a
// reference to the old slug resolves to the new one when that exists, and
// the old slug is remembered as an alias.
var renamedSlugs = map[string][]string{
	"flour_bread":       {"bread_flour"},
	"bread_flour":       {"flour_bread"},
	"heavy_cream":       {"cream_heavy"},
	"cream_heavy":       {"heavy_cream"},
	"flour_cake":        {"cake_flour"},
	"cake_flour":        {"flour_cake"},
	"powdered_sugar":    {"sugar_powdered"},
	"sugar_powdered":    {"powdered_sugar"},
	"flour_all_purpose": {"all_purpose_flour"},
	"all_purpose_flour": {"flour_all_purpose"},
}

// lookupIngredient resolves a slug without creating anything: the slug, an
// alias, or a known rename (which is then recorded as an alias).
func (l *loader) lookupIngredient(section string, i int, label, slug string) *ingInfo {
	x := &l.idx
	if ing := x.ingBySlug[slug]; ing != nil {
		return ing
	}
	if id, ok := x.aliases[tools.NameKey(slug)]; ok {
		return x.ingByID[id]
	}
	for _, to := range renamedSlugs[slug] {
		if ing := x.ingBySlug[to]; ing != nil {
			l.addAlias(ing.id, slug)
			l.rep.warn(section, i, "%s: ingredient %q resolved to %q (renamed in the desktop catalog); the old slug is kept as an alias",
				recordName(section, i, label), slug, to)
			return ing
		}
	}
	return nil
}

func (l *loader) addAlias(ingredient uuid.UUID, alias string) {
	key := tools.NameKey(alias)
	if _, ok := l.idx.aliases[key]; ok || key == "" {
		return
	}
	l.idx.aliases[key] = ingredient
	l.p.aliases = append(l.p.aliases, aliasRow{ID: uuid.New(), IngredientID: ingredient, Alias: alias, AliasKey: key})
}

// ingredientRef resolves an ingredient slug for a product or recipe line,
// creating a placeholder leaf marked for review when nothing matches (H1:
// files without an ingredient catalog, slugs that exist nowhere).
func (l *loader) ingredientRef(section string, i int, label, slug string) *ingInfo {
	if ing := l.lookupIngredient(section, i, label, slug); ing != nil {
		return ing
	}
	return l.placeholderIngredient(section, i, label, slug, humanize(slug), fmt.Sprintf("ingredient %q", slug))
}

// ingredientByName resolves a recipe line that names its ingredient by
// display name (recipes_catalog.json, H20); an ambiguous or unknown name
// gets a placeholder for review rather than a guess.
func (l *loader) ingredientByName(section string, i int, label, name string) *ingInfo {
	x := &l.idx
	key := tools.NameKey(name)
	var leaves []*ingInfo
	for _, ing := range x.ingByName[key] {
		if ing.level >= 2 {
			leaves = append(leaves, ing)
		}
	}
	if len(leaves) == 0 {
		leaves = x.ingByName[key]
	}
	if len(leaves) == 1 {
		return leaves[0]
	}
	if id, ok := x.aliases[key]; ok {
		return x.ingByID[id]
	}
	what := fmt.Sprintf("ingredient named %q", name)
	if len(leaves) > 1 {
		what += fmt.Sprintf(" (ambiguous: %d ingredients have that name)", len(leaves))
	}
	slug := uniqueSlug(tools.Slug(name, '_'), '_', func(s string) bool { return x.ingBySlug[s] != nil })
	return l.placeholderIngredient(section, i, label, slug, strings.TrimSpace(name), what)
}

func (l *loader) placeholderIngredient(section string, i int, label, slug, name, what string) *ingInfo {
	x := &l.idx
	slug, name = truncate(slug, tools.MaxNameLength), truncate(name, tools.MaxNameLength)
	if ing := x.ingBySlug[slug]; ing != nil {
		return ing
	}
	row := ingredientRow{
		ID: uuid.New(), Slug: slug, DisplayName: name, NameKey: tools.NameKey(name), HierarchyLevel: 2,
		NeedsReview: true, Extra: json.RawMessage("{}"), ImportID: l.imp(),
	}
	l.p.ingredients = append(l.p.ingredients, row)
	info := &ingInfo{id: row.ID, slug: slug, displayName: name, level: 2, placeholder: true}
	l.addIngredient(info)
	x.placeholderSlugs[slug] = true
	l.rep.warn(section, i, "%s: %s is not in the file or the pantry; created a placeholder leaf ingredient %q for review",
		recordName(section, i, label), what, slug)
	return info
}

// ingredientAliases loads the export's alias list ({alias, ingredient_slug}).
func (l *loader) ingredientAliases(section string, items []json.RawMessage) error {
	if err := l.loadIngredients(); err != nil {
		return err
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("alias")
		alias := r.text("alias")
		slug := r.text("ingredient_slug", "ingredient")
		if alias == nil || slug == nil || tooLong(alias, tools.MaxNameLength) {
			return l.reject(section, i, label, "needs alias (at most 200 characters) and ingredient_slug")
		}
		if _, ok := l.idx.aliases[tools.NameKey(*alias)]; ok {
			return matched, nil
		}
		ing := l.idx.ingBySlug[*slug]
		if ing == nil {
			return l.reject(section, i, label, "ingredient %q not found", *slug)
		}
		l.addAlias(ing.id, *alias)
		return created, nil
	})
}

// unitCode returns the stored code for a unit, or the text as given (lower
// case) with a warning when it is not a unit the cloud knows.
func (l *loader) unitCode(section string, i int, label, field, s string) string {
	u, err := units.Parse(s)
	if err != nil {
		l.rep.warn(section, i, "%s: %s: %v; kept as written", recordName(section, i, label), field, err)
		return strings.ToLower(strings.TrimSpace(s))
	}
	return u.Code
}

// humanize turns a slug into a display name: "eggs_large" → "Eggs large".
func humanize(slug string) string {
	s := strings.Join(strings.FieldsFunc(slug, func(r rune) bool { return r == '_' || r == '-' }), " ")
	if s == "" {
		return slug
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
