// Command baketracker is BakeTracker Cloud: the HTTP and MCP server, the
// migration runner and the operator's tools, in one binary.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev" //nolint:gochecknoglobals // set by the linker

const usage = `baketracker — BakeTracker Cloud

Usage:
  baketracker serve [--no-migrate]            HTTP server: REST /api, MCP /mcp, /health, /ready
  baketracker migrate up|down|status          schema migrations
  baketracker mcp                             MCP over stdio (identity from BAKETRACKER_TOKEN)
  baketracker tenant create --name N --owner-email E
  baketracker token create --email E [--tenant ID] [--name L] [--read-only]
  baketracker token revoke --tenant ID --id TOKEN_ID
  baketracker import desktop FILE --tenant ID [--dry-run] [--json]
  baketracker import mobile FILE --tenant ID [--dry-run] [--json]
  baketracker export --tenant ID [-o FILE]
  baketracker healthcheck [--path /ready]   (exit 0 when the local server is ready)

Every command takes --help. Configuration comes from the environment:
DATABASE_URL (unset: a private PostgreSQL under BAKETRACKER_DATA_DIR),
BAKETRACKER_DATA_DIR ($XDG_DATA_HOME/baketracker or ~/.local/share/baketracker), PORT / BAKETRACKER_ADDR (127.0.0.1:8080),
LOG_LEVEL (info), LOG_FORMAT (json|text), CORS_ORIGINS, BAKETRACKER_TOKEN,
BAKETRACKER_TOKEN_CACHE (5s: how long a verified API token is trusted),
METRICS_TOKEN (the bearer token /metrics answers to; unset: no /metrics),
METRICS_ADDR (a listener of its own for /metrics), RATE_LIMIT_PER_MINUTE (100; 0: off),
TRUSTED_PROXIES (CIDR ranges whose X-Forwarded-For/-Proto count), SENTRY_DSN.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "baketracker:", err)
		os.Exit(1)
	}
}

// run is main without the process: tests call it with their own arguments,
// environment and streams.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return nil
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	env := &cmdEnv{cfg: cfg, stdin: stdin, stdout: stdout, stderr: stderr, logger: cfg.logger(stderr)}
	if args[0] == "serve" {
		// The server logs a line per request: batch the writes.
		logs := newBufferedLog(stderr)
		defer logs.Close()
		env.logger = cfg.logger(logs)
		env.accessLog = cfg.accessLog(logs)
	}
	switch args[0] {
	case "serve":
		return env.serve(ctx, args[1:])
	case "migrate":
		return env.migrate(ctx, args[1:])
	case "mcp":
		return env.mcpStdio(ctx, args[1:])
	case "tenant":
		return env.tenant(ctx, args[1:])
	case "token":
		return env.token(ctx, args[1:])
	case "import":
		return env.importCmd(ctx, args[1:])
	case "export":
		return env.exportCmd(ctx, args[1:])
	case "healthcheck":
		return env.healthcheck(ctx, args[1:])
	default:
		return fmt.Errorf("unknown command %q (see baketracker --help)", args[0])
	}
}

// newFlags returns a flag set whose --help prints usage to stdout and whose
// errors go to stderr.
func (e *cmdEnv) newFlags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: baketracker %s\n\nFlags:\n", synopsis)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
	}
	return fs
}
