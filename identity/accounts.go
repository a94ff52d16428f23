package identity

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/store"
)

// NewTenant is what `baketracker tenant create` prints.
type NewTenant struct {
	TenantID uuid.UUID `json:"tenant_id"`
	UserID   uuid.UUID `json:"user_id"`
	Token    string    `json:"token"`
}

// CreateTenant creates a tenant, its owner and an API token for the owner in
// one transaction.
func CreateTenant(ctx context.Context, s *store.Store, tokens *APITokens, name, ownerEmail string) (NewTenant, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 200 {
		return NewTenant{}, errors.New("tenant name must be 1 to 200 characters")
	}
	email, err := normalizeEmail(ownerEmail)
	if err != nil {
		return NewTenant{}, err
	}
	out := NewTenant{TenantID: uuid.New()}
	err = s.InTenant(ctx, out.TenantID, func(q *queries.Queries) error {
		if _, err := q.TenantCreate(ctx, queries.TenantCreateParams{ID: out.TenantID, Name: name}); err != nil {
			return err
		}
		owner, err := q.UserCreate(ctx, queries.UserCreateParams{TenantID: out.TenantID, Email: email, Role: RoleOwner})
		if err != nil {
			return err
		}
		out.UserID = owner.ID
		out.Token, _, err = tokens.Issue(ctx, q, out.TenantID, owner.ID, "owner", false)
		return err
	})
	if err != nil {
		return NewTenant{}, fmt.Errorf("create tenant: %w", err)
	}
	return out, nil
}

// IssueForEmail issues a token for the user with email in tenant. With no
// tenant it looks the user up across tenants, which only an operator login
// can do (see store.UserTenantsByEmail).
func IssueForEmail(ctx context.Context, s *store.Store, tokens *APITokens, email string, tenant uuid.UUID, name string, readOnly bool) (token string, id uuid.UUID, err error) {
	email, err = normalizeEmail(email)
	if err != nil {
		return "", uuid.Nil, err
	}
	if tenant == uuid.Nil {
		tenants, err := s.UserTenantsByEmail(ctx, email)
		if err != nil {
			return "", uuid.Nil, err
		}
		switch len(tenants) {
		case 0:
			return "", uuid.Nil, fmt.Errorf("no user with email %s", email)
		case 1:
			tenant = tenants[0]
		default:
			return "", uuid.Nil, fmt.Errorf("%s belongs to %d tenants: pass --tenant", email, len(tenants))
		}
	}
	err = s.InTenant(ctx, tenant, func(q *queries.Queries) error {
		user, err := q.UserGetByEmail(ctx, queries.UserGetByEmailParams{TenantID: tenant, Email: email})
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("no user with email %s in tenant %s", email, tenant)
		}
		if err != nil {
			return err
		}
		token, id, err = tokens.Issue(ctx, q, tenant, user.ID, name, readOnly)
		return err
	})
	return token, id, err
}

func normalizeEmail(s string) (string, error) {
	addr, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil || addr.Name != "" {
		return "", fmt.Errorf("invalid email %q", s)
	}
	return strings.ToLower(addr.Address), nil
}
