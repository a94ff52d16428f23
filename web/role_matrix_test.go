package web_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// need is the least caller a route or tool admits: a role, and whether
// the operation writes (read-only tokens may not).
type need struct {
	role  string
	write bool
}

var (
	anyone      = need{role: identity.RoleMember}
	memberWrite = need{role: identity.RoleMember, write: true}
	adminRead   = need{role: identity.RoleAdmin}
	adminWrite  = need{role: identity.RoleAdmin, write: true}
	ownerRead   = need{role: identity.RoleOwner}
	ownerWrite  = need{role: identity.RoleOwner, write: true}
)

var rank = map[string]int{asMember: 1, asAdmin: 2, asOwner: 3, asReadOnly: 3}

func (n need) admits(who string) bool {
	return rank[who] >= rank[n.role] && (!n.write || who != asReadOnly)
}

// TestRoleMatrixREST tries every protected REST route as owner, admin,
// member and an owner's read-only token: an admitted caller is never
// 401/403/5xx, a refused one is 403 forbidden naming what is missing. The
// table must list every route the server serves, so a new route cannot
// skip the matrix.
func TestRoleMatrixREST(t *testing.T) {
	t.Parallel()
	e := newIDEnv(t)
	missing := uuid.NewString()
	cases := []struct {
		route, path, body string
		need              need
		public            bool // no authentication: answers everyone alike
	}{
		{route: "GET /health", path: "/health", public: true},
		{route: "GET /ready", path: "/ready", public: true},
		{route: "GET /api/openapi.json", public: true},
		{route: "POST /api/session", path: "/api/session", body: `{"token":"$token"}`, public: true},
		{route: "GET /api/me", need: anyone},
		{route: "GET /api/session", need: anyone},
		{route: "DELETE /api/session", need: anyone},
		{route: "POST /api/tokens", body: `{"name":"matrix"}`, need: memberWrite},
		{route: "GET /api/tokens", need: anyone},
		{route: "DELETE /api/tokens/:id", path: "/api/tokens/" + missing, need: memberWrite},
		{route: "GET /api/security-events", need: ownerRead},
		{route: "POST /api/ingredients", body: `{"name":"Matrix flour $who"}`, need: memberWrite},
		{route: "GET /api/ingredients", need: anyone},
		{route: "GET /api/ingredients/:id", path: "/api/ingredients/" + missing, need: anyone},
		{route: "PATCH /api/ingredients/:id", path: "/api/ingredients/" + missing, body: `{"notes":"x"}`, need: memberWrite},
		{route: "DELETE /api/ingredients/:id", path: "/api/ingredients/" + missing, need: memberWrite},
		{route: "GET /api/barcode_reviews", need: anyone},
		{route: "POST /api/barcode_reviews/:id/resolve", path: "/api/barcode_reviews/" + missing + "/resolve", body: `{"action":"skip"}`, need: memberWrite},
		{route: "GET /api/densities", need: anyone},
		{route: "POST /api/ingredients/:id/density", path: "/api/ingredients/" + missing + "/density", body: `{"entry":"water_usda"}`, need: memberWrite},
		{route: "GET /api/recipes/:id/bakers_percentages", path: "/api/recipes/" + missing + "/bakers_percentages", need: anyone},
		{route: "POST /api/recipes/:id/scale", path: "/api/recipes/" + missing + "/scale", body: `{"factor":2}`, need: anyone},
		{route: "GET /api/recipes/:id/label", path: "/api/recipes/" + missing + "/label", need: anyone},
		{route: "GET /api/recipes/:id/cost", path: "/api/recipes/" + missing + "/cost", need: anyone},
		{route: "GET /api/events/:id/cost", path: "/api/events/" + missing + "/cost", need: anyone},
		{route: "GET /recipes/:id/label", path: "/recipes/" + missing + "/label", need: anyone},
		{route: "GET /api/finished_goods/:id/label", path: "/api/finished_goods/" + missing + "/label", need: anyone},
		{route: "GET /finished_goods/:id/label", path: "/finished_goods/" + missing + "/label", need: anyone},
		{route: "GET /api/finished_goods/:id/cost", path: "/api/finished_goods/" + missing + "/cost", need: anyone},
		{route: "POST /api/events/:id/plan", path: "/api/events/" + missing + "/plan", body: `{"dry_run":true}`, need: memberWrite},
		{route: "GET /api/events/:id/progress", path: "/api/events/" + missing + "/progress", need: anyone},
		{route: "POST /api/production_runs", body: `{"recipe":"` + missing + `","batches":1}`, need: memberWrite},
		{route: "POST /api/assembly_runs", body: `{"finished_good":"` + missing + `","quantity":1}`, need: memberWrite},
		{route: "GET /api/packages/:id", path: "/api/packages/" + missing, need: anyone},
		{route: "POST /api/imports", body: `{}`, need: adminWrite},
		{route: "GET /api/members", need: adminRead},
		{route: "PATCH /api/members/:user_id", path: "/api/members/" + missing, body: `{"role":"member"}`, need: adminWrite},
		{route: "DELETE /api/members/:user_id", path: "/api/members/" + missing, need: adminWrite},
		{route: "POST /api/invitations", body: `{"role":"member"}`, need: adminWrite},
		{route: "GET /api/invitations", need: adminRead},
		{route: "DELETE /api/invitations/:id", path: "/api/invitations/" + missing, need: adminWrite},
		// Accepting is for a signed-in person (a Firebase account), whatever
		// their role elsewhere: the emulator tests cover it.
		{route: "POST /api/invitations/:id/accept", public: true},
		// A wrong confirmation keeps the household; the role check comes first.
		{route: "DELETE /api/tenant", body: `{"confirm":"not the name"}`, need: ownerWrite},
		// /mcp is one route for every tool: TestRoleMatrixMCP tries them.
		{route: "GET /mcp", public: true},
		{route: "POST /mcp", public: true},
		{route: "DELETE /mcp", public: true},
	}

	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.route] = true
	}
	var served []string
	for _, r := range web.Routes(e.deps) {
		if strings.HasPrefix(r, "echo_") {
			continue
		}
		served = append(served, r)
		if !covered[r] {
			t.Errorf("route %s is not in the role matrix: add it with the caller it needs", r)
		}
	}
	sort.Strings(served)
	if len(served) < 20 {
		t.Fatalf("only %d routes served: %v", len(served), served)
	}

	for _, c := range cases {
		if c.public || strings.HasSuffix(c.route, " /mcp") {
			continue
		}
		method, pattern, _ := strings.Cut(c.route, " ")
		path := c.path
		if path == "" {
			path = pattern
		}
		for _, who := range callerKinds {
			body := strings.ReplaceAll(c.body, "$who", who)
			r := e.do(req{method: method, path: path, body: body, token: e.as[who].Token})
			if c.need.admits(who) {
				if r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden || r.Status >= 500 {
					t.Errorf("%s as %s: %d %s, want it admitted", c.route, who, r.Status, r.Body)
				}
				continue
			}
			doc := decodeAs[struct{ Error tools.Error }](t, r)
			if r.Status != http.StatusForbidden || doc.Error.Code != "forbidden" ||
				!strings.Contains(doc.Error.Message, c.need.role) && !strings.Contains(doc.Error.Message, "read-only") {
				t.Errorf("%s as %s: %d %s, want 403 forbidden naming the %s role or the read-only token", c.route, who, r.Status, r.Body, c.need.role)
			}
		}
	}

	// Signing in is open to every valid token; the session keeps the
	// caller's role and read-only flag.
	for _, who := range callerKinds {
		r := e.do(req{method: "POST", path: "/api/session", body: `{"token":"` + e.as[who].Token + `"}`})
		got := decodeAs[map[string]any](t, r)
		wantRole := who
		if who == asReadOnly {
			wantRole = asOwner
		}
		if r.Status != http.StatusCreated || got["role"] != wantRole || got["read_only"] != (who == asReadOnly) {
			t.Errorf("sign in as %s: %d %s", who, r.Status, r.Body)
		}
	}
}

