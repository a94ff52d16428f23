package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// A sane X-Request-ID is echoed; a missing, overlong or unprintable one is
// replaced by a fresh id, so logs never carry what a client smuggled in.
func TestRequestIDEchoedOrGenerated(t *testing.T) {
	t.Parallel()
	e := newRESTEnv(t)
	if got := e.do(http.MethodGet, "/health", "", "", "X-Request-ID", "abc-123_x.y").Header.Get("X-Request-ID"); got != "abc-123_x.y" {
		t.Errorf("sane id came back as %q", got)
	}
	seen := map[string]bool{}
	for _, bad := range []string{"", strings.Repeat("a", 129), "two words", "tab\there", "caf\u00e9"} {
		got := e.do(http.MethodGet, "/health", "", "", "X-Request-ID", bad).Header.Get("X-Request-ID")
		if got == bad || len(got) != 32 || seen[got] {
			t.Errorf("id %q came back as %q, want a fresh 32-character id", bad, got)
		}
		seen[got] = true
	}
}
