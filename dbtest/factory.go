package dbtest

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/store"
)

// Tenant is a tenant created for a test, with its owner.
type Tenant struct {
	ID      uuid.UUID
	OwnerID uuid.UUID
	Email   string
}

// NewTenant creates a tenant and its owner through the request role, as the
// application does. Every test that writes makes its own tenants, so tests
// sharing a database never see each other's rows.
func NewTenant(t testing.TB, s *store.Store) Tenant {
	t.Helper()
	id := uuid.New()
	email := fmt.Sprintf("owner-%s@example.test", id.String()[:8])
	var owner queries.User
	err := s.InTenant(context.Background(), id, func(q *queries.Queries) error {
		if _, err := q.TenantCreate(context.Background(), queries.TenantCreateParams{ID: id, Name: "Test bakery " + id.String()[:8]}); err != nil {
			return err
		}
		var err error
		owner, err = q.UserCreate(context.Background(), queries.UserCreateParams{TenantID: id, Email: email, Role: "owner"})
		return err
	})
	if err != nil {
		t.Fatalf("dbtest: new tenant: %v", err)
	}
	return Tenant{ID: id, OwnerID: owner.ID, Email: email}
}

// NewUser adds a user with role ("owner", "admin" or "member") to tenant,
// for tests that need callers of each role.
func NewUser(t testing.TB, s *store.Store, tenant uuid.UUID, role string) queries.User {
	t.Helper()
	email := fmt.Sprintf("%s-%s@example.test", role, uuid.NewString()[:8])
	var u queries.User
	err := s.InTenant(context.Background(), tenant, func(q *queries.Queries) error {
		var err error
		u, err = q.UserCreate(context.Background(), queries.UserCreateParams{TenantID: tenant, Email: email, Role: role})
		return err
	})
	if err != nil {
		t.Fatalf("dbtest: new %s: %v", role, err)
	}
	return u
}
