package web

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"reflect"
	"testing"
	"time"
)

// TestAccessLineMatchesSlog: the hand-encoded request line is valid JSON
// with the same keys and values as the line slog's JSON handler writes for
// the same request, also for strings that need escaping.
func TestAccessLineMatchesSlog(t *testing.T) {
	at := time.Date(2026, 12, 7, 15, 4, 5, 123456789, time.UTC)
	for _, odd := range []string{"", "plain", `quo"te\back`, "tab\tnew\nline\r\x00\x1f", "naïve 🍪", "bad \xff utf-8", "</script>&"} {
		a := accessLine{time: at, requestID: "req-" + odd, method: "GET", route: "/api/" + odd, status: 404,
			duration: 1234567 * time.Nanosecond, tenant: odd, user: "u", clientAddress: "192.0.2.1"}
		var fromSlog bytes.Buffer
		h := LogRequestIDs(slog.NewJSONHandler(&fromSlog, nil))
		r := slog.NewRecord(at, slog.LevelInfo, "request", 0)
		r.AddAttrs(slog.String("method", a.method), slog.String("route", a.route), slog.Int("status", a.status),
			slog.Float64("duration_ms", float64(a.duration.Microseconds())/1000),
			slog.String("tenant", a.tenant), slog.String("user", a.user), slog.String("client_address", a.clientAddress))
		if err := h.Handle(context.WithValue(context.Background(), requestIDKey{}, a.requestID), r); err != nil {
			t.Fatal(err)
		}
		line := appendAccessLine(nil, a)
		var got, want map[string]any
		if err := json.Unmarshal(line, &got); err != nil {
			t.Fatalf("%q: not JSON: %v\n%s", odd, err, line)
		}
		if err := json.Unmarshal(fromSlog.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n got %s\nwant %s", odd, line, fromSlog.Bytes())
		}
		if bytes.Count(line, []byte("\n")) != 1 || line[len(line)-1] != '\n' {
			t.Errorf("%q: not one line: %q", odd, line)
		}
	}
}

// BenchmarkAccessLine: what encoding one request line costs, against slog.
func BenchmarkAccessLine(b *testing.B) {
	a := accessLine{time: time.Now(), requestID: "0123456789abcdef0123456789abcdef", method: "GET", route: "/api/ingredients/:id",
		status: 200, duration: 812 * time.Microsecond, tenant: "0b9f6c1e-2f4d-4d43-9a53-3f1c6a1f0e11",
		user: "6c1e0b9f-4d2f-434d-539a-0e113f1c6a1f", clientAddress: "192.0.2.1"}
	ctx := context.WithValue(context.Background(), requestIDKey{}, a.requestID)
	b.Run("access-log", func(b *testing.B) {
		l := NewAccessLog(discard{})
		b.ReportAllocs()
		for b.Loop() {
			l.write(a)
		}
	})
	b.Run("slog", func(b *testing.B) {
		logger := slog.New(LogRequestIDs(slog.NewJSONHandler(discard{}, nil)))
		b.ReportAllocs()
		for b.Loop() {
			logger.LogAttrs(ctx, slog.LevelInfo, "request",
				slog.String("method", a.method), slog.String("route", a.route), slog.Int("status", a.status),
				slog.Float64("duration_ms", float64(a.duration.Microseconds())/1000),
				slog.String("tenant", a.tenant), slog.String("user", a.user), slog.String("client_address", a.clientAddress))
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
