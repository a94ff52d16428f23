package identity

import (
	"container/list"
	"sync"
	"time"

	"github.com/google/uuid"
)

// tokenCache is an expiring LRU of recent verifications, keyed by the
// token's SHA-256. Its size is bounded so that a flood of distinct valid
// tokens cannot grow memory; its TTL bounds how long a revoked token keeps
// working on a replica that verified it recently. Time comes from the
// caller, so tests drive expiry with a fake clock.
type tokenCache struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	order *list.List // front is the most recently used; values are *cacheEntry
	items map[[32]byte]*list.Element
}

type cacheEntry struct {
	key     [32]byte
	id      Identity
	expires time.Time
}

func newTokenCache(max int, ttl time.Duration) *tokenCache {
	return &tokenCache{max: max, ttl: ttl, order: list.New(), items: map[[32]byte]*list.Element{}}
}

// get returns the live entry for key; an expired one is dropped.
func (c *tokenCache) get(key [32]byte, now time.Time) (Identity, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return Identity{}, false
	}
	e := el.Value.(*cacheEntry)
	if !now.Before(e.expires) {
		c.remove(el)
		return Identity{}, false
	}
	c.order.MoveToFront(el)
	return e.id, true
}

// put stores id until now+ttl, evicting the least recently used entry when
// the cache is full.
func (c *tokenCache) put(key [32]byte, id Identity, now time.Time, notAfter *time.Time) {
	expires := now.Add(c.ttl)
	if notAfter != nil && notAfter.Before(expires) {
		expires = *notAfter
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value = &cacheEntry{key: key, id: id, expires: expires}
		c.order.MoveToFront(el)
		return
	}
	for c.order.Len() >= c.max {
		c.remove(c.order.Back())
	}
	c.items[key] = c.order.PushFront(&cacheEntry{key: key, id: id, expires: expires})
}

// forgetToken drops every entry of token id (a revocation).
func (c *tokenCache) forgetToken(tokenID uuid.UUID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for el := c.order.Front(); el != nil; {
		next := el.Next()
		if el.Value.(*cacheEntry).id.TokenID == tokenID {
			c.remove(el)
		}
		el = next
	}
}

func (c *tokenCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

func (c *tokenCache) remove(el *list.Element) {
	c.order.Remove(el)
	delete(c.items, el.Value.(*cacheEntry).key)
}
