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
