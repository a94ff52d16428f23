package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/units"
)

// A recipe record that matches a stored recipe (by slug, previous_slug or a
// unique name) does not overwrite it, but its data is never thrown away:
//
//   - a different slug (H6: "toasted-almond-sables" for the stored
//     "toasted-almond-sabl-s") becomes the recipe's previous_slug when that
//     is empty, else one of extra.slug_aliases, so references by either
//     slug resolve from now on;
//   - lines that equal the stored ones except that the stored line has no
//     notes get the file's notes (H20: the catalog's "sifted");
//   - any other difference keeps the whole file record in
//     extra.import_variants[<sha256 of its canonical JSON, 16 hex>].
//
// Each of these is a warning naming the record.

// slugAliases reads extra.slug_aliases of a stored recipe.
func slugAliases(extra json.RawMessage) []string {
	var x struct {
		SlugAliases []string `json:"slug_aliases"`
	}
	if json.Unmarshal(extra, &x) != nil {
		return nil
	}
	return x.SlugAliases
}

// recipeLinesOf returns the stored lines of a recipe (all loaded once).
func (l *loader) recipeLinesOf(id uuid.UUID) ([]queries.RecipeIngredient, error) {
	if l.storedLines == nil {
		rows, err := l.q.RecipeIngredientImportList(l.ctx, queries.RecipeIngredientImportListParams{TenantID: l.tenant})
		if err != nil {
			return nil, fmt.Errorf("import: read recipe lines: %w", err)
		}
		l.storedLines = map[uuid.UUID][]queries.RecipeIngredient{}
		for _, r := range rows {
			l.storedLines[r.RecipeID] = append(l.storedLines[r.RecipeID], r)
		}
	}
	return l.storedLines[id], nil
}

// lineIngredient resolves a line's ingredient without side effects (no
// placeholder is created for a line that is only compared).
func (l *loader) lineIngredient(lr *record) (uuid.UUID, bool) {
	x := &l.idx
	if s := lr.text("ingredient_slug"); s != nil {
		if ing := x.ingBySlug[*s]; ing != nil {
			return ing.id, true
		}
		id, ok := x.aliases[tools.NameKey(*s)]
		return id, ok
	}
	if n := lr.text("ingredient_name", "ingredient", "name"); n != nil {
		if same := x.ingByName[tools.NameKey(*n)]; len(same) == 1 {
			return same[0].id, true
		}
		id, ok := x.aliases[tools.NameKey(*n)]
		return id, ok
	}
	return uuid.Nil, false
}

