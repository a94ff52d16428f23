package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// TestElevenMegabyteBodyIs413Everywhere: an 11 MB body gets 413
// payload_too_large in the one error shape on REST, captures and /mcp,
// whether it announces its length or arrives chunked.
func TestElevenMegabyteBodyIs413Everywhere(t *testing.T) {
	t.Parallel()
	h := newHTTPServer(t)
	nt := h.newTenant(t)
	eleven := bytes.Repeat([]byte("a"), 11<<20)
	jsonBody := append(append([]byte(`{"name":"`), eleven...), `"}`...)
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreatePart(map[string][]string{"Content-Disposition": {`form-data; name="image"; filename="shelf.jpg"`},
		"Content-Type": {"image/jpeg"}})
	_, _ = fw.Write(eleven)
	_ = mw.Close()
	rpc := append(append([]byte(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_ingredients","arguments":{"query":"`), eleven...), `"}}}`...)
	cases := []struct {
		name, path, contentType string
		body                    []byte
	}{
		{"REST", "/api/ingredients", "application/json", jsonBody},
		{"captures", "/api/captures", mw.FormDataContentType(), form.Bytes()},
		{"MCP", "/mcp", "application/json", rpc},
	}
	for _, c := range cases {
		for _, chunked := range []bool{false, true} {
			var body io.Reader = bytes.NewReader(c.body)
			if chunked {
				body = io.MultiReader(body) // hides the length
			}
			req, _ := http.NewRequest(http.MethodPost, h.URL+c.path, body)
			req.Header.Set("Authorization", "Bearer "+nt.Token)
			req.Header.Set("Content-Type", c.contentType)
			req.Header.Set("Accept", "application/json, text/event-stream")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var doc struct{ Error tools.Error }
			err = json.NewDecoder(resp.Body).Decode(&doc)
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge || err != nil || doc.Error.Code != "payload_too_large" {
				t.Errorf("%s (chunked %v): %d %+v (%v), want 413 payload_too_large", c.name, chunked, resp.StatusCode, doc.Error, err)
			}
		}
	}
}

// securityHeaders are on every response, whatever the route or status.
var securityHeaders = map[string]string{
	"X-Content-Type-Options":  "nosniff",
	"X-Frame-Options":         "DENY",
	"Content-Security-Policy": "frame-ancestors 'none'",
	"Referrer-Policy":         "no-referrer",
}

// edgeHandler is a server without a database behind it, for what the edge
// decides alone; logs go to the returned buffer.
func edgeHandler(t *testing.T, d web.Deps) (http.Handler, *dbtest.SyncBuffer) {
	t.Helper()
	var logs dbtest.SyncBuffer
	d.Logger = slog.New(web.LogRequestIDs(slog.NewJSONHandler(&logs, nil)))
	if d.Verifier == nil {
		d.Verifier = identity.NewAPITokens(dbtest.Store(t), 0)
	}
	if d.Ready == nil {
		d.Ready = dbtest.Store(t).Ping
	}
	return web.New(d), &logs
}

func serve(h http.Handler, method, path, remote string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	req.RemoteAddr = remote
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestSecurityHeadersOnEveryResponse: nosniff, the frame and referrer
// policies on 200s, 401s and 404s alike; HSTS only over HTTPS, which a
// client cannot claim through X-Forwarded-Proto unless it is a trusted proxy.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	h, _ := edgeHandler(t, web.Deps{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	for _, path := range []string{"/health", "/api/me", "/nowhere", "/metrics"} {
		rec := serve(h, http.MethodGet, path, "192.0.2.1:1234")
		for k, v := range securityHeaders {
			if got := rec.Header().Get(k); got != v {
				t.Errorf("GET %s (%d): %s %q, want %q", path, rec.Code, k, got, v)
			}
		}
		if got := rec.Header().Get("Strict-Transport-Security"); got != "" {
			t.Errorf("GET %s over plain HTTP: HSTS %q, want none", path, got)
		}
	}
	if got := serve(h, http.MethodGet, "/health", "192.0.2.1:1234", "X-Forwarded-Proto", "https").Header().Get("Strict-Transport-Security"); got != "" {
		t.Errorf("X-Forwarded-Proto from an untrusted peer: HSTS %q, want none", got)
	}
	if got := serve(h, http.MethodGet, "/health", "10.1.2.3:1234", "X-Forwarded-Proto", "https").Header().Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
		t.Errorf("HTTPS through a trusted proxy: HSTS %q, want max-age", got)
	}
	req := httptest.NewRequest(http.MethodGet, "https://example.test/health", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req) // httptest sets r.TLS for an https URL
	if got := rec.Header().Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
		t.Errorf("direct HTTPS: HSTS %q, want max-age", got)
	}
}

