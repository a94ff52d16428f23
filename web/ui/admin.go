package ui

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

func (p *Pages) registerAdmin(g *echo.Group) {
	g.GET("/reviews", func(c *echo.Context) error {
		return p.listPage(c, p.page(c, "Barcode reviews", "reviews"), nil, "reviews", "list_barcode_reviews", "status", "cursor")
	})
	g.POST("/reviews/:id", func(c *echo.Context) error {
		v := p.page(c, "Barcode reviews", "reviews")
		if _, e := p.submit(c, "resolve_barcode_review", []field{f("action", text), f("product", text)},
			map[string]any{"review_id": c.Param("id")}); e != nil {
			return p.listPage(c, v, e, "reviews", "list_barcode_reviews", "status", "cursor")
		}
		return redirect(c, "/app/reviews?done=Resolved")
	})
	g.GET("/members", func(c *echo.Context) error { return p.members(c, p.page(c, "Members", "members"), nil) })
	g.POST("/members/:id", func(c *echo.Context) error {
		v := p.page(c, "Members", "members")
		path := "/api/members/" + url.PathEscape(c.Param("id"))
		var e *tools.Error
		if c.FormValue("remove") != "" {
			_, e = p.rest(c, http.MethodDelete, path, nil)
		} else {
			_, e = p.rest(c, http.MethodPatch, path, map[string]any{"role": c.FormValue("role")})
		}
		if e != nil {
			return p.members(c, v, e)
		}
		return redirect(c, "/app/members?done=Saved")
	})
	g.GET("/usage", func(c *echo.Context) error {
		v := p.page(c, "Usage", "usage")
		got, e := p.rest(c, http.MethodGet, "/api/usage", nil)
		if e != nil && e.StatusCode() == http.StatusNotFound {
			v.Data = map[string]any{"missing": true}
			return p.render(c, http.StatusOK, "usage", v)
		}
		if e != nil {
			return p.renderErr(c, "error", v, e)
		}
		v.Data = got
		return p.render(c, http.StatusOK, "usage", v)
	})
	g.GET("/invitations", func(c *echo.Context) error {
		return p.restPage(c, p.page(c, "Invitations", "invitations"), nil, "invitations", "/api/invitations")
	})
	g.POST("/invitations", func(c *echo.Context) error {
		v := p.page(c, "Invitations", "invitations")
		body := map[string]any{"role": c.FormValue("role")}
		if e := c.FormValue("email"); e != "" {
			body["email"] = e
		}
		created, e := p.rest(c, http.MethodPost, "/api/invitations", body)
		if e != nil {
			return p.restPage(c, v, e, "invitations", "/api/invitations")
		}
		v.Done = "Invitation made: send this link to the person (shown once)."
		v.Form = url.Values{}
		return p.restPageWith(c, v, "invitations", "/api/invitations", created)
	})
	g.POST("/invitations/:id/revoke", func(c *echo.Context) error {
		v := p.page(c, "Invitations", "invitations")
		if _, e := p.rest(c, http.MethodDelete, "/api/invitations/"+url.PathEscape(c.Param("id")), nil); e != nil {
			return p.restPage(c, v, e, "invitations", "/api/invitations")
		}
		return redirect(c, "/app/invitations?done=Invitation+withdrawn")
	})
	g.GET("/tokens", func(c *echo.Context) error {
		return p.restPage(c, p.page(c, "API tokens", "tokens"), nil, "tokens", "/api/tokens")
	})
	g.POST("/tokens", func(c *echo.Context) error {
		v := p.page(c, "API tokens", "tokens")
		body := map[string]any{"name": c.FormValue("name"), "read_only": c.FormValue("read_only") == "on"}
		created, e := p.rest(c, http.MethodPost, "/api/tokens", body)
		if e != nil {
			return p.restPage(c, v, e, "tokens", "/api/tokens")
		}
		v.Done = "Token made: copy it now, it is not shown again."
		v.Form = url.Values{}
		return p.restPageWith(c, v, "tokens", "/api/tokens", created)
	})
	g.POST("/tokens/:id/revoke", func(c *echo.Context) error {
		v := p.page(c, "API tokens", "tokens")
		if _, e := p.rest(c, http.MethodDelete, "/api/tokens/"+url.PathEscape(c.Param("id")), nil); e != nil {
			return p.restPage(c, v, e, "tokens", "/api/tokens")
		}
		return redirect(c, "/app/tokens?done=Token+revoked")
	})
}

func (p *Pages) members(c *echo.Context, v *view, e *tools.Error) error {
	return p.restPage(c, v, e, "members", "/api/members")
}

// restData is a page backed by a REST resource: its list and, after a
// create, what the create answered (a secret shown once).
type restData struct {
	List, Created map[string]any
}

func (p *Pages) restPage(c *echo.Context, v *view, e *tools.Error, page, path string) error {
	return p.restPageErr(c, v, e, page, path, nil)
}

func (p *Pages) restPageWith(c *echo.Context, v *view, page, path string, created map[string]any) error {
	return p.restPageErr(c, v, nil, page, path, created)
}

func (p *Pages) restPageErr(c *echo.Context, v *view, e *tools.Error, page, path string, created map[string]any) error {
	got, le := p.rest(c, http.MethodGet, path, nil)
	if le != nil {
		return p.renderErr(c, "error", v, le)
	}
	v.Data = restData{List: got, Created: created}
	return p.show(c, page, v, e)
}

// rest runs one request of the REST door for the signed-in person (their
// cookie, the session's CSRF token) and returns its JSON answer. Members,
// invitations and tokens are not tools: their rules live behind those
// routes, and the pages reach them there rather than repeating them.
func (p *Pages) rest(c *echo.Context, method, path string, body map[string]any) (map[string]any, *tools.Error) {
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	orig := c.Request()
	r, err := http.NewRequestWithContext(orig.Context(), method, path, rd)
	if err != nil {
		return nil, tools.Internal()
	}
	r.Host, r.RemoteAddr, r.TLS = orig.Host, orig.RemoteAddr, orig.TLS
	for _, ck := range orig.Cookies() {
		r.AddCookie(ck)
	}
	r.Header.Set("X-CSRF-Token", session(c).CSRF)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	w := &recorder{header: http.Header{}, status: http.StatusOK}
	p.echo.ServeHTTP(w, r)
	if w.status == http.StatusNoContent {
		return map[string]any{}, nil
	}
	out, de := decode(w.body.Bytes())
	if de != nil {
		return nil, de
	}
	if w.status >= 400 {
		e := &tools.Error{Status: w.status, Code: "error", Message: "the request failed"}
		if em, ok := out["error"].(map[string]any); ok {
			e.Code, e.Message, e.Field = str(em["code"]), str(em["message"]), str(em["field"])
		}
		return nil, e
	}
	return out, nil
}

// recorder keeps an internal REST answer.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }
