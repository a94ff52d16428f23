package main

import (
	"testing"

	"github.com/baketracker/baketracker/agent"
)

// TestGeminiConfig: the agent's settings are read with the rest of the
// configuration; the model defaults to gemini-2.5-flash.
func TestGeminiConfig(t *testing.T) {
	cfg, err := loadConfig(func(k string) string {
		return map[string]string{"GEMINI_API_KEY": "k", "GEMINI_BASE_URL": "http://127.0.0.1:9/", "STORAGE_URL": "file:///srv/media",
			"AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "secret"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Gemini.APIKey != "k" || cfg.Gemini.Model != "gemini-2.5-flash" || cfg.Gemini.BaseURL != "http://127.0.0.1:9/" || cfg.StorageURL != "file:///srv/media" ||
		cfg.StorageKeys != (agent.S3Keys{AccessKeyID: "id", SecretAccessKey: "secret"}) {
		t.Errorf("config %+v", cfg)
	}
	cfg, err = loadConfig(func(k string) string { return map[string]string{"GEMINI_MODEL": "gemini-2.5-pro"}[k] })
	if err != nil || cfg.Gemini.Model != "gemini-2.5-pro" || cfg.Gemini.APIKey != "" {
		t.Errorf("GEMINI_MODEL: %+v %v", cfg.Gemini, err)
	}
}
