package identity

import (
	"context"
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

// API tokens look like "btk_" + base64url(tenant id | token id | secret),
// 86 characters after the prefix. Carrying the tenant and token ids makes
// verification one primary-key read inside the token's own tenant: there is
// no cross-tenant lookup and no need for a BYPASSRLS role. Only SHA-256 of
// the 32-byte secret is stored.
const (
	tokenPrefix = "btk_"
	tokenBytes  = 16 + 16 + 32
)

// APITokens issues, verifies and revokes API tokens.
type APITokens struct {
	store *store.Store
	now   func() time.Time
	// cache holds recent verifications (nil when disabled).
	cache *tokenCache
}

// tokenCacheSize bounds the verification cache: far more tokens than one
// replica serves at once, a few megabytes at most.
const tokenCacheSize = 10000

// NewAPITokens returns the API token verifier. cacheTTL is how long a
// successful verification is reused (0 disables the cache).
func NewAPITokens(s *store.Store, cacheTTL time.Duration) *APITokens {
	a := &APITokens{store: s, now: time.Now}
	if cacheTTL > 0 {
		a.cache = newTokenCache(tokenCacheSize, cacheTTL)
	}
	return a
}

// Issue creates a token for user in tenant that never expires and returns
// its text (shown once) and id.
func (a *APITokens) Issue(ctx context.Context, q *queries.Queries, tenant, user uuid.UUID, name string, readOnly bool) (string, uuid.UUID, error) {
	return a.IssueUntil(ctx, q, tenant, user, name, readOnly, nil)
}

// IssueUntil is Issue for a token that stops working at expiresAt (nil:
// never).
func (a *APITokens) IssueUntil(ctx context.Context, q *queries.Queries, tenant, user uuid.UUID, name string, readOnly bool, expiresAt *time.Time) (string, uuid.UUID, error) {
	var raw [tokenBytes]byte
	if _, err := rand.Read(raw[32:]); err != nil {
		return "", uuid.Nil, fmt.Errorf("issue token: %w", err)
	}
	id := uuid.New()
	copy(raw[:16], tenant[:])
	copy(raw[16:32], id[:])
	hash := sha256.Sum256(raw[32:])
	if _, err := q.APITokenCreate(ctx, queries.APITokenCreateParams{
		TenantID: tenant, ID: id, UserID: user, Name: name, SecretHash: hash[:], ReadOnly: readOnly, ExpiresAt: expiresAt,
	}); err != nil {
		return "", uuid.Nil, fmt.Errorf("issue token: %w", err)
	}
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:]), id, nil
}

// TokenPrefix is the start of a token's text that GET /api/tokens shows so
// a person can tell their tokens apart: "btk_" and the encoded tenant and
// token ids, which are not secret, never a byte of the secret.
func TokenPrefix(tenant, id uuid.UUID) string {
	var raw [32]byte
	copy(raw[:16], tenant[:])
	copy(raw[16:], id[:])
	// 42 characters carry the first 252 bits, all of them ids; the 43rd
	// would carry bits of the secret that follows.
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])[:42]
}

