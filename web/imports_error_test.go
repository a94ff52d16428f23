package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/baketracker/baketracker/tools"
)

// A file whose value exceeds a database limit (SQLSTATE class 54, e.g. an
// index row too large) is the client's to fix: 422, never 500, and the
// database's words stay out of the message.
func TestImportErrorProgramLimit(t *testing.T) {
	t.Parallel()
	pg := &pgconn.PgError{Code: "54000", Message: "index row size 3000 exceeds btree version 4 maximum 2704"}
	err := importError(fmt.Errorf("section recipes: import recipes: %w", pg))
	var te *tools.Error
	if !errors.As(err, &te) || te.StatusCode() != http.StatusUnprocessableEntity || te.Field != "file" {
		t.Fatalf("error %v, want 422 on file", err)
	}
	if strings.Contains(te.Message, "index row size") || strings.Contains(te.Message, "btree") {
		t.Errorf("message %q carries the database's text", te.Message)
	}
}
