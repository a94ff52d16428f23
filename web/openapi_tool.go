package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

// toolRoute is what the document needs to know of a REST route over one
// tool beyond the tool itself. mount stores it as the route's name, so the
// document is read off the router: a new mount is described with no other
// edit, and a route that is not mounted is not described.
//
// The conventions it assumes are the handlers' (rest.go): a GET takes the
// tool's arguments as query parameters, a POST, PUT or PATCH as a JSON
// body (bodyArgs), a DELETE only the path; the path's :id is one argument;
// an Idempotency-Key header is idempotency_key.
type toolRoute struct {
	Tool string
	// PathArg is the argument the path's :id is; empty means the argument
	// called like the parameter, else the one required argument ending in
	// _id.
	PathArg string
	// List names the output property the body is (a JSON array); the
	// output's next_cursor then travels as the X-Next-Cursor and Link
	// headers. Empty: the body is the whole output.
	List string
	// Status is the success status when the default (see status) is not.
	Status int
	// Query, for a GET, names the arguments it reads from the query string;
	// empty means every argument but the path's.
	Query []string
}

// routeOption tells the document what mount's conventions do not.
type routeOption func(*toolRoute)

// pathArg says which tool argument the path's :id is.
func pathArg(name string) routeOption { return func(r *toolRoute) { r.PathArg = name } }

// answers says which status a success is, when not the default.
func answers(status int) routeOption { return func(r *toolRoute) { r.Status = status } }

// query says which arguments a GET reads from the query string, when not
// all of them.
func query(names ...string) routeOption { return func(r *toolRoute) { r.Query = names } }

// listOf says the body is the output's property (an array), with the next
// page's cursor in headers.
func listOf(property string) routeOption { return func(r *toolRoute) { r.List = property } }

const toolRoutePrefix = "tool:"

func (r toolRoute) name() string {
	v := url.Values{}
	if r.PathArg != "" {
		v.Set("path_arg", r.PathArg)
	}
	if r.List != "" {
		v.Set("list", r.List)
	}
	if r.Status != 0 {
		v.Set("status", strconv.Itoa(r.Status))
	}
	for _, q := range r.Query {
		v.Add("query", q)
	}
	if len(v) == 0 {
		return toolRoutePrefix + r.Tool
	}
	return toolRoutePrefix + r.Tool + "?" + v.Encode()
}

func parseToolRoute(name string) (toolRoute, bool) {
	rest, ok := strings.CutPrefix(name, toolRoutePrefix)
	if !ok {
		return toolRoute{}, false
	}
	tool, query, _ := strings.Cut(rest, "?")
	v, _ := url.ParseQuery(query)
	status, _ := strconv.Atoi(v.Get("status"))
	return toolRoute{Tool: tool, PathArg: v.Get("path_arg"), List: v.Get("list"), Status: status, Query: v["query"]}, true
}

