package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTypeScriptClient runs the official TypeScript MCP SDK client
// (interop/client.mjs) against a running server. .ci/run installs it; on a
// developer machine without `npm ci` in interop/ the test says so and skips,
// but under CI a missing install fails.
func TestTypeScriptClient(t *testing.T) {
	t.Parallel()
	interop, err := filepath.Abs("../../interop")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(interop, "node_modules", "@modelcontextprotocol", "sdk")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("interop/node_modules is missing under CI: .ci/run must run npm ci in interop/")
		}
		t.Skip("the TypeScript MCP SDK is not installed: run `(cd interop && npm ci)` to include this test")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is required for the interoperability test: %v", err)
	}

	b := newBinary(t)
	base, stop := b.serve()
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	}()
	out, err := b.run("tenant", "create", "--name", "Interop Bakery", "--owner-email", "interop@example.com")
	if err != nil {
		t.Fatal(err)
	}
	var tenant struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal([]byte(out), &tenant); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(interop, "client.mjs"), base+"/mcp", tenant.Token)
	cmd.Dir = interop
	raw, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("node client: %v\n%s", err, stderr)
	}
	var got struct {
		Server struct{ Name string }
		Tools  []struct {
			Name     string
			ReadOnly bool
		}
		Created map[string]any
		Listed  struct {
			Ingredients []map[string]any
		}
		Bad struct {
			IsError bool
			Text    string
		}
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("client printed %s: %v", raw, err)
	}
	if got.Server.Name != "baketracker" {
		t.Errorf("server name %q", got.Server.Name)
	}
	names := map[string]bool{}
	for _, tool := range got.Tools {
		names[tool.Name] = tool.ReadOnly
	}
	if ro, ok := names["list_ingredients"]; !ok || !ro {
		t.Errorf("list_ingredients missing or not read-only in %v", got.Tools)
	}
	if ro, ok := names["create_ingredient"]; !ok || ro {
		t.Errorf("create_ingredient missing or marked read-only in %v", got.Tools)
	}
	if got.Created["name"] != "Interop Flour" || got.Created["id"] == "" {
		t.Errorf("create_ingredient returned %v", got.Created)
	}
	if len(got.Listed.Ingredients) != 1 || got.Listed.Ingredients[0]["name"] != "Interop Flour" {
		t.Errorf("list_ingredients returned %v", got.Listed.Ingredients)
	}
	if !got.Bad.IsError || !strings.Contains(got.Bad.Text, "default_unit") {
		t.Errorf("bad unit: %+v, want a tool error naming default_unit", got.Bad)
	}
}
