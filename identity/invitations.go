package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/baketracker/baketracker/queries"
)

// Invitation codes look like "inv_" + base64url(tenant id | invitation id |
// secret), as API tokens do: accepting is a primary-key read inside the
// named tenant and a constant-time hash check, with no cross-tenant lookup.
const (
	invitationPrefix = "inv_"
	invitationBytes  = tokenBytes // the layout of API tokens: tenant, id, secret
	// InvitationLifetime is how long an invitation can be accepted.
	InvitationLifetime = 7 * 24 * time.Hour
)

// Invitation is an invitation as the API shows it; Code is set only in the
// answer to its creation.
type Invitation struct {
	ID         uuid.UUID  `json:"id"`
	Code       string     `json:"code,omitempty"`
	Email      *string    `json:"email"`
	Role       string     `json:"role"`
	Status     string     `json:"status"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	AcceptedAt *time.Time `json:"accepted_at,omitempty"`
}

func invitationOut(r queries.Invitation, now time.Time) Invitation {
	status := "pending"
	switch {
	case r.AcceptedAt != nil:
		status = "accepted"
	case r.RevokedAt != nil:
		status = "revoked"
	case !now.Before(r.ExpiresAt):
		status = "expired"
	}
	return Invitation{ID: r.ID, Email: r.Email, Role: r.Role, Status: status, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt, AcceptedAt: r.AcceptedAt}
}

// CreateInvitation invites someone (anyone with the code, or only the
// verified owner of email) to join tenant with role. Inviting an owner needs
// ownerRights, as making one does.
func (h *Households) CreateInvitation(ctx context.Context, tenant, by uuid.UUID, email, role string, ownerRights bool) (Invitation, error) {
	if !ValidRole(role) {
		return Invitation{}, invalidRole(role)
	}
	if role == RoleOwner && !ownerRights {
		return Invitation{}, errOwnerRights
	}
	var emailArg *string
	if strings.TrimSpace(email) != "" {
		e, err := normalizeEmail(email)
		if err != nil {
			return Invitation{}, refuse(http.StatusBadRequest, "invalid_argument", "email", fmt.Sprintf("%q is not an email address", email))
		}
		emailArg = &e
	}
	var raw [invitationBytes]byte
	if _, err := rand.Read(raw[32:]); err != nil {
		return Invitation{}, fmt.Errorf("create invitation: %w", err)
	}
	id := uuid.New()
	copy(raw[:16], tenant[:])
	copy(raw[16:32], id[:])
	hash := sha256.Sum256(raw[32:])
	var row queries.Invitation
	err := h.store.InTenant(ctx, tenant, func(q *queries.Queries) error {
		var err error
		row, err = q.InvitationCreate(ctx, queries.InvitationCreateParams{
			TenantID: tenant, ID: id, SecretHash: hash[:], Email: emailArg, Role: role,
			CreatedBy: &by, ExpiresAt: time.Now().Add(InvitationLifetime),
		})
		return err
	})
	if err != nil {
		return Invitation{}, fmt.Errorf("create invitation: %w", err)
	}
	out := invitationOut(row, time.Now())
	out.Code = invitationPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	return out, nil
}

// ListInvitations returns the tenant's invitations, newest first.
func (h *Households) ListInvitations(ctx context.Context, tenant uuid.UUID) ([]Invitation, error) {
	var rows []queries.Invitation
	err := h.store.ReadTenant(ctx, tenant, func(q *queries.Queries) error {
		var err error
		rows, err = q.InvitationList(ctx, queries.InvitationListParams{TenantID: tenant})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list invitations: %w", err)
	}
	now := time.Now()
	out := make([]Invitation, len(rows))
	for i, r := range rows {
		out[i] = invitationOut(r, now)
	}
	return out, nil
}

// RevokeInvitation withdraws a pending invitation.
func (h *Households) RevokeInvitation(ctx context.Context, tenant, id uuid.UUID) error {
	var n int64
	err := h.store.InTenant(ctx, tenant, func(q *queries.Queries) error {
		var err error
		n, err = q.InvitationRevoke(ctx, queries.InvitationRevokeParams{TenantID: tenant, ID: id})
		return err
	})
	if err != nil {
		return fmt.Errorf("revoke invitation: %w", err)
	}
	if n == 0 {
		return notFound("id", "pending invitation")
	}
	return nil
}

// Joined is the household a person joined by accepting an invitation.
type Joined struct {
	TenantID uuid.UUID `json:"tenant_id"`
	UserID   uuid.UUID `json:"user_id"`
	Role     string    `json:"role"`
}

// AcceptInvitation joins p to the invitation's tenant with its role, once.
// When the invitation names an email, p's email must be that one and
// verified: an unverified provider email proves nothing. The users row, the
// membership and the invitation's acceptance are one transaction.
func (h *Households) AcceptInvitation(ctx context.Context, p Person, code string) (Joined, error) {
	tenant, id, secret, ok := parseInvitationCode(code)
	if !ok {
		return Joined{}, notFound("code", "invitation")
	}
	if p.Email == "" {
		return Joined{}, refuse(http.StatusUnprocessableEntity, "email_required", "email", "your account has no email address; sign in with one to accept an invitation")
	}
	var out Joined
	err := h.store.InAccountTenant(ctx, p.Provider, p.Subject, tenant, func(q *queries.Queries) error {
		inv, err := q.InvitationGetForUpdate(ctx, queries.InvitationGetForUpdateParams{TenantID: tenant, ID: id})
		if errors.Is(err, pgx.ErrNoRows) {
			return notFound("code", "invitation")
		}
		if err != nil {
			return err
		}
		hash := sha256.Sum256(secret)
		if subtle.ConstantTimeCompare(hash[:], inv.SecretHash) != 1 {
			return notFound("code", "invitation")
		}
		if err := acceptable(inv, p); err != nil {
			return err
		}
		acct, err := q.AccountUpsert(ctx, queries.AccountUpsertParams{
			Provider: p.Provider, Subject: p.Subject, Email: p.Email, EmailVerified: p.EmailVerified, DisplayName: p.DisplayName,
		})
		if err != nil {
			return err
		}
		if _, err := q.AccountMembershipGet(ctx, queries.AccountMembershipGetParams{AccountID: acct.ID, TenantID: tenant}); err == nil {
			return conflict("code", "you are already a member of this household")
		} else if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		user, err := q.MemberCreateSignedIn(ctx, queries.MemberCreateSignedInParams{
			TenantID: tenant, Email: p.Email, DisplayName: nonEmpty(p.DisplayName), Role: inv.Role,
			AuthProvider: &p.Provider, AuthSubject: &p.Subject,
		})
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" {
			return conflict("email", "this household already has a member with your email address")
		}
		if err != nil {
			return err
		}
		if err := q.AccountMembershipCreate(ctx, queries.AccountMembershipCreateParams{AccountID: acct.ID, TenantID: tenant, UserID: user.ID}); err != nil {
			return err
		}
		if err := q.InvitationAccept(ctx, queries.InvitationAcceptParams{TenantID: tenant, ID: id, AcceptedBy: &user.ID}); err != nil {
			return err
		}
		out = Joined{TenantID: tenant, UserID: user.ID, Role: user.Role}
		return nil
	})
	if err != nil {
		return Joined{}, ruleOr(err, "accept invitation")
	}
	return out, nil
}

// acceptable is the invitation's state and email rule.
func acceptable(inv queries.Invitation, p Person) error {
	switch {
	case inv.AcceptedAt != nil:
		return refuse(http.StatusGone, "invitation_used", "code", "this invitation has already been accepted")
	case inv.RevokedAt != nil:
		return refuse(http.StatusGone, "invitation_revoked", "code", "this invitation was withdrawn")
	case !time.Now().Before(inv.ExpiresAt):
		return refuse(http.StatusGone, "invitation_expired", "code", "this invitation has expired: ask for a new one")
	}
	if inv.Email == nil {
		return nil
	}
	if !p.EmailVerified {
		return refuse(http.StatusForbidden, "email_unverified", "email", "this invitation is for a named email address: verify your email address first")
	}
	if !strings.EqualFold(*inv.Email, p.Email) {
		return refuse(http.StatusForbidden, "invitation_email_mismatch", "email", "this invitation is for another email address")
	}
	return nil
}

// InvitationTenant is the household an invitation code names, or uuid.Nil
// for text that is no invitation code. The name is a claim until the code's
// secret has been checked.
func InvitationTenant(code string) uuid.UUID {
	tenant, _, _, _ := parseInvitationCode(code)
	return tenant
}

func parseInvitationCode(code string) (tenant, id uuid.UUID, secret []byte, ok bool) {
	return parseWithPrefix(code, invitationPrefix)
}
