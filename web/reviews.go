package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

// registerReviews mounts the barcode review queue (phone scans that matched
// no product), over the same tools as list_barcode_reviews and
// resolve_barcode_review:
//
//	GET  /api/barcode_reviews?status=&limit=&cursor=  → {"reviews": [...], "next_cursor": "…"}
//	POST /api/barcode_reviews/:id/resolve  {"action": "map"|"create"|"skip", "product"?, "new_product"?}
//
// An Idempotency-Key header is the tool's idempotency_key.
func registerReviews(api *echo.Group, t *tools.Tools) {
	api.GET("/barcode_reviews", func(c *echo.Context) error {
		in := tools.ListBarcodeReviewsInput{Status: c.QueryParam("status"), Cursor: c.QueryParam("cursor")}
		if s := c.QueryParam("limit"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return tools.Invalid("limit", "must be a whole number from 1 to 500, not %q", s)
			}
			in.Limit = n
		}
		out, err := t.ListBarcodeReviews(c.Request().Context(), caller(c), in)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, out)
	})
	api.POST("/barcode_reviews/:id/resolve", func(c *echo.Context) error {
		var in tools.ResolveBarcodeReviewInput
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
		if in.ReviewID != "" && in.ReviewID != c.Param("id") {
			return tools.Invalid("review_id", "the body names review %s but the path names %s; leave review_id out of the body", in.ReviewID, c.Param("id"))
		}
		in.ReviewID = c.Param("id")
		if k := c.Request().Header.Get("Idempotency-Key"); k != "" {
			in.IdempotencyKey = k
		}
		out, err := t.ResolveBarcodeReview(c.Request().Context(), caller(c), in)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, out)
	})
}
