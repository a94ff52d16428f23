package web_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/identity/firebasetest"
)

// These tests run the Admin SDK's real verification without the emulator:
// Google's certificate endpoint is served locally (firebasetest.Keys). They
// are not parallel, because TestFirebaseKeyOutageIs503 makes that shared
// endpoint fail for a moment.

const keysProject = "baketracker-keys-test"

func newKeysEnv(t *testing.T) householdEnv {
	t.Helper()
	firebasetest.Keys(t)
	fb, err := identity.NewFirebase(t.Context(), identity.FirebaseConfig{ProjectID: keysProject})
	if err != nil {
		t.Fatal(err)
	}
	return newHouseholdEnv(t, fb, true)
}

// TestFirebaseSignedTokenProvisionsHousehold: a Google-signed ID token of a
// verified person reaches /api/me, whose first request creates their
// household with them as owner.
func TestFirebaseSignedTokenProvisionsHousehold(t *testing.T) {
	e := newKeysEnv(t)
	keys := firebasetest.Keys(t)
	email := "pat-" + uuid.NewString()[:8] + "@example.com"
	token := keys.Sign(t, firebasetest.Claims(keysProject, uuid.NewString(), email, true))
	code, me := e.call("GET", "/api/me", token, "")
	if code != 200 {
		t.Fatalf("/api/me: %d %v", code, me)
	}
	ms, _ := me["memberships"].([]any)
	if len(ms) != 1 || me["role"] != "owner" || me["tenant_id"] != ms[0].(map[string]any)["tenant_id"] {
		t.Fatalf("/api/me = %v, want one household with the caller as owner", me)
	}
	if name := ms[0].(map[string]any)["tenant_name"]; name != email+"'s bakery" {
		t.Errorf("household name %v", name)
	}
	// The second request finds the household instead of making another.
	if _, again := e.call("GET", "/api/me", token, ""); len(again["memberships"].([]any)) != 1 || again["tenant_id"] != me["tenant_id"] {
		t.Errorf("second request: %v", again)
	}
}

// TestFirebaseRefusesForgedTokens: without the emulator variable an unsigned
// token, an expired one, one for another project, one signed by another key
// and one claiming a sign-in in the future are all 401.
//
// Each case gets its own server: one client address failing this often
// trips the sign-in limit (429), which is another test's subject.
func TestFirebaseRefusesForgedTokens(t *testing.T) {
	keys := firebasetest.Keys(t)
	claims := func(edit func(map[string]any)) map[string]any {
		c := firebasetest.Claims(keysProject, uuid.NewString(), "forger@example.com", true)
		edit(c)
		return c
	}
	hourAgo := time.Now().Add(-2 * time.Hour).Unix()
	cases := map[string]string{
		"alg none": firebasetest.Unsigned(t, claims(func(map[string]any) {})),
		"expired": keys.Sign(t, claims(func(c map[string]any) {
			c["iat"], c["auth_time"], c["exp"] = hourAgo, hourAgo, hourAgo+3600
		})),
		"other project": keys.Sign(t, claims(func(c map[string]any) {
			c["aud"], c["iss"] = "someone-else", "https://securetoken.google.com/someone-else"
		})),
		"other key": keys.SignWithOtherKey(t, claims(func(map[string]any) {})),
		"future auth_time": keys.Sign(t, claims(func(c map[string]any) {
			c["auth_time"] = time.Now().Add(time.Hour).Unix()
		})),
		"not a jwt": "eyJhbGciOiJSUzI1NiJ9.e30",
	}
	for name, token := range cases {
		e := newKeysEnv(t)
		if code, body := e.call("GET", "/api/me", token, ""); code != 401 {
			t.Errorf("%s on /api/me: %d %v, want 401", name, code, body)
		}
		if code, body := e.call("POST", "/mcp", token, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`); code != 401 {
			t.Errorf("%s on /mcp: %d %v, want 401", name, code, body)
		}
	}
	// The good token of the same shape passes, so the cases above fail for
	// the reason named.
	if code, body := newKeysEnv(t).call("GET", "/api/me", keys.Sign(t, claims(func(map[string]any) {})), ""); code != 200 {
		t.Errorf("control token: %d %v", code, body)
	}
}

// TestFirebaseKeyOutageIs503: when Google's keys cannot be fetched the
// answer is 503 identity_unavailable, never a 401 that signs people out.
func TestFirebaseKeyOutageIs503(t *testing.T) {
	keys := firebasetest.Keys(t)
	keys.SetFailing(true)
	defer keys.SetFailing(false)
	e := newKeysEnv(t) // a new verifier: no keys cached yet
	token := keys.Sign(t, firebasetest.Claims(keysProject, uuid.NewString(), "pat@example.com", true))
	if code, body := e.call("GET", "/api/me", token, ""); code != 503 || errCode(body) != "identity_unavailable" {
		t.Errorf("key outage: %d %v, want 503 identity_unavailable", code, body)
	}
}

// TestFirebaseEmulatorNeedsDemoProject: the emulator's tokens are unsigned,
// so pointing a real project at an emulator is refused at start-up.
func TestFirebaseEmulatorNeedsDemoProject(t *testing.T) {
	_, err := identity.NewFirebase(t.Context(), identity.FirebaseConfig{ProjectID: "real-bakery", EmulatorHost: "127.0.0.1:9099"})
	if err == nil {
		t.Fatal("emulator with a real project accepted")
	}
}