func unitKey(s string) string {
	if u, err := units.Parse(s); err == nil {
		return u.Code
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// reconcileRecipe compares a matched record with its stored recipe and
// records what the file adds (see the comment at the top of the file).
func (l *loader) reconcileRecipe(section string, pr *pendingRecipe) error {
	info := pr.info
	if info.row == nil {
		return nil
	}
	name := recordName(section, pr.i, pr.label)
	stored := info.row
	extra := map[string]json.RawMessage{}
	if len(stored.Extra) > 0 {
		_ = json.Unmarshal(stored.Extra, &extra)
	}
	changed := false
	var prevSlug *string
	if pr.slug != "" && pr.slug != stored.Slug && deref(stored.PreviousSlug) != pr.slug && !contains(slugAliases(stored.Extra), pr.slug) {
		if stored.PreviousSlug == nil {
			prevSlug = &pr.slug
			stored.PreviousSlug = prevSlug
		} else {
			aliases := append(slugAliases(stored.Extra), pr.slug)
			extra["slug_aliases"], _ = json.Marshal(aliases)
			stored.Extra, _ = json.Marshal(extra)
			changed = true
		}
		if _, taken := l.idx.recipeByPrev[pr.slug]; !taken {
			l.idx.recipeByPrev[pr.slug] = info
		}
		l.rep.warn(section, pr.i, "%s: matched the existing recipe %q by name; slug %q kept as its alias", name, stored.Slug, pr.slug)
	}

	// Lines: same ingredient, quantity and unit in the same order?
	lines, err := l.recipeLinesOf(info.id)
	if err != nil {
		return err
	}
	fileLines, _ := pr.r.list("ingredients", "recipe_ingredients")
	// A record without lines at all names the recipe, it does not say it
	// has none.
	differs := pr.r.has("ingredients", "recipe_ingredients") && len(fileLines) != len(lines)
	var fill []queries.RecipeIngredientImportSetNotesParams
	for j := 0; !differs && j < len(lines); j++ {
		lr, err := parseRecord(fileLines[j])
		if err != nil {
			differs = true
			break
		}
		ing, ok := l.lineIngredient(lr)
		qty, hasQty, qerr := lr.qty("quantity", "amount")
		unit := deref(lr.text("unit"))
		st := lines[j]
		if !ok || ing != st.IngredientID || qerr != nil || !hasQty || !qty.Equal(st.Quantity) || unitKey(unit) != unitKey(st.Unit) {
			differs = true
			break
		}
		notes := lr.text("notes")
		switch {
		case deref(notes) == deref(st.Notes):
		case st.Notes == nil && notes != nil && len([]rune(*notes)) <= 500:
			fill = append(fill, queries.RecipeIngredientImportSetNotesParams{TenantID: l.tenant, ID: st.ID, Notes: *notes})
		default:
			differs = true
		}
	}
	fileNotes := pr.r.text("notes", "instructions")
	if fileNotes != nil && deref(stored.Notes) != *fileNotes {
		differs = true
	}
	storedCategory := stored.Category
	var fullCategory string
	if json.Unmarshal(extra["category"], &fullCategory) == nil && fullCategory != "" {
		storedCategory = fullCategory // the column holds a shortened copy
	}
	if c := pr.r.text("category"); c != nil && *c != strings.TrimSpace(storedCategory) {
		differs = true
	}
	if s := pr.r.text("source"); s != nil && *s != deref(stored.Source) {
		differs = true
	}
	if differs {
		raw, err := json.Marshal(pr.r.fields)
		if err != nil {
			return fmt.Errorf("import: encode recipe: %w", err)
		}
		sum := sha256.Sum256([]byte(canonicalJSON(raw)))
		key := hex.EncodeToString(sum[:8])
		variants := map[string]json.RawMessage{}
		if v, ok := extra["import_variants"]; ok {
			_ = json.Unmarshal(v, &variants)
		}
		if _, seen := variants[key]; !seen {
			variants[key] = raw
			extra["import_variants"], _ = json.Marshal(variants)
			stored.Extra, _ = json.Marshal(extra)
			changed = true
			l.rep.warn(section, pr.i, "%s: differs from the existing recipe %q (lines, notes, category or source); the existing recipe was kept and the file's version saved in its extra.import_variants[%q]",
				name, stored.Slug, key)
		}
	} else if len(fill) > 0 {
		for _, f := range fill {
			if err := l.q.RecipeIngredientImportSetNotes(l.ctx, f); err != nil {
				return fmt.Errorf("import: recipe line notes: %w", err)
			}
		}
		l.rep.warn(section, pr.i, "%s: the existing recipe %q had no notes on %d line(s) the file annotates; the file's notes were added",
			name, stored.Slug, len(fill))
	}
	if changed || prevSlug != nil {
		if err := l.q.RecipeImportUpdateMatched(l.ctx, queries.RecipeImportUpdateMatchedParams{
			TenantID: l.tenant, ID: info.id, PreviousSlug: prevSlug, Extra: stored.Extra}); err != nil {
			return fmt.Errorf("import: update matched recipe: %w", err)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// skippedItem is one skipped sub-record, with its index in its list.
type skippedItem struct {
	Index  int             `json:"index"`
	Record json.RawMessage `json:"record"`
}

// skip keeps sub-record j of list (raw) that was not imported.
func (pr *pendingRecipe) skip(list string, j int, raw json.RawMessage) {
	if pr.skipped == nil {
		pr.skipped = map[string][]skippedItem{}
	}
	pr.skipped[list] = append(pr.skipped[list], skippedItem{Index: j, Record: compactJSON(raw)})
}

// withSkipped adds the skipped sub-records to a recipe's extra.
func withSkipped(extra json.RawMessage, skipped map[string][]skippedItem) json.RawMessage {
	if len(skipped) == 0 {
		return extra
	}
	m := map[string]json.RawMessage{}
	_ = json.Unmarshal(extra, &m)
	for list, items := range skipped {
		m["skipped_"+list], _ = json.Marshal(items)
	}
	b, err := json.Marshal(m)
	if err != nil {
		return extra
	}
	return b
}
