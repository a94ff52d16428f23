package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/getsentry/sentry-go"

	"github.com/baketracker/baketracker/web"
)

// errorReporter is the Sentry reporter when SENTRY_DSN is set (nil
// otherwise), and a flush to call before exiting.
func (e *cmdEnv) errorReporter() (web.ErrorReporter, func(), error) {
	if e.cfg.SentryDSN == "" {
		return nil, func() {}, nil
	}
	r, flush, err := newSentryReporter(sentry.ClientOptions{Dsn: e.cfg.SentryDSN, Release: version})
	if err != nil {
		return nil, nil, fmt.Errorf("SENTRY_DSN: %w", err)
	}
	e.logger.Info("reporting 5xx answers and panics to Sentry")
	return r, flush, nil
}

func newSentryReporter(opts sentry.ClientOptions) (web.ErrorReporter, func(), error) {
	// No request data of any kind: reports carry what Failure holds.
	opts.SendDefaultPII = false
	client, err := sentry.NewClient(opts)
	if err != nil {
		return nil, nil, err
	}
	return sentryReporter{hub: sentry.NewHub(client, sentry.NewScope())}, func() { client.Flush(2 * time.Second) }, nil
}

type sentryReporter struct{ hub *sentry.Hub }

func (s sentryReporter) Report(_ context.Context, f web.Failure) {
	hub := s.hub.Clone()
	hub.WithScope(func(scope *sentry.Scope) {
		scope.SetTag("request_id", f.RequestID)
		scope.SetTag("route", f.Route)
		scope.SetTag("method", f.Method)
		scope.SetTag("status", strconv.Itoa(f.Status))
		if f.Panic {
			scope.SetLevel(sentry.LevelFatal)
		}
		hub.CaptureException(f.Err)
	})
}
