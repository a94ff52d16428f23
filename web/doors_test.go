package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// TestRESTRefusesMalformedText: bytes that are not UTF-8 and lone
// surrogate escapes are a 400 naming the field, not text silently changed
// to U+FFFD, and nothing is written.
func TestRESTRefusesMalformedText(t *testing.T) {
	t.Parallel()
	a := newRESTEnv(t)
	tok := a.tenant.Token
	wantError(t, a.do("POST", "/api/ingredients", tok, "{\"name\":\"Fl\xffour\"}"), 400, "invalid_argument", "name")
	wantError(t, a.do("POST", "/api/ingredients", tok, `{"name":"Flour","notes":"\udfff"}`), 400, "invalid_argument", "notes")
	e := wantError(t, a.do("POST", "/api/ingredients", tok, `{"name":"Flour","colour":"white"}`), 400, "invalid_argument", "colour")
	if !strings.Contains(e.Message, "accepted:") {
		t.Errorf("unknown property message %q does not list what is accepted", e.Message)
	}
	if r := a.do("GET", "/api/ingredients", tok, ""); r.Status != 200 || string(bytes.TrimSpace(r.Body)) != "[]" {
		t.Errorf("after refused writes: %d %s, want an empty list", r.Status, r.Body)
	}
}

// TestMCPOversizedBodyIsTheJSONError: a body over the 10 MB limit gets 413
// in the one error shape on /mcp, with or without a Content-Length.
func TestMCPOversizedBodyIsTheJSONError(t *testing.T) {
	t.Parallel()
	h := newHTTPServer(t)
	nt := h.newTenant(t)
	big := append([]byte(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_ingredients","arguments":{"query":"`),
		bytes.Repeat([]byte("a"), 11<<20)...)
	big = append(big, []byte(`"}}}`)...)
	for name, body := range map[string]io.Reader{
		"content-length": bytes.NewReader(big),
		"chunked":        io.MultiReader(bytes.NewReader(big)), // hides the length
	} {
		req, _ := http.NewRequest(http.MethodPost, h.URL+"/mcp", body)
		req.Header.Set("Authorization", "Bearer "+nt.Token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct{ Error tools.Error }
		err = json.NewDecoder(resp.Body).Decode(&doc)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || err != nil || doc.Error.Code != "payload_too_large" ||
			!strings.Contains(doc.Error.Message, "10 MB") || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: %d %q %+v (%v), want 413 payload_too_large as JSON", name, resp.StatusCode, resp.Header.Get("Content-Type"), doc.Error, err)
		}
	}
}

// TestRESTRefusesMalformedTextInQuery: a query value that is not UTF-8 is
// a 400 naming it, not text silently changed to U+FFFD. (Path values reach
// the tools as the escaped text they were sent as.)
func TestRESTRefusesMalformedTextInQuery(t *testing.T) {
	t.Parallel()
	a := newRESTEnv(t)
	tok := a.tenant.Token
	wantError(t, a.do("GET", "/api/ingredients?query=%ff", tok, ""), 400, "invalid_argument", "query")
	wantError(t, a.do("GET", "/api/barcode_reviews?status=%c3%28", tok, ""), 400, "invalid_argument", "status")
}

// TestRESTBodyPathMismatchIsShort: a body naming another record than the
// path is refused without repeating a huge value back.
func TestRESTBodyPathMismatchIsShort(t *testing.T) {
	t.Parallel()
	a := newRESTEnv(t)
	huge := strings.Repeat("9", 100000)
	r := a.do("POST", "/api/barcode_reviews/"+uuid.NewString()+"/resolve", a.tenant.Token, `{"review_id":"`+huge+`","action":"skip"}`)
	wantError(t, r, 400, "invalid_argument", "review_id")
	if len(r.Body) > 1000 {
		t.Errorf("the error repeats the input: %d bytes", len(r.Body))
	}
}

// TestRESTRoutesFollowTheToolsets: a server of some toolsets mounts only
// the routes of their tools; the others are a plain 404, not an error
// about a tool the caller never named.
func TestRESTRoutesFollowTheToolsets(t *testing.T) {
	t.Parallel()
	s := dbtest.Store(t)
	tokens := identity.NewAPITokens(s, 0)
	reg, err := tools.NewRegistry(tools.New(s, nil), "events")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(web.Deps{Verifier: tokens, Ready: s.Ping, Registry: reg}))
	t.Cleanup(srv.Close)
	nt, err := identity.CreateTenant(t.Context(), s, tokens, "Events only", "events-"+uuid.NewString()[:8]+"@example.test")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/ingredients", "/api/barcode_reviews"} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+nt.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || strings.Contains(string(body), "tool") {
			t.Errorf("%s with only events served: %d %s, want a plain 404", path, resp.StatusCode, body)
		}
	}
}
