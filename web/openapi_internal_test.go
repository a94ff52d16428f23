package web

import (
	"reflect"
	"testing"
)

// TestToolRouteNameRoundTrips: what mount's options say reaches the
// document intact through the route's name.
func TestToolRouteNameRoundTrips(t *testing.T) {
	for _, opts := range [][]routeOption{
		nil,
		{pathArg("review_id")},
		{listOf("ingredients"), query("query", "cursor", "limit")},
		{pathArg("id"), query("expand")},
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
