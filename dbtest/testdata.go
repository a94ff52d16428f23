package dbtest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// SharedTestdata returns the desktop app's real export name from
// ../shared/testdata beside the repository root. Missing, it skips the test
// with a message on a developer's machine but fails it under CI (CI set, as
// CI systems do), where a skip would silently drop the coverage of real files.
func SharedTestdata(t testing.TB, name string) []byte {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "shared", "testdata", name)
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		missingTestdata(t, os.Getenv("CI") != "", path)
		return nil
	}
	if err != nil {
		t.Fatalf("shared test data: %v", err)
	}
	return b
}

// missingTestdata fails under CI and skips elsewhere; split out so a test
// can check both without touching the environment.
func missingTestdata(t testing.TB, ci bool, path string) {
	t.Helper()
	const where = "the desktop exports live in ../shared/testdata beside the repository root"
	if ci {
		t.Fatalf("%s not found under CI (%s)", path, where)
		return
	}
	t.Skipf("%s not found (%s); CI fails here", path, where)
}
