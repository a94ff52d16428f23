package agent

import (
	"mime"
	"net/http"
	"strings"

	"github.com/baketracker/baketracker/tools"
)

// MaxCaptureBytes bounds the media of one capture, all files together.
const MaxCaptureBytes = 10 << 20

// Media is one uploaded file of a capture.
type Media struct {
	// Kind is "audio" or "image".
	Kind string
	// MIMEType is the type sent to the model, one Gemini documents.
	MIMEType string
	Data     []byte
}

// imageTypes are the image types Gemini documents.
var imageTypes = []string{"image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"}

// audioTypes maps what browsers and files say to the audio types Gemini
// documents (wav, mp3, aiff, aac, ogg, flac). Firefox records audio/ogg
// (Opus). Chrome's audio/webm and Safari's audio/mp4 need remuxing into one
// of these, which is not built yet: they are refused with the list.
var audioTypes = map[string]string{
	"audio/wav": "audio/wav", "audio/x-wav": "audio/wav", "audio/wave": "audio/wav",
	"audio/mp3": "audio/mp3", "audio/mpeg": "audio/mp3",
	"audio/aiff": "audio/aiff", "audio/x-aiff": "audio/aiff",
	"audio/aac": "audio/aac",
	"audio/ogg": "audio/ogg", "application/ogg": "audio/ogg",
	"audio/flac": "audio/flac", "audio/x-flac": "audio/flac",
}

// acceptedAudio is the list a refusal names.
const acceptedAudio = "audio/wav, audio/mp3, audio/aiff, audio/aac, audio/ogg, audio/flac"

// ModelType checks a file's declared Content-Type for kind ("audio" or
// "image") and returns the type the model is sent, or a 415 naming the
// accepted types.
func ModelType(kind, contentType string) (string, *tools.Error) {
	mt, _, err := mime.ParseMediaType(contentType)
	mt = strings.ToLower(mt)
	switch kind {
	case "image":
		for _, t := range imageTypes {
			if err == nil && mt == t {
				return t, nil
			}
		}
		return "", unsupported(kind, contentType, strings.Join(imageTypes, ", "))
	case "audio":
		if t, ok := audioTypes[mt]; ok && err == nil {
			return t, nil
		}
		return "", unsupported(kind, contentType, acceptedAudio)
	}
	return "", tools.Invalid(kind, "unknown media field")
}

func unsupported(field, got, accepted string) *tools.Error {
	return &tools.Error{Code: "unsupported_media_type", Field: field, Status: http.StatusUnsupportedMediaType,
		Message: "type " + quoteOrEmpty(got) + " is not accepted; send one of " + accepted}
}

func quoteOrEmpty(s string) string {
	if s == "" {
		return "(none)"
	}
	return `"` + s + `"`
}
