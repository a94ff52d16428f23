package web

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

// labelPageHTML is the printable label, one self-contained page (no
// scripts, inline style) so it prints from any browser.
//
//go:embed label_page.html
var labelPageHTML string

// labelPage escapes everything it shows (html/template): recipe and
// ingredient names are the tenant's own text.
var labelPage = template.Must(template.New("label").Parse(labelPageHTML))

// registerLabelPage serves GET /recipes/:id/label?jurisdiction=us|eu, the
// recipe_label tool as a printable page, behind the same authentication as
// /api (a browser's session cookie, or a bearer token).
func registerLabelPage(e *echo.Echo, auth echo.MiddlewareFunc, reg *tools.Registry) {
	if _, ok := reg.Lookup("recipe_label"); !ok {
		return
	}
	e.GET("/recipes/:id/label", func(c *echo.Context) error {
		args, err := pathQueryArgs(c, "recipe_id", []string{"jurisdiction"}, nil)
		if err != nil {
			return err
		}
		res, e := reg.Call(c.Request().Context(), caller(c), "recipe_label", args)
		if e != nil {
			return e
		}
		var b bytes.Buffer
		if err := labelPage.Execute(&b, res.(tools.RecipeLabelOutput)); err != nil {
			return err
		}
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		h.Set("X-Content-Type-Options", "nosniff")
		return c.HTMLBlob(http.StatusOK, b.Bytes())
	}, auth)
}
