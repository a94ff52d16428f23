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
	// Person is the signed-in account (Firebase), nil for API tokens.
	Person *Person
	// Memberships are the person's households; TenantID is one of them, or
	// nil when none is chosen yet (see NoTenant).
	Memberships []Membership
	// noTenant is why no tenant was chosen (NoTenant).
	noTenant string
}

// ErrInvalidToken is returned for a token that is malformed, unknown, wrong
// or revoked. Callers must not tell these apart to the client.
var ErrInvalidToken = errors.New("invalid or revoked token")

// ErrUnavailable is returned when a token cannot be checked right now (the
// identity provider's keys or user service do not answer): 503, never 401.
var ErrUnavailable = errors.New("identity provider unavailable")

// ErrNotMember is returned when the requested tenant (BakeTracker-Tenant) is
// not one of the caller's.
var ErrNotMember = errors.New("not a member of the requested tenant")

// Verifier turns a bearer token into an Identity: APITokens, and Verifiers,
// which also accepts Firebase ID tokens.
type Verifier interface {
	Verify(ctx context.Context, token string) (Identity, error)
}

type contextKey struct{}

// WithIdentity returns ctx carrying id.
func WithIdentity(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, contextKey{}, id)
}

// From returns the identity on ctx; ok is false without a tenant.
func From(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(contextKey{}).(Identity)
	return id, ok && id.TenantID != uuid.Nil
}

// PersonFrom returns the identity on ctx whether or not a tenant is chosen:
// for the routes a signed-in person may use before joining a household
// (GET /api/me, accepting an invitation).
func PersonFrom(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(contextKey{}).(Identity)
	return id, ok && (id.TenantID != uuid.Nil || id.Person != nil)
}