// Verify checks token against the database (or a recent verification).
func (a *APITokens) Verify(ctx context.Context, token string) (Identity, error) {
	tenant, id, secret, ok := parseToken(token)
	if !ok {
		return Identity{}, ErrInvalidToken
	}
	key := sha256.Sum256([]byte(token))
	now := a.now()
	if a.cache != nil {
		if ident, hit := a.cache.get(key, now); hit {
			return ident, nil
		}
	}

	var row queries.APITokenAuthRow
	err := a.store.ReadTenant(ctx, tenant, func(q *queries.Queries) error {
		var err error
		row, err = q.APITokenAuth(ctx, queries.APITokenAuthParams{TenantID: tenant, ID: id})
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return Identity{}, ErrInvalidToken
	}
	if err != nil {
		return Identity{}, fmt.Errorf("verify token: %w", err)
	}
	hash := sha256.Sum256(secret)
	if subtle.ConstantTimeCompare(hash[:], row.SecretHash) != 1 || row.RevokedAt != nil ||
		(row.ExpiresAt != nil && !now.Before(*row.ExpiresAt)) {
		return Identity{}, ErrInvalidToken
	}
	// last_used_at is kept to the minute: a write per request would cost
	// more than the whole read.
	if row.LastUsedAt == nil || now.Sub(*row.LastUsedAt) > time.Minute {
		if err := a.store.InTenant(ctx, tenant, func(q *queries.Queries) error {
			return q.APITokenTouch(ctx, queries.APITokenTouchParams{TenantID: tenant, ID: id})
		}); err != nil {
			return Identity{}, fmt.Errorf("verify token: %w", err)
		}
	}
	ident := Identity{TenantID: tenant, UserID: row.UserID, Email: row.Email, Role: row.Role, ReadOnly: row.ReadOnly, TokenID: id}
	if a.cache != nil {
		// A cached verification must not outlive the token.
		a.cache.put(key, ident, now, row.ExpiresAt)
	}
	return ident, nil
}

// Revoke revokes a token of the tenant. It reports whether a live token was
// revoked.
func (a *APITokens) Revoke(ctx context.Context, tenant, id uuid.UUID) (bool, error) {
	var n int64
	err := a.store.InTenant(ctx, tenant, func(q *queries.Queries) error {
		var err error
		n, err = q.APITokenRevoke(ctx, queries.APITokenRevokeParams{TenantID: tenant, ID: id})
		return err
	})
	if err != nil {
		return false, fmt.Errorf("revoke token: %w", err)
	}
	if a.cache != nil {
		a.cache.forgetToken(id)
	}
	return n == 1, nil
}

func parseToken(token string) (tenant, id uuid.UUID, secret []byte, ok bool) {
	return parseWithPrefix(token, tokenPrefix)
}

// parseWithPrefix parses prefix + base64url(tenant | id | secret), the
// layout of API tokens, session cookies and invitation codes. Decoding is
// strict: one credential has one spelling (no stray bits in the last
// character).
func parseWithPrefix(token, prefix string) (tenant, id uuid.UUID, secret []byte, ok bool) {
	rest, found := strings.CutPrefix(token, prefix)
	if !found || base64.RawURLEncoding.DecodedLen(len(rest)) != tokenBytes {
		return uuid.Nil, uuid.Nil, nil, false
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	if err != nil || len(raw) != tokenBytes {
		return uuid.Nil, uuid.Nil, nil, false
	}
	copy(tenant[:], raw[:16])
	copy(id[:], raw[16:32])
	if tenant == uuid.Nil {
		return uuid.Nil, uuid.Nil, nil, false
	}
	return tenant, id, raw[32:], true
}

// TokenInfo is what GET /api/tokens shows of a token: never its secret.
type TokenInfo struct {
	ID         uuid.UUID  `json:"id"`
	UserID     uuid.UUID  `json:"user_id"`
	Email      string     `json:"email"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	ReadOnly   bool       `json:"read_only"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// Create issues a token for the caller's own user in the caller's tenant.
func (a *APITokens) Create(ctx context.Context, caller Identity, name string, readOnly bool, expiresAt *time.Time) (token string, id uuid.UUID, err error) {
	err = a.store.InTenant(ctx, caller.TenantID, func(q *queries.Queries) error {
		token, id, err = a.IssueUntil(ctx, q, caller.TenantID, caller.UserID, name, readOnly, expiresAt)
		return err
	})
	return token, id, err
}

// List returns the tenant's tokens, or only user's when user is not nil.
func (a *APITokens) List(ctx context.Context, tenant uuid.UUID, user *uuid.UUID) ([]TokenInfo, error) {
	var rows []queries.APITokenListRow
	err := a.store.ReadTenant(ctx, tenant, func(q *queries.Queries) error {
		var err error
		rows, err = q.APITokenList(ctx, queries.APITokenListParams{TenantID: tenant, UserID: user})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	out := make([]TokenInfo, len(rows))
	for i, r := range rows {
		out[i] = TokenInfo{ID: r.ID, UserID: r.UserID, Email: r.Email, Name: r.Name, Prefix: TokenPrefix(tenant, r.ID),
			ReadOnly: r.ReadOnly, CreatedAt: r.CreatedAt, LastUsedAt: r.LastUsedAt, ExpiresAt: r.ExpiresAt, RevokedAt: r.RevokedAt}
	}
	return out, nil
}

// Owner returns the user a token of tenant belongs to (pgx.ErrNoRows when
// there is no such token).
func (a *APITokens) Owner(ctx context.Context, tenant, id uuid.UUID) (uuid.UUID, error) {
	var user uuid.UUID
	err := a.store.ReadTenant(ctx, tenant, func(q *queries.Queries) error {
		row, err := q.APITokenGet(ctx, queries.APITokenGetParams{TenantID: tenant, ID: id})
		user = row.UserID
		return err
	})
	return user, err
}
