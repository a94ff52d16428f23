package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/web"
	"github.com/baketracker/baketracker/web/ui"
)

// pagesEnv is the identity env's server with the browser pages mounted.
type pagesEnv struct {
	*idEnv
	pages string
}

func newPagesEnv(t *testing.T) *pagesEnv {
	t.Helper()
	e := newIDEnv(t)
	d := e.deps
	p, err := ui.New(ui.Deps{Registry: d.Registry, Households: d.Households, Tokens: d.Tokens, Importer: d.Importer})
	if err != nil {
		t.Fatal(err)
	}
	d.Pages = p
	srv := httptest.NewServer(web.New(d))
	t.Cleanup(srv.Close)
	return &pagesEnv{idEnv: e, pages: srv.URL}
}

type page struct {
	status   int
	header   http.Header
	body     string
	location string
}

// pageClient is a browser that keeps cookies and does not follow
// redirects, so each answer can be checked.
func pageClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (e *pagesEnv) get(c *http.Client, path string) page {
	e.t.Helper()
	return e.send(c, http.MethodGet, path, nil, nil)
}

func (e *pagesEnv) post(c *http.Client, path string, form url.Values, header map[string]string) page {
	e.t.Helper()
	return e.send(c, http.MethodPost, path, form, header)
}

func (e *pagesEnv) send(c *http.Client, method, path string, form url.Values, header map[string]string) page {
	e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r, err := http.NewRequest(method, e.pages+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		r.Header.Set(k, v)
	}
	res, err := c.Do(r)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return page{status: res.StatusCode, header: res.Header, body: string(b), location: res.Header.Get("Location")}
}

var csrfMeta = regexp.MustCompile(`name="csrf-token" content="([^"]+)"`)

// signIn signs c in with token through the sign-in form and returns the
// session's CSRF token as the pages show it.
func (e *pagesEnv) signIn(c *http.Client, token string) string {
	e.t.Helper()
	p := e.post(c, "/app/signin", url.Values{"token": {token}, "next": {"/app/ingredients"}}, map[string]string{"Sec-Fetch-Site": "same-origin"})
	if p.status != http.StatusSeeOther || p.location != "/app/ingredients" {
		e.t.Fatalf("sign-in form: %d to %q\n%s", p.status, p.location, p.body)
	}
	m := csrfMeta.FindStringSubmatch(e.get(c, "/app/ingredients").body)
	if m == nil {
		e.t.Fatal("the signed-in page has no CSRF token")
	}
	return m[1]
}

// TestPageFormsNeedTheSessionsCSRFToken: a form post without the session's
// token (what another site's form would send) is refused and writes
// nothing; with it, the write happens and the page redirects to the list.
func TestPageFormsNeedTheSessionsCSRFToken(t *testing.T) {
	t.Parallel()
	e := newPagesEnv(t)
	c := pageClient(t)
	csrf := e.signIn(c, e.as[asMember].Token)

	for _, bad := range []string{"", csrf + "x"} {
		p := e.post(c, "/app/ingredients", url.Values{"name": {"Forged flour"}, "csrf_token": {bad}}, nil)
		if p.status != http.StatusForbidden {
			t.Errorf("csrf_token %q: %d, want 403", bad, p.status)
		}
	}
	p := e.post(c, "/app/ingredients", url.Values{"name": {"Page flour"}, "csrf_token": {csrf}}, nil)
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/app/ingredients?done=") {
		t.Fatalf("create: %d to %q\n%s", p.status, p.location, p.body)
	}
	list := e.get(c, "/app/ingredients").body
	if !strings.Contains(list, "Page flour") || strings.Contains(list, "Forged flour") {
		t.Errorf("list after the posts:\n%s", list)
	}
}

// TestSignInFormRefusesAnotherSite: the token form has no session to carry
// a CSRF token, so a post another site's page made is refused and signs
// nobody in.
func TestSignInFormRefusesAnotherSite(t *testing.T) {
	t.Parallel()
	e := newPagesEnv(t)
	c := pageClient(t)
	p := e.post(c, "/app/signin", url.Values{"token": {e.as[asMember].Token}}, map[string]string{"Sec-Fetch-Site": "cross-site"})
	if p.status != http.StatusForbidden || p.header.Get("Set-Cookie") != "" {
		t.Fatalf("cross-site sign-in: %d, Set-Cookie %q", p.status, p.header.Get("Set-Cookie"))
	}
	if p := e.get(c, "/app/pantry"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/app/signin") {
		t.Errorf("after a refused sign-in /app/pantry answered %d to %q", p.status, p.location)
	}
	p = e.post(c, "/app/signin", url.Values{"token": {"btk_nonsense"}}, map[string]string{"Sec-Fetch-Site": "same-origin"})
	if p.status != http.StatusUnauthorized || !strings.Contains(p.body, `id="e-token"`) {
		t.Errorf("a bad token: %d, want 401 with the error next to the token field\n%s", p.status, p.body)
	}
}

