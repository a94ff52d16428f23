package ui

import (
	"net/url"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

var (
	eventFields       = []field{f("event_name", text), f("event_date", text), f("guest_count", integer), f("recipe_names", lines), f("notes", text)}
	eventRecipeFields = []field{f("recipe", text), f("batches", decimal)}
)

func (p *Pages) registerRecipes(g *echo.Group) {
	g.GET("/recipes", func(c *echo.Context) error {
		return p.listPage(c, p.page(c, "Recipes", "recipes"), nil, "recipes", "list_recipes", "query", "category", "cursor")
	})
	g.GET("/recipes/:id", p.recipe)
	p.registerBakersMath(g)
}

type recipeData struct {
	Recipe, Cost map[string]any
	Batches      string
}

// recipe shows a recipe with its nested components multiplied out, scaled
// by ?batches=, and what it costs from the pantry.
func (p *Pages) recipe(c *echo.Context) error {
	v := p.page(c, "Recipe", "recipes")
	args := map[string]any{"id": c.Param("id"), "expand": true}
	batches := c.QueryParam("batches")
	if batches != "" {
		args["batches"] = batches
	}
	r, e := p.call(c, "get_recipe", args)
	if e != nil {
		if e.Field == "batches" {
			v.Form = url.Values{"batches": {batches}}
			delete(args, "batches")
			if r, _ = p.call(c, "get_recipe", args); r != nil {
				v.Title, v.Data = str(r["name"]), recipeData{Recipe: r, Batches: batches}
				return p.renderErr(c, "recipe", v, e)
			}
		}
		return p.renderErr(c, "error", v, e)
	}
	costArgs := map[string]any{"recipe_id": c.Param("id"), "batches": r["batches"]}
	margin := c.QueryParam("target_margin")
	if margin != "" {
		costArgs["target_margin"] = margin
	}
	cost, ce := p.call(c, "recipe_cost", costArgs)
	if ce != nil && ce.Field == "target_margin" {
		// The cost without the margin, the refusal next to its field.
		delete(costArgs, "target_margin")
		cost, _ = p.call(c, "recipe_cost", costArgs)
	}
	v.Form.Set("target_margin", margin)
	v.Title, v.Data = str(r["name"]), recipeData{Recipe: r, Cost: cost, Batches: str(r["batches"])}
	return p.show(c, "recipe", v, ce)
}

func (p *Pages) registerEvents(g *echo.Group) {
	g.GET("/events", func(c *echo.Context) error { return p.events(c, p.page(c, "Events", "events"), nil) })
	g.POST("/events", func(c *echo.Context) error {
		v := p.page(c, "Events", "events")
		res, e := p.submit(c, "create_event_with_recipes", eventFields, nil)
		if e != nil {
			return p.events(c, v, e)
		}
		msg := str(res["message"])
		return redirect(c, "/app/events/"+url.PathEscape(str(res["event_id"]))+"?done="+url.QueryEscape(msg))
	})
	g.GET("/events/:id", func(c *echo.Context) error { return p.event(c, p.page(c, "Event", "events"), nil) })
	g.POST("/events/:id/recipes", func(c *echo.Context) error {
		v := p.page(c, "Event", "events")
		if _, e := p.submit(c, "add_event_recipe", eventRecipeFields, map[string]any{"event_id": c.Param("id")}); e != nil {
			return p.event(c, v, e)
		}
		return redirect(c, "/app/events/"+url.PathEscape(c.Param("id"))+"?done=Planned")
	})
	p.registerProduction(g)
}

func (p *Pages) events(c *echo.Context, v *view, e *tools.Error) error {
	return p.listPage(c, v, e, "events", "list_events", "from", "to", "cursor")
}

type eventData struct{ Event, Shopping, Progress map[string]any }

// event shows an event's planned recipes, its progress (baked against
// planned) and its shopping list.
func (p *Pages) event(c *echo.Context, v *view, e *tools.Error) error {
	ev, ge := p.call(c, "get_event", map[string]any{"event_id": c.Param("id")})
	if ge != nil {
		return p.renderErr(c, "error", v, ge)
	}
	shop, se := p.call(c, "shopping_list", map[string]any{"event_id": c.Param("id")})
	if se != nil && e == nil {
		e = se
	}
	progress, pe := p.call(c, "event_progress", map[string]any{"event_id": c.Param("id")})
	if pe != nil && e == nil {
		e = pe
	}
	v.Title, v.Data = str(ev["name"]), eventData{Event: ev, Shopping: shop, Progress: progress}
	return p.show(c, "event", v, e)
}
