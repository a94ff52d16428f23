package localpg

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// serverBinaries are the programs localpg needs from one PostgreSQL bin dir.
var serverBinaries = []string{"initdb", "pg_ctl", "postgres"}

// FindBinaries returns the directory holding the PostgreSQL server programs
// (initdb, pg_ctl, postgres). It looks in $PATH, then in `pg_config --bindir`,
// then in /usr/lib/postgresql/<N>/bin, highest N first.
func FindBinaries() (dir string, err error) {
	return findBinaries("")
}

// findBinaries is FindBinaries restricted, when major is not empty, to
// binaries of that PostgreSQL major version (the one a data dir was made by).
func findBinaries(major string) (string, error) {
	var found []string
	for _, dir := range binaryCandidates() {
		if major == "" {
			return dir, nil
		}
		v := binariesVersion(dir)
		if v == major {
			return dir, nil
		}
		found = append(found, fmt.Sprintf("%s (version %s)", dir, v))
	}
	if major != "" && len(found) > 0 {
		return "", fmt.Errorf("localpg: the cluster was created by PostgreSQL %s but only other versions were found: %s; install PostgreSQL %s (Debian/Ubuntu: apt-get install postgresql-%s) or move the cluster folder away to start a new one",
			major, strings.Join(found, ", "), major, major)
	}
	return "", errors.New("localpg: no PostgreSQL server binaries (initdb, pg_ctl, postgres) found in $PATH, `pg_config --bindir` or /usr/lib/postgresql/*/bin; install the PostgreSQL server (Debian/Ubuntu: apt-get install postgresql) or set DATABASE_URL")
}

// binaryCandidates lists, in search order and without duplicates, the
// directories that hold all of serverBinaries.
func binaryCandidates() []string {
	var dirs []string
	add := func(dir string) {
		if dir == "" {
			return
		}
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			dir = r
		}
		if !slices.Contains(dirs, dir) && hasServerBinaries(dir) {
			dirs = append(dirs, dir)
		}
	}
	for _, name := range serverBinaries {
		if p, err := exec.LookPath(name); err == nil {
			if r, err := filepath.EvalSymlinks(p); err == nil {
				add(filepath.Dir(r)) // e.g. /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin
			}
			add(filepath.Dir(p))
		}
	}
	if p, err := exec.LookPath("pg_config"); err == nil {
		if out, err := exec.Command(p, "--bindir").Output(); err == nil {
			add(strings.TrimSpace(string(out)))
		}
	}
	versioned, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(versioned, func(a, b string) int {
		return compareVersions(filepath.Base(filepath.Dir(b)), filepath.Base(filepath.Dir(a)))
	})
	for _, dir := range versioned {
		add(dir)
	}
	return dirs
}

func hasServerBinaries(dir string) bool {
	for _, name := range serverBinaries {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
			return false
		}
	}
	return true
}

// compareVersions orders dotted numeric versions ("9.6" < "15").
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(as), len(bs)); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			return x - y
		}
	}
	return 0
}

var versionRE = regexp.MustCompile(`\(PostgreSQL\) (\d+)(?:\.(\d+))?`)

// binariesVersion returns the major version of the postgres in dir, in the
// form PG_VERSION uses ("15", or "9.6" before version 10), or "" if unknown.
func binariesVersion(dir string) string {
	out, err := exec.Command(filepath.Join(dir, "postgres"), "--version").Output()
	if err != nil {
		return ""
	}
	m := versionRE.FindStringSubmatch(string(out))
	if m == nil {
		return ""
	}
	if n, _ := strconv.Atoi(m[1]); n < 10 && m[2] != "" {
		return m[1] + "." + m[2]
	}
	return m[1]
}

