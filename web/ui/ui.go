// Package ui is the browser door: server-rendered html/template pages under
// /app, embedded in the binary, with plain forms that work without
// JavaScript (POST, then redirect to a GET) and a little script where it
// earns its place (the capture page, the offline queue, Firebase sign-in).
//
// Every page that shows or changes data is a thin call into
// tools.Registry.Call (or, for members, invitations and tokens, the identity
// package the REST door calls) with the signed-in person's identity; no rule
// lives in a handler or a template. Errors are shown next to the field the
// tool names.
package ui

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/tools"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// Auth is what the pages need from the HTTP door's sign-in machinery, so a
// page session is checked exactly as an /api request's is (limits,
// security events, the same cookie).
type Auth interface {
	// Session verifies the request's session cookie.
	Session(c *echo.Context) (identity.SessionIdentity, error)
	// SignIn exchanges an API token for a session cookie, as POST
	// /api/session does.
	SignIn(c *echo.Context, token string) error
	// SignOut ends the request's session and clears its cookie.
	SignOut(c *echo.Context) error
}

// Firebase is the browser's Firebase Auth configuration (all from server
// configuration; nothing is hard-coded in the assets).
type Firebase struct {
	APIKey     string `json:"apiKey"`
	AuthDomain string `json:"authDomain,omitempty"`
	ProjectID  string `json:"projectId"`
	// EmulatorHost is host:port of the Auth emulator (tests).
	EmulatorHost string `json:"emulatorHost,omitempty"`
	// Google offers "Sign in with Google" (a popup on AuthDomain).
	Google bool `json:"google"`
}

// Deps are what the pages call.
type Deps struct {
	Logger     *slog.Logger
	Registry   *tools.Registry
	Households *identity.Households // nil: no members, invitations or households pages
	Tokens     *identity.APITokens  // nil: no tokens page
	Importer   *importer.Importer   // nil: no import or export page
	Captures   *agent.Captures      // nil: no captures history
	// Firebase turns on email/password (and Google) sign-in; nil: API
	// tokens only.
	Firebase *Firebase
}

// Pages serves /app.
type Pages struct {
	d    Deps
	tmpl *templates
	csp  string
	// echo is the server the pages are mounted on: members, invitations
	// and tokens are reached through its REST routes (see rest).
	echo *echo.Echo
}

// New parses the embedded templates once.
func New(d Deps) (*Pages, error) {
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Pages{d: d, tmpl: t, csp: contentSecurityPolicy(d.Firebase)}, nil
}

// contentSecurityPolicy allows only the binary's own scripts, styles and
// images: no inline script or style, no third-party request but Firebase
// Auth's own endpoints when Firebase sign-in is configured.
func contentSecurityPolicy(fb *Firebase) string {
	connect, frame := "'self'", "'none'"
	if fb != nil {
		if fb.EmulatorHost != "" {
			connect += " http://" + fb.EmulatorHost
		} else {
			connect += " https://identitytoolkit.googleapis.com https://securetoken.googleapis.com"
		}
		if fb.AuthDomain != "" {
			frame = "https://" + fb.AuthDomain
		}
	}
	return strings.Join([]string{
		"default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
		"media-src 'self' blob:", "connect-src " + connect, "frame-src " + frame, "worker-src 'self'",
		"manifest-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
	}, "; ")
}

// Register mounts the pages and their assets on e.
func (p *Pages) Register(e *echo.Echo, auth Auth) {
	p.echo = e
	e.GET("/", func(c *echo.Context) error { return c.Redirect(http.StatusFound, "/app/") })
	assets, _ := fs.Sub(assetFS, "assets")
	static := http.StripPrefix("/app/assets/", http.FileServer(http.FS(assets)))
	e.GET("/app/assets/*", func(c *echo.Context) error {
		p.headers(c)
		c.Response().Header().Set("Cache-Control", "no-cache")
		static.ServeHTTP(c.Response(), c.Request())
		return nil
	})
	// The service worker and manifest sit at /app/ so the worker's scope
	// is the whole app.
	e.GET("/app/sw.js", p.asset("sw.js", "text/javascript; charset=utf-8"))
	e.GET("/app/manifest.webmanifest", p.asset("manifest.webmanifest", "application/manifest+json"))

	e.GET("/app/signin", p.signInPage)
	e.POST("/app/signin", func(c *echo.Context) error { return p.signIn(c, auth) })
	e.GET("/app/invite/:code", p.invitePage)

	g := e.Group("/app", p.signedIn(auth))
	g.POST("/signout", func(c *echo.Context) error { return p.signOut(c, auth) })
	g.GET("/", p.home)
	g.GET("/households", p.households)
	p.registerCatalog(g)
	p.registerPantry(g)
	p.registerRecipes(g)
	p.registerEvents(g)
	p.registerAdmin(g)
	p.registerImports(g)
	p.registerCaptures(g)
}

func (p *Pages) asset(name, contentType string) echo.HandlerFunc {
	return func(c *echo.Context) error {
		b, err := assetFS.ReadFile("assets/" + name)
		if err != nil {
			return err
		}
		p.headers(c)
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.Blob(http.StatusOK, contentType, b)
	}
}

// headers are every page's and asset's security headers.
func (p *Pages) headers(c *echo.Context) {
	h := c.Response().Header()
	h.Set("Content-Security-Policy", p.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
}
