package tools

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/baketracker/baketracker/dbtest"
)

// Every constraint and unique index of the migrated schema maps to nothing
// or to one column of its table: a violation's error never carries a
// constraint name, a list of columns or a table.
func TestConstraintFieldsAreColumns(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
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

// Each SQLSTATE a client can cause maps to its 4xx without the database's
// words, and is reported withheld so the door logs the detail; the rest is
// internal.
func TestAsErrorMapsSQLSTATEsWithoutDatabaseText(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]int{
		"23505": 409, "23503": 422, "23514": 400, "23502": 400, "22001": 400,
		"22003": 400, "22007": 400, "22P02": 400, "54000": 400, "40001": 500, "42P01": 500,
	} {
		pg := &pgconn.PgError{Code: code, Message: "secret relation detail", TableName: "products",
			ConstraintName: "products_tenant_id_ingredient_id_fkey"}
		e, withheld := AsError(fmt.Errorf("create product: %w", pg))
		if e.StatusCode() != want || !withheld {
			t.Errorf("%s: %d withheld=%v, want %d withheld", code, e.StatusCode(), withheld, want)
		}
		if body := string(e.Body()); strings.Contains(body, "secret") || strings.Contains(body, "products") || strings.Contains(body, "fkey") {
			t.Errorf("%s: body %s carries database text", code, body)
		}
		if want < 500 && e.Field != "ingredient_id" {
			t.Errorf("%s: field %q, want ingredient_id", code, e.Field)
		}
	}
	if e, withheld := AsError(Invalid("name", "is required")); withheld || e.Field != "name" {
		t.Errorf("a domain error: %+v withheld=%v", e, withheld)
	}
	cause := &pgconn.PgError{Code: "23514", Message: "secret"}
	e, withheld := AsError(fmt.Errorf("import: %w", WithCause(Unprocessable("file", "refused"), cause)))
	if e.Field != "file" || !withheld || !IsDatabaseRefusal(cause) {
		t.Errorf("WithCause: %+v withheld=%v", e, withheld)
	}
}
