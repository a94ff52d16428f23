package web_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/identity/firebasetest"
)

// newEmulatorEnv is a server verifying ID tokens against the real Firebase
// Auth emulator.
func newEmulatorEnv(t *testing.T, signupOpen bool) (householdEnv, *firebasetest.Emulator) {
	t.Helper()
	emu := firebasetest.StartEmulator(t)
	fb, err := identity.NewFirebase(t.Context(), identity.FirebaseConfig{ProjectID: firebasetest.Project, EmulatorHost: emu.Host})
	if err != nil {
		t.Fatal(err)
	}
	return newHouseholdEnv(t, fb, signupOpen), emu
}

func newEmail(who string) string { return who + "-" + uuid.NewString()[:8] + "@example.com" }

// signedIn signs up a user through the emulator, optionally verifies their
// email, and returns them with a current ID token.
func signedIn(t *testing.T, emu *firebasetest.Emulator, who string, verified bool) (firebasetest.User, string) {
	t.Helper()
	u := emu.SignUp(t, newEmail(who))
	if verified {
		emu.VerifyEmail(t, u)
	}
	return u, emu.IDToken(t, u)
}

// TestEmulatorInvitationJoinsSecondHousehold is the story against
// the real emulator: first sign-in creates a household; the ID token works
// on /api and /mcp; an invitation naming an email is refused to an
// unverified or different person and accepted by the verified one, who then
// switches between their two households with BakeTracker-Tenant.
func TestEmulatorInvitationJoinsSecondHousehold(t *testing.T) {
	t.Parallel()
	e, emu := newEmulatorEnv(t, true)

	_, alice := signedIn(t, emu, "alice", true)
	code, me := e.call("GET", "/api/me", alice, "")
	if code != 200 || me["role"] != "owner" || len(me["memberships"].([]any)) != 1 {
		t.Fatalf("alice's first /api/me: %d %v, want her new household as owner", code, me)
	}
	aliceTenant := me["tenant_id"].(string)

	cs := e.mcpClient(t, alice)
	if _, msg := callTool(t, cs, "list_ingredients", map[string]any{}); msg != "" {
		t.Errorf("alice's ID token on /mcp: %s", msg)
	}

	bob := emu.SignUp(t, newEmail("bob"))
	_, inv := e.call("POST", "/api/invitations", alice, `{"role":"member","email":"`+bob.Email+`"}`)
	accept := "/api/invitations/" + inv["code"].(string) + "/accept"

	// Unverified bob: no household of his own, and the invitation needs a
	// verified email.
	bobUnverified := emu.IDToken(t, bob)
	if code, me := e.call("GET", "/api/me", bobUnverified, ""); code != 200 || len(me["memberships"].([]any)) != 0 || me["tenant_id"] != nil {
		t.Errorf("unverified bob's /api/me: %d %v, want no household", code, me)
	}
	if code, body := e.call("GET", "/api/members", bobUnverified, ""); code != 403 || errCode(body) != "email_unverified" {
		t.Errorf("unverified bob on a tenant route: %d %v, want 403 email_unverified", code, body)
	}
	if code, body := e.call("POST", accept, bobUnverified, ""); code != 403 || errCode(body) != "email_unverified" {
		t.Errorf("unverified bob accepts: %d %v, want 403 email_unverified", code, body)
	}
	_, carol := signedIn(t, emu, "carol", true)
	if code, body := e.call("POST", accept, carol, ""); code != 403 || errCode(body) != "invitation_email_mismatch" {
		t.Errorf("carol accepts bob's invitation: %d %v, want 403 invitation_email_mismatch", code, body)
	}
	// Both refusals are security events of alice's household.
	_, events := e.call("GET", "/api/security-events", alice, "")
	misuses := 0
	for _, ev := range anySlice(events["events"]) {
		if m, _ := ev.(map[string]any); m["kind"] == "invitation_misuse" {
			misuses++
		}
	}
	if misuses != 2 {
		t.Errorf("alice's security events: %v, want 2 invitation_misuse", events)
	}

	emu.VerifyEmail(t, bob)
	bobToken := emu.IDToken(t, bob)
	code, joined := e.call("POST", accept, bobToken, "")
	if code != 200 || joined["tenant_id"] != aliceTenant || joined["role"] != "member" {
		t.Fatalf("verified bob accepts: %d %v", code, joined)
	}
	if code, body := e.call("POST", accept, bobToken, ""); code != 410 || errCode(body) != "invitation_used" {
		t.Errorf("accepting twice: %d %v, want 410 invitation_used", code, body)
	}

	// Bob now has his own household (open sign-up, on his first verified
	// request) and alice's.
	_, me = e.call("GET", "/api/me", bobToken, "")
	if len(me["memberships"].([]any)) != 2 || me["tenant_id"] != nil {
		t.Fatalf("bob's /api/me: %v, want two households and none chosen", me)
	}
	var bobTenant string
	for _, m := range me["memberships"].([]any) {
		if id := m.(map[string]any)["tenant_id"].(string); id != aliceTenant {
			bobTenant = id
		}
	}
	if code, body := e.call("GET", "/api/members", bobToken, ""); code != 403 || errCode(body) != "tenant_required" {
		t.Errorf("bob without BakeTracker-Tenant: %d %v, want 403 tenant_required", code, body)
	}
	for tenant, role := range map[string]string{aliceTenant: "member", bobTenant: "owner"} {
		if _, me := e.call("GET", "/api/me", bobToken, "", "BakeTracker-Tenant", tenant); me["tenant_id"] != tenant || me["role"] != role {
			t.Errorf("bob in %s: %v, want role %s", tenant, me, role)
		}
	}
	if code, _ := e.call("GET", "/api/members", bobToken, "", "BakeTracker-Tenant", aliceTenant); code != 403 {
		t.Errorf("bob as a member lists alice's members: %d, want 403", code)
	}
	if code, _ := e.call("GET", "/api/members", bobToken, "", "BakeTracker-Tenant", bobTenant); code != 200 {
		t.Errorf("bob lists his own household's members: %d", code)
	}
	if code, _ := e.call("GET", "/api/me", carol, "", "BakeTracker-Tenant", aliceTenant); code != 403 {
		t.Errorf("carol names alice's household: %d, want 403", code)
	}
	if code, body := e.call("GET", "/api/members", alice, ""); code != 200 || len(body["members"].([]any)) != 2 {
		t.Errorf("alice's members: %d %v, want alice and bob", code, body)
	}

	// Removing bob takes his membership with him: he is back to one
	// household, which is chosen without a header again.
	if code, _ := e.call("DELETE", "/api/members/"+joined["user_id"].(string), alice, ""); code != 204 {
		t.Fatalf("alice removes bob: %d", code)
	}
	if _, me := e.call("GET", "/api/me", bobToken, ""); len(me["memberships"].([]any)) != 1 || me["tenant_id"] != bobTenant {
		t.Errorf("bob after removal: %v, want only his own household", me)
	}
	if code, _ := e.call("GET", "/api/me", bobToken, "", "BakeTracker-Tenant", aliceTenant); code != 403 {
		t.Errorf("removed bob names alice's household: %d, want 403", code)
	}
}

