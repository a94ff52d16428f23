package agent

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/baketracker/baketracker/tools"
)

// MaxCaptureBytes bounds the media of one capture, all files together.
const MaxCaptureBytes = 10 << 20

// Media is one uploaded file of a capture, kept as uploaded.
type Media struct {
	// Kind is "audio" or "image".
	Kind string
	// MIMEType is the file's declared type in its canonical form
	// (audio/webm, image/heic, …), which its bytes were checked against.
	// The model may be sent another form: see ForModel.
	MIMEType string
	Data     []byte
}

// mediaFormat is one accepted file format: the names browsers and files
// give it, how its bytes are recognised, and what the model is sent.
type mediaFormat struct {
	kind    string
	stored  string   // the canonical type, kept with the original
	aliases []string // other declared types meaning the same
	sniff   func([]byte) bool
	model   string // a type the Gemini API documents
	// convert remuxes the original into the model's type; nil sends it as is.
	convert func([]byte) ([]byte, error)
}

// formats are the accepted files. The Gemini API documents audio/wav,
// audio/mp3, audio/aiff, audio/aac, audio/ogg, audio/flac and image/png,
// image/jpeg, image/webp, image/heic, image/heif. Browsers record
// audio/webm (Chrome, Android: Opus in WebM) and audio/mp4 (Safari,
// iPhone: AAC in MP4), which are remuxed, packets copied, into Ogg Opus
// and ADTS AAC; Firefox's audio/ogg goes as is.
var formats = []mediaFormat{
	{kind: "audio", stored: "audio/webm", model: "audio/ogg", sniff: isWebM, convert: webmOpusToOgg},
	{kind: "audio", stored: "audio/mp4", aliases: []string{"audio/x-m4a", "audio/m4a"}, model: "audio/aac", sniff: isMP4Audio, convert: mp4AACToADTS},
	{kind: "audio", stored: "audio/ogg", aliases: []string{"application/ogg", "audio/opus"}, model: "audio/ogg", sniff: magic("OggS")},
	{kind: "audio", stored: "audio/wav", aliases: []string{"audio/x-wav", "audio/wave", "audio/vnd.wave"}, model: "audio/wav", sniff: riff("WAVE")},
	{kind: "audio", stored: "audio/mp3", aliases: []string{"audio/mpeg"}, model: "audio/mp3", sniff: isMP3},
	{kind: "audio", stored: "audio/aac", aliases: []string{"audio/x-aac"}, model: "audio/aac", sniff: isADTS},
	{kind: "audio", stored: "audio/aiff", aliases: []string{"audio/x-aiff"}, model: "audio/aiff", sniff: isAIFF},
	{kind: "audio", stored: "audio/flac", aliases: []string{"audio/x-flac"}, model: "audio/flac", sniff: magic("fLaC")},
	{kind: "image", stored: "image/jpeg", aliases: []string{"image/jpg"}, model: "image/jpeg", sniff: magic("\xff\xd8\xff")},
	{kind: "image", stored: "image/png", model: "image/png", sniff: magic("\x89PNG\r\n\x1a\n")},
	{kind: "image", stored: "image/webp", model: "image/webp", sniff: riff("WEBP")},
	{kind: "image", stored: "image/heic", aliases: []string{"image/heic-sequence"}, model: "image/heic", sniff: isHEIF},
	{kind: "image", stored: "image/heif", aliases: []string{"image/heif-sequence"}, model: "image/heif", sniff: isHEIF},
}

// accepted lists the canonical types of kind, for a refusal.
func accepted(kind string) string {
	var names []string
	for _, f := range formats {
		if f.kind == kind {
			names = append(names, f.stored)
		}
	}
	return strings.Join(names, ", ")
}

// formatOf finds the format a declared type names; codec parameters
// (audio/webm;codecs=opus) are accepted and ignored.
func formatOf(kind, contentType string) (mediaFormat, *tools.Error) {
	if kind != "audio" && kind != "image" {
		return mediaFormat{}, tools.Invalid(kind, "unknown media field")
	}
	mt, _, err := mime.ParseMediaType(contentType)
	mt = strings.ToLower(mt)
	for _, f := range formats {
		if err == nil && f.kind == kind && (mt == f.stored || slices.Contains(f.aliases, mt)) {
			return f, nil
		}
	}
	return mediaFormat{}, unsupported(kind, "type "+quoteOrEmpty(contentType)+" is not accepted")
}

// AcceptType checks a file's declared Content-Type for kind ("audio" or
// "image") before its bytes are read: a 415 names the accepted types.
func AcceptType(kind, contentType string) *tools.Error {
	_, e := formatOf(kind, contentType)
	return e
}

// NewMedia checks an uploaded file: its declared type must be accepted and
// its bytes must be of that type, and a file that is remuxed for the model
// must remux, so a stored capture can always be sent. Anything else is a
// 415 naming the accepted types.
func NewMedia(kind, contentType string, data []byte) (Media, *tools.Error) {
	f, e := formatOf(kind, contentType)
	if e != nil {
		return Media{}, e
	}
	if !f.sniff(data) {
		return Media{}, unsupported(kind, "the file's bytes are not "+f.stored)
	}
	if f.convert != nil {
		if _, err := f.convert(data); err != nil {
			return Media{}, unsupported(kind, fmt.Sprintf("this %s file cannot be read (%v)", f.stored, err))
		}
	}
	return Media{Kind: kind, MIMEType: f.stored, Data: data}, nil
}

// ForModel checks a stored file against its recorded SHA-256 and returns
// the type and bytes the model is sent. Remuxing is done here, on each
// turn, rather than stored: it takes milliseconds for a voice note, keeps
// one object per file in storage, and a better remuxer serves old
// captures too.
func ForModel(mimeType string, sum, data []byte) (string, []byte, error) {
	if got := sha256.Sum256(data); !bytes.Equal(got[:], sum) {
		return "", nil, fmt.Errorf("media: the stored %s does not match its SHA-256", mimeType)
	}
	for _, f := range formats {
		if f.stored != mimeType {
			continue
		}
		if f.convert == nil {
			return f.model, data, nil
		}
		out, err := f.convert(data)
		if err != nil {
			return "", nil, fmt.Errorf("media: %s for the model: %w", mimeType, err)
		}
		return f.model, out, nil
	}
	return "", nil, fmt.Errorf("media: stored type %q is not one this server sends", mimeType)
}

func unsupported(kind, why string) *tools.Error {
	return &tools.Error{Code: "unsupported_media_type", Field: kind, Status: http.StatusUnsupportedMediaType,
		Message: why + "; send " + kind + " as one of " + accepted(kind)}
}

func quoteOrEmpty(s string) string {
	if s == "" {
		return "(none)"
	}
	return `"` + s + `"`
}
