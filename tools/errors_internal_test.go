package tools

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
)

// Every constraint and unique index of the migrated schema maps to nothing
// or to one column of its table: a violation's error never carries a
// constraint name, a list of columns or a table.
func TestConstraintFieldsAreColumns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbtest.DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `
		WITH named AS (
			SELECT c.conname AS name, c.conrelid AS rel FROM pg_constraint c
			WHERE c.contype IN ('c', 'u', 'f', 'x')
			UNION
			SELECT i.relname, x.indrelid FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
			WHERE x.indisunique AND NOT x.indisprimary)
		SELECT named.name, t.relname,
			array(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped)
		FROM named JOIN pg_class t ON t.oid = named.rel JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var tables []string
	type constraint struct {
		name, table string
		columns     []string
	}
	var all []constraint
	for rows.Next() {
		var c constraint
		if err := rows.Scan(&c.name, &c.table, &c.columns); err != nil {
			t.Fatal(err)
		}
		all = append(all, c)
		seen[c.name] = true
		tables = append(tables, c.table)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(all) < 100 {
		t.Fatalf("found %d constraints; the catalog query is wrong", len(all))
	}
	for _, c := range all {
		f := constraintField(c.table, c.name, "")
		if f != "" && (!slices.Contains(c.columns, f) || slices.Contains(tables, f)) {
			t.Errorf("%s on %s names field %q, not one of its columns", c.name, c.table, f)
		}
	}
	for name := range constraintFields {
		if !seen[name] {
			t.Errorf("constraintFields lists %s, which the schema does not have", name)
		}
	}
}
