package tools_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// env is one tenant's view of the tools: its identity and an MCP client
// session connected in memory to a server acting as that identity.
type env struct {
	T      *tools.Tools
	ID     identity.Identity
	Client *mcp.ClientSession
}

// newEnv creates a fresh tenant and connects an MCP client as its owner.
func newEnv(t testing.TB) env {
	t.Helper()
	s := dbtest.Store(t)
	tn := dbtest.NewTenant(t, s)
	id := identity.Identity{TenantID: tn.ID, UserID: tn.OwnerID, Email: tn.Email, Role: identity.RoleOwner}
	tl := tools.New(s, nil)
	return env{T: tl, ID: id, Client: connect(t, tl.NewMCPServer("test", false), id)}
}

// connect runs server as id over in-memory transports (stdio and tests carry
// identity on the context the server session is connected with).
func connect(t testing.TB, server *mcp.Server, id identity.Identity) *mcp.ClientSession {
	t.Helper()
	ctx := t.Context()
	st, ct := mcp.NewInMemoryTransports()
	ss, err := server.Connect(identity.WithIdentity(ctx, id), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ss.Close() })
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "0"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	return cs
}

// call invokes a tool that must succeed and decodes its structured result.
func call[Out any](t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) Out {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: protocol error: %v", name, err)
	}
	if res.IsError {
		t.Fatalf("%s: tool error: %s", name, text(res))
	}
	checkOutputSchema(t, name, res.StructuredContent)
	var out Out
	b, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: decode %s: %v", name, b, err)
	}
	return out
}

// callErr invokes a tool that must fail with a tool error and returns it.
func callErr(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) tools.Error {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: protocol error: %v", name, err)
	}
	if !res.IsError {
		t.Fatalf("%s: succeeded, want a tool error; result %v", name, res.StructuredContent)
	}
	var doc struct{ Error tools.Error }
	if err := json.Unmarshal([]byte(text(res)), &doc); err != nil || doc.Error.Code == "" {
		// Schema validation errors from the SDK are plain text.
		return tools.Error{Code: "schema", Message: text(res)}
	}
	return doc.Error
}

func text(res *mcp.CallToolResult) string {
	if len(res.Content) == 0 {
		return ""
	}
	if tc, ok := res.Content[0].(*mcp.TextContent); ok {
		return tc.Text
	}
	return ""
}

// outputSchemas holds each tool's resolved output schema.
var outputSchemas sync.Map //nolint:gochecknoglobals // a test cache

// checkOutputSchema validates a result against its tool's declared output
// schema: the server does not validate at run time (see tools.def), so the
// tests do, for every successful call.
func checkOutputSchema(t testing.TB, name string, structured any) {
	t.Helper()
	v, ok := outputSchemas.Load(name)
	if !ok {
		for _, st := range tools.All() {
			if st.Tool.Name != name {
				continue
			}
			r, err := st.Tool.OutputSchema.(*jsonschema.Schema).Resolve(nil)
			if err != nil {
				t.Fatalf("%s: output schema: %v", name, err)
			}
			v, _ = outputSchemas.LoadOrStore(name, r)
		}
	}
	r, ok := v.(*jsonschema.Resolved)
	if !ok {
		t.Fatalf("%s: no such tool", name)
	}
	if err := r.Validate(structured); err != nil {
		t.Fatalf("%s: result does not match the output schema: %v", name, err)
	}
}
