package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/store"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// tenantTables lists, from the catalog, every table with a tenant_id column,
// so a new table is covered without editing any test. account_memberships
// has a tenant_id but is guarded by the account context instead (a person's
// memberships are read before a tenant is chosen); TestAccountIsolation
// covers it.
func tenantTables(t *testing.T) []string {
	t.Helper()
	conn := superConn(t)
	rows, err := conn.Query(t.Context(), `
		SELECT c.relname FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'account_memberships'
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 20 {
		t.Fatalf("found only %d tenant tables: %v", len(tables), tables)
	}
	return tables
}

func superConn(t *testing.T) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dbtest.DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// TestRLSCatalog is the catalog lint of docs/tenant-isolation.md: every tenant table is
// enabled and forced, guarded by a restrictive policy on both USING and WITH
// CHECK through a STABLE function, keyed and referenced by tenant_id, and not
// truncatable by the request role.
func TestRLSCatalog(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	conn := superConn(t)
	for _, table := range append(tenantTables(t), "tenants") {
		t.Run(table, func(t *testing.T) {
			var enabled, forced bool
			if err := conn.QueryRow(ctx, `SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = $1::regclass`, table).
				Scan(&enabled, &forced); err != nil {
				t.Fatal(err)
			}
			if !enabled || !forced {
				t.Errorf("row security enabled=%v forced=%v, want both", enabled, forced)
			}

			var guards int
			var qual, check string
			if err := conn.QueryRow(ctx, `
				SELECT count(*), coalesce(max(pg_get_expr(polqual, polrelid)), ''), coalesce(max(pg_get_expr(polwithcheck, polrelid)), '')
				FROM pg_policy WHERE polrelid = $1::regclass AND NOT polpermissive AND polcmd = '*'`, table).
				Scan(&guards, &qual, &check); err != nil {
				t.Fatal(err)
			}
			if guards != 1 {
				t.Fatalf("%d restrictive ALL policies, want 1", guards)
			}
			key := "tenant_id"
			if table == "tenants" {
				key = "id"
			}
			// pg_get_expr prints the InitPlan form as "( SELECT f() AS f)".
			want := "(" + key + " = ( SELECT current_tenant_id() AS current_tenant_id))"
			if qual != want || check != want {
				t.Errorf("policy USING %q, WITH CHECK %q; want both %q", qual, check, want)
			}

			if table != "tenants" {
				// Every primary key and unique index leads with tenant_id.
				rows, err := conn.Query(ctx, `
					SELECT i.indexrelid::regclass::text, a.attname
					FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
					WHERE i.indrelid = $1::regclass AND i.indisunique`, table)
				if err != nil {
					t.Fatal(err)
				}
				type idx struct{ Name, First string }
				idxs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[idx])
				if err != nil {
					t.Fatal(err)
				}
				if len(idxs) == 0 {
					t.Error("no primary key")
				}
				for _, i := range idxs {
					if i.First != "tenant_id" {
						t.Errorf("unique index %s starts with %s, not tenant_id", i.Name, i.First)
					}
				}
				// Every foreign key to a tenant table includes tenant_id.
				var bad []string
				rows, err = conn.Query(ctx, `
					SELECT conname FROM pg_constraint c
					WHERE c.conrelid = $1::regclass AND c.contype = 'f' AND c.confrelid <> 'tenants'::regclass
					  AND EXISTS (SELECT 1 FROM pg_attribute r WHERE r.attrelid = c.confrelid
					              AND r.attname = 'tenant_id' AND NOT r.attisdropped) -- global reference tables have none
					  AND NOT EXISTS (SELECT 1 FROM unnest(c.conkey) k JOIN pg_attribute a
					                  ON a.attrelid = c.conrelid AND a.attnum = k WHERE a.attname = 'tenant_id')`, table)
				if err != nil {
					t.Fatal(err)
				}
				bad, err = pgx.CollectRows(rows, pgx.RowTo[string])
				if err != nil {
					t.Fatal(err)
				}
				if len(bad) > 0 {
					t.Errorf("foreign keys without tenant_id: %v", bad)
				}
			}

			var truncate bool
			if err := conn.QueryRow(ctx, `SELECT has_table_privilege($1, $2::regclass, 'TRUNCATE')`, store.RequestRole, table).
				Scan(&truncate); err != nil {
				t.Fatal(err)
			}
			if truncate {
				t.Error("request role may TRUNCATE, which RLS does not cover")
			}
		})
	}

	// Functions used by policies must be STABLE: IMMUTABLE leaks through
	// cached plans, VOLATILE cannot be an index condition.
	var volatility string
	if err := conn.QueryRow(ctx, `SELECT provolatile::text FROM pg_proc WHERE proname = 'current_tenant_id'`).Scan(&volatility); err != nil {
		t.Fatal(err)
	}
	if volatility != "s" {
		t.Errorf("current_tenant_id volatility %q, want s (stable)", volatility)
	}
}

var errRollback = errors.New("rollback on purpose")

// TestTenantIsolation seeds two tenants through the request role and, for
// every tenant table, checks from tenant A that B's rows cannot be read,
// inserted, updated into, moved into or deleted.
func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := dbtest.Store(t)
	a, b := dbtest.NewTenant(t, s), dbtest.NewTenant(t, s)
	for _, tn := range []dbtest.Tenant{a, b} {
		if err := s.InTenantTx(ctx, tn.ID, func(tx pgx.Tx) error { return seedAll(ctx, tx, tn.ID) }); err != nil {
			t.Fatal(err)
		}
	}

	for _, table := range tenantTables(t) {
		t.Run(table, func(t *testing.T) {
			t.Parallel()
			ident := pgx.Identifier{table}.Sanitize()
			// B sees its own rows: the seed covers this table.
			var own int
			if err := s.InTenantTx(ctx, b.ID, func(tx pgx.Tx) error {
				return tx.QueryRow(ctx, "SELECT count(*) FROM "+ident).Scan(&own)
			}); err != nil {
				t.Fatal(err)
			}
			if own == 0 {
				t.Fatalf("tenant B has no %s rows: add the table to seedAll", table)
			}

			err := s.InTenantTx(ctx, a.ID, func(tx pgx.Tx) error {
				var foreign, visibleOther int
				if err := tx.QueryRow(ctx, "SELECT count(*) FROM "+ident+" WHERE tenant_id = $1", b.ID).Scan(&foreign); err != nil {
					return err
				}
				if err := tx.QueryRow(ctx, "SELECT count(*) FROM "+ident+" WHERE tenant_id <> $1", a.ID).Scan(&visibleOther); err != nil {
					return err
				}
				if foreign != 0 || visibleOther != 0 {
					t.Errorf("tenant A sees %d of B's rows and %d rows of other tenants", foreign, visibleOther)
				}
				for _, stmt := range []string{
					"UPDATE " + ident + " SET tenant_id = tenant_id WHERE tenant_id = $1",
					"DELETE FROM " + ident + " WHERE tenant_id = $1",
				} {
					n, err := execOrRefused(ctx, tx, stmt, b.ID)
					if err != nil {
						return err
					}
					if n != 0 {
						t.Errorf("%s touched %d of B's rows", stmt, n)
					}
				}
				return errRollback
			})
			if !errors.Is(err, errRollback) {
				t.Fatal(err)
			}

			// Inserting a row for B, or moving A's row to B, is refused by
			// the policy's WITH CHECK (or, on an append-only table, by the
			// missing privilege): both are SQLSTATE 42501.
			for name, stmt := range map[string]string{
				"insert for B": "INSERT INTO " + ident + " SELECT (jsonb_populate_record(NULL::" + ident +
					", to_jsonb(x) || jsonb_build_object('tenant_id', $1::uuid, 'id', gen_random_uuid()))).* FROM " + ident + " x LIMIT 1",
				"move to B": "UPDATE " + ident + " SET tenant_id = $1",
			} {
				err := s.InTenantTx(ctx, a.ID, func(tx pgx.Tx) error {
					_, err := tx.Exec(ctx, stmt, b.ID)
					return err
				})
				if code := sqlState(err); code != "42501" {
					t.Errorf("%s: got %v (SQLSTATE %q), want a refusal with SQLSTATE 42501", name, err, code)
				}
			}
		})
	}
}

// execOrRefused runs stmt in a savepoint and reports rows affected; a
// permission refusal (an append-only table) counts as zero rows.
func execOrRefused(ctx context.Context, tx pgx.Tx, stmt string, args ...any) (int64, error) {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return 0, err
	}
	tag, err := sp.Exec(ctx, stmt, args...)
	if err != nil {
		_ = sp.Rollback(ctx)
		if sqlState(err) == "42501" {
			return 0, nil
		}
		return 0, fmt.Errorf("%s: %w", stmt, err)
	}
	return tag.RowsAffected(), sp.Commit(ctx)
}

func sqlState(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}

// TestNoTenantFailsClosed runs as the request role with the tenant never set
// and with it emptied (the state a pooled connection is in after a tenant
// transaction ended): no table yields a row and no insert succeeds.
func TestNoTenantFailsClosed(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := dbtest.Store(t)
	a := dbtest.NewTenant(t, s)
	if err := s.InTenantTx(ctx, a.ID, func(tx pgx.Tx) error { return seedAll(ctx, tx, a.ID) }); err != nil {
		t.Fatal(err)
	}
	conn := superConn(t)
	for _, table := range append(tenantTables(t), "tenants") {
		ident := pgx.Identifier{table}.Sanitize()
		// A complete, valid row of tenant A with a fresh id, read as the
		// superuser: only RLS can refuse to insert it.
		key := "tenant_id"
		if table == "tenants" {
			key = "id"
		}
		var row []byte
		if err := conn.QueryRow(ctx, "SELECT to_jsonb(x) || jsonb_build_object('id', gen_random_uuid()) FROM "+ident+" x WHERE "+key+" = $1 LIMIT 1", a.ID).
			Scan(&row); err != nil {
			t.Fatalf("%s: read a row of tenant A: %v", table, err)
		}
		for _, setup := range []string{"", "SET LOCAL app.tenant_id = ''"} {
			for _, stmt := range []string{
				"SELECT count(*) FROM " + ident,
				"INSERT INTO " + ident + " SELECT * FROM jsonb_populate_record(NULL::" + ident + ", $1::jsonb)",
			} {
				tx, err := conn.Begin(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := tx.Exec(ctx, "SET LOCAL ROLE "+store.RequestRole); err != nil {
					t.Fatal(err)
				}
				if setup != "" {
					if _, err := tx.Exec(ctx, setup); err != nil {
						t.Fatal(err)
					}
				}
				var n int
				if strings.HasPrefix(stmt, "INSERT") {
					_, err = tx.Exec(ctx, stmt, row)
				} else {
					err = tx.QueryRow(ctx, stmt).Scan(&n)
				}
				_ = tx.Rollback(ctx)
				if err == nil && (strings.HasPrefix(stmt, "INSERT") || n != 0) {
					t.Errorf("%s: %s with setup %q succeeded (count %d), want refusal", table, stmt, setup, n)
				}
				if err != nil && sqlState(err) != "42501" {
					t.Errorf("%s: %s with setup %q: %v, want SQLSTATE 42501", table, stmt, setup, err)
				}
			}
		}
	}
}

// TestCompositeForeignKey: a foreign key check ignores RLS, so only the
// composite (tenant_id, id) key stops A from pointing at B's ingredient.
func TestCompositeForeignKey(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := dbtest.Store(t)
	a, b := dbtest.NewTenant(t, s), dbtest.NewTenant(t, s)
	var bIngredient uuid.UUID
	if err := s.InTenantTx(ctx, b.ID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO ingredients (tenant_id, slug, display_name, name_key)
			VALUES ($1, 'flour', 'Flour', 'flour') RETURNING id`, b.ID).Scan(&bIngredient)
	}); err != nil {
		t.Fatal(err)
	}
	err := s.InTenantTx(ctx, a.ID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO products (tenant_id, ingredient_id, slug, name_key, package_unit, package_unit_quantity)
			VALUES ($1, $2, 'stolen', 'stolen', 'lb', 5)`, a.ID, bIngredient)
		return err
	})
	if code := sqlState(err); code != "23503" {
		t.Fatalf("product pointing at another tenant's ingredient: %v (SQLSTATE %q), want foreign key violation 23503", err, code)
	}
}

// TestRequestRole checks, from inside a request transaction, that requests
// run as a role RLS fully applies to, although the pool's login is a
// superuser.
func TestRequestRole(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := dbtest.Store(t)
	a := dbtest.NewTenant(t, s)
	err := s.InTenantTx(ctx, a.ID, func(tx pgx.Tx) error {
		var user string
		var super, bypass, ownerMember, loginSuper bool
		var owned int
		if err := tx.QueryRow(ctx, `
			SELECT current_user::text, r.rolsuper, r.rolbypassrls,
			       pg_has_role(current_user, $1, 'MEMBER'),
			       (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid),
			       (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
			FROM pg_roles r WHERE r.rolname = current_user`, store.OwnerRole).
			Scan(&user, &super, &bypass, &ownerMember, &owned, &loginSuper); err != nil {
			return err
		}
		if user != store.RequestRole || super || bypass || ownerMember || owned != 0 {
			t.Errorf("request runs as %s (superuser %v, bypassrls %v, owner member %v, owns %d relations)",
				user, super, bypass, ownerMember, owned)
		}
		if !loginSuper {
			t.Errorf("the test login is expected to be a superuser, to prove the role drop")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPoolHygiene: with one pooled connection, a tenant transaction that
// commits, one that rolls back and a pipelined read leave nothing behind.
func TestPoolHygiene(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, err := store.Open(ctx, dbtest.DatabaseURL(t), store.Options{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	a := dbtest.NewTenant(t, dbtest.Store(t))

	check := func(after string) {
		t.Helper()
		var setting *string
		var user string
		if err := store.Pool(s).QueryRow(ctx, "SELECT current_setting('app.tenant_id', true), current_user::text").
			Scan(&setting, &user); err != nil {
			t.Fatal(err)
		}
		if setting != nil && *setting != "" {
			t.Errorf("after %s the connection still has tenant %q", after, *setting)
		}
		if user == store.RequestRole {
			t.Errorf("after %s the connection is still %s", after, user)
		}
	}
	check("nothing")
	if err := s.InTenantTx(ctx, a.ID, func(tx pgx.Tx) error { _, err := tx.Exec(ctx, "SELECT 1"); return err }); err != nil {
		t.Fatal(err)
	}
	check("a commit")
	if err := s.InTenantTx(ctx, a.ID, func(pgx.Tx) error { return errRollback }); !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
	check("a rollback")
	if err := s.InTenantTx(ctx, a.ID, func(tx pgx.Tx) error { _, err := tx.Exec(ctx, "SELECT 1/0"); return err }); err == nil {
		t.Fatal("division by zero succeeded")
	}
	check("a failed statement")
	if err := s.ReadTenant(ctx, a.ID, func(q *queries.Queries) error {
		_, err := q.TenantGet(ctx, queries.TenantGetParams{ID: a.ID})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	check("a pipelined read")
	if err := s.ReadTenant(ctx, a.ID, func(q *queries.Queries) error {
		_, err := q.IngredientGet(ctx, queries.IngredientGetParams{TenantID: a.ID, ID: uuid.New()})
		return err
	}); !errors.Is(err, pgx.ErrNoRows) {
		t.Fatalf("pipelined read of a missing row: %v, want pgx.ErrNoRows", err)
	}
	check("a pipelined read that found nothing")
}
