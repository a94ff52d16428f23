package web

import (
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// registerSession mounts sign-in (POST /api/session, which authenticates
// with the token in its body), and, behind authenticate, GET (the CSRF
// token) and DELETE (sign out).
//
// A session belongs to one tenant. A person in several households switches
// by signing in again with POST /api/session (a Firebase identity sends the
// BakeTracker-Tenant header with it) rather than by a header per request.
func registerSession(e *echo.Echo, api *echo.Group, g *guard) {
	e.POST("/api/session", func(c *echo.Context) error {
		g.begin(c)
		if err := g.limit.check(c, anonymousKey(c.Request())); err != nil {
			return err
		}
		// Only JSON: a cross-site form cannot send it without a CORS
		// preflight, so another site cannot sign a browser into an account
		// of its choosing.
		if ct := c.Request().Header.Get("Content-Type"); !strings.HasPrefix(strings.ToLower(ct), "application/json") {
			return &tools.Error{Code: "unsupported_media_type", Field: "body", Status: http.StatusUnsupportedMediaType,
				Message: "send the sign-in as Content-Type: application/json"}
		}
		var in struct {
			Token   string `json:"token"`
			IDToken string `json:"id_token"`
		}
		if err := decodeBody(c, &in); err != nil {
			return err
		}
		text, field := in.Token, "token"
		switch {
		case in.Token != "" && in.IDToken != "":
			return tools.Invalid("id_token", "send either token (an API token) or id_token (Firebase), not both")
		case in.IDToken != "":
			text, field = in.IDToken, "id_token"
		case in.Token == "":
			return tools.Invalid("token", "send token (an API token) or id_token (a Firebase ID token)")
		}
		v, err := g.openSession(c, text, field)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, v)
	})

	api.GET("/session", func(c *echo.Context) error {
		s, ok := c.Get(ctxSession).(identity.SessionIdentity)
		if !ok {
			return tools.NotFound("", "session (this request is not signed in with the "+SessionCookie+" cookie)")
		}
		return c.JSON(http.StatusOK, sessionView(s.Identity, s.CSRF, time.Time{}))
	})

	api.DELETE("/session", func(c *echo.Context) error {
		s, ok := c.Get(ctxSession).(identity.SessionIdentity)
		if !ok {
			return tools.NotFound("", "session (this request is not signed in with the "+SessionCookie+" cookie)")
		}
		if err := g.endSession(c, s); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
}

func sessionView(id identity.Identity, csrf string, expires time.Time) map[string]any {
	v := map[string]any{
		"csrf_token": csrf, "tenant_id": id.TenantID, "user_id": id.UserID,
		"email": id.Email, "role": id.Role, "read_only": id.ReadOnly,
	}
	if !expires.IsZero() {
		v["expires_at"] = expires.UTC()
	}
	return v
}

// sessionCookie is HttpOnly (scripts cannot read it), SameSite=Lax (other
// sites' forms and fetches do not carry it) and Secure, except on plain
// HTTP to localhost, where a browser would drop a Secure cookie.
func sessionCookie(r *http.Request, value string, expires time.Time) *http.Cookie {
	return &http.Cookie{ //nolint:gosec // G124: Secure is on except for plain HTTP to localhost, where browsers drop Secure cookies
		Name: SessionCookie, Value: value, Path: "/", Expires: expires,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: requestHTTPS(r) || !plainLocalhost(r),
	}
}

func plainLocalhost(r *http.Request) bool {
	if r.TLS != nil {
		return false
	}
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	host = strings.Trim(host, "[]")
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// openSession verifies text (an API token or a Firebase ID token, the
// request's field) under the sign-in limits, opens a session and sets its
// cookie: POST /api/session and the sign-in page both come here.
func (g *guard) openSession(c *echo.Context, text, field string) (map[string]any, error) {
	if identity.IsSessionCookie(text) {
		return nil, tools.Invalid(field, "this is a session cookie, not a token: sign in with an API token or a Firebase ID token")
	}
	if err := requestedTenant(c); err != nil {
		return nil, err
	}
	id, err := g.signIn(c, credential{text: text})
	if err := verifyError(c, err); err != nil {
		return nil, err
	}
	if id.TenantID == uuid.Nil {
		// A signed-in person with no household yet (Firebase, SIGNUP=invite).
		return nil, &tools.Error{Code: "no_household", Status: http.StatusForbidden,
			Message: "you are not a member of any household yet: accept an invitation, then sign in again"}
	}
	ctx := c.Request().Context()
	s, err := g.sessions.Open(ctx, id)
	if err != nil {
		return nil, err
	}
	c.SetCookie(sessionCookie(c.Request(), s.Cookie, s.ExpiresAt))
	g.events.Record(ctx, identity.SecurityEvent{Kind: identity.EventSessionCreated, TenantID: id.TenantID, UserID: id.UserID,
		Detail: map[string]any{"session_id": s.ID.String(), "read_only": id.ReadOnly}})
	return sessionView(id, s.CSRF, s.ExpiresAt), nil
}

// endSession revokes the request's session and clears its cookie.
func (g *guard) endSession(c *echo.Context, s identity.SessionIdentity) error {
	ck, err := c.Request().Cookie(SessionCookie)
	if err != nil {
		return tools.NotFound("", "session")
	}
	if _, err := g.sessions.End(c.Request().Context(), ck.Value); err != nil {
		return err
	}
	g.events.Record(c.Request().Context(), identity.SecurityEvent{Kind: identity.EventSessionEnded,
		TenantID: s.Identity.TenantID, UserID: s.Identity.UserID, Detail: map[string]any{"session_id": s.SessionID.String()}})
	gone := sessionCookie(c.Request(), "", time.Unix(0, 0)) //nolint:gosec // G124: the same attributes as the cookie it clears
	gone.MaxAge = -1
	c.SetCookie(gone)
	return nil
}
