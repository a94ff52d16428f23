package localpg

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Attach connects to a server that another process (baketracker serve) is
// running for dir, without taking any lock: one-off commands such as
// `baketracker tenant create` use it while the server holds the cluster.
// The returned Cluster's Stop does nothing.
func Attach(ctx context.Context, dir string) (*Cluster, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	dataDir := filepath.Join(dir, dataSubdir)
	pid, _, running := postmasterStatus(dataDir)
	if !running {
		return nil, fmt.Errorf("localpg: no server is running for %s", dir)
	}
	ep, err := readState(dir)
	if err != nil {
		return nil, fmt.Errorf("localpg: server for %s (pid %d) is running but where it listens is unknown: %w", dir, pid, err)
	}
	c := &Cluster{dir: dir, dataDir: dataDir, ep: ep, log: slog.New(slog.DiscardHandler)}
	if b, err := os.ReadFile(filepath.Join(dir, passwordName)); err == nil {
		c.password = strings.TrimSpace(string(b))
	}
	gone, err := c.waitReady(ctx, pid)
	if err != nil {
		return nil, err
	}
	if gone {
		return nil, fmt.Errorf("localpg: the server for %s (pid %d) exited", dir, pid)
	}
	return c, nil
}
