package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// httpServer is the whole HTTP surface over the test database.
type httpServer struct {
	URL    string
	tokens *identity.APITokens
}

// testMetricsToken is the METRICS_TOKEN of the test servers.
const testMetricsToken = "test-metrics-token"

func newHTTPServer(t testing.TB) httpServer {
	t.Helper()
	s := dbtest.Store(t)
	tokens := identity.NewAPITokens(s, 0)
	reg := tools.MustRegistry(tools.New(s, nil))
	h := web.New(web.Deps{
		Verifier: tokens,
		Ready:    s.Ping,
		Registry: reg,
		Importer: importer.New(s, nil),
		MCP:      web.MCPHandler(reg.MCPServer("test", false), reg.MCPServer("test", true), nil),
		// Captures without a model: enough for the body limit's test.
		Captures: agent.NewCaptures(s, reg, nil, nil, nil),
		// MetricsToken lets TestMetricsLabelsStayBounded read /metrics.
		MetricsToken: testMetricsToken,
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return httpServer{URL: srv.URL, tokens: tokens}
}

// newTenant creates a tenant with its owner's token.
func (h httpServer) newTenant(t testing.TB) identity.NewTenant {
	t.Helper()
	nt, err := identity.CreateTenant(t.Context(), dbtest.Store(t), h.tokens, "Bakery "+uuid.NewString()[:8],
		"owner-"+uuid.NewString()[:8]+"@example.test")
	if err != nil {
		t.Fatal(err)
	}
	return nt
}

type bearer struct {
	token string
	next  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.next.RoundTrip(r)
}

func (h httpServer) mcpClient(t testing.TB, token string) *mcp.ClientSession {
	t.Helper()
	transport := &mcp.StreamableClientTransport{
		Endpoint:   h.URL + "/mcp",
		HTTPClient: &http.Client{Transport: bearer{token: token, next: http.DefaultTransport}},
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "0"}, nil).Connect(t.Context(), transport, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	return cs
}

func callTool(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) (map[string]any, string) {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		return nil, err.Error()
	}
	if res.IsError {
		return nil, res.Content[0].(*mcp.TextContent).Text
	}
	out, _ := res.StructuredContent.(map[string]any)
	return out, ""
}

// TestMCPOverHTTP drives /mcp with real tokens for two tenants.
func TestMCPOverHTTP(t *testing.T) {
	t.Parallel()
	h := newHTTPServer(t)
	a, b := h.newTenant(t), h.newTenant(t)
	ca, cb := h.mcpClient(t, a.Token), h.mcpClient(t, b.Token)

	list, err := ca.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Tools) != len(tools.All()) {
		t.Errorf("tools/list shows %d tools, want all %d", len(list.Tools), len(tools.All()))
	}

	created, msg := callTool(t, ca, "create_ingredient", map[string]any{"name": "Rye Flour", "default_unit": "g"})
	if msg != "" {
		t.Fatal(msg)
	}
	id, _ := created["id"].(string)

	// B sees none of A's data, and A's id is simply not found for B.
	listed, msg := callTool(t, cb, "list_ingredients", map[string]any{})
	if msg != "" {
		t.Fatal(msg)
	}
	if items, _ := listed["ingredients"].([]any); len(items) != 0 {
		t.Errorf("tenant B lists %d ingredients, want 0", len(items))
	}
	if _, msg := callTool(t, cb, "get_ingredient", map[string]any{"id": id}); !strings.Contains(msg, `"not_found"`) {
		t.Errorf("B reading A's ingredient: %q, want not_found", msg)
	}
	if got, msg := callTool(t, ca, "get_ingredient", map[string]any{"id": id}); msg != "" || got["name"] != "Rye Flour" {
		t.Errorf("A reading its ingredient: %v %q", got, msg)
	}

	// A read-only token sees only read-only tools and cannot call a write.
	roToken, _, err := identity.IssueForEmail(t.Context(), dbtest.Store(t), h.tokens, ownerEmail(t, h, a), a.TenantID, "ro", true)
	if err != nil {
		t.Fatal(err)
	}
	cro := h.mcpClient(t, roToken)
	roList, err := cro.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range roList.Tools {
		if !tool.Annotations.ReadOnlyHint {
			t.Errorf("read-only token sees write tool %s", tool.Name)
		}
	}
	if len(roList.Tools) == 0 || len(roList.Tools) >= len(list.Tools) {
		t.Errorf("read-only token sees %d of %d tools", len(roList.Tools), len(list.Tools))
	}
	if _, msg := callTool(t, cro, "create_ingredient", map[string]any{"name": "Sneaky"}); msg == "" {
		t.Error("read-only token created an ingredient")
	}
	if got, msg := callTool(t, cro, "get_ingredient", map[string]any{"id": id}); msg != "" || got["name"] != "Rye Flour" {
		t.Errorf("read-only token reading: %v %q", got, msg)
	}
}

func ownerEmail(t *testing.T, h httpServer, nt identity.NewTenant) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, h.URL+"/api/me", nil)
	req.Header.Set("Authorization", "Bearer "+nt.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var me struct{ Email string }
	if err := json.NewDecoder(resp.Body).Decode(&me); err != nil || me.Email == "" {
		t.Fatalf("/api/me: %v", err)
	}
	return me.Email
}

// TestMCPAuth: no or a bad token gets 401 with WWW-Authenticate and the JSON
// error shape before any MCP processing.
func TestMCPAuth(t *testing.T) {
	t.Parallel()
	h := newHTTPServer(t)
	body := `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`
	for name, auth := range map[string]string{"none": "", "wrong": "Bearer btk_nope", "basic": "Basic dXNlcjpwYXNz"} {
		req, _ := http.NewRequest(http.MethodPost, h.URL+"/mcp", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct{ Error tools.Error }
		_ = json.NewDecoder(resp.Body).Decode(&doc)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") ||
			doc.Error.Code != "unauthorized" {
			t.Errorf("%s: %d %q %+v, want 401 with WWW-Authenticate and code unauthorized", name, resp.StatusCode,
				resp.Header.Get("WWW-Authenticate"), doc.Error)
		}
	}
}

// TestMetricsLabelsStayBounded: any number of junk paths adds one label, and
// real requests are counted by their route pattern.
func TestMetricsLabelsStayBounded(t *testing.T) {
	t.Parallel()
	h := newHTTPServer(t)
	nt := h.newTenant(t)
	for i := range 50 {
		resp, err := http.Get(h.URL + "/api/junk" + strings.Repeat("x", i))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	req, _ := http.NewRequest(http.MethodGet, h.URL+"/api/ingredients/"+uuid.NewString(), nil)
	req.Header.Set("Authorization", "Bearer "+nt.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ = http.NewRequest(http.MethodGet, h.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+testMetricsToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	text := string(body)
	if strings.Contains(text, "junk") {
		t.Errorf("junk paths became labels:\n%s", text)
	}
	if !strings.Contains(text, `route="/api/ingredients/:id",status="404"} 1`) {
		t.Errorf("the ingredient request is not counted by its pattern:\n%s", text)
	}
	if n := strings.Count(text, "baketracker_http_requests_total{"); n > 6 {
		t.Errorf("%d request series after 52 requests, want a handful:\n%s", n, text)
	}
}
