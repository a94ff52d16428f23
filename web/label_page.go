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

// labelView is what the page shows, from a recipe's or a finished good's label.
type labelView struct {
	Name, IngredientStatement, AllergenStatement, Jurisdiction string
	Unweighed, OtherAllergens, Packaging                       []string
}

// registerLabelPage serves GET /recipes/:id/label and GET
// /finished_goods/:id/label (?jurisdiction=us|eu), the recipe_label and
// finished_good_label tools as printable pages, behind the same
// authentication as /api (a browser's session cookie, or a bearer token).
func registerLabelPage(e *echo.Echo, auth echo.MiddlewareFunc, reg *tools.Registry) {
	page := func(path, tool, idField string, view func(any) labelView) {
		if _, ok := reg.Lookup(tool); !ok {
			return
		}
		e.GET(path, func(c *echo.Context) error {
			args, err := pathQueryArgs(c, idField, []string{"jurisdiction"}, nil)
			if err != nil {
				return err
			}
			res, e := reg.Call(c.Request().Context(), caller(c), tool, args)
			if e != nil {
				return e
			}
			var b bytes.Buffer
			if err := labelPage.Execute(&b, view(res)); err != nil {
				return err
			}
			h := c.Response().Header()
			h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
			h.Set("X-Content-Type-Options", "nosniff")
			return c.HTMLBlob(http.StatusOK, b.Bytes())
		}, auth)
	}
	page("/recipes/:id/label", "recipe_label", "recipe_id", func(res any) labelView {
		l := res.(tools.RecipeLabelOutput)
		return labelView{Name: l.RecipeName, IngredientStatement: l.IngredientStatement, AllergenStatement: l.AllergenStatement,
			Jurisdiction: l.Jurisdiction, Unweighed: l.Unweighed, OtherAllergens: l.OtherAllergens}
	})
	page("/finished_goods/:id/label", "finished_good_label", "finished_good", func(res any) labelView {
		l := res.(tools.FinishedGoodLabelOutput)
		return labelView{Name: l.FinishedGoodName, IngredientStatement: l.IngredientStatement, AllergenStatement: l.AllergenStatement,
			Jurisdiction: l.Jurisdiction, Unweighed: l.Unweighed, OtherAllergens: l.OtherAllergens, Packaging: l.Packaging}
	})
}
