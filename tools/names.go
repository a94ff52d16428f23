package tools

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NameKey normalises a name for matching: accents folded, lower case,
// punctuation and curly quotes dropped, spaces collapsed. "Wegman’s",
// "Wegman's" and "WEGMANS" share a key. Name columns store it (name_key) so
// lookups are btree equality, which is leakproof and can use an index under
// RLS, unlike ILIKE or trigram operators.
func NameKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r): // combining accent
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’' || r == '‘' || r == '`':
			// apostrophes join: "wegman's" → "wegmans"
		default:
			space = true
		}
	}
	return b.String()
}

// Slug makes a slug from a name with sep between words: "_" for ingredients
// and suppliers (the desktop's style), "-" for recipes and events. Slugs
// from files are kept verbatim; this only makes new ones.
func Slug(name string, sep byte) string {
	key := NameKey(name)
	var b strings.Builder
	for _, r := range key {
		switch {
		case r == ' ':
			b.WriteByte(sep)
		case r < 128:
			b.WriteRune(r)
		}
	}
	s := strings.Trim(b.String(), string(sep))
	if s == "" {
		s = "item"
	}
	if len(s) > 180 {
		s = s[:180]
	}
	return s
}

// UniqueSlug returns base, or base with the first free numeric suffix
// (_1, _2, … or -1, -2, …) that taken does not report as used. It is the
// one clash rule: the tools ask the database, the importer its in-memory
// index of the tenant's and the file's slugs, so both name the second
// "Flour" flour_1. Bases come short enough for a suffix (Slug cuts at 180,
// ProductSlug at 290).
func UniqueSlug(base string, sep byte, taken func(string) (bool, error)) (string, error) {
	for i := 0; ; i++ {
		s := base
		if i > 0 {
			s = base + string(sep) + strconv.Itoa(i)
		}
		used, err := taken(s)
		if err != nil {
			return "", err
		}
		if !used {
			return s, nil
		}
	}
}

// EventSlug is a new event's slug before clash suffixes: the name, with the
// event's year appended unless the name already says it ("Christmas 2026").
func EventSlug(name string, year int) string {
	y := strconv.Itoa(year)
	s := Slug(name, '-')
	if !strings.Contains(name, y) {
		s += "-" + y
	}
	return s
}

// FinishedUnitSlug is a new yield option's slug: recipe slug and option
// name, hyphenated like the desktop's ("chocolate-chip-cookie-dozen").
func FinishedUnitSlug(recipeSlug, name string) string {
	return Slug(recipeSlug+" "+name, '-')
}

// SupplierSlug is a new supplier's slug before clash suffixes: name, city
// and state for a physical store, the name alone for an online one (the
// desktop's rule), and unknown_unknown_xx for the placeholder.
func SupplierSlug(name, city, state, supplierType string, placeholder bool) string {
	switch {
	case placeholder:
		return unknownSlug
	case supplierType == "physical":
		return Slug(strings.Join([]string{name, city, state}, " "), '_')
	}
	return Slug(name, '_')
}

// Similarity is the trigram similarity of two name keys, 0 to 1, as pg_trgm
// computes it (each word padded with two spaces in front, one behind). Fuzzy
// matching runs in Go over the tenant's names so the database never needs a
// non-leakproof operator under RLS.
func Similarity(a, b string) float64 {
	ta, tb := trigrams(a), trigrams(b)
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	shared := 0
	for g := range ta {
		if tb[g] {
			shared++
		}
	}
	return float64(shared) / float64(len(ta)+len(tb)-shared)
}

func trigrams(key string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(key) {
		p := []rune("  " + w + " ")
		for i := 0; i+3 <= len(p); i++ {
			out[string(p[i:i+3])] = true
		}
	}
	return out
}
