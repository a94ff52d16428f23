package main

import (
	"strings"
	"testing"
)

// TestConfigSignupAndFirebase: SIGNUP defaults to open, takes invite, and
// refuses anything else; the emulator host needs a project to name.
func TestConfigSignupAndFirebase(t *testing.T) {
	t.Parallel()
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for value, open := range map[string]bool{"": true, "open": true, "Invite": false} {
		cfg, err := loadConfig(env("SIGNUP", value))
		if err != nil || cfg.SignupOpen != open {
			t.Errorf("SIGNUP=%q: open=%v %v, want %v", value, cfg.SignupOpen, err, open)
		}
	}
	if _, err := loadConfig(env("SIGNUP", "anyone")); err == nil || !strings.Contains(err.Error(), "SIGNUP") {
		t.Errorf("SIGNUP=anyone: %v, want an error naming SIGNUP", err)
	}
	if _, err := loadConfig(env("FIREBASE_AUTH_EMULATOR_HOST", "127.0.0.1:9099")); err == nil || !strings.Contains(err.Error(), "FIREBASE_PROJECT_ID") {
		t.Errorf("emulator without project: %v, want an error naming FIREBASE_PROJECT_ID", err)
	}
	cfg, err := loadConfig(env("FIREBASE_PROJECT_ID", "demo-x", "FIREBASE_ADMIN_SDK_JSON", "{}"))
	if err != nil || cfg.FirebaseProjectID != "demo-x" || cfg.FirebaseAdminSDKJSON != "{}" {
		t.Errorf("firebase settings: %+v %v", cfg, err)
	}
}
