package store_test

import (
	"crypto/sha256"
	"sync"
	"testing"
	"time"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/store"
)

// TestRateLimitTableIsClosedToRequests: the request role has no privilege
// on rate_limits or sign_in_failures (it can neither read nor change counts
// directly) and may only execute their functions.
func TestRateLimitTableIsClosedToRequests(t *testing.T) {
	t.Parallel()
	conn := superConn(t)
	for _, table := range []string{"rate_limits", "sign_in_failures"} {
		for _, priv := range []string{"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"} {
			var has bool
			if err := conn.QueryRow(t.Context(), `SELECT has_table_privilege($1, $2, $3)`, store.RequestRole, table, priv).Scan(&has); err != nil {
				t.Fatal(err)
			}
			if has {
				t.Errorf("%s has %s on %s", store.RequestRole, priv, table)
			}
		}
	}
	for _, fn := range []string{"rate_limit_take(bytea, timestamptz, integer, integer)", "rate_limit_forget()",
		"sign_in_fail(bytea[], interval, integer)"} {
		var has bool
		if err := conn.QueryRow(t.Context(), `SELECT has_function_privilege($1, $2, 'EXECUTE')`, store.RequestRole, fn).Scan(&has); err != nil {
			t.Fatal(err)
		}
		if !has {
			t.Errorf("%s cannot execute %s", store.RequestRole, fn)
		}
	}
}

// TestRateLimitTakeNeverPassesTheLimit: concurrent reservations of one key
// are granted exactly the limit in total, whatever their sizes.
func TestRateLimitTakeNeverPassesTheLimit(t *testing.T) {
	t.Parallel()
	s := dbtest.Store(t)
	key := sha256.Sum256([]byte(t.Name() + time.Now().String()))
	window := time.Now().Truncate(time.Minute)
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for range 10 {
				granted, used, err := s.RateLimitTake(t.Context(), key[:], window, 1+w, 100)
				if err != nil {
					t.Error(err)
					return
				}
				if granted < 0 || granted > 1+w || used > 100 {
					t.Errorf("granted %d of %d, used %d", granted, 1+w, used)
				}
				mu.Lock()
				total += granted
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if total != 100 {
		t.Errorf("granted %d in total, want exactly the limit 100 (asked for %d)", total, 10*(1+2+3+4+5+6+7+8))
	}
	if _, _, err := s.RateLimitTake(t.Context(), []byte("short"), window, 1, 100); err == nil {
		t.Error("a key that is not 32 bytes was accepted")
	}
	if err := s.RateLimitForget(t.Context()); err != nil {
		t.Error(err)
	}
}
