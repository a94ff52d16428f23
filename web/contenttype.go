package web

import (
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

// requireJSON answers 415 to a POST, PUT or PATCH whose body is not declared
// application/json. Parsing text/plain or form bodies as JSON would let a
// cross-site form post reach the API once cookie sessions exist. Routes that
// take multipart uploads (POST /api/imports) are exempt; a request without a
// body has nothing to declare.
func requireJSON(exempt ...string) echo.MiddlewareFunc {
	skip := map[string]bool{}
	for _, p := range exempt {
		skip[p] = true
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			r := c.Request()
			switch r.Method {
			case http.MethodPost, http.MethodPut, http.MethodPatch:
			default:
				return next(c)
			}
			if skip[r.Method+" "+r.URL.Path] || r.ContentLength == 0 {
				return next(c)
			}
			mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			cs, hasCharset := params["charset"]
			if err != nil || mt != "application/json" || hasCharset && !strings.EqualFold(cs, "utf-8") {
				return &tools.Error{Code: "unsupported_media_type", Field: "Content-Type",
					Message: "send the body as application/json (charset=utf-8 allowed)", Status: http.StatusUnsupportedMediaType}
			}
			return next(c)
		}
	}
}
