package dbtest

import (
	"testing"
)

// fakeTB records how a helper ended a test without ending this one.
type fakeTB struct {
	testing.TB
	failed, skipped bool
}

func (f *fakeTB) Helper()               {}
func (f *fakeTB) Fatalf(string, ...any) { f.failed = true }
func (f *fakeTB) Skipf(string, ...any)  { f.skipped = true }

// TestMissingTestdataFailsUnderCI: a missing shared file is a failure under
// CI and a skip (with a message) elsewhere.
func TestMissingTestdataFailsUnderCI(t *testing.T) {
	ci := &fakeTB{TB: t}
	missingTestdata(ci, true, "/nowhere/x.json")
	if !ci.failed || ci.skipped {
		t.Errorf("under CI: failed %v skipped %v, want a failure", ci.failed, ci.skipped)
	}
	dev := &fakeTB{TB: t}
	missingTestdata(dev, false, "/nowhere/x.json")
	if dev.failed || !dev.skipped {
		t.Errorf("without CI: failed %v skipped %v, want a skip", dev.failed, dev.skipped)
	}
}

// TestSharedTestdataReads reads a real file when the folder is there.
func TestSharedTestdataReads(t *testing.T) {
	if b := SharedTestdata(t, "desktop-sample_data_min.json"); len(b) < 1000 {
		t.Errorf("desktop-sample_data_min.json: %d bytes", len(b))
	}
}
