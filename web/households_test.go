package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/store"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// householdEnv is a server wired as serve wires it: API tokens always, a
// person verifier (Firebase) when given, households for members and
// invitations, and /mcp.
type householdEnv struct {
	httpServer
	t     *testing.T
	store *store.Store
}

func newHouseholdEnv(t *testing.T, people identity.PersonVerifier, signupOpen bool) householdEnv {
	t.Helper()
	s := dbtest.Store(t)
	tokens := identity.NewAPITokens(s, 0)
	households := identity.NewHouseholds(s, signupOpen)
	v := &identity.Verifiers{Tokens: tokens, Households: households}
	if people != nil {
		v.People = people
	}
	reg := tools.MustRegistry(tools.New(s, nil))
	srv := httptest.NewServer(web.New(web.Deps{
		Verifier: v, Households: households, Ready: s.Ping, Registry: reg, Importer: importer.New(s, nil),
		Events: identity.NewSecurityEvents(s, nil),
		MCP:    web.MCPHandler(reg.MCPServer("test", false), reg.MCPServer("test", true), nil),
	}))
	t.Cleanup(srv.Close)
	return householdEnv{httpServer: httpServer{URL: srv.URL, tokens: tokens}, t: t, store: s}
}

// call sends a request and decodes a JSON object answer (nil for none).
func (e householdEnv) call(method, path, token, body string, header ...string) (int, map[string]any) {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, e.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			e.t.Fatalf("%s %s: %d %q is not a JSON object", method, path, resp.StatusCode, raw)
		}
	}
	return resp.StatusCode, out
}

// errCode is the "code" of a JSON error answer.
func errCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

