package importer_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/store"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// env is one fresh tenant and an importer.
type env struct {
	t      *testing.T
	store  *store.Store
	im     *importer.Importer
	tenant uuid.UUID
	owner  uuid.UUID
}

func newEnv(t *testing.T) *env {
	t.Helper()
	s := dbtest.Store(t)
	tn := dbtest.NewTenant(t, s)
	return &env{t: t, store: s, im: importer.New(s, nil), tenant: tn.ID, owner: tn.OwnerID}
}

// importJSON imports doc (a Go value or raw JSON) and fails the test on error.
func (e *env) importJSON(doc any, opts importer.Options) *importer.Report {
	e.t.Helper()
	rep, err := e.im.Import(e.t.Context(), e.tenant, toJSON(e.t, doc), opts)
	if err != nil {
		e.t.Fatalf("import: %v", err)
	}
	checkArithmetic(e.t, rep)
	return rep
}

func toJSON(t *testing.T, doc any) []byte {
	t.Helper()
	switch d := doc.(type) {
	case []byte:
		return d
	case string:
		return []byte(d)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkArithmetic asserts read = created + matched + archived + rejected in
// every section.
func checkArithmetic(t *testing.T, rep *importer.Report) {
	t.Helper()
	for name, s := range rep.Sections {
		if s.Read != s.Created+s.Matched+s.Archived+s.Rejected {
			t.Errorf("section %s: read %d != %d+%d+%d+%d", name, s.Read, s.Created, s.Matched, s.Archived, s.Rejected)
		}
	}
}

// export returns the tenant's export document.
func (e *env) export() []byte {
	e.t.Helper()
	var b bytes.Buffer
	if err := e.im.Export(e.t.Context(), e.tenant, &b); err != nil {
		e.t.Fatalf("export: %v", err)
	}
	return b.Bytes()
}

// scalar runs one SQL query in the tenant and scans its single value.
func (e *env) scalar(sql string, args []any, dest any) {
	e.t.Helper()
	err := e.store.InTenantTx(e.t.Context(), e.tenant, func(tx pgx.Tx) error {
		return tx.QueryRow(e.t.Context(), sql, args...).Scan(dest)
	})
	if err != nil {
		e.t.Fatalf("%s: %v", sql, err)
	}
}

func (e *env) count(sql string, args ...any) int {
	e.t.Helper()
	var n int
	e.scalar(sql, args, &n)
	return n
}

// counts is the number of rows of every tenant table the tenant sees.
func (e *env) counts() map[string]int {
	e.t.Helper()
	out := map[string]int{}
	err := e.store.InTenantTx(e.t.Context(), e.tenant, func(tx pgx.Tx) error {
		rows, err := tx.Query(e.t.Context(), `
			SELECT c.relname FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace
			JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
			WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`)
		if err != nil {
			return err
		}
		tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		for _, tb := range tables {
			var n int
			if err := tx.QueryRow(e.t.Context(), "SELECT count(*) FROM "+pgx.Identifier{tb}.Sanitize()).Scan(&n); err != nil {
				return err
			}
			out[tb] = n
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(out) < 20 {
		e.t.Fatalf("only %d tenant tables seen", len(out))
	}
	return out
}

// sharedTestdata returns a real desktop file from ../shared/testdata; see
// dbtest.SharedTestdata (skips locally, fails under CI when it is missing).
func sharedTestdata(t testing.TB, name string) []byte {
	t.Helper()
	return dbtest.SharedTestdata(t, name)
}

// warned reports whether some warning of section contains all of parts.
func warned(rep *importer.Report, section string, parts ...string) bool {
	for _, w := range rep.Warnings {
		if section != "" && w.Section != section {
			continue
		}
		ok := true
		for _, p := range parts {
			if !strings.Contains(w.Message, p) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
