package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/web"
)

// TestMetricsNeedTheirToken: /metrics is hidden (404) without METRICS_TOKEN,
// refuses a missing or wrong bearer token (401), and serves the right one.
func TestMetricsNeedTheirToken(t *testing.T) {
	t.Parallel()
	get := func(h http.Handler, auth string) (int, string) {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body, _ := io.ReadAll(rec.Body)
		return rec.Code, string(body)
	}
	hidden := web.New(web.Deps{})
	if code, _ := get(hidden, "Bearer anything"); code != http.StatusNotFound {
		t.Errorf("no METRICS_TOKEN: %d, want 404", code)
	}
	guarded := web.New(web.Deps{MetricsToken: "s3cret"})
	for _, auth := range []string{"", "Bearer wrong", "Bearer s3cret2", "s3cret", "Basic s3cret"} {
		if code, body := get(guarded, auth); code != http.StatusUnauthorized || strings.Contains(body, "baketracker_http") {
			t.Errorf("Authorization %q: %d %q, want 401 without metrics", auth, code, body)
		}
	}
	code, body := get(guarded, "Bearer s3cret")
	if code != http.StatusOK || !strings.Contains(body, `baketracker_http_requests_total{method="GET",route="/metrics",status="401"}`) {
		t.Errorf("right token: %d\n%s", code, body)
	}
}
