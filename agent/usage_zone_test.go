package agent_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/dbtest"
)

// TestUsageMonthIsTheHouseholdsMonth: in Auckland the month turns 13
// hours before it does in UTC. Spend at 23:00 on 30 November there counts
// for November; an hour later (still November in UTC) the household has
// December's tokens again, and once spent the Retry-After runs to
// midnight on 1 January in Auckland, not in UTC. Los Angeles lags behind.
func TestUsageMonthIsTheHouseholdsMonth(t *testing.T) {
	t.Parallel()
	var now atomic.Pointer[time.Time]
	at := func(s string) {
		ts, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		now.Store(&ts)
	}
	clock := func(c *agent.Config) {
		c.Now = func() time.Time { return *now.Load() }
		c.MonthlyTokenLimit = 15
	}
	at("2026-11-30T10:00:00Z") // 23:00 on 30 November in Auckland
	e := newEnvOn(t, dbtest.Store(t), newFakeGemini(t), clock)
	if _, err := e.registry.Call(t.Context(), e.owner(), "set_time_zone", mustJSON(map[string]any{"time_zone": "Pacific/Auckland"})); err != nil {
		t.Fatal(err)
	}
	e.gemini.then(calls(call("c1", "add_purchase", flour)))
	decode[captureView](t, e.capture(e.tenant.Token, "flour"), http.StatusCreated)
	if u := decode[usage](t, e.do(http.MethodGet, "/api/usage", e.tenant.Token, ""), http.StatusOK); u.Month != "2026-11" || u.Total != 15 {
		t.Errorf("usage at 23:00 in Auckland: %+v, want November's 15 tokens", u)
	}
	if r := e.capture(e.tenant.Token, "sugar"); r.Status != http.StatusTooManyRequests {
		t.Fatalf("November spent: %d %s, want 429", r.Status, r.Body)
	}

	at("2026-11-30T12:00:00Z") // 01:00 on 1 December in Auckland, November in UTC
	if u := decode[usage](t, e.do(http.MethodGet, "/api/usage", e.tenant.Token, ""), http.StatusOK); u.Month != "2026-12" || u.Total != 0 || *u.Remaining != 15 {
		t.Errorf("usage at 01:00 on 1 December in Auckland: %+v, want December, nothing spent", u)
	}
	e.gemini.then(calls(call("c1", "add_purchase", flour)))
	decode[captureView](t, e.capture(e.tenant.Token, "flour again"), http.StatusCreated)
	r := e.capture(e.tenant.Token, "sugar")
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("December spent: %d %s, want 429", r.Status, r.Body)
	}
	// Midnight on 1 January in Auckland is 11:00 UTC on 31 December.
	if got, want := r.Header.Get("Retry-After"), "2674801"; got != want {
		t.Errorf("Retry-After %s s, want %s (30 days 23 hours, to January in Auckland)", got, want)
	}

	la := newEnvOn(t, e.store, e.gemini, clock)
	if _, err := la.registry.Call(t.Context(), la.owner(), "set_time_zone", mustJSON(map[string]any{"time_zone": "America/Los_Angeles"})); err != nil {
		t.Fatal(err)
	}
	at("2026-12-01T05:00:00Z") // 21:00 on 30 November in Los Angeles
	if u := decode[usage](t, la.do(http.MethodGet, "/api/usage", la.tenant.Token, ""), http.StatusOK); u.Month != "2026-11" {
		t.Errorf("usage at 21:00 on 30 November in Los Angeles: month %s, want 2026-11", u.Month)
	}
}
