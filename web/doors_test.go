package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/tools"
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
