package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// registerSecurityEvents mounts GET /api/security-events for owners:
// newest first, ?limit=1..500 (100), ?before=<RFC 3339 time> to page back.
func registerSecurityEvents(api *echo.Group, events *identity.SecurityEvents) {
	api.GET("/security-events", func(c *echo.Context) error {
		if err := authorize(c, tools.PermSecurityEvents); err != nil {
			return err
		}
		limit := 100
		if s := c.QueryParam("limit"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 500 {
				return tools.Invalid("limit", "must be a whole number from 1 to 500, not %q", s)
			}
			limit = n
		}
		var before *time.Time
		if s := c.QueryParam("before"); s != "" {
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return tools.Invalid("before", "%q is not a time such as 2026-12-07T09:00:00Z", s)
			}
			before = &t
		}
		id := caller(c)
		rows, err := events.List(c.Request().Context(), id.TenantID, before, int32(limit))
		if err != nil {
			return err
		}
		type event struct {
			ID            string    `json:"id"`
			Kind          string    `json:"kind"`
			UserID        *string   `json:"user_id"`
			RequestID     string    `json:"request_id"`
			ClientAddress string    `json:"client_address"`
			Detail        any       `json:"detail"`
			CreatedAt     time.Time `json:"created_at"`
		}
		out := make([]event, len(rows))
		for i, r := range rows {
			out[i] = event{ID: r.ID.String(), Kind: r.Kind, RequestID: r.RequestID, ClientAddress: r.ClientAddress,
				Detail: r.Detail, CreatedAt: r.CreatedAt}
			if r.UserID != nil {
				s := r.UserID.String()
				out[i].UserID = &s
			}
		}
		return c.JSON(http.StatusOK, map[string]any{"events": out})
	})
}
