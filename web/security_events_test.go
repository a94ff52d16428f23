package web_test

import (
	"net/http"
	"strings"
	"testing"
)

type securityEvent struct {
	Kind          string
	UserID        *string `json:"user_id"`
	RequestID     string  `json:"request_id"`
	ClientAddress string  `json:"client_address"`
	Detail        map[string]any
}

// TestSecurityEvents: token creation and revocation and role denials (of a
// tool through the registry, and of a non-tool operation) are events owners
// read with GET /api/security-events, naming the request and
// the user; admins and members may not read them.
func TestSecurityEvents(t *testing.T) {
	t.Parallel()
	e := newIDEnv(t)
	owner := e.as[asOwner].Token
	rid := map[string]string{"X-Request-Id": "req-sec-1"}

	r := e.do(req{method: "POST", path: "/api/tokens", token: e.as[asMember].Token, body: `{"name":"phone"}`, header: rid})
	if r.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	created := decodeAs[tokenView](t, r)
	if r := e.do(req{method: "DELETE", path: "/api/tokens/" + created.ID, token: owner}); r.Status != http.StatusNoContent {
		t.Fatalf("revoke: %d", r.Status)
	}
	wantError(t, e.do(req{method: "POST", path: "/api/ingredients", token: e.as[asReadOnly].Token, body: `{"name":"x"}`}), 403, "forbidden", "")
	wantError(t, e.do(req{method: "POST", path: "/api/imports", token: e.as[asMember].Token, body: `{}`}), 403, "forbidden", "")

	for _, who := range []string{asAdmin, asMember} {
		wantError(t, e.do(req{method: "GET", path: "/api/security-events", token: e.as[who].Token}), 403, "forbidden", "")
	}
	wantError(t, e.do(req{method: "GET", path: "/api/security-events?limit=0", token: owner}), 400, "invalid_argument", "limit")
	wantError(t, e.do(req{method: "GET", path: "/api/security-events?before=yesterday", token: owner}), 400, "invalid_argument", "before")

	r = e.do(req{method: "GET", path: "/api/security-events", token: owner})
	if r.Status != http.StatusOK {
		t.Fatalf("list: %d %s", r.Status, r.Body)
	}
	events := decodeAs[struct{ Events []securityEvent }](t, r).Events
	kinds := map[string]int{}
	for _, ev := range events {
		kinds[ev.Kind]++
		switch {
		case ev.Kind == "token_created" && (ev.RequestID != "req-sec-1" || ev.UserID == nil || *ev.UserID != e.as[asMember].UserID.String() || ev.ClientAddress != "127.0.0.1"):
			t.Errorf("token_created event %+v does not name the request, user and address", ev)
		case ev.Kind == "forbidden" && ev.Detail["operation"] == nil:
			t.Errorf("forbidden event %+v does not name the operation", ev)
		}
	}
	// Denials: create_ingredient (through the registry), import, and the
	// two refused reads of the events themselves.
	if kinds["token_created"] != 1 || kinds["token_revoked"] != 1 || kinds["forbidden"] < 4 {
		t.Errorf("events %v, want a token created and revoked and the denials", kinds)
	}
	if strings.Contains(string(r.Body), created.Token) {
		t.Error("an event carries a token")
	}
	if r := e.do(req{method: "GET", path: "/api/security-events?limit=1", token: owner}); len(decodeAs[struct{ Events []securityEvent }](t, r).Events) != 1 {
		t.Errorf("limit=1: %s", r.Body)
	}
}
