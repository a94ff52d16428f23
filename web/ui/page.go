package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

const ctxSession = "ui.session"

// maxFormBytes bounds a page's form: an export upload of 10 MB and its
// multipart framing.
const maxFormBytes = 11 << 20

// signedIn sends a request without a live session to the sign-in page and,
// for a POST, checks the form's CSRF token against the session's: a
// cross-site form carries the cookie but cannot read the token.
func (p *Pages) signedIn(auth Auth) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			p.headers(c)
			c.Response().Header().Set("Cache-Control", "no-store")
			s, err := auth.Session(c)
			if err != nil {
				var te *tools.Error
				if errors.As(err, &te) && te.Status == http.StatusTooManyRequests {
					return p.render(c, http.StatusTooManyRequests, "signin", &view{Title: "Sign in", Err: te})
				}
				if !errors.Is(err, identity.ErrInvalidToken) && !errors.As(err, &te) {
					return err
				}
				return c.Redirect(http.StatusSeeOther, "/app/signin?next="+url.QueryEscape(c.Request().URL.RequestURI()))
			}
			c.Set(ctxSession, s)
			if c.Request().Method == http.MethodPost {
				c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, maxFormBytes)
				if !identity.CSRFMatches(c.FormValue("csrf_token"), s.CSRF) {
					return p.render(c, http.StatusForbidden, "error", &view{Title: "Refused",
						Err: &tools.Error{Code: "csrf_invalid", Status: http.StatusForbidden,
							Message: "this form is out of date or came from another site: reload the page and try again"}})
				}
			}
			return next(c)
		}
	}
}

func session(c *echo.Context) identity.SessionIdentity {
	s, _ := c.Get(ctxSession).(identity.SessionIdentity)
	return s
}

func who(c *echo.Context) identity.Identity { return session(c).Identity }

// view is what every template receives.
type view struct {
	Title string
	// Nav names the menu entry to mark as current.
	Nav     string
	Session *identity.SessionIdentity
	// Err is the last tool error: shown at the top and next to its field.
	Err  *tools.Error
	Form url.Values
	// Done says what the last form did (after the redirect).
	Done     string
	Data     any
	Firebase *Firebase
	// Script is a page's own module under /app/assets.
	Script string
}

// page fills the view's common parts for a signed-in page.
func (p *Pages) page(c *echo.Context, title, nav string) *view {
	s := session(c)
	v := &view{Title: title, Nav: nav, Session: &s, Form: url.Values{}, Done: c.QueryParam("done")}
	if c.Request().Method == http.MethodPost {
		if f, err := c.FormValues(); err == nil {
			v.Form = f
		}
	}
	return v
}

func (p *Pages) render(c *echo.Context, status int, name string, v *view) error {
	p.headers(c)
	var b bytes.Buffer
	if err := p.tmpl.execute(&b, name, v); err != nil {
		return err
	}
	return c.HTMLBlob(status, b.Bytes())
}

// renderErr renders page name with the tool error e and the status it
// carries.
func (p *Pages) renderErr(c *echo.Context, name string, v *view, e *tools.Error) error {
	v.Err = e
	return p.render(c, e.StatusCode(), name, v)
}

// call runs a tool through the registry as the signed-in person and returns
// its JSON result decoded generically (numbers stay exact as json.Number).
func (p *Pages) call(c *echo.Context, tool string, args map[string]any) (map[string]any, *tools.Error) {
	raw, err := json.Marshal(args)
	if err != nil {
		return nil, tools.Invalid("body", "cannot encode the form")
	}
	out, e := p.d.Registry.CallJSON(c.Request().Context(), who(c), tool, raw)
	if e != nil {
		return nil, e
	}
	return decode(out)
}

func decode(raw []byte) (map[string]any, *tools.Error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, tools.Internal()
	}
	return m, nil
}

// redirect is the R of POST-redirect-GET.
func redirect(c *echo.Context, to string) error { return c.Redirect(http.StatusSeeOther, to) }