// serverOptions renders the postgres command-line options for pg_ctl -o,
// which pg_ctl hands to /bin/sh, so every word is shell-quoted. The caller's
// settings come first so that the listening settings win.
func serverOptions(ep endpoint) string {
	var args []string
	for _, k := range slices.Sorted(maps.Keys(ep.Settings)) {
		args = append(args, "-c", k+"="+ep.Settings[k])
	}
	if ep.SocketDir != "" {
		dir := ep.SocketDir
		if strings.ContainsAny(dir, ", \t\"") { // the setting is a comma-separated list
			dir = `"` + strings.ReplaceAll(dir, `"`, `""`) + `"`
		}
		args = append(args, "-c", "listen_addresses=", "-c", "unix_socket_directories="+dir)
	} else {
		args = append(args, "-c", "listen_addresses="+ep.Host, "-c", "unix_socket_directories=")
	}
	args = append(args, "-p", strconv.Itoa(ep.Port))
	for i, a := range args {
		args[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(args, " ")
}

// ErrUnreachable is returned, wrapped, when running as root and the postgres
// user cannot traverse to the cluster folder (a checkout under /root, say).
var ErrUnreachable = errors.New("cluster folder not reachable by the postgres user")

// runner runs PostgreSQL programs, as the postgres user when we are root.
type runner struct {
	binDir string
	cwd    string
	cred   *syscall.Credential // nil unless running as root
}

// prepareDir creates the cluster folder, makes it private and, as root, gives
// it to the postgres user after checking that user can reach it.
func (r *runner) prepareDir(dir string) error {
	// Missing parents are made traversable (0755 less umask) so that, as
	// root, the postgres user can reach dir.
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("localpg: create cluster folder: %w", err)
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("localpg: create cluster folder: %w", err)
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup(superuser)
		if err != nil {
			return fmt.Errorf("localpg: running as root needs the %q system user to run PostgreSQL as (PostgreSQL refuses to run as root): %w", superuser, err)
		}
		// Unix ids are 32-bit: parsing at that size makes the conversions exact.
		uid32, uerr := strconv.ParseUint(u.Uid, 10, 32)
		gid32, gerr := strconv.ParseUint(u.Gid, 10, 32)
		if uerr != nil || gerr != nil {
			return fmt.Errorf("localpg: the %q user has ids %q:%q, not numbers", superuser, u.Uid, u.Gid)
		}
		uid, gid := int(uid32), int(gid32)
		cred := &syscall.Credential{Uid: uint32(uid32), Gid: uint32(gid32)}
		gids := []int{gid}
		if ids, err := u.GroupIds(); err == nil {
			for _, s := range ids {
				if g, err := strconv.ParseUint(s, 10, 32); err == nil && int(g) != gid {
					gids = append(gids, int(g))
					cred.Groups = append(cred.Groups, uint32(g))
				}
			}
		}
		for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
			if !searchable(p, uid, gids) {
				return fmt.Errorf("localpg: the cluster folder %s is not reachable by the %q user, which runs PostgreSQL when started as root: %s is not searchable (x) by it; use a data folder under /var/lib or /tmp (set BAKETRACKER_DATA_DIR): %w", dir, superuser, p, ErrUnreachable)
			}
			if p == "/" || p == "." {
				break
			}
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			return fmt.Errorf("localpg: give cluster folder to %s: %w", superuser, err)
		}
		r.cred = cred
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("localpg: %w", err)
	}
	return nil
}

// searchable reports whether a user with uid and groups gids may traverse
// path, by its permission bits (ACLs are not consulted).
func searchable(path string, uid int, gids []int) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	st := fi.Sys().(*syscall.Stat_t)
	perm := fi.Mode().Perm()
	switch {
	case int(st.Uid) == uid:
		return perm&0o100 != 0
	case slices.Contains(gids, int(st.Gid)):
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}

// writeOwned writes a private file readable by the user the server runs as.
func (r *runner) writeOwned(path, content string) error {
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		return err
	}
	if r.cred != nil {
		return os.Chown(path, int(r.cred.Uid), int(r.cred.Gid))
	}
	return nil
}

// command runs a program from binDir and returns its combined output.
func (r *runner) command(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(r.binDir, name), args...)
	cmd.Dir = r.cwd
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = []string{"LC_ALL=C"}
	for _, kv := range os.Environ() {
		// PG* variables (PGDATA, PGPORT, ...) and locale settings would
		// change what the programs do.
		if !strings.HasPrefix(kv, "PG") && !strings.HasPrefix(kv, "LC_") && !strings.HasPrefix(kv, "LANG") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if r.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: r.cred}
	}
	return cmd.CombinedOutput()
}
