package importer_test

import (
	"encoding/json"
	"testing"

	"github.com/baketracker/baketracker/importer"
)

// TestReportNamesFileVersionAndImport: the report document (CLI --json and
// POST /api/imports) says which file, which format version and which
// import_runs row it describes; a dry run has no import id.
func TestReportNamesFileVersionAndImport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc := toJSON(t, fullBackup(""))
	decode := func(rep *importer.Report) map[string]any {
		t.Helper()
		b, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}

	dry, err := e.im.Import(t.Context(), e.tenant, doc, importer.Options{Filename: "backup.json", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	m := decode(dry)
	if m["version"] != "4.2" || m["file_name"] != "backup.json" || m["format"] != "desktop_backup" {
		t.Errorf("dry run report: version %v, file_name %v, format %v", m["version"], m["file_name"], m["format"])
	}
	if id, ok := m["import_id"]; !ok || id != nil {
		t.Errorf("dry run import_id = %v (present %v), want null", id, ok)
	}

	rep := e.importJSON(doc, importer.Options{Filename: "backup.json"})
	m = decode(rep)
	var stored string
	e.scalar(`SELECT id::text FROM import_runs WHERE filename = 'backup.json' AND version = '4.2'`, nil, &stored)
	if m["import_id"] != stored {
		t.Errorf("report import_id = %v, the import_runs row is %s", m["import_id"], stored)
	}
	if m["version"] != "4.2" || m["file_name"] != "backup.json" {
		t.Errorf("report: version %v, file_name %v", m["version"], m["file_name"])
	}
}
