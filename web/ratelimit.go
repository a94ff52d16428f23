package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/ratelimit"
	"github.com/baketracker/baketracker/tools"
)

// requestLimit applies the per-caller request limit (RATE_LIMIT_PER_MINUTE)
// to /api and /mcp: key names the caller (a user, a signed-in person, or an
// anonymous client address), kind its sort for the metrics. Every answer
// carries the IETF draft's RateLimit-Policy and RateLimit headers; a refusal
// is 429 rate_limited with Retry-After.
type requestLimit struct {
	limiter *ratelimit.Limiter // nil: no limit
	metrics *Metrics
	policy  string
}

func newRequestLimit(l *ratelimit.Limiter, m *Metrics) *requestLimit {
	r := &requestLimit{limiter: l, metrics: m}
	if l != nil {
		r.policy = `"default";q=` + strconv.Itoa(l.Limit) + `;w=` + strconv.Itoa(int(l.Window/time.Second))
	}
	return r
}

// limitKey is who a request is counted against, and their sort.
type limitKey struct{ kind, key string }

func (rl *requestLimit) check(c *echo.Context, k limitKey) error {
	if rl.limiter == nil {
		return nil
	}
	d := rl.limiter.Allow(c.Request().Context(), k.key)
	secs := strconv.Itoa(int((d.Reset + time.Second - 1) / time.Second))
	h := c.Response().Header()
	h.Set("RateLimit-Policy", rl.policy)
	h.Set("RateLimit", `"default";r=`+strconv.Itoa(d.Remaining)+`;t=`+secs)
	if d.Allowed {
		return nil
	}
	if rl.metrics != nil {
		rl.metrics.rateLimited.WithLabelValues(k.kind).Inc()
	}
	h.Set("Retry-After", secs)
	return &tools.Error{Code: "rate_limited", Status: http.StatusTooManyRequests,
		Message: "more than " + strconv.Itoa(rl.limiter.Limit) + " requests in a minute; wait for the Retry-After seconds and try again"}
}

// identityKey is the limiter key of a verified caller: the user within a
// tenant, or the signed-in person before a tenant is chosen.
func identityKey(id identity.Identity) limitKey {
	if id.UserID != [16]byte{} {
		return limitKey{"user", "user:" + id.TenantID.String() + ":" + id.UserID.String()}
	}
	if id.Person != nil {
		return limitKey{"person", "person:" + id.Person.Provider + ":" + id.Person.Subject}
	}
	return limitKey{"user", "token:" + id.TokenID.String()}
}

// anonymousKey is the limiter key of a caller without a credential.
func anonymousKey(r *http.Request) limitKey {
	return limitKey{"anonymous", "addr:" + clientAddress(r)}
}
