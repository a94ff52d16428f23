package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/baketracker/baketracker/agent"
)

// Metrics are the server's Prometheus metrics, in a registry of their own
// (so that tests can build many servers in one process). Other packages
// count through the small methods below (the agent through agent.Metrics),
// never through Prometheus types.
type Metrics struct {
	registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	modelTokens *prometheus.CounterVec
	captures    *prometheus.CounterVec
	imports     *prometheus.CounterVec
	rateLimited *prometheus.CounterVec
}

// NewMetrics registers the metrics; gauges (the connection pool's, from
// store.Store.Gauges) are read at each scrape. gauges may be nil.
func NewMetrics(gauges func() map[string]float64) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "baketracker_http_requests_total",
			Help: "HTTP requests by method, route pattern and status."}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "baketracker_http_request_duration_seconds",
			Help:    "HTTP request latency by method, route pattern and status.",
			Buckets: []float64{.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}}, []string{"method", "route", "status"}),
		modelTokens: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "baketracker_model_tokens_total",
			Help: "Model tokens used by the agent, by model and kind (input, output)."}, []string{"model", "kind"}),
		captures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "baketracker_captures_total",
			Help: "Agent captures by outcome."}, []string{"outcome"}),
		imports: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "baketracker_imports_total",
			Help: "Imports through the API by outcome (imported, dry_run, refused)."}, []string{"outcome"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "baketracker_rate_limited_total",
			Help: "Requests refused with 429 by the request limit, by kind of caller."}, []string{"caller"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.modelTokens, m.captures, m.imports, m.rateLimited,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if gauges != nil {
		m.registry.MustRegister(gaugeCollector(gauges))
	}
	return m
}

// ModelTokens counts tokens a model call used.
func (m *Metrics) ModelTokens(model string, input, output int) {
	if m == nil {
		return
	}
	m.modelTokens.WithLabelValues(model, "input").Add(float64(max(input, 0)))
	m.modelTokens.WithLabelValues(model, "output").Add(float64(max(output, 0)))
}

// Capture counts a capture that ended with outcome (proposed, failed, …).
func (m *Metrics) Capture(outcome string) {
	if m != nil {
		m.captures.WithLabelValues(outcome).Inc()
	}
}

// Import counts an import through the API.
func (m *Metrics) Import(outcome string) {
	if m != nil {
		m.imports.WithLabelValues(outcome).Inc()
	}
}

func (m *Metrics) observe(method, route string, status int, seconds float64) {
	s := strconv.Itoa(status)
	m.requests.WithLabelValues(method, route, s).Inc()
	m.latency.WithLabelValues(method, route, s).Observe(seconds)
}

// Handler serves the metrics with no authentication: for METRICS_ADDR, a
// listener of its own that only the operator's network reaches.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// guarded serves the metrics only to "Authorization: Bearer <token>": they
// name routes and pool sizes, and the public address is no place for that.
// Without a token the endpoint does not exist (404), so a deployment opts in.
func (m *Metrics) guarded(token string) http.Handler {
	if token == "" {
		return http.NotFoundHandler()
	}
	// Compare digests so the comparison takes the same time whatever the
	// length of what was sent.
	want := sha256.Sum256([]byte("Bearer " + token))
	h := m.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := sha256.Sum256([]byte(r.Header.Get("Authorization")))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="baketracker-metrics"`)
			http.Error(w, "unauthorized: send Authorization: Bearer $METRICS_TOKEN", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// gaugeCollector reports a map of gauge values read at each scrape.
type gaugeCollector func() map[string]float64

func (g gaugeCollector) Describe(chan<- *prometheus.Desc) {} // unchecked: the names come from the map

func (g gaugeCollector) Collect(ch chan<- prometheus.Metric) {
	for name, v := range g() {
		ch <- prometheus.MustNewConstMetric(prometheus.NewDesc(name, name, nil, nil), prometheus.GaugeValue, v)
	}
}

// The agent counts through Metrics.
var _ agent.Metrics = (*Metrics)(nil)
