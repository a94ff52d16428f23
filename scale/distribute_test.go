package scale_test

import (
	"context"
	"os"
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

	tables := ordered(t, schemaTables(t, conn))
	setNull, toGlobal := foreignKeysToRewrite(t, conn)
	want := render(distribution{
		tables: tables, functions: policyFunctions(t, conn), guards: citusGuardsOf(t, conn, tables),
		setNull: setNull, toGlobals: toGlobal,
	})
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.WriteFile("distribute.sql", []byte(want), 0o644); err != nil {
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
		stmt := distributeCall(tb)
		if !strings.Contains(scale.DistributeSQL, stmt) {
			t.Errorf("%s: distribute.sql lacks %s", tb.name, stmt)
		}
	}
}
