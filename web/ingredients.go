package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

// registerIngredients mounts the ingredient resource, each route one tool:
//
//	POST   /api/ingredients      create_ingredient's arguments → 201 + the ingredient
//	GET    /api/ingredients      ?query= &limit= (1–500, default 50) &cursor= → JSON array.
//	                             When more follow, the next page's cursor is in the
//	                             X-Next-Cursor header and a Link header (rel="next")
//	                             gives the next page's URL; the last page has neither.
//	GET    /api/ingredients/:id  id or slug → the ingredient
//	PATCH  /api/ingredients/:id  update_ingredient's arguments (without id) → the ingredient
//	DELETE /api/ingredients/:id  → 204; 409 while products, recipe lines or children use it
//
// An Idempotency-Key header is the tools' idempotency_key.
func registerIngredients(api *echo.Group, reg *tools.Registry) {
	mount(api, reg, http.MethodPost, "/ingredients", "create_ingredient", func(c *echo.Context) error {
		args, err := bodyArgs(c, "")
		if err != nil {
			return err
		}
		out, err := callTool[tools.Ingredient](c, reg, "create_ingredient", args)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, out)
	})
	mount(api, reg, http.MethodGet, "/ingredients", "list_ingredients", func(c *echo.Context) error {
		args, err := queryArgs(c, "query", "cursor")
		if err != nil {
			return err
		}
		out, err := callTool[tools.ListIngredientsOutput](c, reg, "list_ingredients", args)
		if err != nil {
			return err
		}
		if out.NextCursor != "" {
			next := url.Values{"cursor": {out.NextCursor}}
			if q := c.QueryParam("query"); q != "" {
				next.Set("query", q)
			}
			if l, err := strconv.Atoi(c.QueryParam("limit")); err == nil {
				next.Set("limit", strconv.Itoa(l))
			}
			h := c.Response().Header()
			h.Set("X-Next-Cursor", out.NextCursor)
			h.Set("Link", fmt.Sprintf(`<%s?%s>; rel="next"`, c.Request().URL.Path, next.Encode()))
		}
		return c.JSON(http.StatusOK, out.Ingredients)
	}, listOf("ingredients"))
	mount(api, reg, http.MethodGet, "/ingredients/:id", "get_ingredient", func(c *echo.Context) error {
		args, err := pathArgs(c, "id")
		if err != nil {
			return err
		}
		out, err := callTool[tools.Ingredient](c, reg, "get_ingredient", args)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, out)
	})
	mount(api, reg, http.MethodPatch, "/ingredients/:id", "update_ingredient", func(c *echo.Context) error {
		args, err := bodyArgs(c, "id")
		if err != nil {
			return err
		}
		out, err := callTool[tools.Ingredient](c, reg, "update_ingredient", args)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, out)
	})
	mount(api, reg, http.MethodDelete, "/ingredients/:id", "delete_ingredient", func(c *echo.Context) error {
		args, err := pathArgs(c, "id")
		if err != nil {
			return err
		}
		if _, e := reg.Call(c.Request().Context(), caller(c), "delete_ingredient", args); e != nil {
			return e
		}
		return c.NoContent(http.StatusNoContent)
	})
}
