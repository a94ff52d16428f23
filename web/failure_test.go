package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/localpg"
	"github.com/baketracker/baketracker/store"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// TestDatabaseRestartUnderARunningServer stops and starts PostgreSQL (a
// cluster of this test's own, durable like production's) under a running
// server while writers keep creating ingredients with idempotency keys,
// retrying each until it is acknowledged:
//   - /ready answers 503 while the database is down and 200 once it is back,
//     without restarting the server;
//   - requests in the outage fail in the one error shape, and succeed again
//     afterwards;
//   - every acknowledged (2xx) write is there afterwards, exactly once.
func TestDatabaseRestartUnderARunningServer(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	dir, err := os.MkdirTemp("", "btk-restart-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	cluster, err := localpg.Start(ctx, localpg.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cluster.Stop(context.WithoutCancel(ctx)) })
	url := cluster.URL("postgres")
	if err := store.MigrateUp(ctx, url, nil); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	tokens := identity.NewAPITokens(s, 5*time.Second)
	srv := httptest.NewServer(web.New(web.Deps{Logger: slog.New(slog.DiscardHandler), Verifier: tokens, Ready: s.Ping,
		Registry: tools.MustRegistry(tools.New(s, nil))}))
	t.Cleanup(srv.Close)
	nt, err := identity.CreateTenant(ctx, s, tokens, "Restart Bakery", "restart@example.test")
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 20 * time.Second}
	ready := func() int {
		resp, err := client.Get(srv.URL + "/ready")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := ready(); got != http.StatusOK {
		t.Fatalf("/ready before: %d", got)
	}

	// Writers: each write is retried with its idempotency key until it is
	// acknowledged; acknowledged ids are collected.
	var (
		mu        sync.Mutex
		acked     = map[string]string{} // key → ingredient id
		failures  = map[int]int{}       // status → count
		badErrors []string
		stop      atomic.Bool
	)
	write := func(key, name string) {
		for { // until acknowledged: the database comes back
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/ingredients",
				strings.NewReader(`{"name":"`+name+`","category":"Flours & Starches","default_unit":"g"}`))
			req.Header.Set("Authorization", "Bearer "+nt.Token)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", key)
			resp, err := client.Do(req)
			if err != nil {
				time.Sleep(20 * time.Millisecond)
				continue
			}
			var doc struct {
				ID    string `json:"id"`
				Error *tools.Error
			}
			derr := json.NewDecoder(resp.Body).Decode(&doc)
			resp.Body.Close()
			mu.Lock()
			if resp.StatusCode/100 == 2 {
				acked[key] = doc.ID
				mu.Unlock()
				return
			}
			failures[resp.StatusCode]++
			if derr != nil || doc.Error == nil || doc.Error.Code == "" {
				badErrors = append(badErrors, fmt.Sprintf("%d (%v)", resp.StatusCode, derr))
			}
			mu.Unlock()
			time.Sleep(20 * time.Millisecond)
		}
	}
	var wg sync.WaitGroup
	var written atomic.Int64
	for w := range 4 {
		wg.Go(func() {
			for i := 0; !stop.Load(); i++ {
				write(fmt.Sprintf("w%d-%d", w, i), fmt.Sprintf("Restart %d-%04d", w, i))
				written.Add(1)
			}
		})
	}
	waitFor := func(what string, ok func() bool) {
		deadline := time.Now().Add(90 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitFor("writes before the restart", func() bool { return written.Load() >= 20 })

	if err := cluster.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	waitFor("/ready 503", func() bool { return ready() == http.StatusServiceUnavailable })
	before := written.Load()
	cluster, err = localpg.Start(ctx, localpg.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	waitFor("/ready 200 again", func() bool { return ready() == http.StatusOK })
	waitFor("writes after the restart", func() bool { return written.Load() >= before+20 })
	stop.Store(true)
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	if len(badErrors) > 0 {
		t.Errorf("failed writes not in the one error shape: %v", badErrors)
	}
	if failures[http.StatusServiceUnavailable] == 0 {
		t.Errorf("no write failed with 503 during the outage (failures %v): did the database stop?", failures)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/ingredients?limit=500", nil)
	req.Header.Set("Authorization", "Bearer "+nt.Token)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list []struct{ ID, Name string }
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	have := map[string]int{}
	for _, ing := range list {
		have[ing.ID]++
	}
	for key, id := range acked {
		if have[id] != 1 {
			t.Errorf("acknowledged write %s (ingredient %s) is present %d times after the restart", key, id, have[id])
		}
	}
	if len(list) != len(acked) {
		t.Errorf("%d ingredients for %d acknowledged writes: a retried write was applied twice or a failed one half", len(list), len(acked))
	}
	t.Logf("%d acknowledged writes, failures during the outage %v", len(acked), failures)
}
