package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/baketracker/baketracker/queries"
)

// setupSQL switches to the request role and sets the tenant for the current
// transaction only. SET LOCAL cannot take a bind parameter, so the statement
// is built from a typed uuid.UUID, whose String form is 36 hex-and-dash
// characters and cannot carry SQL. SET LOCAL (not set_config) is what Citus
// propagates to its workers.
func setupSQL(tenant uuid.UUID) (role, setTenant string) {
	return "SET LOCAL ROLE " + RequestRole,
		"SET LOCAL app.tenant_id = '" + tenant.String() + "'"
}

// InTenant runs fn in one transaction as the request role with tenant set.
// The transaction commits when fn returns nil and rolls back otherwise. Begin,
// role and tenant travel in one round trip.
func (s *Store) InTenant(ctx context.Context, tenant uuid.UUID, fn func(q *queries.Queries) error) error {
	return s.InTenantTx(ctx, tenant, func(tx pgx.Tx) error { return fn(queries.New(tx)) })
}

// InTenantTx is InTenant for the few callers that need the transaction
// itself: bulk imports staging rows in a temporary table (COPY cannot target
// an RLS table), and tests.
func (s *Store) InTenantTx(ctx context.Context, tenant uuid.UUID, fn func(tx pgx.Tx) error) error {
	return s.inTx(ctx, tenant, "BEGIN", fn)
}

// Snapshot runs fn in one REPEATABLE READ READ ONLY transaction, so every
// statement fn issues sees the same committed state: a read of several
// statements (an export, a recipe with its lines, a shopping list) cannot
// see a concurrent write half-done. Writes inside fn fail. One-statement
// reads belong in ReadTenant, which costs one round trip.
func (s *Store) Snapshot(ctx context.Context, tenant uuid.UUID, fn func(q *queries.Queries) error) error {
	return s.SnapshotTx(ctx, tenant, func(tx pgx.Tx) error { return fn(queries.New(tx)) })
}

// SnapshotTx is Snapshot for callers that need the transaction itself (the
// exporter reads with hand-written statements).
func (s *Store) SnapshotTx(ctx context.Context, tenant uuid.UUID, fn func(tx pgx.Tx) error) error {
	return s.inTx(ctx, tenant, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn)
}

// inTx begins with begin, switches role and tenant, runs fn and commits when
// fn returns nil.
func (s *Store) inTx(ctx context.Context, tenant uuid.UUID, begin string, fn func(tx pgx.Tx) error) error {
	if tenant == uuid.Nil {
		return ErrNoTenant
	}
	role, setTenant := setupSQL(tenant)
	// BeginQuery runs on the simple protocol (no arguments), so the three
	// statements go as one message and no per-tenant statement is cached.
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{BeginQuery: begin + "; " + role + "; " + setTenant})
	if err != nil {
		return fmt.Errorf("store: begin tenant transaction: %w", err)
	}
	defer func() {
		// A rollback after commit is a no-op; a cancelled ctx must not keep
		// the rollback from reaching the server.
		_ = tx.Rollback(context.WithoutCancel(ctx))
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// ReadTenant runs fn with queries that each cost one round trip: every
// statement is sent in a pipeline of BEGIN READ ONLY, the role, the tenant,
// the statement and COMMIT. Each statement is therefore its own read-only
// transaction; fn must not write, and reads that need one snapshot across
// several statements belong in Snapshot.
func (s *Store) ReadTenant(ctx context.Context, tenant uuid.UUID, fn func(q *queries.Queries) error) error {
	if tenant == uuid.Nil {
		return ErrNoTenant
	}
	role, setTenant := setupSQL(tenant)
	return fn(queries.New(&pipelineDB{pool: s.pool, role: role, setTenant: setTenant}))
}

// pipelineDB implements queries.DBTX by sending each statement with its own
// transaction set-up in one pipelined batch.
type pipelineDB struct {
	pool      batchSender
	role      string
	setTenant string
}

type batchSender interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// send queues set-up, the statement and COMMIT, sends them and consumes the
// set-up results, leaving the statement's result next.
func (p *pipelineDB) send(ctx context.Context, sql string, args []any) (pgx.BatchResults, error) {
	b := &pgx.Batch{}
	b.BeginTx(pgx.TxOptions{AccessMode: pgx.ReadOnly})
	b.Queue(p.role)
	b.Queue(p.setTenant)
	b.Queue(sql, args...)
	b.Queue("COMMIT")
	br := p.pool.SendBatch(ctx, b)
	for range 3 {
		if _, err := br.Exec(); err != nil {
			return nil, closeBatch(ctx, br, fmt.Errorf("store: tenant read set-up: %w", err))
		}
	}
	return br, nil
}

// closeBatch closes br and rolls back a transaction the failed statement left
// open, so the pooled connection goes back clean.
func closeBatch(ctx context.Context, br pgx.BatchResults, err error) error {
	closeErr := br.Close()
	if tx := br.Tx(); tx != nil {
		if rbErr := tx.Rollback(context.WithoutCancel(ctx)); rbErr != nil && !errors.Is(rbErr, pgx.ErrTxClosed) && err == nil {
			err = fmt.Errorf("store: rollback: %w", rbErr)
		}
	}
	if err == nil && closeErr != nil {
		err = closeErr
	}
	return err
}

func (p *pipelineDB) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	br, err := p.send(ctx, sql, args)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	tag, err := br.Exec()
	return tag, closeBatch(ctx, br, err)
}

func (p *pipelineDB) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	br, err := p.send(ctx, sql, args)
	if err != nil {
		return nil, err
	}
	rows, err := br.Query()
	if err != nil {
		return nil, closeBatch(ctx, br, err)
	}
	return &pipelineRows{Rows: rows, ctx: ctx, br: br}, nil
}

func (p *pipelineDB) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	br, err := p.send(ctx, sql, args)
	if err != nil {
		return errRow{err}
	}
	return &pipelineRow{row: br.QueryRow(), ctx: ctx, br: br}
}

// pipelineRows closes the batch (reading COMMIT's result) when the rows close.
type pipelineRows struct {
	pgx.Rows
	ctx    context.Context
	br     pgx.BatchResults
	err    error
	closed bool
}

func (r *pipelineRows) Close() {
	if r.closed {
		return
	}
	r.closed = true
	r.Rows.Close()
	r.err = closeBatch(r.ctx, r.br, r.Rows.Err())
}

func (r *pipelineRows) Err() error {
	if r.closed {
		return r.err
	}
	return r.Rows.Err()
}

func (r *pipelineRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.Close()
	return false
}

type pipelineRow struct {
	row pgx.Row
	ctx context.Context
	br  pgx.BatchResults
}

func (r *pipelineRow) Scan(dest ...any) error {
	err := r.row.Scan(dest...)
	closeErr := closeBatch(r.ctx, r.br, nil)
	if err != nil {
		return err
	}
	return closeErr
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
