package main

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
)

// TestOperationsConfig: the limit defaults to 100 a minute and 0 turns it
// off; TRUSTED_PROXIES takes ranges and bare addresses; bad values are
// refused naming the variable.
func TestOperationsConfig(t *testing.T) {
	t.Parallel()
	load := func(env map[string]string) (Config, error) {
		env["HOME"] = "/nonexistent"
		return loadConfig(func(k string) string { return env[k] })
	}
	c, err := load(map[string]string{})
	if err != nil || c.RateLimit != 100 || c.TrustedProxies != nil || c.MetricsAddr != "" {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = load(map[string]string{"RATE_LIMIT_PER_MINUTE": "0", "TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.7,fd00::/8", "METRICS_ADDR": "127.0.0.1:9090"})
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32"), netip.MustParsePrefix("fd00::/8")}
	if err != nil || c.RateLimit != 0 || !slices.Equal(c.TrustedProxies, want) || c.MetricsAddr != "127.0.0.1:9090" {
		t.Errorf("set: %+v %v", c, err)
	}
	for name, env := range map[string]map[string]string{
		"RATE_LIMIT_PER_MINUTE": {"RATE_LIMIT_PER_MINUTE": "lots"},
		"TRUSTED_PROXIES":       {"TRUSTED_PROXIES": "10.0.0.0/8,proxy.internal"},
		"METRICS_ADDR":          {"METRICS_ADDR": "9090"},
	} {
		if _, err := load(env); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%v: %v, want an error naming %s", env, err, name)
		}
	}
}
