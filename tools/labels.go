package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools/bakersmath"
	"github.com/baketracker/baketracker/units"
)

// RecipeLabelInput asks for a recipe's label.
type RecipeLabelInput struct {
	RecipeID     string `json:"recipe_id" jsonschema:"the recipe's id, slug or exact name"`
	Jurisdiction string `json:"jurisdiction,omitempty" jsonschema:"whose allergen list the statement names: us (default, the major 9) or eu (the 14 of Regulation 1169/2011)"`
}

// LabelEntry is one entry of the ingredient statement, in statement order
// (a flat list: JSON schemas cannot recurse); a sub-recipe's entries follow
// it one depth deeper. Grams is unset for an entry that has no weight.
type LabelEntry struct {
	Name  string           `json:"name"`
	Grams *decimal.Decimal `json:"grams"`
	Depth int              `json:"depth"`
	// Parts is how many entries directly below make this one up (0 for an ingredient).
	Parts int `json:"parts"`
}

// LabelAllergen is an allergen the recipe contains and the ingredients that bring it.
type LabelAllergen struct {
	Code string   `json:"code"`
	Name string   `json:"name"`
	From []string `json:"from"`
}

// RecipeLabelOutput is a cottage-food style label.
type RecipeLabelOutput struct {
	RecipeID     string `json:"recipe_id"`
	RecipeSlug   string `json:"recipe_slug"`
	RecipeName   string `json:"recipe_name"`
	Jurisdiction string `json:"jurisdiction"`
	// IngredientStatement lists ingredients by descending weight, a
	// sub-recipe's in parentheses after its name.
	IngredientStatement string `json:"ingredient_statement"`
	// AllergenStatement is "Contains: Wheat, Milk, Eggs" (empty when none).
	AllergenStatement string          `json:"allergen_statement"`
	Allergens         []LabelAllergen `json:"allergens"`
	// OtherAllergens are flags this jurisdiction's list does not name.
	OtherAllergens []string `json:"other_allergens"`
	// Unweighed are ingredients with no weight (counted, or volume without
	// a density): they are listed last and their place is not certain.
	Unweighed []string     `json:"unweighed"`
	Entries   []LabelEntry `json:"entries"`
	Text      string       `json:"text"`
}

// RecipeLabel builds a recipe's label from its expanded tree.
func (t *Tools) RecipeLabel(ctx context.Context, id identity.Identity, in RecipeLabelInput) (RecipeLabelOutput, error) {
	j, err := labelJurisdiction(in.Jurisdiction)
	if err != nil {
		return RecipeLabelOutput{}, err
	}
	var out RecipeLabelOutput
	err = t.snapshot(ctx, id, func(q *queries.Queries) error {
		r, err := resolveRecipe(ctx, q, id.TenantID, "recipe_id", in.RecipeID)
		if err != nil {
			return err
		}
		lines, err := expandRecipe(ctx, q, id.TenantID, r.ID, decimal.NewFromInt(1))
		if err != nil {
			return err
		}
		out = recipeLabel(lines, j)
		out.RecipeID, out.RecipeSlug, out.RecipeName = r.ID.String(), r.Slug, r.Name
		out.Text = labelText(out)
		return nil
	})
	return out, err
}

// labelJurisdiction checks a label's jurisdiction (us when empty).
func labelJurisdiction(in string) (string, error) {
	j := strings.ToLower(strings.TrimSpace(in))
	if j == "" {
		j = jurisdictionUS
	}
	if j != jurisdictionUS && j != jurisdictionEU {
		return "", Invalid("jurisdiction", "%q is not a jurisdiction; accepted: us, eu", Shorten(in))
	}
	return j, nil
}

// labelNode is a recipe in the expanded tree while the label is built.
type labelNode struct {
	item  bakersmath.LabelItem
	kids  []*labelNode
	index map[string]*labelNode
}

// recipeLabel turns expanded lines into the label's tree (a sub-recipe is
// an entry whose children are its lines) and rolls the allergens up.
func recipeLabel(lines []expandedLine, jurisdiction string) RecipeLabelOutput {
	b := newLabelBuilder()
	b.addLines(b.root, lines, true)
	return b.finish(jurisdiction)
}

