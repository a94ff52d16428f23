package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/web"
)

func mcpHTTPHandler(a *app, logger *slog.Logger) http.Handler {
	return web.MCPHandler(a.tokens, a.tools.NewMCPServer(version, false), a.tools.NewMCPServer(version, true), logger)
}

// mcpStdio serves MCP over stdin/stdout for local clients such as Claude
// Desktop. stdout carries the protocol, so everything else goes to stderr.
func (e *cmdEnv) mcpStdio(ctx context.Context, args []string) error {
	fs := e.newFlags("mcp", "mcp   (identity from BAKETRACKER_TOKEN)")
	if err := fs.Parse(args); err != nil {
		return err
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
	server := a.tools.NewMCPServer(version, id.ReadOnly)
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
