package main

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestHelpEverywhere(t *testing.T) {
	t.Parallel()
	env := func(string) string { return "" }
	for _, args := range [][]string{
		{"--help"}, {"serve", "--help"}, {"migrate", "--help"}, {"mcp", "--help"},
		{"tenant", "--help"}, {"tenant", "create", "--help"}, {"token", "--help"}, {"token", "create", "--help"},
	} {
		var out strings.Builder
		err := run(t.Context(), args, env, strings.NewReader(""), &out, io.Discard)
		if err != nil && !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%v: %v", args, err)
		}
		if !strings.Contains(out.String(), "Usage") && !strings.Contains(out.String(), "baketracker") {
			t.Errorf("%v printed no usage: %q", args, out.String())
		}
	}
}

func TestConfig(t *testing.T) {
	t.Parallel()
	cfg, err := loadConfig(func(k string) string { return map[string]string{"PORT": "9000"}[k] })
	if err != nil || cfg.Addr != ":9000" || cfg.LogFormat != "json" || cfg.TokenCacheTTL.Seconds() != 5 {
		t.Fatalf("PORT=9000: %+v %v", cfg, err)
	}
	cfg, err = loadConfig(func(string) string { return "" })
	if err != nil || cfg.Addr != "127.0.0.1:8080" || cfg.DataDir != "" || cfg.DataDirSet {
		t.Fatalf("defaults: %+v %v", cfg, err)
	}
	for k, v := range map[string]string{"PORT": "http", "LOG_FORMAT": "xml", "LOG_LEVEL": "loud", "BAKETRACKER_TOKEN_CACHE": "soon"} {
		if _, err := loadConfig(func(key string) string { return map[string]string{k: v}[key] }); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: %v, want an error naming %s", k, v, err, k)
		}
	}
}
