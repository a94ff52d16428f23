package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestShutdownDrainsThenCutsOff: on SIGTERM (ctx ending) a request in
// flight still gets its answer and the server stops taking new ones; one
// that outlives the drain time is cut off, and serve returns saying so
// instead of hanging.
func TestShutdownDrainsThenCutsOff(t *testing.T) {
	t.Parallel()
	e := &cmdEnv{stderr: io.Discard, logger: slog.New(slog.DiscardHandler)}
	start := func(h http.Handler, drain time.Duration) (string, context.CancelFunc, chan error) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- serveHTTP(ctx, ln, h, e, drain) }()
		return "http://" + ln.Addr().String(), cancel, done
	}

	entered, release := make(chan struct{}), make(chan struct{})
	url, stop, done := start(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		<-release
		_, _ = w.Write([]byte("finished"))
	}), 10*time.Second)
	answer := make(chan string, 1)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			answer <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		answer <- string(b)
	}()
	<-entered
	stop()
	time.Sleep(100 * time.Millisecond) // let Shutdown close the listener
	if resp, err := http.Get(url); err == nil {
		resp.Body.Close()
		t.Error("a new request was accepted while draining")
	}
	close(release)
	if got := <-answer; got != "finished" {
		t.Errorf("the request in flight got %q, want its answer", got)
	}
	if err := <-done; err != nil {
		t.Errorf("serve after a clean drain: %v", err)
	}

	stuck, inside := make(chan struct{}), make(chan struct{})
	defer close(stuck)
	url, stop, done = start(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { close(inside); <-stuck }), 200*time.Millisecond)
	go func() {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
		}
	}()
	<-inside
	stop()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "cut off") {
			t.Errorf("serve with a stuck request: %v, want it to say the request was cut off", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return within its drain time")
	}
}
