package localpg

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clusterVersion returns the major version that initialized dataDir, or ""
// if it has not been initialized.
func clusterVersion(dataDir string) string {
	b, err := os.ReadFile(filepath.Join(dataDir, "PG_VERSION"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// postmasterStatus reads dataDir/postmaster.pid and reports the postmaster's
// pid, its status line ("starting", "ready", "stopping", ...) and whether
// that process is alive. Like PostgreSQL itself, it treats a pid that cannot
// be signalled (EPERM) as someone else's process, i.e. the file as stale.
func postmasterStatus(dataDir string) (pid int, status string, running bool) {
	b, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		return 0, "", false
	}
	lines := strings.Split(string(b), "\n")
	pid, err = strconv.Atoi(strings.TrimSpace(lines[0]))
	if err != nil || pid <= 0 {
		return 0, "", false
	}
	if len(lines) > 7 {
		status = strings.TrimSpace(lines[7])
	}
	return pid, status, syscall.Kill(pid, 0) == nil
}

// waitReady waits until the server with the given postmaster pid accepts
// connections. gone reports that the postmaster exited meanwhile.
func (c *Cluster) waitReady(ctx context.Context, pid int) (gone bool, err error) {
	deadline := time.Now().Add(readyTimeout)
	network, addr := c.ep.dialAddr()
	for {
		p, status, running := postmasterStatus(c.dataDir)
		if !running || p != pid {
			return true, nil
		}
		if status == "ready" {
			conn, err := net.DialTimeout(network, addr, time.Second)
			if err == nil {
				conn.Close()
				return false, nil
			}
		}
		if time.Now().After(deadline) {
			return false, fmt.Errorf("localpg: server for %s (pid %d) is running but not accepting connections at %s after %s", c.dir, pid, addr, readyTimeout)
		}
		select {
		case <-ctx.Done():
			return false, fmt.Errorf("localpg: waiting for server: %w", ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// logTail returns the server log written since offset (or, if nothing was,
// the end of the log), at most logTailBytes of it.
func logTail(path string, offset int64) string {
	f, err := os.Open(path)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	if offset >= fi.Size() {
		offset = 0
	}
	offset = max(offset, fi.Size()-logTailBytes)
	b, _ := io.ReadAll(io.NewSectionReader(f, offset, fi.Size()-offset))
	return strings.TrimSpace(string(b))
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails on Linux
	return hex.EncodeToString(b)
}

// chooseEndpoint picks a unix socket in dir if its path fits in sun_path,
// otherwise a free port on 127.0.0.1.
func chooseEndpoint(dir string) (endpoint, error) {
	if len(filepath.Join(dir, ".s.PGSQL."+strconv.Itoa(unixPort))) <= maxSocketPath {
		return endpoint{SocketDir: dir, Port: unixPort}, nil
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return endpoint{}, fmt.Errorf("localpg: find a free port: %w", err)
	}
	defer l.Close()
	return endpoint{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port}, nil
}

func (ep endpoint) dialAddr() (network, addr string) {
	if ep.SocketDir != "" {
		return "unix", filepath.Join(ep.SocketDir, ".s.PGSQL."+strconv.Itoa(ep.Port))
	}
	return "tcp", net.JoinHostPort(ep.Host, strconv.Itoa(ep.Port))
}

func readState(dir string) (endpoint, error) {
	var ep endpoint
	b, err := os.ReadFile(filepath.Join(dir, stateName))
	if err != nil {
		return ep, err
	}
	if err := json.Unmarshal(b, &ep); err != nil {
		return ep, fmt.Errorf("localpg: parse %s: %w", stateName, err)
	}
	if ep.Port == 0 || (ep.SocketDir == "") == (ep.Host == "") {
		return ep, fmt.Errorf("localpg: %s has no usable endpoint", stateName)
	}
	return ep, nil
}

func writeState(dir string, ep endpoint) error {
	b, err := json.MarshalIndent(ep, "", "  ")
	if err != nil {
		return fmt.Errorf("localpg: %w", err)
	}
	tmp := filepath.Join(dir, stateName+".tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("localpg: write %s: %w", stateName, err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, stateName)); err != nil {
		return fmt.Errorf("localpg: write %s: %w", stateName, err)
	}
	return nil
}

// lockStart takes the exclusive start lock, polling so that ctx is honored.
func lockStart(ctx context.Context, dir string) (unlock func(), err error) {
	path := filepath.Join(dir, startLockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("localpg: open start lock: %w", err)
	}
	deadline := time.Now().Add(lockWait)
	for {
		err := flock(f, syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { unlockClose(f) }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("localpg: lock %s: %w", path, err)
		}
		if _, ok := ctx.Deadline(); !ok && time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("localpg: another process has held %s for over %s", path, lockWait)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("localpg: waiting for %s: %w", path, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}

// unlockClose releases f's lock and closes it. Unlocking explicitly matters:
// a child being forked concurrently by this process holds a copy of the
// descriptor until it execs, which would keep the lock alive past Close.
func unlockClose(f *os.File) {
	_ = flock(f, syscall.LOCK_UN)
	f.Close()
}
