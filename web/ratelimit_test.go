package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/ratelimit"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// fakeClock is an injected clock the test moves by hand: no sleeping.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// TestRequestLimitIsSharedByTwoServers: two server instances over one
// database (two replicas) share one caller's 100 requests a minute, however
// the requests are spread over them: the 101st inside the minute is 429
// with Retry-After and the RateLimit headers, in the one error shape; the
// next minute serves again.
func TestRequestLimitIsSharedByTwoServers(t *testing.T) {
	t.Parallel()
	s := dbtest.Store(t)
	tokens := identity.NewAPITokens(s, 0)
	// A window start far from the real one: this test's counts are its own.
	clock := &fakeClock{now: time.Now().Truncate(time.Minute).Add(-time.Duration(1+time.Now().UnixNano()%10000) * time.Hour).Add(10 * time.Second)}
	metrics := web.NewMetrics(nil)
	replica := func(m *web.Metrics) http.Handler {
		reg := tools.MustRegistry(tools.New(s, nil))
		return web.New(web.Deps{Logger: slog.New(slog.DiscardHandler), Verifier: tokens, Ready: s.Ping, Registry: reg,
			RateLimiter: ratelimit.New(s, 100, time.Minute, clock.Now, nil), Metrics: m})
	}
	a, b := replica(metrics), replica(nil)
	nt, err := identity.CreateTenant(t.Context(), s, tokens, "Limited Bakery", "limited-"+strconv.FormatInt(time.Now().UnixNano(), 36)+"@example.test")
	if err != nil {
		t.Fatal(err)
	}
	get := func(h http.Handler) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/api/ingredients?limit=1", nil)
		req.Header.Set("Authorization", "Bearer "+nt.Token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	// 100 requests, unevenly spread: a run on one, then alternating.
	for i := range 100 {
		h := a
		if i >= 37 && i%2 == 1 {
			h = b
		}
		rec := get(h)
		if rec.Code != http.StatusOK {
			t.Fatalf("request %d: %d %s, want 200 within the limit", i+1, rec.Code, rec.Body)
		}
		if rec.Header().Get("RateLimit-Policy") != `"default";q=100;w=60` || !strings.HasPrefix(rec.Header().Get("RateLimit"), `"default";r=`) {
			t.Fatalf("request %d: RateLimit-Policy %q, RateLimit %q", i+1, rec.Header().Get("RateLimit-Policy"), rec.Header().Get("RateLimit"))
		}
	}
	clock.Add(20 * time.Second) // still inside the minute
	for _, h := range []http.Handler{a, b} {
		rec := get(h)
		var doc struct{ Error tools.Error }
		_ = json.Unmarshal(rec.Body.Bytes(), &doc)
		if rec.Code != http.StatusTooManyRequests || doc.Error.Code != "rate_limited" {
			t.Fatalf("101st request: %d %s, want 429 rate_limited", rec.Code, rec.Body)
		}
		if got := rec.Header().Get("Retry-After"); got != "30" {
			t.Errorf("Retry-After %q, want 30 (the seconds left in the minute)", got)
		}
		if got := rec.Header().Get("RateLimit"); got != `"default";r=0;t=30` {
			t.Errorf("RateLimit %q", got)
		}
	}
	rec := httptest.NewRecorder()
	metrics.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if !strings.Contains(rec.Body.String(), `baketracker_rate_limited_total{caller="user"} 1`) {
		t.Errorf("the refusal is not counted:\n%s", rec.Body)
	}
	clock.Add(30 * time.Second) // the next minute
	if rec := get(b); rec.Code != http.StatusOK {
		t.Errorf("next minute: %d %s, want 200", rec.Code, rec.Body)
	}
}

// TestRequestLimitCountsAnonymousCallersByAddress: without a credential the
// client's address is the key, so one address cannot try forever.
func TestRequestLimitCountsAnonymousCallersByAddress(t *testing.T) {
	t.Parallel()
	s := dbtest.Store(t)
	clock := &fakeClock{now: time.Now().Truncate(time.Minute).Add(-time.Duration(20000+time.Now().UnixNano()%10000) * time.Hour)}
	h := web.New(web.Deps{Logger: slog.New(slog.DiscardHandler), Verifier: identity.NewAPITokens(s, 0), Ready: s.Ping,
		RateLimiter: ratelimit.New(s, 3, time.Minute, clock.Now, nil)})
	status := func(addr string) int {
		req := httptest.NewRequest(http.MethodGet, "/api/me", nil)
		req.RemoteAddr = addr + ":5000"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	for i := range 3 {
		if got := status("192.0.2.7"); got != http.StatusUnauthorized {
			t.Fatalf("anonymous request %d: %d, want 401", i+1, got)
		}
	}
	if got := status("192.0.2.7"); got != http.StatusTooManyRequests {
		t.Errorf("4th anonymous request from one address: %d, want 429", got)
	}
	if got := status("192.0.2.8"); got != http.StatusUnauthorized {
		t.Errorf("another address: %d, want 401 (its own count)", got)
	}
}

// countingStore counts shared-count reservations, to show the fast path.
type countingStore struct {
	ratelimit.Counter
	mu    sync.Mutex
	takes int
}

func (c *countingStore) RateLimitTake(ctx context.Context, key []byte, w time.Time, want, limit int) (int, int, error) {
	c.mu.Lock()
	c.takes++
	c.mu.Unlock()
	return c.Counter.RateLimitTake(ctx, key, w, want, limit)
}

// TestRequestLimitReservesInBlocks: 150 requests of one caller (100 allowed)
// cost about twenty database reservations, not 150 writes.
func TestRequestLimitReservesInBlocks(t *testing.T) {
	t.Parallel()
	cs := &countingStore{Counter: dbtest.Store(t)}
	clock := &fakeClock{now: time.Now().Truncate(time.Minute).Add(-time.Duration(40000+time.Now().UnixNano()%10000) * time.Hour)}
	l := ratelimit.New(cs, 100, time.Minute, clock.Now, nil)
	allowed := 0
	for range 150 {
		if l.Allow(t.Context(), "user:blocks").Allowed {
			allowed++
		}
	}
	if allowed != 100 {
		t.Errorf("allowed %d of 150, want exactly 100", allowed)
	}
	if cs.takes > 25 {
		t.Errorf("%d reservations for 150 requests: the fast path is not working", cs.takes)
	}
	t.Logf("%d reservations for 150 requests", cs.takes)
}
