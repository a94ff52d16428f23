package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// SessionCookie is the web session cookie's name.
const SessionCookie = "baketracker_session"

// CSRFHeader carries the session's CSRF token on cookie-authenticated
// requests that change state.
const CSRFHeader = "X-CSRF-Token"

// Echo context keys set by authenticate.
const (
	ctxSession = "baketracker.session" // identity.SessionIdentity, when a cookie authenticated
	ctxEvents  = "baketracker.events"  // *identity.SecurityEvents
)

// guard is what authenticate needs beyond the bearer verifier: web
// sessions, the sign-in limiter and the security event log.
type guard struct {
	verifier identity.Verifier
	sessions *identity.Sessions // nil: cookies are not accepted
	limiter  *identity.SignInLimiter
	events   *identity.SecurityEvents
	limit    *requestLimit
}

func newGuard(d Deps, limit *requestLimit) *guard {
	g := &guard{verifier: d.Verifier, sessions: d.Sessions, limiter: d.Limiter, events: d.Events, limit: limit}
	if g.limiter == nil {
		g.limiter = identity.NewSignInLimiter()
	}
	if g.events == nil {
		g.events = identity.NewSecurityEvents(nil, d.Logger)
	}
	return g
}

// credential is what the request presents: a bearer token, or else the
// session cookie.
type credential struct {
	text   string
	cookie bool
}

func (g *guard) credential(r *http.Request) (credential, bool) {
	if r.Header.Get("Authorization") != "" {
		token, ok := bearerToken(r)
		return credential{text: token}, ok
	}
	if g.sessions == nil {
		return credential{}, false
	}
	ck, err := r.Cookie(SessionCookie)
	if err != nil || ck.Value == "" {
		return credential{}, false
	}
	return credential{text: ck.Value, cookie: true}, true
}

// begin puts the request's id and client address on the context (security
// events name them) and the event log on the Echo context.
func (g *guard) begin(c *echo.Context) {
	r := c.Request()
	id := c.Response().Header().Get(echo.HeaderXRequestID)
	if id == "" {
		id = r.Header.Get(echo.HeaderXRequestID)
	}
	c.Set(ctxEvents, g.events)
	c.SetRequest(r.WithContext(identity.WithRequest(r.Context(), identity.Request{ID: id, ClientAddress: clientAddress(r)})))
}

// signIn verifies cred under the sign-in limits: more than
// identity.SignInFailures failures inside the window from this address or
// against this account answer 429 until the window frees a slot.
func (g *guard) signIn(c *echo.Context, cred credential) (identity.Identity, error) {
	ctx := c.Request().Context()
	addr, account := "addr:"+identity.RequestFrom(ctx).ClientAddress, identity.ClaimedAccount(cred.text)
	if blocked, wait := g.limiter.Blocked(addr, account); blocked {
		// Logged only: a client hammering on past the limit must not turn
		// each refused attempt into a row (its first five failures are).
		g.events.Record(ctx, identity.SecurityEvent{Kind: identity.EventSignInLimited, Detail: map[string]any{"account": account}})
		c.Response().Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
		return identity.Identity{}, &tools.Error{Code: "too_many_sign_in_attempts", Status: http.StatusTooManyRequests,
			Message: "too many failed sign-ins from this address or for this account; wait for the Retry-After seconds and try again"}
	}
	id, err := g.verify(c, cred)
	if errors.Is(err, identity.ErrInvalidToken) {
		g.limiter.Fail(ctx, addr, account)
		g.events.Record(ctx, identity.SecurityEvent{Kind: identity.EventAuthFailed, TenantID: identity.ClaimedTenant(cred.text),
			Detail: map[string]any{"account": account, "cookie": cred.cookie}})
	}
	return id, err
}

func (g *guard) verify(c *echo.Context, cred credential) (identity.Identity, error) {
	if !cred.cookie {
		return g.verifier.Verify(c.Request().Context(), cred.text)
	}
	s, err := g.sessions.Verify(c.Request().Context(), cred.text)
	if err != nil {
		return identity.Identity{}, err
	}
	c.Set(ctxSession, s)
	return s.Identity, nil
}

// checkCSRF refuses a cookie-authenticated request that changes state
// without the session's CSRF token: a cross-site form or fetch carries the
// cookie but cannot read the token. Bearer requests need none.
func (g *guard) checkCSRF(c *echo.Context, id identity.Identity) error {
	s, ok := c.Get(ctxSession).(identity.SessionIdentity)
	if !ok {
		return nil
	}
	switch c.Request().Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	presented := c.Request().Header.Get(CSRFHeader)
	if identity.CSRFMatches(presented, s.CSRF) {
		return nil
	}
	code, msg := "csrf_required", "a request signed in with the session cookie that changes data needs the "+CSRFHeader+" header from GET /api/session"
	if presented != "" {
		code, msg = "csrf_invalid", "the "+CSRFHeader+" header does not match this session's CSRF token; read it again from GET /api/session"
	}
	g.events.Record(c.Request().Context(), identity.SecurityEvent{Kind: identity.EventCSRFRefused, TenantID: id.TenantID, UserID: id.UserID,
		Detail: map[string]any{"code": code, "method": c.Request().Method, "path": c.Request().URL.Path}})
	return &tools.Error{Code: code, Message: msg, Status: http.StatusForbidden}
}

// authorize is tools.Authorize for a REST operation that is not a tool,
// recording a refusal as a security event (tool calls are recorded by the
// registry's OnDenied hook).
func authorize(c *echo.Context, p tools.Permission) error {
	id := caller(c)
	e := tools.Authorize(id, p)
	if e == nil {
		return nil
	}
	if ev, ok := c.Get(ctxEvents).(*identity.SecurityEvents); ok && e.Code == "forbidden" {
		ev.Record(c.Request().Context(), DenialEvent(id, p, e))
	}
	return e
}

// DenialEvent is the security event for a refusal of p to id.
func DenialEvent(id identity.Identity, p tools.Permission, e *tools.Error) identity.SecurityEvent {
	return identity.SecurityEvent{Kind: identity.EventForbidden, TenantID: id.TenantID, UserID: id.UserID,
		Detail: map[string]any{"operation": p.Name, "role": id.Role, "read_only": id.ReadOnly, "message": e.Message}}
}

// RecordDenials makes every refused tool call (on MCP, REST and the agent)
// a security event in ev.
func RecordDenials(t *tools.Tools, ev *identity.SecurityEvents) {
	t.OnDenied(func(ctx context.Context, id identity.Identity, p tools.Permission, e *tools.Error) {
		ev.Record(ctx, DenialEvent(id, p, e))
	})
}
