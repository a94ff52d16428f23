package tools

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/queries"
)

// idempotent runs a write once per key. It must be called inside the write's
// transaction: the key is claimed first, so a concurrent retry blocks on the
// unique index until this transaction ends, and then replays the stored
// result. A failed write rolls the claim back with everything else. The same
// key with different arguments is a conflict, not a replay.
func idempotent[Out any](ctx context.Context, q *queries.Queries, tenant uuid.UUID, key, operation string, args any, run func() (Out, error)) (Out, error) {
	var zero Out
	if key == "" {
		return run()
	}
	if len(key) > 200 {
		return zero, Invalid("idempotency_key", "must be at most 200 characters")
	}
	body, err := json.Marshal(args)
	if err != nil {
		return zero, fmt.Errorf("idempotency: %w", err)
	}
	sum := sha256.Sum256(append([]byte(operation+"\x00"), body...))

	claim, err := q.IdempotencyClaim(ctx, queries.IdempotencyClaimParams{TenantID: tenant, Key: key, Operation: operation, RequestHash: sum[:]})
	if errors.Is(err, pgx.ErrNoRows) {
		prev, err := q.IdempotencyGet(ctx, queries.IdempotencyGetParams{TenantID: tenant, Key: key})
		if err != nil {
			return zero, fmt.Errorf("idempotency: read %q: %w", key, err)
		}
		if prev.Operation != operation || string(prev.RequestHash) != string(sum[:]) {
			return zero, Conflict("idempotency_key", "key %q was already used for a different request; use a new key", key)
		}
		var out Out
		if err := json.Unmarshal(prev.Response, &out); err != nil {
			return zero, fmt.Errorf("idempotency: decode %q: %w", key, err)
		}
		return out, nil
	}
	if err != nil {
		return zero, fmt.Errorf("idempotency: claim %q: %w", key, err)
	}
	out, err := run()
	if err != nil {
		return zero, err
	}
	resp, err := json.Marshal(out)
	if err != nil {
		return zero, fmt.Errorf("idempotency: encode: %w", err)
	}
	if err := q.IdempotencyStore(ctx, queries.IdempotencyStoreParams{TenantID: tenant, ID: claim, Response: resp}); err != nil {
		return zero, fmt.Errorf("idempotency: store %q: %w", key, err)
	}
	return out, nil
}
