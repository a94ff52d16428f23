package web

import (
	"encoding/json"
	"net/http"
	"unicode/utf8"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

// registerBakersMath mounts baker's math, the density library, labels and
// costing (issue 16), each route one tool:
//
//	GET  /api/densities?query=                   list_densities
//	POST /api/ingredients/:id/density {"entry"}  adopt_density
//	GET  /api/recipes/:id/bakers_percentages     bakers_percentages (?flour= repeated)
//	POST /api/recipes/:id/scale {mode…}          scale_recipe
//	GET  /api/recipes/:id/label?jurisdiction=    recipe_label
//	GET  /api/finished_goods/:id/label?jurisdiction=  finished_good_label
//	GET  /api/finished_goods/:id/cost?target_margin=  finished_good_cost
//	GET  /api/recipes/:id/cost?batches=&target_margin=  recipe_cost
//	GET  /api/events/:id/cost?target_margin=     event_cost
func registerBakersMath(api *echo.Group, reg *tools.Registry) {
	get := func(path, tool, idField string, text []string, list []string, out func(c *echo.Context, res any) error) {
		opts := []routeOption{query(append(append([]string(nil), text...), list...)...)}
		if idField != "" {
			opts = append(opts, pathArg(idField))
		}
		if path == "/densities" {
			opts = append(opts, listOf("densities"))
		}
		mount(api, reg, http.MethodGet, path, tool, func(c *echo.Context) error {
			args, err := pathQueryArgs(c, idField, text, list)
			if err != nil {
				return err
			}
			res, e := reg.Call(c.Request().Context(), caller(c), tool, args)
			if e != nil {
				return e
			}
			return out(c, res)
		}, opts...)
	}
	asJSON := func(c *echo.Context, res any) error { return c.JSON(http.StatusOK, res) }
	get("/densities", "list_densities", "", []string{"query"}, nil, func(c *echo.Context, res any) error {
		return c.JSON(http.StatusOK, res.(tools.ListDensitiesOutput).Densities)
	})
	get("/recipes/:id/bakers_percentages", "bakers_percentages", "recipe_id", nil, []string{"flour"}, asJSON)
	get("/recipes/:id/label", "recipe_label", "recipe_id", []string{"jurisdiction"}, nil, asJSON)
	get("/finished_goods/:id/label", "finished_good_label", "finished_good", []string{"jurisdiction"}, nil, asJSON)
	get("/finished_goods/:id/cost", "finished_good_cost", "finished_good", []string{"target_margin"}, nil, asJSON)
	get("/recipes/:id/cost", "recipe_cost", "recipe_id", []string{"batches", "target_margin"}, nil, asJSON)
	get("/events/:id/cost", "event_cost", "event_id", []string{"target_margin"}, nil, asJSON)
	post := func(path, tool, idField string) {
		mount(api, reg, http.MethodPost, path, tool, func(c *echo.Context) error {
			args, err := bodyArgs(c, idField)
			if err != nil {
				return err
			}
			res, e := reg.Call(c.Request().Context(), caller(c), tool, args)
			if e != nil {
				return e
			}
			return c.JSON(http.StatusOK, res)
		}, pathArg(idField))
	}
	post("/ingredients/:id/density", "adopt_density", "ingredient")
	post("/recipes/:id/scale", "scale_recipe", "recipe_id")
}

// pathQueryArgs is the path's id under idField plus the named query
// parameters: text ones as strings (decimals go as decimal text, which the
// tools accept), list ones as arrays of their repeated values.
func pathQueryArgs(c *echo.Context, idField string, text, list []string) (json.RawMessage, error) {
	args := map[string]any{}
	if idField != "" {
		if !utf8.ValidString(c.Param("id")) {
			return nil, notUTF8(idField)
		}
		args[idField] = c.Param("id")
	}
	q := c.Request().URL.Query()
	for _, name := range text {
		if v := q.Get(name); v != "" {
			if !utf8.ValidString(v) {
				return nil, notUTF8(name)
			}
			args[name] = v
		}
	}
	for _, name := range list {
		if vs := q[name]; len(vs) > 0 {
			for _, v := range vs {
				if !utf8.ValidString(v) {
					return nil, notUTF8(name)
				}
			}
			args[name] = vs
		}
	}
	return json.Marshal(args)
}