// TestEmulatorDisabledUserRefused: disabling a user in Firebase ends their
// access with the token they already hold.
func TestEmulatorDisabledUserRefused(t *testing.T) {
	t.Parallel()
	e, emu := newEmulatorEnv(t, true)
	dave, token := signedIn(t, emu, "dave", true)
	if code, _ := e.call("GET", "/api/me", token, ""); code != 200 {
		t.Fatalf("dave before: %d", code)
	}
	emu.Disable(t, dave)
	if code, body := e.call("GET", "/api/me", token, ""); code != 401 {
		t.Errorf("disabled dave: %d %v, want 401", code, body)
	}
}

// TestEmulatorSignupInvite: with SIGNUP=invite a verified stranger gets no
// household: /api/me answers, everything else is 403 signup_closed.
func TestEmulatorSignupInvite(t *testing.T) {
	t.Parallel()
	e, emu := newEmulatorEnv(t, false)
	_, erin := signedIn(t, emu, "erin", true)
	if code, me := e.call("GET", "/api/me", erin, ""); code != 200 || len(me["memberships"].([]any)) != 0 {
		t.Errorf("erin's /api/me: %d %v", code, me)
	}
	for _, path := range []string{"/api/members", "/api/ingredients"} {
		if code, body := e.call("GET", path, erin, ""); code != 403 || errCode(body) != "signup_closed" {
			t.Errorf("erin on %s: %d %v, want 403 signup_closed", path, code, body)
		}
	}
	if code, body := e.call("POST", "/mcp", erin, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`); code != 403 || errCode(body) != "signup_closed" {
		t.Errorf("erin on /mcp: %d %v, want 403 signup_closed", code, body)
	}
}

// TestEmulatorExpiredOrRevokedInvitationRefused: an invitation works for 7
// days and until withdrawn; one without an email joins whoever holds the
// code, with the role it names.
func TestEmulatorExpiredOrRevokedInvitationRefused(t *testing.T) {
	t.Parallel()
	e, emu := newEmulatorEnv(t, false)
	nt := e.newTenant(t)
	invite := func() (id, accept string) {
		code, inv := e.call("POST", "/api/invitations", nt.Token, `{"role":"admin"}`)
		if code != 201 {
			t.Fatalf("invite: %d %v", code, inv)
		}
		return inv["id"].(string), "/api/invitations/" + inv["code"].(string) + "/accept"
	}
	_, frank := signedIn(t, emu, "frank", false)

	expiredID, expired := invite()
	if _, err := superConn(t).Exec(t.Context(), `UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, expiredID); err != nil {
		t.Fatal(err)
	}
	if code, body := e.call("POST", expired, frank, ""); code != 410 || errCode(body) != "invitation_expired" {
		t.Errorf("expired invitation: %d %v, want 410 invitation_expired", code, body)
	}
	revokedID, revoked := invite()
	if code, _ := e.call("DELETE", "/api/invitations/"+revokedID, nt.Token, ""); code != 204 {
		t.Fatalf("revoke: %d", code)
	}
	if code, body := e.call("POST", revoked, frank, ""); code != 410 || errCode(body) != "invitation_revoked" {
		t.Errorf("revoked invitation: %d %v, want 410 invitation_revoked", code, body)
	}
	_, open := invite()
	if code, body := e.call("POST", tamper(open), frank, ""); code != 404 {
		t.Errorf("tampered code: %d %v, want 404", code, body)
	}
	// No email named: an unverified person may accept, and gets the role.
	if code, joined := e.call("POST", open, frank, ""); code != 200 || joined["role"] != "admin" || joined["tenant_id"] != nt.TenantID.String() {
		t.Fatalf("open invitation: %d %v", code, joined)
	}
	if code, me := e.call("GET", "/api/me", frank, ""); code != 200 || me["role"] != "admin" || me["tenant_id"] != nt.TenantID.String() {
		t.Errorf("frank after joining: %d %v", code, me)
	}
}

// tamper changes one character of an accept path's code inside the secret.
func tamper(accept string) string {
	i := len(accept) - len("/accept") - 10
	c := byte('A')
	if accept[i] == 'A' {
		c = 'B'
	}
	return accept[:i] + string(c) + accept[i+1:]
}

func anySlice(v any) []any {
	s, _ := v.([]any)
	return s
}
