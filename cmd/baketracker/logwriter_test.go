package main

import (
	"strings"
	"testing"
	"time"

	"github.com/baketracker/baketracker/dbtest"
)

// TestBufferedLogFlushesOnItsOwnAndOnClose: a line reaches the output
// within the flush interval without more writes, and Close writes the rest.
func TestBufferedLogFlushesOnItsOwnAndOnClose(t *testing.T) {
	t.Parallel()
	var out dbtest.SyncBuffer
	b := newBufferedLog(&out)
	_, _ = b.Write([]byte("first\n"))
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "first") {
		if time.Now().After(deadline) {
			t.Fatal("a buffered line was never flushed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, _ = b.Write([]byte("last\n"))
	b.Close()
	if got := out.String(); got != "first\nlast\n" {
		t.Errorf("after Close: %q", got)
	}
}
