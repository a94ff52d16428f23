package tools_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/tools"
)

// FuzzToolArguments throws arbitrary JSON at every tool through a real MCP
// session and database: a call may fail, but only as a tool error or an
// invalid-params protocol error, never a panic or a dropped session.
func FuzzToolArguments(f *testing.F) {
	all := tools.All()
	index := map[string]uint8{}
	for i, st := range all {
		index[st.Tool.Name] = uint8(i)
		f.Add(uint8(i), `{}`)
	}
	// Seeds aimed at each tool by name (indices shift as tools are added):
	// text the database cannot store, amounts beyond numeric(14,4), amounts
	// that round to nothing, malformed ids and cursors.
	seed := func(tool, args string) {
		if i, ok := index[tool]; ok {
			f.Add(i, args)
		}
	}
	seed("add_purchase", `{"item_name": "x\u0000", "quantity": 1, "unit": "lb", "price": 1, "store": "s"}`)
	seed("add_purchase", `{"item_name": "unobtainium", "quantity": "100000000000", "unit": "g", "price": 1, "store": "s"}`)
	seed("add_purchase", `{"item_name": "dust", "quantity": "0.00001", "unit": "g", "price": 1, "store": "s"}`)
	seed("add_purchase", `{"item_name": "🥚", "quantity": 1, "unit": "each", "price": 1, "store": "s"}`)
	seed("create_ingredient", `{"name": "Flour\u0000", "default_unit": "g"}`)
	seed("create_ingredient", `{"name": "Salt", "density_volume_value": "1e30", "density_volume_unit": "cup", "density_weight_value": 1, "density_weight_unit": "g"}`)
	seed("get_ingredient", `{"id": "flour\u0000"}`)
	seed("list_ingredients", `{"cursor": "%%%", "limit": -5}`)
	seed("create_recipe", `{"name": "r", "variant_name": "`+strings.Repeat("v", 150)+`", "lines": []}`)
	seed("create_recipe", `{"name": "r", "lines": [{"ingredient": "x", "quantity": 0, "unit": "cup"}]}`)
	seed("record_usage", `{"ingredient": "sugar", "quantity": "0.00001", "unit": "kg"}`)
	seed("adjust_inventory", `{"pantry_item_id": "00000000-0000-0000-0000-000000000000", "percentage_remaining": 101}`)
	seed("create_event_with_recipes", `{"event_name": "E", "event_date": "2026-02-30", "guest_count": 0, "recipe_names": ["\u0000"]}`)
	seed("create_product", `{"ingredient": "x", "package_unit": "jar", "package_unit_quantity": "99999999999"}`)
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, which uint8, args string) {
		var m map[string]any
		if json.Unmarshal([]byte(args), &m) != nil {
			return
		}
		name := all[int(which)%len(all)].Tool.Name
		res, err := e.Client.CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: m})
		// Bad input must come back as a client error (a tool error with a
		// 4xx code), never as an internal error: that would be a 500.
		if err == nil && res.IsError && strings.Contains(text(res), `"code":"internal"`) {
			t.Fatalf("%s %s: internal error on bad input: %s", name, args, text(res))
		}
		if e.Client.Ping(t.Context(), nil) != nil {
			t.Fatalf("%s %s: the session died", name, args)
		}
	})
}
