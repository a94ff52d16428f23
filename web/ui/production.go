package ui

import (
	"net/url"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

var (
	planFields       = []field{f("mode", text), f("servings_per_guest", decimal)}
	productionFields = []field{f("recipe", text), f("batches", decimal), f("finished_unit", text),
		f("actual_yield", integer), f("loss_quantity", integer), f("notes", text)}
)

// registerProduction adds the event's plan (plan_event) and its bakes
// (record_production) to the event pages.
func (p *Pages) registerProduction(g *echo.Group) {
	g.GET("/events/:id/plan", func(c *echo.Context) error { return p.plan(c, p.page(c, "Plan", "events"), nil) })
	g.POST("/events/:id/plan", func(c *echo.Context) error {
		v := p.page(c, "Plan", "events")
		res, e := p.submit(c, "plan_event", planFields, map[string]any{"event_id": c.Param("id")})
		if e != nil {
			return p.plan(c, v, e)
		}
		q := url.Values{"done": {"Plan stored. " + str(res["message"])}}
		for _, k := range []string{"mode", "servings_per_guest"} {
			if s := c.FormValue(k); s != "" {
				q.Set(k, s)
			}
		}
		return redirect(c, "/app/events/"+url.PathEscape(c.Param("id"))+"/plan?"+q.Encode())
	})
	g.POST("/events/:id/production", func(c *echo.Context) error {
		v := p.page(c, "Event", "events")
		res, e := p.recordBake(c)
		if e != nil {
			return p.event(c, v, e)
		}
		return redirect(c, "/app/events/"+url.PathEscape(c.Param("id"))+"?done="+url.QueryEscape(str(res["message"])))
	})
}

type planData struct {
	Event, Plan map[string]any
}

// plan shows what plan_event would decide for the query's mode and
// servings (a dry run); the form below it stores that plan.
func (p *Pages) plan(c *echo.Context, v *view, e *tools.Error) error {
	ev, ge := p.call(c, "get_event", map[string]any{"event_id": c.Param("id")})
	if ge != nil {
		return p.renderErr(c, "error", v, ge)
	}
	if len(v.Form) == 0 {
		v.Form = c.QueryParams()
	}
	args, fe := formArgs(v.Form, planFields...)
	var plan map[string]any
	if fe == nil {
		args["event_id"], args["dry_run"] = c.Param("id"), true
		delete(args, "idempotency_key")
		plan, fe = p.call(c, "plan_event", args)
	}
	if e == nil {
		e = fe
	}
	v.Title, v.Data = "Plan: "+str(ev["name"]), planData{Event: ev, Plan: plan}
	return p.show(c, "plan", v, e)
}

// recordBake runs record_production with the bake form's fields, which are
// named "bake.<argument>" because the event page's other form has a recipe
// and batches too; an error names the bake form's field.
func (p *Pages) recordBake(c *echo.Context) (map[string]any, *tools.Error) {
	form, err := c.FormValues()
	if err != nil {
		return nil, tools.Invalid("body", "cannot read the form")
	}
	sub := prefixed(form, "bake")
	sub.Set("idempotency_key", form.Get("idempotency_key"))
	args, e := formArgs(sub, productionFields...)
	if e == nil {
		args["event_id"] = c.Param("id")
		var res map[string]any
		if res, e = p.call(c, "record_production", args); e == nil {
			return res, nil
		}
	}
	for _, fl := range productionFields {
		if e.Field == fl.name {
			e.Field = "bake." + fl.name
		}
	}
	return nil, e
}
