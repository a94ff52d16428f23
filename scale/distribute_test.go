package scale_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/scale"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// localTables stay on the coordinator only: goose's bookkeeping is read and
// written by `migrate`, which always talks to the coordinator.
var localTables = []string{"goose_db_version"} //nolint:gochecknoglobals // a constant list

// table is one table of the migrated schema and how Citus must hold it.
type table struct {
	name string
	// column is the distribution column: "id" for tenants, "tenant_id" for
	// every tenant table, "" for a reference table.
	column string
	refs   []string // tables its foreign keys point at
}

// TestDistributionCoversEverySchemaTable regenerates distribute.sql from the
// catalog of a freshly migrated database and fails when the committed file
// differs: a new table (or a new foreign key that changes the order) must be
// distributed before it ships. UPDATE_GOLDEN=1 rewrites the file.
func TestDistributionCoversEverySchemaTable(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	conn, err := pgx.Connect(ctx, dbtest.DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })

	tables := schemaTables(t, conn)
	want := render(ordered(t, tables), policyFunctions(t, conn))
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.WriteFile("distribute.sql", []byte(want), 0o644); err != nil { //nolint:gosec // a source file
			t.Fatal(err)
		}
		return
	}
	if scale.DistributeSQL != want {
		t.Errorf("scale/distribute.sql is not what the schema needs; regenerate it with UPDATE_GOLDEN=1 go test ./scale/ and review the diff.\nwant:\n%s", want)
	}
}

// TestEveryTenantTableIsDistributedByTenant reads the committed file the way
// an operator runs it and checks the property that matters on its own, in
// words a reviewer can follow: tenants by id, each tenant table by tenant_id
// co-located with tenants, every other table a reference table.
func TestEveryTenantTableIsDistributedByTenant(t *testing.T) {
	t.Parallel()
	conn, err := pgx.Connect(t.Context(), dbtest.DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	tables := schemaTables(t, conn)
	if len(tables) < 30 {
		t.Fatalf("found only %d tables", len(tables))
	}
	for _, tb := range tables {
		var stmt string
		switch tb.column {
		case "id":
			stmt = fmt.Sprintf("create_distributed_table('public.%s', 'id')", tb.name)
		case "tenant_id":
			stmt = fmt.Sprintf("create_distributed_table('public.%s', 'tenant_id', colocate_with => 'public.tenants')", tb.name)
		default:
			stmt = fmt.Sprintf("create_reference_table('public.%s')", tb.name)
		}
		if !strings.Contains(scale.DistributeSQL, stmt) {
			t.Errorf("%s: distribute.sql lacks %s", tb.name, stmt)
		}
	}
}

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
			t.Fatalf("%s references %s, which is not a schema table", path[len(path)-1], name)
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

func render(tables []table, functions []string) string {
	var b strings.Builder
	b.WriteString(`-- Citus distribution of the BakeTracker schema. Generated from the migrated
-- schema by UPDATE_GOLDEN=1 go test ./scale/ (which fails while this file is
-- out of date): do not edit by hand.
--
-- Run on the coordinator as a superuser after every ` + "`baketracker migrate up`" + `;
-- each statement skips what is already done. tenants is distributed by id and
-- every table with a tenant_id by tenant_id, co-located with it, so one
-- tenant's rows of every table live on one shard group (single-shard
-- transactions, co-located joins, composite foreign keys); tables without a
-- tenant are reference tables, copied to every node. See docs/scaling.md.

-- The functions the RLS policies call must exist on every node.
`)
	for _, fn := range functions {
		fmt.Fprintf(&b, "SELECT create_distributed_function('public.%s') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_object WHERE classid = 'pg_proc'::regclass AND objid = 'public.%s'::regprocedure);\n", fn, fn)
	}
	b.WriteString("\n-- Tables, every foreign key's target first.\n")
	for _, tb := range tables {
		var stmt string
		switch tb.column {
		case "id":
			stmt = fmt.Sprintf("create_distributed_table('public.%s', 'id')", tb.name)
		case "tenant_id":
			stmt = fmt.Sprintf("create_distributed_table('public.%s', 'tenant_id', colocate_with => 'public.tenants')", tb.name)
		default:
			stmt = fmt.Sprintf("create_reference_table('public.%s')", tb.name)
		}
		fmt.Fprintf(&b, "SELECT %s WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.%s'::regclass);\n", stmt, tb.name)
	}
	return b.String()
}
