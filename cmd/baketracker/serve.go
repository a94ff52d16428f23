package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

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

	pages, err := ui.New(ui.Deps{Logger: e.logger, Registry: reg, Households: verifier.Households, Tokens: a.tokens,
		Importer: a.importer, Captures: caps, Firebase: e.cfg.pageFirebase()})
	if err != nil {
		return err
	}
	handler := web.New(web.Deps{
		Pages:       pages,
		Logger:      e.logger,
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
		MetricsToken: e.cfg.MetricsToken,
	})
	ln, err := net.Listen("tcp", e.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	return serveHTTP(ctx, ln, handler, e)
}

// serveHTTP serves until ctx ends (SIGTERM, SIGINT), then drains requests
// for up to 15 seconds.
func serveHTTP(ctx context.Context, ln net.Listener, h http.Handler, e *cmdEnv) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
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
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
