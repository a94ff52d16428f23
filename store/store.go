// Package store owns the connection pool and is the only way to reach tenant
// data: every query runs inside InTenant or ReadTenant, which set the request
// role and the tenant for one transaction. Nothing else in the module touches
// the pool, so a forgotten tenant cannot happen by construction; RLS in the
// database is the second wall.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/google/uuid"
	pgxdecimal "github.com/jackc/pgx-shopspring-decimal"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is the application's handle on PostgreSQL.
type Store struct {
	pool   *pgxpool.Pool
	logger *slog.Logger
}

// Options tune the pool. Zero values take pgxpool's defaults.
type Options struct {
	MaxConns int32
	Logger   *slog.Logger
}

// Open connects to url and checks that the request role exists. Migrations
// are applied separately (Migrate), as the owner.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: parse database url: %w", err)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	cfg.AfterConnect = func(_ context.Context, conn *pgx.Conn) error {
		// numeric columns scan into decimal.Decimal: money and quantities
		// never pass through float64.
		pgxdecimal.Register(conn.TypeMap())
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Store{pool: pool, logger: logger}
	if err := s.checkRequestRole(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// Close closes every connection.
func (s *Store) Close() { s.pool.Close() }

// Ping reports whether the database answers; /ready uses it.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// checkRequestRole makes sure this login can become the request role, so the
// first request does not discover it.
func (s *Store) checkRequestRole(ctx context.Context) error {
	var ok bool
	err := s.pool.QueryRow(ctx,
		`SELECT pg_has_role(current_user, $1, 'MEMBER')`, RequestRole).Scan(&ok)
	if err != nil {
		var missing bool
		_ = s.pool.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)`, RequestRole).Scan(&missing)
		if missing {
			return fmt.Errorf("store: role %s does not exist: run `baketracker migrate up` with the owner's DATABASE_URL first", RequestRole)
		}
		return fmt.Errorf("store: check request role: %w", err)
	}
	if !ok {
		return fmt.Errorf("store: this database login cannot SET ROLE %s: GRANT %s TO the login", RequestRole, RequestRole)
	}
	return nil
}

// ErrNoTenant is returned when a tenant function is called with the zero UUID.
var ErrNoTenant = errors.New("store: no tenant")

// UserTenantsByEmail finds the tenants in which email is a user. It is for
// operators (`baketracker token create` without --tenant): it runs as the
// database login itself, which sees across tenants only when it is a
// superuser or has BYPASSRLS. Requests never call it.
func (s *Store) UserTenantsByEmail(ctx context.Context, email string) ([]uuid.UUID, error) {
	var can bool
	if err := s.pool.QueryRow(ctx, `SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user`).Scan(&can); err != nil {
		return nil, fmt.Errorf("store: read login: %w", err)
	}
	if !can {
		return nil, errors.New("this database login cannot search across tenants: pass --tenant")
	}
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT tenant_id FROM users WHERE lower(email) = lower($1)`, email)
	if err != nil {
		return nil, fmt.Errorf("store: find user: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
	if err != nil {
		return nil, fmt.Errorf("store: find user: %w", err)
	}
	return ids, nil
}

// Gauges reports the connection pool's state for /metrics.
func (s *Store) Gauges() map[string]float64 {
	st := s.pool.Stat()
	return map[string]float64{
		"baketracker_db_connections_total":    float64(st.TotalConns()),
		"baketracker_db_connections_acquired": float64(st.AcquiredConns()),
		"baketracker_db_connections_idle":     float64(st.IdleConns()),
		"baketracker_db_connections_max":      float64(st.MaxConns()),
		"baketracker_db_acquire_wait_total":   float64(st.EmptyAcquireCount()),
	}
}
