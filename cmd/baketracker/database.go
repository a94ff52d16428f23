package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/localpg"
	"github.com/baketracker/baketracker/store"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// cmdEnv is what every command gets: the configuration and the process's
// streams.
type cmdEnv struct {
	cfg    Config
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	logger *slog.Logger
	// accessLog writes the server's request lines (nil: through logger).
	accessLog *web.AccessLog
}

// embeddedDB is the database name inside the private cluster.
const embeddedDB = "baketracker"

// rootFallbackDir holds the embedded cluster when root's default data folder
// (under /root) is out of the postgres user's reach.
const rootFallbackDir = "/var/lib/baketracker/postgres"

// databaseURL returns DATABASE_URL, or starts the private cluster under the
// data folder. serve takes the cluster exclusively (a second serve on the
// same folder fails clearly); the other commands use a cluster a running
// serve already holds, or start it for their own duration. release stops
// what this call started.
func (e *cmdEnv) databaseURL(ctx context.Context, exclusive bool) (url string, release func(), err error) {
	if e.cfg.DatabaseURL != "" {
		return e.cfg.DatabaseURL, func() {}, nil
	}
	if e.cfg.DataDir == "" {
		return "", nil, errors.New("no data folder for the embedded database: set BAKETRACKER_DATA_DIR (or HOME), or DATABASE_URL")
	}
	dir := filepath.Join(e.cfg.DataDir, "postgres")
	c, err := localpg.Start(ctx, localpg.Options{Dir: dir, Logger: e.logger})
	if errors.Is(err, localpg.ErrUnreachable) && !e.cfg.DataDirSet {
		// Run as root, the default folder is under /root, out of the
		// postgres user's reach: keep root's database under /var/lib
		// instead, and say where.
		dir = rootFallbackDir
		e.logger.Warn("the default data folder is not reachable by the postgres user; using another", "dir", dir)
		fmt.Fprintf(e.stderr, "baketracker: %s is not reachable by the postgres user; the embedded database lives in %s (set BAKETRACKER_DATA_DIR to choose)\n", e.cfg.DataDir, dir)
		c, err = localpg.Start(ctx, localpg.Options{Dir: dir, Logger: e.logger})
	}
	if err == nil && c.Created() {
		// A new, empty database where the user expected theirs means a
		// different folder: name it, so "no such tenant" has an explanation.
		fmt.Fprintf(e.stderr, "baketracker: created a new embedded database in %s (BAKETRACKER_DATA_DIR chooses the folder)\n", dir)
	}
	if err != nil && !exclusive {
		if attached, aerr := localpg.Attach(ctx, dir); aerr == nil {
			return attached.URL(embeddedDB), func() {}, nil
		}
	}
	if err != nil {
		return "", nil, fmt.Errorf("embedded database (set DATABASE_URL to use another): %w", err)
	}
	release = func() {
		if err := c.Stop(context.WithoutCancel(ctx)); err != nil {
			e.logger.Error("stop embedded database", "error", err)
		}
	}
	if err := ensureDatabase(ctx, c.URL("postgres"), embeddedDB); err != nil {
		release()
		return "", nil, err
	}
	e.logger.Info("embedded database", "dir", dir)
	return c.URL(embeddedDB), release, nil
}

// ensureDatabase creates db on first start of the private cluster.
func ensureDatabase(ctx context.Context, adminURL, db string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("embedded database: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", db).Scan(&exists); err != nil {
		return fmt.Errorf("embedded database: %w", err)
	}
	if exists {
		return nil
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{db}.Sanitize()); err != nil {
		return fmt.Errorf("embedded database: create %s: %w", db, err)
	}
	return nil
}

// app is an opened database with the services built on it.
type app struct {
	store    *store.Store
	tokens   *identity.APITokens
	sessions *identity.Sessions
	events   *identity.SecurityEvents
	tools    *tools.Tools
	importer *importer.Importer
	close    func()
}

// openApp resolves the database, applies migrations when migrate is set,
// and builds the services every command shares.
func (e *cmdEnv) openApp(ctx context.Context, exclusive, migrate bool) (*app, error) {
	url, release, err := e.databaseURL(ctx, exclusive)
	if err != nil {
		return nil, err
	}
	if migrate {
		if err := store.MigrateUp(ctx, url, e.logger); err != nil {
			release()
			return nil, err
		}
	}
	s, err := store.Open(ctx, url, store.Options{Logger: e.logger})
	if err != nil {
		release()
		return nil, err
	}
	events := identity.NewSecurityEvents(s, e.logger)
	t := tools.New(s, e.logger)
	web.RecordDenials(t, events)
	return &app{
		store:    s,
		tokens:   identity.NewAPITokens(s, e.cfg.TokenCacheTTL),
		sessions: identity.NewSessions(s),
		events:   events,
		tools:    t,
		importer: importer.New(s, e.logger),
		close: func() {
			s.Close()
			release()
		},
	}, nil
}
