package tools

import "github.com/modelcontextprotocol/go-sdk/mcp"

// mathTools are baker's math, the density library, labels and the costing
// of yields and events (issue 16).
func mathTools() []ServerTool {
	return []ServerTool{
		def(ToolsetCatalog, Read, &mcp.Tool{Name: "list_densities", Title: "List densities",
			Description: "The density library: common baking ingredients' weight per volume with the measuring method (spooned, packed, poured…) and the publication it comes from. " +
				"An ingredient adopts one with adopt_density; its own density fields override it. " + `Example: {"query": "flour"}.`},
			(*Tools).ListDensities),
		def(ToolsetCatalog, Destructive, &mcp.Tool{Name: "adopt_density", Title: "Adopt density",
			Description: "Gives an ingredient a density from the library (list_densities); every volume↔weight conversion then reports that entry and its source. " +
				`Example: {"ingredient": "flour_all_purpose", "entry": "flour_all_purpose_spooned"}.`},
			(*Tools).AdoptDensity),
		def(ToolsetRecipes, Read, &mcp.Tool{Name: "bakers_percentages", Title: "Baker's percentages",
			Description: "A recipe's lines as percentages of its total flour weight, sub-recipes (a levain) expanded, volume lines weighed with the ingredient's density (reported with its source), " +
				"with hydration (water ÷ flour) and total hydration (adding the water in milk, cream, eggs, butter). Lines that cannot be weighed are named in unconverted. " +
				`Example: {"recipe_id": "country-sourdough"}.`},
			(*Tools).BakersPercentages),
		def(ToolsetRecipes, Read, &mcp.Tool{Name: "scale_recipe", Title: "Scale recipe",
			Description: "Scales a recipe without changing it, by exactly one of: factor; target_total_weight or target_flour_weight (weight_unit, default g); target_yield (items, e.g. 60 cookies from 48); " +
				"or from_pan and to_pan (round diameter, square side, rectangular/loaf length × width, in or cm; by area, or by_volume with depth). Each line gives the exact amount and one rounded to measure " +
				"(1 g, 1/8 tsp or cup, 1/2 tbsp, half items with a note). Sub-recipes scale by the batches of them needed. " +
				`Example: {"recipe_id": "chocolate-chip-cookies", "target_yield": 60}.`},
			(*Tools).ScaleRecipe),
		def(ToolsetRecipes, Read, &mcp.Tool{Name: "recipe_label", Title: "Recipe label",
			Description: "A label for a recipe: the ingredient statement in descending order of weight with each sub-recipe's ingredients in parentheses, and the allergen statement " +
				`("Contains: Wheat, Milk, Eggs") rolled up from the ingredients' allergen flags through every nested recipe; us (major 9) or eu (14) jurisdiction. Example: {"recipe_id": "country-sourdough"}.`},
			(*Tools).RecipeLabel),
		def(ToolsetProduction, Read, &mcp.Tool{Name: "finished_good_label", Title: "Finished good label",
			Description: "A label for a finished good (a cookie tin, a gift box): its bill of materials as an ingredient statement in descending order of weight, each finished unit and nested good with its ingredients in parentheses " +
				"(a finished unit weighs its recipe × items ÷ items per batch), packaging left out, and the allergen statement rolled up through every recipe and nested good; us or eu. " +
				`Example: {"finished_good": "cookie-tin"}.`},
			(*Tools).FinishedGoodLabel),
		def(ToolsetCosting, Read, &mcp.Tool{Name: "finished_good_cost", Title: "Finished good cost",
			Description: "What one finished good costs: each finished unit at its recipe's cost per item (the pantry's lots first in first out, what is missing at the last purchase price; cost_basis says which), " +
				"nested goods included, plus packaging at the newest lot cost; with target_margin, a suggested price. get_package prices a box the same way. " +
				`Example: {"finished_good": "cookie-tin", "target_margin": 60}.`},
			(*Tools).FinishedGoodCost),
		def(ToolsetCosting, Read, &mcp.Tool{Name: "event_cost", Title: "Event cost",
			Description: "What an event's plan costs: every planned recipe × its batches priced from the pantry, first in first out, lots shared in plan order so nothing is counted twice, " +
				"with each recipe's cost per item and, with target_margin, a suggested price. " + `Example: {"event_id": "holiday-market", "target_margin": 60}.`},
			(*Tools).EventCost),
	}
}
