package localpg

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// testSettings are what other packages' tests pass: speed over durability.
var testSettings = map[string]string{
	"fsync":              "off",
	"synchronous_commit": "off",
	"full_page_writes":   "off",
	"max_connections":    "200",
}

// clusterDir returns a fresh cluster folder. As root the server runs as the
// postgres user, which must be able to traverse the test's temp dirs; those
// are created 0700, so open them up (they belong to this test).
func clusterDir(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	if os.Geteuid() == 0 {
		for _, d := range []string{filepath.Dir(base), base} {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	return filepath.Join(base, "pg")
}

func start(t *testing.T, opts Options) *Cluster {
	t.Helper()
	c, err := Start(t.Context(), opts)
	if err != nil {
		t.Fatalf("Start(%+v): %v", opts, err)
	}
	t.Cleanup(func() {
		if err := c.Stop(context.Background()); err != nil {
			t.Errorf("cleanup Stop: %v", err)
		}
	})
	return c
}

func stop(t *testing.T, c *Cluster) {
	t.Helper()
	if err := c.Stop(t.Context()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
}

func connect(t *testing.T, c *Cluster) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), c.URL("postgres"))
	if err != nil {
		t.Fatalf("connect to %s: %v", c.URL("postgres"), err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func mustExec(t *testing.T, conn *pgx.Conn, sql string) {
	t.Helper()
	if _, err := conn.Exec(t.Context(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func queryString(t *testing.T, conn *pgx.Conn, sql string) string {
	t.Helper()
	var s string
	if err := conn.QueryRow(t.Context(), sql).Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

// assertDown checks that no server answers c's URL any more.
func assertDown(t *testing.T, c *Cluster) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	defer cancel()
	if conn, err := pgx.Connect(ctx, c.URL("postgres")); err == nil {
		conn.Close(ctx)
		t.Fatal("connected after the last Stop; the server should be down")
	}
	if _, _, running := postmasterStatus(c.dataDir); running {
		t.Fatal("postmaster still running after the last Stop")
	}
}

func TestStartFromNothingAndRestart(t *testing.T) {
	t.Parallel()
	dir := clusterDir(t)
	// Remains of an initdb killed early are cleared away, not fatal.
	if err := os.MkdirAll(filepath.Join(dir, dataSubdir), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, dataSubdir, "PG_VERSION"), []byte("15\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := start(t, Options{Dir: dir})

	cfg, err := pgx.ParseConfig(c.URL("postgres"))
	if err != nil {
		t.Fatalf("pgx.ParseConfig(%q): %v", c.URL("postgres"), err)
	}
	if cfg.Host != dir || cfg.User != "postgres" || cfg.Database != "postgres" {
		t.Fatalf("URL %q parses to host=%q user=%q db=%q; want the socket in %s as postgres", c.URL("postgres"), cfg.Host, cfg.User, cfg.Database, dir)
	}

	conn := connect(t, c)
	if got := queryString(t, conn, "select 1::text"); got != "1" {
		t.Fatalf("select 1 = %q", got)
	}
	// The cluster is set up as promised: UTF8, C locale, unix socket only.
	for setting, want := range map[string]string{"server_encoding": "UTF8", "lc_collate": "C", "listen_addresses": "", "fsync": "on"} {
		if got := queryString(t, conn, "show "+setting); got != want {
			t.Errorf("%s = %q, want %q", setting, got, want)
		}
	}
	mustExec(t, conn, "create table bakes (name text primary key)")
	mustExec(t, conn, "insert into bakes values ('sourdough')")
	conn.Close(t.Context())

	stop(t, c)
	assertDown(t, c)
	if err := c.Stop(t.Context()); err != nil {
		t.Fatalf("second Stop: %v (want idempotent)", err)
	}

	// Start again on the same folder: no new initdb, the row survived.
	c2 := start(t, Options{Dir: dir})
	conn = connect(t, c2)
	if got := queryString(t, conn, "select name from bakes"); got != "sourdough" {
		t.Fatalf("after restart, bakes holds %q, want sourdough", got)
	}
}

func TestExclusiveRefusesSecondUser(t *testing.T) {
	t.Parallel()
	dir := clusterDir(t)
	c := start(t, Options{Dir: dir, Settings: testSettings})

	for _, shared := range []bool{false, true} {
		c2, err := Start(t.Context(), Options{Dir: dir, Shared: shared})
		if err == nil {
			_ = c2.Stop(t.Context())
			t.Fatalf("second Start(Shared:%v) on a folder held exclusively succeeded", shared)
		}
		msg := err.Error()
		for _, want := range []string{dir, "in use", "pid " + strconv.Itoa(os.Getpid())} {
			if !strings.Contains(msg, want) {
				t.Errorf("Start(Shared:%v) error %q does not mention %q", shared, msg, want)
			}
		}
	}
	// The refused Starts must not have disturbed the holder's server.
	if got := queryString(t, connect(t, c), "select 'still up'"); got != "still up" {
		t.Fatalf("holder's server answered %q", got)
	}

	// Once the holder stops, the folder is free again.
	stop(t, c)
	c3 := start(t, Options{Dir: dir, Settings: testSettings})
	connect(t, c3)
}

func TestSharedLastOneOutStops(t *testing.T) {
	t.Parallel()
	dir := clusterDir(t)

	// Two users starting at once on a fresh folder: one initdb, one server.
	var clusters [2]*Cluster
	var errs [2]error
	var wg sync.WaitGroup
	for i := range clusters {
		wg.Go(func() {
			clusters[i], errs[i] = Start(t.Context(), Options{Dir: dir, Shared: true, Settings: testSettings})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("concurrent shared Start %d: %v", i, err)
		}
		t.Cleanup(func() {
			if err := clusters[i].Stop(context.Background()); err != nil {
				t.Errorf("stop cluster %d: %v", i, err)
			}
		})
	}
	a, b := clusters[0], clusters[1]
	if a.URL("x") != b.URL("x") {
		t.Fatalf("shared users got different servers: %s vs %s", a.URL("x"), b.URL("x"))
	}

	connA, connB := connect(t, a), connect(t, b)
	if got := queryString(t, connA, "show fsync"); got != "off" {
		t.Errorf("fsync = %q, want off from Settings", got)
	}
	if got := queryString(t, connA, "show max_connections"); got != "200" {
		t.Errorf("max_connections = %q, want 200 from Settings", got)
	}
	mustExec(t, connA, "create table shared_bakes (name text)")
	mustExec(t, connA, "insert into shared_bakes values ('croissant')")
	if got := queryString(t, connB, "select name from shared_bakes"); got != "croissant" {
		t.Fatalf("second user sees %q, want croissant", got)
	}

	connA.Close(t.Context())
	stop(t, a)
	if got := queryString(t, connB, "select count(*)::text from shared_bakes"); got != "1" {
		t.Fatalf("after the first Stop the second user's query returned %q", got)
	}
	connB.Close(t.Context())
	if got := queryString(t, connect(t, b), "select 'new conn'"); got != "new conn" {
		t.Fatalf("after the first Stop a new connection answered %q", got)
	}

	stop(t, b)
	assertDown(t, b)
}

func TestReuseAfterCrash(t *testing.T) {
	t.Parallel()
	dir := clusterDir(t)
	c := start(t, Options{Dir: dir, Settings: testSettings})
	pid, _, _ := postmasterStatus(c.dataDir)

	// A process that dies releases its lock but leaves the server running.
	crash := func(c *Cluster) {
		c.mu.Lock()
		defer c.mu.Unlock()
		unlockClose(c.useLock) // as the kernel does when a process dies
		c.useLock = nil
	}
	crash(c)
	c2 := start(t, Options{Dir: dir, Settings: testSettings})
	if got, _, _ := postmasterStatus(c2.dataDir); got != pid {
		t.Fatalf("postmaster pid %d after Start, want the running %d reused", got, pid)
	}
	connect(t, c2)

	// A leftover server with other settings is restarted when nobody uses it.
	crash(c2)
	other := maps.Clone(testSettings)
	other["work_mem"] = "7MB"
	c3 := start(t, Options{Dir: dir, Settings: other})
	if got, _, _ := postmasterStatus(c3.dataDir); got == pid {
		t.Fatal("server with other settings was reused, want a restart")
	}
	if got := queryString(t, connect(t, c3), "show work_mem"); got != "7MB" {
		t.Fatalf("work_mem = %q, want 7MB", got)
	}
	stop(t, c3)
	assertDown(t, c3)
}

func TestLongPathFallsBackToTCP(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(clusterDir(t), strings.Repeat("d", 100))
	c := start(t, Options{Dir: dir, Settings: testSettings})
	u := c.URL("postgres")
	if !strings.Contains(u, "@127.0.0.1:") {
		t.Fatalf("URL %q: want a 127.0.0.1 fallback for a %d-byte folder path", u, len(dir))
	}
	conn := connect(t, c)
	if got := queryString(t, conn, "show listen_addresses"); got != "127.0.0.1" {
		t.Fatalf("listen_addresses = %q, want 127.0.0.1", got)
	}
	// TCP is not trusted: without the password the server refuses.
	cfg, err := pgx.ParseConfig(u)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Password = ""
	if conn, err := pgx.ConnectConfig(t.Context(), cfg); err == nil {
		conn.Close(t.Context())
		t.Fatal("connected over TCP without a password")
	}
}

func TestFindBinaries(t *testing.T) {
	dir, err := FindBinaries()
	if err != nil {
		t.Fatalf("FindBinaries: %v", err)
	}
	for _, name := range []string{"initdb", "pg_ctl", "postgres"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.Mode().Perm()&0o111 == 0 {
			t.Errorf("FindBinaries() = %s, but %s there is not an executable: %v", dir, name, err)
		}
	}
	if v := binariesVersion(dir); v == "" {
		t.Errorf("cannot tell the version of the postgres in %s", dir)
	}
}

// helperEnv makes the test binary act as one more test process using the
// shared cluster in the named folder: see TestMain.
const helperEnv = "LOCALPG_TEST_HELPER_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(helperEnv); dir != "" {
		os.Exit(helperProcess(dir))
	}
	os.Exit(m.Run())
}

// helperProcess starts the shared cluster, prints "ready URL", waits for
// stdin to close, stops, and prints "stopped".
func helperProcess(dir string) int {
	ctx := context.Background()
	c, err := Start(ctx, Options{Dir: dir, Shared: true, Settings: testSettings})
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println("ready", c.URL("postgres"))
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := c.Stop(ctx); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println("stopped")
	return 0
}

func TestSharedAcrossProcesses(t *testing.T) {
	t.Parallel()
	dir := clusterDir(t)
	type helper struct {
		cmd   *osexec.Cmd
		stdin io.WriteCloser
		out   *bufio.Reader
	}
	var helpers []helper
	for range 3 { // started at once, on a folder with no cluster yet
		cmd := osexec.Command(os.Args[0])
		// GORACE: under -race a process otherwise lingers 1s at exit.
		cmd.Env = append(os.Environ(), helperEnv+"="+dir, "GORACE=atexit_sleep_ms=0")
		cmd.Stderr = os.Stderr
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { stdin.Close(); _ = cmd.Wait() })
		helpers = append(helpers, helper{cmd, stdin, bufio.NewReader(stdout)})
	}
	var url string
	for i, h := range helpers {
		line, err := h.out.ReadString('\n')
		u, ok := strings.CutPrefix(strings.TrimSpace(line), "ready ")
		if !ok {
			t.Fatalf("helper %d: %q, %v", i, line, err)
		}
		if i > 0 && u != url {
			t.Fatalf("helper %d got %s, helper 0 got %s", i, u, url)
		}
		url = u
	}
	log, err := os.ReadFile(filepath.Join(dir, logName))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(log), "ready to accept connections"); n != 1 {
		t.Fatalf("server log shows %d starts for 3 concurrent users, want 1:\n%s", n, log)
	}

	ping := func() error {
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, url)
		if err == nil {
			err = conn.Ping(ctx)
			conn.Close(ctx)
		}
		return err
	}
	for i, h := range helpers {
		h.stdin.Close()
		line, _ := h.out.ReadString('\n')
		if err := h.cmd.Wait(); err != nil || strings.TrimSpace(line) != "stopped" {
			t.Fatalf("helper %d: %q, %v", i, line, err)
		}
		err := ping()
		if last := i == len(helpers)-1; !last && err != nil {
			t.Fatalf("server down after %d of %d users stopped: %v", i+1, len(helpers), err)
		} else if last && err == nil {
			t.Fatal("server still up after every user stopped")
		}
	}
}
