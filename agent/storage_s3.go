package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Storage keeps media in a bucket of an S3-compatible store (Cloudflare
// R2, AWS S3, MinIO, …), under an optional key prefix.
type S3Storage struct {
	client *minio.Client
	bucket string
	prefix string // "" or ending in "/"
	// Timeout bounds each Put and Get.
	Timeout time.Duration
}

// DefaultStorageTimeout bounds one storage call.
const DefaultStorageTimeout = 30 * time.Second

// OpenS3 opens s3://bucket[/prefix]?endpoint=https://host&region=name.
// The endpoint defaults to AWS S3 and the region to us-east-1 (Cloudflare
// R2 wants region=auto). Nothing is sent until the first Put or Get.
func OpenS3(u *url.URL, keys S3Keys) (*S3Storage, error) {
	bucket := u.Host
	if bucket == "" || u.User != nil {
		return nil, fmt.Errorf("STORAGE_URL: %q: name the bucket, as s3://bucket?endpoint=https://…", u.Redacted())
	}
	if keys.AccessKeyID == "" || keys.SecretAccessKey == "" {
		return nil, errors.New("STORAGE_URL: s3:// needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	}
	q := u.Query()
	for k := range q {
		if k != "endpoint" && k != "region" {
			return nil, fmt.Errorf("STORAGE_URL: unknown parameter %q (endpoint and region are known)", k)
		}
	}
	endpoint := q.Get("endpoint")
	if endpoint == "" {
		endpoint = "https://s3.amazonaws.com"
	}
	ep, err := url.Parse(endpoint)
	if err != nil || (ep.Scheme != "https" && ep.Scheme != "http") || ep.Host == "" || (ep.Path != "" && ep.Path != "/") {
		return nil, fmt.Errorf("STORAGE_URL: endpoint %q must be an http(s)://host[:port] URL", endpoint)
	}
	region := q.Get("region")
	if region == "" {
		region = "us-east-1"
	}
	prefix := strings.Trim(u.Path, "/")
	if prefix != "" {
		if err := checkKey(prefix); err != nil {
			return nil, fmt.Errorf("STORAGE_URL: prefix: %w", err)
		}
		prefix += "/"
	}
	client, err := minio.New(ep.Host, &minio.Options{
		Creds:  credentials.NewStaticV4(keys.AccessKeyID, keys.SecretAccessKey, ""),
		Secure: ep.Scheme == "https",
		Region: region,
	})
	if err != nil {
		return nil, fmt.Errorf("STORAGE_URL: %w", err)
	}
	return &S3Storage{client: client, bucket: bucket, prefix: prefix, Timeout: DefaultStorageTimeout}, nil
}

// Put uploads data under key, with its MD5 for the store to check. The
// payload is not signed chunk by chunk (aws-chunked), which not every
// S3-compatible store reads; over https TLS protects it, and Content-MD5
// catches corruption either way.
func (s *S3Storage) Put(ctx context.Context, key string, data []byte) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	name := s.prefix + key
	_, err := s.client.PutObject(ctx, s.bucket, name, bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: "application/octet-stream", SendContentMd5: true, DisableContentSha256: true})
	if err != nil {
		return "", fmt.Errorf("storage: put s3://%s/%s: %w", s.bucket, name, err)
	}
	return (&url.URL{Scheme: "s3", Host: s.bucket, Path: "/" + name}).String(), nil
}

// Get downloads the object Put recorded under raw.
func (s *S3Storage) Get(ctx context.Context, raw string) ([]byte, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" || u.Host != s.bucket || !strings.HasPrefix(u.Path, "/"+s.prefix) {
		return nil, fmt.Errorf("storage: %q is not in s3://%s/%s", raw, s.bucket, s.prefix)
	}
	name := strings.TrimPrefix(u.Path, "/")
	if err := checkKey(name); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	obj, err := s.client.GetObject(ctx, s.bucket, name, minio.GetObjectOptions{})
	if err != nil {
		return nil, s3Error(raw, err)
	}
	defer func() { _ = obj.Close() }()
	// One capture's files are at most MaxCaptureBytes together.
	data, err := io.ReadAll(io.LimitReader(obj, MaxCaptureBytes+1))
	if err != nil {
		return nil, s3Error(raw, err)
	}
	if len(data) > MaxCaptureBytes {
		return nil, fmt.Errorf("storage: %s is larger than a capture may be", raw)
	}
	return data, nil
}

func s3Error(raw string, err error) error {
	if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
		return fmt.Errorf("%w: %s", ErrMediaMissing, raw)
	}
	return fmt.Errorf("storage: get %s: %w", raw, err)
}
