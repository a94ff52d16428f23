package main

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/dbtest"
)

// TestMCPStdio runs `baketracker mcp` with BAKETRACKER_TOKEN over pipes and
// talks to it with the go-sdk client, as Claude Desktop would.
func TestMCPStdio(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	env := map[string]string{"DATABASE_URL": dbtest.DatabaseURL(t), "LOG_FORMAT": "text"}
	getenv := func(k string) string { return env[k] }

	var out, errOut dbtest.SyncBuffer
	if err := run(ctx, []string{"tenant", "create", "--name", "Stdio Bakery", "--owner-email", "stdio@example.com"},
		getenv, nil, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	var nt struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal([]byte(out.String()), &nt); err != nil {
		t.Fatal(err)
	}
	env["BAKETRACKER_TOKEN"] = nt.Token

	clientIn, serverOut := io.Pipe()
	serverIn, clientOut := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"mcp"}, getenv, serverIn, serverOut, &errOut)
		serverOut.Close()
	}()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "stdio-test", Version: "0"}, nil).
		Connect(ctx, &mcp.IOTransport{Reader: clientIn, Writer: clientOut}, nil)
	if err != nil {
		t.Fatalf("connect: %v\n%s", err, errOut.String())
	}
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "create_ingredient", Arguments: map[string]any{"name": "Stdio Sugar"}})
	if err != nil || res.IsError {
		t.Fatalf("create_ingredient: %v %+v", err, res)
	}
	res, err = cs.CallTool(ctx, &mcp.CallToolParams{Name: "list_ingredients", Arguments: map[string]any{"query": "stdio"}})
	if err != nil || res.IsError {
		t.Fatalf("list_ingredients: %v %+v", err, res)
	}
	b, _ := json.Marshal(res.StructuredContent)
	var listed struct {
		Ingredients []struct{ Name string }
	}
	if err := json.Unmarshal(b, &listed); err != nil || len(listed.Ingredients) != 1 || listed.Ingredients[0].Name != "Stdio Sugar" {
		t.Fatalf("list_ingredients returned %s", b)
	}
	_ = cs.Close()
	clientOut.Close()
	if err := <-done; err != nil {
		t.Fatalf("mcp exited with %v", err)
	}
}

// TestMCPStdioNeedsToken: without BAKETRACKER_TOKEN the command says what to do.
func TestMCPStdioNeedsToken(t *testing.T) {
	t.Parallel()
	err := run(t.Context(), []string{"mcp"}, func(string) string { return "" }, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "BAKETRACKER_TOKEN") {
		t.Fatalf("got %v, want an error naming BAKETRACKER_TOKEN", err)
	}
}
