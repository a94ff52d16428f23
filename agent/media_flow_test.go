package agent_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
)

// TestBrowserRecordingsArriveAtTheModelInADocumentedType: each real
// recording (Chrome's WebM, Safari's MP4 plain and fragmented, Firefox's
// Ogg), posted to /api/captures, is stored as uploaded with its SHA-256
// and reaches the fake Gemini as inline data of a documented type whose
// bytes parse as that type.
func TestBrowserRecordingsArriveAtTheModelInADocumentedType(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, r := range recordings {
		data := testdata(t, r.file)
		e.gemini.then(calls(call("c1", "add_purchase", flour)))
		v := decode[captureView](t, e.capture(e.tenant.Token, "", file{"audio", r.declared, data}), http.StatusCreated)
		sum := sha256.Sum256(data)
		if len(v.Media) != 1 || v.Media[0].MIMEType != r.stored || v.Media[0].SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s stored as %+v, want the original as %s with its SHA-256", r.file, v.Media, r.stored)
		}
		if v.Status != "proposed" {
			t.Errorf("%s: capture %s %s", r.file, v.Status, v.Detail)
		}
		sent := e.gemini.requests()
		blob := sent[len(sent)-1].Contents[0].Parts[0].InlineData
		if blob == nil {
			t.Fatalf("%s: no inline data sent", r.file)
		}
		checkForModel(t, r, blob.MIMEType, blob.Data)
	}
}

// TestCaptureFilesTogetherOverTenMegabytesIs413: a photo and a voice note
// each under the limit but over it together are refused with the one
// error shape naming the limit; nothing is stored, the model is not called.
func TestCaptureFilesTogetherOverTenMegabytesIs413(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	photo := append([]byte("\xff\xd8\xff"), bytes.Repeat([]byte{0}, 6<<20)...)
	voice := append(testdata(t, "purchase.ogg"), bytes.Repeat([]byte{0}, 5<<20)...)
	r := e.capture(e.tenant.Token, "", file{"image", "image/jpeg", photo}, file{"audio", "audio/ogg", voice})
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("%d %s, want 413", r.Status, r.Body)
	}
	if er := errorOf(t, r); er.Code != "payload_too_large" || !strings.Contains(er.Message, "10 MB") || er.Field == "" {
		t.Errorf("error %+v, want payload_too_large naming the field and 10 MB", er)
	}
	if n := len(e.gemini.requests()); n != 0 {
		t.Errorf("%d model calls for a refused capture", n)
	}
	listed := decode[struct{ Captures []captureView }](t, e.do(http.MethodGet, "/api/captures", e.tenant.Token, ""), http.StatusOK)
	if len(listed.Captures) != 0 {
		t.Errorf("%d captures stored for a refused capture", len(listed.Captures))
	}
}

// TestUploadWhoseBytesAreNotItsDeclaredTypeIs415: Safari's MP4 declared
// as WebM, and a JPEG declared as PNG, are refused naming the accepted
// types, and nothing is stored.
func TestUploadWhoseBytesAreNotItsDeclaredTypeIs415(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, f := range []file{{"audio", "audio/webm;codecs=opus", testdata(t, "purchase.m4a")}, {"image", "image/png", testdata(t, "shelf.jpg")}} {
		r := e.capture(e.tenant.Token, "", f)
		if r.Status != http.StatusUnsupportedMediaType {
			t.Fatalf("%s: %d %s, want 415", f.contentType, r.Status, r.Body)
		}
		want := map[string]string{"audio": "audio/webm, audio/mp4, audio/ogg", "image": "image/jpeg, image/png, image/webp, image/heic"}[f.field]
		if er := errorOf(t, r); er.Field != f.field || !strings.Contains(er.Message, "bytes are not") || !strings.Contains(er.Message, want) {
			t.Errorf("%s: error %+v, want the mismatch named with the accepted types", f.contentType, er)
		}
	}
	if n := len(e.gemini.requests()); n != 0 {
		t.Errorf("%d model calls for refused media", n)
	}
}
