package identity

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/store"
)

// Sign-in limits: more than SignInFailures failed sign-ins inside
// SignInWindow from one client address, or against one account, and the
// next attempt is refused with 429 until the oldest failure leaves the
// window.
const (
	SignInFailures = 5
	SignInWindow   = 15 * time.Minute
)

// maxLimiterKeys bounds the limiter's memory: beyond it, keys whose
// failures have all left the window are dropped, then the whole map if an
// attacker keeps it full (forgetting counts is better than running out of
// memory).
const maxLimiterKeys = 100_000

// SignInLimiter counts failed sign-ins per key in a sliding window. Its
// own counts are this process's; with a shared counter (NewSharedSignInLimiter)
// every failure is also recorded in PostgreSQL, and the shared count
// decides. Checking stays in memory, since every authenticated request asks:
// a replica learns that a key is used up from the answer to a failure it
// records itself, so across R replicas at most R-1 attempts get past the
// limit before each of them has seen one (see docs/scaling.md).
type SignInLimiter struct {
	now    func() time.Time
	shared SignInCounter
	logger *slog.Logger

	mu       sync.Mutex
	failures map[string][]time.Time // oldest first, at most SignInFailures kept
	until    map[string]time.Time   // blocked by the shared count until then
}

// SignInCounter keeps the failure counts every replica shares (store.Store).
type SignInCounter interface {
	SignInFail(ctx context.Context, keys [][]byte, window time.Duration, limit int) ([]store.SignInFailure, error)
}

// NewSignInLimiter returns an empty limiter that counts in this process only.
func NewSignInLimiter() *SignInLimiter {
	return &SignInLimiter{now: time.Now, failures: map[string][]time.Time{}, until: map[string]time.Time{},
		logger: slog.New(slog.DiscardHandler)}
}

// NewSharedSignInLimiter returns a limiter whose failures also go to
// counter; when the counter fails, the process's own counts still limit.
func NewSharedSignInLimiter(counter SignInCounter, logger *slog.Logger) *SignInLimiter {
	l := NewSignInLimiter()
	l.shared = counter
	if logger != nil {
		l.logger = logger
	}
	return l
}

// Blocked reports whether any of keys has used up its failures, and how
// long until one more attempt is allowed.
func (l *SignInLimiter) Blocked(keys ...string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		if k == "" {
			continue
		}
		fs := l.live(k, now)
		if len(fs) >= SignInFailures {
			if w := fs[0].Add(SignInWindow).Sub(now); w > wait {
				wait = w
			}
		}
		if u, ok := l.until[k]; ok {
			if w := u.Sub(now); w > wait {
				wait = w
			} else if w <= 0 {
				delete(l.until, k)
			}
		}
	}
	return wait > 0, wait
}

// Fail records a failed sign-in against each of keys, here and, with a
// shared counter, for every replica.
func (l *SignInLimiter) Fail(ctx context.Context, keys ...string) {
	l.failLocally(keys)
	if l.shared == nil {
		return
	}
	digests := make([][]byte, 0, len(keys))
	byDigest := map[[32]byte]string{}
	for _, k := range keys {
		if k == "" {
			continue
		}
		d := sha256.Sum256([]byte("sign-in:" + k))
		byDigest[d] = k
		digests = append(digests, d[:])
	}
	if len(digests) == 0 {
		return
	}
	counts, err := l.shared.SignInFail(context.WithoutCancel(ctx), digests, SignInWindow, SignInFailures)
	if err != nil {
		l.logger.WarnContext(ctx, "sign-in failures not shared; this process's counts still limit", "error", err)
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range counts {
		if len(c.Key) != 32 || c.Failures < SignInFailures || c.FreeAt.IsZero() {
			continue
		}
		if k, ok := byDigest[[32]byte(c.Key)]; ok {
			l.until[k] = c.FreeAt
		}
	}
}

func (l *SignInLimiter) failLocally(keys []string) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures)+len(l.until) >= maxLimiterKeys {
		for k := range l.failures {
			if len(l.live(k, now)) == 0 {
				delete(l.failures, k)
			}
		}
		for k, u := range l.until {
			if !u.After(now) {
				delete(l.until, k)
			}
		}
		if len(l.failures)+len(l.until) >= maxLimiterKeys {
			l.failures, l.until = map[string][]time.Time{}, map[string]time.Time{}
		}
	}
	for _, k := range keys {
		if k == "" {
			continue
		}
		fs := append(l.live(k, now), now)
		if len(fs) > SignInFailures {
			fs = fs[len(fs)-SignInFailures:]
		}
		l.failures[k] = fs
	}
}

// live drops k's failures that have left the window and returns the rest.
func (l *SignInLimiter) live(k string, now time.Time) []time.Time {
	fs := l.failures[k]
	i := 0
	for i < len(fs) && !now.Before(fs[i].Add(SignInWindow)) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(l.failures, k)
		return nil
	}
	l.failures[k] = fs
	return fs
}

// ClaimedAccount is the account a credential claims to be for, as a
// limiter key: the token or session id of ours, the subject of a JWT. It is
// read without verifying anything, so it only ever counts failures against
// the account the attacker is trying; "" when the credential names none.
func ClaimedAccount(credential string) string {
	for _, prefix := range []string{tokenPrefix, sessionPrefix} {
		if _, id, _, ok := parseWithPrefix(credential, prefix); ok {
			return prefix + id.String()
		}
	}
	parts := strings.Split(credential, ".")
	if len(parts) != 3 || len(parts[1]) > 8192 {
		return ""
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	var claims struct {
		Sub string `json:"sub"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Sub == "" || len(claims.Sub) > 128 {
		return ""
	}
	return "sub:" + claims.Sub
}

// ClaimedTenant is the tenant an API token or session cookie names, unverified:
// a failed sign-in is filed in that tenant's security events (when it
// exists) so its owners see attempts on their tokens. uuid.Nil for anything
// else; such failures are only logged.
func ClaimedTenant(credential string) uuid.UUID {
	for _, prefix := range []string{tokenPrefix, sessionPrefix} {
		if tenant, _, _, ok := parseWithPrefix(credential, prefix); ok {
			return tenant
		}
	}
	return uuid.Nil
}
