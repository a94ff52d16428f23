package agent_test

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baketracker/baketracker/agent"
)

// storageContract is what every Storage must do: Put then Get returns
// the same bytes (by SHA-256), the same key twice is fine, a missing
// object is ErrMediaMissing, and keys stay ids and hex digests.
func storageContract(t *testing.T, st agent.Storage, scheme string) {
	t.Helper()
	data := make([]byte, 256<<10)
	_, _ = rand.Read(data)
	sum := sha256.Sum256(data)
	key := "0b5e6f1c-3d0e-4f3a-9c57-2f8e0d1b7a11/" + hex.EncodeToString(sum[:])
	u, err := st.Put(t.Context(), key, data)
	if err != nil {
		t.Fatalf("put: %v", err)
	}
	if !strings.HasPrefix(u, scheme+"://") || !strings.HasSuffix(u, key) {
		t.Errorf("url %s, want %s:// ending in the key", u, scheme)
	}
	got, err := st.Get(t.Context(), u)
	if err != nil {
		t.Fatalf("get %s: %v", u, err)
	}
	if sha256.Sum256(got) != sum {
		t.Errorf("get %s: %d bytes with another SHA-256 than the %d put", u, len(got), len(data))
	}
	if again, err := st.Put(t.Context(), key, data); err != nil || again != u {
		t.Errorf("the same media again: %s %v, want %s", again, err, u)
	}
	small := []byte("OggS voice note")
	u2, err := st.Put(t.Context(), "tenant-2/abc123", small)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := st.Get(t.Context(), u2); err != nil || !bytes.Equal(got, small) {
		t.Errorf("get %s: %q %v", u2, got, err)
	}
	missing := strings.Replace(u, hex.EncodeToString(sum[:]), strings.Repeat("0", 64), 1)
	if _, err := st.Get(t.Context(), missing); !errors.Is(err, agent.ErrMediaMissing) {
		t.Errorf("missing object %s: %v, want ErrMediaMissing", missing, err)
	}
	for _, bad := range []string{"../escape", "/abs", "UPPER", "a/../../b", "", "a//b", "a/b/", "a b"} {
		if _, err := st.Put(t.Context(), bad, []byte("x")); err == nil {
			t.Errorf("key %q accepted", bad)
		}
	}
}

// TestFileStorageKeepsTheContract, and keeps media under its root.
func TestFileStorageKeepsTheContract(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	st, err := agent.OpenStorage("file://"+root, "", agent.S3Keys{})
	if err != nil {
		t.Fatal(err)
	}
	storageContract(t, st, "file")
	if _, err := st.Get(t.Context(), "file:///etc/passwd"); err == nil {
		t.Error("a URL outside the root was read")
	}
	def, err := agent.OpenStorage("", "/data", agent.S3Keys{})
	if err != nil || def.(agent.FileStorage).Root != filepath.Join("/data", "captures") {
		t.Errorf("default storage %+v %v, want file:// under the data folder", def, err)
	}
}

// TestS3StorageKeepsTheContractOnARealS3Server: the same contract over
// the network against s3rver (a real S3 REST server; it checks the access
// key but not V4 signatures); an unknown access key is refused, and
// another bucket's URL is not read.
func TestS3StorageKeepsTheContractOnARealS3Server(t *testing.T) {
	t.Parallel()
	srv := startS3Server(t)
	keys := agent.S3Keys{AccessKeyID: s3rverKey, SecretAccessKey: s3rverKey}
	st, err := agent.OpenStorage(srv.storageURL("media", "captures"), "", keys)
	if err != nil {
		t.Fatal(err)
	}
	storageContract(t, st, "s3")
	if _, err := st.Get(t.Context(), "s3://other-bucket/captures/a/b"); err == nil {
		t.Error("another bucket's URL was read")
	}
	wrong, err := agent.OpenStorage(srv.storageURL("media", ""), "", agent.S3Keys{AccessKeyID: "NOT-A-KEY", SecretAccessKey: s3rverKey})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wrong.Put(t.Context(), "t/abc", []byte("x")); err == nil || !strings.Contains(err.Error(), "Access Key") {
		t.Errorf("put with an unknown access key: %v, want the server's refusal", err)
	}
}

// TestStorageURLIsCheckedAtStartup: bad STORAGE_URLs fail with the
// setting named, before any request.
func TestStorageURLIsCheckedAtStartup(t *testing.T) {
	t.Parallel()
	keys := agent.S3Keys{AccessKeyID: "id", SecretAccessKey: "secret"}
	good := "s3://media?endpoint=https://0123abcd.r2.cloudflarestorage.com&region=auto"
	if _, err := agent.OpenStorage(good, "", keys); err != nil {
		t.Errorf("%s: %v", good, err)
	}
	for raw, want := range map[string]string{
		good:                               "AWS_ACCESS_KEY_ID",
		"s3://?endpoint=https://x":         "bucket",
		"s3://b?endpoint=ftp://x":          "endpoint",
		"s3://b?endpoint=https://x/path":   "endpoint",
		"s3://b?endpoint=https://x&zone=1": "unknown parameter",
		"s3://b/UPPER?endpoint=https://x":  "prefix",
		"ftp://x":                          "scheme",
		"file://relative":                  "absolute",
	} {
		k := keys
		if raw == good {
			k = agent.S3Keys{}
		}
		_, err := agent.OpenStorage(raw, "/data", k)
		if err == nil || !strings.Contains(err.Error(), "STORAGE_URL") || !strings.Contains(err.Error(), want) {
			t.Errorf("STORAGE_URL %q: %v, want an error about %s", raw, err, want)
		}
	}
}

func (s s3Server) storageURL(bucket, prefix string) string {
	u := url.URL{Scheme: "s3", Host: bucket, Path: "/" + prefix,
		RawQuery: url.Values{"endpoint": {s.endpoint}, "region": {"us-east-1"}}.Encode()}
	return u.String()
}
