package web_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// fullDeps serves every route there is: all toolsets, households,
// sessions, tokens, security events, imports, captures, MCP and /metrics.
func fullDeps(t *testing.T, toolsets ...string) web.Deps {
	t.Helper()
	s := dbtest.Store(t)
	tokens := identity.NewAPITokens(s, 0)
	households := identity.NewHouseholds(s, true)
	reg, err := tools.NewRegistry(tools.New(s, nil), toolsets...)
	if err != nil {
		t.Fatal(err)
	}
	return web.Deps{
		Logger: slog.New(slog.DiscardHandler), Verifier: &identity.Verifiers{Tokens: tokens, Households: households},
		Households: households, Ready: s.Ping, Registry: reg, Importer: importer.New(s, nil),
		MCP:    web.MCPHandler(reg.MCPServer("test", false), reg.MCPServer("test", true), nil),
		Tokens: tokens, Sessions: identity.NewSessions(s), Events: identity.NewSecurityEvents(s, slog.New(slog.DiscardHandler)),
		Captures: agent.NewCaptures(s, reg, nil, nil, nil), MetricsToken: "metrics-secret",
	}
}

// fetchOpenAPI serves d and reads its document, without credentials.
func fetchOpenAPI(t *testing.T, d web.Deps) (url string, body []byte) {
	t.Helper()
	srv := httptest.NewServer(web.New(d))
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL + web.OpenAPIPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET %s without credentials: %d %q %v", web.OpenAPIPath, resp.StatusCode, resp.Header.Get("Content-Type"), err)
	}
	return srv.URL, body
}

// documentedOperations are the document's "METHOD /path/{param}".
func documentedOperations(t *testing.T, body []byte) []string {
	t.Helper()
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(body, &doc); err != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("document: openapi %q, %v", doc.OpenAPI, err)
	}
	var ops []string
	for path, item := range doc.Paths {
		for method := range item {
			ops = append(ops, strings.ToUpper(method)+" "+path)
		}
	}
	slices.Sort(ops)
	return ops
}

// servedOperations are the routes New(d) serves, in the document's
// spelling: Echo's :param becomes {param}.
func servedOperations(d web.Deps) []string {
	var ops []string
	for _, r := range web.Routes(d) {
		if strings.HasPrefix(r, "echo_") {
			continue
		}
		method, path, _ := strings.Cut(r, " ")
		if !web.DocumentedPath(path) {
			continue // browser pages
		}
		parts := strings.Split(path, "/")
		for i, p := range parts {
			if name, ok := strings.CutPrefix(p, ":"); ok {
				parts[i] = "{" + name + "}"
			}
		}
		ops = append(ops, method+" "+strings.Join(parts, "/"))
	}
	if d.MetricsToken != "" {
		ops = append(ops, "GET /metrics") // mounted beside Echo
	}
	slices.Sort(ops)
	return ops
}

// TestOpenAPIMatchesTheRoutes is the drift test: the document of a server
// serving everything lists exactly the routes its router has, both ways;
// every route can be described (a new route that is not a tool's needs an
// entry in web/openapi_routes.go); no entry there describes a route that
// is gone; and the document is valid OpenAPI 3.1.
func TestOpenAPIMatchesTheRoutes(t *testing.T) {
	t.Parallel()
	d := fullDeps(t)
	for _, u := range web.OpenAPIUndescribed(d) {
		t.Errorf("route %s cannot be described", u)
	}
	_, body := fetchOpenAPI(t, d)
	documented, served := documentedOperations(t, body), servedOperations(d)
	for _, op := range served {
		if !slices.Contains(documented, op) {
			t.Errorf("%s is served but not in the document", op)
		}
	}
	for _, op := range documented {
		if !slices.Contains(served, op) {
			t.Errorf("%s is in the document but not served", op)
		}
	}
	all := web.Routes(d)
	for _, key := range web.DescribedRoutes() {
		if !slices.Contains(all, key) {
			t.Errorf("web/openapi_routes.go describes %s, which no server serves: remove or rename it", key)
		}
	}
	if len(served) < 30 || !slices.Contains(documented, "GET /api/ingredients/{id}") || !slices.Contains(documented, "POST /api/captures/{id}/confirm") {
		t.Fatalf("too few routes compared (%d): %v", len(served), served)
	}
	validateDocument(t, body)
}

func validateDocument(t *testing.T, body []byte) validator.Validator {
	t.Helper()
	doc, err := libopenapi.NewDocument(body)
	if err != nil {
		t.Fatalf("parse the document: %v", err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("not valid OpenAPI 3.1: %s (%s) %v", e.Message, e.Reason, e.SchemaValidationErrors)
		}
	}
	return v
}

