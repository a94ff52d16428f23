// Package firebasetest gives tests a Firebase to verify against: Google's
// token-signing keys served locally (KeyServer), and the real Firebase Auth
// emulator from firebase-tools (Emulator). Only the network edge is
// replaced: the Admin SDK's own verification code runs unchanged.
package firebasetest

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// googleKeysHost is where the Admin SDK fetches the ID-token certificates.
const googleKeysHost = "www.googleapis.com:443"

// KeyServer serves one signing key as Google's certificate list. The Admin
// SDK builds its key-fetching client from a clone of http.DefaultTransport
// (it ignores option.WithHTTPClient for this), so the server is reached by
// a DefaultTransport whose dialer sends www.googleapis.com:443, and only
// that, to a local TLS server trusted through a test CA.
type KeyServer struct {
	key, other *rsa.PrivateKey
	kid        string
	failing    atomic.Bool
}

var (
	keysOnce sync.Once
	keys     *KeyServer
)

// Keys returns the process's key server, installing it on first use. Call
// it before creating the verifier under test: the SDK clones the transport
// when the client is made.
func Keys(t testing.TB) *KeyServer {
	t.Helper()
	keysOnce.Do(func() { keys = startKeyServer(t) })
	if keys == nil {
		t.Fatal("firebasetest: key server failed to start")
	}
	return keys
}

func startKeyServer(t testing.TB) *KeyServer {
	k := &KeyServer{key: newKey(t), other: newKey(t), kid: "test-key-1"}
	keyCert := selfSigned(t, k.key, "securetoken", nil)
	tlsKey := newKey(t)
	tlsCertDER := selfSigned(t, tlsKey, "www.googleapis.com", []string{"www.googleapis.com"})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if k.failing.Load() {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=60")
		_ = json.NewEncoder(w).Encode(map[string]string{
			k.kid: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: keyCert})),
		})
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{tlsCertDER}, PrivateKey: tlsKey}}}
	srv.StartTLS()
	roots := x509.NewCertPool()
	leaf, err := x509.ParseCertificate(tlsCertDER)
	if err != nil {
		t.Fatal(err)
	}
	roots.AddCert(leaf)

	base := http.DefaultTransport.(*http.Transport).Clone()
	dial := base.DialContext
	if dial == nil {
		dial = (&net.Dialer{Timeout: 5 * time.Second}).DialContext
	}
	local := srv.Listener.Addr().String()
	base.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == googleKeysHost {
			addr = local
		}
		return dial(ctx, network, addr)
	}
	base.Proxy = nil
	base.TLSClientConfig = &tls.Config{RootCAs: roots}
	http.DefaultTransport = base
	return k
}

// SetFailing makes the key endpoint answer 503, as an outage would. Verifiers
// created while it fails cannot fetch keys.
func (k *KeyServer) SetFailing(fail bool) { k.failing.Store(fail) }

// Claims are a valid ID token's claims for project and uid, issued now.
func Claims(project, uid, email string, verified bool) map[string]any {
	now := time.Now().Unix()
	return map[string]any{
		"iss": "https://securetoken.google.com/" + project, "aud": project, "sub": uid, "user_id": uid,
		"iat": now, "exp": now + 3600, "auth_time": now, "email": email, "email_verified": verified,
		"firebase": map[string]any{"sign_in_provider": "password", "identities": map[string]any{}},
	}
}

// Sign returns claims as an RS256 token signed with the served key.
func (k *KeyServer) Sign(t testing.TB, claims map[string]any) string {
	return signRS256(t, k.key, k.kid, claims)
}

// SignWithOtherKey signs with a key the server does not publish, under the
// published key id: a forgery.
func (k *KeyServer) SignWithOtherKey(t testing.TB, claims map[string]any) string {
	return signRS256(t, k.other, k.kid, claims)
}

// Unsigned returns claims as an "alg": "none" token, as the emulator issues.
func Unsigned(t testing.TB, claims map[string]any) string {
	return segment(t, map[string]any{"alg": "none", "typ": "JWT"}) + "." + segment(t, claims) + "."
}

func signRS256(t testing.TB, key *rsa.PrivateKey, kid string, claims map[string]any) string {
	t.Helper()
	signed := segment(t, map[string]any{"alg": "RS256", "typ": "JWT", "kid": kid}) + "." + segment(t, claims)
	sum := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func segment(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func newKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func selfSigned(t testing.TB, key *rsa.PrivateKey, cn string, dns []string) []byte {
	t.Helper()
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn}, DNSNames: dns,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}
