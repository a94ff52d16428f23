package web

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// registerTenant mounts DELETE /api/tenant {"confirm": "<household name>"}:
// owners only, removes every row of the household.
func registerTenant(api *echo.Group, h *identity.Households) {
	api.DELETE("/tenant", func(c *echo.Context) error {
		id := caller(c)
		if err := authorize(c, tools.PermTenantDelete); err != nil {
			return err
		}
		var body struct {
			Confirm string `json:"confirm"`
		}
		if err := decodeBody(c, &body); err != nil {
			return err
		}
		if err := h.DeleteTenant(c.Request().Context(), id.TenantID, body.Confirm); err != nil {
			return ruleError(err)
		}
		return c.NoContent(http.StatusNoContent)
	})
}