// operation describes route r from its tool's schemas. Output schemas
// become named components (<tool>_result) that operations refer to.
func (tr toolRoute) operation(reg *tools.Registry, r echo.RouteInfo, schemas map[string]any) (map[string]any, error) {
	st, ok := reg.Lookup(tr.Tool)
	if !ok {
		return nil, fmt.Errorf("tool %s is not served", tr.Tool)
	}
	in := st.InputSchema()
	arg, err := tr.pathArgument(in, r.Parameters)
	if err != nil {
		return nil, err
	}
	params := pathParameters(r, func(string) any { return in.Properties[arg] })
	params = append(params, ref("parameters", "Tenant"))
	op := map[string]any{
		"operationId": tr.Tool,
		"summary":     st.Tool.Title,
		"description": st.Tool.Description,
		"tags":        []string{st.Toolset},
		"security":    signedIn(r.Method),
		"x-tool":      tr.Tool,
		"x-access":    st.Access.String(),
		"x-role":      st.Role,
	}
	errs := append(slices.Clone(authErrors), 400, 404, 422)
	if st.Access != tools.Read {
		errs = append(errs, 409)
	}
	switch r.Method {
	case http.MethodGet:
		for _, name := range propertyNames(in) {
			if name == arg || len(tr.Query) > 0 && !slices.Contains(tr.Query, name) {
				continue
			}
			p := in.Properties[name]
			param := map[string]any{"name": name, "in": "query", "required": slices.Contains(in.Required, name), "schema": p}
			if p.Description != "" {
				param["description"] = p.Description
			}
			params = append(params, param)
		}
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		// The body is the tool's arguments; what the path carries need not
		// be repeated (bodyArgs refuses it only when it differs).
		body := *in
		body.Required = slices.DeleteFunc(slices.Clone(in.Required), func(n string) bool { return n == arg })
		op["requestBody"] = map[string]any{"required": true,
			"content": map[string]any{"application/json": map[string]any{"schema": &body}}}
		errs = append(errs, 413, 415)
	}
	if _, ok := in.Properties["idempotency_key"]; ok && r.Method != http.MethodGet {
		params = append(params, ref("parameters", "IdempotencyKey"))
	}
	op["parameters"] = params

	status := tr.status(r)
	if status == http.StatusNoContent {
		op["responses"] = responses(jsonResponse(status, "done", nil, nil), errs)
		return op, nil
	}
	out, ok := st.Tool.OutputSchema.(*jsonschema.Schema)
	if !ok || out == nil {
		return nil, fmt.Errorf("tool %s has no output schema", tr.Tool)
	}
	schemas[tr.Tool+"_result"] = out
	var result any = ref("schemas", tr.Tool+"_result")
	var headers map[string]any
	if tr.List != "" {
		p, ok := out.Properties[tr.List]
		if !ok {
			return nil, fmt.Errorf("tool %s's output has no property %s", tr.Tool, tr.List)
		}
		result = p
		headers = map[string]any{
			"X-Next-Cursor": map[string]any{"description": "the next page's cursor; absent on the last page", "schema": map[string]any{"type": "string"}},
			"Link":          map[string]any{"description": `the next page's URL, rel="next"; absent on the last page`, "schema": map[string]any{"type": "string"}},
		}
	}
	op["responses"] = responses(jsonResponse(status, st.Tool.Title, result, headers), errs)
	return op, nil
}

// status is the success status: 204 for a DELETE, 201 for a POST to a
// collection (no path parameter), else 200.
func (tr toolRoute) status(r echo.RouteInfo) int {
	switch {
	case tr.Status != 0:
		return tr.Status
	case r.Method == http.MethodDelete:
		return http.StatusNoContent
	case r.Method == http.MethodPost && len(r.Parameters) == 0:
		return http.StatusCreated
	}
	return http.StatusOK
}

// pathArgument is the argument the route's one path parameter fills ("" when
// the route has none).
func (tr toolRoute) pathArgument(in *jsonschema.Schema, params []string) (string, error) {
	switch len(params) {
	case 0:
		return "", nil
	case 1:
	default:
		return "", fmt.Errorf("tool routes take one path parameter, not %v", params)
	}
	if tr.PathArg != "" {
		if _, ok := in.Properties[tr.PathArg]; !ok {
			return "", fmt.Errorf("tool %s has no argument %s", tr.Tool, tr.PathArg)
		}
		return tr.PathArg, nil
	}
	if _, ok := in.Properties[params[0]]; ok {
		return params[0], nil
	}
	var ids []string
	for _, name := range in.Required {
		if strings.HasSuffix(name, "_id") {
			ids = append(ids, name)
		}
	}
	if len(ids) != 1 {
		return "", fmt.Errorf("which argument of %s is the path's :%s? mount it with pathArg(...)", tr.Tool, params[0])
	}
	return ids[0], nil
}

// propertyNames are s's properties in their declared order.
func propertyNames(s *jsonschema.Schema) []string {
	if len(s.PropertyOrder) > 0 {
		return s.PropertyOrder
	}
	names := make([]string, 0, len(s.Properties))
	for k := range s.Properties {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}
