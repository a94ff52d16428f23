package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// RateLimitTake reserves up to want requests of key's window (key is a
// 32-byte digest of the caller), never beyond limit across every replica,
// and returns how many were granted and the window's total afterwards. It
// runs as the request role, which may only call the rate_limit_take
// function (schema/00040_rate_limits.sql): no tenant is involved, and no row
// of any table is readable through it.
func (s *Store) RateLimitTake(ctx context.Context, key []byte, window time.Time, want, limit int) (granted, used int, err error) {
	err = s.asRequestRole(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT granted, used FROM rate_limit_take($1, $2, $3, $4)`,
			key, window, want, limit).Scan(&granted, &used)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("store: rate limit: %w", err)
	}
	return granted, used, nil
}

// RateLimitForget drops the counts of windows that ended long ago.
func (s *Store) RateLimitForget(ctx context.Context) error {
	err := s.asRequestRole(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `SELECT rate_limit_forget()`)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: rate limit forget: %w", err)
	}
	return nil
}

// asRequestRole runs fn in a transaction as the request role without a
// tenant: tenant tables stay closed to it.
func (s *Store) asRequestRole(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{BeginQuery: "BEGIN; SET LOCAL ROLE " + RequestRole})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// SignInFailure is one key's count after SignInFail.
type SignInFailure struct {
	Key      []byte
	Failures int
	FreeAt   time.Time // zero while Failures is under the limit
}

// SignInFail records a failed sign-in for each key (32-byte digests of a
// client address or a claimed account) in the shared counts, drops their
// failures older than window and returns each key's count inside it. Like
// RateLimitTake it runs as the request role, which may only call the
// sign_in_fail function (schema/00100_sign_in_failures.sql).
func (s *Store) SignInFail(ctx context.Context, keys [][]byte, window time.Duration, limit int) ([]SignInFailure, error) {
	var out []SignInFailure
	err := s.asRequestRole(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT key, failures, free_at FROM sign_in_fail($1, $2, $3)`, keys, window, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (SignInFailure, error) {
			var f SignInFailure
			var free *time.Time
			err := row.Scan(&f.Key, &f.Failures, &free)
			if free != nil {
				f.FreeAt = *free
			}
			return f, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: sign-in failures: %w", err)
	}
	return out, nil
}
