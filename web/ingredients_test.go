package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// restEnv is a real HTTP server over the test database and an owner token
// for a fresh tenant.
type restEnv struct {
	t      *testing.T
	url    string
	tokens *identity.APITokens
	tenant identity.NewTenant
	email  string
}

func newRESTEnv(t *testing.T) restEnv {
	t.Helper()
	s := dbtest.Store(t)
	tokens := identity.NewAPITokens(s, 0)
	srv := httptest.NewServer(conforming(t, web.New(web.Deps{
		Logger: slog.New(slog.DiscardHandler), Verifier: tokens,
		Ready: func(context.Context) error { return nil }, Registry: tools.MustRegistry(tools.New(s, nil)),
		Importer: importer.New(s, nil),
	})))
	t.Cleanup(srv.Close)
	email := fmt.Sprintf("owner-%s@example.test", uuid.NewString()[:8])
	nt, err := identity.CreateTenant(t.Context(), s, tokens, "Bakery "+email, email)
	if err != nil {
		t.Fatal(err)
	}
	return restEnv{t: t, url: srv.URL, tokens: tokens, tenant: nt, email: email}
}

type restResp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (e restEnv) do(method, path, token, body string, header ...string) restResp {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.url+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return restResp{Status: res.StatusCode, Header: res.Header, Body: b}
}

func decodeAs[T any](t *testing.T, r restResp) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
	return v
}

// wantError checks status and the {"error": {...}} document.
func wantError(t *testing.T, r restResp, status int, code, field string) tools.Error {
	t.Helper()
	doc := decodeAs[struct{ Error tools.Error }](t, r)
	if r.Status != status || doc.Error.Code != code || doc.Error.Field != field {
		t.Fatalf("got %d %s, want %d code %q field %q", r.Status, r.Body, status, code, field)
	}
	return doc.Error
}

