package store

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/baketracker/baketracker/schema"
)

// MigrationState is one migration and whether it is applied.
type MigrationState struct {
	Version int64
	Name    string
	Applied bool
}

// MigrateUp creates the roles when missing and applies every pending
// migration as the owner. Concurrent callers (replicas starting together)
// serialise on a PostgreSQL advisory lock.
func MigrateUp(ctx context.Context, url string, logger *slog.Logger) error {
	return withProvider(ctx, url, logger, func(p *goose.Provider) error {
		results, err := p.Up(ctx)
		if err != nil {
			return fmt.Errorf("migrate up: %w", err)
		}
		for _, r := range results {
			loggerOrDiscard(logger).Info("migration applied", "version", r.Source.Version, "duration", r.Duration)
		}
		return nil
	})
}

// MigrateDown rolls back the most recent migration.
func MigrateDown(ctx context.Context, url string, logger *slog.Logger) error {
	return withProvider(ctx, url, logger, func(p *goose.Provider) error {
		if _, err := p.Down(ctx); err != nil {
			return fmt.Errorf("migrate down: %w", err)
		}
		return nil
	})
}

// MigrateStatus lists every migration and whether it is applied.
func MigrateStatus(ctx context.Context, url string, logger *slog.Logger) ([]MigrationState, error) {
	var states []MigrationState
	err := withProvider(ctx, url, logger, func(p *goose.Provider) error {
		st, err := p.Status(ctx)
		if err != nil {
			return fmt.Errorf("migrate status: %w", err)
		}
		for _, s := range st {
			states = append(states, MigrationState{
				Version: s.Source.Version,
				Name:    s.Source.Path,
				Applied: s.State == goose.StateApplied,
			})
		}
		return nil
	})
	return states, err
}

func withProvider(ctx context.Context, url string, logger *slog.Logger, fn func(*goose.Provider) error) error {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return fmt.Errorf("migrate: parse database url: %w", err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("migrate: connect: %w", err)
	}
	migrateAs, err := bootstrap(ctx, conn)
	_ = conn.Close(context.WithoutCancel(ctx))
	if err != nil {
		return err
	}

	var opts []stdlib.OptionOpenDB
	if migrateAs != "" {
		// Objects created by the migrations must belong to the owner role,
		// not to the superuser running them. This session is private to
		// the migration, so a session-level SET ROLE is right here.
		setRole := "SET ROLE " + pgx.Identifier{migrateAs}.Sanitize()
		opts = append(opts, stdlib.OptionAfterConnect(func(ctx context.Context, c *pgx.Conn) error {
			_, err := c.Exec(ctx, setRole)
			return err
		}))
	}
	db := stdlib.OpenDB(*cfg, opts...)
	defer db.Close()
	db.SetMaxOpenConns(1)

	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return fmt.Errorf("migrate: locker: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, schema.FS,
		goose.WithSessionLocker(locker),
		goose.WithDisableGlobalRegistry(true),
	)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return fn(p)
}

func loggerOrDiscard(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}
