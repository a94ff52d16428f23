package web

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/labstack/echo/v5"
)

// requestInfo is what the edge learns about a request and what the inner
// layers add to it (route, tenant, user) for the access log and the metrics.
// One mutable value on the context: Echo replaces the request's context as
// it goes, and the edge must still see what authentication found.
type requestInfo struct {
	clientAddress string
	https         bool
	route         string
	tenant, user  string
}

type requestInfoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	i, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return i
}

// proxies are the TRUSTED_PROXIES ranges: only a peer inside them may say
// who the client is (X-Forwarded-For) and whether it came over HTTPS
// (X-Forwarded-Proto).
type proxies []netip.Prefix

func (p proxies) trusted(a netip.Addr) bool {
	for _, n := range p {
		if n.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// client returns the client's address and whether the request came over
// HTTPS. The peer's own address counts unless it is a trusted proxy; then
// X-Forwarded-For is read from the right, skipping trusted proxies, so a
// client cannot plant an address by sending the header itself.
func (p proxies) client(r *http.Request) (string, bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	https := r.TLS != nil
	peer, err := netip.ParseAddr(host)
	if err != nil || !p.trusted(peer) {
		return host, https
	}
	if proto := r.Header.Values("X-Forwarded-Proto"); len(proto) > 0 {
		last := proto[len(proto)-1]
		if i := strings.LastIndexByte(last, ','); i >= 0 {
			last = last[i+1:]
		}
		https = strings.EqualFold(strings.TrimSpace(last), "https")
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	addr := host
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // garbage: stop at the last address we could trust
		}
		addr = a.Unmap().String()
		if !p.trusted(a) {
			break
		}
	}
	return addr, https
}

// edge is the outermost layer of every response: the client's address and
// scheme, the security headers, and the server-wide body limit.
func edge(trusted proxies, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := infoFrom(r.Context())
		if info == nil {
			info = &requestInfo{}
			r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))
		}
		info.clientAddress, info.https = trusted.client(r)
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "frame-ancestors 'none'")
		// Invitation links carry their code in the path: never send it on.
		h.Set("Referrer-Policy", "no-referrer")
		if info.https {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		if r.Method == http.MethodPost && r.URL.Path == "/api/captures" {
			// Captures bound their files themselves (readCapture), with a
			// 413 that names the files and the limit.
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > MaxBodyBytes {
			// Refused before anything reads it, whichever route it is for;
			// the connection closes so the rest of the body is not read.
			h.Set("Connection", "close")
			writeError(w, tooLarge())
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = limitedBody{http.MaxBytesReader(w, r.Body, MaxBodyBytes)}
		}
		next.ServeHTTP(w, r)
	})
}

// requestHTTPS reports whether r came over HTTPS, directly or through a
// trusted proxy.
func requestHTTPS(r *http.Request) bool {
	if i := infoFrom(r.Context()); i != nil {
		return i.https
	}
	return r.TLS != nil
}

// clientAddress is the client's address: the peer's, or what a trusted
// proxy says it is.
func clientAddress(r *http.Request) string {
	if i := infoFrom(r.Context()); i != nil && i.clientAddress != "" {
		return i.clientAddress
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limitedBody is a body that stops at MaxBodyBytes with an error that is
// both Echo's 413 (which the REST handlers recognise) and net/http's
// *MaxBytesError (which the MCP SDK recognises).
type limitedBody struct{ io.ReadCloser }

func (b limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return n, bodyTooLarge{tooBig}
	}
	return n, err
}

type bodyTooLarge struct{ *http.MaxBytesError }

func (e bodyTooLarge) Unwrap() []error {
	return []error{e.MaxBytesError, echo.ErrStatusRequestEntityTooLarge}
}
