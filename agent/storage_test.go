package agent_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/agent"
)

// TestFileStorageKeepsMediaUnderItsRoot: media round-trips, and keys or
// URLs that would leave the root are refused.
func TestFileStorageKeepsMediaUnderItsRoot(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	st, err := agent.OpenStorage("file://"+root, "")
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.Put(t.Context(), "tenant-1/abc123", []byte("photo"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u, "file://"+root) {
		t.Errorf("url %s is not under %s", u, root)
	}
	if got, err := st.Get(t.Context(), u); err != nil || string(got) != "photo" {
		t.Errorf("get %s: %q %v", u, got, err)
	}
	for _, key := range []string{"../escape", "/abs", "UPPER", "a/../../b"} {
		if _, err := st.Put(t.Context(), key, []byte("x")); err == nil {
			t.Errorf("key %q accepted", key)
		}
	}
	if _, err := st.Get(t.Context(), "file:///etc/passwd"); err == nil {
		t.Error("a URL outside the root was read")
	}
	def, err := agent.OpenStorage("", "/data")
	if err != nil || def.(agent.FileStorage).Root != filepath.Join("/data", "captures") {
		t.Errorf("default storage %+v %v, want file:// under the data folder", def, err)
	}
	for _, bad := range []string{"s3://bucket", "ftp://x", "file://relative"} {
		if _, err := agent.OpenStorage(bad, "/data"); err == nil {
			t.Errorf("STORAGE_URL %q accepted", bad)
		}
	}
}
