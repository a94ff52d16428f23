package importer_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/store"
)

// listSections returns the list-valued top-level keys of doc with their
// lengths: the sections the report must have.
func listSections(t *testing.T, doc []byte) map[string]int {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(doc, &top); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for k, v := range top {
		var items []json.RawMessage
		if json.Unmarshal(v, &items) == nil && items != nil {
			out[k] = len(items)
		}
	}
	return out
}

// checkAccounted asserts the report has exactly the file's list-valued
// sections, each with read = the number of records.
func checkAccounted(t *testing.T, doc []byte, rep *importer.Report) {
	t.Helper()
	want := listSections(t, doc)
	if len(rep.Sections) != len(want) {
		t.Errorf("report has %d sections, file has %d list-valued sections %v", len(rep.Sections), len(want), want)
	}
	for name, n := range want {
		s, ok := rep.Sections[name]
		if !ok {
			t.Errorf("section %s (%d records) missing from the report", name, n)
			continue
		}
		if s.Read != n {
			t.Errorf("section %s: read %d, the file has %d", name, s.Read, n)
		}
	}
	checkArithmetic(t, rep)
}

func TestFullBackupReport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc := toJSON(t, fullBackup(""))
	rep := e.importJSON(doc, importer.Options{Filename: "all.json"})
	checkAccounted(t, doc, rep)
	if rep.Format != "desktop_backup" || rep.DryRun {
		t.Errorf("format %q dry_run %v", rep.Format, rep.DryRun)
	}
	want := map[string]importer.SectionReport{
		"suppliers":            {Read: 3, Created: 3},
		"ingredients":          {Read: 15, Created: 15},
		"products":             {Read: 8, Created: 8},
		"purchases":            {},
		"inventory_items":      {Read: 9, Created: 9},
		"recipes":              {Read: 2, Created: 2},
		"finished_units":       {},
		"recipients":           {Read: 3, Created: 3},
		"events":               {Read: 1, Created: 1},
		"materials":            {Read: 2, Created: 2},
		"material_products":    {Read: 2, Created: 2},
		"packages":             {Read: 1, Created: 1}, // promoted from the archive (docs/planning.md)
		"production_runs":      {Read: 1, Archived: 1},
		"transformation_notes": {Read: 2, Archived: 2},
		"finished_goods":       {},
	}
	for name, w := range want {
		if got := *rep.Sections[name]; got != w {
			t.Errorf("section %s: %+v, want %+v", name, got, w)
		}
	}
	// The run keeps the original file and its report.
	var n int
	e.scalar(`SELECT count(*) FROM import_runs WHERE tenant_id = $1 AND original = $2 AND version = '4.2' AND filename = 'all.json' AND report->>'format' = 'desktop_backup'`,
		[]any{e.tenant, doc}, &n)
	if n != 1 {
		t.Errorf("import_runs rows holding the file: %d, want 1", n)
	}
	if n := e.count(`SELECT count(*) FROM import_archive WHERE section = 'envelope.transformed_at' AND payload = '"2026-01-02"'`); n != 1 {
		t.Errorf("transformed_at archived %d times, want 1", n)
	}
}

