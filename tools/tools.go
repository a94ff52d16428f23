// Package tools is the baking domain, modelled as MCP tools: typed inputs
// and outputs, validation and business rules. Each capability is a method on
// *Tools taking the caller's identity, so the MCP server, the REST handlers
// and the Gemini agent all call the same code. The tenant always comes from
// the identity, never from an argument.
//
// One package, not one per toolset: the toolsets share their rules — name
// resolution and its no-guess decision, FIFO, units and densities, slugs,
// idempotency, the error shape — and split by toolset those would have to
// move to a third package exported for no other user, or the toolsets would
// import each other. Files are named by toolset instead (pantry*.go,
// recipe*.go, event*.go …) and the Registry stays the one list. A part that
// is pure computation with no database and no shared helper (baker's math,
// batch planning) becomes its own small package under tools/, called by the
// tool that wraps it.
package tools

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/store"
)

// Tools holds the domain's dependencies.
type Tools struct {
	store  *store.Store
	logger *slog.Logger
	now    func() time.Time
	// denied is told of refused tool calls (OnDenied).
	denied func(ctx context.Context, id identity.Identity, p Permission, e *Error)
}

// New returns the domain over s.
func New(s *store.Store, logger *slog.Logger) *Tools {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Tools{store: s, logger: logger, now: time.Now}
}

// write runs fn in a tenant transaction for a caller allowed to write.
func (t *Tools) write(ctx context.Context, id identity.Identity, fn func(q *queries.Queries) error) error {
	if id.ReadOnly {
		return Forbidden("this token is read-only")
	}
	return t.store.InTenant(ctx, id.TenantID, fn)
}

// read runs fn with one-round-trip reads; each statement is its own
// snapshot. Use snapshot for reads that must agree with each other.
func (t *Tools) read(ctx context.Context, id identity.Identity, fn func(q *queries.Queries) error) error {
	return t.store.ReadTenant(ctx, id.TenantID, fn)
}

// snapshot runs fn in one REPEATABLE READ READ ONLY transaction, for reads
// of more than one statement: they all see the same committed state, so a
// concurrent write is seen whole or not at all.
func (t *Tools) snapshot(ctx context.Context, id identity.Identity, fn func(q *queries.Queries) error) error {
	return t.store.Snapshot(ctx, id.TenantID, fn)
}

// readMaybeSeveral runs fn as a snapshot when several is true (a filter
// resolved before the list it filters), else on the one-trip path.
func (t *Tools) readMaybeSeveral(ctx context.Context, id identity.Identity, several bool, fn func(q *queries.Queries) error) error {
	if several {
		return t.snapshot(ctx, id, fn)
	}
	return t.read(ctx, id, fn)
}

// parseID parses an id argument, naming field on failure.
func parseID(field, s string) (uuid.UUID, error) {
	u, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, Invalid(field, "%q is not a valid id (expected a UUID such as 7f1c9a4e-2b1d-4c3e-9f00-5a6b7c8d9e0f)", s)
	}
	return u, nil
}

// lockTenant holds a per-tenant lock on scope until the transaction ends, so
// a check and the write that depends on it cannot interleave with another
// request's.
func lockTenant(ctx context.Context, q *queries.Queries, tenant uuid.UUID, scope string) error {
	if err := q.TenantLock(ctx, queries.TenantLockParams{TenantID: tenant, Scope: scope}); err != nil {
		return fmt.Errorf("lock %s: %w", scope, err)
	}
	return nil
}
