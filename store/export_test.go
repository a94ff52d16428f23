package store

import "github.com/jackc/pgx/v5/pgxpool"

// Pool exposes the pool to this package's external tests, which check what a
// connection looks like after the store has used it.
func Pool(s *Store) *pgxpool.Pool { return s.pool }
