package tools_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// TestRegistryCallIsWhatMCPDoes: the registry's JSON door and the MCP
// server give the same result for the same call, so the agent and REST,
// which use the registry, see exactly what MCP clients see.
func TestRegistryCallIsWhatMCPDoes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	reg := tools.MustRegistry(e.T)
	created := call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "Bread flour", "category": "Flours"})
	args := json.RawMessage(`{"id":"` + created.ID + `"}`)
	viaRegistry, ee := reg.CallJSON(t.Context(), e.ID, "get_ingredient", args)
	if ee != nil {
		t.Fatal(ee)
	}
	res, err := e.Client.CallTool(t.Context(), &mcp.CallToolParams{Name: "get_ingredient", Arguments: args})
	if err != nil || res.IsError {
		t.Fatalf("mcp: %v %v", err, res)
	}
	if got := text(res); got != string(viaRegistry) {
		t.Errorf("MCP text %s\nregistry  %s", got, viaRegistry)
	}
}

// TestRegistryAuthorizes: the registry, not the doors, refuses writes to
// read-only tokens, operations above the caller's role, missing identities
// and unknown tools.
func TestRegistryAuthorizes(t *testing.T) {
	t.Parallel()
	reg := tools.MustRegistry(tools.New(nil, nil))
	tenant := uuid.New()
	member := identity.Identity{TenantID: tenant, UserID: uuid.New(), Role: identity.RoleMember}
	readOnly := identity.Identity{TenantID: tenant, UserID: uuid.New(), Role: identity.RoleOwner, ReadOnly: true}
	for _, tc := range []struct {
		name string
		id   identity.Identity
		tool string
		code string
	}{
		{"read-only token writes", readOnly, "create_ingredient", "forbidden"},
		{"no identity", identity.Identity{}, "list_ingredients", "unauthorized"},
		{"unknown tool", member, "drop_everything", "not_found"},
	} {
		_, e := reg.Call(t.Context(), tc.id, tc.tool, json.RawMessage(`{"name":"x"}`))
		if e == nil || e.Code != tc.code {
			t.Errorf("%s: got %v, want %s", tc.name, e, tc.code)
		}
	}
	if e := tools.Authorize(member, tools.PermImport); e == nil || e.Code != "forbidden" || !strings.Contains(e.Message, "admin") {
		t.Errorf("member importing: %v, want forbidden naming the admin role", e)
	}
	for _, role := range []string{identity.RoleAdmin, identity.RoleOwner} {
		if e := tools.Authorize(identity.Identity{TenantID: tenant, Role: role}, tools.PermImport); e != nil {
			t.Errorf("%s importing: %v", role, e)
		}
	}
	if e := tools.Authorize(readOnly, tools.PermImport); e == nil || e.Code != "forbidden" {
		t.Errorf("read-only owner token importing: %v, want forbidden", e)
	}
}

// TestToolsetsAreData: every tool belongs to a documented toolset, each
// toolset has tools, and a registry of some toolsets serves only theirs.
func TestToolsetsAreData(t *testing.T) {
	t.Parallel()
	count := map[string]int{}
	for _, st := range tools.All() {
		count[st.Toolset]++
	}
	for _, ts := range tools.Toolsets {
		if count[ts.Name] == 0 || ts.Description == "" {
			t.Errorf("toolset %s: %d tools, description %q", ts.Name, count[ts.Name], ts.Description)
		}
		delete(count, ts.Name)
	}
	if len(count) > 0 {
		t.Errorf("tools in undocumented toolsets: %v", count)
	}

	reg, err := tools.NewRegistry(tools.New(nil, nil), "catalog, PANTRY")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range reg.Tools() {
		if st.Toolset != tools.ToolsetCatalog && st.Toolset != tools.ToolsetPantry {
			t.Errorf("catalog+pantry registry serves %s of %s", st.Tool.Name, st.Toolset)
		}
	}
	if _, ok := reg.Lookup("get_recipe"); ok {
		t.Error("catalog+pantry registry serves get_recipe")
	}
	cs := connect(t, reg.MCPServer("test", false), identity.Identity{})
	list, err := cs.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Tools) != len(reg.Tools()) {
		t.Errorf("MCP lists %d tools, registry has %d", len(list.Tools), len(reg.Tools()))
	}
	if _, err := tools.NewRegistry(nil, "catalog,baking"); err == nil || !strings.Contains(err.Error(), `"baking"`) || !strings.Contains(err.Error(), "pantry") {
		t.Errorf("unknown toolset: %v, want an error naming it and the known ones", err)
	}
}

