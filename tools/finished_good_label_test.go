package tools_test

import (
	"strings"
	"testing"

	"github.com/baketracker/baketracker/tools"
)

// TestFinishedGoodLabelOfAGiftBox: a gift box holds a stack of sandwich
// cookies (a nested good, with a filling sub-recipe) and a dozen chocolate
// chip cookies, plus a card. By hand: 12 of 24 chocolate chip cookies are
// half a batch, 120 g flour + 90 g chips + 60 g butter = 270 g; 5 of 10
// sandwich cookies are half a batch, filling (75 g powdered sugar + 30 g
// hazelnuts = 105 g) + 100 g flour + 50 g sugar = 255 g. So the chocolate
// chip cookies come first although the bill lists them last, the card and
// the wax bag are not ingredients, and the hazelnuts two levels down reach
// the allergen statement.
func TestFinishedGoodLabelOfAGiftBox(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mkIngredient(t, e, map[string]any{"name": "All-purpose flour", "allergens": []any{"wheat"}})
	mkIngredient(t, e, map[string]any{"name": "Butter", "allergens": []any{"milk"}})
	mkIngredient(t, e, map[string]any{"name": "Chocolate chips", "allergens": []any{"soy", "milk"}})
	mkIngredient(t, e, map[string]any{"name": "Sugar"})
	mkIngredient(t, e, map[string]any{"name": "Powdered sugar"})
	mkIngredient(t, e, map[string]any{"name": "Hazelnuts", "allergens": []any{"tree nuts"}})
	rtCreate(t, e, map[string]any{"name": "Chocolate Chip Cookies",
		"lines":  []any{rtLine("all_purpose_flour", "240", "g"), rtLine("butter", "120", "g"), rtLine("chocolate_chips", "180", "g")},
		"yields": []any{map[string]any{"display_name": "Chocolate Chip Cookie", "items_per_batch": 24}}})
	rtCreate(t, e, map[string]any{"name": "Filling", "lines": []any{rtLine("powdered_sugar", "150", "g"), rtLine("hazelnuts", "60", "g")}})
	rtCreate(t, e, map[string]any{"name": "Sandwich Cookies",
		"lines":      []any{rtLine("all_purpose_flour", "200", "g"), rtLine("sugar", "100", "g")},
		"components": []any{map[string]any{"recipe": "filling", "quantity": 1}},
		"yields":     []any{map[string]any{"display_name": "Sandwich Cookie", "items_per_batch": 10}}})
	unit := func(recipe string) string {
		return call[tools.ListFinishedUnitsOutput](t, e.Client, "list_finished_units", map[string]any{"recipe": recipe}).FinishedUnits[0].ID
	}
	call[map[string]any](t, e.Client, "create_material", map[string]any{"name": "Wax Bag"})
	call[map[string]any](t, e.Client, "create_material", map[string]any{"name": "Gift Card"})
	call[tools.FinishedGoodOut](t, e.Client, "create_finished_good", map[string]any{"name": "Sandwich Stack", "components": []any{
		map[string]any{"finished_unit": unit("sandwich-cookies"), "quantity": 5}, map[string]any{"material": "Wax Bag", "quantity": 1}}})
	call[tools.FinishedGoodOut](t, e.Client, "create_finished_good", map[string]any{"name": "Gift Box", "components": []any{
		map[string]any{"material": "Gift Card", "quantity": 1},
		map[string]any{"finished_good": "sandwich-stack", "quantity": 1},
		map[string]any{"finished_unit": unit("chocolate-chip-cookies"), "quantity": 12}}})

	l := call[tools.FinishedGoodLabelOutput](t, e.Client, "finished_good_label", map[string]any{"finished_good": "gift-box"})
	want := "Chocolate Chip Cookie (All-purpose flour, Chocolate chips, Butter), " +
		"Sandwich Stack (Sandwich Cookie (Filling (Powdered sugar, Hazelnuts), All-purpose flour, Sugar))"
	if l.IngredientStatement != want {
		t.Fatalf("ingredient statement\n got %q\nwant %q", l.IngredientStatement, want)
	}
	if l.AllergenStatement != "Contains: Wheat, Milk, Tree Nuts, Soy" {
		t.Fatalf("allergen statement %q", l.AllergenStatement)
	}
	if strings.Join(l.Packaging, ",") != "Gift Card,Wax Bag" || len(l.Unweighed) != 0 || len(l.UnknownYield) != 0 {
		t.Fatalf("packaging %v, unweighed %v, unknown yield %v", l.Packaging, l.Unweighed, l.UnknownYield)
	}
	grams := map[string]string{}
	for _, en := range l.Entries {
		if en.Grams != nil {
			grams[en.Name] = en.Grams.String()
		}
	}
	for name, g := range map[string]string{"Chocolate Chip Cookie": "270", "Sandwich Stack": "255", "Filling": "105", "Hazelnuts": "30"} {
		if grams[name] != g {
			t.Errorf("%s weighs %s g, want %s (entries %+v)", name, grams[name], g, l.Entries)
		}
	}
	for _, a := range l.Allergens {
		if a.Code == "tree_nuts" && strings.Join(a.From, ",") != "Hazelnuts" {
			t.Errorf("tree nuts come from %v", a.From)
		}
	}
	if !strings.HasPrefix(l.Text, "Gift Box\nIngredients: "+want) {
		t.Errorf("text %q", l.Text)
	}
	eu := call[tools.FinishedGoodLabelOutput](t, e.Client, "finished_good_label", map[string]any{"finished_good": "gift-box", "jurisdiction": "eu"})
	if eu.AllergenStatement != "Contains: Cereals containing gluten (wheat), Milk, Nuts, Soybeans" {
		t.Errorf("EU statement %q", eu.AllergenStatement)
	}
	rtWantErr(t, callErr(t, e.Client, "finished_good_label", map[string]any{"finished_good": "gift-box", "jurisdiction": "mars"}), "invalid_argument", "jurisdiction")
	rtWantErr(t, callErr(t, e.Client, "finished_good_label", map[string]any{"finished_good": "no-such-box"}), "not_found", "finished_good")
}
