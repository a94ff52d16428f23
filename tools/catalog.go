package tools

import (
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
)

// Helpers shared by the catalog tools (ingredients, suppliers, products).

// catalogCursor is the keyset position after the last row of a page: its
// sort key and id, as base64url JSON so callers treat it as opaque.
type catalogCursor struct {
	K  string    `json:"k"`
	ID uuid.UUID `json:"id"`
}

func encodeCatalogCursor(key string, id uuid.UUID) string {
	return encodeCursor(catalogCursor{K: key, ID: id})
}

// decodeCatalogCursor returns the position to continue after, or nils for
// the first page.
func decodeCatalogCursor(s string) (*string, *uuid.UUID, error) {
	if s == "" {
		return nil, nil, nil
	}
	c, err := decodeCursor(s, "this list", func(c catalogCursor) bool { return c.ID != uuid.Nil })
	if err != nil {
		return nil, nil, err
	}
	return &c.K, &c.ID, nil
}

// catalogSearch turns a search text into LIKE patterns: a substring of the
// name key and a prefix of the slug. NameKey keeps only letters, digits and
// spaces, and the slug's underscores are escaped, so the text can add no
// wildcard of its own. An empty (or punctuation-only) query gives "", which
// the queries read as "no filter".
func catalogSearch(query string) (namePattern, slugPattern string) {
	key := NameKey(query)
	if key == "" {
		return "", ""
	}
	slug := strings.ReplaceAll(Slug(query, '_'), "_", `\_`)
	return "%" + key + "%", slug + "%"
}

func catalogIDString(u *uuid.UUID) *string {
	if u == nil {
		return nil
	}
	s := u.String()
	return &s
}

// catalogNotFound is NotFound with a hint of what to try.
func catalogNotFound(field, what, hint string) *Error {
	e := NotFound(field, what)
	if hint != "" {
		e.Message += "; " + hint
	}
	return e
}

func catalogPgCode(err error, code string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == code
}

// catalogErr names the field behind the catalog's own constraints (the
// generic mapping in AsError cannot guess it from these names) and wraps
// anything else with what was being done.
func catalogErr(err error, doing string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.ConstraintName {
		case "ingredient_aliases_tenant_id_alias_key_key":
			return Conflict("aliases", "an alias is already used by another ingredient (it was just added); choose another alias")
		case "ingredients_tenant_id_slug_key", "suppliers_tenant_id_slug_key", "products_tenant_id_slug_key":
			return Conflict("name", "a record with the same slug was created at the same moment; try again")
		case "ingredients_hierarchy_level_check":
			return Unprocessable("parent", "that would nest ingredients more than four levels deep; choose a higher parent")
		case "product_barcodes_tenant_id_raw_key":
			return Conflict("barcode", "this barcode is already recorded for a product; find it with find_product_by_barcode")
		}
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// optionalText validates an optional free-text field's length.
func optionalText(field string, s *string, max int) error {
	if s != nil && len([]rune(*s)) > max {
		return Invalid(field, "must be at most %d characters (got %d)", max, len([]rune(*s)))
	}
	return nil
}
