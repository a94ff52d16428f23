package firebasetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Project is the emulator's project: demo-* projects exist only in the
// emulator, so nothing can reach a real one.
const Project = "demo-baketracker"

// Emulator is a running Firebase Auth emulator.
type Emulator struct {
	// Host is host:port, the value of FIREBASE_AUTH_EMULATOR_HOST.
	Host string
}

var (
	emuOnce sync.Once
	emu     *Emulator
	emuErr  error
)

// StartEmulator returns the process's Auth emulator, starting
// interop/node_modules/.bin/firebase (npm ci in interop/) on first use; it
// lives until the test binary exits. Without firebase-tools the test is
// skipped locally and fails under CI=true, where .ci/run installs it.
func StartEmulator(t testing.TB) *Emulator {
	t.Helper()
	bin, err := firebaseBinary()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("firebase-tools is required under CI: %v", err)
		}
		t.Skipf("Firebase Auth emulator not installed (run npm ci in interop/): %v", err)
	}
	emuOnce.Do(func() { emu, emuErr = start(bin) })
	if emuErr != nil {
		t.Fatalf("firebasetest: start emulator: %v", emuErr)
	}
	return emu
}

// firebaseBinary finds the firebase CLI that interop/package.json pins.
func firebaseBinary() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			bin := filepath.Join(dir, "interop", "node_modules", ".bin", "firebase")
			if _, err := os.Stat(bin); err != nil {
				return "", err
			}
			return bin, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the test directory")
		}
		dir = parent
	}
}

func start(bin string) (*Emulator, error) {
	dir, err := os.MkdirTemp("", "firebase-emulator-")
	if err != nil {
		return nil, err
	}
	ports, err := freePorts(3)
	if err != nil {
		return nil, err
	}
	conf := map[string]any{"emulators": map[string]any{
		"auth":              map[string]any{"host": "127.0.0.1", "port": ports[0]},
		"hub":               map[string]any{"host": "127.0.0.1", "port": ports[1]},
		"logging":           map[string]any{"host": "127.0.0.1", "port": ports[2]},
		"ui":                map[string]any{"enabled": false},
		"singleProjectMode": true,
	}}
	b, _ := json.Marshal(conf)
	config := filepath.Join(dir, "firebase.json")
	if err := os.WriteFile(config, b, 0o600); err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(dir, "emulator.log"))
	if err != nil {
		return nil, err
	}
	host := fmt.Sprintf("127.0.0.1:%d", ports[0])
	started := make(chan error, 1)
	go func() {
		// Pdeathsig ties the emulator to the thread that started it; locking
		// this goroutine to its thread for the process's life makes that the
		// test binary's life, however it exits.
		runtime.LockOSThread()
		cmd := exec.Command(bin, "emulators:start", "--only", "auth", "--project", Project, "--config", config) //nolint:gosec // G204: bin is the pinned firebase-tools under interop/node_modules
		cmd.Dir = dir
		// CI=true keeps the CLI from fetching its message of the day, which
		// waits for a network this machine does not have.
		cmd.Env = append(os.Environ(), "CI=true", "NO_UPDATE_NOTIFIER=1", "HOME="+dir, "TMPDIR="+dir)
		cmd.Stdout, cmd.Stderr = logFile, logFile
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		_ = cmd.Wait()
		select {} // keep the thread: its exit would kill a restarted emulator
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + host + "/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return &Emulator{Host: host}, nil
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	log, _ := os.ReadFile(logFile.Name())
	return nil, fmt.Errorf("not ready on %s after 2 minutes; log:\n%s", host, log)
}

func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// User is an emulator account.
type User struct {
	UID      string
	Email    string
	Password string
}

// SignUp creates an email/password user through the emulator's REST API, as
// the web client's SDK does.
func (e *Emulator) SignUp(t testing.TB, email string) User {
	t.Helper()
	u := User{Email: email, Password: "correct horse battery"}
	var out struct {
		LocalID string `json:"localId"`
	}
	e.call(t, "/identitytoolkit.googleapis.com/v1/accounts:signUp?key=any", "",
		map[string]any{"email": email, "password": u.Password, "returnSecureToken": true}, &out)
	u.UID = out.LocalID
	return u
}

// IDToken signs u in with their password and returns a fresh ID token, whose
// claims (email_verified) reflect the account now.
func (e *Emulator) IDToken(t testing.TB, u User) string {
	t.Helper()
	var out struct {
		IDToken string `json:"idToken"`
	}
	e.call(t, "/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=any", "",
		map[string]any{"email": u.Email, "password": u.Password, "returnSecureToken": true}, &out)
	if out.IDToken == "" {
		t.Fatalf("emulator: no ID token for %s", u.Email)
	}
	return out.IDToken
}

// VerifyEmail marks u's email verified (as following the emailed link would).
func (e *Emulator) VerifyEmail(t testing.TB, u User) {
	t.Helper()
	e.update(t, u, map[string]any{"emailVerified": true})
}

// Disable disables u, as an administrator would in the console.
func (e *Emulator) Disable(t testing.TB, u User) {
	t.Helper()
	e.update(t, u, map[string]any{"disableUser": true})
}

// update is the admin accounts:update; the emulator accepts "owner" as an
// administrator's credential.
func (e *Emulator) update(t testing.TB, u User, fields map[string]any) {
	t.Helper()
	fields["localId"] = u.UID
	e.call(t, "/identitytoolkit.googleapis.com/v1/projects/"+Project+"/accounts:update", "owner", fields, nil)
}

func (e *Emulator) call(t testing.TB, path, bearer string, body, out any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, "http://"+e.Host+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("emulator %s: %v", path, err)
	}
	defer resp.Body.Close()
	var raw json.RawMessage
	_ = json.NewDecoder(resp.Body).Decode(&raw)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("emulator %s: %d %s", path, resp.StatusCode, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("emulator %s: %v in %s", path, err, raw)
		}
	}
}