// toolRoles is the least role of each tool that needs more than a member;
// every other tool admits members. It is written out, not read from the
// registry, so that changing a tool's role is a decision this test sees.
var toolRoles = map[string]string{"set_time_zone": identity.RoleAdmin}

// TestRoleMatrixMCP calls every tool over MCP as owner, admin, member and
// an owner's read-only token. An admitted caller never gets forbidden or
// unauthorized (with empty arguments most tools answer invalid_argument,
// which is past authorization); a read-only token never reaches a write
// tool: its server does not have them.
func TestRoleMatrixMCP(t *testing.T) {
	t.Parallel()
	e := newIDEnv(t)
	sessions := map[string]*mcp.ClientSession{}
	for _, who := range callerKinds {
		sessions[who] = mcpSession(t, e, e.as[who].Token)
	}
	all := e.deps.Registry.Tools()
	writes := 0
	for _, st := range all {
		name := st.Tool.Name
		role := toolRoles[name]
		if role == "" {
			role = identity.RoleMember
		}
		if st.Role != role {
			t.Errorf("tool %s needs %s, the matrix expects %s: update toolRoles if that is intended", name, st.Role, role)
		}
		n := need{role: role, write: st.Access != tools.Read}
		if n.write {
			writes++
		}
		for _, who := range callerKinds {
			res, err := sessions[who].CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: map[string]any{}})
			var text string
			switch {
			case err != nil:
				text = err.Error()
			case res.IsError:
				text = res.Content[0].(*mcp.TextContent).Text
			}
			refused := strings.Contains(text, `"code":"forbidden"`) || strings.Contains(text, `"code":"unauthorized"`) ||
				(err != nil && strings.Contains(text, "unknown tool"))
			if n.admits(who) && (refused || err != nil) {
				t.Errorf("%s as %s: %s, want it admitted", name, who, text)
			}
			if !n.admits(who) && !refused {
				t.Errorf("%s as %s: %q, want it refused", name, who, text)
			}
		}
	}
	if writes < 15 {
		t.Errorf("only %d write tools tried", writes)
	}
}
