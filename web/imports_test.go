package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// upload posts a multipart import with file content and form fields.
func (e restEnv) upload(token string, file string, fields map[string]string) restResp {
	e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	if file != "" {
		fw, err := w.CreateFormFile("file", "backup.json")
		if err != nil {
			e.t.Fatal(err)
		}
		_, _ = io.WriteString(fw, file)
	}
	_ = w.Close()
	req, err := http.NewRequest(http.MethodPost, e.url+"/api/imports", &body)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return restResp{Status: res.StatusCode, Header: res.Header, Body: b}
}

const restBackup = `{"version": "4.2", "application": "bake-tracker",
	"products": [{"ingredient_slug": "flour_all_purpose", "brand": "King Arthur", "package_unit": "lb", "package_unit_quantity": 25}],
	"recipients": [{"name": "Mom"}], "packages": []}`

type importReport struct {
	Format   string `json:"format"`
	DryRun   bool   `json:"dry_run"`
	Sections map[string]struct {
		Read     int `json:"read"`
		Created  int `json:"created"`
		Matched  int `json:"matched"`
		Archived int `json:"archived"`
		Rejected int `json:"rejected"`
	} `json:"sections"`
	Warnings []struct {
		Section string `json:"section"`
		Index   int    `json:"index"`
		Message string `json:"message"`
	} `json:"warnings"`
}

func TestImportsREST(t *testing.T) {
	t.Parallel()
	a := newRESTEnv(t)
	tok := a.tenant.Token

	r := a.upload(tok, restBackup, map[string]string{"dry_run": "true"})
	if r.Status != http.StatusOK {
		t.Fatalf("dry run: %d %s", r.Status, r.Body)
	}
	dry := decodeAs[importReport](t, r)
	if !dry.DryRun || dry.Format != "desktop_backup" || len(dry.Sections) != 3 || dry.Sections["products"].Created != 1 {
		t.Errorf("dry run report %s", r.Body)
	}
	r = a.upload(tok, restBackup, map[string]string{"kind": "desktop"})
	rep := decodeAs[importReport](t, r)
	if r.Status != http.StatusOK || rep.DryRun || rep.Sections["recipients"].Created != 1 || rep.Sections["packages"].Read != 0 {
		t.Errorf("import: %d %s", r.Status, r.Body)
	}
	var keys map[string]json.RawMessage
	_ = json.Unmarshal(r.Body, &keys)
	if len(keys) != 7 || string(keys["import_id"]) == "null" || string(keys["file_name"]) == `""` {
		t.Errorf("report %s, want format, version, file_name, import_id, dry_run, sections, warnings", r.Body)
	}
	// The dry run wrote nothing: the real run created, a third run matches.
	rep = decodeAs[importReport](t, a.upload(tok, restBackup, nil))
	if rep.Sections["products"].Matched != 1 {
		t.Errorf("re-import %+v", rep.Sections)
	}
	// The tenant is the caller's: another tenant's import is its own.
	b := newRESTEnv(t)
	rep = decodeAs[importReport](t, b.upload(b.tenant.Token, restBackup, nil))
	if rep.Sections["products"].Created != 1 {
		t.Errorf("second tenant %+v", rep.Sections)
	}

	wantError(t, a.upload(tok, "", nil), 400, "invalid_argument", "file")
	wantError(t, a.upload(tok, restBackup, map[string]string{"kind": "csv"}), 400, "invalid_argument", "kind")
	wantError(t, a.upload(tok, restBackup, map[string]string{"dry_run": "maybe"}), 400, "invalid_argument", "dry_run")
	wantError(t, a.upload(tok, restBackup, map[string]string{"kind": "mobile"}), 422, "unprocessable", "file")
	e := wantError(t, a.upload(tok, `{"hello": 1}`, nil), 422, "unprocessable", "file")
	if !strings.Contains(e.Message, "expected a BakeTracker desktop backup") {
		t.Errorf("unrecognised file message %q", e.Message)
	}
	wantError(t, a.upload("", restBackup, nil), 401, "unauthorized", "")

	// Members and read-only tokens may not import.
	s := dbtest.Store(t)
	var member string
	err := s.InTenant(t.Context(), a.tenant.TenantID, func(q *queries.Queries) error {
		u, err := q.UserCreate(t.Context(), queries.UserCreateParams{TenantID: a.tenant.TenantID, Email: "member-" + a.email, Role: identity.RoleMember})
		if err != nil {
			return err
		}
		member, _, err = a.tokens.Issue(t.Context(), q, a.tenant.TenantID, u.ID, "member", false)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, a.upload(member, restBackup, nil), 403, "forbidden", "")
	ro, _, err := identity.IssueForEmail(t.Context(), s, a.tokens, a.email, a.tenant.TenantID, "ro", true)
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, a.upload(ro, restBackup, nil), 403, "forbidden", "")

	// Over the body limit: 413.
	big := `{"application": "bake-tracker", "notes": "` + strings.Repeat("x", 11<<20) + `"}`
	if r := a.upload(tok, big, nil); r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("11 MB upload: %d %s", r.Status, r.Body)
	}
}
