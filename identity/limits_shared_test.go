package identity

import (
	"time"

	"testing"

	"github.com/baketracker/baketracker/dbtest"
)

// TestSignInLimitSharedByReplicas: two limiters on one database (two
// replicas) share the failure counts. Five failures split three and two
// block the replica that recorded the fifth at once; the other learns it
// from its next failure's answer, so the sixth attempt overall is the last
// one let through (at most replicas-1 beyond the limit), and then both
// refuse for the whole window. Other keys stay free.
func TestSignInLimitSharedByReplicas(t *testing.T) {
	t.Parallel()
	s := dbtest.Store(t)
	a, b := NewSharedSignInLimiter(s, nil), NewSharedSignInLimiter(s, nil)
	addr, account := "addr:203.0.113.9", "sub:shared-"+t.Name()
	for i, l := range []*SignInLimiter{a, a, a, b} {
		if blocked, _ := l.Blocked(addr, account); blocked {
			t.Fatalf("blocked after %d failures", i)
		}
		l.Fail(t.Context(), addr, account)
	}
	b.Fail(t.Context(), addr, account) // the fifth, on b
	if blocked, wait := b.Blocked(addr); !blocked || wait <= SignInWindow-5*time.Second || wait > SignInWindow {
		t.Fatalf("b after the fifth failure: blocked %v for %v, want about %v", blocked, wait, SignInWindow)
	}
	if blocked, _ := a.Blocked(addr, account); blocked {
		t.Fatal("a has seen only three failures itself; it learns of the others from its next one")
	}
	a.Fail(t.Context(), addr, account) // the sixth attempt, let through once
	for name, l := range map[string]*SignInLimiter{"a": a, "b": b} {
		if blocked, _ := l.Blocked("", account); !blocked {
			t.Errorf("%s: the account is not blocked after six failures across replicas", name)
		}
		if blocked, _ := l.Blocked("addr:198.51.100.1", "sub:someone-else"); blocked {
			t.Errorf("%s: another address and account are blocked", name)
		}
	}
	// A replica that never saw these keys is not blocked in memory, but its
	// first failure for them is answered with the shared count.
	c := NewSharedSignInLimiter(s, nil)
	c.Fail(t.Context(), addr)
	if blocked, _ := c.Blocked(addr); !blocked {
		t.Error("a third replica is not blocked after its first failure on a used-up address")
	}
}
