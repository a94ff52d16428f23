package bakersmath

import (
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// LabelItem is one entry of an ingredient statement: an ingredient, or a
// part made of other entries (a sub-recipe, later a finished good's
// component) whose Children go in parentheses. Grams is its weight in the
// whole; Weighed is false when it could not be converted to a weight.
type LabelItem struct {
	Name     string
	Grams    decimal.Decimal
	Weighed  bool
	Children []LabelItem
}

// Order sorts every level by descending weight (ties by name); entries
// that could not be weighed follow in their given order, since their
// place is not known. Entries of the same name without children are merged
// first, so an ingredient used twice is listed once, at its total weight.
func Order(items []LabelItem) []LabelItem {
	merged := []LabelItem{}
	at := map[string]int{}
	for _, it := range items {
		it.Children = Order(it.Children)
		key := strings.ToLower(it.Name)
		if i, ok := at[key]; ok && len(it.Children) == 0 && len(merged[i].Children) == 0 {
			merged[i].Grams = merged[i].Grams.Add(it.Grams)
			merged[i].Weighed = merged[i].Weighed && it.Weighed
			continue
		}
		if len(it.Children) == 0 {
			at[key] = len(merged)
		}
		merged = append(merged, it)
	}
	sort.SliceStable(merged, func(i, j int) bool {
		a, b := merged[i], merged[j]
		if a.Weighed != b.Weighed {
			return a.Weighed
		}
		if !a.Weighed {
			return false
		}
		if !a.Grams.Equal(b.Grams) {
			return a.Grams.GreaterThan(b.Grams)
		}
		return strings.ToLower(a.Name) < strings.ToLower(b.Name)
	})
	return merged
}

// Statement writes ordered items as a label's ingredient list:
// "Bread flour, Water, Levain (Whole wheat flour, Water), Salt".
func Statement(items []LabelItem) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = it.Name
		if len(it.Children) > 0 {
			parts[i] += " (" + Statement(it.Children) + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// Unweighed names every entry, at any depth, that could not be weighed.
func Unweighed(items []LabelItem) []string {
	var out []string
	for _, it := range items {
		if !it.Weighed && len(it.Children) == 0 {
			out = append(out, it.Name)
		}
		out = append(out, Unweighed(it.Children)...)
	}
	return out
}
