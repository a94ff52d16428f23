package identity

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/store"
)

// Session cookies look like "bts_" + base64url(tenant id | session id |
// secret), the same layout as API tokens: verifying one is a primary-key
// read inside its own tenant. Only SHA-256 of the secret is stored.
const sessionPrefix = "bts_"

// Session lifetimes: a session ends after IdleTimeout without a request
// and, whatever its use, AbsoluteTimeout after it was opened.
const (
	IdleTimeout     = 24 * time.Hour
	AbsoluteTimeout = 14 * 24 * time.Hour
)

// Sessions opens, verifies and ends web sessions.
type Sessions struct {
	store *store.Store
	now   func() time.Time
}

// NewSessions returns the session store.
func NewSessions(s *store.Store) *Sessions { return &Sessions{store: s, now: time.Now} }

// NewSession is an opened session: the cookie value and its CSRF token.
type NewSession struct {
	ID        uuid.UUID
	Cookie    string
	CSRF      string
	ExpiresAt time.Time // the absolute expiry (the cookie's Expires)
}

// Open starts a session for the verified caller id. A session inherits the
// caller's read-only flag and, when opened with an API token, ends with it.
func (s *Sessions) Open(ctx context.Context, id Identity) (NewSession, error) {
	if id.TenantID == uuid.Nil || id.UserID == uuid.Nil {
		return NewSession{}, errors.New("open session: no tenant or user")
	}
	var raw [tokenBytes]byte
	if _, err := rand.Read(raw[32:]); err != nil {
		return NewSession{}, fmt.Errorf("open session: %w", err)
	}
	sid := uuid.New()
	copy(raw[:16], id.TenantID[:])
	copy(raw[16:32], sid[:])
	hash := sha256.Sum256(raw[32:])
	var token *uuid.UUID
	if id.TokenID != uuid.Nil {
		token = &id.TokenID
	}
	now := s.now()
	abs := now.Add(AbsoluteTimeout)
	err := s.store.InTenant(ctx, id.TenantID, func(q *queries.Queries) error {
		_, err := q.SessionCreate(ctx, queries.SessionCreateParams{
			TenantID: id.TenantID, ID: sid, SecretHash: hash[:], UserID: id.UserID, TokenID: token,
			ReadOnly: id.ReadOnly, IdleExpiresAt: now.Add(IdleTimeout), AbsoluteExpiresAt: abs,
		})
		return err
	})
	if err != nil {
		return NewSession{}, fmt.Errorf("open session: %w", err)
	}
	return NewSession{ID: sid, Cookie: sessionPrefix + base64.RawURLEncoding.EncodeToString(raw[:]),
		CSRF: csrfFor(raw[32:]), ExpiresAt: abs}, nil
}

// SessionIdentity is a verified session: the caller and the session's CSRF
// token, which state-changing requests must echo.
type SessionIdentity struct {
	Identity  Identity
	SessionID uuid.UUID
	CSRF      string
}

// Verify checks a session cookie; a malformed, unknown, revoked or expired
// one is ErrInvalidToken. A live session's idle expiry slides forward.
func (s *Sessions) Verify(ctx context.Context, cookie string) (SessionIdentity, error) {
	tenant, sid, secret, ok := parseWithPrefix(cookie, sessionPrefix)
	if !ok {
		return SessionIdentity{}, ErrInvalidToken
	}
	var row queries.SessionAuthRow
	err := s.store.ReadTenant(ctx, tenant, func(q *queries.Queries) error {
		var err error
		row, err = q.SessionAuth(ctx, queries.SessionAuthParams{TenantID: tenant, ID: sid})
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return SessionIdentity{}, ErrInvalidToken
	}
	if err != nil {
		return SessionIdentity{}, fmt.Errorf("verify session: %w", err)
	}
	now := s.now()
	hash := sha256.Sum256(secret)
	if subtle.ConstantTimeCompare(hash[:], row.SecretHash) != 1 || row.RevokedAt != nil ||
		!now.Before(row.IdleExpiresAt) || !now.Before(row.AbsoluteExpiresAt) ||
		row.TokenRevokedAt != nil || (row.TokenExpiresAt != nil && !now.Before(*row.TokenExpiresAt)) {
		return SessionIdentity{}, ErrInvalidToken
	}
	// As for API tokens, the idle expiry moves at most once a minute.
	if now.Sub(row.LastSeenAt) > time.Minute {
		if err := s.store.InTenant(ctx, tenant, func(q *queries.Queries) error {
			return q.SessionTouch(ctx, queries.SessionTouchParams{TenantID: tenant, ID: sid, IdleExpiresAt: now.Add(IdleTimeout)})
		}); err != nil {
			return SessionIdentity{}, fmt.Errorf("verify session: %w", err)
		}
	}
	var token uuid.UUID
	if row.TokenID != nil {
		token = *row.TokenID
	}
	return SessionIdentity{
		Identity:  Identity{TenantID: tenant, UserID: row.UserID, Email: row.Email, Role: row.Role, ReadOnly: row.ReadOnly, TokenID: token},
		SessionID: sid,
		CSRF:      csrfFor(secret),
	}, nil
}

// End revokes the session behind cookie; it reports whether a live session
// ended. A cookie that does not parse ends nothing.
func (s *Sessions) End(ctx context.Context, cookie string) (bool, error) {
	tenant, sid, _, ok := parseWithPrefix(cookie, sessionPrefix)
	if !ok {
		return false, nil
	}
	var n int64
	err := s.store.InTenant(ctx, tenant, func(q *queries.Queries) error {
		var err error
		n, err = q.SessionRevoke(ctx, queries.SessionRevokeParams{TenantID: tenant, ID: sid})
		return err
	})
	if err != nil {
		return false, fmt.Errorf("end session: %w", err)
	}
	return n == 1, nil
}

// CSRFMatches compares a presented CSRF token with the session's in
// constant time.
func CSRFMatches(presented, want string) bool {
	return presented != "" && subtle.ConstantTimeCompare([]byte(presented), []byte(want)) == 1
}

// csrfFor derives the session's synchroniser token from its secret, so it
// needs no storage and cannot be computed without the HttpOnly cookie.
func csrfFor(secret []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("baketracker csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// IsSessionCookie reports whether s has the session cookie's prefix.
func IsSessionCookie(s string) bool { return strings.HasPrefix(s, sessionPrefix) }
