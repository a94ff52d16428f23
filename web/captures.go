package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/google/uuid"
	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// registerCaptures mounts the agent's captures:
//
//	POST /api/captures                multipart audio, image, text → 201 the capture
//	GET  /api/captures?limit=         → {"captures": [...]}
//	GET  /api/captures/:id            → the capture
//	POST /api/captures/:id/retry      runs a failed capture again
//	POST /api/captures/:id/messages   {"text"} → the revised capture
//	POST /api/captures/:id/confirm    {"proposals": [{"id", "arguments"?}]} + Idempotency-Key
//	POST /api/captures/:id/discard
//	GET  /api/usage                   the tenant's model tokens this month, with the limit
//	POST /api/captures/:id/undo       reverses the confirmed writes → the capture with undo outcomes
func registerCaptures(api *echo.Group, caps *agent.Captures) {
	api.POST("/captures", func(c *echo.Context) error {
		text, media, err := readCapture(c)
		if err != nil {
			return err
		}
		// An Idempotency-Key (the phone's offline queue makes one per
		// capture) makes a resend return the first capture, 200 not 201.
		v, replayed, err := caps.CreateOnce(c.Request().Context(), who(c), c.Request().Header.Get("Idempotency-Key"), text, media)
		if err != nil {
			return quotaRetryAfter(c, caps, err)
		}
		if replayed {
			return c.JSON(http.StatusOK, v)
		}
		return c.JSON(http.StatusCreated, v)
	})
	api.GET("/captures", func(c *echo.Context) error {
		limit := 0
		if s := c.QueryParam("limit"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 100 {
				return tools.Invalid("limit", "must be a whole number from 1 to 100")
			}
			limit = n
		}
		vs, err := caps.List(c.Request().Context(), who(c), int32(limit))
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"captures": vs})
	})
	api.GET("/usage", func(c *echo.Context) error {
		v, err := caps.Usage(c.Request().Context(), who(c))
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, v)
	})
	api.GET("/captures/:id", withCapture(func(c *echo.Context, id uuid.UUID) (any, error) {
		return caps.Get(c.Request().Context(), who(c), id)
	}))
	api.POST("/captures/:id/retry", withCapture(func(c *echo.Context, id uuid.UUID) (any, error) {
		v, err := caps.Retry(c.Request().Context(), who(c), id)
		return v, quotaRetryAfter(c, caps, err)
	}))
	api.POST("/captures/:id/messages", withCapture(func(c *echo.Context, id uuid.UUID) (any, error) {
		var body struct {
			Text string `json:"text"`
		}
		if err := decodeBody(c, &body); err != nil {
			return nil, err
		}
		v, err := caps.Message(c.Request().Context(), who(c), id, body.Text)
		return v, quotaRetryAfter(c, caps, err)
	}))
	api.POST("/captures/:id/confirm", withCapture(func(c *echo.Context, id uuid.UUID) (any, error) {
		var body struct {
			Proposals []agent.Pick `json:"proposals"`
		}
		if err := decodeBody(c, &body); err != nil {
			return nil, err
		}
		return caps.Confirm(c.Request().Context(), who(c), id, c.Request().Header.Get("Idempotency-Key"), body.Proposals)
	}))
	api.POST("/captures/:id/discard", withCapture(func(c *echo.Context, id uuid.UUID) (any, error) {
		return caps.Discard(c.Request().Context(), who(c), id)
	}))
	api.POST("/captures/:id/undo", withCapture(func(c *echo.Context, id uuid.UUID) (any, error) {
		return caps.Undo(c.Request().Context(), who(c), id)
	}))
}

// quotaRetryAfter adds Retry-After (when the month's limit resets) to an
// ai_quota_exhausted refusal.
func quotaRetryAfter(c *echo.Context, caps *agent.Captures, err error) error {
	var e *tools.Error
	if errors.As(err, &e) && e.Code == "ai_quota_exhausted" {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(caps.QuotaRetryAfter(c.Request().Context(), who(c)).Seconds())+1))
	}
	return err
}

func who(c *echo.Context) identity.Identity {
	id, _ := identity.From(c.Request().Context())
	return id
}

// withCapture parses :id (a malformed id is not found, like another
// tenant's) and writes fn's result as JSON.
func withCapture(fn func(c *echo.Context, id uuid.UUID) (any, error)) echo.HandlerFunc {
	return func(c *echo.Context) error {
		id, err := uuid.Parse(c.Param("id"))
		if err != nil {
			return tools.NotFound("id", "capture")
		}
		out, err := fn(c, id)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, out)
	}
}

// captureOverhead is what a capture's body may hold beyond its files: the
// text and the multipart framing.
const captureOverhead = 64 << 10

// captureUpload is POST /api/captures, whose body limit is its own: 10 MB
// of files, named in its 413, plus the text and framing.
func captureUpload(c *echo.Context) bool {
	return c.Request().Method == http.MethodPost && c.Request().URL.Path == "/api/captures"
}

// readCapture reads the multipart form: at most one audio and one image
// file, and text.
func readCapture(c *echo.Context) (string, []agent.Media, error) {
	r := c.Request()
	r.Body = http.MaxBytesReader(c.Response(), r.Body, agent.MaxCaptureBytes+captureOverhead)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, &tools.Error{Code: "unsupported_media_type", Field: "Content-Type", Status: http.StatusUnsupportedMediaType,
			Message: "send multipart/form-data with audio, image and/or text"}
	}
	var text string
	var media []agent.Media
	seen := map[string]bool{}
	budget := agent.MaxCaptureBytes // for all files together
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", nil, readError(err)
		}
		name := part.FormName()
		if seen[name] {
			return "", nil, tools.Invalid(name, "send at most one %s", name)
		}
		seen[name] = true
		switch name {
		case "text":
			b, err := readPart(part, agent.MaxTextLength*4)
			if err != nil {
				return "", nil, err
			}
			text = string(b)
		case "audio", "image":
			ct := part.Header.Get("Content-Type")
			if e := agent.AcceptType(name, ct); e != nil {
				return "", nil, e
			}
			b, err := readPart(part, budget)
			if err != nil {
				return "", nil, err
			}
			budget -= len(b)
			m, e := agent.NewMedia(name, ct, b)
			if e != nil {
				return "", nil, e
			}
			media = append(media, m)
		default:
			return "", nil, tools.Invalid(name, "is not a field of a capture; send audio, image and/or text")
		}
	}
	return text, media, nil
}

func readPart(p *multipart.Part, limit int) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(p, int64(limit)+1))
	if err != nil {
		return nil, readError(err)
	}
	if len(b) > limit {
		return nil, captureTooLarge(p.FormName())
	}
	return b, nil
}

// captureTooLarge names the capture's own limit, also when the server-wide
// body limit stopped the read first.
func captureTooLarge(field string) *tools.Error {
	return &tools.Error{Code: "payload_too_large", Field: field, Status: http.StatusRequestEntityTooLarge,
		Message: "too large: a capture's files (audio and image together) may be at most " + strconv.Itoa(agent.MaxCaptureBytes>>20) + " MB"}
}

func readError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) || errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
		return captureTooLarge("body")
	}
	return tools.Invalid("body", "cannot read the multipart body")
}
