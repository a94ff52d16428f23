package web

import (
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// maxTokenDays bounds expires_in_days (ten years).
const maxTokenDays = 3650

// registerTokens mounts API tokens over REST. A member sees and revokes
// their own tokens; owners and admins all of the tenant's
// (tools.PermTokensAll). The secret is shown once, in the POST's answer.
func registerTokens(api *echo.Group, tokens *identity.APITokens, events *identity.SecurityEvents) {
	api.POST("/tokens", func(c *echo.Context) error {
		if err := authorize(c, tools.PermTokens); err != nil {
			return err
		}
		var in struct {
			Name          string `json:"name"`
			ReadOnly      bool   `json:"read_only"`
			ExpiresInDays *int   `json:"expires_in_days"`
		}
		if err := decodeBody(c, &in); err != nil {
			return err
		}
		in.Name = strings.TrimSpace(in.Name)
		if in.Name == "" || utf8.RuneCountInString(in.Name) > 100 {
			return tools.Invalid("name", "give the token a name of 1 to 100 characters, such as \"kitchen tablet\"")
		}
		var expires *time.Time
		if in.ExpiresInDays != nil {
			if *in.ExpiresInDays < 1 || *in.ExpiresInDays > maxTokenDays {
				return tools.Invalid("expires_in_days", "must be a whole number of days from 1 to %d, or left out for a token that does not expire", maxTokenDays)
			}
			t := time.Now().Add(time.Duration(*in.ExpiresInDays) * 24 * time.Hour).UTC().Truncate(time.Second)
			expires = &t
		}
		id := caller(c)
		ctx := c.Request().Context()
		text, tokenID, err := tokens.Create(ctx, id, in.Name, in.ReadOnly, expires)
		if err != nil {
			return err
		}
		events.Record(ctx, identity.SecurityEvent{Kind: identity.EventTokenCreated, TenantID: id.TenantID, UserID: id.UserID,
			Detail: map[string]any{"token_id": tokenID.String(), "read_only": in.ReadOnly}})
		return c.JSON(http.StatusCreated, map[string]any{
			"id": tokenID, "name": in.Name, "token": text, "prefix": identity.TokenPrefix(id.TenantID, tokenID),
			"read_only": in.ReadOnly, "expires_at": expires, "user_id": id.UserID,
		})
	})

	api.GET("/tokens", func(c *echo.Context) error {
		id := caller(c)
		var only *uuid.UUID
		if tools.Authorize(id, tools.PermTokensAll) != nil {
			only = &id.UserID // a member (or a read-only caller): their own
		}
		list, err := tokens.List(c.Request().Context(), id.TenantID, only)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"tokens": list})
	})

	api.DELETE("/tokens/:id", func(c *echo.Context) error {
		if err := authorize(c, tools.PermTokens); err != nil {
			return err
		}
		id := caller(c)
		tokenID, err := uuid.Parse(c.Param("id"))
		if err != nil {
			return tools.Invalid("id", "%q is not a token id (a UUID from GET /api/tokens)", c.Param("id"))
		}
		ctx := c.Request().Context()
		owner, err := tokens.Owner(ctx, id.TenantID, tokenID)
		if errors.Is(err, pgx.ErrNoRows) {
			return tools.NotFound("id", "token")
		}
		if err != nil {
			return err
		}
		if owner != id.UserID {
			if err := authorize(c, tools.PermTokensAll); err != nil {
				return err
			}
		}
		revoked, err := tokens.Revoke(ctx, id.TenantID, tokenID)
		if err != nil {
			return err
		}
		if revoked {
			events.Record(ctx, identity.SecurityEvent{Kind: identity.EventTokenRevoked, TenantID: id.TenantID, UserID: id.UserID,
				Detail: map[string]any{"token_id": tokenID.String(), "token_user_id": owner.String()}})
		}
		return c.NoContent(http.StatusNoContent)
	})
}
