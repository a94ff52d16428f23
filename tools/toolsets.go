package tools

import (
	"fmt"
	"strings"
)

// Toolsets group tools as github-mcp-server does.
const (
	ToolsetCatalog  = "catalog"
	ToolsetPantry   = "pantry"
	ToolsetRecipes  = "recipes"
	ToolsetEvents   = "events"
	ToolsetShopping = "shopping"
	ToolsetCosting  = "costing"
	ToolsetImport   = "import"
	// ToolsetProduction is finished goods, packages, planning, bakes and assembly.
	ToolsetProduction = "production"
)

// Toolset is a named group of tools with what it is for and what a model
// should know to use it; a server can serve a subset (--toolsets).
type Toolset struct {
	Name         string
	Description  string
	Instructions string
}

// Toolsets is every toolset in the order the README and tools/list show.
var Toolsets = []Toolset{
	{ToolsetCatalog, "Ingredients (a three-level tree), products (branded packages of a leaf ingredient) and stores.",
		"search before you create (list_ingredients or list_products with a query); products belong to leaf ingredients."},
	{ToolsetPantry, "Purchases, the pantry lots they put on the shelf (one per package), stock, usage and percentage adjustments.",
		"add_purchase resolves the product by barcode, id or name and answers ambiguous with candidates rather than guessing; repeat with the chosen id."},
	{ToolsetRecipes, "Recipes with ordered ingredient lines, nested component recipes, variants and yields.", ""},
	{ToolsetEvents, "Baking events (a party, a holiday, a market day) and the recipes planned for them.", ""},
	{ToolsetShopping, "What to buy for an event, from its planned recipes and the pantry.", ""},
	{ToolsetCosting, "What a recipe costs from the pantry's lots, first in first out.", ""},
	{ToolsetImport, "The queue of phone scans whose barcode matched no product.", ""},
	{ToolsetProduction, "From plan to gift box: yields in stock, finished goods and gift packages, recipients, batch planning, bakes, assembly and packaging materials.",
		"plan_event before baking; record_production for each bake (losses as loss_quantity), record_assembly for boxes, set_package_status as they go out."},
}

// SelectToolsets returns the named toolsets in documented order; no names,
// or "all", selects every one. Names are case-insensitive and may come as
// one comma-separated string (BAKETRACKER_TOOLSETS=catalog,pantry).
func SelectToolsets(names []string) ([]Toolset, error) {
	want := map[string]bool{}
	for _, n := range names {
		for _, part := range strings.Split(n, ",") {
			if part = strings.ToLower(strings.TrimSpace(part)); part != "" {
				want[part] = true
			}
		}
	}
	if len(want) == 0 || want["all"] {
		return Toolsets, nil
	}
	var out []Toolset
	for _, ts := range Toolsets {
		if want[ts.Name] {
			out = append(out, ts)
			delete(want, ts.Name)
		}
	}
	for n := range want {
		return nil, fmt.Errorf("unknown toolset %q: use all or some of %s", n, ToolsetNames())
	}
	return out, nil
}

// ToolsetNames lists the toolset names, comma-separated.
func ToolsetNames() string {
	names := make([]string, len(Toolsets))
	for i, ts := range Toolsets {
		names[i] = ts.Name
	}
	return strings.Join(names, ", ")
}

// Instructions tell a model how the tools fit together.
const Instructions = `BakeTracker: a baker's pantry, recipes, events, shopping lists and costs.
Ids are UUID strings returned by the list_* and get_* tools; search before you create (list_ingredients with a query, list_recipes).
Quantities and money are decimal strings or numbers; units are codes such as g, kg, oz (always weight), lb, ml, l, tsp, tbsp, fl oz, cup, pt, qt, gal, each, count, piece, dozen.
Writes accept an optional idempotency_key: reuse it when you retry so nothing is recorded twice.
Errors come back as {"error": {"code", "message", "field"}}: fix the named field and try again.`