// labelBuilder gathers a label's tree and its allergen flags. The tree is
// generic (bakersmath.LabelItem): a recipe's sub-recipes and a finished
// good's components are both entries with children.
type labelBuilder struct {
	root  *labelNode
	flags map[string]bool
	from  map[string][]string
}

func newLabelBuilder() *labelBuilder {
	return &labelBuilder{root: newLabelGroup(""), flags: map[string]bool{}, from: map[string][]string{}}
}

func newLabelGroup(name string) *labelNode {
	return &labelNode{item: bakersmath.LabelItem{Name: name}, index: map[string]*labelNode{}}
}

// group is the child of node under key, made (named name) the first time.
func (n *labelNode) group(key, name string) *labelNode {
	child, ok := n.index[key]
	if !ok {
		child = newLabelGroup(name)
		n.index[key] = child
		n.kids = append(n.kids, child)
	}
	return child
}

// addLines puts one recipe's expanded lines under node (node stands for
// the recipe itself, Path[0]); weighed false marks every line unweighed
// (a finished unit whose yield is unknown: its weight in the whole is not).
func (b *labelBuilder) addLines(under *labelNode, lines []expandedLine, weighed bool) {
	for _, n := range lines {
		node := under
		for i := 1; i < len(n.Path); i++ {
			node = node.group(strings.Join(n.Path[:i+1], "/"), n.RecipeNames[i])
		}
		g, _, reason := weighLine(n)
		node.kids = append(node.kids, &labelNode{item: bakersmath.LabelItem{Name: n.IngredientName, Grams: g, Weighed: weighed && reason == ""}})
		for _, a := range n.Allergens {
			b.flags[a] = true
			if !containsString(b.from[a], n.IngredientName) {
				b.from[a] = append(b.from[a], n.IngredientName)
			}
		}
	}
}

// finish orders the tree and writes the statements.
func (b *labelBuilder) finish(jurisdiction string) RecipeLabelOutput {
	items := bakersmath.Order(b.root.toItems())
	out := RecipeLabelOutput{Jurisdiction: jurisdiction, Allergens: []LabelAllergen{}, Entries: labelEntries(items, 0, []LabelEntry{})}
	out.IngredientStatement = bakersmath.Statement(items)
	out.Unweighed = bakersmath.Unweighed(items)
	if out.Unweighed == nil {
		out.Unweighed = []string{}
	}
	out.AllergenStatement, _, out.OtherAllergens = allergenStatement(b.flags, jurisdiction)
	for _, a := range Allergens {
		if !b.flags[a.Code] {
			continue
		}
		name := a.US
		if jurisdiction == jurisdictionEU {
			name = a.EU
		}
		if name == "" {
			continue
		}
		out.Allergens = append(out.Allergens, LabelAllergen{Code: a.Code, Name: name, From: b.from[a.Code]})
	}
	return out
}

// toItems turns the built tree into label items, a sub-recipe weighing
// what its entries weigh (and weighed only when all of them are).
func (n *labelNode) toItems() []bakersmath.LabelItem {
	out := make([]bakersmath.LabelItem, 0, len(n.kids))
	for _, k := range n.kids {
		it := k.item
		if k.index != nil {
			it.Children = k.toItems()
			it.Grams, it.Weighed = decimal.Zero, true
			for _, c := range it.Children {
				it.Grams = it.Grams.Add(c.Grams)
				it.Weighed = it.Weighed && c.Weighed
			}
		}
		out = append(out, it)
	}
	return out
}

func labelEntries(items []bakersmath.LabelItem, depth int, out []LabelEntry) []LabelEntry {
	for _, it := range items {
		e := LabelEntry{Name: it.Name, Depth: depth, Parts: len(it.Children)}
		if it.Weighed {
			g := units.Round(it.Grams)
			e.Grams = &g
		}
		out = labelEntries(it.Children, depth+1, append(out, e))
	}
	return out
}

// labelText is the label as plain text, the form a printer or a model uses.
func labelText(l RecipeLabelOutput) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nIngredients: %s\n", l.RecipeName, l.IngredientStatement)
	if l.AllergenStatement != "" {
		b.WriteString(l.AllergenStatement + "\n")
	}
	return b.String()
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
