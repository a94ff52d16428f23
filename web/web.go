// Package web is the HTTP door: a thin Echo layer for the REST surface and
// health checks, with the MCP Streamable HTTP handler mounted beside it.
// Handlers only plumb (identity, decode, call tools, encode); every rule lives
// in package tools so the MCP and agent doors have it too.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"

	"github.com/google/uuid"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/ratelimit"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web/ui"
)

// MaxBodyBytes bounds every request body (413 beyond it).
const MaxBodyBytes = 10 << 20

// Deps are what the HTTP layer needs.
type Deps struct {
	Logger *slog.Logger
	// AccessLog writes the per-request lines when Logger is at info (nil:
	// they go through Logger, slower).
	AccessLog *AccessLog
	Verifier  identity.Verifier
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
	// RateLimiter limits requests per caller on /api and /mcp (nil: no
	// limit).
	RateLimiter *ratelimit.Limiter
	// Metrics are the Prometheus metrics (nil: a registry of its own, with
	// Gauges).
	Metrics *Metrics
	// TrustedProxies may set X-Forwarded-For and X-Forwarded-Proto.
	TrustedProxies []netip.Prefix
	// ErrorReporter receives 5xx answers and panics (nil: logged only).
	ErrorReporter ErrorReporter
	// Pages are the browser pages under /app (nil: not mounted).
	Pages *ui.Pages
}

// New returns the HTTP handler for the whole server.
//
// The layers, outermost first: the request id; the access log, metrics and
// panic reporting (observe); the client's address and scheme, security
// headers and the body limit (edge); then /metrics or Echo.
func New(d Deps) http.Handler {
	if d.Metrics == nil {
		d.Metrics = NewMetrics(d.Gauges)
	}
	e := newEcho(d)
	mux := http.NewServeMux()
	metrics := d.Metrics.guarded(d.MetricsToken)
	mux.Handle("GET /metrics", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if i := infoFrom(r.Context()); i != nil {
			i.route = "/metrics"
		}
		metrics.ServeHTTP(w, r)
	}))
	mux.Handle("/", e)
	return withRequestID(observe(d.Logger, d.AccessLog, d.Metrics, d.ErrorReporter, edge(d.TrustedProxies, mux)))
}

// newEcho is every route but /metrics.
func newEcho(d Deps) *echo.Echo {
	e := echo.NewWithConfig(echo.Config{Logger: d.Logger})
	e.HTTPErrorHandler = errorHandler(d.Logger, d.ErrorReporter)
	e.Use(middleware.Recover())
	e.Use(routeForLog)
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
			AllowHeaders: []string{"Authorization", "Content-Type", "Idempotency-Key", CSRFHeader, identity.TenantHeader, RequestIDHeader},
			ExposeHeaders: []string{RequestIDHeader, "Retry-After", "RateLimit", "RateLimit-Policy", "X-Next-Cursor", "Link",
				"WWW-Authenticate"},
			MaxAge: 600,
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

	g := newGuard(d, newRequestLimit(d.RateLimiter, d.Metrics))
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
		registerLabelPage(e, auth, d.Registry)
	}
	if d.Importer != nil {
		registerImports(api, d.Importer, d.Metrics)
	}
	if d.Captures != nil {
		registerCaptures(api, d.Captures)
	}

	if d.Pages != nil {
		d.Pages.Register(e, pageAuth{g})
	}

	if d.MCP != nil {
		e.Match([]string{http.MethodGet, http.MethodPost, http.MethodDelete}, "/mcp", echo.WrapHandler(d.MCP), auth)
	}
	serveOpenAPI(e, d)
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
				if err := g.limit.check(c, anonymousKey(c.Request())); err != nil {
					return err
				}
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
			if i := infoFrom(c.Request().Context()); i != nil {
				i.tenant, i.user = uuidText(id.TenantID), uuidText(id.UserID)
			}
			if err := g.limit.check(c, identityKey(id)); err != nil {
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
func errorHandler(logger *slog.Logger, reporter ErrorReporter) echo.HTTPErrorHandler {
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
					"route", c.Path(), "error", err)
				if reporter != nil {
					reporter.Report(c.Request().Context(), Failure{RequestID: RequestID(c.Request().Context()),
						Method: c.Request().Method, Route: c.Path(), Status: e.StatusCode(), Err: err})
				}
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

// routeForLog records the matched route pattern ("/api/ingredients/:id") for
// the access log and the metrics: labels stay bounded by the routes,
// whatever paths clients send ("other" when nothing matched).
func routeForLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		if i := infoFrom(c.Request().Context()); i != nil {
			i.route = c.Path()
		}
		return next(c)
	}
}

func uuidText(id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	return id.String()
}
