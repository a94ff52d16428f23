package web

// Routes lists "METHOD /path" for every route New(d) serves but /metrics,
// so tests can check that a table of routes covers them all.
func Routes(d Deps) []string {
	var out []string
	for _, r := range newEcho(d).Router().Routes() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// OpenAPIUndescribed lists the routes New(d) serves that its OpenAPI
// document cannot describe, each with the reason.
func OpenAPIUndescribed(d Deps) []string {
	_, undescribed := openAPIDocument(newEcho(d).Router().Routes(), d.Registry, d.MetricsToken != "")
	return undescribed
}

// DescribedRoutes lists the "METHOD /path" keys of the non-tool route
// table, so a test can find entries that no server serves any more.
func DescribedRoutes() []string {
	out := make([]string, 0, len(restRoutes))
	for k := range restRoutes {
		out = append(out, k)
	}
	return out
}

// DocumentedPath reports whether routes at path belong in the OpenAPI
// document (the browser pages do not).
func DocumentedPath(path string) bool { return documentedPath(path) }
