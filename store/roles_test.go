package store_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/store"
)

// TestLogins runs migrations and requests with DATABASE_URL naming the
// database's owner (a managed server: no superuser, CREATEROLE) and a
// dedicated login that is only a member of the request role. Either way,
// requests run as the request role, and the owner login sees nothing without
// a tenant even though it owns the tables.
func TestLogins(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	admin := superConn(t)
	suffix := strings.ReplaceAll(uuid.NewString()[:8], "-", "")
	owner, dedicated, db := "bt_owner_"+suffix, "bt_login_"+suffix, "bt_logins_"+suffix
	for _, stmt := range []string{
		"CREATE ROLE " + owner + " LOGIN CREATEROLE",
		"CREATE ROLE " + dedicated + " LOGIN IN ROLE " + store.RequestRole,
		"CREATE DATABASE " + db + " OWNER " + owner,
	} {
		if _, err := admin.Exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	t.Cleanup(func() {
		ctx := context.Background()
		_, _ = admin.Exec(ctx, "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)")
		_, _ = admin.Exec(ctx, "DROP ROLE IF EXISTS "+dedicated)
		_, _ = admin.Exec(ctx, "DROP ROLE IF EXISTS "+owner)
	})
	ownerURL, loginURL := asUser(t, dbtest.ServerURL(db), owner), asUser(t, dbtest.ServerURL(db), dedicated)

	// The dedicated login cannot migrate: it owns nothing and may create nothing.
	if err := store.MigrateUp(ctx, loginURL, nil); err == nil {
		t.Error("the dedicated login applied migrations; it must not own the schema")
	}
	if err := store.MigrateUp(ctx, ownerURL, nil); err != nil {
		t.Fatalf("migrate as the owner login: %v", err)
	}

	for name, u := range map[string]string{"owner": ownerURL, "dedicated": loginURL} {
		s, err := store.Open(ctx, u, store.Options{MaxConns: 2})
		if err != nil {
			t.Fatalf("%s: open: %v", name, err)
		}
		tenant := uuid.New()
		err = s.InTenantTx(ctx, tenant, func(tx pgx.Tx) error {
			if _, err := queries.New(tx).TenantCreate(ctx, queries.TenantCreateParams{ID: tenant, Name: "Bakery " + name}); err != nil {
				return err
			}
			var user string
			var super, bypass, owns bool
			if err := tx.QueryRow(ctx, `SELECT current_user::text, rolsuper, rolbypassrls,
					EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid)
				FROM pg_roles r WHERE rolname = current_user`).Scan(&user, &super, &bypass, &owns); err != nil {
				return err
			}
			if user != store.RequestRole || super || bypass || owns {
				t.Errorf("%s login: requests run as %s (superuser %v, bypassrls %v, owns tables %v)", name, user, super, bypass, owns)
			}
			return nil
		})
		if err != nil {
			t.Errorf("%s: request: %v", name, err)
		}
		s.Close()
	}

	// FORCE means the owner is filtered too: with no tenant it sees no rows.
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	err = conn.QueryRow(ctx, "SELECT count(*) FROM tenants").Scan(&n)
	if err == nil && n != 0 {
		t.Errorf("the owner login, with no tenant set, sees %d tenants", n)
	}
	if err != nil && sqlState(err) != "42501" {
		t.Errorf("the owner login, with no tenant set: %v, want a refusal", err)
	}
}

// asUser points a test server URL at another login (trust authentication on
// the private socket, so no password).
func asUser(t *testing.T, raw, user string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			u.User = url.UserPassword(user, pw)
			return u.String()
		}
	}
	u.User = url.User(user)
	return fmt.Sprint(u)
}
