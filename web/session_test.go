package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/web"
)

// TestSessionCookie: signing in sets an HttpOnly, SameSite=Lax cookie
// (not Secure on plain-HTTP 127.0.0.1); the cookie works for reads; a write
// without the CSRF token is 403 csrf_required, with a wrong one
// csrf_invalid, with the one GET /api/session gives it succeeds; signing
// out ends the session.
func TestSessionCookie(t *testing.T) {
	t.Parallel()
	e := newIDEnv(t)
	b := browser(t)

	r := e.do(req{method: "POST", path: "/api/session", body: `{"token":"` + e.as[asMember].Token + `"}`, client: b})
	if r.Status != http.StatusCreated {
		t.Fatalf("sign in: %d %s", r.Status, r.Body)
	}
	signedIn := decodeAs[map[string]any](t, r)
	csrf, _ := signedIn["csrf_token"].(string)
	if csrf == "" || signedIn["role"] != "member" || signedIn["user_id"] != e.as[asMember].UserID.String() {
		t.Fatalf("sign-in answer %s", r.Body)
	}
	cookie := r.Header.Get("Set-Cookie")
	for _, want := range []string{web.SessionCookie + "=bts_", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("Set-Cookie %q lacks %q", cookie, want)
		}
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("Set-Cookie %q is Secure on plain-HTTP 127.0.0.1, where a browser would drop it", cookie)
	}

	if r := e.do(req{method: "GET", path: "/api/ingredients", client: b}); r.Status != http.StatusOK {
		t.Fatalf("read with the cookie: %d %s", r.Status, r.Body)
	}
	if r := e.do(req{method: "GET", path: "/api/me", client: b}); r.Status != http.StatusOK ||
		decodeAs[map[string]any](t, r)["user_id"] != e.as[asMember].UserID.String() {
		t.Fatalf("me with the cookie: %d %s", r.Status, r.Body)
	}
	r = e.do(req{method: "GET", path: "/api/session", client: b})
	if r.Status != http.StatusOK || decodeAs[map[string]any](t, r)["csrf_token"] != csrf {
		t.Fatalf("GET /api/session: %d %s, want csrf_token %s", r.Status, r.Body, csrf)
	}

	create := `{"name":"Cookie flour"}`
	wantError(t, e.do(req{method: "POST", path: "/api/ingredients", body: create, client: b}), 403, "csrf_required", "")
	wantError(t, e.do(req{method: "POST", path: "/api/ingredients", body: create, client: b,
		header: map[string]string{web.CSRFHeader: csrf + "x"}}), 403, "csrf_invalid", "")
	// The refused writes wrote nothing.
	if r := e.do(req{method: "GET", path: "/api/ingredients", client: b}); r.Status != http.StatusOK || strings.Contains(string(r.Body), "Cookie flour") {
		t.Fatalf("a refused write was written: %s", r.Body)
	}
	if r := e.do(req{method: "POST", path: "/api/ingredients", body: create, client: b,
		header: map[string]string{web.CSRFHeader: csrf}}); r.Status != http.StatusCreated {
		t.Fatalf("write with the CSRF token: %d %s", r.Status, r.Body)
	}
	// A bearer request needs no CSRF token.
	if r := e.do(req{method: "POST", path: "/api/ingredients", body: `{"name":"Bearer flour"}`, token: e.as[asMember].Token}); r.Status != http.StatusCreated {
		t.Fatalf("bearer write: %d %s", r.Status, r.Body)
	}

	wantError(t, e.do(req{method: "DELETE", path: "/api/session", client: b}), 403, "csrf_required", "")
	if r := e.do(req{method: "DELETE", path: "/api/session", client: b, header: map[string]string{web.CSRFHeader: csrf}}); r.Status != http.StatusNoContent {
		t.Fatalf("sign out: %d %s", r.Status, r.Body)
	}
	wantError(t, e.do(req{method: "GET", path: "/api/ingredients", client: b}), 401, "unauthorized", "")

	// The old cookie, replayed after sign-out, is refused too.
	stolen := strings.SplitN(strings.TrimPrefix(cookie, web.SessionCookie+"="), ";", 2)[0]
	wantError(t, e.do(req{method: "GET", path: "/api/me", header: map[string]string{"Cookie": web.SessionCookie + "=" + stolen}}), 401, "unauthorized", "")
}

