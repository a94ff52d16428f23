package web

import (
	"errors"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// personRoutes are the routes a signed-in person may call before a tenant
// is chosen: to see their households and to join one.
var personRoutes = map[string]bool{
	http.MethodGet + " /api/me":                      true,
	http.MethodPost + " /api/invitations/:id/accept": true,
}

// requestedTenant reads the BakeTracker-Tenant header onto the request
// context, where identity.Verifiers finds it.
func requestedTenant(c *echo.Context) error {
	h := c.Request().Header.Get(identity.TenantHeader)
	if h == "" {
		return nil
	}
	tenant, err := uuid.Parse(h)
	if err != nil || tenant == uuid.Nil {
		return tools.Invalid(identity.TenantHeader, "%q is not a tenant id: use a tenant_id from GET /api/me", h)
	}
	c.SetRequest(c.Request().WithContext(identity.WithRequestedTenant(c.Request().Context(), tenant)))
	return nil
}

// verifyError turns a verification failure into its response: 401 for a bad
// token, 403 for a tenant that is not the caller's, 503 when the identity
// provider cannot be reached (a 401 then would sign everyone out).
func verifyError(c *echo.Context, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, identity.ErrInvalidToken):
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="baketracker", error="invalid_token"`)
		return tools.Unauthorized("invalid, expired or revoked token")
	case errors.Is(err, identity.ErrNotMember):
		return tools.Forbidden("you are not a member of the household named in %s", identity.TenantHeader)
	case errors.Is(err, identity.ErrUnavailable):
		return tools.Unavailable("identity_unavailable", "sign-in cannot be checked right now; try again shortly")
	default:
		return err
	}
}

// requireTenant refuses an identity without a tenant everywhere but the
// person routes, saying why (several households, sign-up closed, ...).
func requireTenant(c *echo.Context, id identity.Identity) error {
	if id.TenantID != uuid.Nil || personRoutes[c.Request().Method+" "+c.Path()] {
		return nil
	}
	code, msg := id.NoTenant()
	return &tools.Error{Code: code, Message: msg, Status: http.StatusForbidden}
}

// ruleError renders an identity rule's refusal in the one error shape.
func ruleError(err error) error {
	var r *identity.RuleError
	if errors.As(err, &r) {
		return &tools.Error{Code: r.Code, Message: r.Message, Field: r.Field, Status: r.Status}
	}
	return err
}

// pathID parses the path parameter name as a UUID.
func pathID(c *echo.Context, name, field string) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param(name))
	if err != nil {
		return uuid.Nil, tools.Invalid(field, "%q is not an id", c.Param(name))
	}
	return id, nil
}
