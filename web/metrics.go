package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// metrics counts requests by method, route and status in the Prometheus text
// format, with no dependency: a handful of counters is all a small service
// needs, and route patterns (ids replaced by :id) keep the label set small.
type metrics struct {
	mu     sync.Mutex
	counts map[metricKey]*metricValue
	gauges func() map[string]float64
	// routes maps a request path to the registered pattern it matches;
	// unregistered paths count as "other", so unauthenticated junk cannot
	// grow the label set.
	routes func(method, path string) string
}

type metricKey struct{ method, route, status string }

type metricValue struct {
	count   uint64
	seconds float64
}

func newMetrics(gauges func() map[string]float64, routes func(method, path string) string) *metrics {
	return &metrics{counts: map[metricKey]*metricValue{}, gauges: gauges, routes: routes}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Flush keeps streaming responses (MCP over SSE) working through the recorder.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (m *metrics) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		k := metricKey{r.Method, m.routes(r.Method, r.URL.Path), fmt.Sprint(rec.status)}
		m.mu.Lock()
		v := m.counts[k]
		if v == nil {
			v = &metricValue{}
			m.counts[k] = v
		}
		v.count++
		v.seconds += time.Since(start).Seconds()
		m.mu.Unlock()
	})
}

// guarded serves the metrics only to "Authorization: Bearer <token>": they
// name routes and pool sizes, and the public address is no place for that.
// Without a token the endpoint does not exist (404), so a deployment opts in.
func (m *metrics) guarded(token string) http.Handler {
	if token == "" {
		return http.NotFoundHandler()
	}
	// Compare digests so the comparison takes the same time whatever the
	// length of what was sent.
	want := sha256.Sum256([]byte("Bearer " + token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := sha256.Sum256([]byte(r.Header.Get("Authorization")))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="baketracker-metrics"`)
			http.Error(w, "unauthorized: send Authorization: Bearer $METRICS_TOKEN", http.StatusUnauthorized)
			return
		}
		m.serve(w, r)
	})
}

func (m *metrics) serve(w http.ResponseWriter, _ *http.Request) {
	m.mu.Lock()
	keys := make([]metricKey, 0, len(m.counts))
	for k := range m.counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	var b strings.Builder
	b.WriteString("# TYPE baketracker_http_requests_total counter\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "baketracker_http_requests_total{method=%q,route=%q,status=%q} %d\n", k.method, k.route, k.status, m.counts[k].count)
	}
	b.WriteString("# TYPE baketracker_http_request_seconds_total counter\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "baketracker_http_request_seconds_total{method=%q,route=%q,status=%q} %g\n", k.method, k.route, k.status, m.counts[k].seconds)
	}
	m.mu.Unlock()
	if m.gauges != nil {
		g := m.gauges()
		names := make([]string, 0, len(g))
		for n := range g {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(&b, "# TYPE %s gauge\n%s %g\n", n, n, g[n])
		}
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	_, _ = w.Write([]byte(b.String()))
}