// TestSessionOfReadOnlyToken: a session opened with a read-only token is
// read-only, and bad sign-in bodies are 400s naming the field.
func TestSessionOfReadOnlyToken(t *testing.T) {
	t.Parallel()
	e := newIDEnv(t)
	b := browser(t)
	r := e.do(req{method: "POST", path: "/api/session", body: `{"token":"` + e.as[asReadOnly].Token + `"}`, client: b})
	if r.Status != http.StatusCreated || decodeAs[map[string]any](t, r)["read_only"] != true {
		t.Fatalf("sign in: %d %s", r.Status, r.Body)
	}
	csrf := decodeAs[map[string]any](t, r)["csrf_token"].(string)
	wantError(t, e.do(req{method: "POST", path: "/api/ingredients", body: `{"name":"x"}`, client: b,
		header: map[string]string{web.CSRFHeader: csrf}}), 403, "forbidden", "")

	wantError(t, e.do(req{method: "POST", path: "/api/session", body: `{}`}), 400, "invalid_argument", "token")
	wantError(t, e.do(req{method: "POST", path: "/api/session", body: `{"token":1}`}), 400, "invalid_argument", "token")
	wantError(t, e.do(req{method: "POST", path: "/api/session", body: `{"tokn":"x"}`}), 400, "invalid_argument", "tokn")
	wantError(t, e.do(req{method: "POST", path: "/api/session", body: `{"token":"btk_nope"}`}), 401, "unauthorized", "")
	// GET /api/session with a bearer token has no session to show.
	wantError(t, e.do(req{method: "GET", path: "/api/session", token: e.as[asOwner].Token}), 404, "not_found", "")
}

// TestSixthFailedSignInIs429: five failed sign-ins inside 15 minutes from
// one address are 401s; the sixth attempt, even with a good token, is 429
// with Retry-After. Another address is not affected. Against one account,
// failures from five addresses block a sixth address too.
func TestSixthFailedSignInIs429(t *testing.T) {
	t.Parallel()
	e := newIDEnv(t)
	bad := "btk_" + strings.Repeat("A", 86)
	for i := 1; i <= 5; i++ {
		r := e.do(req{method: "GET", path: "/api/me", token: bad, remote: "192.0.2.10:1234"})
		wantError(t, r, 401, "unauthorized", "")
	}
	r := e.do(req{method: "GET", path: "/api/me", token: e.as[asOwner].Token, remote: "192.0.2.10:1234"})
	wantError(t, r, 429, "too_many_sign_in_attempts", "")
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 15*60 {
		t.Errorf("Retry-After %q, want 1..900 seconds", r.Header.Get("Retry-After"))
	}
	// The sign-in endpoint is limited the same way.
	wantError(t, e.do(req{method: "POST", path: "/api/session", body: `{"token":"` + e.as[asOwner].Token + `"}`, remote: "192.0.2.10:1234"}),
		429, "too_many_sign_in_attempts", "")
	if r := e.do(req{method: "GET", path: "/api/me", token: e.as[asOwner].Token, remote: "192.0.2.11:1234"}); r.Status != http.StatusOK {
		t.Fatalf("another address: %d %s", r.Status, r.Body)
	}

	// One account (the owner's token id, with a wrong secret) from five
	// addresses: the sixth address is refused for that account only.
	tok := e.as[asOwner].Token
	wrong := tok[:len(tok)-4] + "AAAA"
	if wrong == tok {
		wrong = tok[:len(tok)-4] + "BBBB"
	}
	for i := 1; i <= 5; i++ {
		wantError(t, e.do(req{method: "GET", path: "/api/me", token: wrong, remote: fmt.Sprintf("198.51.100.%d:1", i)}), 401, "unauthorized", "")
	}
	wantError(t, e.do(req{method: "GET", path: "/api/me", token: tok, remote: "198.51.100.99:1"}), 429, "too_many_sign_in_attempts", "")
	if r := e.do(req{method: "GET", path: "/api/me", token: e.as[asAdmin].Token, remote: "198.51.100.99:1"}); r.Status != http.StatusOK {
		t.Fatalf("another account from that address: %d %s", r.Status, r.Body)
	}

	// The failures against the owner's token are in the tenant's security
	// events, with the address and never the token; the refusals past the
	// limit are only logged. (The owner's other,
	// read-only, token is another account for the limiter.)
	r = e.do(req{method: "GET", path: "/api/security-events", token: e.as[asReadOnly].Token})
	if r.Status != http.StatusOK {
		t.Fatalf("security events: %d %s", r.Status, r.Body)
	}
	body := string(r.Body)
	if n := strings.Count(body, `"kind":"authentication_failed"`); n != 5 || !strings.Contains(body, `"client_address":"198.51.100.3"`) {
		t.Errorf("security events (%d failures) %s", n, body)
	}
	if strings.Contains(body, wrong[len(wrong)-30:]) || strings.Contains(body, tok[len(tok)-30:]) {
		t.Error("a security event carries the token")
	}
}

