package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// registerIngredients mounts the ingredient resource (README, "HTTP"). Each
// handler only plumbs: identity from the context (set by authenticate),
// decode, call the same *tools.Tools method as the MCP tool, encode.
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
func registerIngredients(api *echo.Group, t *tools.Tools) {
	api.POST("/ingredients", func(c *echo.Context) error {
		var in tools.CreateIngredientInput
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
		if k := c.Request().Header.Get("Idempotency-Key"); k != "" {
			in.IdempotencyKey = k
		}
		out, err := t.CreateIngredient(c.Request().Context(), caller(c), in)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, out)
	})
	api.GET("/ingredients", func(c *echo.Context) error {
		in := tools.ListIngredientsInput{Query: c.QueryParam("query"), Cursor: c.QueryParam("cursor")}
		if s := c.QueryParam("limit"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return tools.Invalid("limit", "must be a whole number from 1 to 500, not %q", s)
			}
			in.Limit = n
		}
		out, err := t.ListIngredients(c.Request().Context(), caller(c), in)
		if err != nil {
			return err
		}
		if out.NextCursor != "" {
			next := url.Values{"cursor": {out.NextCursor}}
			if in.Query != "" {
				next.Set("query", in.Query)
			}
			if in.Limit != 0 {
				next.Set("limit", strconv.Itoa(in.Limit))
			}
			h := c.Response().Header()
			h.Set("X-Next-Cursor", out.NextCursor)
			h.Set("Link", fmt.Sprintf(`<%s?%s>; rel="next"`, c.Request().URL.Path, next.Encode()))
		}
		return c.JSON(http.StatusOK, out.Ingredients)
	})
	api.GET("/ingredients/:id", func(c *echo.Context) error {
		out, err := t.GetIngredient(c.Request().Context(), caller(c), tools.GetIngredientInput{ID: c.Param("id")})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, out)
	})
	api.PATCH("/ingredients/:id", func(c *echo.Context) error {
		var in tools.UpdateIngredientInput
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
		in.ID = c.Param("id")
		if k := c.Request().Header.Get("Idempotency-Key"); k != "" {
			in.IdempotencyKey = k
		}
		out, err := t.UpdateIngredient(c.Request().Context(), caller(c), in)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, out)
	})
	api.DELETE("/ingredients/:id", func(c *echo.Context) error {
		if _, err := t.DeleteIngredient(c.Request().Context(), caller(c), tools.DeleteIngredientInput{ID: c.Param("id")}); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
}

// caller is the identity authenticate put on the request.
func caller(c *echo.Context) identity.Identity {
	id, _ := identity.From(c.Request().Context())
	return id
}

// decodeJSON reads one JSON object into v, refusing unknown fields (400
// naming the field), malformed JSON (400 on "body") and trailing data. A
// body over the limit stays the body-limit error (413).
func decodeJSON(c *echo.Context, v any) error {
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, terr := dec.Token(); !errors.Is(terr, io.EOF) {
			return tools.Invalid("body", "malformed JSON: unexpected data after the object")
		}
		return nil
	}
	if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
		return err
	}
	if errors.Is(err, io.EOF) {
		return tools.Invalid("body", "malformed JSON: the body is empty; send a JSON object")
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		field = strings.Trim(field, `"`)
		return tools.Invalid(field, "unknown field %q", field)
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return tools.Invalid(typeErr.Field, "must be a JSON %s, not %s", jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
	}
	return tools.Invalid("body", "malformed JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "struct", "map":
		return "object or value"
	case "ptr":
		return "value"
	default:
		return "number"
	}
}
