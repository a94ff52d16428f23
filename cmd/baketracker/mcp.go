package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// toolsetsFlag is --toolsets, defaulting to BAKETRACKER_TOOLSETS.
func toolsetsFlag(fs *flag.FlagSet, cfg Config) *string {
	return fs.String("toolsets", cfg.Toolsets, "comma-separated toolsets to serve ("+tools.ToolsetNames()+"), or all")
}

// mcpStdio serves MCP over stdin/stdout for local clients such as Claude
// Desktop. stdout carries the protocol, so everything else goes to stderr.
func (e *cmdEnv) mcpStdio(ctx context.Context, args []string) error {
	fs := e.newFlags("mcp", "mcp [--toolsets catalog,pantry,…]   (identity from BAKETRACKER_TOKEN)")
	toolsets := toolsetsFlag(fs, e.cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := tools.SelectToolsets([]string{*toolsets}); err != nil {
		return fmt.Errorf("--toolsets: %w", err)
	}
	if e.cfg.Token == "" {
		return errors.New("BAKETRACKER_TOKEN is not set: create one with `baketracker token create --email you@example.com`")
	}
	a, err := e.openApp(ctx, false, true)
	if err != nil {
		return err
	}
	defer a.close()
	id, err := a.tokens.Verify(ctx, e.cfg.Token)
	if err != nil {
		return fmt.Errorf("BAKETRACKER_TOKEN: %w", err)
	}
	server := tools.MustRegistry(a.tools, *toolsets).MCPServer(version, id.ReadOnly)
	// The process may run for days: check the token on every call (the
	// verifier's cache keeps that cheap) so a revocation applies here as it
	// does over HTTP.
	token := e.cfg.Token
	server.AddReceivingMiddleware(func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			if method == "tools/call" || method == "tools/list" {
				if _, err := a.tokens.Verify(ctx, token); err != nil {
					return nil, fmt.Errorf("BAKETRACKER_TOKEN: %w", err)
				}
			}
			return next(ctx, method, req)
		}
	})
	transport := &mcp.IOTransport{Reader: readCloser{e.stdin}, Writer: writeCloser{e.stdout}}
	if err := server.Run(identity.WithIdentity(ctx, id), transport); err != nil && ctx.Err() == nil {
		return fmt.Errorf("mcp: %w", err)
	}
	return nil
}
