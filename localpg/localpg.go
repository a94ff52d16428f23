// Package localpg runs a private PostgreSQL cluster for BakeTracker when no
// database has been configured.
//
// BakeTracker keeps all of its data in PostgreSQL. Requiring every developer,
// CI job and first-time user to provision a server and write a DATABASE_URL
// before `baketracker serve` does anything is needless friction, so when
// DATABASE_URL is unset the server runs a cluster of its own instead: localpg
// creates it with the machine's PostgreSQL binaries in a data folder the first
// time, starts it listening only on a socket private to that folder (or, when
// the folder's path is too long for a socket, on a free loopback port with a
// password), and stops it again when the caller is done. The data persists in
// the folder from one run to the next.
//
// The test suites use the same package so that a whole `go test ./...` run,
// with many test processes at once, shares one throwaway cluster instead of
// each paying for its own; the last process out stops it.
//
// Processes coordinate through flock(2) on files in the cluster folder: every
// user of the cluster holds a lock on localpg.lock for as long as it uses it
// (exclusively for serve, shared for tests), and decisions to initialize,
// start or stop the server are made while holding an exclusive lock on
// localpg.start.lock, so concurrent starters never both run initdb. The lock
// files are released by the kernel when a process dies; a server left behind
// by a crash is found through its postmaster.pid and reused.
//
// PostgreSQL refuses to run as root. When the caller is root, localpg runs
// initdb, pg_ctl and the server as the "postgres" system user and hands that
// user the cluster folder, which therefore must be reachable by it.
package localpg

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Files inside Options.Dir.
const (
	dataSubdir      = "data"                // PGDATA
	logName         = "postgres.log"        // server log (pg_ctl -l)
	useLockName     = "localpg.lock"        // held by every user for the Cluster's life; holds a pid
	startLockName   = "localpg.start.lock"  // held briefly around start/stop decisions
	stateName       = "localpg.json"        // where the running server listens, and its settings
	passwordName    = "localpg.password"    // superuser password, needed over TCP only
	initializedName = "localpg.initialized" // written once initdb has succeeded
)

const (
	unixPort      = 5432             // the socket directory is private, so the default port is free
	maxSocketPath = 107              // sizeof(sockaddr_un.sun_path) minus the terminating NUL
	pgctlWait     = 60               // seconds pg_ctl waits for start or stop
	lockWait      = 2 * time.Minute  // longest wait for another process's start/stop, absent a ctx deadline
	maxLogSize    = 16 << 20         // rotate postgres.log at start beyond this
	logTailBytes  = 4000             // how much of the log a start error quotes
	superuser     = "postgres"       // superuser role created by initdb
	readyTimeout  = 60 * time.Second // longest wait for a reused server to accept connections
)

// Options configures Start.
type Options struct {
	// Dir is the cluster folder, e.g. $BAKETRACKER_DATA_DIR/postgres. It is
	// created if missing and holds the data directory, socket, log and lock
	// files. Required.
	Dir string
	// Shared selects the locking mode. When false (serve), the Cluster has
	// exclusive use of Dir and a second Start on it fails with an error naming
	// Dir and the holder's pid. When true (tests), any number of processes may
	// use the running cluster at once, and the last one to Stop stops it.
	Shared bool
	// Settings are extra server settings, passed as `-c name=value`, e.g.
	// fsync=off for tests. Leave empty for anything whose data matters. When
	// fsync is "off", initdb also skips syncing. A server that is reused
	// keeps the settings it was started with, unless no other process uses
	// it, in which case it is restarted with these.
	Settings map[string]string
	// Logger receives progress messages; nil discards them.
	Logger *slog.Logger
}

// Cluster is a running local PostgreSQL server that this process uses. It is
// safe for concurrent use.
type Cluster struct {
	dir, dataDir string
	shared       bool
	log          *slog.Logger
	run          runner
	ep           endpoint
	password     string
	// created says this Start ran initdb: the folder holds a new, empty
	// cluster (see Created).
	created bool

	mu      sync.Mutex
	useLock *os.File // nil once stopped
}

