package web

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// registerHouseholds mounts members, invitations and tenant deletion. Who
// may do what is decided by tools.Authorize; the rules (last owner, owner
// rights, invitation validity) live in identity.Households.
func registerHouseholds(api *echo.Group, h *identity.Households) {
	api.GET("/members", func(c *echo.Context) error {
		id := caller(c)
		if err := authorize(c, tools.PermMembersRead); err != nil {
			return err
		}
		ms, err := h.ListMembers(c.Request().Context(), id.TenantID)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"members": ms})
	})
	api.PATCH("/members/:user_id", func(c *echo.Context) error {
		id := caller(c)
		if err := authorize(c, tools.PermMembers); err != nil {
			return err
		}
		user, err := pathID(c, "user_id", "user_id")
		if err != nil {
			return err
		}
		var body struct {
			Role string `json:"role"`
		}
		if err := decodeBody(c, &body); err != nil {
			return err
		}
		m, err := h.SetMemberRole(c.Request().Context(), id.TenantID, user, body.Role, tools.Authorize(id, tools.PermOwners) == nil)
		if err != nil {
			return ruleError(err)
		}
		return c.JSON(http.StatusOK, m)
	})
	api.DELETE("/members/:user_id", func(c *echo.Context) error {
		id := caller(c)
		if err := authorize(c, tools.PermMembers); err != nil {
			return err
		}
		user, err := pathID(c, "user_id", "user_id")
		if err != nil {
			return err
		}
		if err := h.RemoveMember(c.Request().Context(), id.TenantID, user, tools.Authorize(id, tools.PermOwners) == nil); err != nil {
			return ruleError(err)
		}
		return c.NoContent(http.StatusNoContent)
	})
	registerInvitations(api, h)
	registerTenant(api, h)
}
