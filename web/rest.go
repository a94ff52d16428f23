package web

import (
	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

// registerREST mounts the REST resources, each a thin layer over tools.
func registerREST(api *echo.Group, t *tools.Tools) {
	registerIngredients(api, t)
	registerReviews(api, t)

}
