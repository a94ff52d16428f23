package agent

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
)

// errKeyTaken rolls back a capture whose Idempotency-Key another request
// claimed first.
var errKeyTaken = errors.New("capture: idempotency key already used")

// CreateOnce is Create for a client that may send the same capture again
// (a phone's offline queue resending after a dropped answer): the first
// request with key makes the capture; a repeat returns that capture, with
// replayed true, and stores and asks nothing. The key is claimed inside the
// transaction that makes the capture.
func (c *Captures) CreateOnce(ctx context.Context, id identity.Identity, key, text string, media []Media) (v View, replayed bool, err error) {
	key = strings.TrimSpace(key)
	if key == "" {
		v, err = c.Create(ctx, id, text, media)
		return v, false, err
	}
	if utf8.RuneCountInString(key) > 200 || !utf8.ValidString(key) {
		return View{}, false, tools.Invalid("Idempotency-Key", "must be at most 200 characters of text")
	}
	if id.ReadOnly {
		return View{}, false, tools.Forbidden("this token is read-only; a capture stores media and proposes changes")
	}
	if v, ok, err := c.byKey(ctx, id, key); err != nil || ok {
		return v, ok, err
	}
	return c.create(ctx, id, key, text, media)
}

// byKey is the capture key made, if any.
func (c *Captures) byKey(ctx context.Context, id identity.Identity, key string) (View, bool, error) {
	var capture uuid.UUID
	err := c.store.ReadTenant(ctx, id.TenantID, func(q *queries.Queries) error {
		var err error
		capture, err = q.CaptureByCreateKey(ctx, queries.CaptureByCreateKeyParams{TenantID: id.TenantID, Key: key})
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return View{}, false, nil
	}
	if err != nil {
		return View{}, false, fmt.Errorf("capture: idempotency key: %w", err)
	}
	v, err := c.Get(ctx, id, capture)
	return v, err == nil, err
}

func claimKey(ctx context.Context, q *queries.Queries, id identity.Identity, key string, capture uuid.UUID) error {
	if key == "" {
		return nil
	}
	_, err := q.CaptureCreateKeyClaim(ctx, queries.CaptureCreateKeyClaimParams{TenantID: id.TenantID, Key: key, CaptureID: capture})
	if errors.Is(err, pgx.ErrNoRows) {
		return errKeyTaken
	}
	if err != nil {
		return fmt.Errorf("capture: claim idempotency key: %w", err)
	}
	return nil
}
