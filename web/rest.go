package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// registerREST mounts the REST resources. Every handler is a thin door onto
// the registry: it turns the request into the tool's JSON arguments, calls
// the tool through Registry.Call (which validates them against the tool's
// schema and decides authorization, as it does for MCP and the agent), and
// encodes the typed result.
func registerREST(api *echo.Group, reg *tools.Registry) {
	registerIngredients(api, reg)
	registerReviews(api, reg)
	registerBakersMath(api, reg)
	registerProduction(api, reg)
}

// callTool runs tool name with args as the caller and returns its result.
func callTool[Out any](c *echo.Context, reg *tools.Registry, name string, args json.RawMessage) (Out, error) {
	var zero Out
	res, e := reg.Call(c.Request().Context(), caller(c), name, args)
	if e != nil {
		return zero, e
	}
	out, ok := res.(Out)
	if !ok {
		return zero, fmt.Errorf("tool %s returned %T, want %T", name, res, zero)
	}
	return out, nil
}

// caller is the identity authenticate put on the request.
func caller(c *echo.Context) identity.Identity {
	id, _ := identity.From(c.Request().Context())
	return id
}

// bodyArgs reads the request body (a JSON object) as tool arguments and
// adds the values the path and headers carry: the path's record id under
// idField, and an Idempotency-Key header as idempotency_key. The body's
// bytes reach the tool unchanged, so the registry checks exactly what was
// sent; a body naming another record than the path is refused.
func bodyArgs(c *echo.Context, idField string) (json.RawMessage, error) {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
			return nil, err
		}
		return nil, tools.Invalid("body", "cannot read the body")
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, tools.Invalid("body", "the body is empty; send a JSON object")
	}
	if body[0] != '{' || body[len(body)-1] != '}' || !json.Valid(body) {
		return nil, tools.Invalid("body", "malformed JSON: send one JSON object")
	}
	extra := map[string]string{}
	if idField != "" {
		if !utf8.ValidString(c.Param("id")) {
			return nil, notUTF8(idField)
		}
		extra[idField] = c.Param("id")
	}
	if k := c.Request().Header.Get("Idempotency-Key"); k != "" {
		extra["idempotency_key"] = k
	}
	if len(extra) == 0 {
		return body, nil
	}
	var given map[string]json.RawMessage
	if err := json.Unmarshal(body, &given); err != nil {
		return nil, tools.Invalid("body", "malformed JSON: send one JSON object")
	}
	if raw, ok := given[idField]; ok && idField != "" {
		var s string
		if json.Unmarshal(raw, &s) != nil || s != extra[idField] {
			return nil, tools.Invalid(idField, "the body names %s but the path names %s; leave %s out of the body",
				tools.Shorten(string(raw)), tools.Shorten(extra[idField]), idField)
		}
	}
	// Append the path's and headers' values after the body's own: in JSON
	// read by encoding/json and the schema validator alike, the last of a
	// repeated key wins.
	var b bytes.Buffer
	b.Write(body[:len(body)-1])
	sep := len(given) > 0
	for _, k := range []string{idField, "idempotency_key"} {
		v, ok := extra[k]
		if !ok {
			continue
		}
		if sep {
			b.WriteByte(',')
		}
		sep = true
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(v)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// queryArgs turns list query parameters into tool arguments: the named
// text parameters as strings and limit as a whole number.
func queryArgs(c *echo.Context, text ...string) (json.RawMessage, error) {
	args := map[string]any{}
	for _, name := range text {
		if v := c.QueryParam(name); v != "" {
			if !utf8.ValidString(v) {
				return nil, notUTF8(name)
			}
			args[name] = v
		}
	}
	if s := c.QueryParam("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, tools.Invalid("limit", "must be a whole number from 1 to 500, not %q", s)
		}
		args["limit"] = n
	}
	return json.Marshal(args)
}

// pathArgs is the arguments {idField: the path's id}.
func pathArgs(c *echo.Context, idField string) (json.RawMessage, error) {
	id := c.Param("id")
	if !utf8.ValidString(id) {
		return nil, notUTF8(idField)
	}
	// Built by hand: a map through json.Marshal cost 2% of a get-by-id.
	k, _ := json.Marshal(idField)
	v, _ := json.Marshal(id)
	b := make([]byte, 0, len(k)+len(v)+3)
	b = append(append(append(append(append(b, '{'), k...), ':'), v...), '}')
	return b, nil
}

// notUTF8 refuses a path or query value that is not UTF-8 rather than let
// JSON encoding turn its bytes into U+FFFD.
func notUTF8(field string) error {
	return tools.Invalid(field, "is not valid UTF-8 text; send text encoded as UTF-8")
}

// mount adds a route whose work is tool, unless the registry does not serve
// it (its toolset is off): then the route does not exist (404). The route is
// named after the tool, which is how /api/openapi.json describes it from the
// tool's schemas; opts say what its conventions (openapi_tool.go) do not.
func mount(api *echo.Group, reg *tools.Registry, method, path, tool string, h echo.HandlerFunc, opts ...routeOption) {
	if !serves(reg, tool) {
		return
	}
	tr := toolRoute{Tool: tool}
	for _, o := range opts {
		o(&tr)
	}
	if _, err := api.AddRoute(echo.Route{Method: method, Path: path, Name: tr.name(), Handler: h}); err != nil {
		panic(fmt.Sprintf("mount %s %s: %v", method, path, err)) // as Group.Add does: a route table bug
	}
}

// serves reports whether the registry serves tool name: a route whose tool
// is in a toolset that is off is not mounted at all.
func serves(reg *tools.Registry, name string) bool {
	_, ok := reg.Lookup(name)
	return ok
}
