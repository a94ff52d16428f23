package store_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// repoRoot is the module root, two levels up from this package's directory
// (the go test working directory).
const repoRoot = ".."

// TestQueriesFilterByTenant is docs/tenant-isolation.md rule 13 as a lint: every sqlc
// query names the tenant itself (@tenant_id, or the tenant's own id in
// tenants.sql), so RLS stays the second wall and never the only one. A query
// on global data (the unit list) must say so with a "-- global:" comment.
func TestQueriesFilterByTenant(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(repoRoot, "queries", "*.sql"))
	if err != nil || len(files) < 10 {
		t.Fatalf("found %d query files (%v)", len(files), err)
	}
	name := regexp.MustCompile(`(?m)^-- name: (\w+)`)
	checked := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		idx := name.FindAllStringSubmatchIndex(text, -1)
		for i, m := range idx {
			end := len(text)
			if i+1 < len(idx) {
				end = idx[i+1][0]
			}
			query, body := text[m[2]:m[3]], text[m[1]:end]
			checked++
			switch {
			case strings.Contains(body, "@tenant_id"), strings.Contains(body, "sqlc.arg(tenant_id)"):
			case filepath.Base(f) == "tenants.sql" && strings.Contains(body, "@id"):
			case strings.Contains(body, "-- global:"):
			default:
				t.Errorf("%s: query %s does not filter by @tenant_id", filepath.Base(f), query)
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked only %d queries", checked)
	}
}

// TestTenantStaysInStore is the rest of docs/tenant-isolation.md's test plan (e): no Go
// code sets the tenant for a session (SET without LOCAL, set_config without
// is_local), and only package store (and the test helpers and the embedded
// database's bootstrap) imports the pool or opens connections, so nothing
// reaches tenant data around InTenant and ReadTenant.
func TestTenantStaysInStore(t *testing.T) {
	t.Parallel()
	sessionSet := regexp.MustCompile(`(?i)"\s*SET\s+(SESSION\s+)?app\.|set_config\(\s*'app\.[a-z_]+'\s*,[^,]+,\s*false`)
	allowedPool := map[string]bool{"store": true, "dbtest": true, "cmd/baketracker": true}
	files := 0
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != repoRoot {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		files++
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repoRoot, path)
		if sessionSet.Match(src) {
			t.Errorf("%s sets app.* for the session; set the tenant with SET LOCAL inside a transaction (store.InTenant)", rel)
		}
		if strings.HasSuffix(path, "_test.go") {
			return nil
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(rel))
		for _, imp := range parsed.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if (p == "github.com/jackc/pgx/v5/pgxpool" || p == "github.com/jackc/pgx/v5/stdlib") && !allowedPool[pkg] {
				t.Errorf("%s imports %s: only package store may hold the pool", rel, p)
			}
		}
		if strings.Contains(string(src), "pgx.Connect(") && !allowedPool[pkg] {
			t.Errorf("%s opens its own database connection: go through store", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Errorf("walked only %d Go files", files)
	}
}
