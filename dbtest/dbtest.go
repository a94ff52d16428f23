// Package dbtest gives tests a real PostgreSQL with no set-up: one throwaway
// cluster (package localpg) shared by every test process of a `go test ./...`
// run, or the server named by TEST_DATABASE_URL. The schema is migrated once
// into a template database; each test process clones its own database from it,
// and tests isolate themselves further by creating their own tenants.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { dbtest.Main(m) }
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/localpg"
	"github.com/baketracker/baketracker/schema"
	"github.com/baketracker/baketracker/store"
)

// server is the process-wide test server. Package state is deliberate here:
// one cluster and one cloned database serve every test in the process.
var server struct { //nolint:gochecknoglobals // see above
	urlFor  func(db string) string
	cluster *localpg.Cluster
	db      string // this process's database, cloned from the template
	keep    bool   // db is TEST_DATABASE_URL's own (TEST_DATABASE_AS_IS): never dropped
	once    sync.Once
	store   *store.Store
	err     error
}

// Main starts (or joins) the test server, runs the tests, drops this
// process's database and leaves the shared cluster (the last process out
// stops it).
func Main(m *testing.M) {
	code := func() int {
		ctx := context.Background()
		if err := start(ctx); err != nil {
			log.Printf("dbtest: %v", err)
			return 1
		}
		defer stop(ctx)
		return m.Run()
	}()
	os.Exit(code)
}

func start(ctx context.Context) error {
	if url := os.Getenv("TEST_DATABASE_URL"); url != "" {
		cfg, err := pgx.ParseConfig(url)
		if err != nil {
			return fmt.Errorf("TEST_DATABASE_URL: %w", err)
		}
		server.urlFor = func(db string) string { return withDatabase(url, db) }
		if os.Getenv("TEST_DATABASE_AS_IS") != "" {
			// The database is used as it is, already migrated: a Citus
			// coordinator's distributed database (scale/citus-check.sh),
			// whose shards a cloned template would not have. Tests that
			// need a database of their own (NewDatabase) do not fit.
			server.db, server.keep = cfg.Database, true
			return nil
		}
	} else {
		c, err := localpg.Start(ctx, localpg.Options{
			Dir:    filepath.Join(os.TempDir(), fmt.Sprintf("baketracker-test-pg-%d", os.Getuid())),
			Shared: true,
			// Durability buys nothing for a throwaway cluster.
			Settings: map[string]string{
				"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
				"max_connections": "300",
			},
		})
		if err != nil {
			return err
		}
		server.cluster = c
		server.urlFor = c.URL
	}
	db, err := cloneTemplate(ctx)
	if err != nil {
		return err
	}
	server.db = db
	return nil
}

func stop(ctx context.Context) {
	if server.store != nil {
		server.store.Close()
	}
	if server.db != "" && !server.keep {
		if err := dropDatabase(ctx, server.db); err != nil {
			log.Printf("dbtest: %v", err)
		}
	}
	if server.cluster != nil {
		if err := server.cluster.Stop(ctx); err != nil {
			log.Printf("dbtest: stop cluster: %v", err)
		}
	}
}

// ServerURL is a superuser URL for database db on the test server.
func ServerURL(db string) string { return server.urlFor(db) }

// DatabaseURL is a superuser URL for this process's migrated database.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	if server.db == "" {
		t.Fatal("dbtest: no database: call dbtest.Main from TestMain")
	}
	return server.urlFor(server.db)
}

// Store is a store.Store on this process's database, shared by the process's
// tests. Its login is a superuser, so it also proves that requests drop to the
// request role.
func Store(t testing.TB) *store.Store {
	t.Helper()
	server.once.Do(func() {
		server.store, server.err = store.Open(context.Background(), DatabaseURL(t), store.Options{MaxConns: 20})
	})
	if server.err != nil {
		t.Fatalf("dbtest: open store: %v", server.err)
	}
	return server.store
}