// member adds a user with role to tenant and returns an API token for them.
func (e householdEnv) member(tenant uuid.UUID, role string) (uuid.UUID, string) {
	e.t.Helper()
	ctx := e.t.Context()
	var user uuid.UUID
	var token string
	err := e.store.InTenant(ctx, tenant, func(q *queries.Queries) error {
		u, err := q.UserCreate(ctx, queries.UserCreateParams{TenantID: tenant, Email: role + "-" + uuid.NewString()[:8] + "@example.test", Role: role})
		if err != nil {
			return err
		}
		user = u.ID
		token, _, err = e.tokens.Issue(ctx, q, tenant, u.ID, role, false)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return user, token
}

// TestMembersLastOwnerAndOwnerRights: admins manage members but not owners,
// members cannot manage anyone, and the last owner can be neither demoted
// nor removed until another owner exists.
func TestMembersLastOwnerAndOwnerRights(t *testing.T) {
	t.Parallel()
	e := newHouseholdEnv(t, nil, true)
	nt := e.newTenant(t)
	admin, adminTok := e.member(nt.TenantID, identity.RoleAdmin)
	member, memberTok := e.member(nt.TenantID, identity.RoleMember)
	owner := nt.UserID.String()

	if code, body := e.call("GET", "/api/members", memberTok, ""); code != 403 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "admin") {
		t.Errorf("member lists members: %d %v, want 403 naming admin", code, body)
	}
	if code, body := e.call("GET", "/api/members", adminTok, ""); code != 200 || len(body["members"].([]any)) != 3 {
		t.Errorf("admin lists members: %d %v, want 3", code, body)
	}
	if code, _ := e.call("PATCH", "/api/members/"+member.String(), memberTok, `{"role":"admin"}`); code != 403 {
		t.Errorf("member promotes themselves: %d, want 403", code)
	}
	if code, body := e.call("PATCH", "/api/members/"+member.String(), adminTok, `{"role":"admin"}`); code != 200 || body["role"] != "admin" {
		t.Errorf("admin promotes member: %d %v", code, body)
	}
	if code, body := e.call("PATCH", "/api/members/"+member.String(), adminTok, `{"role":"owner"}`); code != 403 {
		t.Errorf("admin makes an owner: %d %v, want 403", code, body)
	}
	if code, _ := e.call("DELETE", "/api/members/"+owner, adminTok, ""); code != 403 {
		t.Errorf("admin removes the owner: %d, want 403", code)
	}
	if code, body := e.call("PATCH", "/api/members/"+member.String(), adminTok, `{"role":"baker"}`); code != 400 || body["error"].(map[string]any)["field"] != "role" {
		t.Errorf("unknown role: %d %v, want 400 on role", code, body)
	}
	if code, body := e.call("PATCH", "/api/members/"+owner, nt.Token, `{"role":"member"}`); code != 409 {
		t.Errorf("last owner demotes themselves: %d %v, want 409", code, body)
	}
	if code, body := e.call("DELETE", "/api/members/"+owner, nt.Token, ""); code != 409 {
		t.Errorf("last owner removes themselves: %d %v, want 409", code, body)
	}
	if code, _ := e.call("PATCH", "/api/members/"+admin.String(), nt.Token, `{"role":"owner"}`); code != 200 {
		t.Errorf("owner makes admin an owner: %d", code)
	}
	if code, body := e.call("PATCH", "/api/members/"+owner, nt.Token, `{"role":"member"}`); code != 200 || body["role"] != "member" {
		t.Errorf("first owner steps down once another owner exists: %d %v", code, body)
	}
	if code, _ := e.call("DELETE", "/api/members/"+member.String(), adminTok, ""); code != 204 {
		t.Errorf("new owner removes a member: %d", code)
	}
	if code, _ := e.call("GET", "/api/me", memberTok, ""); code != 401 {
		t.Errorf("removed member's token: %d, want 401", code)
	}
	if code, _ := e.call("DELETE", "/api/members/"+uuid.NewString(), adminTok, ""); code != 404 {
		t.Errorf("unknown member: %d, want 404", code)
	}
}

// TestAPITokenStaysInItsTenant: an API token is bound to its tenant; a
// BakeTracker-Tenant header naming another is 403, a malformed one 400, and
// its own is accepted.
func TestAPITokenStaysInItsTenant(t *testing.T) {
	t.Parallel()
	e := newHouseholdEnv(t, nil, true)
	a, b := e.newTenant(t), e.newTenant(t)
	if code, body := e.call("GET", "/api/me", a.Token, "", "BakeTracker-Tenant", b.TenantID.String()); code != 403 {
		t.Errorf("naming another tenant: %d %v, want 403", code, body)
	}
	if code, body := e.call("GET", "/api/me", a.Token, "", "BakeTracker-Tenant", "bakery"); code != 400 || body["error"].(map[string]any)["field"] != "BakeTracker-Tenant" {
		t.Errorf("malformed header: %d %v, want 400 on the header", code, body)
	}
	code, me := e.call("GET", "/api/me", a.Token, "", "BakeTracker-Tenant", a.TenantID.String())
	if code != 200 || me["tenant_id"] != a.TenantID.String() || len(me["memberships"].([]any)) != 1 {
		t.Errorf("own tenant: %d %v", code, me)
	}
}

// TestInvitationsLifecycle: admins create, list and revoke invitations; a
// revoked code cannot be revoked again; members cannot invite; an API token
// cannot accept (an invitation joins a person, not a token).
func TestInvitationsLifecycle(t *testing.T) {
	t.Parallel()
	e := newHouseholdEnv(t, nil, true)
	nt := e.newTenant(t)
	_, adminTok := e.member(nt.TenantID, identity.RoleAdmin)
	_, memberTok := e.member(nt.TenantID, identity.RoleMember)

	if code, _ := e.call("POST", "/api/invitations", memberTok, `{"role":"member"}`); code != 403 {
		t.Errorf("member invites: %d, want 403", code)
	}
	if code, _ := e.call("POST", "/api/invitations", adminTok, `{"role":"owner"}`); code != 403 {
		t.Errorf("admin invites an owner: %d, want 403", code)
	}
	if code, body := e.call("POST", "/api/invitations", adminTok, `{"role":"member","email":"not an email"}`); code != 400 || body["error"].(map[string]any)["field"] != "email" {
		t.Errorf("bad email: %d %v", code, body)
	}
	code, inv := e.call("POST", "/api/invitations", adminTok, `{"role":"member","email":"Friend@Example.com"}`)
	if code != 201 || !strings.HasPrefix(inv["code"].(string), "inv_") || !strings.HasSuffix(inv["url"].(string), "/accept") || inv["expires_at"] == nil {
		t.Fatalf("create invitation: %d %v", code, inv)
	}
	if inv["email"] != "friend@example.com" {
		t.Errorf("invitation email %v, want it normalised", inv["email"])
	}
	code, list := e.call("GET", "/api/invitations", adminTok, "")
	if code != 200 || len(list["invitations"].([]any)) != 1 {
		t.Fatalf("list: %d %v", code, list)
	}
	first := list["invitations"].([]any)[0].(map[string]any)
	if first["status"] != "pending" || first["code"] != nil {
		t.Errorf("listed invitation %v: want pending and no code", first)
	}
	if code, body := e.call("POST", "/api/invitations/"+inv["code"].(string)+"/accept", memberTok, ""); code != 403 {
		t.Errorf("API token accepts: %d %v, want 403", code, body)
	}
	id := inv["id"].(string)
	if code, _ := e.call("DELETE", "/api/invitations/"+id, adminTok, ""); code != 204 {
		t.Errorf("revoke: %d", code)
	}
	if code, _ := e.call("DELETE", "/api/invitations/"+id, adminTok, ""); code != 404 {
		t.Errorf("revoke twice: %d, want 404", code)
	}
	other := e.newTenant(t)
	if code, _ := e.call("DELETE", "/api/invitations/"+id, other.Token, ""); code != 404 {
		t.Errorf("another tenant revokes: %d, want 404", code)
	}
}

// TestDeleteTenantRemovesEveryRow: only owners, only with the household's
// name as confirmation, and afterwards no table holds a row of it.
func TestDeleteTenantRemovesEveryRow(t *testing.T) {
	t.Parallel()
	e := newHouseholdEnv(t, nil, true)
	nt := e.newTenant(t)
	_, adminTok := e.member(nt.TenantID, identity.RoleAdmin)
	if code, _ := e.call("POST", "/api/invitations", nt.Token, `{"role":"member"}`); code != 201 {
		t.Fatalf("invite: %d", code)
	}
	if code, _ := e.call("DELETE", "/api/tenant", adminTok, `{"confirm":"x"}`); code != 403 {
		t.Errorf("admin deletes the household: %d, want 403", code)
	}
	if code, body := e.call("DELETE", "/api/tenant", nt.Token, `{"confirm":"wrong"}`); code != 400 || body["error"].(map[string]any)["field"] != "confirm" {
		t.Errorf("wrong confirmation: %d %v, want 400 on confirm", code, body)
	}
	_, me := e.call("GET", "/api/me", nt.Token, "")
	name := me["memberships"].([]any)[0].(map[string]any)["tenant_name"].(string)
	confirm, _ := json.Marshal(map[string]string{"confirm": name})
	if code, body := e.call("DELETE", "/api/tenant", nt.Token, string(confirm)); code != 204 {
		t.Fatalf("delete: %d %v", code, body)
	}
	if code, _ := e.call("GET", "/api/me", nt.Token, ""); code != 401 {
		t.Errorf("owner's token after deletion: %d, want 401", code)
	}
	// Count as the superuser, across RLS, in every table with tenant_id.
	conn := superConn(t)
	rows, err := conn.Query(t.Context(), `SELECT c.relname FROM pg_class c
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		tables = append(tables, s)
	}
	rows.Close()
	if len(tables) < 20 {
		t.Fatalf("found %d tenant tables", len(tables))
	}
	for _, table := range append(tables, "tenants") {
		col := "tenant_id"
		if table == "tenants" {
			col = "id"
		}
		var n int
		if err := conn.QueryRow(t.Context(), "SELECT count(*) FROM "+table+" WHERE "+col+" = $1", nt.TenantID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s keeps %d rows of the deleted tenant", table, n)
		}
	}
}

// superConn is a connection as the database owner, which RLS does not
// filter, to look at what the request role cannot.
func superConn(t *testing.T) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dbtest.DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}
