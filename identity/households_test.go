package identity_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
)

func newPerson(verified bool) identity.Person {
	id := uuid.NewString()[:8]
	return identity.Person{Provider: identity.ProviderFirebase, Subject: "uid-" + id, Email: "p-" + id + "@example.com", EmailVerified: verified}
}

// TestConcurrentFirstSignInsProvisionOneHousehold: a person's first page
// load sends several requests at once; they must create one household, not
// one each.
func TestConcurrentFirstSignInsProvisionOneHousehold(t *testing.T) {
	t.Parallel()
	h := identity.NewHouseholds(dbtest.Store(t), true)
	p := newPerson(true)
	const n = 6
	ids := make([]identity.Identity, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { ids[i], errs[i] = h.Resolve(t.Context(), p, uuid.Nil) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("request %d: %v", i, errs[i])
		}
		if ids[i].TenantID != ids[0].TenantID || ids[i].Role != identity.RoleOwner || len(ids[i].Memberships) != 1 {
			t.Errorf("request %d: tenant %s role %s memberships %d; want all in %s as owner", i, ids[i].TenantID, ids[i].Role, len(ids[i].Memberships), ids[0].TenantID)
		}
	}
}

// TestUnverifiedOrClosedSignupProvisionsNothing: an unverified email proves
// nothing, and SIGNUP=invite never provisions; both get no tenant and a
// reason, and naming someone else's tenant is ErrNotMember.
func TestUnverifiedOrClosedSignupProvisionsNothing(t *testing.T) {
	t.Parallel()
	s := dbtest.Store(t)
	ctx := t.Context()
	for name, tc := range map[string]struct {
		open, verified bool
		code           string
	}{
		"unverified":     {open: true, verified: false, code: "email_unverified"},
		"signup invite":  {open: false, verified: true, code: "signup_closed"},
		"both closed up": {open: false, verified: false, code: "signup_closed"},
	} {
		id, err := identity.NewHouseholds(s, tc.open).Resolve(ctx, newPerson(tc.verified), uuid.Nil)
		if err != nil || id.TenantID != uuid.Nil || len(id.Memberships) != 0 {
			t.Errorf("%s: %+v %v, want no tenant", name, id, err)
		}
		if code, msg := id.NoTenant(); code != tc.code || msg == "" {
			t.Errorf("%s: NoTenant %q %q, want %q", name, code, msg, tc.code)
		}
	}
	other := dbtest.NewTenant(t, s)
	if _, err := identity.NewHouseholds(s, true).Resolve(ctx, newPerson(true), other.ID); !errors.Is(err, identity.ErrNotMember) {
		t.Errorf("naming another's tenant: %v, want ErrNotMember", err)
	}
}