// TestSignInNeedsJSON: a cross-site form (text/plain or urlencoded) cannot
// sign a browser in.
func TestSignInNeedsJSON(t *testing.T) {
	t.Parallel()
	e := newIDEnv(t)
	body := `{"token":"` + e.as[asOwner].Token + `"}`
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded"} {
		r := e.do(req{method: "POST", path: "/api/session", body: body, header: map[string]string{"Content-Type": ct}})
		wantError(t, r, 415, "unsupported_media_type", "body")
		if r.Header.Get("Set-Cookie") != "" {
			t.Errorf("%s: a cookie was set", ct)
		}
	}
}

// TestSessionCookieSecureAndMCP: away from plain-HTTP localhost the cookie
// is Secure; /mcp takes the cookie too, and a tool call over it needs the
// CSRF token like any other cookie-signed write.
func TestSessionCookieSecureAndMCP(t *testing.T) {
	t.Parallel()
	e := newIDEnv(t)
	r := e.do(req{method: "POST", path: "/api/session", body: `{"token":"` + e.as[asOwner].Token + `"}`,
		header: map[string]string{"Host": "bakery.example"}, remote: "203.0.113.5:4000"})
	if r.Status != http.StatusCreated || !strings.Contains(r.Header.Get("Set-Cookie"), "Secure") {
		t.Fatalf("sign in on bakery.example: %d %q", r.Status, r.Header.Get("Set-Cookie"))
	}
	b := browser(t)
	r = e.do(req{method: "POST", path: "/api/session", body: `{"token":"` + e.as[asOwner].Token + `"}`, client: b})
	csrf, _ := decodeAs[map[string]any](t, r)["csrf_token"].(string)
	call := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_ingredient","arguments":{"name":"Cookie rye"}}}`
	mcpHeader := map[string]string{"Accept": "application/json, text/event-stream"}
	wantError(t, e.do(req{method: "POST", path: "/mcp", body: call, client: b, header: mcpHeader}), 403, "csrf_required", "")
	mcpHeader[web.CSRFHeader] = csrf
	r = e.do(req{method: "POST", path: "/mcp", body: call, client: b, header: mcpHeader})
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "Cookie rye") || strings.Contains(string(r.Body), `"isError":true`) {
		t.Fatalf("MCP tool call with the cookie and CSRF token: %d %s", r.Status, r.Body)
	}
}

// TestSessionCookieSecureBehindHTTPSProxy: on localhost (where plain HTTP
// gets a cookie without Secure), a request that a trusted proxy says came
// over HTTPS gets Secure and HSTS; the same claim from an untrusted peer
// changes nothing.
func TestSessionCookieSecureBehindHTTPSProxy(t *testing.T) {
	t.Parallel()
	e := newIDEnv(t)
	d := e.deps
	d.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	h := web.New(d)
	signIn := func(remote string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/api/session", strings.NewReader(`{"token":"`+e.as[asOwner].Token+`"}`))
		r.Host, r.RemoteAddr = "localhost:8080", remote
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-Forwarded-Proto", "https")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	rec := signIn("127.0.0.1:4000")
	if rec.Code != http.StatusCreated || !strings.Contains(rec.Header().Get("Set-Cookie"), "Secure") || rec.Header().Get("Strict-Transport-Security") == "" {
		t.Errorf("HTTPS via a trusted proxy: %d Set-Cookie %q HSTS %q", rec.Code, rec.Header().Get("Set-Cookie"), rec.Header().Get("Strict-Transport-Security"))
	}
	rec = signIn("192.0.2.9:4000")
	if rec.Code != http.StatusCreated || strings.Contains(rec.Header().Get("Set-Cookie"), "Secure") || rec.Header().Get("Strict-Transport-Security") != "" {
		t.Errorf("X-Forwarded-Proto from an untrusted peer: %d Set-Cookie %q HSTS %q", rec.Code, rec.Header().Get("Set-Cookie"), rec.Header().Get("Strict-Transport-Security"))
	}
}
