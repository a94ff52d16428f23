// Package identity answers "who is calling, for which tenant": it issues and
// verifies API tokens and carries the verified Identity on the context. The
// tenant always comes from here, never from a request's arguments.
package identity

import (
	"context"
	"errors"

	"github.com/google/uuid"
)

// Roles a user can hold in a tenant.
const (
	RoleOwner  = "owner"
	RoleAdmin  = "admin"
	RoleMember = "member"
)

// Identity is a verified caller.
type Identity struct {
	TenantID uuid.UUID
	UserID   uuid.UUID
	Email    string
	Role     string
	// ReadOnly callers may only use read-only tools and GET routes.
	ReadOnly bool
	// TokenID is the API token used, when one was.
	TokenID uuid.UUID
}

// ErrInvalidToken is returned for a token that is malformed, unknown, wrong
// or revoked. Callers must not tell these apart to the client.
var ErrInvalidToken = errors.New("invalid or revoked token")

// Verifier turns a bearer token into an Identity. API tokens implement it
// today; Firebase ID tokens will be a second implementation.
type Verifier interface {
	Verify(ctx context.Context, token string) (Identity, error)
}

type contextKey struct{}

// WithIdentity returns ctx carrying id.
func WithIdentity(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, contextKey{}, id)
}

// From returns the identity on ctx.
func From(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(contextKey{}).(Identity)
	return id, ok && id.TenantID != uuid.Nil
}
