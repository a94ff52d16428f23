package agent_test

import (
	"crypto/sha256"
	"testing"

	"github.com/baketracker/baketracker/agent"
)

// BenchmarkForModel: the per-turn cost of checking a stored recording's
// SHA-256 and remuxing it for the model.
// go test -run '^$' -bench ForModel ./agent/
func BenchmarkForModel(b *testing.B) {
	for _, r := range recordings {
		data := testdata(b, r.file)
		sum := sha256.Sum256(data)
		b.Run(r.file, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, _, err := agent.ForModel(r.stored, sum[:], data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
