package web

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

// registerProduction mounts what the planning and production screens need,
// over the production toolset's tools:
//
//	POST /api/events/:id/plan        plan_event (body: mode, servings_per_guest, amend, dry_run)
//	GET  /api/events/:id/progress    event_progress
//	POST /api/production_runs        record_production → 201
//	POST /api/assembly_runs          record_assembly → 201
//	GET  /api/packages/:id           get_package (contents and cost; ?target_margin=)
//
// An Idempotency-Key header is the tool's idempotency_key.
func registerProduction(api *echo.Group, reg *tools.Registry) {
	mount(api, reg, http.MethodPost, "/events/:id/plan", "plan_event", func(c *echo.Context) error {
		args, err := bodyArgs(c, "event_id")
		if err != nil {
			return err
		}
		return answer[tools.PlanEventOutput](c, reg, "plan_event", args, http.StatusOK)
	})
	mount(api, reg, http.MethodGet, "/events/:id/progress", "event_progress", func(c *echo.Context) error {
		args, err := pathArgs(c, "event_id")
		if err != nil {
			return err
		}
		return answer[tools.EventProgressOutput](c, reg, "event_progress", args, http.StatusOK)
	})
	mount(api, reg, http.MethodPost, "/production_runs", "record_production", func(c *echo.Context) error {
		args, err := bodyArgs(c, "")
		if err != nil {
			return err
		}
		return answer[tools.RecordProductionOutput](c, reg, "record_production", args, http.StatusCreated)
	})
	mount(api, reg, http.MethodPost, "/assembly_runs", "record_assembly", func(c *echo.Context) error {
		args, err := bodyArgs(c, "")
		if err != nil {
			return err
		}
		return answer[tools.RecordAssemblyOutput](c, reg, "record_assembly", args, http.StatusCreated)
	})
	mount(api, reg, http.MethodGet, "/packages/:id", "get_package", func(c *echo.Context) error {
		args, err := pathQueryArgs(c, "id", []string{"target_margin"}, nil)
		if err != nil {
			return err
		}
		return answer[tools.GetPackageOutput](c, reg, "get_package", args, http.StatusOK)
	}, query("target_margin"))
}

// answer calls tool name and encodes its result with status.
func answer[Out any](c *echo.Context, reg *tools.Registry, name string, args json.RawMessage, status int) error {
	out, err := callTool[Out](c, reg, name, args)
	if err != nil {
		return err
	}
	return c.JSON(status, out)
}
