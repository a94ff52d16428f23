package web

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

// registerReviews mounts the barcode review queue (phone scans that matched
// no product), over list_barcode_reviews and resolve_barcode_review:
//
//	GET  /api/barcode_reviews?status=&limit=&cursor=  → {"reviews": [...], "next_cursor": "…"}
//	POST /api/barcode_reviews/:id/resolve  {"action": "map"|"create"|"skip", "product"?, "new_product"?}
//
// An Idempotency-Key header is the tool's idempotency_key.
func registerReviews(api *echo.Group, reg *tools.Registry) {
	mount(api, reg, http.MethodGet, "/barcode_reviews", "list_barcode_reviews", func(c *echo.Context) error {
		args, err := queryArgs(c, "status", "cursor")
		if err != nil {
			return err
		}
		out, err := callTool[tools.ListBarcodeReviewsOutput](c, reg, "list_barcode_reviews", args)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, out)
	})
	mount(api, reg, http.MethodPost, "/barcode_reviews/:id/resolve", "resolve_barcode_review", func(c *echo.Context) error {
		args, err := bodyArgs(c, "review_id")
		if err != nil {
			return err
		}
		out, err := callTool[tools.ResolveBarcodeReviewOutput](c, reg, "resolve_barcode_review", args)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, out)
	}, pathArg("review_id"))
}
