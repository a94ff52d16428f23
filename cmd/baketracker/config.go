package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
	"github.com/baketracker/baketracker/web/ui"
)

// Config is every setting the binary reads from the environment, read once
// here and passed down; nothing else calls os.Getenv.
type Config struct {
	DatabaseURL string
	DataDir     string
	// DataDirSet says BAKETRACKER_DATA_DIR was given (not the default).
	DataDirSet  bool
	Addr        string
	LogLevel    slog.Level
	LogFormat   string
	CORSOrigins []string
	// TokenCacheTTL is how long a verified API token is trusted without a
	// database read; a revoked token stops working within it.
	TokenCacheTTL time.Duration
	// Token is BAKETRACKER_TOKEN, the identity of `baketracker mcp`.
	Token string
	// Toolsets is BAKETRACKER_TOOLSETS: the comma-separated toolsets that
	// serve and mcp offer ("" or "all": every one); --toolsets overrides.
	Toolsets string
	// MetricsToken is METRICS_TOKEN: /metrics answers only to it, and not
	// at all when it is empty.
	MetricsToken string

	// Firebase sign-in: FIREBASE_PROJECT_ID turns it on;
	// FIREBASE_AUTH_EMULATOR_HOST points it at the emulator (demo-* projects
	// only); GOOGLE_APPLICATION_CREDENTIALS or FIREBASE_ADMIN_SDK_JSON is a
	// service account, which adds revocation checks.
	FirebaseProjectID     string
	FirebaseEmulatorHost  string
	GoogleCredentialsFile string
	FirebaseAdminSDKJSON  string
	// SignupOpen is SIGNUP=open (the default): a verified person's first
	// request creates their household. SIGNUP=invite: invitations only.
	SignupOpen bool
	// Gemini is GEMINI_API_KEY, GEMINI_MODEL and GEMINI_BASE_URL: the
	// agent behind /api/captures (no key: captures answer 503 ai_disabled).
	Gemini agent.Config
	// StorageURL is STORAGE_URL, where capture media is kept ("": file://
	// under the data folder; s3://bucket?endpoint=…&region=… for R2 or any
	// S3-compatible store).
	StorageURL string

	// Operations (issue 14).
	// RateLimit is RATE_LIMIT_PER_MINUTE: requests per minute per caller on
	// /api and /mcp, shared by every replica (0: no limit).
	RateLimit int
	// TrustedProxies is TRUSTED_PROXIES: the CIDR ranges (or addresses)
	// whose X-Forwarded-For and X-Forwarded-Proto are believed.
	TrustedProxies []netip.Prefix
	// MetricsAddr is METRICS_ADDR: a listen address of its own for
	// /metrics without a token ("": none).
	MetricsAddr string
	// SentryDSN is SENTRY_DSN: 5xx answers and panics are reported there.
	SentryDSN string
	// The sign-in page's Firebase web configuration: FIREBASE_WEB_API_KEY
	// (the public web API key; with the emulator any text will do),
	// FIREBASE_AUTH_DOMAIN, and FIREBASE_GOOGLE_SIGNIN=true to offer Google.
	FirebaseWebAPIKey  string
	FirebaseAuthDomain string
	FirebaseGoogle     bool
	// StorageKeys are AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the
	// credentials of an s3:// STORAGE_URL.
	StorageKeys agent.S3Keys
}

// defaultRateLimit is the requests per minute per caller when
// RATE_LIMIT_PER_MINUTE is unset.
const defaultRateLimit = 100