// logLine is the access log line of the request with id.
func logLine(t *testing.T, logs string, id string) map[string]any {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == "request" && m["request_id"] == id {
			return m
		}
	}
	t.Fatalf("no request log line with request_id %s in:\n%s", id, logs)
	return nil
}

// TestForwardedForOnlyFromTrustedProxies: the client address the log (and
// the limiter) use is the peer's unless the peer is a trusted proxy; then
// it is the first untrusted hop from the right of X-Forwarded-For, so an
// address the client planted at the left is ignored.
func TestForwardedForOnlyFromTrustedProxies(t *testing.T) {
	t.Parallel()
	h, logs := edgeHandler(t, web.Deps{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}})
	cases := []struct{ id, remote, xff, want string }{
		{"direct", "192.0.2.1:1234", "", "192.0.2.1"},
		{"untrusted-peer", "192.0.2.1:1234", "203.0.113.9", "192.0.2.1"},
		{"trusted-peer", "10.0.0.5:1234", "203.0.113.9", "203.0.113.9"},
		{"planted", "10.0.0.5:1234", "198.51.100.66, 203.0.113.9, 10.0.0.7", "203.0.113.9"},
		{"v6-proxy", "[fd00::1]:1234", "2001:db8::5", "2001:db8::5"},
		{"garbage", "10.0.0.5:1234", "not-an-address", "10.0.0.5"},
	}
	for _, c := range cases {
		hdr := []string{"X-Request-ID", "xff-" + c.id}
		if c.xff != "" {
			hdr = append(hdr, "X-Forwarded-For", c.xff)
		}
		serve(h, http.MethodGet, "/health", c.remote, hdr...)
	}
	for _, c := range cases {
		if got := logLine(t, logs.String(), "xff-"+c.id)["client_address"]; got != c.want {
			t.Errorf("%s: client_address %v, want %s", c.id, got, c.want)
		}
	}
}

// TestCORSOnlyForConfiguredOrigins: a preflight from an allowed origin is
// answered with the allowed methods and headers; another origin, or any
// origin when CORS_ORIGINS is empty, gets no CORS headers at all.
func TestCORSOnlyForConfiguredOrigins(t *testing.T) {
	t.Parallel()
	allowed, _ := edgeHandler(t, web.Deps{CORSOrigins: []string{"https://app.example.test"}})
	none, _ := edgeHandler(t, web.Deps{})
	preflight := func(h http.Handler, origin string) *httptest.ResponseRecorder {
		return serve(h, http.MethodOptions, "/api/ingredients", "192.0.2.1:1", "Origin", origin,
			"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type")
	}
	rec := preflight(allowed, "https://app.example.test")
	if rec.Code >= 300 || rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example.test" ||
		!strings.Contains(strings.ToLower(rec.Header().Get("Access-Control-Allow-Headers")), "authorization") {
		t.Errorf("allowed preflight: %d %v", rec.Code, rec.Header())
	}
	for name, rec := range map[string]*httptest.ResponseRecorder{
		"other origin":    preflight(allowed, "https://evil.example.test"),
		"no CORS_ORIGINS": preflight(none, "https://app.example.test"),
		"simple request":  serve(none, http.MethodGet, "/health", "192.0.2.1:1", "Origin", "https://app.example.test"),
	} {
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("%s: Access-Control-Allow-Origin %q, want none", name, got)
		}
	}
	rec = serve(allowed, http.MethodGet, "/health", "192.0.2.1:1", "Origin", "https://app.example.test")
	if rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example.test" ||
		!strings.Contains(rec.Header().Get("Access-Control-Expose-Headers"), "Retry-After") {
		t.Errorf("allowed simple request: %v", rec.Header())
	}
}
