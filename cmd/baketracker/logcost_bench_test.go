package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"syscall"
	"testing"

	"github.com/baketracker/baketracker/web"
)

// BenchmarkRequestLogging is the CPU price of the request log line alone,
// which the load test's noise on a shared machine hides: the whole HTTP
// layer around /health (request id, edge, metrics, Echo) with logging off,
// on with a write call per line (to /dev/null, still a system call), on
// through the server's batched writer, and as the server writes it: the
// hand-encoded access line into the batched writer. Compare the differences with a
// get-by-id's CPU cost (bench/load.sh).
//
//	go test -run=NONE -bench=RequestLogging ./cmd/baketracker/
func BenchmarkRequestLogging(b *testing.B) {
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devNull.Close()
	buffered := newBufferedLog(devNull)
	defer buffered.Close()
	for _, c := range []struct {
		name   string
		w      io.Writer
		level  slog.Level
		access bool
	}{
		{"off", devNull, slog.LevelWarn, false},
		{"on-unbatched", devNull, slog.LevelInfo, false},
		{"on-batched", buffered, slog.LevelInfo, false},
		{"on-access-log", buffered, slog.LevelInfo, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			cfg := Config{LogFormat: "json", LogLevel: c.level}
			d := web.Deps{Logger: cfg.logger(c.w), Ready: func(context.Context) error { return nil }}
			if c.access {
				d.AccessLog = cfg.accessLog(c.w)
			}
			h := web.New(d)
			b.ReportAllocs()
			start := cpuTime()
			b.RunParallel(func(pb *testing.PB) {
				req := httptest.NewRequest(http.MethodGet, "/health", nil)
				for pb.Next() {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
				}
			})
			// CPU time per request: on a shared machine wall time mostly
			// measures the neighbours.
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the process's user and system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
