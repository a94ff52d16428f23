package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/store"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// TestRequestLogLineHasIDsButNoSecrets: a request's log line carries its
// request id (the caller's own X-Request-ID), tenant, user, route pattern,
// status and latency, and nowhere in the log is the bearer token or the
// cookie value.
// Both ways of writing the line are checked: through slog, and through the
// hand-encoded AccessLog the server uses.
func TestRequestLogLineHasIDsButNoSecrets(t *testing.T) {
	t.Parallel()
	s := dbtest.Store(t)
	for _, viaAccessLog := range []bool{false, true} {
		t.Run(map[bool]string{false: "slog", true: "access-log"}[viaAccessLog], func(t *testing.T) {
			var logs dbtest.SyncBuffer
			d := web.Deps{Logger: slog.New(web.LogRequestIDs(slog.NewJSONHandler(&logs, nil)))}
			if viaAccessLog {
				d.AccessLog = web.NewAccessLog(&logs)
			}
			requestLogLineHasIDsButNoSecrets(t, s, d, &logs)
		})
	}
}

func requestLogLineHasIDsButNoSecrets(t *testing.T, s *store.Store, d web.Deps, logs *dbtest.SyncBuffer) {
	tokens := identity.NewAPITokens(s, 0)
	d.Verifier, d.Ready, d.Registry = tokens, s.Ping, tools.MustRegistry(tools.New(s, nil))
	h := web.New(d)
	nt, err := identity.CreateTenant(t.Context(), s, tokens, "Logged Bakery", "logged-"+strings.ReplaceAll(t.Name(), "/", "-")+"@example.test")
	if err != nil {
		t.Fatal(err)
	}
	const cookie = "bts_this-cookie-value-must-not-be-logged"
	req := httptest.NewRequest(http.MethodGet, "/api/ingredients?query=flour&limit=5", nil)
	req.Header.Set("Authorization", "Bearer "+nt.Token)
	req.Header.Set("Cookie", web.SessionCookie+"="+cookie)
	req.Header.Set("X-Request-ID", "log-test-42")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get("X-Request-ID") != "log-test-42" {
		t.Fatalf("%d %s, X-Request-ID %q", rec.Code, rec.Body, rec.Header().Get("X-Request-ID"))
	}
	line := logLine(t, logs.String(), "log-test-42")
	for k, want := range map[string]any{"level": "INFO", "tenant": nt.TenantID.String(), "user": nt.UserID.String(),
		"route": "/api/ingredients", "method": "GET", "status": float64(200)} {
		if line[k] != want {
			t.Errorf("log line %s = %v, want %v (%v)", k, line[k], want, line)
		}
	}
	if _, ok := line["duration_ms"].(float64); !ok {
		t.Errorf("log line has no duration_ms: %v", line)
	}
	_, secret, _ := strings.Cut(nt.Token, "_")
	for _, leak := range []string{nt.Token, secret, cookie, "flour"} {
		if strings.Contains(logs.String(), leak) {
			t.Errorf("the log contains %q:\n%s", leak, logs.String())
		}
	}
}

// TestMetricsCountTraffic: after traffic, /metrics (with its token on the
// public address, or on METRICS_ADDR's own handler) shows the request
// counter by route pattern and status and the latency histogram; without
// the token the public address refuses.
func TestMetricsCountTraffic(t *testing.T) {
	t.Parallel()
	m := web.NewMetrics(func() map[string]float64 { return map[string]float64{"baketracker_db_connections_max": 4} })
	h, _ := edgeHandler(t, web.Deps{Metrics: m, MetricsToken: "s3cret"})
	for range 3 {
		serve(h, http.MethodGet, "/health", "192.0.2.1:1")
	}
	serve(h, http.MethodGet, "/api/no/such/thing/1234", "192.0.2.1:1") // 401, by pattern
	m.ModelTokens("gemini-test", 120, 30)                              // what the agent and the importer count
	m.Capture("proposed")
	m.Import("dry_run")
	if rec := serve(h, http.MethodGet, "/metrics", "192.0.2.1:1"); rec.Code != http.StatusUnauthorized || strings.Contains(rec.Body.String(), "baketracker_http") {
		t.Errorf("anonymous /metrics on the public address: %d, want 401 without metrics", rec.Code)
	}
	public := serve(h, http.MethodGet, "/metrics", "192.0.2.1:1", "Authorization", "Bearer s3cret").Body.String()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	own, _ := io.ReadAll(rec.Body)
	for name, text := range map[string]string{"public address": public, "METRICS_ADDR": string(own)} {
		for _, want := range []string{
			`baketracker_http_requests_total{method="GET",route="/health",status="200"} 3`,
			`baketracker_http_requests_total{method="GET",route="/api/*",status="401"} 1`,
			`baketracker_http_request_duration_seconds_count{method="GET",route="/health",status="200"} 3`,
			`baketracker_db_connections_max 4`,
			`baketracker_model_tokens_total{kind="input",model="gemini-test"} 120`,
			`baketracker_captures_total{outcome="proposed"} 1`,
			`baketracker_imports_total{outcome="dry_run"} 1`,
			`go_goroutines`,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: /metrics lacks %s:\n%s", name, want, text)
			}
		}
	}
}