func TestReimportMatchesEverything(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc := toJSON(t, fullBackup(""))
	e.importJSON(doc, importer.Options{})
	before := e.counts()
	rep := e.importJSON(doc, importer.Options{})
	for name, s := range rep.Sections {
		if s.Created != 0 || s.Archived != 0 || s.Rejected != 0 || s.Matched != s.Read {
			t.Errorf("second import, section %s: %+v, want everything matched", name, *s)
		}
	}
	after := e.counts()
	after["import_runs"]-- // the second run's own record
	if !reflect.DeepEqual(before, after) {
		t.Errorf("second import changed row counts:\nbefore %v\nafter  %v", before, after)
	}
	// A second tenant is independent: the same file creates everything.
	other := newEnv(t)
	rep = other.importJSON(doc, importer.Options{})
	if s := rep.Sections["products"]; s.Created != 8 {
		t.Errorf("second tenant: products %+v, want 8 created", *s)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc := toJSON(t, fullBackup(""))
	before := e.counts()
	dry := e.importJSON(doc, importer.Options{DryRun: true})
	if !dry.DryRun {
		t.Error("dry run report says dry_run false")
	}
	if after := e.counts(); !reflect.DeepEqual(before, after) {
		t.Fatalf("dry run wrote rows:\nbefore %v\nafter  %v", before, after)
	}
	real := e.importJSON(doc, importer.Options{})
	if dry.ImportID != nil || real.ImportID == nil {
		t.Errorf("import_id: dry run %v, real run %v; want none, then the run's", dry.ImportID, real.ImportID)
	}
	dry.DryRun, dry.ImportID = false, real.ImportID
	a, _ := json.Marshal(dry)
	b, _ := json.Marshal(real)
	if string(a) != string(b) {
		t.Errorf("dry run report differs from the real run's:\n%s\n%s", a, b)
	}
	// A dry run after the real one predicts the re-import: all matched.
	before = e.counts()
	again := e.importJSON(doc, importer.Options{DryRun: true})
	if s := again.Sections["inventory_items"]; s.Matched != 9 {
		t.Errorf("dry re-run: inventory_items %+v, want 9 matched", *s)
	}
	if after := e.counts(); !reflect.DeepEqual(before, after) {
		t.Errorf("second dry run wrote rows")
	}
}

func TestFailureHalfwayLeavesTenantUnchanged(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	// A database of its own: the test plants a trigger in it.
	url := dbtest.NewDatabase(t)
	s, err := store.Open(ctx, url, store.Options{MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	tn := dbtest.NewTenant(t, s)
	e := &env{t: t, store: s, im: importer.New(s, nil), tenant: tn.ID, owner: tn.OwnerID}
	e.importJSON(toJSON(t, obj{"application": "bake-tracker", "version": "4.2",
		"suppliers": list{obj{"name": "Earlier", "slug": "earlier", "supplier_type": "online"}}}), importer.Options{})
	before := e.counts()

	// Material products load last but one: a failure there comes after
	// suppliers, ingredients, products, lots, recipes and events were
	// written in the same transaction. Everything the importer checks in Go
	// passes; the database itself refuses, as a full disk would.
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `
		CREATE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = '53100'; END $$;
		CREATE TRIGGER refuse_insert BEFORE INSERT ON material_products FOR EACH ROW EXECUTE FUNCTION refuse_insert();`); err != nil {
		t.Fatal(err)
	}
	_, err = e.im.Import(ctx, e.tenant, toJSON(t, fullBackup("_x")), importer.Options{})
	if err == nil {
		t.Fatal("the import succeeded although the database refused its material products")
	}
	if !strings.Contains(err.Error(), "material_products") || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("error %q does not name the section or say nothing was imported", err)
	}
	if after := e.counts(); !reflect.DeepEqual(before, after) {
		t.Errorf("failed import left rows:\nbefore %v\nafter  %v", before, after)
	}
}

// TestQuantityRoundingToZeroRejectsOnlyItsRecord: a quantity with more than
// 4 decimals that rounds to 0 would break the column's > 0 check; it is
// refused for its record, with a warning, and the rest of the file imports.
func TestQuantityRoundingToZeroRejectsOnlyItsRecord(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.importJSON(obj{"application": "bake-tracker", "version": "4.2",
		"ingredients": list{obj{"slug": "thread", "display_name": "Thread", "hierarchy_level": 2, "category": "Misc"}},
		"products": list{
			obj{"ingredient_slug": "thread", "brand": "Tiny", "package_unit": "g", "package_unit_quantity": "0.00001"},
			obj{"ingredient_slug": "thread", "brand": "Spool", "package_unit": "g", "package_unit_quantity": 50},
		}}, importer.Options{})
	if p := rep.Sections["products"]; p.Created != 1 || p.Rejected != 1 {
		t.Fatalf("products %+v, want 1 created and 1 rejected", *p)
	}
	if !warned(rep, "products", "rounds to 0") {
		t.Errorf("no warning says the quantity rounds to 0: %v", rep.Warnings)
	}
}

func TestRoundTripFullBackup(t *testing.T) {
	t.Parallel()
	first, _ := roundTrip(t, toJSON(t, fullBackup("")))
	secs := listSections(t, first)
	for _, s := range []string{"suppliers", "ingredients", "products", "inventory_items", "recipes", "recipients", "events",
		"materials", "material_products", "packages", "production_runs", "transformation_notes"} {
		if secs[s] == 0 {
			t.Errorf("export has no %s", s)
		}
	}
	var top map[string]json.RawMessage
	_ = json.Unmarshal(first, &top)
	if string(top["version"]) != `"4.2"` || string(top["application"]) != `"bake-tracker"` || string(top["transformed_at"]) != `"2026-01-02"` {
		t.Errorf("export envelope: version %s application %s transformed_at %s", top["version"], top["application"], top["transformed_at"])
	}
}

func TestUnknownTenant(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.tenant[0] ^= 0xff
	_, err := e.im.Import(t.Context(), e.tenant, toJSON(t, fullBackup("")), importer.Options{})
	if !errors.Is(err, importer.ErrNoTenant) {
		t.Errorf("import into a missing tenant: %v, want ErrNoTenant", err)
	}
}

// TestSharedSamples reads the desktop's own files: every record accounted
// for, a re-import matches everything, a dry run writes nothing.
func TestSharedSamples(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"desktop-sample_data_min.json", "desktop-sample_data_min_transformed.json",
		"desktop-new_recipes_import.json", "desktop-bt_mobile_purchase_sample.json", "desktop-bt_mobile_inventory_sample.json"} {
		t.Run(f, func(t *testing.T) {
			t.Parallel()
			doc := sharedTestdata(t, f)
			e := newEnv(t)
			before := e.counts()
			dry := e.importJSON(doc, importer.Options{DryRun: true})
			checkAccounted(t, doc, dry)
			if after := e.counts(); !reflect.DeepEqual(before, after) {
				t.Errorf("dry run wrote rows")
			}
			rep := e.importJSON(doc, importer.Options{})
			checkAccounted(t, doc, rep)
			for name, s := range rep.Sections {
				if s.Rejected != 0 {
					t.Errorf("section %s rejected %d records", name, s.Rejected)
				}
			}
			again := e.importJSON(doc, importer.Options{})
			for name, s := range again.Sections {
				if s.Matched != s.Read {
					t.Errorf("re-import, section %s: %+v, want all matched", name, *s)
				}
			}
		})
	}
}

// TestEverySectionReported: whatever the file's lists are called, each one
// is a section of the report with every record counted.
func TestEverySectionReported(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		`{"application": "bake-tracker", "version": ["4", "2"], "notes": [1, 2, 3], "recipes": [], "odd": {"a": [1]}}`,
		`{"schema_version": "4.0", "import_type": "purchases", "purchases": [{"upc": "999999999999"}], "photos": ["a.jpg", "b.jpg"]}`,
		`{"entity_type": "recipients", "records": [{"name": "Mom"}, {"nope": 1}]}`,
		`{"recipes": [{"name": "Pie"}], "categories": ["Pies"]}`,
	} {
		e := newEnv(t)
		rep := e.importJSON(doc, importer.Options{})
		want := listSections(t, []byte(doc))
		if rep.Format == "desktop_entity_file" {
			want = map[string]int{"recipients": 2}
		}
		if len(rep.Sections) != len(want) {
			t.Errorf("%s: sections %v, want %v", doc, rep.Sections, want)
		}
		for name, n := range want {
			if s := rep.Sections[name]; s == nil || s.Read != n {
				t.Errorf("%s: section %s %+v, want %d read", doc, name, s, n)
			}
		}
	}
}
