package identity

import (
	"testing"
	"time"
)

// TestSignInLimiterSlidingWindow: five failures inside 15 minutes block the
// sixth attempt, for the address or the account alike, until the oldest
// failure leaves the window.
func TestSignInLimiterSlidingWindow(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	l := NewSignInLimiter()
	l.now = func() time.Time { return now }
	for i := 0; i < SignInFailures; i++ {
		if blocked, _ := l.Blocked("addr:192.0.2.1", "sub:alice"); blocked {
			t.Fatalf("blocked after %d failures", i)
		}
		l.Fail(t.Context(), "addr:192.0.2.1", "sub:alice")
		now = now.Add(time.Minute)
	}
	blocked, wait := l.Blocked("addr:192.0.2.1", "")
	if !blocked || wait != 10*time.Minute {
		t.Fatalf("sixth attempt from the address: blocked %v, wait %v; want blocked for 10m", blocked, wait)
	}
	if blocked, _ := l.Blocked("addr:198.51.100.7", "sub:alice"); !blocked {
		t.Error("the account is limited from any address")
	}
	if blocked, _ := l.Blocked("addr:198.51.100.7", "sub:bob"); blocked {
		t.Error("another address and account are not limited")
	}
	now = now.Add(10 * time.Minute) // the first failure leaves the window
	if blocked, _ := l.Blocked("addr:192.0.2.1", "sub:alice"); blocked {
		t.Error("still blocked after the oldest failure left the window")
	}
	l.Fail(t.Context(), "addr:192.0.2.1")
	if blocked, _ := l.Blocked("addr:192.0.2.1"); !blocked {
		t.Error("a new failure refills the window: five inside it again")
	}
}

func TestClaimedAccount(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                                      "",
		"garbage":                               "",
		"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSJ9.": "sub:u1",
		"a.!!!.c":                               "",
	} {
		if got := ClaimedAccount(in); got != want {
			t.Errorf("ClaimedAccount(%q) = %q, want %q", in, got, want)
		}
	}
}
