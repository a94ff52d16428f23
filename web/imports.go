package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/tools"
)

// registerImports mounts POST /api/imports: a desktop export or a phone
// file as multipart field "file", optional form fields dry_run (true/false)
// and kind (desktop or mobile; detected from the file when absent). Owners
// and admins only. The response is the import report (importer.Report); the
// tenant is the caller's.
func registerImports(api *echo.Group, im *importer.Importer, m *Metrics) {
	api.POST("/imports", func(c *echo.Context) error {
		id := caller(c)
		if err := authorize(c, tools.PermImport); err != nil {
			return err
		}
		var opts importer.Options
		switch k := strings.ToLower(strings.TrimSpace(c.FormValue("kind"))); k {
		case "":
		case "desktop", "mobile":
			opts.Kind = importer.Kind(k)
		default:
			return tools.Invalid("kind", "%q is not a file kind: use desktop or mobile, or leave it out to detect", k)
		}
		if s := strings.TrimSpace(c.FormValue("dry_run")); s != "" {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return tools.Invalid("dry_run", "%q is not true or false", s)
			}
			opts.DryRun = b
		}
		fh, err := c.FormFile("file")
		if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
			return err
		}
		if err != nil {
			return tools.Invalid("file", "send the export as multipart/form-data field \"file\"")
		}
		f, err := fh.Open()
		if err != nil {
			return fmt.Errorf("open upload: %w", err)
		}
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, MaxBodyBytes+1))
		if err != nil {
			return fmt.Errorf("read upload: %w", err)
		}
		if len(data) > MaxBodyBytes {
			return echo.ErrStatusRequestEntityTooLarge
		}
		opts.Filename = fh.Filename
		if id.UserID != uuid.Nil {
			u := id.UserID
			opts.UserID = &u
		}
		rep, err := im.Import(c.Request().Context(), id.TenantID, data, opts)
		if err != nil {
			m.Import("refused")
			return importError(err)
		}
		if opts.DryRun {
			m.Import("dry_run")
		} else {
			m.Import("imported")
		}
		return c.JSON(http.StatusOK, rep)
	})
}

// importError maps an import failure to the one error shape: a file that
// is not a BakeTracker file, or one holding a value the database refuses,
// is the client's to fix (422); anything else is ours. The database's own
// words stay in the server log (the error handler logs err, which keeps
// them): the client gets the field from tools.AsError, never the SQL.
func importError(err error) error {
	if errors.Is(err, importer.ErrUnrecognised) {
		return tools.Unprocessable("file", "%s", strings.TrimPrefix(err.Error(), importer.ErrUnrecognised.Error()+": "))
	}
	if !tools.IsDatabaseRefusal(err) {
		return err
	}
	e, _ := tools.AsError(err)
	what := "a value"
	if e.Field != "" {
		what = "the " + e.Field
	}
	return tools.WithCause(tools.Unprocessable("file",
		"nothing was imported: %s of a record is refused (%s); fix it and import again", what, e.Message), err)
}
