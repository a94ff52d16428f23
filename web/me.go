package web

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
)

// me answers GET /api/me: who is calling, in which household, and (for a
// signed-in person) every household they belong to.
func me(h *identity.Households) echo.HandlerFunc {
	return func(c *echo.Context) error {
		id, _ := identity.PersonFrom(c.Request().Context())
		out := map[string]any{"email": id.Email, "role": id.Role, "user_id": nil, "tenant_id": nil}
		if id.TenantID != uuid.Nil {
			out["user_id"], out["tenant_id"] = id.UserID.String(), id.TenantID.String()
		}
		memberships := id.Memberships
		if id.Person == nil {
			// An API token is bound to its one household.
			memberships = []identity.Membership{{TenantID: id.TenantID, UserID: id.UserID}}
		} else {
			out["email_verified"] = id.Person.EmailVerified
		}
		if h != nil {
			ms, err := h.Describe(c.Request().Context(), memberships)
			if err != nil {
				return err
			}
			out["memberships"] = ms
		}
		return c.JSON(http.StatusOK, out)
	}
}
