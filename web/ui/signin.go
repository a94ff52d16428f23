package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

func (p *Pages) signInPage(c *echo.Context) error {
	v := &view{Title: "Sign in", Firebase: p.d.Firebase, Form: url.Values{"next": {c.QueryParam("next")}}}
	if p.d.Firebase != nil {
		v.Script = "signin.js"
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return p.render(c, http.StatusOK, "signin", v)
}

// signIn exchanges the form's API token for a session cookie. The form
// carries no CSRF token (there is no session yet), so it is refused unless
// the browser says it came from this site: another site must not sign a
// browser into an account of its choosing.
func (p *Pages) signIn(c *echo.Context, auth Auth) error {
	v := &view{Title: "Sign in", Firebase: p.d.Firebase, Form: url.Values{"next": {c.FormValue("next")}}}
	if p.d.Firebase != nil {
		v.Script = "signin.js"
	}
	if !sameOrigin(c.Request()) {
		return p.renderErr(c, "signin", v, &tools.Error{Code: "cross_site", Field: "token", Status: http.StatusForbidden,
			Message: "sign in from this site's own page"})
	}
	token := strings.TrimSpace(c.FormValue("token"))
	if token == "" {
		return p.renderErr(c, "signin", v, tools.Invalid("token", "paste an API token (btk_…)"))
	}
	if err := auth.SignIn(c, token); err != nil {
		var e *tools.Error
		if !errors.As(err, &e) {
			return err
		}
		if e.Field == "" {
			e = &tools.Error{Code: e.Code, Message: e.Message, Status: e.Status, Field: "token"}
		}
		return p.renderErr(c, "signin", v, e)
	}
	return redirect(c, safeNext(c.FormValue("next")))
}

// sameOrigin reads Sec-Fetch-Site (every current browser sends it), else
// Origin, else (an old browser, a script) lets the request through.
func sameOrigin(r *http.Request) bool {
	if s := r.Header.Get("Sec-Fetch-Site"); s != "" {
		return s == "same-origin" || s == "none"
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		return err == nil && u.Host == r.Host
	}
	return true
}

// safeNext keeps a redirect after sign-in inside the app.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/app/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") {
		return next
	}
	return "/app/"
}

func (p *Pages) signOut(c *echo.Context, auth Auth) error {
	if err := auth.SignOut(c); err != nil {
		return err
	}
	return redirect(c, "/app/signin?out=1")
}

func (p *Pages) invitePage(c *echo.Context) error {
	p.headers(c)
	v := &view{Title: "Join a household", Firebase: p.d.Firebase, Data: c.Param("code")}
	if p.d.Firebase != nil {
		v.Script = "signin.js"
	}
	return p.render(c, http.StatusOK, "invite", v)
}

func (p *Pages) home(c *echo.Context) error {
	return p.render(c, http.StatusOK, "home", p.page(c, "BakeTracker", "home"))
}

func (p *Pages) households(c *echo.Context) error {
	v := p.page(c, "Household", "households")
	me, e := p.rest(c, http.MethodGet, "/api/me", nil)
	if e != nil {
		return p.renderErr(c, "error", v, e)
	}
	// me lists every household of a person signed in with email; the
	// session is one of them.
	current := ""
	ms, _ := me["memberships"].([]any)
	for _, m := range ms {
		if m, ok := m.(map[string]any); ok && m["tenant_id"] == me["tenant_id"] {
			current = str(m["tenant_name"])
		}
	}
	v.Data, v.Firebase = householdsData{Me: me, Current: current}, p.d.Firebase
	if p.d.Firebase != nil {
		v.Script = "signin.js"
	}
	return p.render(c, http.StatusOK, "households", v)
}

type householdsData struct {
	Me      map[string]any
	Current string // the session's household's name
}
