package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/queries"
)

// ErrNoAccount is returned when an account function is called without a
// provider or subject.
var ErrNoAccount = errors.New("store: no account")

// setAccountSQL sets the account context for the current transaction. Unlike
// the tenant, the subject is text from the identity provider, so it travels as
// a bind parameter and is never spliced into SQL; is_local=true scopes it to
// the transaction like SET LOCAL.
const setAccountSQL = `SELECT set_config('app.auth_provider', $1, true), set_config('app.auth_subject', $2, true)`

// InAccount runs fn in one transaction as the request role with the account
// context set to the verified (provider, subject): RLS then shows only that
// person's account row and memberships. No tenant is set, so tenant tables
// stay closed.
func (s *Store) InAccount(ctx context.Context, provider, subject string, fn func(q *queries.Queries) error) error {
	return s.inAccount(ctx, provider, subject, uuid.Nil, func(tx pgx.Tx) error { return fn(queries.New(tx)) })
}

// InAccountTenant is InAccount with a tenant set as well, for the writes that
// join a person to a tenant in one transaction: provisioning their first
// tenant and accepting an invitation.
func (s *Store) InAccountTenant(ctx context.Context, provider, subject string, tenant uuid.UUID, fn func(q *queries.Queries) error) error {
	if tenant == uuid.Nil {
		return ErrNoTenant
	}
	return s.inAccount(ctx, provider, subject, tenant, func(tx pgx.Tx) error { return fn(queries.New(tx)) })
}

func (s *Store) inAccount(ctx context.Context, provider, subject string, tenant uuid.UUID, fn func(tx pgx.Tx) error) error {
	if provider == "" || subject == "" {
		return ErrNoAccount
	}
	begin := "BEGIN; SET LOCAL ROLE " + RequestRole
	if tenant != uuid.Nil {
		_, setTenant := setupSQL(tenant)
		begin += "; " + setTenant
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{BeginQuery: begin})
	if err != nil {
		return fmt.Errorf("store: begin account transaction: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if _, err := tx.Exec(ctx, setAccountSQL, provider, subject); err != nil {
		return fmt.Errorf("store: set account: %w", err)
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}
