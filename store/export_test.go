package store

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Pool exposes the pool to this package's external tests, which check what a
// connection looks like after the store has used it.
func Pool(s *Store) *pgxpool.Pool { return s.pool }

// InAccountTx exposes the account transaction itself to the external tests,
// which probe RLS with raw SQL.
func InAccountTx(ctx context.Context, s *Store, provider, subject string, tenant uuid.UUID, fn func(tx pgx.Tx) error) error {
	return s.inAccount(ctx, provider, subject, tenant, fn)
}
