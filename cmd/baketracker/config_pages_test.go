package main

import "testing"

// TestPageFirebaseConfig: the sign-in page gets Firebase only with a
// project and a web API key (any key with the emulator); the auth domain
// defaults to the project's.
func TestPageFirebaseConfig(t *testing.T) {
	load := func(env map[string]string) Config {
		t.Helper()
		cfg, err := loadConfig(func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	if fb := load(map[string]string{}).pageFirebase(); fb != nil {
		t.Errorf("no project: %+v, want none", fb)
	}
	if fb := load(map[string]string{"FIREBASE_PROJECT_ID": "bakery"}).pageFirebase(); fb != nil {
		t.Errorf("no web API key: %+v, want none", fb)
	}
	fb := load(map[string]string{"FIREBASE_PROJECT_ID": "bakery", "FIREBASE_WEB_API_KEY": "AIza-test", "FIREBASE_GOOGLE_SIGNIN": "true"}).pageFirebase()
	if fb == nil || fb.APIKey != "AIza-test" || fb.AuthDomain != "bakery.firebaseapp.com" || !fb.Google || fb.EmulatorHost != "" {
		t.Errorf("configured: %+v", fb)
	}
	fb = load(map[string]string{"FIREBASE_PROJECT_ID": "demo-x", "FIREBASE_AUTH_EMULATOR_HOST": "127.0.0.1:9099"}).pageFirebase()
	if fb == nil || fb.APIKey == "" || fb.EmulatorHost != "127.0.0.1:9099" || fb.AuthDomain != "" || fb.Google {
		t.Errorf("emulator: %+v", fb)
	}
}
