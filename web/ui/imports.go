package ui

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/tools"
)

func (p *Pages) registerImports(g *echo.Group) {
	if p.d.Importer == nil {
		return
	}
	g.GET("/import", func(c *echo.Context) error {
		v := p.page(c, "Import & export", "import")
		v.Script = "import.js"
		if e := tools.Authorize(who(c), tools.PermImport); e != nil {
			return p.renderErr(c, "error", v, e)
		}
		return p.render(c, http.StatusOK, "import", v)
	})
	g.POST("/import", p.importFile)
	g.GET("/export", func(c *echo.Context) error {
		id := who(c)
		if e := tools.Authorize(id, tools.PermExport); e != nil {
			return p.renderErr(c, "error", p.page(c, "Export", "import"), e)
		}
		var b bytes.Buffer
		if err := p.d.Importer.Export(c.Request().Context(), id.TenantID, &b); err != nil {
			return err
		}
		name := fmt.Sprintf("baketracker-export-%s.json", time.Now().UTC().Format("2006-01-02"))
		c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		return c.Blob(http.StatusOK, "application/json", b.Bytes())
	})
}

// importFile runs the importer on the uploaded desktop export: a dry run
// (the report, nothing written) unless the form's import button was used.
func (p *Pages) importFile(c *echo.Context) error {
	v := p.page(c, "Import & export", "import")
	v.Script = "import.js"
	id := who(c)
	if e := tools.Authorize(id, tools.PermImport); e != nil {
		return p.renderErr(c, "error", v, e)
	}
	fh, err := c.FormFile("file")
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return p.renderErr(c, "import", v, &tools.Error{Code: "payload_too_large", Field: "file", Status: http.StatusRequestEntityTooLarge,
				Message: "the file is larger than 10 MB"})
		}
		return p.renderErr(c, "import", v, tools.Invalid("file", "choose the desktop export file"))
	}
	fl, err := fh.Open()
	if err != nil {
		return fmt.Errorf("open upload: %w", err)
	}
	defer fl.Close()
	data, err := io.ReadAll(fl)
	if err != nil {
		return fmt.Errorf("read upload: %w", err)
	}
	opts := importer.Options{Filename: fh.Filename, DryRun: c.FormValue("mode") != "import"}
	if id.UserID != uuid.Nil {
		u := id.UserID
		opts.UserID = &u
	}
	rep, err := p.d.Importer.Import(c.Request().Context(), id.TenantID, data, opts)
	if err != nil {
		if errors.Is(err, importer.ErrUnrecognised) {
			return p.renderErr(c, "import", v, tools.Unprocessable("file", "this is not a BakeTracker export"))
		}
		e, _ := tools.AsError(err)
		if e.StatusCode() >= 500 {
			return err
		}
		return p.renderErr(c, "import", v, e)
	}
	v.Data = map[string]any{"Report": rep, "DryRun": opts.DryRun}
	return p.render(c, http.StatusOK, "import", v)
}
