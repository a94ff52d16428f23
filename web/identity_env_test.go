package web_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// Callers of every kind the role matrix tries.
const (
	asOwner    = "owner"
	asAdmin    = "admin"
	asMember   = "member"
	asReadOnly = "read-only" // an owner's read-only token
)

var callerKinds = []string{asOwner, asAdmin, asMember, asReadOnly}

// member is one caller of a tenant: their user and an API token.
type member struct {
	UserID uuid.UUID
	Email  string
	Token  string
}

// idEnv is the whole HTTP surface with sessions, tokens and security
// events, and a tenant with an owner, an admin, a member and a read-only
// token.
type idEnv struct {
	t       *testing.T
	deps    web.Deps
	handler http.Handler
	url     string
	tenant  uuid.UUID
	as      map[string]member
}

func newIDEnv(t *testing.T) *idEnv {
	t.Helper()
	s := dbtest.Store(t)
	tokens := identity.NewAPITokens(s, 0)
	events := identity.NewSecurityEvents(s, slog.New(slog.DiscardHandler))
	tl := tools.New(s, nil)
	web.RecordDenials(tl, events)
	reg := tools.MustRegistry(tl)
	households := identity.NewHouseholds(s, true)
	d := web.Deps{
		Logger: slog.New(slog.DiscardHandler), Verifier: &identity.Verifiers{Tokens: tokens, Households: households},
		Households: households, Ready: s.Ping, Registry: reg,
		Importer: importer.New(s, nil),
		MCP:      web.MCPHandler(reg.MCPServer("test", false), reg.MCPServer("test", true), nil),
		Tokens:   tokens, Sessions: identity.NewSessions(s), Events: events,
	}
	h := conforming(t, web.New(d))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	email := fmt.Sprintf("owner-%s@example.test", uuid.NewString()[:8])
	nt, err := identity.CreateTenant(t.Context(), s, tokens, "Bakery "+email, email)
	if err != nil {
		t.Fatal(err)
	}
	e := &idEnv{t: t, deps: d, handler: h, url: srv.URL, tenant: nt.TenantID, as: map[string]member{
		asOwner: {UserID: nt.UserID, Email: email, Token: nt.Token},
	}}
	issue := func(user uuid.UUID, readOnly bool) string {
		var tok string
		if err := s.InTenant(t.Context(), nt.TenantID, func(q *queries.Queries) error {
			var err error
			tok, _, err = tokens.Issue(t.Context(), q, nt.TenantID, user, "test", readOnly)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return tok
	}
	for _, role := range []string{asAdmin, asMember} {
		u := dbtest.NewUser(t, s, nt.TenantID, role)
		e.as[role] = member{UserID: u.ID, Email: u.Email, Token: issue(u.ID, false)}
	}
	e.as[asReadOnly] = member{UserID: nt.UserID, Email: email, Token: issue(nt.UserID, true)}
	return e
}

// req is one request: a bearer token or a client with a cookie jar.
type req struct {
	method, path, body string
	token              string
	client             *http.Client
	header             map[string]string
	remote             string // served in-process with this RemoteAddr
}

func (e *idEnv) do(r req) restResp {
	e.t.Helper()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr, err := http.NewRequest(r.method, e.url+r.path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	if r.body != "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	for k, v := range r.header {
		if k == "Host" {
			hr.Host = v // net/http ignores a Host header field
			continue
		}
		hr.Header.Set(k, v)
	}
	if r.remote != "" {
		hr.RemoteAddr = r.remote
		hr.RequestURI = ""
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, hr)
		return restResp{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	}
	client := r.client
	if client == nil {
		client = http.DefaultClient
	}
	res, err := client.Do(hr)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return restResp{Status: res.StatusCode, Header: res.Header, Body: b}
}

// browser is an HTTP client that keeps cookies, as a browser would.
func browser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

// mcpSession is an MCP client of the env's /mcp with token.
func mcpSession(t *testing.T, e *idEnv, token string) *mcp.ClientSession {
	t.Helper()
	return httpServer{URL: e.url}.mcpClient(t, token)
}
