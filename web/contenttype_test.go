package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/baketracker/baketracker/tools"
)

// A JSON endpoint refuses a body not declared application/json with 415
// naming the accepted type, and writes nothing: a cross-site form post
// (text/plain or form-encoded) must not be parsed as JSON.
func TestJSONBodyNeedsJSONContentType(t *testing.T) {
	t.Parallel()
	e := newRESTEnv(t)
	tok := e.tenant.Token
	body := `{"name": "Smuggled Flour"}`
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", ""} {
		r := e.do(http.MethodPost, "/api/ingredients", tok, body, "Content-Type", ct)
		var doc struct{ Error tools.Error }
		_ = json.Unmarshal(r.Body, &doc)
		if r.Status != http.StatusUnsupportedMediaType || doc.Error.Code != "unsupported_media_type" || doc.Error.Field != "Content-Type" {
			t.Errorf("Content-Type %q: %d %s, want 415 unsupported_media_type", ct, r.Status, r.Body)
		}
	}
	if list := e.do(http.MethodGet, "/api/ingredients?query=smuggled", tok, ""); string(list.Body) != "[]\n" && string(list.Body) != "[]" {
		t.Errorf("refused bodies wrote: %s", list.Body)
	}
	for i, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON; charset=UTF-8"} {
		r := e.do(http.MethodPost, "/api/ingredients", tok, fmt.Sprintf(`{"name": "Flour %d"}`, i), "Content-Type", ct)
		if r.Status != http.StatusCreated {
			t.Errorf("Content-Type %q: %d %s, want 201", ct, r.Status, r.Body)
		}
	}
}
