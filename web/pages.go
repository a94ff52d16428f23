package web

import (
	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// pageAuth lets the pages (package ui) sign in, check and end sessions
// through the same guard as /api: the same limits, cookie and events.
type pageAuth struct{ g *guard }

func (a pageAuth) Session(c *echo.Context) (identity.SessionIdentity, error) {
	a.g.begin(c)
	if a.g.sessions == nil {
		return identity.SessionIdentity{}, identity.ErrInvalidToken
	}
	ck, err := c.Request().Cookie(SessionCookie)
	if err != nil || ck.Value == "" {
		return identity.SessionIdentity{}, identity.ErrInvalidToken
	}
	if _, err := a.g.signIn(c, credential{text: ck.Value, cookie: true}); err != nil {
		return identity.SessionIdentity{}, err
	}
	s, _ := c.Get(ctxSession).(identity.SessionIdentity)
	c.SetRequest(c.Request().WithContext(identity.WithIdentity(c.Request().Context(), s.Identity)))
	return s, nil
}

func (a pageAuth) SignIn(c *echo.Context, token string) error {
	a.g.begin(c)
	if a.g.sessions == nil {
		return tools.Unavailable("sessions_disabled", "this server has no web sessions")
	}
	_, err := a.g.openSession(c, token, "token")
	return verifyError(c, err)
}

func (a pageAuth) SignOut(c *echo.Context) error {
	s, ok := c.Get(ctxSession).(identity.SessionIdentity)
	if !ok {
		return nil
	}
	return a.g.endSession(c, s)
}
