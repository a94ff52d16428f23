package agent_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// s3rverKey is s3rver's built-in access key and secret.
const s3rverKey = "S3RVER"

// s3Server is a running s3rver: a real S3 REST server in Node.js (it
// checks access keys, not V4 signatures), installed by `npm ci` in testdata/s3rver
// (.ci/run does), listening on the loopback with a bucket "media".
type s3Server struct{ endpoint string }

// startS3Server starts s3rver for one test and stops it after. Without
// it the test fails under CI=true and is skipped, saying how to install
// it, elsewhere.
func startS3Server(t *testing.T) s3Server {
	t.Helper()
	bin, err := filepath.Abs(filepath.Join("testdata", "s3rver", "node_modules", ".bin", "s3rver"))
	if err == nil {
		_, err = os.Stat(bin)
	}
	if err == nil {
		_, err = exec.LookPath("node")
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("s3rver is missing (%v): .ci/run must run npm ci in agent/testdata/s3rver", err)
		}
		t.Skipf("s3rver is not installed (%v): run npm ci in agent/testdata/s3rver", err)
	}
	cmd := exec.Command(bin, "-d", t.TempDir(), "-a", "127.0.0.1", "-p", "0", "--silent", "--configure-bucket", "media")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start s3rver: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr := make(chan string, 1)
	go func() {
		listening := regexp.MustCompile(`listening on (127\.0\.0\.1:\d+)`)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		close(addr)
	}()
	select {
	case a, ok := <-addr:
		if !ok {
			t.Fatal("s3rver exited before listening")
		}
		return s3Server{endpoint: "http://" + a}
	case <-time.After(30 * time.Second):
		t.Fatal("s3rver did not say where it listens within 30s")
	}
	return s3Server{}
}
