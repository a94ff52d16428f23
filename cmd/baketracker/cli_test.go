package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDefaultDataDir: the data folder is the user's, not the current
// directory's, so running from another folder finds the same database.
func TestDefaultDataDir(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		env  map[string]string
		goos string
		want string
	}{
		{map[string]string{"XDG_DATA_HOME": "/data", "HOME": "/home/ann"}, "linux", "/data/baketracker"},
		{map[string]string{"HOME": "/home/ann"}, "linux", "/home/ann/.local/share/baketracker"},
		// The XDG spec ignores a relative XDG_DATA_HOME.
		{map[string]string{"XDG_DATA_HOME": "rel", "HOME": "/home/ann"}, "linux", "/home/ann/.local/share/baketracker"},
		{map[string]string{"HOME": "/Users/ann"}, "darwin", "/Users/ann/Library/Application Support/baketracker"},
		{map[string]string{}, "linux", ""},
	} {
		if got := defaultDataDir(func(k string) string { return c.env[k] }, c.goos); got != c.want {
			t.Errorf("%v on %s: %q, want %q", c.env, c.goos, got, c.want)
		}
	}
	cfg, err := loadConfig(func(k string) string {
		return map[string]string{"HOME": "/home/ann", "BAKETRACKER_DATA_DIR": "/srv/bt"}[k]
	})
	if err != nil || cfg.DataDir != "/srv/bt" || !cfg.DataDirSet {
		t.Errorf("BAKETRACKER_DATA_DIR does not override: %+v %v", cfg, err)
	}
	cfg, err = loadConfig(func(k string) string { return map[string]string{"HOME": "/home/ann"}[k] })
	if err != nil || cfg.DataDir != "/home/ann/.local/share/baketracker" && cfg.DataDir != "/home/ann/Library/Application Support/baketracker" {
		t.Errorf("default: %+v %v", cfg, err)
	}
	if err := run(t.Context(), []string{"migrate", "status"}, func(string) string { return "" },
		strings.NewReader(""), io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "BAKETRACKER_DATA_DIR") {
		t.Errorf("no home, no data folder: %v, want an error naming BAKETRACKER_DATA_DIR", err)
	}
}

// TestArgumentsCheckedBeforeTheDatabase: bad arguments fail at once with a
// message naming the argument, before any PostgreSQL starts — the data
// folder is never created.
func TestArgumentsCheckedBeforeTheDatabase(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	dataDir := filepath.Join(tmp, "data")
	env := map[string]string{"BAKETRACKER_DATA_DIR": dataDir}
	const tenant = "0b9c6a52-58a0-4c1e-9b8e-4f6f3c1f2d10"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"tenant", "create", "--owner-email", "ann@example.com"}, "--name"},
		{[]string{"tenant", "create", "--name", "  ", "--owner-email", "ann@example.com"}, "--name"},
		{[]string{"tenant", "create", "--name", "Ann's", "Bakery", "--owner-email", "ann@example.com"}, `unexpected argument "Bakery"`},
		{[]string{"token", "create"}, "--email"},
		{[]string{"token", "create", "--email", "ann@example.com", "--tenant", "ann"}, `--tenant "ann"`},
		{[]string{"token", "revoke", "--tenant", tenant, "--id", "42"}, `--id "42"`},
		{[]string{"token", "revoke", "--tenant", "x", "--id", tenant}, `--tenant "x"`},
		{[]string{"import", "desktop", filepath.Join(tmp, "missing.json"), "--tenant", tenant}, "missing.json"},
		{[]string{"import", "desktop", filepath.Join(tmp, "missing.json")}, "--tenant"},
		{[]string{"import", "phone", "x.json", "--tenant", tenant}, `unknown kind "phone"`},
		{[]string{"migrate", "sideways"}, `"sideways"`},
		{[]string{"export", "--tenant", "bakery"}, `--tenant "bakery"`},
		{[]string{"export", "--tenant", tenant, "-o", filepath.Join(tmp, "no", "such", "out.json")}, "folder does not exist"},
		{[]string{"mcp"}, "BAKETRACKER_TOKEN"},
	} {
		err := run(t.Context(), c.args, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error containing %q", c.args, err, c.want)
		}
		if _, serr := os.Stat(dataDir); serr == nil {
			t.Fatalf("%v created %s: the database was started before the arguments were checked", c.args, dataDir)
		}
	}
}
