package identity

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/baketracker/baketracker/dbtest"
)

// TestSessionLifecycle: a session verifies to its caller with a stable CSRF
// token, ends on sign-out, after its idle or absolute lifetime, and when
// the API token it was opened with is revoked.
func TestSessionLifecycle(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := dbtest.Store(t)
	tokens := NewAPITokens(s, 0)
	tn := dbtest.NewTenant(t, s)
	token, tokenID := issue(t, tokens, tn, true)
	caller, err := tokens.Verify(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	ss := NewSessions(s)
	ss.now = func() time.Time { return now }
	open := func() NewSession {
		t.Helper()
		ns, err := ss.Open(ctx, caller)
		if err != nil {
			t.Fatal(err)
		}
		return ns
	}

	ns := open()
	got, err := ss.Verify(ctx, ns.Cookie)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Identity, caller) || got.CSRF != ns.CSRF || got.SessionID != ns.ID || got.CSRF == "" {
		t.Fatalf("verified %+v, want %+v with csrf %q", got, caller, ns.CSRF)
	}
	if !CSRFMatches(ns.CSRF, got.CSRF) || CSRFMatches("", got.CSRF) || CSRFMatches(ns.CSRF+"x", got.CSRF) {
		t.Error("CSRFMatches")
	}
	if other := open(); other.CSRF == ns.CSRF {
		t.Error("two sessions share a CSRF token")
	}
	if _, err := ss.Verify(ctx, ns.Cookie[:len(ns.Cookie)-2]+"AA"); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("wrong secret: %v", err)
	}
	if _, err := ss.Verify(ctx, token); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("an API token is not a session cookie: %v", err)
	}

	if ended, err := ss.End(ctx, ns.Cookie); err != nil || !ended {
		t.Fatalf("end: %v %v", ended, err)
	}
	if _, err := ss.Verify(ctx, ns.Cookie); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("ended session: %v", err)
	}

	idle := open()
	now = now.Add(IdleTimeout + time.Minute)
	if _, err := ss.Verify(ctx, idle.Cookie); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("idle session: %v", err)
	}

	// Used every 20 hours the idle expiry slides, but not past the absolute.
	busy := open()
	start := now
	for now.Sub(start) < AbsoluteTimeout-20*time.Hour {
		now = now.Add(20 * time.Hour)
		if _, err := ss.Verify(ctx, busy.Cookie); err != nil {
			t.Fatalf("used session after %v: %v", now.Sub(start), err)
		}
	}
	now = start.Add(AbsoluteTimeout)
	if _, err := ss.Verify(ctx, busy.Cookie); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("session past its absolute lifetime: %v", err)
	}

	live := open()
	if _, err := tokens.Revoke(ctx, tn.ID, tokenID); err != nil {
		t.Fatal(err)
	}
	if _, err := ss.Verify(ctx, live.Cookie); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("session of a revoked token: %v", err)
	}
}
