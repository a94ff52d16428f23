package agent_test

import (
	"bytes"
	"crypto/sha256"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/agent"
)

// recording is one committed browser-format recording (testdata/README.md
// says how each was made) and what the model must receive for it.
type recording struct {
	file, declared, stored, model string
	// packets is the audio packet count ffprobe reported for the file.
	packets int
}

var recordings = []recording{
	{"purchase.webm", "audio/webm;codecs=opus", "audio/webm", "audio/ogg", 142},
	{"purchase.m4a", "audio/mp4", "audio/mp4", "audio/aac", 46},
	{"purchase-fragmented.mp4", "audio/mp4;codecs=mp4a.40.2", "audio/mp4", "audio/aac", 46},
	{"purchase.ogg", "audio/ogg;codecs=opus", "audio/ogg", "audio/ogg", 142},
}

func testdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkForModel: the model's bytes parse as the model's type and carry
// every packet of the recording.
func checkForModel(t *testing.T, r recording, mimeType string, data []byte) {
	t.Helper()
	if mimeType != r.model {
		t.Fatalf("%s sent as %s, want %s", r.file, mimeType, r.model)
	}
	switch mimeType {
	case "audio/ogg":
		n, err := checkOggOpus(data)
		if err != nil || n != r.packets {
			t.Errorf("%s as Ogg Opus: %d packets, %v; want %d", r.file, n, err, r.packets)
		}
	case "audio/aac":
		n, profile, freq, ch, err := checkADTS(data)
		// AAC-LC (profile 1), 16 kHz (index 8), mono, as recorded
		if err != nil || n != r.packets || profile != 1 || freq != 8 || ch != 1 {
			t.Errorf("%s as ADTS: %d frames profile %d freq %d ch %d, %v; want %d LC 16 kHz mono", r.file, n, profile, freq, ch, err, r.packets)
		}
	}
}

// TestBrowserRecordingsReachTheModelInADocumentedType: Chrome's WebM
// Opus becomes Ogg Opus and Safari's MP4 AAC (plain or fragmented) becomes
// ADTS, packets copied; Firefox's Ogg goes unchanged. The original is kept.
func TestBrowserRecordingsReachTheModelInADocumentedType(t *testing.T) {
	t.Parallel()
	for _, r := range recordings {
		data := testdata(t, r.file)
		m, e := agent.NewMedia("audio", r.declared, data)
		if e != nil {
			t.Fatalf("%s: %v", r.file, e)
		}
		if m.MIMEType != r.stored || !bytes.Equal(m.Data, data) {
			t.Errorf("%s kept as %s (%d bytes), want the original as %s", r.file, m.MIMEType, len(m.Data), r.stored)
		}
		sum := sha256.Sum256(data)
		mt, out, err := agent.ForModel(m.MIMEType, sum[:], m.Data)
		if err != nil {
			t.Fatalf("%s: %v", r.file, err)
		}
		checkForModel(t, r, mt, out)
	}
}

// TestStoredMediaThatNoLongerMatchesItsDigestIsNotSent: a changed object
// in storage is an error, not silently other audio.
func TestStoredMediaThatNoLongerMatchesItsDigestIsNotSent(t *testing.T) {
	t.Parallel()
	data := testdata(t, "purchase.ogg")
	sum := sha256.Sum256(data)
	changed := append([]byte(nil), data...)
	changed[len(changed)-1] ^= 1
	if _, _, err := agent.ForModel("audio/ogg", sum[:], changed); err == nil || !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("changed media: %v, want a SHA-256 mismatch", err)
	}
}

// TestDeclaredTypeMustMatchTheBytes: a file whose bytes are another
// format, or a recording too broken to remux, is a 415 naming the
// accepted types; nothing is sniffed into a type it was not declared as.
func TestDeclaredTypeMustMatchTheBytes(t *testing.T) {
	t.Parallel()
	webm, m4a, ogg := testdata(t, "purchase.webm"), testdata(t, "purchase.m4a"), testdata(t, "purchase.ogg")
	jpeg, png := testdata(t, "shelf.jpg"), testdata(t, "shelf.png")
	heic := []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
	avif := []byte("\x00\x00\x00\x14ftypavif\x00\x00\x00\x00avif")
	cases := []struct {
		kind, declared string
		data           []byte
	}{
		{"audio", "audio/webm", m4a},
		{"audio", "audio/mp4", webm},
		{"audio", "audio/ogg", webm},
		{"audio", "audio/mp4", heic},
		{"audio", "audio/webm", webm[:200]}, // headers only: no Opus packet
		{"audio", "audio/mp4", m4a[:40]},    // no movie box
		{"audio", "audio/aac", ogg},
		{"image", "image/png", jpeg},
		{"image", "image/jpeg", png},
		{"image", "image/webp", testdata(t, "purchase.ogg")},
		{"image", "image/heic", avif},
		{"image", "image/heic", m4a},
		{"audio", "image/png", png},
		{"image", "image/gif", []byte("GIF89a")},
		{"audio", "", ogg},
	}
	for _, c := range cases {
		_, e := agent.NewMedia(c.kind, c.declared, c.data)
		if e == nil {
			t.Errorf("%s %q with %q… accepted", c.kind, c.declared, c.data[:min(12, len(c.data))])
			continue
		}
		if e.Status != http.StatusUnsupportedMediaType || e.Field != c.kind || !strings.Contains(e.Message, "audio/webm, audio/mp4, audio/ogg") && !strings.Contains(e.Message, "image/jpeg, image/png, image/webp, image/heic, image/heif") {
			t.Errorf("%s %q: %+v, want a 415 on %s naming the accepted types", c.kind, c.declared, e, c.kind)
		}
	}
}

// TestEveryImageTypeGeminiDocumentsIsAccepted: JPEG, PNG and WebP made
// by a real encoder, and HEIC/HEIF by their ftyp brands, go as declared.
func TestEveryImageTypeGeminiDocumentsIsAccepted(t *testing.T) {
	t.Parallel()
	cases := map[string][]byte{
		"image/jpeg": testdata(t, "shelf.jpg"),
		"image/png":  testdata(t, "shelf.png"),
		"image/webp": testdata(t, "shelf.webp"),
		"image/heic": []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"),
		"image/heif": []byte("\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic"),
		"image/JPEG": testdata(t, "shelf.jpg"),
	}
	for declared, data := range cases {
		m, e := agent.NewMedia("image", declared, data)
		if e != nil {
			t.Errorf("%s: %v", declared, e)
			continue
		}
		sum := sha256.Sum256(data)
		mt, out, err := agent.ForModel(m.MIMEType, sum[:], m.Data)
		if err != nil || mt != strings.ToLower(declared) || !bytes.Equal(out, data) {
			t.Errorf("%s sent as %s (%v), want as declared and unchanged", declared, mt, err)
		}
	}
}
