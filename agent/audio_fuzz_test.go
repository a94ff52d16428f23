package agent_test

import (
	"crypto/sha256"
	"testing"

	"github.com/baketracker/baketracker/agent"
)

// FuzzRemuxNeverPanicsAndEmitsValidStreams: whatever bytes arrive as
// audio/webm or audio/mp4, the remuxers refuse them or emit a stream that
// parses as Ogg Opus or ADTS. Seeded with the real recordings.
// go test ./agent/ -run '^$' -fuzz FuzzRemux -fuzztime 60s
func FuzzRemuxNeverPanicsAndEmitsValidStreams(f *testing.F) {
	f.Add(true, testdata(f, "purchase.webm"))
	f.Add(false, testdata(f, "purchase.m4a"))
	f.Add(false, testdata(f, "purchase-fragmented.mp4"))
	f.Fuzz(func(t *testing.T, webm bool, data []byte) {
		declared := map[bool]string{true: "audio/webm", false: "audio/mp4"}[webm]
		m, e := agent.NewMedia("audio", declared, data)
		if e != nil {
			if e.Status != 415 {
				t.Fatalf("refusal %+v, want 415", e)
			}
			return
		}
		sum := sha256.Sum256(data)
		mt, out, err := agent.ForModel(m.MIMEType, sum[:], m.Data)
		if err != nil {
			t.Fatalf("accepted at upload but not remuxed: %v", err)
		}
		if mt == "audio/ogg" {
			if _, err := checkOggOpus(out); err != nil {
				t.Fatalf("Ogg output: %v", err)
			}
		} else if _, _, _, _, err := checkADTS(out); err != nil {
			t.Fatalf("ADTS output: %v", err)
		}
	})
}
