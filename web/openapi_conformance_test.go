package web_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	vErrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/helpers"

	"github.com/baketracker/baketracker/web"
)

// conforming wraps h, a server of New, so that every answer it gives in a
// test is checked against its own /api/openapi.json: status, content type
// and body schema. The REST tests' servers are wrapped, so every response
// they provoke — successes and errors alike — holds the document to what
// the handlers really do. Requests are not checked (tests send bad ones on
// purpose); /mcp (the MCP SDK's JSON-RPC and event streams) and /metrics
// pass through.
func conforming(t reporter, h http.Handler) http.Handler {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, web.OpenAPIPath, nil))
	doc, err := libopenapi.NewDocument(rec.Body.Bytes())
	if err != nil {
		t.Fatalf("parse %s: %v", web.OpenAPIPath, err)
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions(), config.WithLogger(slog.New(slog.DiscardHandler)))
	if len(errs) > 0 {
		t.Fatalf("validator for %s: %v", web.OpenAPIPath, errs)
	}
	var mu sync.Mutex // the validator's caches are not documented as safe for concurrent use
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/mcp" || r.URL.Path == "/metrics" || r.Method == http.MethodHead {
			h.ServeHTTP(w, r)
			return
		}
		var body []byte
		if r.Body != nil { // nil in requests served in-process
			body, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		res := rec.Result()
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())

		check := r.Clone(r.Context())
		check.Body = io.NopCloser(bytes.NewReader(body))
		mu.Lock()
		ok, verrs := v.ValidateHttpResponse(check, res)
		mu.Unlock()
		if ok || undocumentedPath(verrs) {
			return
		}
		var why []string
		for _, e := range verrs {
			s := e.Message + ": " + e.Reason
			for _, se := range e.SchemaValidationErrors {
				s += " [" + se.FieldPath + " " + se.Reason + "]"
			}
			why = append(why, s)
		}
		t.Errorf("%s %s answered %d %s, which its OpenAPI document does not allow: %s",
			r.Method, r.URL.Path, rec.Code, strings.TrimSpace(rec.Body.String()), strings.Join(why, "; "))
	})
}

// reporter is the part of *testing.T conforming reports through.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// undocumentedPath: the request is outside every documented operation —
// the router's own 404 or 405, or a route the document lacks, which
// TestOpenAPIMatchesTheRoutes reports once rather than every test here.
func undocumentedPath(errs []*vErrors.ValidationError) bool {
	for _, e := range errs {
		if e.ValidationType != helpers.PathValidation {
			return false
		}
	}
	return true
}

// recorded keeps what conforming reports, to test conforming itself.
type recorded struct {
	*testing.T
	errors []string
}

func (r *recorded) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestConformingCatchesUndocumentedAnswers: the check the REST tests'
// servers run is able to fail — on a status the document does not list and
// on a body that breaks its schema — and passes a documented answer.
func TestConformingCatchesUndocumentedAnswers(t *testing.T) {
	t.Parallel()
	doc := `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/x":{"get":{"responses":{"200":{"description":"ok",
		"content":{"application/json":{"schema":{"type":"object","required":["a"],"properties":{"a":{"type":"integer"}}}}}}}}}}}`
	answers := map[string]struct {
		status int
		body   string
		fails  bool
	}{
		"documented":        {200, `{"a":1}`, false},
		"breaks the schema": {200, `{"a":"one"}`, true},
		"another status":    {201, `{"a":1}`, true},
	}
	for name, a := range answers {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if r.URL.Path == web.OpenAPIPath {
				_, _ = io.WriteString(w, doc)
				return
			}
			w.WriteHeader(a.status)
			_, _ = io.WriteString(w, a.body)
		})
		rt := &recorded{T: t}
		rec := httptest.NewRecorder()
		conforming(rt, h).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x", nil))
		if rec.Code != a.status || rec.Body.String() != a.body {
			t.Errorf("%s: the answer was changed on its way: %d %s", name, rec.Code, rec.Body)
		}
		if got := len(rt.errors) > 0; got != a.fails {
			t.Errorf("%s: reported %v, want a report %v", name, rt.errors, a.fails)
		}
	}
}