// TestOpenAPIFollowsTheToolsets: a server of some toolsets, without
// households, sessions or captures, documents only what it serves; its
// tool routes are the events toolset's only (none of catalog's).
func TestOpenAPIFollowsTheToolsets(t *testing.T) {
	t.Parallel()
	full := fullDeps(t, "events")
	d := web.Deps{Logger: full.Logger, Verifier: full.Verifier, Ready: full.Ready, Registry: full.Registry}
	_, body := fetchOpenAPI(t, d)
	documented, served := documentedOperations(t, body), servedOperations(d)
	if !slices.Equal(documented, served) {
		t.Errorf("documented %v, served %v", documented, served)
	}
	for _, op := range documented {
		for _, gone := range []string{"/api/ingredients", "/api/barcode_reviews", "/api/members", "/api/captures", "/api/session", "/metrics", "/mcp"} {
			if strings.HasSuffix(op, " "+gone) || strings.Contains(op, " "+gone+"/") {
				t.Errorf("%s is documented by a server that does not serve it", op)
			}
		}
	}
	if !slices.Contains(documented, "GET /api/me") || !slices.Contains(documented, "GET "+web.OpenAPIPath) {
		t.Errorf("the routes every server has are missing: %v", documented)
	}
	validateDocument(t, body)
}

// TestOpenAPIQueryParametersAreRead: every query parameter the document
// gives a GET tool route is read by its handler — a value the tool's schema
// refuses comes back as a 400 naming that parameter — so the document
// cannot promise a filter the handler ignores.
func TestOpenAPIQueryParametersAreRead(t *testing.T) {
	t.Parallel()
	a := newRESTEnv(t)
	r := a.do("GET", web.OpenAPIPath, "", "")
	var doc struct {
		Paths map[string]map[string]struct {
			Tool       string `json:"x-tool"`
			Parameters []struct {
				Name, In string
				Schema   struct {
					Type      any `json:"type"`
					MaxLength *int
					Items     *struct{ MaxLength *int }
				}
			}
		}
	}
	if err := json.Unmarshal(r.Body, &doc); err != nil {
		t.Fatal(err)
	}
	tried := 0
	for path, item := range doc.Paths {
		op, ok := item["get"]
		if !ok || op.Tool == "" {
			continue
		}
		concrete := path
		for _, p := range op.Parameters {
			if p.In == "path" {
				concrete = strings.ReplaceAll(concrete, "{"+p.Name+"}", "00000000-0000-4000-8000-000000000000")
			}
		}
		for _, p := range op.Parameters {
			if p.In != "query" {
				continue
			}
			bad := "not-a-value"
			if p.Schema.Items != nil { // an array (its type may be ["null","array"])
				if p.Schema.Items.MaxLength == nil {
					continue // any text is acceptable
				}
				bad = strings.Repeat("a", *p.Schema.Items.MaxLength+1)
			} else if p.Schema.Type == "string" {
				if p.Schema.MaxLength == nil {
					continue // any text is acceptable
				}
				bad = strings.Repeat("a", *p.Schema.MaxLength+1)
			}
			got := a.do("GET", concrete+"?"+p.Name+"="+bad, a.tenant.Token, "")
			var e struct{ Error tools.Error }
			_ = json.Unmarshal(got.Body, &e)
			if got.Status != http.StatusBadRequest || (e.Error.Field != p.Name && !strings.HasPrefix(e.Error.Field, p.Name+"[")) {
				t.Errorf("GET %s?%s=<refused value> (%s): %d %s, want 400 naming %s: is the parameter read?",
					path, p.Name, op.Tool, got.Status, got.Body, p.Name)
			}
			tried++
		}
	}
	if tried < 5 {
		t.Fatalf("only %d query parameters tried", tried)
	}
}

// TestOpenAPIAcceptsRealRequests: requests as a client following the
// document sends them — a tool route's body and query, a path id, the
// Idempotency-Key header, a non-tool route — are valid by the document,
// and a request it forbids is not.
func TestOpenAPIAcceptsRealRequests(t *testing.T) {
	t.Parallel()
	a := newRESTEnv(t)
	v := validateDocument(t, a.do("GET", web.OpenAPIPath, "", "").Body)
	check := func(method, path, body string, wantValid bool) {
		t.Helper()
		req := httptest.NewRequest(method, a.url+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+a.tenant.Token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("Idempotency-Key", "k-1")
		ok, errs := v.ValidateHttpRequest(req)
		if ok != wantValid {
			t.Errorf("%s %s %s: valid %v, want %v (%v)", method, path, body, ok, wantValid, errs)
		}
	}
	check("POST", "/api/ingredients", `{"name":"Rye flour","category":"Flours","default_unit":"g"}`, true)
	check("GET", "/api/ingredients?query=rye&limit=5", "", true)
	check("PATCH", "/api/ingredients/rye_flour", `{"notes":"dark"}`, true)
	check("POST", "/api/barcode_reviews/00000000-0000-4000-8000-000000000000/resolve", `{"action":"skip"}`, true)
	check("GET", "/api/me", "", true)
	check("POST", "/api/ingredients", `{"colour":"white"}`, false) // no name, unknown property
	check("GET", "/api/ingredients?limit=many", "", false)
	if r := a.do("GET", "/ready", "", ""); r.Status != http.StatusOK { // its answer checked by conforming
		t.Errorf("/ready: %d %s", r.Status, r.Body)
	}
}