// TestPagesEscapeTextAndShowErrorsNextToTheField: a strict CSP on every
// page, a name full of markup shown as text, and a tool's refusal shown
// next to the field it names with what was typed kept.
func TestPagesEscapeTextAndShowErrorsNextToTheField(t *testing.T) {
	t.Parallel()
	e := newPagesEnv(t)
	c := pageClient(t)
	csrf := e.signIn(c, e.as[asMember].Token)

	evil := `<img src=x onerror=alert(1)>`
	if p := e.post(c, "/app/ingredients", url.Values{"name": {evil}, "csrf_token": {csrf}}, nil); p.status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", p.status, p.body)
	}
	p := e.get(c, "/app/ingredients")
	if strings.Contains(p.body, evil) || !strings.Contains(p.body, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("the name is not escaped:\n%s", p.body)
	}
	csp := p.header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(p.body, "<script>") || strings.Contains(p.body, " style=") {
		t.Errorf("inline script or style allowed or used: CSP %q", csp)
	}

	p = e.post(c, "/app/ingredients", url.Values{"name": {"Odd flour"}, "default_unit": {"furlong"}, "csrf_token": {csrf}}, nil)
	if p.status != http.StatusBadRequest {
		t.Fatalf("bad unit: %d, want 400", p.status)
	}
	for _, want := range []string{`id="e-default_unit"`, `aria-invalid="true"`, `value="Odd flour"`, "furlong"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
}

// TestPagesSendStrangersToSignInAndMembersAwayFromAdminPages: no session
// redirects to sign-in; a member is refused the import page (owners and
// admins only, decided by tools.Authorize), an admin is not.
func TestPagesSendStrangersToSignInAndMembersAwayFromAdminPages(t *testing.T) {
	t.Parallel()
	e := newPagesEnv(t)
	if p := e.get(pageClient(t), "/app/pantry"); p.status != http.StatusSeeOther || p.location != "/app/signin?next=%2Fapp%2Fpantry" {
		t.Errorf("no session: %d to %q", p.status, p.location)
	}
	member := pageClient(t)
	e.signIn(member, e.as[asMember].Token)
	if p := e.get(member, "/app/import"); p.status != http.StatusForbidden {
		t.Errorf("member /app/import: %d, want 403", p.status)
	}
	admin := pageClient(t)
	e.signIn(admin, e.as[asAdmin].Token)
	for _, path := range []string{"/app/import", "/app/members", "/app/invitations", "/app/tokens", "/app/pantry", "/app/events", "/app/recipes",
		"/app/usage", "/app/reviews", "/app/products", "/app/suppliers", "/app/purchases", "/app/households", "/app/capture", "/app/"} {
		if p := e.get(admin, path); p.status != http.StatusOK {
			t.Errorf("admin %s: %d\n%s", path, p.status, p.body)
		}
	}
}

// TestProductEditPage: a product added on the products page opens from the
// list and saves an edit through update_product.
func TestProductEditPage(t *testing.T) {
	t.Parallel()
	e := newPagesEnv(t)
	c := pageClient(t)
	csrf := e.signIn(c, e.as[asMember].Token)
	if p := e.post(c, "/app/ingredients", url.Values{"name": {"Edit flour"}, "csrf_token": {csrf}}, nil); p.status != http.StatusSeeOther {
		t.Fatalf("ingredient: %d\n%s", p.status, p.body)
	}
	if p := e.post(c, "/app/products", url.Values{"ingredient": {"Edit flour"}, "package_unit": {"lb"}, "package_unit_quantity": {"5"},
		"csrf_token": {csrf}}, nil); p.status != http.StatusSeeOther {
		t.Fatalf("product: %d\n%s", p.status, p.body)
	}
	m := regexp.MustCompile(`href="/app/products/([0-9a-f-]{36})"`).FindStringSubmatch(e.get(c, "/app/products").body)
	if m == nil {
		t.Fatal("the products list does not link the new product")
	}
	if p := e.post(c, "/app/products/"+m[1], url.Values{"brand": {"Acme"}, "csrf_token": {csrf}}, nil); p.status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", p.status, p.body)
	}
	if p := e.get(c, "/app/products/"+m[1]); p.status != http.StatusOK || !strings.Contains(p.body, `value="Acme"`) {
		t.Errorf("after the edit: %d\n%s", p.status, p.body)
	}
}
