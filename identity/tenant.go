package identity

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/queries"
)

// MembershipInfo is one household in GET /api/me.
type MembershipInfo struct {
	TenantID   uuid.UUID `json:"tenant_id"`
	TenantName string    `json:"tenant_name"`
	Role       string    `json:"role"`
}

// Describe reads each membership's tenant name and role inside that tenant
// (one read each; people belong to few households).
func (h *Households) Describe(ctx context.Context, ms []Membership) ([]MembershipInfo, error) {
	out := make([]MembershipInfo, 0, len(ms))
	for _, m := range ms {
		var info MembershipInfo
		err := h.store.ReadTenant(ctx, m.TenantID, func(q *queries.Queries) error {
			t, err := q.TenantGet(ctx, queries.TenantGetParams{ID: m.TenantID})
			if err != nil {
				return err
			}
			u, err := q.UserGet(ctx, queries.UserGetParams{TenantID: m.TenantID, ID: m.UserID})
			if err != nil {
				return err
			}
			info = MembershipInfo{TenantID: t.ID, TenantName: t.Name, Role: u.Role}
			return nil
		})
		if errors.Is(err, pgx.ErrNoRows) {
			continue // removed since the membership was read
		}
		if err != nil {
			return nil, fmt.Errorf("describe membership: %w", err)
		}
		out = append(out, info)
	}
	return out, nil
}

// DeleteTenant removes the tenant and every row of it (each tenant table
// references tenants ON DELETE CASCADE, memberships included). confirm must
// be the tenant's name, so a stray request cannot do it.
func (h *Households) DeleteTenant(ctx context.Context, tenant uuid.UUID, confirm string) error {
	err := h.store.InTenant(ctx, tenant, func(q *queries.Queries) error {
		t, err := q.TenantGet(ctx, queries.TenantGetParams{ID: tenant})
		if err != nil {
			return err
		}
		if strings.TrimSpace(confirm) != t.Name {
			return refuse(http.StatusBadRequest, "invalid_argument", "confirm",
				fmt.Sprintf("to delete this household and all its data, send confirm: %q (its name)", t.Name))
		}
		_, err = q.TenantDelete(ctx, queries.TenantDeleteParams{ID: tenant})
		return err
	})
	return ruleOr(err, "delete tenant")
}
