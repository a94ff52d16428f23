package tools

import "github.com/modelcontextprotocol/go-sdk/mcp"

// productionTools are the production toolset: from plan to gift box.
func productionTools() []ServerTool {
	return []ServerTool{
		def(ToolsetProduction, Read, &mcp.Tool{Name: "list_finished_units", Title: "List finished units",
			Description: `Lists recipes' yields (finished units) with the items on hand. Example: {"recipe": "chocolate-chip-cookies"}`,
		}, (*Tools).ListFinishedUnits),
		def(ToolsetProduction, Write, &mcp.Tool{Name: "create_finished_good", Title: "Create a finished good",
			Description: "Adds what is handed over: bare (one finished unit as it is) or a bundle whose bill of materials holds finished units, other finished goods and packaging materials; a good may not contain itself. " +
				`Example: {"name": "Cookie Tin", "components": [{"finished_unit": "chocolate_chip_cookie", "quantity": 12}, {"material": "tin_round_8in", "quantity": 1}]}`,
		}, (*Tools).CreateFinishedGood),
		def(ToolsetProduction, Destructive, &mcp.Tool{Name: "update_finished_good", Title: "Replace a finished good's bill of materials",
			Description: "Replaces a finished good's components; refused when the good would end up containing itself through other goods. " +
				`Example: {"id": "gift-box", "components": [{"finished_good": "cookie-tin", "quantity": 2}, {"material": "ribbon_satin_red", "quantity": 90}]}`,
		}, (*Tools).UpdateFinishedGood),
		def(ToolsetProduction, Read, &mcp.Tool{Name: "list_finished_goods", Title: "List finished goods",
			Description: `Lists finished goods with their bills of materials and assembled stock. Example: {}`,
		}, (*Tools).ListFinishedGoods),
		def(ToolsetProduction, Write, &mcp.Tool{Name: "create_package", Title: "Create a gift package",
			Description: "Adds a gift package: finished goods plus the packaging the box itself takes. " +
				`Example: {"name": "Holiday Gift Box", "contents": [{"finished_good": "cookie-tin", "quantity": 1}, {"material": "ribbon_satin_red", "quantity": 90}]}`,
		}, (*Tools).CreatePackage),
		def(ToolsetProduction, Read, &mcp.Tool{Name: "list_packages", Title: "List gift packages",
			Description: `Lists gift packages with their contents. Example: {}`,
		}, (*Tools).ListPackages),
		def(ToolsetProduction, Read, &mcp.Tool{Name: "get_package", Title: "Get a gift package",
			Description: "One package with its contents and what one costs: food (each finished unit at its recipe's cost per batch ÷ items per batch, from the pantry's lots) plus packaging (newest lot cost). " +
				`Example: {"id": "holiday-gift-box"}`,
		}, (*Tools).GetPackage),
		def(ToolsetProduction, Write, &mcp.Tool{Name: "create_recipient", Title: "Create a recipient",
			Description: `Adds someone who receives packages (names may repeat). Example: {"name": "Thomas", "household_name": "Howell Household"}`,
		}, (*Tools).CreateRecipient),
		def(ToolsetProduction, Read, &mcp.Tool{Name: "list_recipients", Title: "List recipients",
			Description: `Lists recipients by name. Example: {}`,
		}, (*Tools).ListRecipients),
		def(ToolsetProduction, Write, &mcp.Tool{Name: "assign_package", Title: "Give a recipient a package",
			Description: `Assigns a package to a recipient for an event, status pending. Example: {"event_id": "christmas-2026", "recipient": "Thomas", "package": "holiday-gift-box"}`,
		}, (*Tools).AssignPackage),
		def(ToolsetProduction, Destructive, &mcp.Tool{Name: "set_package_status", Title: "Set a recipient package's status",
			Description: `Moves a recipient package forward: pending → assembled → delivered (never back). Example: {"id": "…", "status": "delivered"}`,
		}, (*Tools).SetPackageStatus),
		def(ToolsetProduction, Destructive, &mcp.Tool{Name: "set_assembly_target", Title: "Set an assembly target",
			Description: `Sets how many of a finished good a draft event assembles. Example: {"event_id": "christmas-2026", "finished_good": "cookie-tin", "quantity": 20}`,
		}, (*Tools).SetAssemblyTarget),
		def(ToolsetProduction, Destructive, &mcp.Tool{Name: "set_production_target", Title: "Set a production target",
			Description: `Sets the batches of a recipe a draft event bakes at least; plan_event never plans fewer. Example: {"event_id": "christmas-2026", "recipe": "snickerdoodles", "batches": 3}`,
		}, (*Tools).SetProductionTarget),
		def(ToolsetProduction, Destructive, &mcp.Tool{Name: "plan_event", Title: "Plan an event's batches",
			Description: "Works out batches per recipe: bulk_count makes guests × servings_per_guest items of each planned recipe; bundled explodes recipient packages and assembly targets to finished units. " +
				"Finished items on hand are subtracted (needed, on hand, to bake) unless ignore_stock; recipe_servings sets a recipe's own servings per guest. " +
				"Batches = ceil(to bake ÷ items per batch), choosing among the recipe's yields by least leftover, then fewest batches; nested components follow their multipliers. " +
				"Returns batches, leftovers, packaging and the shopping list, and stores the decisions (and the event's planned recipes) unless dry_run. " +
				`Example: {"event_id": "holiday-open-house-2026", "servings_per_guest": 2}`,
		}, (*Tools).PlanEvent),
		def(ToolsetProduction, Consume, &mcp.Tool{Name: "record_production", Title: "Record a bake",
			Description: "Records batches baked of a recipe: takes every ingredient line, nested components included, from the pantry first in first out (all or nothing; what is short is listed), keeps the recipe as baked and its cost per item, and adds the good items to the finished unit's stock. " +
				`"We baked three batches of the snickerdoodles, two came out burnt": {"recipe": "snickerdoodles", "batches": 3, "loss_quantity": 2}`,
		}, (*Tools).RecordProduction),
		def(ToolsetProduction, Consume, &mcp.Tool{Name: "record_assembly", Title: "Record an assembly",
			Description: "Records finished goods put together: takes their finished units, nested goods and packaging materials from stock, oldest first (all or nothing), and adds the goods to stock. " +
				`Example: {"finished_good": "cookie-tin", "quantity": 10, "event_id": "christmas-2026"}`,
		}, (*Tools).RecordAssembly),
		def(ToolsetProduction, Read, &mcp.Tool{Name: "event_progress", Title: "Event progress",
			Description: `Planned against baked (per recipe), needed against assembled (per finished good), and recipient packages by status. Example: {"event_id": "christmas-2026"}`,
		}, (*Tools).EventProgress),
		def(ToolsetProduction, Write, &mcp.Tool{Name: "create_material", Title: "Create a packaging material",
			Description: `Adds a packaging material counted in each, linear_cm or square_cm. Example: {"name": "Satin Ribbon Red", "base_unit_type": "linear_cm", "category": "Ribbon"}`,
		}, (*Tools).CreateMaterial),
		def(ToolsetProduction, Read, &mcp.Tool{Name: "list_materials", Title: "List packaging materials",
			Description: `Lists packaging materials with what their lots hold. Example: {}`,
		}, (*Tools).ListMaterials),
		def(ToolsetProduction, Write, &mcp.Tool{Name: "record_material_purchase", Title: "Record a packaging purchase",
			Description: "Records bought packaging as a FIFO lot in the material's base unit; cost per unit = packages × price ÷ units. " +
				`Example: {"material": "Satin Ribbon Red", "packages": 2, "per_package": 10, "unit": "m", "price_per_package": 4.50}`,
		}, (*Tools).RecordMaterialPurchase),
	}
}