// NewDatabase clones a fresh migrated database for one test (for tests that
// need a whole database to themselves) and drops it at cleanup.
func NewDatabase(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	db, err := cloneTemplate(ctx)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() {
		if err := dropDatabase(context.Background(), db); err != nil {
			t.Errorf("dbtest: %v", err)
		}
	})
	return server.urlFor(db)
}

// cloneTemplate makes sure the template for the current schema exists and
// clones it. Both run under an advisory lock on the maintenance database, so
// concurrent test processes build the template once.
func cloneTemplate(ctx context.Context) (string, error) {
	conn, err := pgx.Connect(ctx, server.urlFor("postgres"))
	if err != nil {
		return "", fmt.Errorf("connect to test server: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(7268721)"); err != nil {
		return "", fmt.Errorf("lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(7268721)") //nolint:errcheck // the session ends right after

	tpl, err := templateName()
	if err != nil {
		return "", err
	}
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", tpl).Scan(&exists); err != nil {
		return "", fmt.Errorf("find template: %w", err)
	}
	if !exists {
		if err := buildTemplate(ctx, conn, tpl); err != nil {
			return "", err
		}
	}
	dropAbandoned(ctx, conn)

	db := fmt.Sprintf("bt_test_%d_%s", os.Getpid(), randomHex(4))
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s",
		pgx.Identifier{db}.Sanitize(), pgx.Identifier{tpl}.Sanitize())); err != nil {
		return "", fmt.Errorf("clone template: %w", err)
	}
	return db, nil
}

func buildTemplate(ctx context.Context, conn *pgx.Conn, tpl string) error {
	build := tpl + "_build"
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{build}.Sanitize()); err != nil {
		return fmt.Errorf("drop stale template build: %w", err)
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{build}.Sanitize()); err != nil {
		return fmt.Errorf("create template: %w", err)
	}
	if err := store.MigrateUp(ctx, server.urlFor(build), nil); err != nil {
		return fmt.Errorf("migrate template: %w", err)
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s RENAME TO %s",
		pgx.Identifier{build}.Sanitize(), pgx.Identifier{tpl}.Sanitize())); err != nil {
		return fmt.Errorf("finish template: %w", err)
	}
	return nil
}

var testDBName = regexp.MustCompile(`^bt_test_(\d+)_[0-9a-f]+$`) //nolint:gochecknoglobals // compiled once

// dropAbandoned drops databases left by test processes that died before
// cleaning up (their pid is gone), and templates of older schemas.
func dropAbandoned(ctx context.Context, conn *pgx.Conn) {
	tpl, _ := templateName()
	rows, err := conn.Query(ctx, "SELECT datname FROM pg_database WHERE datname LIKE 'bt\\_%'")
	if err != nil {
		return
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return
	}
	for _, name := range names {
		drop := false
		if m := testDBName.FindStringSubmatch(name); m != nil {
			pid, _ := strconv.Atoi(m[1])
			drop = !processAlive(pid)
		} else if len(name) > 7 && name[:7] == "bt_tpl_" && name != tpl {
			drop = true
		}
		if drop {
			_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
		}
	}
}

func dropDatabase(ctx context.Context, db string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server.urlFor("postgres"))
	if err != nil {
		return fmt.Errorf("drop %s: %w", db, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{db}.Sanitize()+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop %s: %w", db, err)
	}
	return nil
}

// templateName changes whenever a migration file changes.
func templateName() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(schema.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(schema.FS, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\n%d\n", path, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hash schema: %w", err)
	}
	return "bt_tpl_" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

// withDatabase points a URL or keyword/value connection string at db.
func withDatabase(conn, db string) string {
	if strings.HasPrefix(conn, "postgres://") || strings.HasPrefix(conn, "postgresql://") {
		if u, err := url.Parse(conn); err == nil {
			u.Path = "/" + db
			return u.String()
		}
	}
	return conn + " dbname=" + db
}

func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	_, err := os.Stat(fmt.Sprintf("/proc/%d", pid))
	return err == nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
