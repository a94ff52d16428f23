package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/store"
)

// Households turns a verified Person into an Identity: it keeps their
// account row current, finds their memberships, chooses the tenant the
// request acts in and, with open sign-up, provisions a first household.
type Households struct {
	store *store.Store
	// SignupOpen is SIGNUP=open: a verified person with no household gets
	// one on their first request. Otherwise only invitations let them in.
	SignupOpen bool
}

// NewHouseholds returns the resolver over s.
func NewHouseholds(s *store.Store, signupOpen bool) *Households {
	return &Households{store: s, SignupOpen: signupOpen}
}

// errProvisioned says a concurrent first request provisioned already.
var errProvisioned = errors.New("already provisioned")

// Resolve returns p's identity acting in requested (uuid.Nil: their only
// household). requested must be one of their memberships (ErrNotMember).
// With no household chosen the identity has no tenant: see NoTenant.
func (h *Households) Resolve(ctx context.Context, p Person, requested uuid.UUID) (Identity, error) {
	members, err := h.account(ctx, &p)
	if err != nil {
		return Identity{}, err
	}
	if len(members) == 0 && h.SignupOpen && p.EmailVerified && p.Email != "" {
		if members, err = h.provision(ctx, &p); err != nil {
			return Identity{}, err
		}
	}
	id := Identity{Person: &p, Email: p.Email, Memberships: members}
	var chosen *Membership
	for i := range members {
		if members[i].TenantID == requested || (requested == uuid.Nil && len(members) == 1) {
			chosen = &members[i]
		}
	}
	if chosen == nil {
		if requested != uuid.Nil {
			return Identity{}, ErrNotMember
		}
		id.noTenant = noTenantReason(len(members), h.SignupOpen, p.EmailVerified)
		return id, nil
	}
	var user queries.User
	err = h.store.ReadTenant(ctx, chosen.TenantID, func(q *queries.Queries) error {
		var err error
		user, err = q.UserGet(ctx, queries.UserGetParams{TenantID: chosen.TenantID, ID: chosen.UserID})
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return Identity{}, ErrNotMember
	}
	if err != nil {
		return Identity{}, fmt.Errorf("resolve member: %w", err)
	}
	id.TenantID, id.UserID, id.Role, id.Email = chosen.TenantID, user.ID, user.Role, user.Email
	return id, nil
}

// account reads (and creates or refreshes) p's account and returns their
// memberships. The provider's email and name are copied only when changed,
// so a steady caller costs reads only.
func (h *Households) account(ctx context.Context, p *Person) ([]Membership, error) {
	var members []Membership
	err := h.store.InAccount(ctx, p.Provider, p.Subject, func(q *queries.Queries) error {
		acct, err := q.AccountGet(ctx, queries.AccountGetParams{Provider: p.Provider, Subject: p.Subject})
		if errors.Is(err, pgx.ErrNoRows) || err == nil &&
			(acct.Email != p.Email || acct.EmailVerified != p.EmailVerified || acct.DisplayName != p.DisplayName) {
			acct, err = q.AccountUpsert(ctx, queries.AccountUpsertParams{
				Provider: p.Provider, Subject: p.Subject, Email: p.Email, EmailVerified: p.EmailVerified, DisplayName: p.DisplayName,
			})
		}
		if err != nil {
			return err
		}
		p.AccountID = acct.ID
		members, err = memberships(ctx, q, acct.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("resolve account: %w", err)
	}
	return members, nil
}

func memberships(ctx context.Context, q *queries.Queries, account uuid.UUID) ([]Membership, error) {
	rows, err := q.AccountMemberships(ctx, queries.AccountMembershipsParams{AccountID: account})
	if err != nil {
		return nil, err
	}
	out := make([]Membership, len(rows))
	for i, r := range rows {
		out[i] = Membership{TenantID: r.TenantID, UserID: r.UserID}
	}
	return out, nil
}

// provision creates p's first household with them as owner. The account row
// is locked first, so two concurrent first requests create one household.
func (h *Households) provision(ctx context.Context, p *Person) ([]Membership, error) {
	tenant := uuid.New()
	var members []Membership
	err := h.store.InAccountTenant(ctx, p.Provider, p.Subject, tenant, func(q *queries.Queries) error {
		if _, err := q.AccountLock(ctx, queries.AccountLockParams{ID: p.AccountID}); err != nil {
			return err
		}
		existing, err := memberships(ctx, q, p.AccountID)
		if err != nil {
			return err
		}
		if len(existing) > 0 {
			members = existing
			return errProvisioned
		}
		if _, err := q.TenantCreate(ctx, queries.TenantCreateParams{ID: tenant, Name: householdName(*p)}); err != nil {
			return err
		}
		owner, err := q.MemberCreateSignedIn(ctx, queries.MemberCreateSignedInParams{
			TenantID: tenant, Email: strings.ToLower(p.Email), DisplayName: nonEmpty(p.DisplayName), Role: RoleOwner,
			AuthProvider: &p.Provider, AuthSubject: &p.Subject,
		})
		if err != nil {
			return err
		}
		if err := q.AccountMembershipCreate(ctx, queries.AccountMembershipCreateParams{AccountID: p.AccountID, TenantID: tenant, UserID: owner.ID}); err != nil {
			return err
		}
		members = []Membership{{TenantID: tenant, UserID: owner.ID}}
		return nil
	})
	if errors.Is(err, errProvisioned) {
		return members, nil
	}
	if err != nil {
		return nil, fmt.Errorf("provision household: %w", err)
	}
	return members, nil
}

// householdName is "<name>'s bakery", after the person's display name or,
// without one, their email; cut to the tenants.name limit of 200.
func householdName(p Person) string {
	who := strings.TrimSpace(p.DisplayName)
	if who == "" {
		who = p.Email
	}
	const suffix = "'s bakery"
	for utf8.RuneCountInString(who)+len(suffix) > 200 {
		_, size := utf8.DecodeLastRuneInString(who)
		who = who[:len(who)-size]
	}
	return who + suffix
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
