package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// healthcheck GETs /ready on the server's own address and fails unless it
// answers 200: the container image has no shell or curl, so its
// HEALTHCHECK runs the binary itself.
func (e *cmdEnv) healthcheck(ctx context.Context, args []string) error {
	fs := e.newFlags("healthcheck", "healthcheck [--path /ready] [--timeout 3s]")
	path := fs.String("path", "/ready", "the path to GET")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(e.cfg.Addr)
	if err != nil {
		return fmt.Errorf("BAKETRACKER_ADDR: %w", err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	url := "http://" + net.JoinHostPort(host, port) + *path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %d", url, resp.StatusCode)
	}
	fmt.Fprintln(e.stdout, "ok")
	return nil
}
