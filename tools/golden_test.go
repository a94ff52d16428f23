package tools_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// TestToolsListGolden pins the public contract: every tool's name,
// description, annotations and schemas as tools/list shows them. A change
// must be deliberate: regenerate with UPDATE_GOLDEN=1 go test ./tools/ -run Golden
// and review the diff.
func TestToolsListGolden(t *testing.T) {
	t.Parallel()
	for _, variant := range []struct {
		file     string
		readOnly bool
	}{{"tools_list.golden.json", false}, {"tools_list_read_only.golden.json", true}} {
		tl := tools.New(nil, nil)
		cs := connect(t, tl.NewMCPServer("test", variant.readOnly), identity.Identity{})
		res, err := cs.ListTools(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.MarshalIndent(res.Tools, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		path := filepath.Join("testdata", variant.file)
		if os.Getenv("UPDATE_GOLDEN") != "" {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v: create it with UPDATE_GOLDEN=1 go test ./tools/ -run Golden", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("tools/list differs from %s: if the change is deliberate, regenerate with UPDATE_GOLDEN=1 and review the diff", path)
		}
		for _, tool := range res.Tools {
			if variant.readOnly && (tool.Annotations == nil || !tool.Annotations.ReadOnlyHint) {
				t.Errorf("read-only server lists %s, which is not read-only", tool.Name)
			}
			if tool.Description == "" || tool.Title == "" && (tool.Annotations == nil || tool.Annotations.Title == "") {
				t.Errorf("%s has no description or title", tool.Name)
			}
		}
	}
}

// TestAnnotationsFollowAccess checks the hints against each tool's declared
// access, which def requires, so an unset hint cannot pass for false.
func TestAnnotationsFollowAccess(t *testing.T) {
	t.Parallel()
	all := tools.All()
	if len(all) < 20 {
		t.Fatalf("only %d tools registered", len(all))
	}
	seen := map[string]bool{}
	for _, st := range all {
		a := st.Tool.Annotations
		if seen[st.Tool.Name] {
			t.Errorf("tool %s registered twice", st.Tool.Name)
		}
		seen[st.Tool.Name] = true
		if a == nil || a.DestructiveHint == nil || a.OpenWorldHint == nil {
			t.Fatalf("%s: annotations incomplete: %+v", st.Tool.Name, a)
		}
		want := map[tools.Access][3]bool{ // readOnly, destructive, idempotent
			tools.Read:        {true, false, true},
			tools.Write:       {false, false, false},
			tools.Destructive: {false, true, true},
			tools.Consume:     {false, true, false},
		}
		w, ok := want[st.Access]
		if !ok {
			t.Errorf("%s has no access level", st.Tool.Name)
		} else if got := [3]bool{a.ReadOnlyHint, *a.DestructiveHint, a.IdempotentHint}; got != w {
			t.Errorf("%s: hints readOnly/destructive/idempotent = %v, want %v for its access level", st.Tool.Name, got, w)
		}
		// Names say what a tool does; the access level must agree.
		switch {
		case strings.HasPrefix(st.Tool.Name, "update_") || strings.HasPrefix(st.Tool.Name, "delete_") || strings.HasPrefix(st.Tool.Name, "remove_"):
			if st.Access != tools.Destructive {
				t.Errorf("%s overwrites or removes data but is not Destructive", st.Tool.Name)
			}
		case strings.HasPrefix(st.Tool.Name, "list_") || strings.HasPrefix(st.Tool.Name, "get_") || strings.HasPrefix(st.Tool.Name, "find_"):
			if st.Access != tools.Read {
				t.Errorf("%s reads but is not Read", st.Tool.Name)
			}
		}
		if st.Toolset == "" {
			t.Errorf("%s has no toolset", st.Tool.Name)
		}
		schema, _ := json.Marshal(st.Tool.InputSchema)
		if bytes.Contains(schema, []byte(`"tenant`)) {
			t.Errorf("%s takes a tenant argument; the tenant comes from the identity only", st.Tool.Name)
		}
	}
	for _, name := range []string{"add_purchase", "adjust_inventory", "create_event_with_recipes", "list_ingredients",
		"create_ingredient", "list_pantry", "list_recipes", "get_recipe", "create_recipe", "list_events", "get_event",
		"shopping_list", "recipe_cost"} {
		if !seen[name] {
			t.Errorf("the README promises tool %s, which is not registered", name)
		}
	}
}

// TestREADMEToolReference keeps the README's tool reference generated
// from the registry, as github-mcp-server's docs check does: the text
// between the markers must be exactly Registry.Markdown. Regenerate with
// UPDATE_README=1 go test ./tools/ -run README.
func TestREADMEToolReference(t *testing.T) {
	t.Parallel()
	path := filepath.Join("..", "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- tools:begin (generated: UPDATE_README=1 go test ./tools/ -run README) -->\n", "<!-- tools:end -->"
	i, j := bytes.Index(readme, []byte(begin)), bytes.Index(readme, []byte(end))
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the generated tool reference between %q and %q", begin, end)
	}
	want := tools.MustRegistry(tools.New(nil, nil)).Markdown()
	got := string(readme[i+len(begin) : j])
	if got == want {
		return
	}
	if os.Getenv("UPDATE_README") != "" {
		out := append(append(append([]byte{}, readme[:i+len(begin)]...), want...), readme[j:]...)
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's tool reference differs from the registry: regenerate with UPDATE_README=1 go test ./tools/ -run README")
}
