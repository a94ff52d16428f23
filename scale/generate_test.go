package scale_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// This file turns the catalog of a migrated single-node database into the
// statements that distribute it on Citus (distribute.sql).

// schemaTables lists the ordinary and partitioned tables of schema public
// with their distribution column and foreign-key targets.
func schemaTables(t *testing.T, conn *pgx.Conn) []table {
	t.Helper()
	rows, err := conn.Query(t.Context(), `
		SELECT c.relname,
		       CASE WHEN c.relname = 'tenants' THEN 'id'
		            WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
		                         AND a.attname = 'tenant_id' AND NOT a.attisdropped) THEN 'tenant_id'
		            ELSE '' END,
		       coalesce(array_agg(DISTINCT r.relname ORDER BY r.relname)
		                FILTER (WHERE r.relname IS NOT NULL AND r.oid <> c.oid), '{}')
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_constraint f ON f.conrelid = c.oid AND f.contype = 'f'
		LEFT JOIN pg_class r ON r.oid = f.confrelid
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
		GROUP BY c.oid, c.relname
		ORDER BY c.relname`)
	if err != nil {
		t.Fatal(err)
	}
	var out []table
	for rows.Next() {
		var tb table
		if err := rows.Scan(&tb.name, &tb.column, &tb.refs); err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(localTables, tb.name) {
			out = append(out, tb)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// ordered sorts tables so that every foreign key's target comes first (Citus
// distributes a referencing table only after what it references), tenants
// first and otherwise by name, so the output is stable.
func ordered(t *testing.T, tables []table) []table {
	t.Helper()
	byName := map[string]table{}
	for _, tb := range tables {
		byName[tb.name] = tb
	}
	var out []table
	done := map[string]bool{}
	var visit func(name string, path []string)
	visit = func(name string, path []string) {
		if done[name] {
			return
		}
		if slices.Contains(path, name) {
			t.Fatalf("foreign-key cycle: %v", append(path, name))
		}
		tb, ok := byName[name]
		if !ok {
			t.Fatalf("%v references %s, which is not a schema table", path, name)
		}
		for _, r := range tb.refs {
			visit(r, append(path, name))
		}
		done[name] = true
		out = append(out, tb)
	}
	visit("tenants", nil)
	for _, tb := range tables {
		visit(tb.name, nil)
	}
	return out
}

// policyFunctions lists the functions RLS policies call: they must exist on
// every worker, where the shards' copies of the policies run.
func policyFunctions(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	rows, err := conn.Query(t.Context(), `
		SELECT DISTINCT d.refobjid::regprocedure::text
		FROM pg_depend d
		WHERE d.classid = 'pg_policy'::regclass AND d.refclassid = 'pg_proc'::regclass
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	fns, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(fns, "current_tenant_id()") {
		t.Fatalf("policy functions %v lack current_tenant_id()", fns)
	}
	return fns
}

// guard is a table's RLS guard in the form that holds on Citus.
type guard struct {
	table, name, base, using, check string
}

// initPlan is how the catalog prints rule 11's (SELECT fn()) wrapper.
var initPlan = regexp.MustCompile(`\( SELECT (\w+)\(\) AS \w+\)`) //nolint:gochecknoglobals // compiled once

// citusGuards are the reviewed Citus forms of guards whose single-node form
// has a real subquery, which Citus refuses in a policy on a distributed table.
var citusGuards = map[string]string{ //nolint:gochecknoglobals // a constant table
	// account_id IN (SELECT id FROM accounts): the caller's one account.
	"account_memberships": "(account_id = current_account_id())",
}

// citusGuardsOf reads every table's policies, which must be the pattern of
// docs/tenant-isolation.md rules 4 and 7 (one RESTRICTIVE guard and one
// permissive USING (true) base), and returns each guard as the single
// PERMISSIVE policy Citus needs: Citus recreates a policy on the shards
// without AS RESTRICTIVE, so the guard would be OR-ed with the base and
// isolate nothing (docs/scaling.md). One permissive guard and no base is the
// same rule on one node. The (SELECT f()) wrapper becomes a plain call,
// since Citus refuses subqueries in policies on distributed tables.
func citusGuardsOf(t *testing.T, conn *pgx.Conn, tables []table) []guard {
	t.Helper()
	rows, err := conn.Query(t.Context(), `
		SELECT c.relname, p.polname, p.polpermissive,
		       coalesce(pg_get_expr(p.polqual, p.polrelid), ''), coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
		FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND p.polcmd = '*' AND p.polroles = '{0}'
		ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]*guard{}
	for rows.Next() {
		var table, name, using, check string
		var permissive bool
		if err := rows.Scan(&table, &name, &permissive, &using, &check); err != nil {
			t.Fatal(err)
		}
		g := found[table]
		if g == nil {
			g = &guard{table: table}
			found[table] = g
		}
		switch {
		case permissive && using == "true" && check == "true" && g.base == "":
			g.base = name
		case !permissive && g.name == "":
			g.name = name
			g.using = initPlan.ReplaceAllString(using, "$1()")
			g.check = initPlan.ReplaceAllString(check, "$1()")
			if strings.Contains(g.using+g.check, "SELECT") {
				if f, ok := citusGuards[table]; ok {
					g.using, g.check = f, f
				} else {
					t.Errorf("%s: guard %s has a subquery Citus refuses (%s); add its reviewed form to citusGuards", table, name, using)
				}
			}
		default:
			t.Errorf("%s: policy %s is neither the one restrictive guard nor the one USING (true) base; decide its Citus form here", table, name)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var out []guard
	for _, tb := range tables {
		g := found[tb.name]
		if g == nil {
			if tb.column != "" {
				t.Errorf("%s: tenant table without policies", tb.name)
			}
			continue
		}
		if g.name == "" || g.base == "" {
			t.Errorf("%s: want one restrictive guard and one USING (true) base, got guard %q base %q", tb.name, g.name, g.base)
			continue
		}
		out = append(out, *g)
	}
	return out
}

// foreignKey is a constraint distribute.sql recreates.
type foreignKey struct {
	table, name, def string
}

// setNullColumns matches PostgreSQL 15's ON DELETE SET NULL (column list).
var setNullColumns = regexp.MustCompile(` ON DELETE SET NULL \([^)]*\)`) //nolint:gochecknoglobals // compiled once

// foreignKeysToRewrite returns the foreign keys Citus cannot take as they
// are: (a) ON DELETE SET NULL (x_id) on a key that includes tenant_id, which
// Citus refuses because it ignores the column list and fears nulling the
// distribution column; on Citus they become NO ACTION (docs/scaling.md: a
// delete that would null a reference is refused instead); (b) a tenant
// table's key to a global table, which must be dropped while the global
// table becomes a reference table and added back after.
func foreignKeysToRewrite(t *testing.T, conn *pgx.Conn) (setNull, toGlobal []foreignKey) {
	t.Helper()
	rows, err := conn.Query(t.Context(), `
		SELECT c.relname, f.conname, pg_get_constraintdef(f.oid), f.confdeltype = 'n',
		       NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = f.confrelid AND a.attname IN ('tenant_id')) AND r.relname <> 'tenants'
		FROM pg_constraint f
		JOIN pg_class c ON c.oid = f.conrelid JOIN pg_class r ON r.oid = f.confrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND f.contype = 'f'
		  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')
		ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var fk foreignKey
		var isSetNull, global bool
		if err := rows.Scan(&fk.table, &fk.name, &fk.def, &isSetNull, &global); err != nil {
			t.Fatal(err)
		}
		switch {
		case isSetNull:
			fk.def = setNullColumns.ReplaceAllString(fk.def, "")
			if strings.Contains(fk.def, "SET NULL") {
				t.Errorf("%s.%s: ON DELETE SET NULL without a column list would null tenant_id", fk.table, fk.name)
			}
			setNull = append(setNull, fk)
		case global:
			toGlobal = append(toGlobal, fk)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return setNull, toGlobal
}

// distribution is everything render needs.
type distribution struct {
	tables             []table
	functions          []string
	guards             []guard
	setNull, toGlobals []foreignKey
}

func render(d distribution) string {
	var b strings.Builder
	b.WriteString(`-- Citus distribution of the BakeTracker schema. Generated from the migrated
-- schema by UPDATE_GOLDEN=1 go test ./scale/ (which fails while this file is
-- out of date): do not edit by hand. See docs/scaling.md.
--
-- Run on the coordinator as a superuser after every ` + "`baketracker migrate up`" + `,
-- with the roles able to log in to the workers and
-- citus.propagate_set_commands = 'local' (docs/scaling.md); every step can run
-- again. tenants is distributed by id and every table with a tenant_id by
-- tenant_id, co-located with it, so one tenant's rows of every table live in
-- one shard group (single-shard transactions, co-located joins, composite
-- foreign keys); tables without a tenant are reference tables on every node.
\set ON_ERROR_STOP on

-- The functions the RLS policies call must exist on every node (Citus also
-- propagates CREATE FUNCTION; this makes sure for functions made before it).
`)
	for _, fn := range d.functions {
		fmt.Fprintf(&b, "SELECT create_distributed_function('public.%s') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_object WHERE classid = 'pg_proc'::regclass AND objid = 'public.%s'::regprocedure);\n", fn, fn)
	}
	b.WriteString(`-- The caller's account, for the account_memberships guard (a plain call, no subquery).
CREATE OR REPLACE FUNCTION public.current_account_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT id FROM public.accounts WHERE provider = public.current_account_provider() AND subject = public.current_account_subject() $$;

-- Guards: Citus recreates policies on the shards without AS RESTRICTIVE, which
-- would OR the tenant guard with the USING (true) base policy and isolate
-- nothing; and it refuses subqueries in policies. So each guard becomes the
-- table's only policy, permissive, calling the STABLE function directly.
`)
	for _, g := range d.guards {
		fmt.Fprintf(&b, "BEGIN; DROP POLICY IF EXISTS %s ON public.%s; DROP POLICY IF EXISTS %s ON public.%s; CREATE POLICY %s ON public.%s USING %s WITH CHECK %s; COMMIT;\n",
			g.base, g.table, g.name, g.table, g.name, g.table, g.using, g.check)
	}
	b.WriteString(`
-- Citus refuses ON DELETE SET NULL on a key that includes the distribution
-- column (it ignores PostgreSQL 15's column list): these become NO ACTION.
`)
	for _, fk := range d.setNull {
		fmt.Fprintf(&b, "ALTER TABLE public.%s DROP CONSTRAINT IF EXISTS %s, ADD CONSTRAINT %s %s;\n", fk.table, fk.name, fk.name, fk.def)
	}
	b.WriteString("\n-- Keys from tenant tables to global tables wait until those are reference tables.\n")
	for _, fk := range d.toGlobals {
		fmt.Fprintf(&b, "ALTER TABLE public.%s DROP CONSTRAINT IF EXISTS %s;\n", fk.table, fk.name)
	}
	b.WriteString("\n-- Tables, every foreign key's target first.\n")
	for _, tb := range d.tables {
		fmt.Fprintf(&b, "SELECT %s WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.%s'::regclass);\n", distributeCall(tb), tb.name)
	}
	b.WriteString("\n")
	for _, fk := range d.toGlobals {
		fmt.Fprintf(&b, "ALTER TABLE public.%s ADD CONSTRAINT %s %s;\n", fk.table, fk.name, fk.def)
	}
	return b.String()
}

// distributeCall is the Citus call that distributes tb.
func distributeCall(tb table) string {
	switch tb.column {
	case "id":
		return fmt.Sprintf("create_distributed_table('public.%s', 'id')", tb.name)
	case "tenant_id":
		return fmt.Sprintf("create_distributed_table('public.%s', 'tenant_id', colocate_with => 'public.tenants')", tb.name)
	default:
		return fmt.Sprintf("create_reference_table('public.%s')", tb.name)
	}
}
