package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHealthcheckFollowsReady: `baketracker healthcheck` exits 0 while the
// server's /ready answers 200 and fails on 503 or no server, on the address
// the server listens on (":PORT" means this host).
func TestHealthcheckFollowsReady(t *testing.T) {
	t.Parallel()
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ready" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	check := func() error {
		env := map[string]string{"PORT": port, "HOME": t.TempDir()}
		return run(context.Background(), []string{"healthcheck", "--timeout", "2s"}, func(k string) string { return env[k] },
			strings.NewReader(""), io.Discard, io.Discard)
	}
	if err := check(); err != nil {
		t.Errorf("ready server: %v", err)
	}
	status = http.StatusServiceUnavailable
	if err := check(); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("unready server: %v, want an error naming 503", err)
	}
	srv.Close()
	if err := check(); err == nil {
		t.Error("no server: healthcheck passed")
	}
}

// TestDockerfileBuildsAStaticNonRootImage reads the Dockerfile for what the
// image promises: a static binary, a non-root user, a health check that
// needs no shell, and PORT (which platforms set) rather than an address
// that would override it.
func TestDockerfileBuildsAStaticNonRootImage(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	df := string(b)
	for _, want := range []string{"CGO_ENABLED=0", "USER nonroot", `HEALTHCHECK`, `CMD ["/baketracker", "healthcheck"]`,
		"gcr.io/distroless/static", "PORT=8080"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if strings.Contains(df, "BAKETRACKER_ADDR=") {
		t.Error("Dockerfile sets BAKETRACKER_ADDR, which would override the platform's PORT")
	}
}

// TestDockerBuild builds the image where a Docker engine answers. Without
// one (this development machine has the client only) it skips, saying so.
func TestDockerBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not building the image")
	}
	docker, err := exec.LookPath("docker")
	if err != nil {
		t.Skip("no docker client on PATH: the image build is not exercised here")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, docker, "info").CombinedOutput(); err != nil {
		t.Skipf("no Docker engine answers (%v): the image build is not exercised here\n%s", err, engineError(out))
	}
	tag := "baketracker-test:" + time.Now().Format("20060102150405")
	build := exec.CommandContext(ctx, docker, "build", "-t", tag, "--build-arg", "VERSION=test", ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("docker build: %v\n%s", err, out)
	}
	defer func() { _ = exec.Command(docker, "rmi", "-f", tag).Run() }()
	out, err := exec.CommandContext(ctx, docker, "inspect", "--format", "{{.Config.User}} {{json .Config.Healthcheck.Test}}", tag).CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "nonroot") || !strings.Contains(string(out), "healthcheck") {
		t.Errorf("image config: %s (%v), want user nonroot and the healthcheck", out, err)
	}
	out, err = exec.CommandContext(ctx, docker, "run", "--rm", tag, "--help").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "healthcheck") {
		t.Errorf("docker run --help: %v\n%s", err, out)
	}
}

// engineError is the line of `docker info` that says why no engine answers.
func engineError(b []byte) string {
	for _, line := range strings.Split(string(b), "\n") {
		if strings.Contains(line, "rror") || strings.Contains(line, "annot connect") {
			return strings.TrimSpace(line)
		}
	}
	return ""
}
