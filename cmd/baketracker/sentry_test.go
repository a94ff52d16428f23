package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getsentry/sentry-go"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/web"
)

// capturedEvents is a Sentry transport that keeps the events (the network
// edge replaced, nothing else).
type capturedEvents struct {
	mu     sync.Mutex
	events []*sentry.Event
}

func (c *capturedEvents) Flush(time.Duration) bool              { return true }
func (c *capturedEvents) FlushWithContext(context.Context) bool { return true }
func (c *capturedEvents) Configure(sentry.ClientOptions)        {}
func (c *capturedEvents) Close()                                {}
func (c *capturedEvents) SendEvent(e *sentry.Event) {
	c.mu.Lock()
	c.events = append(c.events, e)
	c.mu.Unlock()
}
func (c *capturedEvents) all() []*sentry.Event { c.mu.Lock(); defer c.mu.Unlock(); return c.events }
func (panickingVerifier) Verify(context.Context, string) (identity.Identity, error) {
	panic("verifier broke")
}

type panickingVerifier struct{}

// TestSentryGetsPanicsWithoutRequestData: a panic behind a route becomes a
// 500 in the one error shape and one Sentry event tagged with the request
// id, route and status, holding neither the body, the headers nor the
// token; a 4xx is not reported.
func TestSentryGetsPanicsWithoutRequestData(t *testing.T) {
	t.Parallel()
	events := &capturedEvents{}
	reporter, _, err := newSentryReporter(sentry.ClientOptions{Dsn: "https://public@sentry.example.test/1", Transport: events})
	if err != nil {
		t.Fatal(err)
	}
	h := web.New(web.Deps{Logger: slog.New(slog.DiscardHandler), Verifier: panickingVerifier{},
		Ready: func(context.Context) error { return nil }, ErrorReporter: reporter})
	// Built at run time: the event carries source lines around its frames.
	body, token := "keep-"+strings.Repeat("x", 3)+"-out", "btk_"+strings.Repeat("s", 20)
	req := httptest.NewRequest(http.MethodGet, "/api/me", strings.NewReader(`{"secret_body":"`+body+`"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("X-Request-ID", "sentry-1")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), `"code":"internal"`) {
		t.Fatalf("panic: %d %s, want 500 internal", rec.Code, rec.Body)
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/me", nil)) // 401: not reported
	got := events.all()
	if len(got) != 1 {
		t.Fatalf("%d events, want 1", len(got))
	}
	ev := got[0]
	if ev.Tags["request_id"] != "sentry-1" || ev.Tags["route"] != "/api/me" || ev.Tags["status"] != "500" {
		t.Errorf("tags %v", ev.Tags)
	}
	b, _ := json.Marshal(ev)
	for _, leak := range []string{body, token} {
		if strings.Contains(string(b), leak) {
			t.Errorf("the event holds %q: %s", leak, b)
		}
	}
}