func TestIngredientsREST(t *testing.T) {
	t.Parallel()
	a, b := newRESTEnv(t), newRESTEnv(t)
	tokA, tokB := a.tenant.Token, b.tenant.Token

	r := a.do("GET", "/api/ingredients", "", "")
	if r.Status != http.StatusUnauthorized || !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Fatalf("no token: %d %q", r.Status, r.Header.Get("WWW-Authenticate"))
	}
	wantError(t, r, 401, "unauthorized", "")

	r = a.do("POST", "/api/ingredients", tokA, `{"name":"Bread flour","category":"Flours","default_unit":"g"}`)
	if r.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	created := decodeAs[map[string]any](t, r)
	id, _ := created["id"].(string)
	if _, err := uuid.Parse(id); err != nil || created["name"] != "Bread flour" || created["category"] != "Flours" ||
		created["default_unit"] != "g" || created["created_at"] == nil || created["slug"] != "bread_flour" {
		t.Fatalf("created %s", r.Body)
	}
	r = b.do("POST", "/api/ingredients", tokB, `{"name":"Butter","category":"Dairy"}`)
	if r.Status != http.StatusCreated {
		t.Fatalf("create in B: %d %s", r.Status, r.Body)
	}

	t.Run("ListOwnOnly", func(t *testing.T) {
		for _, tc := range []struct {
			env   restEnv
			token string
			want  string
		}{{a, tokA, "Bread flour"}, {b, tokB, "Butter"}} {
			r := tc.env.do("GET", "/api/ingredients", tc.token, "")
			list := decodeAs[[]tools.IngredientItem](t, r)
			if r.Status != 200 || len(list) != 1 || list[0].Name != tc.want || r.Header.Get("X-Next-Cursor") != "" {
				t.Fatalf("list: %d %s", r.Status, r.Body)
			}
		}
	})
	t.Run("Paging", func(t *testing.T) {
		a.do("POST", "/api/ingredients", tokA, `{"name":"Cake flour"}`)
		r := a.do("GET", "/api/ingredients?limit=1&query=flour", tokA, "")
		list := decodeAs[[]tools.IngredientItem](t, r)
		next := r.Header.Get("X-Next-Cursor")
		if len(list) != 1 || list[0].Name != "Bread flour" || next == "" || !strings.Contains(r.Header.Get("Link"), `rel="next"`) {
			t.Fatalf("page 1: %s %v", r.Body, r.Header)
		}
		r = a.do("GET", "/api/ingredients?limit=1&query=flour&cursor="+next, tokA, "")
		list = decodeAs[[]tools.IngredientItem](t, r)
		if len(list) != 1 || list[0].Name != "Cake flour" || r.Header.Get("X-Next-Cursor") != "" {
			t.Fatalf("page 2: %s", r.Body)
		}
		wantError(t, a.do("GET", "/api/ingredients?limit=lots", tokA, ""), 400, "invalid_argument", "limit")
	})
	t.Run("Get", func(t *testing.T) {
		r := a.do("GET", "/api/ingredients/"+id, tokA, "")
		if got := decodeAs[tools.Ingredient](t, r); r.Status != 200 || got.ID != id {
			t.Fatalf("get: %d %s", r.Status, r.Body)
		}
		wantError(t, b.do("GET", "/api/ingredients/"+id, tokB, ""), 404, "not_found", "id")
		wantError(t, a.do("GET", "/api/ingredients/"+uuid.NewString(), tokA, ""), 404, "not_found", "id")
	})
	t.Run("BadInput", func(t *testing.T) {
		e := wantError(t, a.do("POST", "/api/ingredients", tokA, `{"name":"Salt","default_unit":"pinchful"}`), 400, "invalid_argument", "default_unit")
		if !strings.Contains(e.Message, "accepted: g, kg") {
			t.Fatalf("message %q does not list the accepted units", e.Message)
		}
		e = wantError(t, a.do("POST", "/api/ingredients", tokA, `{"name":"Salt",`), 400, "invalid_argument", "body")
		if !strings.Contains(e.Message, "malformed JSON") {
			t.Fatalf("message %q", e.Message)
		}
		wantError(t, a.do("POST", "/api/ingredients", tokA, `{"name":"Salt","colour":"white"}`), 400, "invalid_argument", "colour")
		wantError(t, a.do("POST", "/api/ingredients", tokA, `{"name":"Salt"} {}`), 400, "invalid_argument", "body")
		wantError(t, a.do("POST", "/api/ingredients", tokA, `{"name":5}`), 400, "invalid_argument", "name")
	})
	t.Run("PatchAndDelete", func(t *testing.T) {
		r := a.do("PATCH", "/api/ingredients/"+id, tokA, `{"default_unit":"kg","notes":"strong","add_aliases":["strong flour"]}`)
		got := decodeAs[tools.Ingredient](t, r)
		if r.Status != 200 || *got.DefaultUnit != "kg" || *got.Notes != "strong" || len(got.Aliases) != 1 || got.Slug != "bread_flour" {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		wantError(t, b.do("PATCH", "/api/ingredients/"+id, tokB, `{"notes":"mine"}`), 404, "not_found", "id")
		wantError(t, a.do("PATCH", "/api/ingredients/"+id, tokA, `{"default_unit":"jar"}`), 400, "invalid_argument", "default_unit")

		r = a.do("POST", "/api/ingredients", tokA, `{"name":"Cocoa"}`, "Idempotency-Key", "cocoa-1")
		r2 := a.do("POST", "/api/ingredients", tokA, `{"name":"Cocoa"}`, "Idempotency-Key", "cocoa-1")
		cocoa, again := decodeAs[tools.Ingredient](t, r), decodeAs[tools.Ingredient](t, r2)
		if r.Status != 201 || r2.Status != 201 || cocoa.ID != again.ID {
			t.Fatalf("idempotent create: %d %s / %d %s", r.Status, r.Body, r2.Status, r2.Body)
		}
		wantError(t, b.do("DELETE", "/api/ingredients/"+cocoa.ID, tokB, ""), 404, "not_found", "id")
		if r := a.do("DELETE", "/api/ingredients/"+cocoa.ID, tokA, ""); r.Status != http.StatusNoContent || len(r.Body) != 0 {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		wantError(t, a.do("GET", "/api/ingredients/"+cocoa.ID, tokA, ""), 404, "not_found", "id")
	})
	t.Run("DeleteInUse", func(t *testing.T) {
		// A product of the ingredient, written straight to the database.
		err := dbtest.Store(t).InTenant(t.Context(), a.tenant.TenantID, func(q *queries.Queries) error {
			_, err := q.ProductCreate(t.Context(), queries.ProductCreateParams{
				TenantID: a.tenant.TenantID, IngredientID: uuid.MustParse(id), Slug: "bread_flour::5:lb",
				NameKey: "bread flour", PackageUnit: "lb", PackageUnitQuantity: mustDecimal(t, "5"),
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		e := wantError(t, a.do("DELETE", "/api/ingredients/"+id, tokA, ""), 409, "conflict", "id")
		if !strings.Contains(e.Message, "1 product") {
			t.Fatalf("message %q does not say what uses it", e.Message)
		}
	})
	t.Run("ReadOnlyToken", func(t *testing.T) {
		ro, _, err := identity.IssueForEmail(t.Context(), dbtest.Store(t), a.tokens, a.email, a.tenant.TenantID, "ro", true)
		if err != nil {
			t.Fatal(err)
		}
		wantError(t, a.do("POST", "/api/ingredients", ro, `{"name":"Yeast"}`), 403, "forbidden", "")
		wantError(t, a.do("DELETE", "/api/ingredients/"+id, ro, ""), 403, "forbidden", "")
		if r := a.do("GET", "/api/ingredients/"+id, ro, ""); r.Status != 200 {
			t.Fatalf("read-only GET: %d %s", r.Status, r.Body)
		}
	})
}

func mustDecimal(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