// TestArgumentErrorsSayWhatIsAccepted: property mistakes name the field and
// list the accepted and required properties; constraint breaks say which
// constraint, without echoing the input back.
func TestArgumentErrorsSayWhatIsAccepted(t *testing.T) {
	t.Parallel()
	reg := tools.MustRegistry(tools.New(nil, nil))
	id := identity.Identity{TenantID: uuid.New(), UserID: uuid.New(), Role: identity.RoleOwner}
	long := strings.Repeat("ab", 150)
	for _, tc := range []struct {
		name, tool, args, field string
		says                    []string
	}{
		{"unknown property", "create_ingredient", `{"name":"Flour","colour":"white"}`, "colour",
			[]string{`unknown property "colour"`, "accepted: aliases, allergens, category,", "required: name"}},
		{"missing required", "create_ingredient", `{"category":"Flours"}`, "name", []string{`"name" is required`, "accepted:"}},
		{"nested unknown", "create_recipe", `{"name":"Bread","lines":[{"ingredient":"flour","quantity":1,"unit":"kg"},{"ingredient":"salt","quantity":1,"unit":"g","colour":1}]}`,
			"lines[1].colour", []string{`unknown property "colour"`, "required: ingredient, quantity, unit"}},
		{"nested type", "create_recipe", `{"name":"Bread","lines":[{"ingredient":"flour","quantity":"lots","unit":"kg"}]}`,
			"lines[0].quantity", []string{"decimal number"}},
		{"too long", "create_ingredient", `{"name":"` + long + `"}`, "name", []string{"at most 200 characters"}},
		{"not an object", "create_ingredient", `["name"]`, "arguments", []string{"JSON object"}},
		{"invalid UTF-8", "create_ingredient", "{\"name\":\"Fl\xffour\"}", "name", []string{"UTF-8"}},
		{"lone surrogate", "create_ingredient", `{"name":"Flour","notes":"a \ud800 b"}`, "notes", []string{"surrogate"}},
		{"lone low surrogate in a list", "create_ingredient", `{"name":"Flour","aliases":["ok","\udc00"]}`, "aliases[1]", []string{"surrogate"}},
		{"long unknown property", "create_ingredient", `{"name":"Flour","` + long + `":1}`, long[:60] + "…", []string{"unknown property", "accepted:"}},
		{"number beyond float range", "create_ingredient", `{"name":"Flour","density_volume_value":1e400}`, "density_volume_value", []string{"too large"}},
		{"decimal with too many digits", "create_ingredient", `{"name":"Flour","density_volume_value":0.` + strings.Repeat("0", 20000) + `1,` +
			`"density_volume_unit":"cup","density_weight_value":1,"density_weight_unit":"g"}`, "density_volume_value", []string{"digits"}},
		{"whole number with a fraction", "list_ingredients", `{"limit":0.` + strings.Repeat("0", 20000) + `1}`, "limit", []string{"whole number"}},
		{"whole number too large", "create_recipe", `{"name":"Bread","lines":[],"estimated_time_minutes":1e18}`, "estimated_time_minutes", []string{"whole number"}},
	} {
		_, e := reg.Call(t.Context(), id, tc.tool, json.RawMessage(tc.args))
		if e == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		if e.Code != "invalid_argument" || e.Field != tc.field || e.StatusCode() != 400 {
			t.Errorf("%s: %s %q %q, want invalid_argument on %q", tc.name, e.Code, e.Field, e.Message, tc.field)
		}
		for _, s := range tc.says {
			if !strings.Contains(e.Message, s) {
				t.Errorf("%s: message %q lacks %q", tc.name, e.Message, s)
			}
		}
		if strings.Contains(e.Message+e.Field, long) || len(e.Message)+len(e.Field) > 1000 {
			t.Errorf("%s: error echoes the input (%d characters)", tc.name, len(e.Message)+len(e.Field))
		}
		if strings.Contains(e.Message, "json:") || strings.Contains(e.Message, "Go ") || strings.Contains(e.Message, "decoding") {
			t.Errorf("%s: message %q speaks of the decoder, not the field", tc.name, e.Message)
		}
	}
}

// TestWellFormedTextPasses: a surrogate pair and real non-ASCII text reach
// the tool unchanged.
func TestWellFormedTextPasses(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	reg := tools.MustRegistry(e.T)
	out, ee := reg.Call(t.Context(), e.ID, "create_ingredient", json.RawMessage(`{"name":"Crème fraîche \ud83e\uddc1","category":"Dairy","notes":"😀 \u00e9"}`))
	if ee != nil {
		t.Fatal(ee)
	}
	ing := out.(tools.Ingredient)
	if ing.Name != "Crème fraîche 🧁" || ing.Notes == nil || *ing.Notes != "😀 é" {
		t.Errorf("stored %q / %v", ing.Name, ing.Notes)
	}
}

// TestEveryTextArgumentIsCapped: no string argument of any tool is
// unbounded, so the README's caps are the whole story.
func TestEveryTextArgumentIsCapped(t *testing.T) {
	t.Parallel()
	for _, st := range tools.All() {
		b, _ := json.Marshal(st.InputSchema())
		var walk func(path string, v any)
		walk = func(path string, v any) {
			m, ok := v.(map[string]any)
			if !ok {
				return
			}
			types := []string{}
			switch ty := m["type"].(type) {
			case string:
				types = append(types, ty)
			case []any:
				for _, x := range ty {
					types = append(types, x.(string))
				}
			}
			if slices.Contains(types, "string") && m["maxLength"] == nil && m["pattern"] == nil && m["enum"] == nil {
				t.Errorf("%s: %s is text without a cap", st.Tool.Name, path)
			}
			if props, ok := m["properties"].(map[string]any); ok {
				for k, p := range props {
					walk(path+"."+k, p)
				}
			}
			walk(path+"[]", m["items"])
		}
		var schema any
		_ = json.Unmarshal(b, &schema)
		walk("arguments", schema)
	}
}