// loadConfig reads the environment through getenv.
func loadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL:   getenv("DATABASE_URL"),
		DataDir:       getenv("BAKETRACKER_DATA_DIR"),
		Addr:          getenv("BAKETRACKER_ADDR"),
		LogFormat:     strings.ToLower(getenv("LOG_FORMAT")),
		Token:         getenv("BAKETRACKER_TOKEN"),
		Toolsets:      getenv("BAKETRACKER_TOOLSETS"),
		MetricsToken:  getenv("METRICS_TOKEN"),
		TokenCacheTTL: 5 * time.Second,

		FirebaseProjectID:     getenv("FIREBASE_PROJECT_ID"),
		FirebaseEmulatorHost:  getenv("FIREBASE_AUTH_EMULATOR_HOST"),
		GoogleCredentialsFile: getenv("GOOGLE_APPLICATION_CREDENTIALS"),
		FirebaseAdminSDKJSON:  getenv("FIREBASE_ADMIN_SDK_JSON"),
		Gemini: agent.Config{APIKey: getenv("GEMINI_API_KEY"), Model: getenv("GEMINI_MODEL"),
			BaseURL: getenv("GEMINI_BASE_URL")},
		StorageURL:  getenv("STORAGE_URL"),
		RateLimit:   defaultRateLimit,
		MetricsAddr: getenv("METRICS_ADDR"),
		SentryDSN:   getenv("SENTRY_DSN"),

		FirebaseWebAPIKey:  getenv("FIREBASE_WEB_API_KEY"),
		FirebaseAuthDomain: getenv("FIREBASE_AUTH_DOMAIN"),
		FirebaseGoogle:     strings.EqualFold(strings.TrimSpace(getenv("FIREBASE_GOOGLE_SIGNIN")), "true"),
		StorageKeys:        agent.S3Keys{AccessKeyID: getenv("AWS_ACCESS_KEY_ID"), SecretAccessKey: getenv("AWS_SECRET_ACCESS_KEY")},
	}
	if err := c.loadOperations(getenv); err != nil {
		return Config{}, err
	}
	if c.Gemini.Model == "" {
		c.Gemini.Model = agent.DefaultModel
	}
	switch signup := strings.ToLower(strings.TrimSpace(getenv("SIGNUP"))); signup {
	case "", "open":
		c.SignupOpen = true
	case "invite":
	default:
		return Config{}, fmt.Errorf("SIGNUP: %q is not open or invite", signup)
	}
	if c.FirebaseEmulatorHost != "" && c.FirebaseProjectID == "" {
		return Config{}, errors.New("FIREBASE_AUTH_EMULATOR_HOST is set without FIREBASE_PROJECT_ID: name the emulator's demo-* project")
	}
	if lim := strings.TrimSpace(getenv("AI_MONTHLY_TOKEN_LIMIT")); lim != "" {
		n, err := strconv.ParseInt(lim, 10, 64)
		if err != nil || n < 0 {
			return Config{}, fmt.Errorf("AI_MONTHLY_TOKEN_LIMIT: %q is not a whole number of tokens (0 or unset: no limit)", lim)
		}
		c.Gemini.MonthlyTokenLimit = n
	}
	if ttl := getenv("BAKETRACKER_TOKEN_CACHE"); ttl != "" {
		d, err := time.ParseDuration(ttl)
		if err != nil || d < 0 {
			return Config{}, fmt.Errorf("BAKETRACKER_TOKEN_CACHE: %q is not a duration such as 5s", ttl)
		}
		c.TokenCacheTTL = d
	}
	c.DataDirSet = c.DataDir != ""
	if c.DataDir == "" {
		c.DataDir = defaultDataDir(getenv, runtime.GOOS)
	}
	if c.DataDir != "" {
		abs, err := filepath.Abs(c.DataDir)
		if err != nil {
			return Config{}, fmt.Errorf("BAKETRACKER_DATA_DIR: %w", err)
		}
		c.DataDir = abs
	}
	if port := getenv("PORT"); port != "" && c.Addr == "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 0 || n > 65535 {
			return Config{}, fmt.Errorf("PORT: %q is not a port number", port)
		}
		c.Addr = ":" + port
	}
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return Config{}, fmt.Errorf("BAKETRACKER_ADDR: %w", err)
	}
	switch c.LogFormat {
	case "":
		c.LogFormat = "json"
	case "json", "text":
	default:
		return Config{}, fmt.Errorf("LOG_FORMAT: %q is not json or text", c.LogFormat)
	}
	if lvl := getenv("LOG_LEVEL"); lvl != "" {
		if err := c.LogLevel.UnmarshalText([]byte(lvl)); err != nil {
			return Config{}, fmt.Errorf("LOG_LEVEL: %w", err)
		}
	}
	if _, err := tools.SelectToolsets([]string{c.Toolsets}); err != nil {
		return Config{}, fmt.Errorf("BAKETRACKER_TOOLSETS: %w", err)
	}
	for _, o := range strings.Split(getenv("CORS_ORIGINS"), ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.CORSOrigins = append(c.CORSOrigins, o)
		}
	}
	return c, nil
}

