package ui

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

var (
	ingredientFields = []field{f("name", text), f("category", text), f("default_unit", text), f("parent", text),
		f("description", text), f("notes", text), f("aliases", csv)}
	ingredientUpdate = []field{f("name", text), f("category", keep), f("default_unit", keep), f("description", keep),
		f("notes", keep), f("add_aliases", csv), f("remove_aliases", csv)}
	productFields = []field{f("ingredient", text), f("brand", text), f("product_name", text), f("package_unit", text),
		f("package_unit_quantity", decimal), f("package_type", text), f("barcode", text), f("preferred_supplier", text)}
	productUpdate = []field{f("brand", keep), f("product_name", keep), f("package_unit", text), f("package_unit_quantity", decimal),
		f("package_type", keep), f("barcode", text), f("preferred_supplier", text), f("notes", keep)}
	supplierFields = []field{f("name", text), f("supplier_type", text), f("street_address", text), f("city", text),
		f("state", text), f("zip_code", text), f("website_url", text), f("notes", text)}
)

func (p *Pages) registerCatalog(g *echo.Group) {
	g.GET("/ingredients", func(c *echo.Context) error { return p.ingredients(c, p.page(c, "Ingredients", "ingredients"), nil) })
	g.POST("/ingredients", func(c *echo.Context) error {
		v := p.page(c, "Ingredients", "ingredients")
		if _, e := p.submit(c, "create_ingredient", ingredientFields, nil); e != nil {
			return p.ingredients(c, v, e)
		}
		return redirect(c, "/app/ingredients?done="+url.QueryEscape("Added "+c.FormValue("name")))
	})
	g.GET("/ingredients/:id", func(c *echo.Context) error { return p.ingredient(c, p.page(c, "Ingredient", "ingredients"), nil) })
	g.POST("/ingredients/:id", func(c *echo.Context) error {
		v := p.page(c, "Ingredient", "ingredients")
		if _, e := p.submit(c, "update_ingredient", ingredientUpdate, map[string]any{"id": c.Param("id")}); e != nil {
			return p.ingredient(c, v, e)
		}
		return redirect(c, "/app/ingredients/"+url.PathEscape(c.Param("id"))+"?done=Saved")
	})

	g.GET("/products", func(c *echo.Context) error { return p.products(c, p.page(c, "Products", "products"), nil) })
	g.POST("/products", func(c *echo.Context) error {
		v := p.page(c, "Products", "products")
		if _, e := p.submit(c, "create_product", productFields, nil); e != nil {
			return p.products(c, v, e)
		}
		return redirect(c, "/app/products?done=Product+added")
	})

	g.GET("/products/:id", func(c *echo.Context) error { return p.product(c, p.page(c, "Product", "products"), nil) })
	g.POST("/products/:id", func(c *echo.Context) error {
		v := p.page(c, "Product", "products")
		if _, e := p.submit(c, "update_product", productUpdate, map[string]any{"id": c.Param("id")}); e != nil {
			return p.product(c, v, e)
		}
		return redirect(c, "/app/products/"+url.PathEscape(c.Param("id"))+"?done=Saved")
	})

	g.GET("/suppliers", func(c *echo.Context) error { return p.suppliers(c, p.page(c, "Stores", "suppliers"), nil) })
	g.POST("/suppliers", func(c *echo.Context) error {
		v := p.page(c, "Stores", "suppliers")
		if _, e := p.submit(c, "create_supplier", supplierFields, nil); e != nil {
			return p.suppliers(c, v, e)
		}
		return redirect(c, "/app/suppliers?done=Store+added")
	})
}

// submit runs tool with the posted form's fields (plus fixed arguments).
func (p *Pages) submit(c *echo.Context, tool string, fields []field, fixed map[string]any) (map[string]any, *tools.Error) {
	form, err := c.FormValues()
	if err != nil {
		return nil, tools.Invalid("body", "cannot read the form")
	}
	args, e := formArgs(form, fields...)
	if e != nil {
		return nil, e
	}
	for k, v := range fixed {
		args[k] = v
	}
	return p.call(c, tool, args)
}

// list is a list page's data: the tool's result and the search it ran.
type list struct {
	Result map[string]any
	Query  url.Values
	Extra  map[string]any
}

// listPage renders page with tool's result for the query parameters named.
func (p *Pages) listPage(c *echo.Context, v *view, e *tools.Error, page, tool string, params ...string) error {
	args := map[string]any{}
	for _, name := range params {
		if s := c.QueryParam(name); s != "" {
			args[name] = s
		}
	}
	res, le := p.call(c, tool, args)
	if le != nil && e == nil {
		e = le
	}
	v.Data = list{Result: res, Query: c.QueryParams()}
	return p.show(c, page, v, e)
}

// show renders page, with e (if any) and its status.
func (p *Pages) show(c *echo.Context, page string, v *view, e *tools.Error) error {
	if e != nil {
		return p.renderErr(c, page, v, e)
	}
	return p.render(c, http.StatusOK, page, v)
}

func (p *Pages) ingredients(c *echo.Context, v *view, e *tools.Error) error {
	return p.listPage(c, v, e, "ingredients", "list_ingredients", "query", "cursor")
}

func (p *Pages) ingredient(c *echo.Context, v *view, e *tools.Error) error {
	res, ge := p.call(c, "get_ingredient", map[string]any{"id": c.Param("id")})
	if ge != nil {
		return p.renderErr(c, "error", v, ge)
	}
	v.Title = "Ingredient: " + str(res["name"])
	v.Data = res
	return p.show(c, "ingredient", v, e)
}

func (p *Pages) products(c *echo.Context, v *view, e *tools.Error) error {
	return p.listPage(c, v, e, "products", "list_products", "query", "ingredient", "cursor")
}

func (p *Pages) product(c *echo.Context, v *view, e *tools.Error) error {
	res, ge := p.call(c, "get_product", map[string]any{"id": c.Param("id")})
	if ge != nil {
		return p.renderErr(c, "error", v, ge)
	}
	v.Title = "Product: " + str(res["name"])
	v.Data = res
	return p.show(c, "product", v, e)
}

func (p *Pages) suppliers(c *echo.Context, v *view, e *tools.Error) error {
	return p.listPage(c, v, e, "suppliers", "list_suppliers", "query", "cursor")
}

func str(x any) string {
	s, _ := x.(string)
	return s
}
