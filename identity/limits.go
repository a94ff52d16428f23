package identity

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
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

// SignInLimiter counts failed sign-ins per key in a sliding window. The
// counts live in this process's memory, so each replica limits on its own:
// shared counters in PostgreSQL are issue 14.
type SignInLimiter struct {
	now func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time // oldest first, at most SignInFailures kept
}

// NewSignInLimiter returns an empty limiter.
func NewSignInLimiter() *SignInLimiter {
	return &SignInLimiter{now: time.Now, failures: map[string][]time.Time{}}
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
	}
	return wait > 0, wait
}

// Fail records a failed sign-in against each of keys.
func (l *SignInLimiter) Fail(keys ...string) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) >= maxLimiterKeys {
		for k := range l.failures {
			if len(l.live(k, now)) == 0 {
				delete(l.failures, k)
			}
		}
		if len(l.failures) >= maxLimiterKeys {
			l.failures = map[string][]time.Time{}
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
