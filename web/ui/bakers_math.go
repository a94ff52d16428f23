package ui

import (
	"net/url"
	"strings"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

var (
	// scaleFields are scale_recipe's flat arguments; the pans are nested
	// (see panArg).
	scaleFields = []field{f("factor", decimal), f("target_yield", decimal), f("finished_unit", text),
		f("target_total_weight", decimal), f("target_flour_weight", decimal), f("weight_unit", text), f("by_volume", boolean)}
	panFields = []field{f("shape", text), f("diameter", decimal), f("side", decimal), f("length", decimal),
		f("width", decimal), f("depth", decimal), f("unit", text)}
)

func (p *Pages) registerBakersMath(g *echo.Group) {
	g.GET("/recipes/:id/percentages", p.percentages)
	g.GET("/recipes/:id/scale", p.scale)
}

type mathData struct {
	Recipe map[string]any
	Result map[string]any
}

// percentages shows bakers_percentages for the recipe (?flour= names the
// flours, comma-separated, when the default is not wanted).
func (p *Pages) percentages(c *echo.Context) error {
	v := p.page(c, "Baker's percentages", "recipes")
	v.Form = c.QueryParams()
	args, e := formArgs(v.Form, f("flour", csv))
	if e != nil {
		return p.mathPage(c, v, "percentages", nil, e)
	}
	args["recipe_id"] = c.Param("id")
	res, e := p.call(c, "bakers_percentages", args)
	return p.mathPage(c, v, "percentages", res, e)
}

// scale shows scale_recipe for the query's one way of scaling; with none
// given it shows the form only.
func (p *Pages) scale(c *echo.Context) error {
	v := p.page(c, "Scale", "recipes")
	v.Form = c.QueryParams()
	args, e := formArgs(v.Form, scaleFields...)
	if e == nil {
		e = panArg(v.Form, "from_pan", args)
	}
	if e == nil {
		e = panArg(v.Form, "to_pan", args)
	}
	if e != nil {
		return p.mathPage(c, v, "scale", nil, e)
	}
	if len(args) == 0 {
		return p.mathPage(c, v, "scale", nil, nil)
	}
	args["recipe_id"] = c.Param("id")
	res, e := p.call(c, "scale_recipe", args)
	return p.mathPage(c, v, "scale", res, e)
}

// panArg gathers the form's "<name>.<field>" fields into the nested pan
// argument, left out when all are empty.
func panArg(form url.Values, name string, args map[string]any) *tools.Error {
	pan, e := formArgs(prefixed(form, name), panFields...)
	if e != nil {
		e.Field = name + "." + e.Field
		return e
	}
	if len(pan) > 0 {
		args[name] = pan
	}
	return nil
}

// prefixed is the form's "<prefix>.<field>" fields under their own names,
// for a form whose fields would clash with another form's on the page.
func prefixed(form url.Values, prefix string) url.Values {
	sub := url.Values{}
	for k, vs := range form {
		if rest, ok := strings.CutPrefix(k, prefix+"."); ok {
			sub[rest] = vs
		}
	}
	return sub
}

// mathPage renders a baker's-math page under the recipe's name.
func (p *Pages) mathPage(c *echo.Context, v *view, page string, res map[string]any, e *tools.Error) error {
	r, re := p.call(c, "get_recipe", map[string]any{"id": c.Param("id")})
	if re != nil {
		return p.renderErr(c, "error", v, re)
	}
	v.Title = v.Title + ": " + str(r["name"])
	v.Data = mathData{Recipe: r, Result: res}
	return p.show(c, page, v, e)
}
