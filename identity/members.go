package identity

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/queries"
)

// Member is a user of a tenant as GET /api/members shows it.
type Member struct {
	UserID      uuid.UUID `json:"user_id"`
	Email       string    `json:"email"`
	DisplayName *string   `json:"display_name"`
	Role        string    `json:"role"`
	// SignedIn says the member signs in with an identity provider (not
	// only API tokens).
	SignedIn  bool      `json:"signed_in"`
	CreatedAt time.Time `json:"created_at"`
}

// ValidRole reports whether role is owner, admin or member.
func ValidRole(role string) bool {
	return role == RoleOwner || role == RoleAdmin || role == RoleMember
}

func invalidRole(role string) *RuleError {
	return refuse(http.StatusBadRequest, "invalid_argument", "role", fmt.Sprintf("%q is not a role: use owner, admin or member", role))
}

var errOwnerRights = refuse(http.StatusForbidden, "forbidden", "role", "making, demoting or removing an owner needs the owner role")

// ListMembers returns the tenant's users, oldest first.
func (h *Households) ListMembers(ctx context.Context, tenant uuid.UUID) ([]Member, error) {
	var rows []queries.MemberListRow
	err := h.store.ReadTenant(ctx, tenant, func(q *queries.Queries) error {
		var err error
		rows, err = q.MemberList(ctx, queries.MemberListParams{TenantID: tenant})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	out := make([]Member, len(rows))
	for i, r := range rows {
		out[i] = Member{UserID: r.ID, Email: r.Email, DisplayName: r.DisplayName, Role: r.Role, SignedIn: r.AuthProvider != nil, CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// SetMemberRole changes a member's role. Touching an owner (making one or
// changing one) needs ownerRights, and the last owner cannot be demoted: a
// tenant always keeps someone who can delete it or hand it on.
func (h *Households) SetMemberRole(ctx context.Context, tenant, user uuid.UUID, role string, ownerRights bool) (Member, error) {
	if !ValidRole(role) {
		return Member{}, invalidRole(role)
	}
	var out Member
	err := h.store.InTenant(ctx, tenant, func(q *queries.Queries) error {
		current, err := lockMember(ctx, q, tenant, user)
		if err != nil {
			return err
		}
		if (current.Role == RoleOwner || role == RoleOwner) && !ownerRights {
			return errOwnerRights
		}
		if current.Role == RoleOwner && role != RoleOwner {
			if err := keepAnOwner(ctx, q, tenant, user); err != nil {
				return err
			}
		}
		u, err := q.MemberSetRole(ctx, queries.MemberSetRoleParams{TenantID: tenant, ID: user, Role: role})
		if err != nil {
			return err
		}
		out = Member{UserID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Role: u.Role, SignedIn: u.AuthProvider != nil, CreatedAt: u.CreatedAt}
		return nil
	})
	if err != nil {
		return Member{}, ruleOr(err, "set member role")
	}
	return out, nil
}

// RemoveMember deletes a member with their tokens and memberships (which
// reference the users row ON DELETE CASCADE). The last owner stays.
func (h *Households) RemoveMember(ctx context.Context, tenant, user uuid.UUID, ownerRights bool) error {
	err := h.store.InTenant(ctx, tenant, func(q *queries.Queries) error {
		current, err := lockMember(ctx, q, tenant, user)
		if err != nil {
			return err
		}
		if current.Role == RoleOwner {
			if !ownerRights {
				return errOwnerRights
			}
			if err := keepAnOwner(ctx, q, tenant, user); err != nil {
				return err
			}
		}
		_, err = q.MemberDelete(ctx, queries.MemberDeleteParams{TenantID: tenant, ID: user})
		return err
	})
	return ruleOr(err, "remove member")
}

// lockMember reads the member, locking the owner rows first so that two
// concurrent changes to different owners are serialised.
func lockMember(ctx context.Context, q *queries.Queries, tenant, user uuid.UUID) (queries.User, error) {
	if _, err := q.MemberOwnersLock(ctx, queries.MemberOwnersLockParams{TenantID: tenant}); err != nil {
		return queries.User{}, err
	}
	u, err := q.UserGet(ctx, queries.UserGetParams{TenantID: tenant, ID: user})
	if errors.Is(err, pgx.ErrNoRows) {
		return queries.User{}, notFound("user_id", "member")
	}
	return u, err
}

// keepAnOwner refuses when user is the tenant's only owner.
func keepAnOwner(ctx context.Context, q *queries.Queries, tenant, user uuid.UUID) error {
	owners, err := q.MemberOwnersLock(ctx, queries.MemberOwnersLockParams{TenantID: tenant})
	if err != nil {
		return err
	}
	for _, o := range owners {
		if o != user {
			return nil
		}
	}
	return conflict("user_id", "this is the household's last owner: make another member owner first")
}

// ruleOr passes a RuleError through and wraps anything else with what.
func ruleOr(err error, what string) error {
	if err == nil {
		return nil
	}
	var r *RuleError
	if errors.As(err, &r) {
		return r
	}
	return fmt.Errorf("%s: %w", what, err)
}
