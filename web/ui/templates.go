package ui

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"strings"

	"github.com/baketracker/baketracker/identity"
)

// templates holds each page parsed with the one layout.
type templates struct{ pages map[string]*template.Template }

// input is one labelled form field (the "field" template).
type input struct {
	V                 *view
	Name, Label, Type string
	Value             string
	Required          bool
}

var funcs = template.FuncMap{
	// fld describes a field: name, label, input type, required; an
	// optional fifth argument is its value when the form was not posted.
	"fld": func(v *view, name, label, typ string, required bool, value ...any) input {
		in := input{V: v, Name: name, Label: label, Type: typ, Required: required}
		if len(value) > 0 && value[0] != nil && (v.Form == nil || v.Form.Get(name) == "") {
			in.Value = fmt.Sprint(value[0])
		}
		return in
	},
	// pan is a pan's group of fields named "<name>.<field>" (scale page).
	"pan": func(v *view, name, label string) struct {
		V           *view
		Name, Label string
	} {
		return struct {
			V           *view
			Name, Label string
		}{v, name, label}
	},
	// fieldError is the message of the view's error when it names field.
	"fieldError": func(v *view, field string) string {
		if v == nil || v.Err == nil || v.Err.Field != field {
			return ""
		}
		return v.Err.Message
	},
	// value is the submitted form's value of name (kept after an error).
	"value": func(v *view, name string) string {
		if v == nil || v.Form == nil {
			return ""
		}
		return v.Form.Get(name)
	},
	// newKey is a fresh idempotency key per rendered form: submitting the
	// same form twice (a double tap, a reload) writes once.
	"newKey": func() string {
		var b [16]byte
		_, _ = rand.Read(b[:])
		return hex.EncodeToString(b[:])
	},
	"admin": func(v *view) bool {
		return v != nil && v.Session != nil && (v.Session.Identity.Role == identity.RoleOwner || v.Session.Identity.Role == identity.RoleAdmin)
	},
	"json": func(x any) (string, error) {
		b, err := json.Marshal(x)
		return string(b), err
	},
	"join": func(xs []any, sep string) string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = fmt.Sprint(x)
		}
		return strings.Join(s, sep)
	},
	"str": func(x any) string {
		if x == nil {
			return ""
		}
		return fmt.Sprint(x)
	},
}

func parseTemplates() (*templates, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		pt, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		t.pages[name] = pt
	}
	return t, nil
}

func (t *templates) execute(w io.Writer, name string, v *view) error {
	pt, ok := t.pages[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	return pt.ExecuteTemplate(w, "layout.html", v)
}
