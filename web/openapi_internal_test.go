package web

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

// TestToolRouteNameRoundTrips: what mount's options say reaches the
// document intact through the route's name.
func TestToolRouteNameRoundTrips(t *testing.T) {
	for _, opts := range [][]routeOption{
		nil,
		{pathArg("review_id")},
		{listOf("ingredients"), query("query", "cursor", "limit")},
		{pathArg("id"), query("expand"), answers(201)},
	} {
		want := toolRoute{Tool: "some_tool"}
		for _, o := range opts {
			o(&want)
		}
		got, ok := parseToolRoute(want.name())
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%q parsed as %+v (%v), want %+v", want.name(), got, ok, want)
		}
	}
	if _, ok := parseToolRoute("GET:/api/me"); ok {
		t.Error("Echo's default route name parsed as a tool route")
	}
}

// TestUndescribedRoutesAreNamed: a route that is not a tool's and has no
// entry in restRoutes, or a tool route whose path id matches no argument,
// is left out of the document and named, which the drift test reports.
func TestUndescribedRoutesAreNamed(t *testing.T) {
	routes := echo.Routes{
		{Method: http.MethodGet, Path: "/api/me", Name: "GET:/api/me"},
		{Method: http.MethodGet, Path: "/api/brand-new", Name: "GET:/api/brand-new"},
		{Method: http.MethodGet, Path: "/app/pantry", Name: "GET:/app/pantry"}, // a page: not the API's
		{Method: http.MethodGet, Path: "/api/ingredients/:id/:other", Parameters: []string{"id", "other"},
			Name: toolRoute{Tool: "get_ingredient"}.name()},
		{Method: http.MethodGet, Path: "/api/nowhere/:id", Parameters: []string{"id"},
			Name: toolRoute{Tool: "list_ingredients"}.name()},
		{Method: http.MethodGet, Path: "/api/ingredients", Name: toolRoute{Tool: "list_ingredients"}.name()},
		{Method: http.MethodGet, Path: "/api/pantry/ingredients", Name: toolRoute{Tool: "list_ingredients", List: "ingredients"}.name()},
	}
	doc, undescribed := openAPIDocument(routes, tools.MustRegistry(tools.New(nil, nil)), false)
	if len(undescribed) != 3 || !strings.HasPrefix(undescribed[0], "GET /api/brand-new: not in restRoutes") {
		t.Errorf("undescribed: %q, want the new route and both tool routes", undescribed)
	}
	paths := doc["paths"].(map[string]map[string]any)
	if len(paths) != 3 || paths["/api/me"]["get"] == nil {
		t.Errorf("paths %v, want /api/me and the two list routes", paths)
	}
	// Two routes over one tool keep unique operation ids.
	a := paths["/api/ingredients"]["get"].(map[string]any)["operationId"]
	b := paths["/api/pantry/ingredients"]["get"].(map[string]any)["operationId"]
	if a == b {
		t.Errorf("both routes over list_ingredients have operationId %v", a)
	}
}
