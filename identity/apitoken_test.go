package identity

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/queries"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func issue(t *testing.T, a *APITokens, tn dbtest.Tenant, readOnly bool) (string, uuid.UUID) {
	t.Helper()
	var token string
	var id uuid.UUID
	err := a.store.InTenant(t.Context(), tn.ID, func(q *queries.Queries) error {
		var err error
		token, id, err = a.Issue(t.Context(), q, tn.ID, tn.OwnerID, "test", readOnly)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return token, id
}

func TestAPITokens(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := dbtest.Store(t)
	a := NewAPITokens(s, 0)
	tn := dbtest.NewTenant(t, s)
	token, id := issue(t, a, tn, true)

	got, err := a.Verify(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if got.TenantID != tn.ID || got.UserID != tn.OwnerID || got.TokenID != id || !got.ReadOnly || got.Role != RoleOwner || got.Email != tn.Email {
		t.Fatalf("verified %+v", got)
	}

	raw, _ := base64.RawURLEncoding.DecodeString(token[len(tokenPrefix):])
	other := dbtest.NewTenant(t, s)
	tampered := func(mut func(b []byte)) string {
		b := append([]byte(nil), raw...)
		mut(b)
		return tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	}
	for name, bad := range map[string]string{
		"empty":          "",
		"no prefix":      token[len(tokenPrefix):],
		"truncated":      token[:len(token)-3],
		"not base64":     tokenPrefix + "!!!!",
		"wrong secret":   tampered(func(b []byte) { b[40] ^= 1 }),
		"other tenant":   tampered(func(b []byte) { copy(b[:16], other.ID[:]) }),
		"unknown id":     tampered(func(b []byte) { b[20] ^= 1 }),
		"a Firebase JWT": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
	} {
		if _, err := a.Verify(ctx, bad); !errors.Is(err, ErrInvalidToken) {
			t.Errorf("%s: got %v, want ErrInvalidToken", name, err)
		}
	}

	var lastUsed *time.Time
	if err := s.InTenant(ctx, tn.ID, func(q *queries.Queries) error {
		row, err := q.APITokenAuth(ctx, queries.APITokenAuthParams{TenantID: tn.ID, ID: id})
		lastUsed = row.LastUsedAt
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if lastUsed == nil {
		t.Error("last_used_at not recorded")
	}

	if ok, err := a.Revoke(ctx, tn.ID, id); err != nil || !ok {
		t.Fatalf("revoke: %v %v", ok, err)
	}
	if _, err := a.Verify(ctx, token); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("revoked token: %v", err)
	}
	if ok, _ := a.Revoke(ctx, tn.ID, id); ok {
		t.Error("revoking twice reported a live token")
	}
}

// TestAPITokenCache: a verification is reused for the cache TTL, so a token
// revoked on another replica keeps working at most that long here.
func TestAPITokenCache(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := dbtest.Store(t)
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	here := NewAPITokens(s, 5*time.Second)
	here.now = func() time.Time { return now }
	elsewhere := NewAPITokens(s, 5*time.Second)
	tn := dbtest.NewTenant(t, s)
	token, id := issue(t, here, tn, false)

	if _, err := here.Verify(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := elsewhere.Revoke(ctx, tn.ID, id); err != nil {
		t.Fatal(err)
	}
	now = now.Add(4 * time.Second)
	if _, err := here.Verify(ctx, token); err != nil {
		t.Errorf("within the TTL the cached verification should stand: %v", err)
	}
	now = now.Add(2 * time.Second)
	if _, err := here.Verify(ctx, token); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("after the TTL the revocation must apply: %v", err)
	}
}

func FuzzParseToken(f *testing.F) {
	f.Add("btk_" + base64.RawURLEncoding.EncodeToString(make([]byte, tokenBytes)))
	f.Add("btk_")
	f.Add("Bearer xyz")
	f.Fuzz(func(t *testing.T, s string) {
		tenant, _, secret, ok := parseToken(s)
		if ok && (tenant == uuid.Nil || len(secret) != 32) {
			t.Fatalf("parseToken(%q) accepted a token with tenant %v and a %d-byte secret", s, tenant, len(secret))
		}
	})
}

// TestAPITokenExpiry: a token stops working at its expiry, also when a
// verification of it is cached, and a token without one keeps working.
func TestAPITokenExpiry(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := dbtest.Store(t)
	now := time.Now()
	a := NewAPITokens(s, time.Hour)
	a.now = func() time.Time { return now }
	tn := dbtest.NewTenant(t, s)
	expires := now.Add(10 * time.Minute)
	var expiring, forever string
	if err := s.InTenant(ctx, tn.ID, func(q *queries.Queries) error {
		var err error
		if expiring, _, err = a.IssueUntil(ctx, q, tn.ID, tn.OwnerID, "expiring", false, &expires); err != nil {
			return err
		}
		forever, _, err = a.Issue(ctx, q, tn.ID, tn.OwnerID, "forever", false)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{expiring, forever} {
		if _, err := a.Verify(ctx, tok); err != nil {
			t.Fatalf("before expiry: %v", err)
		}
	}
	now = now.Add(11 * time.Minute) // past the expiry, inside the cache TTL
	if _, err := a.Verify(ctx, expiring); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("expired token (cached verification): %v, want ErrInvalidToken", err)
	}
	if _, err := NewAPITokens(s, 0).Verify(ctx, expiring); err != nil {
		t.Errorf("a verifier whose clock is before the expiry accepts it (expiry is checked by the clock, not the cache): %v", err)
	}
	fresh := NewAPITokens(s, 0)
	fresh.now = func() time.Time { return now }
	if _, err := fresh.Verify(ctx, expiring); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("expired token: %v, want ErrInvalidToken", err)
	}
	if _, err := fresh.Verify(ctx, forever); err != nil {
		t.Errorf("a token without expiry: %v", err)
	}
}

func TestTokenPrefixCarriesNoSecret(t *testing.T) {
	tenant, id := uuid.New(), uuid.New()
	var raw [tokenBytes]byte
	copy(raw[:16], tenant[:])
	copy(raw[16:32], id[:])
	for i := 32; i < tokenBytes; i++ {
		raw[i] = 0xff
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	p := TokenPrefix(tenant, id)
	if !strings.HasPrefix(token, p) || len(p) != len(tokenPrefix)+42 {
		t.Fatalf("prefix %q is not the start of %q", p, token)
	}
}
