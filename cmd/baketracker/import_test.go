package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/dbtest"
)

const cliBackup = `{"version": "4.1", "application": "bake-tracker", "exported_at": "2026-01-06T12:00:00Z",
	"products": [{"ingredient_slug": "flour_all_purpose", "brand": "King Arthur", "package_unit": "lb", "package_unit_quantity": 25.0, "upc_code": "071012107018"},
	             {"ingredient_slug": "baking_powder", "brand": "Clabber Girl", "package_unit": "oz", "package_unit_quantity": 8.1, "upc_code": "021500017004"}],
	"events": [{"slug": "holiday-sale-2025", "name": "Holiday Bake Sale 2025", "event_date": "2025-12-15", "output_mode": "packaged"}],
	"packages": [],
	"transformed_at": "2026-01-02"}`

// cli runs baketracker commands in-process against dbtest's database.
func cli(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	env := map[string]string{"DATABASE_URL": dbtest.DatabaseURL(t), "LOG_FORMAT": "text", "LOG_LEVEL": "warn"}
	var out, errb bytes.Buffer
	err = run(t.Context(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportJSONReport(t *testing.T) {
	t.Parallel()
	tenant := dbtest.NewTenant(t, dbtest.Store(t)).ID.String()
	file := writeFile(t, "backup.json", cliBackup)

	for _, dry := range []bool{true, false} {
		args := []string{"import", "desktop", file, "--tenant", tenant, "--json"}
		if dry {
			args = append(args, "--dry-run")
		}
		out, stderr, err := cli(t, args...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &raw); err != nil {
			t.Fatalf("stdout is not one JSON object: %v\n%s", err, out)
		}
		var keys []string
		for k := range raw {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if strings.Join(keys, ",") != "dry_run,file_name,format,import_id,sections,version,warnings" {
			t.Errorf("report keys %v, want exactly format, version, file_name, import_id, dry_run, sections, warnings", keys)
		}
		var rep struct {
			Format   string `json:"format"`
			DryRun   bool   `json:"dry_run"`
			Sections map[string]struct {
				Read, Created, Matched, Archived, Rejected int
			} `json:"sections"`
			Warnings []struct {
				Section string `json:"section"`
				Index   *int   `json:"index"`
				Message string `json:"message"`
			} `json:"warnings"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Format != "desktop_backup" || rep.DryRun != dry {
			t.Errorf("format %q dry_run %v", rep.Format, rep.DryRun)
		}
		if len(rep.Sections) != 3 {
			t.Errorf("sections %v, want products, events and packages (every list in the file)", rep.Sections)
		}
		for name, s := range rep.Sections {
			if s.Read != s.Created+s.Matched+s.Archived+s.Rejected {
				t.Errorf("%s: %+v does not add up", name, s)
			}
		}
		if p := rep.Sections["products"]; p.Read != 2 || p.Created != 2 {
			t.Errorf("products %+v", p)
		}
		if len(rep.Warnings) == 0 || rep.Warnings[0].Index == nil || rep.Warnings[0].Section == "" {
			t.Errorf("warnings %+v", rep.Warnings)
		}
		if !strings.Contains(stderr, "products: 2/2") {
			t.Errorf("no progress on stderr: %q", stderr)
		}
	}
	// The human report is a table; a second import matches everything.
	out, _, err := cli(t, "import", "desktop", "--tenant", tenant, file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"section", "read", "created", "matched", "products", "total", "desktop_backup", "version 4.1", "imported, import "} {
		if !strings.Contains(out, want) {
			t.Errorf("human report lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "No warnings.") {
		t.Errorf("re-import should need no repairs:\n%s", out)
	}

	// Export, to a file and to stdout, reads back.
	target := filepath.Join(t.TempDir(), "export.json")
	if _, stderr, err := cli(t, "export", "--tenant", tenant, "-o", target); err != nil {
		t.Fatalf("export: %v\n%s", err, stderr)
	}
	b, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil || string(doc["version"]) != `"4.2"` || string(doc["application"]) != `"bake-tracker"` {
		t.Fatalf("export file: %v %s %s", err, doc["version"], doc["application"])
	}
	stdoutExport, _, err := cli(t, "export", "--tenant", tenant)
	if err != nil || !strings.Contains(stdoutExport, `"holiday-sale-2025"`) {
		t.Errorf("export to stdout: %v", err)
	}
	other := dbtest.NewTenant(t, dbtest.Store(t)).ID.String()
	out, _, err = cli(t, "import", "desktop", target, "--tenant", other, "--json")
	if err != nil || !strings.Contains(out, `"created": 2`) {
		t.Errorf("importing the export into another tenant: %v\n%s", err, out)
	}
}

func TestImportCLIErrors(t *testing.T) {
	t.Parallel()
	tenant := dbtest.NewTenant(t, dbtest.Store(t)).ID.String()
	backup := writeFile(t, "backup.json", cliBackup)
	phone := writeFile(t, "phone.json", `{"schema_version": "4.0", "import_type": "purchases", "purchases": [{"upc": "999999999999", "quantity_purchased": 1}]}`)
	junk := writeFile(t, "junk.json", `{"hello": "world"}`)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "desktop or mobile"},
		{[]string{"import", "csv", backup, "--tenant", tenant}, "unknown kind"},
		{[]string{"import", "desktop", backup}, "--tenant"},
		{[]string{"import", "desktop", "--tenant", tenant}, "one FILE"},
		{[]string{"import", "desktop", filepath.Join(t.TempDir(), "missing.json"), "--tenant", tenant}, "no such file"},
		{[]string{"import", "mobile", backup, "--tenant", tenant}, "import desktop"},
		{[]string{"import", "desktop", phone, "--tenant", tenant}, "import mobile"},
		{[]string{"import", "desktop", junk, "--tenant", tenant}, "expected a BakeTracker desktop backup"},
		{[]string{"import", "desktop", backup, "--tenant", "7f1c9a4e-2b1d-4c3e-9f00-5a6b7c8d9e0f"}, "no such tenant"},
		{[]string{"export"}, "--tenant"},
	} {
		_, _, err := cli(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error mentioning %q", c.args, err, c.want)
		}
	}
	out, _, err := cli(t, "import", "mobile", phone, "--tenant", tenant, "--json")
	if err != nil || !strings.Contains(out, `"mobile_purchases"`) || !strings.Contains(out, `"archived": 1`) {
		t.Errorf("mobile import: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"import", "--help"}, {"import", "desktop", "--help"}, {"export", "--help"}} {
		out, _, err := cli(t, args...)
		if err != nil && !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage") {
			t.Errorf("%v: %v %q", args, err, out)
		}
	}
}
