// Package web is the HTTP door: a thin Echo layer for the REST surface and
// health checks, with the MCP Streamable HTTP handler mounted beside it.
// Handlers only plumb (identity, decode, call tools, encode); every rule lives
// in package tools so the MCP and agent doors have it too.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/tools"
)

// MaxBodyBytes bounds every request body (413 beyond it).
const MaxBodyBytes = 10 << 20

// Deps are what the HTTP layer needs.
type Deps struct {
	Logger   *slog.Logger
	Verifier identity.Verifier
	// Households serves members, invitations and tenant deletion, and
	// GET /api/me's memberships (nil: those routes are absent).
	Households *identity.Households
	// Ready reports whether the database answers (/ready).
	Ready func(ctx context.Context) error
	// Registry is the domain's tools: REST handlers call them through it.
	Registry *tools.Registry
	// Importer loads desktop exports and phone files (POST /api/imports).
	Importer *importer.Importer
	// MCP is the Streamable HTTP handler for /mcp (MCPHandler), served
	// behind the same authentication as /api.
	MCP         http.Handler
	CORSOrigins []string
	// Gauges are extra values for /metrics, such as the connection pool's.
	Gauges func() map[string]float64
	// MetricsToken is the bearer token /metrics answers to; empty hides it.
	MetricsToken string
	// Tokens serves /api/tokens (nil: not mounted).
	Tokens *identity.APITokens
	// Sessions serves /api/session and the session cookie (nil: bearer
	// tokens only).
	Sessions *identity.Sessions
	// Limiter counts failed sign-ins (nil: one of its own).
	Limiter *identity.SignInLimiter
	// Events records security events and serves /api/security-events (nil:
	// events are only logged).
	Events *identity.SecurityEvents
	// Captures serves /api/captures, the agent (nil: not mounted).
	Captures *agent.Captures
}

// New returns the HTTP handler for the whole server.
func New(d Deps) http.Handler {
	e := newEcho(d)
	m := newMetrics(d.Gauges, routePattern(e))
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.guarded(d.MetricsToken))
	mux.Handle("/", e)
	return withRequestID(m.wrap(mux))
}

// newEcho is every route but /metrics.
func newEcho(d Deps) *echo.Echo {
	e := echo.NewWithConfig(echo.Config{Logger: d.Logger})
	e.HTTPErrorHandler = errorHandler(d.Logger)
	e.Use(middleware.Recover())
	// /mcp enforces the same limit in the SDK (MCPHandler), whose reader
	// error it can tell apart; Echo's would reach it as a read failure.
	// POST /api/captures enforces its own 10 MB of files (readCapture).
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
		LimitBytes: MaxBodyBytes,
		Skipper:    func(c *echo.Context) bool { return c.Request().URL.Path == "/mcp" || captureUpload(c) },
	}))
	if len(d.CORSOrigins) > 0 {
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
			AllowOrigins: d.CORSOrigins,
			AllowHeaders: []string{"Authorization", "Content-Type", "Idempotency-Key", CSRFHeader, identity.TenantHeader},
			MaxAge:       600,
		}))
	}

	e.GET("/health", func(c *echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	e.GET("/ready", func(c *echo.Context) error {
		if err := d.Ready(c.Request().Context()); err != nil {
			return tools.Unavailable("database_unavailable", "the database does not answer")
		}
		return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
	})

	g := newGuard(d)
	auth := authenticate(g)
	api := e.Group("/api", auth, requireJSON("POST /api/imports", "POST /api/captures"))
	api.GET("/me", me(d.Households))
	if d.Households != nil {
		registerHouseholds(api, d.Households)
	}
	if d.Sessions != nil {
		registerSession(e, api, g)
	}
	if d.Tokens != nil {
		registerTokens(api, d.Tokens, g.events)
	}
	if d.Events != nil {
		registerSecurityEvents(api, d.Events)
	}
	if d.Registry != nil {
		registerREST(api, d.Registry)
	}
	if d.Importer != nil {
		registerImports(api, d.Importer)
	}
	if d.Captures != nil {
		registerCaptures(api, d.Captures)
	}

	if d.MCP != nil {
		e.Match([]string{http.MethodGet, http.MethodPost, http.MethodDelete}, "/mcp", echo.WrapHandler(d.MCP), auth)
	}
	return e
}

// authenticate verifies the bearer token (or, without an Authorization
// header, the session cookie) under the sign-in limits and puts the
// identity on the request context, where the registry finds it. What the
// identity may do (read-only tokens, roles) is decided by the registry, not
// here; a cookie-authenticated write must carry the CSRF token.
func authenticate(g *guard) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			g.begin(c)
			cred, ok := g.credential(c.Request())
			if !ok {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="baketracker"`)
				return tools.Unauthorized("missing bearer token: send Authorization: Bearer <token>")
			}
			if err := requestedTenant(c); err != nil {
				return err
			}
			id, err := g.signIn(c, cred)
			if err := verifyError(c, err); err != nil {
				return err
			}
			if err := requireTenant(c, id); err != nil {
				return err
			}
			if err := g.checkCSRF(c, id); err != nil {
				return err
			}
			c.SetRequest(c.Request().WithContext(identity.WithIdentity(c.Request().Context(), id)))
			return next(c)
		}
	}
}

func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// errorHandler renders every error, Echo's own included, as the one JSON
// shape. Internal errors are logged and never shown.
func errorHandler(logger *slog.Logger) echo.HTTPErrorHandler {
	return func(c *echo.Context, err error) {
		if r, _ := echo.UnwrapResponse(c.Response()); r != nil && r.Committed {
			return
		}
		e, withheld := tools.AsError(err)
		if withheld {
			if status := echo.StatusCode(err); e.StatusCode() >= 500 && status != 0 && status < 500 {
				e = &tools.Error{Code: codeForStatus(status), Message: strings.ToLower(http.StatusText(status)), Status: status}
			} else {
				logger.ErrorContext(c.Request().Context(), "request failed", "method", c.Request().Method,
					"path", c.Request().URL.Path, "error", err)
			}
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(e.StatusCode())
			return
		}
		_ = c.JSONBlob(e.StatusCode(), e.Body())
	}
}

func codeForStatus(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "bad_request"
	case http.StatusNotFound:
		return "not_found"
	case http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case http.StatusRequestEntityTooLarge:
		return "payload_too_large"
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case http.StatusTooManyRequests:
		return "rate_limited"
	default:
		return "http_" + strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
	}
}

// routePattern returns the registered route pattern a request matches
// ("/mcp", "/api/ingredients/:id"), or "other": labels stay bounded by the
// routes, whatever paths clients send.
func routePattern(e *echo.Echo) func(method, path string) string {
	type pattern struct{ method, path string }
	var patterns []pattern
	for _, r := range e.Router().Routes() {
		patterns = append(patterns, pattern{r.Method, r.Path})
	}
	return func(method, path string) string {
		switch path {
		case "/mcp", "/metrics":
			return path
		}
		for _, p := range patterns {
			if (p.method == method || p.method == echo.RouteAny) && matchPattern(p.path, path) {
				return p.path
			}
		}
		return "other"
	}
}

// matchPattern matches path against an Echo route pattern with :param
// segments and a trailing *.
func matchPattern(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	for i, p := range ps {
		if p == "*" {
			return true
		}
		if i >= len(xs) || (!strings.HasPrefix(p, ":") && p != xs[i]) || xs[i] == "" && p != "" {
			return false
		}
	}
	return len(ps) == len(xs)
}
