package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/tools"
)

// decodeBody decodes the request's JSON object into v for the handlers that
// are not tools (tokens, sessions): unknown fields and wrong types are a 400
// naming the field.
func decodeBody(c *echo.Context, v any) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
			return err
		}
		return tools.Invalid("body", "cannot read the body")
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return tools.Invalid("body", "send one JSON object")
	}
	if e := tools.CheckText(body); e != nil {
		return e
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil && dec.More():
		return tools.Invalid("body", "send one JSON object")
	case err == nil:
		return nil
	case errors.As(err, &typeErr):
		return tools.Invalid(typeErr.Field, "must be a %s", typeErr.Type.String())
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return tools.Invalid(field, "is not a field of this request")
	default:
		return tools.Invalid("body", "malformed JSON: send one JSON object")
	}
}
