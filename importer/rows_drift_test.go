package importer

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
)

// rowTypes is every record type the importer bulk-inserts, by the table its
// jsonb_to_recordset statement writes.
var rowTypes = map[string]any{
	"suppliers": supplierRow{}, "ingredients": ingredientRow{}, "ingredient_aliases": aliasRow{},
	"products": productRow{}, "product_barcodes": barcodeRow{}, "purchases": purchaseRow{},
	"pantry_items": lotRow{}, "inventory_adjustments": adjustmentRow{}, "recipes": recipeRow{},
	"recipe_ingredients": lineRow{}, "recipe_components": componentRow{}, "finished_units": finishedUnitRow{},
	"events": eventRow{}, "event_recipes": eventRecipeRow{}, "recipients": recipientRow{},
	"materials": materialRow{}, "material_products": materialProductRow{}, "import_archive": archiveRow{},
	"barcode_reviews": reviewRow{}, "finished_goods": finishedGoodRow{}, "finished_good_components": goodComponentRow{},
	"packages": packageRow{}, "package_contents": packageContentRow{}, "event_recipient_packages": recipientPackageRow{},
	"event_assembly_targets": assemblyTargetRow{}, "event_production_targets": productionTargetRow{},
	"material_purchases": materialPurchaseRow{}, "material_lots": materialLotRow{},
	"production_runs": productionRunRow{}, "assembly_runs": assemblyRunRow{},
}

// recordsetInsert is one bulk insert as written in queries/*.sql.
type recordsetInsert struct {
	file, table string
	insertCols  []string
	columns     [][2]string // recordset column name and type, as restated by hand
}

var (
	insertRe    = regexp.MustCompile(`(?s)INSERT INTO (\w+) \(([^)]*)\)`)
	recordsetRe = regexp.MustCompile(`(?s)jsonb_to_recordset\(@rows::jsonb\) AS r\((.*?)\)\s*(;|ON |WHERE |$)`)
)

// recordsetInserts parses every jsonb_to_recordset insert of queries/*.sql.
func recordsetInserts(t *testing.T) []recordsetInsert {
	t.Helper()
	files, err := filepath.Glob("../queries/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no query files: %v", err)
	}
	var out []recordsetInsert
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, stmt := range strings.Split(string(src), "-- name: ") {
			if !strings.Contains(stmt, "jsonb_to_recordset(@rows") {
				continue
			}
			ins, rs := insertRe.FindStringSubmatch(stmt), recordsetRe.FindStringSubmatch(stmt)
			if ins == nil || rs == nil {
				t.Fatalf("%s: cannot read the bulk insert %.60q", f, stmt)
			}
			r := recordsetInsert{file: filepath.Base(f), table: ins[1]}
			for _, c := range strings.Split(ins[2], ",") {
				r.insertCols = append(r.insertCols, strings.TrimSpace(c))
			}
			for _, c := range strings.Split(rs[1], ",") {
				name, typ, _ := strings.Cut(strings.TrimSpace(c), " ")
				r.columns = append(r.columns, [2]string{name, strings.TrimSpace(typ)})
			}
			out = append(out, r)
		}
	}
	return out
}

// jsonFields lists a record type's JSON field names.
func jsonFields(v any) []string {
	rt := reflect.TypeOf(v)
	var out []string
	for i := range rt.NumField() {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// TestBulkInsertRecordsMatchTheirTables guards the drift the hand-restated
// column types of jsonb_to_recordset allow without a compile error: for every
// bulk insert, the Go record's JSON fields are exactly the recordset's
// columns (a missing one silently inserts NULL), every recordset column has
// its table column's type, and every NOT NULL column without a default is
// inserted.
func TestBulkInsertRecordsMatchTheirTables(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	conn, err := pgx.Connect(ctx, dbtest.DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	canonical := func(typ string) string {
		t.Helper()
		var s string
		if err := conn.QueryRow(ctx, "SELECT $1::regtype::text", typ).Scan(&s); err != nil {
			t.Fatalf("type %q: %v", typ, err)
		}
		return s
	}

	seen := map[string]bool{}
	for _, ins := range recordsetInserts(t) {
		seen[ins.table] = true
		rows, err := conn.Query(ctx, `
			SELECT a.attname::text, a.atttypid::regtype::text, a.attnotnull AND NOT a.atthasdef AND a.attidentity = ''
			FROM pg_attribute a WHERE a.attrelid = ('public.' || $1)::regclass AND a.attnum > 0 AND NOT a.attisdropped`, ins.table)
		if err != nil {
			t.Fatal(err)
		}
		type col struct {
			typ      string
			required bool
		}
		table := map[string]col{}
		for rows.Next() {
			var name string
			var c col
			if err := rows.Scan(&name, &c.typ, &c.required); err != nil {
				t.Fatal(err)
			}
			table[name] = c
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		where := ins.file + " " + ins.table

		var rsNames []string
		for _, c := range ins.columns {
			rsNames = append(rsNames, c[0])
			tc, ok := table[c[0]]
			if !ok {
				continue // a value the statement uses but does not store (previous_slug)
			}
			if got := canonical(c[1]); got != tc.typ {
				t.Errorf("%s: recordset column %s is %s, the table's is %s", where, c[0], got, tc.typ)
			}
		}
		sort.Strings(rsNames)

		inserted := map[string]bool{}
		for _, c := range ins.insertCols {
			inserted[c] = true
		}
		for name, c := range table {
			if c.required && !inserted[name] {
				t.Errorf("%s: NOT NULL column %s (no default) is not inserted", where, name)
			}
		}

		rec, ok := rowTypes[ins.table]
		if !ok {
			t.Errorf("%s: no record type registered for this bulk insert; add it to rowTypes", where)
			continue
		}
		if fields := jsonFields(rec); !reflect.DeepEqual(fields, rsNames) {
			t.Errorf("%s: %T has JSON fields %v, the recordset has %v", where, rec, fields, rsNames)
		}
	}
	for table := range rowTypes {
		if !seen[table] {
			t.Errorf("no jsonb_to_recordset insert found for %s", table)
		}
	}
}
