package ui

import (
	"net/url"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

var (
	adjustFields   = []field{f("pantry_item_id", text), f("percentage_remaining", decimal), f("correction", boolean), f("notes", text)}
	usageFields    = []field{f("ingredient", text), f("quantity", decimal), f("unit", text), f("reason", text), f("notes", text)}
	purchaseFields = []field{f("item_name", text), f("quantity", decimal), f("unit", text), f("price", decimal),
		f("store", text), f("purchase_date", text), f("gtin", text)}
)

func (p *Pages) registerPantry(g *echo.Group) {
	g.GET("/pantry", func(c *echo.Context) error { return p.pantry(c, p.page(c, "Pantry", "pantry"), nil) })
	g.POST("/pantry/adjust", func(c *echo.Context) error {
		v := p.page(c, "Pantry", "pantry")
		res, e := p.submit(c, "adjust_inventory", adjustFields, nil)
		if e != nil {
			return p.pantry(c, v, e)
		}
		return redirect(c, "/app/pantry?"+back(c, "ingredient")+"done="+url.QueryEscape(str(res["message"])))
	})
	g.POST("/pantry/usage", func(c *echo.Context) error {
		v := p.page(c, "Pantry", "pantry")
		res, e := p.submit(c, "record_usage", usageFields, nil)
		if e != nil {
			return p.pantry(c, v, e)
		}
		return redirect(c, "/app/pantry?"+back(c, "ingredient")+"done="+url.QueryEscape(str(res["message"])))
	})
	g.GET("/purchases", func(c *echo.Context) error { return p.purchases(c, p.page(c, "Purchases", "purchases"), nil) })
	g.POST("/purchases", func(c *echo.Context) error {
		v := p.page(c, "Purchases", "purchases")
		res, e := p.submit(c, "add_purchase", purchaseFields, nil)
		if e != nil {
			return p.purchases(c, v, e)
		}
		return redirect(c, "/app/purchases?done="+url.QueryEscape(str(res["message"])))
	})
}

// back keeps the page's ingredient filter across the redirect.
func back(c *echo.Context, name string) string {
	if s := c.FormValue("back_" + name); s != "" {
		return name + "=" + url.QueryEscape(s) + "&"
	}
	return ""
}

type pantryData struct {
	Lots  map[string]any
	Stock map[string]any
	// Ingredient is the filter (an id, slug or name).
	Ingredient string
}

func (p *Pages) pantry(c *echo.Context, v *view, e *tools.Error) error {
	ing := c.QueryParam("ingredient")
	if ing == "" {
		ing = c.FormValue("back_ingredient")
	}
	args := map[string]any{}
	d := pantryData{Ingredient: ing}
	if ing != "" {
		args["ingredient"] = ing
		stock, se := p.call(c, "get_stock", map[string]any{"ingredient": ing})
		if se != nil && e == nil {
			e = se
		}
		d.Stock = stock
	}
	lots, le := p.call(c, "list_pantry", args)
	if le != nil && e == nil {
		e = le
	}
	d.Lots = lots
	v.Data = d
	v.Script = "pantry.js"
	return p.show(c, "pantry", v, e)
}

func (p *Pages) purchases(c *echo.Context, v *view, e *tools.Error) error {
	return p.listPage(c, v, e, "purchases", "list_purchases", "product", "since", "cursor")
}