// loadOperations reads the limit, proxy and metrics settings.
func (c *Config) loadOperations(getenv func(string) string) error {
	if v := strings.TrimSpace(getenv("RATE_LIMIT_PER_MINUTE")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1_000_000_000 {
			return fmt.Errorf("RATE_LIMIT_PER_MINUTE: %q is not a whole number of requests (0 turns the limit off)", v)
		}
		c.RateLimit = n
	}
	for _, p := range strings.Split(getenv("TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				return fmt.Errorf("TRUSTED_PROXIES: %q is not a CIDR range such as 10.0.0.0/8 or an address", p)
			}
			prefix = netip.PrefixFrom(addr.Unmap(), addr.Unmap().BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, prefix.Masked())
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return fmt.Errorf("METRICS_ADDR: %w", err)
		}
	}
	return nil
}

// defaultDataDir is the user's data folder for BakeTracker: the same
// wherever the command runs, so a `serve` started from another folder finds
// the same database instead of silently creating an empty one. It is
// $XDG_DATA_HOME/baketracker, else the OS's per-user data folder, or "" when
// there is no home folder (then only DATABASE_URL or BAKETRACKER_DATA_DIR work).
func defaultDataDir(getenv func(string) string, goos string) string {
	if xdg := getenv("XDG_DATA_HOME"); filepath.IsAbs(xdg) {
		return filepath.Join(xdg, "baketracker")
	}
	home := getenv("HOME")
	if home == "" {
		return ""
	}
	if goos == "darwin" {
		return filepath.Join(home, "Library", "Application Support", "baketracker")
	}
	return filepath.Join(home, ".local", "share", "baketracker")
}

// logger writes to w (stderr: stdout carries JSON output and MCP stdio).
func (c Config) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "text" {
		return slog.New(web.LogRequestIDs(slog.NewTextHandler(w, opts)))
	}
	return slog.New(web.LogRequestIDs(slog.NewJSONHandler(w, opts)))
}

// accessLog writes request lines to w in the JSON format's shape; text logs
// keep them in the logger (nil).
func (c Config) accessLog(w io.Writer) *web.AccessLog {
	if c.LogFormat == "text" {
		return nil
	}
	return web.NewAccessLog(w)
}

// pageFirebase is the sign-in page's Firebase configuration, or nil when
// Firebase sign-in is off or the page has no web API key (the emulator
// accepts any key).
func (c Config) pageFirebase() *ui.Firebase {
	if c.FirebaseProjectID == "" {
		return nil
	}
	key := c.FirebaseWebAPIKey
	if key == "" && c.FirebaseEmulatorHost != "" {
		key = "emulator-api-key"
	}
	if key == "" {
		return nil
	}
	domain := c.FirebaseAuthDomain
	if domain == "" && c.FirebaseEmulatorHost == "" {
		domain = c.FirebaseProjectID + ".firebaseapp.com"
	}
	return &ui.Firebase{APIKey: key, AuthDomain: domain, ProjectID: c.FirebaseProjectID,
		EmulatorHost: c.FirebaseEmulatorHost, Google: c.FirebaseGoogle}
}
