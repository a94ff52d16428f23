package ui

import (
	"io"
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/tools"
)

func (p *Pages) registerCaptures(g *echo.Group) {
	g.GET("/capture", func(c *echo.Context) error {
		v := p.page(c, "Capture", "capture")
		v.Script = "capture.js"
		return p.render(c, http.StatusOK, "capture", v)
	})
	// Without JavaScript the capture form posts here: the photo and text
	// go to the agent, and the page shows its reply (confirming the
	// proposals needs the script or another door).
	g.POST("/capture", func(c *echo.Context) error {
		v := p.page(c, "Capture", "capture")
		v.Script = "capture.js"
		if p.d.Captures == nil {
			return p.renderErr(c, "capture", v, tools.Unavailable("ai_disabled", "captures are not configured on this server"))
		}
		var media []agent.Media
		if fh, err := c.FormFile("image"); err == nil && fh.Size > 0 {
			ct := fh.Header.Get("Content-Type")
			if e := agent.AcceptType("image", ct); e != nil {
				return p.renderErr(c, "capture", v, e)
			}
			fl, err := fh.Open()
			if err != nil {
				return err
			}
			b, err := io.ReadAll(fl)
			_ = fl.Close()
			if err != nil {
				return err
			}
			m, e := agent.NewMedia("image", ct, b)
			if e != nil {
				return p.renderErr(c, "capture", v, e)
			}
			media = append(media, m)
		}
		cv, _, err := p.d.Captures.CreateOnce(c.Request().Context(), who(c), c.FormValue("idempotency_key"), c.FormValue("text"), media)
		if err != nil {
			e, _ := tools.AsError(err)
			return p.renderErr(c, "capture", v, e)
		}
		v.Data = cv
		return p.render(c, http.StatusOK, "capture", v)
	})
	g.GET("/captures", func(c *echo.Context) error {
		v := p.page(c, "Captures history", "captures")
		if p.d.Captures == nil {
			return p.renderErr(c, "captures", v, tools.Unavailable("ai_disabled", "captures are not configured on this server"))
		}
		list, err := p.d.Captures.List(c.Request().Context(), who(c), 50)
		if err != nil {
			return err
		}
		v.Data = list
		return p.render(c, http.StatusOK, "captures", v)
	})
}
