package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// registerInvitations mounts POST/GET /api/invitations, DELETE
// /api/invitations/{id} and POST /api/invitations/{code}/accept (the path
// parameter is named id in both for Echo's router; for accept it is the
// code).
func registerInvitations(api *echo.Group, h *identity.Households) {
	api.POST("/invitations", func(c *echo.Context) error {
		id := caller(c)
		if err := authorize(c, tools.PermInvite); err != nil {
			return err
		}
		var body struct {
			Email string `json:"email"`
			Role  string `json:"role"`
		}
		if err := decodeBody(c, &body); err != nil {
			return err
		}
		if body.Role == "" {
			return tools.Invalid("role", "say which role the invited person gets: owner, admin or member")
		}
		inv, err := h.CreateInvitation(c.Request().Context(), id.TenantID, id.UserID, body.Email, body.Role, tools.Authorize(id, tools.PermOwners) == nil)
		if err != nil {
			return ruleError(err)
		}
		return c.JSON(http.StatusCreated, map[string]any{
			"id": inv.ID, "code": inv.Code, "role": inv.Role, "email": inv.Email, "expires_at": inv.ExpiresAt,
			"url": c.Scheme() + "://" + c.Request().Host + "/api/invitations/" + inv.Code + "/accept",
		})
	})
	api.GET("/invitations", func(c *echo.Context) error {
		id := caller(c)
		if err := authorize(c, tools.PermInvitationsRead); err != nil {
			return err
		}
		list, err := h.ListInvitations(c.Request().Context(), id.TenantID)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"invitations": list})
	})
	api.DELETE("/invitations/:id", func(c *echo.Context) error {
		id := caller(c)
		if err := authorize(c, tools.PermInvite); err != nil {
			return err
		}
		inv, err := pathID(c, "id", "id")
		if err != nil {
			return err
		}
		if err := h.RevokeInvitation(c.Request().Context(), id.TenantID, inv); err != nil {
			return ruleError(err)
		}
		return c.NoContent(http.StatusNoContent)
	})
	api.POST("/invitations/:id/accept", func(c *echo.Context) error {
		id, _ := identity.PersonFrom(c.Request().Context())
		if id.Person == nil {
			return tools.Forbidden("accepting an invitation needs a signed-in person (a Firebase ID token), not an API token")
		}
		joined, err := h.AcceptInvitation(c.Request().Context(), *id.Person, c.Param("id"))
		if err != nil {
			recordMisuse(c, id, err)
			return ruleError(err)
		}
		return c.JSON(http.StatusOK, joined)
	})
}

// recordMisuse records a refused acceptance as a security event. It is
// stored in the invitation's household only when the code's secret held
// (the refusal is then about a real invitation: used, withdrawn, expired,
// another person's); an unknown or forged code is only logged, so nobody can
// fill another household's log by naming it.
func recordMisuse(c *echo.Context, id identity.Identity, err error) {
	events, ok := c.Get(ctxEvents).(*identity.SecurityEvents)
	var r *identity.RuleError
	if !ok || !errors.As(err, &r) {
		return
	}
	ev := identity.SecurityEvent{Kind: identity.EventInvitationMisuse, Detail: map[string]any{"reason": r.Code}}
	if r.Status == http.StatusForbidden || r.Status == http.StatusGone {
		ev.TenantID = identity.InvitationTenant(c.Param("id"))
	}
	if id.Person != nil {
		ev.Detail["account_email"] = id.Person.Email
	}
	events.Record(c.Request().Context(), ev)
}
