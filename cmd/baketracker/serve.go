package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/ratelimit"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
	"github.com/baketracker/baketracker/web/ui"
)

func (e *cmdEnv) serve(ctx context.Context, args []string) error {
	fs := e.newFlags("serve", "serve [--no-migrate] [--toolsets catalog,pantry,…]")
	noMigrate := fs.Bool("no-migrate", false, "do not apply pending migrations at start-up")
	toolsets := toolsetsFlag(fs, e.cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := tools.SelectToolsets([]string{*toolsets}); err != nil {
		return fmt.Errorf("--toolsets: %w", err)
	}
	a, err := e.openApp(ctx, true, !*noMigrate)
	if err != nil {
		return err
	}
	defer a.close()
	reg := tools.MustRegistry(a.tools, *toolsets)
	verifier, err := e.verifier(ctx, a)
	if err != nil {
		return err
	}
	caps, err := e.captures(ctx, a, reg)
	if err != nil {
		return err
	}
	metrics := web.NewMetrics(a.store.Gauges)
	caps.WithMetrics(metrics)

	var limiter *ratelimit.Limiter
	if e.cfg.RateLimit > 0 {
		limiter = ratelimit.New(a.store, e.cfg.RateLimit, time.Minute, nil, e.logger)
	}
	reporter, flush, err := e.errorReporter()
	if err != nil {
		return err
	}
	defer flush()
	pages, err := ui.New(ui.Deps{Logger: e.logger, Registry: reg, Households: verifier.Households, Tokens: a.tokens,
		Importer: a.importer, Captures: caps, Firebase: e.cfg.pageFirebase()})
	if err != nil {
		return err
	}
	handler := web.New(web.Deps{
		Pages:       pages,
		Logger:      e.logger,
		AccessLog:   e.accessLog,
		Verifier:    verifier,
		Households:  verifier.Households,
		Ready:       a.store.Ping,
		Registry:    reg,
		Importer:    a.importer,
		MCP:         web.MCPHandler(reg.MCPServer(version, false), reg.MCPServer(version, true), e.logger),
		CORSOrigins: e.cfg.CORSOrigins,
		Gauges:      a.store.Gauges,
		Tokens:      a.tokens,
		Sessions:    a.sessions,
		Events:      a.events,
		Captures:    caps,
		// MetricsToken: the public address serves /metrics only to it.
		MetricsToken:   e.cfg.MetricsToken,
		Metrics:        metrics,
		RateLimiter:    limiter,
		Limiter:        identity.NewSharedSignInLimiter(a.store, e.logger),
		TrustedProxies: e.cfg.TrustedProxies,
		ErrorReporter:  reporter,
	})
	if e.cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", e.cfg.MetricsAddr)
		if err != nil {
			return fmt.Errorf("METRICS_ADDR: listen: %w", err)
		}
		msrv := &http.Server{Handler: metrics.Handler(), ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute}
		go func() { _ = msrv.Serve(mln) }()
		defer func() { _ = msrv.Close() }()
		e.logger.Info("serving metrics", "addr", mln.Addr().String())
	}
	ln, err := net.Listen("tcp", e.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	return serveHTTP(ctx, ln, handler, e, shutdownTimeout)
}

// Server timeouts. Reading a request may take a while: a 10 MB capture or
// import from a phone on a slow uplink (10 MB at 1 Mbit/s is 80 s). Writing
// covers the handler too (a capture waits for the model: 60 s per call,
// retried), so it is the longest. Idle keep-alive connections go after two
// minutes; headers must come within ten seconds (slowloris).
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 2 * time.Minute
	writeTimeout      = 5 * time.Minute
	idleTimeout       = 2 * time.Minute
	// shutdownTimeout bounds the drain on SIGTERM; connections still busy
	// then are closed (their transactions roll back, never half-commit).
	shutdownTimeout = 15 * time.Second
)

func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout}
}

// serveHTTP serves until ctx ends (SIGTERM, SIGINT), then drains requests
// for up to drain and closes whatever is still open.
func serveHTTP(ctx context.Context, ln net.Listener, h http.Handler, e *cmdEnv, drain time.Duration) error {
	srv := newHTTPServer(h)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	e.logger.Info("serving", "addr", ln.Addr().String(), "version", version)
	fmt.Fprintf(e.stderr, "baketracker listening on http://%s\n", ln.Addr())
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	e.logger.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), drain)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("shutdown: requests still running after %s were cut off: %w", drain, err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
