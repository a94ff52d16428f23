package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/store"
)

// joinTenant gives the account (provider, subject) a users row in tenant and
// a membership, as accepting an invitation does.
func joinTenant(t *testing.T, s *store.Store, provider, subject string, tenant uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	err := s.InAccountTenant(ctx, provider, subject, tenant, func(q *queries.Queries) error {
		acct, err := q.AccountUpsert(ctx, queries.AccountUpsertParams{Provider: provider, Subject: subject, Email: subject + "@example.test"})
		if err != nil {
			return err
		}
		u, err := q.MemberCreateSignedIn(ctx, queries.MemberCreateSignedInParams{
			TenantID: tenant, Email: subject + "@example.test", Role: "member", AuthProvider: &provider, AuthSubject: &subject,
		})
		if err != nil {
			return err
		}
		return q.AccountMembershipCreate(ctx, queries.AccountMembershipCreateParams{AccountID: acct.ID, TenantID: tenant, UserID: u.ID})
	})
	if err != nil {
		t.Fatalf("join %s to %s: %v", subject, tenant, err)
	}
}

// TestAccountIsolation is the "who is this person before the tenant is known"
// wall: inside one account's context the request role sees that account and
// its memberships only, cannot write another account's membership, and
// without an account context the tables refuse.
func TestAccountIsolation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := dbtest.Store(t)
	t1, t2 := dbtest.NewTenant(t, s), dbtest.NewTenant(t, s)
	// A quote in the subject proves it travels as a bind parameter.
	alice, bob := "alice-"+uuid.NewString()[:8]+"'; --", "bob-"+uuid.NewString()[:8]
	joinTenant(t, s, "firebase", alice, t1.ID)
	joinTenant(t, s, "firebase", alice, t2.ID)
	joinTenant(t, s, "firebase", bob, t2.ID)

	var bobID uuid.UUID
	if err := s.InAccount(ctx, "firebase", bob, func(q *queries.Queries) error {
		a, err := q.AccountGet(ctx, queries.AccountGetParams{Provider: "firebase", Subject: bob})
		bobID = a.ID
		return err
	}); err != nil {
		t.Fatal(err)
	}

	err := store.InAccountTx(ctx, s, "firebase", alice, uuid.Nil, func(tx pgx.Tx) error {
		var accounts, memberships int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM accounts`).Scan(&accounts); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM account_memberships`).Scan(&memberships); err != nil {
			return err
		}
		if accounts != 1 || memberships != 2 {
			t.Errorf("alice sees %d accounts and %d memberships, want 1 and 2", accounts, memberships)
		}
		q := queries.New(tx)
		if _, err := q.AccountGet(ctx, queries.AccountGetParams{Provider: "firebase", Subject: bob}); !errors.Is(err, pgx.ErrNoRows) {
			t.Errorf("alice reads bob's account: %v", err)
		}
		if got, err := q.AccountMemberships(ctx, queries.AccountMembershipsParams{AccountID: bobID}); err != nil || len(got) != 0 {
			t.Errorf("alice lists bob's memberships: %v, %v", got, err)
		}
		tag, err := tx.Exec(ctx, `UPDATE accounts SET email = 'x@example.test' WHERE id = $1`, bobID)
		if err != nil || tag.RowsAffected() != 0 {
			t.Errorf("alice updates bob's account: %v rows, %v", tag.RowsAffected(), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Writing a membership for another account fails the WITH CHECK, even
	// with a tenant set where that account could be a member.
	err = store.InAccountTx(ctx, s, "firebase", alice, t1.ID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO account_memberships (account_id, tenant_id, user_id) VALUES ($1, $2, $3)`, bobID, t1.ID, t1.OwnerID)
		return err
	})
	if code := sqlState(err); code != "42501" {
		t.Errorf("alice inserts a membership for bob: %v (SQLSTATE %q), want 42501", err, code)
	}

	// A tenant transaction has no account context: both tables refuse.
	for _, table := range []string{"accounts", "account_memberships"} {
		err := s.InTenantTx(ctx, t2.ID, func(tx pgx.Tx) error {
			var n int
			return tx.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n)
		})
		if code := sqlState(err); code != "42501" {
			t.Errorf("%s without account context: %v (SQLSTATE %q), want 42501 account context not set", table, err, code)
		}
	}
	if err := s.InAccount(ctx, "firebase", "", func(*queries.Queries) error { return nil }); !errors.Is(err, store.ErrNoAccount) {
		t.Errorf("empty subject: %v, want ErrNoAccount", err)
	}
}

// TestAccountTablesCatalog checks the account tables are forced behind RLS
// and the request role cannot delete accounts or truncate either table.
func TestAccountTablesCatalog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := superConn(t)
	for _, table := range []string{"accounts", "account_memberships"} {
		var enabled, forced, truncate, deleteAccounts bool
		if err := conn.QueryRow(ctx, `SELECT relrowsecurity, relforcerowsecurity, has_table_privilege($2, $1::regclass, 'TRUNCATE'),
			has_table_privilege($2, 'accounts', 'DELETE') FROM pg_class WHERE oid = $1::regclass`, table, store.RequestRole).
			Scan(&enabled, &forced, &truncate, &deleteAccounts); err != nil {
			t.Fatal(err)
		}
		if !enabled || !forced || truncate || deleteAccounts {
			t.Errorf("%s: rls enabled=%v forced=%v truncate=%v delete accounts=%v", table, enabled, forced, truncate, deleteAccounts)
		}
	}
}
