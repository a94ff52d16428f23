package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/baketracker/baketracker/tools"
)

// ErrorReporter sends server failures (5xx answers and panics) somewhere
// an operator looks, such as Sentry (SENTRY_DSN). Reports carry the request
// id, method, route and status, and the error; never a body, header or token.
type ErrorReporter interface {
	Report(ctx context.Context, r Failure)
}

// Failure is one reported server failure.
type Failure struct {
	RequestID, Method, Route string
	Status                   int
	Err                      error
	Panic                    bool
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

// Unwrap lets http.ResponseController reach the connection's writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe counts every request in the metrics and, at info, logs one line
// for it: request id, method, route pattern (never the path or query, which
// can carry ids and cursors), status, latency, tenant and user, and the
// client address. Never a header, so never a token or cookie. Whether the
// line is written is the logger's level; with an AccessLog it is encoded by
// hand (it runs on every request), else through the logger.
func observe(logger *slog.Logger, access *AccessLog, m *Metrics, reporter ErrorReporter, next http.Handler) http.Handler {
	logOn := func(ctx context.Context) bool { return logger != nil && logger.Enabled(ctx, slog.LevelInfo) }
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{}
		ctx := context.WithValue(r.Context(), requestInfoKey{}, info)
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler { //nolint:errorlint // the sentinel is compared as net/http does
					panic(p)
				}
				if logger != nil {
					logger.ErrorContext(ctx, "panic", "method", r.Method, "route", info.route, "panic", fmt.Sprint(p))
				}
				if reporter != nil {
					reporter.Report(ctx, Failure{RequestID: RequestID(ctx), Method: r.Method, Route: info.route,
						Status: http.StatusInternalServerError, Err: fmt.Errorf("panic: %v", p), Panic: true})
				}
				if rec.status == 0 {
					writeError(rec, tools.Internal())
				}
			}
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			route := info.route
			if route == "" {
				route = "other"
			}
			elapsed := time.Since(start)
			if m != nil {
				m.observe(r.Method, route, rec.status, elapsed.Seconds())
			}
			switch {
			case !logOn(ctx):
			case access != nil:
				access.write(accessLine{time: start.Add(elapsed), requestID: RequestID(ctx), method: r.Method, route: route,
					status: rec.status, duration: elapsed, tenant: info.tenant, user: info.user, clientAddress: info.clientAddress})
			default:
				logger.LogAttrs(ctx, slog.LevelInfo, "request",
					slog.String("method", r.Method), slog.String("route", route), slog.Int("status", rec.status),
					slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
					slog.String("tenant", info.tenant), slog.String("user", info.user),
					slog.String("client_address", info.clientAddress))
			}
		}()
		next.ServeHTTP(rec, r.WithContext(ctx))
	})
}
