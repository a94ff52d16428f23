package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

type tokenView struct {
	ID, Name, Prefix, Token string
	UserID                  string     `json:"user_id"`
	ReadOnly                bool       `json:"read_only"`
	ExpiresAt               *time.Time `json:"expires_at"`
	RevokedAt               *time.Time `json:"revoked_at"`
}

func listTokens(t *testing.T, e *idEnv, token string) map[string]tokenView {
	t.Helper()
	r := e.do(req{method: "GET", path: "/api/tokens", token: token})
	if r.Status != http.StatusOK {
		t.Fatalf("list tokens: %d %s", r.Status, r.Body)
	}
	if strings.Contains(string(r.Body), `"token"`) || strings.Contains(string(r.Body), "secret") {
		t.Fatalf("the token list shows secrets: %s", r.Body)
	}
	out := map[string]tokenView{}
	for _, v := range decodeAs[struct{ Tokens []tokenView }](t, r).Tokens {
		out[v.ID] = v
	}
	return out
}

// TestTokensREST: a token is shown once at creation and works; members see
// and revoke only their own tokens, owners and admins all; a revoked or
// expired token is refused; bad input names the field.
func TestTokensREST(t *testing.T) {
	t.Parallel()
	e := newIDEnv(t)

	r := e.do(req{method: "POST", path: "/api/tokens", token: e.as[asMember].Token, body: `{"name":"kitchen tablet","read_only":true,"expires_in_days":30}`})
	if r.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	mine := decodeAs[tokenView](t, r)
	if !strings.HasPrefix(mine.Token, mine.Prefix) || !mine.ReadOnly || mine.ExpiresAt == nil ||
		mine.ExpiresAt.Sub(time.Now().Add(30*24*time.Hour)).Abs() > time.Minute {
		t.Fatalf("created %s", r.Body)
	}
	if me := e.do(req{method: "GET", path: "/api/me", token: mine.Token}); me.Status != http.StatusOK ||
		decodeAs[map[string]any](t, me)["user_id"] != e.as[asMember].UserID.String() {
		t.Fatalf("the new token: %d %s", me.Status, me.Body)
	}
	r = e.do(req{method: "POST", path: "/api/tokens", token: e.as[asAdmin].Token, body: `{"name":"admin laptop"}`})
	if r.Status != http.StatusCreated || decodeAs[tokenView](t, r).ExpiresAt != nil {
		t.Fatalf("create without expiry: %d %s", r.Status, r.Body)
	}
	adminTok := decodeAs[tokenView](t, r)

	// A member sees only their own tokens; owners and admins see all.
	seen := listTokens(t, e, e.as[asMember].Token)
	if len(seen) != 2 || seen[mine.ID].Name != "kitchen tablet" {
		t.Errorf("member sees %v, want their own two tokens", seen)
	}
	for id, v := range seen {
		if v.UserID != e.as[asMember].UserID.String() {
			t.Errorf("member sees token %s of user %s", id, v.UserID)
		}
	}
	for _, who := range []string{asOwner, asAdmin, asReadOnly} {
		all := listTokens(t, e, e.as[who].Token)
		if _, ok := all[mine.ID]; !ok || len(all) < 6 {
			t.Errorf("%s sees %d tokens, want all of the tenant's", who, len(all))
		}
	}

	// A member cannot revoke someone else's token; an admin can.
	wantError(t, e.do(req{method: "DELETE", path: "/api/tokens/" + adminTok.ID, token: e.as[asMember].Token}), 403, "forbidden", "")
	if r := e.do(req{method: "GET", path: "/api/me", token: adminTok.Token}); r.Status != http.StatusOK {
		t.Fatalf("the refused revocation revoked: %d", r.Status)
	}
	if r := e.do(req{method: "DELETE", path: "/api/tokens/" + mine.ID, token: e.as[asAdmin].Token}); r.Status != http.StatusNoContent {
		t.Fatalf("admin revokes a member's token: %d %s", r.Status, r.Body)
	}
	wantError(t, e.do(req{method: "GET", path: "/api/me", token: mine.Token}), 401, "unauthorized", "")
	if listTokens(t, e, e.as[asMember].Token)[mine.ID].RevokedAt == nil {
		t.Error("the list does not show the revocation")
	}
	// A member revokes their own.
	if r := e.do(req{method: "DELETE", path: "/api/tokens/" + idOf(t, e, asMember), token: e.as[asMember].Token}); r.Status != http.StatusNoContent {
		t.Fatalf("member revokes own: %d %s", r.Status, r.Body)
	}
	wantError(t, e.do(req{method: "GET", path: "/api/me", token: e.as[asMember].Token}), 401, "unauthorized", "")

	wantError(t, e.do(req{method: "DELETE", path: "/api/tokens/nope", token: e.as[asOwner].Token}), 400, "invalid_argument", "id")
	wantError(t, e.do(req{method: "DELETE", path: "/api/tokens/" + e.tenant.String(), token: e.as[asOwner].Token}), 404, "not_found", "id")
	wantError(t, e.do(req{method: "POST", path: "/api/tokens", token: e.as[asOwner].Token, body: `{"name":" "}`}), 400, "invalid_argument", "name")
	wantError(t, e.do(req{method: "POST", path: "/api/tokens", token: e.as[asOwner].Token, body: `{"name":"x","expires_in_days":0}`}), 400, "invalid_argument", "expires_in_days")
	wantError(t, e.do(req{method: "POST", path: "/api/tokens", token: e.as[asOwner].Token, body: `{"name":"x","expires_in_days":1.5}`}), 400, "invalid_argument", "expires_in_days")
	wantError(t, e.do(req{method: "POST", path: "/api/tokens", token: e.as[asOwner].Token, body: `{"name":"x","role":"owner"}`}), 400, "invalid_argument", "role")
	wantError(t, e.do(req{method: "POST", path: "/api/tokens", token: e.as[asReadOnly].Token, body: `{"name":"x"}`}), 403, "forbidden", "")
}

// idOf is the id of the role's own test token.
func idOf(t *testing.T, e *idEnv, role string) string {
	t.Helper()
	for id, v := range listTokens(t, e, e.as[asOwner].Token) {
		if v.UserID == e.as[role].UserID.String() && v.Name == "test" {
			return id
		}
	}
	t.Fatalf("no test token for %s", role)
	return ""
}

// TestExpiredTokenRefused: a token past its expiry is 401 on REST and MCP.
func TestExpiredTokenRefused(t *testing.T) {
	t.Parallel()
	e := newIDEnv(t)
	s := dbtest.Store(t)
	past := time.Now().Add(-time.Minute)
	var expired string
	if err := s.InTenant(t.Context(), e.tenant, func(q *queries.Queries) error {
		var err error
		expired, _, err = identity.NewAPITokens(s, 0).IssueUntil(t.Context(), q, e.tenant, e.as[asOwner].UserID, "old", false, &past)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	wantError(t, e.do(req{method: "GET", path: "/api/me", token: expired}), 401, "unauthorized", "")
	wantError(t, e.do(req{method: "POST", path: "/mcp", token: expired, body: `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`,
		header: map[string]string{"Accept": "application/json, text/event-stream"}}), 401, "unauthorized", "")
	wantError(t, e.do(req{method: "POST", path: "/api/session", body: `{"token":"` + expired + `"}`}), 401, "unauthorized", "")
}
