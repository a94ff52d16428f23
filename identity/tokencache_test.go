package identity

import (
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
)

func cacheKey(i int) [32]byte { return sha256.Sum256(fmt.Appendf(nil, "token %d", i)) }

// The cache never holds more than its bound: the least recently used entry
// goes first, and a read counts as a use.
func TestTokenCacheIsBounded(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	c := newTokenCache(3, time.Minute)
	for i := range 3 {
		c.put(cacheKey(i), Identity{TokenID: uuid.New()}, now, nil)
	}
	if _, ok := c.get(cacheKey(0), now); !ok { // 0 is now the most recent
		t.Fatal("entry 0 missing before the cache is full")
	}
	for i := 3; i < 100; i++ {
		c.put(cacheKey(i), Identity{TokenID: uuid.New()}, now, nil)
		if n := c.len(); n > 3 {
			t.Fatalf("%d entries after %d puts, bound 3", n, i+1)
		}
		if i == 3 {
			if _, ok := c.get(cacheKey(1), now); ok {
				t.Error("entry 1, the least recently used, survived an eviction")
			}
			if _, ok := c.get(cacheKey(0), now); !ok {
				t.Error("entry 0, read recently, was evicted before older ones")
			}
		}
	}
	if len(c.items) != c.order.Len() {
		t.Errorf("index holds %d keys, list %d entries", len(c.items), c.order.Len())
	}
}

// An entry lives exactly its TTL, and revoking a token drops its entries.
func TestTokenCacheExpiresAndForgets(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	c := newTokenCache(10, 5*time.Second)
	kept, revoked := uuid.New(), uuid.New()
	c.put(cacheKey(1), Identity{TokenID: kept}, now, nil)
	c.put(cacheKey(2), Identity{TokenID: revoked}, now, nil)
	if _, ok := c.get(cacheKey(1), now.Add(5*time.Second-time.Nanosecond)); !ok {
		t.Error("entry gone before its TTL")
	}
	c.forgetToken(revoked)
	if _, ok := c.get(cacheKey(2), now); ok {
		t.Error("a revoked token's entry survived forgetToken")
	}
	if _, ok := c.get(cacheKey(1), now.Add(5*time.Second)); ok {
		t.Error("entry outlived its TTL")
	}
	if n := c.len(); n != 0 {
		t.Errorf("%d entries left, want expired ones dropped on read", n)
	}
}
