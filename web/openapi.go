package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

// OpenAPIPath is where the OpenAPI 3.1 document of the REST surface is
// served. It needs no credentials: it says what the routes are, never what
// any household holds, and clients read it before they have a token.
const OpenAPIPath = "/api/openapi.json"

// serveOpenAPI mounts GET /api/openapi.json. The document is built from the
// router's own routes the first time it is asked for (after every route is
// registered), so it describes exactly what this server serves: a toolset
// that is off, or a dependency that is absent, leaves no trace in it. Tool
// routes are described from their tool (mount names the route after it);
// every other route from restRoutes; /metrics, mounted beside Echo, while
// METRICS_TOKEN is set.
func serveOpenAPI(e *echo.Echo, d Deps) {
	var once sync.Once
	var body []byte
	var err error
	e.GET(OpenAPIPath, func(c *echo.Context) error {
		once.Do(func() {
			doc, undescribed := openAPIDocument(e.Router().Routes(), d.Registry, d.MetricsToken != "")
			if len(undescribed) > 0 && d.Logger != nil {
				d.Logger.WarnContext(c.Request().Context(), "routes left out of the OpenAPI document", "routes", undescribed)
			}
			body, err = json.Marshal(doc)
		})
		if err != nil {
			return fmt.Errorf("encode the OpenAPI document: %w", err)
		}
		return c.JSONBlob(http.StatusOK, body)
	})
}

// openAPIDocument describes routes. A route it cannot describe (a non-tool
// route missing from restRoutes, a tool route whose path parameter matches
// no argument) is left out and named in undescribed, which the drift test
// reports; the server still serves the rest of the document.
func openAPIDocument(routes echo.Routes, reg *tools.Registry, metrics bool) (doc map[string]any, undescribed []string) {
	paths := map[string]map[string]any{}
	operationIDs := map[any]bool{}
	add := func(method, path string, op map[string]any) {
		if operationIDs[op["operationId"]] {
			// A second route over the same tool: operation ids are unique.
			op["operationId"] = fmt.Sprint(op["operationId"], "_", strings.ToLower(method), strings.NewReplacer("/", "_", ":", "").Replace(path))
		}
		operationIDs[op["operationId"]] = true
		p := openAPIPathOf(path)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(method)] = op
	}
	schemas := map[string]any{"Error": errorSchema()}
	for _, r := range routes {
		if strings.HasPrefix(r.Method, "echo_") || !documentedPath(r.Path) {
			continue // Echo's own not-found routes; browser pages
		}
		key := r.Method + " " + r.Path
		if tr, ok := parseToolRoute(r.Name); ok {
			op, err := tr.operation(reg, r, schemas)
			if err != nil {
				undescribed = append(undescribed, key+": "+err.Error())
				continue
			}
			add(r.Method, r.Path, op)
			continue
		}
		d, ok := restRoutes[key]
		if !ok {
			undescribed = append(undescribed, key+": not in restRoutes (web/openapi_routes.go)")
			continue
		}
		add(r.Method, r.Path, d.operation(r))
	}
	if metrics {
		add(http.MethodGet, "/metrics", metricsRoute.operation(echo.RouteInfo{Method: http.MethodGet, Path: "/metrics"}))
	}
	slices.Sort(undescribed)
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "BakeTracker Cloud",
			"version": "1",
			"description": "The REST door of BakeTracker Cloud. Every route that does domain work calls one MCP tool " +
				"through the same registry as /mcp; its arguments and results are that tool's schemas. Every error is " +
				`{"error": {"code", "message", "field"}}. Every response carries X-Request-ID. This document lists only ` +
				"the routes this server serves (its toolsets and configuration).",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas":         schemas,
			"responses":       errorResponses(),
			"parameters":      sharedParameters(),
			"securitySchemes": securitySchemes(),
		},
	}, undescribed
}

// documentedPath: the document is of the API (/api, /mcp, health and
// metrics); browser pages (/, /app/…, printable labels, assets) answer HTML
// and are not in it.
func documentedPath(path string) bool {
	switch path {
	case "/mcp", "/health", "/ready", "/metrics":
		return true
	}
	return strings.HasPrefix(path, "/api/")
}

// openAPIPathOf turns Echo's /api/ingredients/:id into /api/ingredients/{id}.
func openAPIPathOf(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if name, ok := strings.CutPrefix(p, ":"); ok {
			parts[i] = "{" + name + "}"
		}
	}
	return strings.Join(parts, "/")
}

// pathParameters are a route's path parameters, each a required string.
func pathParameters(r echo.RouteInfo, schema func(name string) any) []any {
	var out []any
	for _, name := range r.Parameters {
		out = append(out, map[string]any{"name": name, "in": "path", "required": true, "schema": schema(name)})
	}
	return out
}
