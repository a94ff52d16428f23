package ui

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/baketracker/baketracker/tools"
)

// kind says how a form field becomes a tool argument. Only the shape
// changes here (text to number, checkbox to boolean); whether a value is
// acceptable is the tool's to decide.
type kind int

const (
	text    kind = iota // a string, left out when empty
	keep                // a string, sent even when empty (clears a field on update)
	decimal             // a decimal string, left out when empty
	integer             // a whole number, left out when empty
	boolean             // a checkbox: true when ticked
	csv                 // comma-separated strings, left out when empty
	lines               // one string per line, left out when empty
)

type field struct {
	name string
	kind kind
}

func f(name string, k kind) field { return field{name, k} }

// formArgs turns the named form fields into tool arguments.
func formArgs(form url.Values, fields ...field) (map[string]any, *tools.Error) {
	args := map[string]any{}
	for _, fl := range fields {
		vals, given := form[fl.name]
		v := ""
		if given && len(vals) > 0 {
			v = strings.TrimSpace(vals[0])
		}
		switch fl.kind {
		case keep:
			if given {
				args[fl.name] = v
			}
		case boolean:
			if v != "" {
				args[fl.name] = v == "on" || v == "true"
			}
		case integer:
			if v == "" {
				continue
			}
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, tools.Invalid(fl.name, "%q is not a whole number", tools.Shorten(v))
			}
			args[fl.name] = n
		case csv, lines:
			sep := ","
			if fl.kind == lines {
				sep = "\n"
			}
			var items []string
			for _, s := range strings.Split(v, sep) {
				if s = strings.TrimSpace(s); s != "" {
					items = append(items, s)
				}
			}
			if len(items) > 0 {
				args[fl.name] = items
			}
		default:
			if v != "" {
				args[fl.name] = v
			}
		}
	}
	if k := form.Get("idempotency_key"); k != "" {
		args["idempotency_key"] = k
	}
	return args, nil
}
