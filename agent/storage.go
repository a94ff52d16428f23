package agent

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Storage keeps capture media. Keys are made of ids and hex digests only.
// Put returns the URL the media is recorded under; Get reads it back, and
// a URL whose object is gone is an error wrapping ErrMediaMissing.
// Implementations: file:// (FileStorage) and s3:// (S3Storage: Cloudflare
// R2 and other S3-compatible stores).
type Storage interface {
	Put(ctx context.Context, key string, data []byte) (string, error)
	Get(ctx context.Context, url string) ([]byte, error)
}

// ErrMediaMissing is a stored URL whose object is not there.
var ErrMediaMissing = errors.New("storage: the media is missing")

// S3Keys are the credentials of an s3:// STORAGE_URL, from
// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
type S3Keys struct {
	AccessKeyID, SecretAccessKey string
}

// OpenStorage opens STORAGE_URL; "" is file:// under dataDir/captures;
// s3://bucket?endpoint=…&region=… uses keys.
func OpenStorage(storageURL, dataDir string, keys S3Keys) (Storage, error) {
	if storageURL == "" {
		if dataDir == "" {
			return nil, errors.New("storage: no STORAGE_URL and no data folder")
		}
		return FileStorage{Root: filepath.Join(dataDir, "captures")}, nil
	}
	u, err := url.Parse(storageURL)
	if err != nil {
		return nil, fmt.Errorf("STORAGE_URL: %w", err)
	}
	switch u.Scheme {
	case "file":
		if !filepath.IsAbs(u.Path) {
			return nil, fmt.Errorf("STORAGE_URL: %q needs an absolute path, as file:///var/lib/baketracker/captures", storageURL)
		}
		return FileStorage{Root: u.Path}, nil
	case "s3":
		return OpenS3(u, keys)
	}
	return nil, fmt.Errorf("STORAGE_URL: %q: the scheme must be file:// or s3://", storageURL)
}

// FileStorage keeps media as files under Root.
type FileStorage struct{ Root string }

// Put writes data under key (atomically: a temporary file renamed).
func (f FileStorage) Put(_ context.Context, key string, data []byte) (string, error) {
	path, err := f.path(key)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return "", fmt.Errorf("storage: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".put-*")
	if err != nil {
		return "", fmt.Errorf("storage: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(tmp.Name())
		return "", fmt.Errorf("storage: write %s: %w", key, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		return "", fmt.Errorf("storage: %w", err)
	}
	return (&url.URL{Scheme: "file", Path: path}).String(), nil
}

// Get reads media back by the URL Put returned.
func (f FileStorage) Get(_ context.Context, raw string) ([]byte, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "file" {
		return nil, fmt.Errorf("storage: %q is not a file:// URL", raw)
	}
	rel, err := filepath.Rel(f.Root, u.Path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("storage: %q is outside %s", raw, f.Root)
	}
	data, err := os.ReadFile(u.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrMediaMissing, raw)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	return data, nil
}

func (f FileStorage) path(key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	return filepath.Join(f.Root, filepath.FromSlash(key)), nil
}

// checkKey keeps keys to ids and hex digests: a-z, 0-9, - and /, relative.
func checkKey(key string) error {
	for _, r := range key {
		if !keyRune(r) {
			return fmt.Errorf("storage: key %q has characters other than a-z, 0-9, - and /", key)
		}
	}
	if key == "" || strings.Contains(key, "..") || strings.HasPrefix(key, "/") || strings.HasSuffix(key, "/") || strings.Contains(key, "//") {
		return fmt.Errorf("storage: bad key %q", key)
	}
	return nil
}

func keyRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '/'
}