// Created reports whether Start initialised a new cluster in its folder
// rather than opening an existing one. Callers say so, since a new, empty
// database where the user expected theirs is a wrong folder, not data loss.
func (c *Cluster) Created() bool { return c.created }

// endpoint records where a started server listens; it is saved in stateName
// so that other processes can reach a server they did not start.
type endpoint struct {
	SocketDir string            `json:"socket_dir,omitempty"` // unix socket mode
	Host      string            `json:"host,omitempty"`       // TCP fallback mode
	Port      int               `json:"port"`
	Settings  map[string]string `json:"settings,omitempty"`
}

// Start makes sure a PostgreSQL server is running for opts.Dir and returns a
// Cluster using it. On first use of Dir it runs initdb (superuser "postgres",
// trust authentication on the local socket only, UTF8, locale C). If a server
// for Dir is already running, left over from a crash or started by another
// process in Shared mode, it is reused; otherwise one is started. Callers must
// call Stop when done.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.Dir == "" {
		return nil, errors.New("localpg: Options.Dir is empty")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	for k := range opts.Settings {
		if k == "" || strings.ContainsAny(k, "= \t\n'\"") {
			return nil, fmt.Errorf("localpg: invalid setting name %q", k)
		}
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c := &Cluster{
		dir:     dir,
		dataDir: filepath.Join(dir, dataSubdir),
		shared:  opts.Shared,
		log:     logger.With("dir", dir),
		run:     runner{cwd: dir},
	}
	if err := c.run.prepareDir(dir); err != nil {
		return nil, err
	}

	unlock, err := lockStart(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	alone, err := c.acquireUse()
	if err != nil {
		return nil, err
	}
	if err := c.bringUp(ctx, alone, opts.Settings); err != nil {
		unlockClose(c.useLock)
		return nil, err
	}
	return c, nil
}

// acquireUse takes the use lock for c's mode. alone reports whether no other
// process was using the cluster.
func (c *Cluster) acquireUse() (alone bool, err error) {
	path := filepath.Join(c.dir, useLockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return false, fmt.Errorf("localpg: open lock file: %w", err)
	}
	inUse := func() error {
		b, _ := os.ReadFile(path)
		holder := strings.TrimSpace(string(b))
		if holder == "" {
			holder = "unknown"
		}
		how := ""
		if c.shared {
			how = " that needs it exclusively, e.g. baketracker serve"
		}
		return fmt.Errorf("localpg: cluster folder %s is in use by another process (pid %s)%s; stop it or use another folder", c.dir, holder, how)
	}
	fail := func(err error) (bool, error) {
		unlockClose(f)
		return false, err
	}
	switch err := flock(f, syscall.LOCK_EX|syscall.LOCK_NB); {
	case err == nil:
		if err := f.Truncate(0); err == nil {
			_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		}
		// Nobody can take the lock meanwhile: lockers hold the start lock.
		if c.shared {
			if err := flock(f, syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
				return fail(fmt.Errorf("localpg: lock %s: %w", path, err))
			}
		}
		c.useLock = f
		return true, nil
	case !errors.Is(err, syscall.EWOULDBLOCK):
		return fail(fmt.Errorf("localpg: lock %s: %w", path, err))
	case !c.shared:
		return fail(inUse())
	}
	switch err := flock(f, syscall.LOCK_SH|syscall.LOCK_NB); {
	case errors.Is(err, syscall.EWOULDBLOCK):
		return fail(inUse())
	case err != nil:
		return fail(fmt.Errorf("localpg: lock %s: %w", path, err))
	}
	c.useLock = f
	return false, nil
}

// bringUp initializes the cluster if needed and reuses or starts the server.
// It runs with the start lock held.
func (c *Cluster) bringUp(ctx context.Context, alone bool, settings map[string]string) error {
	initialized := c.initialized()
	version := ""
	if initialized {
		version = clusterVersion(c.dataDir)
	}
	binDir, err := findBinaries(version)
	if err != nil {
		return err
	}
	c.run.binDir = binDir
	if !initialized {
		if err := c.initdb(ctx, alone, settings["fsync"] == "off"); err != nil {
			return err
		}
		c.created = true
	}
	if b, err := os.ReadFile(filepath.Join(c.dir, passwordName)); err == nil {
		c.password = strings.TrimSpace(string(b))
	}

	if pid, _, running := postmasterStatus(c.dataDir); running {
		st, stErr := readState(c.dir)
		switch {
		case stErr == nil && maps.Equal(st.Settings, settings):
			c.log.Info("localpg: reusing running server", "pid", pid)
		case alone:
			c.log.Info("localpg: restarting running server with new settings", "pid", pid)
			if err := c.pgctlStop(ctx); err != nil {
				return err
			}
			return c.startServer(ctx, settings)
		case stErr == nil:
			c.log.Warn("localpg: reusing running server started with other settings", "pid", pid, "settings", st.Settings)
		default:
			return fmt.Errorf("localpg: a server for %s is running (pid %d) but where it listens is unknown: %w", c.dir, pid, stErr)
		}
		c.ep = st
		gone, err := c.waitReady(ctx, pid)
		if !gone {
			return err
		}
		c.log.Info("localpg: running server exited; starting a new one", "pid", pid)
	}
	return c.startServer(ctx, settings)
}

// initialized reports whether initdb has completed for c, by the marker
// file or, for a cluster made before the marker existed, by the server
// having been started on it (postmaster.opts), which it records.
func (c *Cluster) initialized() bool {
	marker := filepath.Join(c.dir, initializedName)
	if _, err := os.Stat(marker); err == nil {
		return true
	}
	for _, f := range []string{"PG_VERSION", "postmaster.opts"} {
		if _, err := os.Stat(filepath.Join(c.dataDir, f)); err != nil {
			return false
		}
	}
	_ = os.WriteFile(marker, []byte("(recorded later)\n"), 0o644)
	return true
}

// initdb creates the cluster. A data directory that is not initialized
// (see initialized) is the remains of an initdb that did not finish, and
// holds nothing that was ever served: it is removed first.
func (c *Cluster) initdb(ctx context.Context, alone, noSync bool) error {
	if _, err := os.Stat(c.dataDir); err == nil {
		if !alone {
			return fmt.Errorf("localpg: %s holds no finished cluster but others use the folder; move it away to start afresh", c.dataDir)
		}
		c.log.Warn("localpg: removing the remains of an unfinished initdb", "data", c.dataDir)
		if err := os.RemoveAll(c.dataDir); err != nil {
			return fmt.Errorf("localpg: initdb: %w", err)
		}
	}
	pwPath := filepath.Join(c.dir, passwordName)
	if err := c.run.writeOwned(pwPath, randomHex(16)+"\n"); err != nil {
		return fmt.Errorf("localpg: initdb: %w", err)
	}
	args := []string{"-D", c.dataDir, "-U", superuser, "-E", "UTF8", "--locale=C",
		"--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwPath}
	if noSync {
		args = append(args, "--no-sync")
	}
	c.log.Info("localpg: initializing cluster", "bin", c.run.binDir)
	start := time.Now()
	if out, err := c.run.command(ctx, "initdb", args...); err != nil {
		return fmt.Errorf("localpg: initdb: %w\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(c.dir, initializedName), []byte(start.UTC().Format(time.RFC3339)+"\n"), 0o644); err != nil {
		return fmt.Errorf("localpg: initdb: %w", err)
	}
	c.log.Info("localpg: cluster initialized", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// startServer chooses where to listen, records it, and starts the server.
func (c *Cluster) startServer(ctx context.Context, settings map[string]string) error {
	ep, err := chooseEndpoint(c.dir)
	if err != nil {
		return err
	}
	ep.Settings = settings
	if err := writeState(c.dir, ep); err != nil {
		return err
	}
	logPath := filepath.Join(c.dir, logName)
	var logOffset int64
	if fi, err := os.Stat(logPath); err == nil {
		if fi.Size() > maxLogSize {
			_ = os.Rename(logPath, logPath+".old")
		} else {
			logOffset = fi.Size()
		}
	}
	c.log.Info("localpg: starting server", "socket_dir", ep.SocketDir, "host", ep.Host, "port", ep.Port)
	start := time.Now()
	out, err := c.run.command(ctx, "pg_ctl", "start", "-w", "-t", strconv.Itoa(pgctlWait),
		"-D", c.dataDir, "-l", logPath, "-o", serverOptions(ep))
	if err != nil {
		return fmt.Errorf("localpg: pg_ctl start: %w\n%s\nserver log %s:\n%s",
			err, strings.TrimSpace(string(out)), logPath, logTail(logPath, logOffset))
	}
	c.log.Info("localpg: server started", "took", time.Since(start).Round(time.Millisecond))
	c.ep = ep
	return nil
}

// URL returns a libpq/pgx connection URL for the superuser and database
// dbname, e.g. postgres://postgres@/dbname?host=/path/to/dir&port=5432.
func (c *Cluster) URL(dbname string) string {
	u := url.URL{Scheme: "postgres", Path: "/" + dbname}
	if c.ep.SocketDir != "" {
		u.User = url.User(superuser)
		host := strings.ReplaceAll(url.QueryEscape(c.ep.SocketDir), "%2F", "/")
		u.RawQuery = "host=" + host + "&port=" + strconv.Itoa(c.ep.Port) + "&sslmode=disable"
	} else {
		u.User = url.UserPassword(superuser, c.password)
		u.Host = net.JoinHostPort(c.ep.Host, strconv.Itoa(c.ep.Port))
		u.RawQuery = "sslmode=disable"
	}
	return u.String()
}

// Stop releases the cluster. In exclusive mode it stops the server (pg_ctl
// stop -m fast); in shared mode it stops it only if no other process is using
// it. The data is kept. Stop is idempotent. ctx bounds the waiting: a ctx that
// is already canceled makes Stop give up on stopping the server, so shutdown
// paths should pass a fresh one (e.g. context.WithoutCancel).
func (c *Cluster) Stop(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.useLock == nil {
		return nil
	}
	f := c.useLock
	c.useLock = nil
	if !c.shared {
		defer unlockClose(f)
		return c.pgctlStop(ctx)
	}
	unlock, err := lockStart(ctx, c.dir)
	if err != nil {
		unlockClose(f)
		return err
	}
	// Release the use lock before the start lock, so a starter never sees it
	// held by a process that has finished stopping.
	defer unlock()
	defer unlockClose(f)
	switch err := flock(f, syscall.LOCK_EX|syscall.LOCK_NB); {
	case errors.Is(err, syscall.EWOULDBLOCK):
		c.log.Info("localpg: other processes still use the server; leaving it running")
		return nil
	case err != nil:
		return fmt.Errorf("localpg: lock %s: %w", f.Name(), err)
	}
	return c.pgctlStop(ctx)
}

// pgctlStop stops the server if it is running.
func (c *Cluster) pgctlStop(ctx context.Context) error {
	if _, _, running := postmasterStatus(c.dataDir); !running {
		return nil
	}
	c.log.Info("localpg: stopping server")
	out, err := c.run.command(ctx, "pg_ctl", "stop", "-w", "-t", strconv.Itoa(pgctlWait), "-m", "fast", "-D", c.dataDir)
	if err != nil {
		return fmt.Errorf("localpg: pg_ctl stop: %w\n%s", err, strings.TrimSpace(string(out)))
	}
	return nil
}
