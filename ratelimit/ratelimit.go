// Package ratelimit limits requests per caller per minute with counts shared
// by every replica in PostgreSQL, without a database write per request.
//
// Each replica reserves a block of a caller's allowance from the shared
// count (Counter.Take, one transaction) and spends it locally; only when the
// block is used up does it reserve again. The shared total never exceeds
// the limit, so no replica admits a request beyond it. The price is the
// other way round: a block one replica holds unused is unavailable to the
// others until the window ends, so with R replicas serving one caller the
// caller may be refused up to ×(block-1) requests early. Blocks shrink
// as the window fills (a quarter of what is left, at most a tenth of the
// limit), which keeps that shortfall to a few requests.
package ratelimit

import (
	"context"
	"crypto/sha256"
	"log/slog"
	"sync"
	"time"
)

// Counter is the shared count (store.Store).
type Counter interface {
	RateLimitTake(ctx context.Context, key []byte, window time.Time, want, limit int) (granted, used int, err error)
	RateLimitForget(ctx context.Context) error
}

// maxKeys bounds the local state. Forgetting it loses only the unspent
// blocks: the shared count stays right.
const maxKeys = 100_000

// Limiter allows Limit requests per Window per key.
type Limiter struct {
	Limit  int
	Window time.Duration

	counter Counter
	now     func() time.Time
	logger  *slog.Logger

	mu      sync.Mutex
	current time.Time // start of the window keys belong to
	keys    map[[32]byte]*bucket
}

type bucket struct {
	mu        sync.Mutex
	tokens    int  // reserved and not spent yet
	used      int  // the shared total after this replica's last reservation
	exhausted bool // the shared count is at the limit
	fallback  int  // requests allowed while the database did not answer
}

// New returns a limiter of limit requests per window counted in counter.
// now is the clock (time.Now in production; tests inject one).
func New(counter Counter, limit int, window time.Duration, now func() time.Time, logger *slog.Logger) *Limiter {
	if now == nil {
		now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Limiter{Limit: limit, Window: window, counter: counter, now: now, logger: logger, keys: map[[32]byte]*bucket{}}
}

// Decision is the answer for one request.
type Decision struct {
	Allowed bool
	// Remaining is about how many more requests the window allows.
	Remaining int
	// Reset is how long until the window ends.
	Reset time.Duration
}

// Allow counts one request of key and says whether it may go on.
func (l *Limiter) Allow(ctx context.Context, key string) Decision {
	now := l.now()
	window := now.Truncate(l.Window)
	reset := window.Add(l.Window).Sub(now)
	b := l.bucket(ctx, sha256.Sum256([]byte(key)), window)

	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens == 0 && !b.exhausted {
		l.reserve(ctx, b, key, window)
	}
	if b.tokens == 0 {
		return Decision{Allowed: false, Remaining: 0, Reset: reset}
	}
	b.tokens--
	return Decision{Allowed: true, Remaining: max(0, b.tokens+l.Limit-b.used), Reset: reset}
}

// bucket is key's state in window, starting afresh when a window begins.
func (l *Limiter) bucket(ctx context.Context, key [32]byte, window time.Time) *bucket {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !window.Equal(l.current) {
		if !l.current.IsZero() {
			// Old windows' rows are deleted by whichever replica sees a new
			// window first (each does, which is harmless).
			go l.forget(context.WithoutCancel(ctx))
		}
		l.current = window
		l.keys = map[[32]byte]*bucket{}
	}
	b := l.keys[key]
	if b == nil {
		if len(l.keys) >= maxKeys {
			l.keys = map[[32]byte]*bucket{}
		}
		b = &bucket{}
		l.keys[key] = b
	}
	return b
}

// reserve takes a block from the shared count into b.
func (l *Limiter) reserve(ctx context.Context, b *bucket, key string, window time.Time) {
	want := min(max((l.Limit-b.used)/4, 1), max(l.Limit/10, 1))
	digest := sha256.Sum256([]byte(key))
	granted, used, err := l.counter.RateLimitTake(ctx, digest[:], window, want, l.Limit)
	if err != nil {
		// Fail open, limited by this replica alone: a database outage must
		// not turn into 429s (the requests fail with 503 anyway).
		l.logger.WarnContext(ctx, "rate limit: shared count unavailable; counting locally", "error", err)
		if b.fallback < l.Limit {
			b.fallback++
			b.tokens = 1
		}
		return
	}
	b.tokens, b.used = granted, used
	b.exhausted = granted == 0 || used >= l.Limit
}

func (l *Limiter) forget(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := l.counter.RateLimitForget(ctx); err != nil {
		l.logger.WarnContext(ctx, "rate limit: dropping old windows failed", "error", err)
	}
}
