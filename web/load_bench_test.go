package web_test

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// BenchmarkHTTP is the load generator for the performance section of the
// README: 16 concurrent clients (b.SetParallelism(8) on 2 cores) send
// authenticated requests over loopback HTTP to the full handler (auth, RLS,
// JSON), for a tenant with 400 ingredients. It reports requests per second,
// p50/p99 latency and the process's peak RSS (server and load generator
// together, so an upper bound for the server). Nothing is asserted on time.
//
//	go test -run=NONE -bench=HTTP -benchtime=10s ./web/
func BenchmarkHTTP(b *testing.B) {
	ctx := b.Context()
	s := dbtest.Store(b)
	tokens := identity.NewAPITokens(s, 5*time.Second) // the production default
	reg := tools.MustRegistry(tools.New(s, nil))
	srv := &http.Server{Handler: web.New(web.Deps{
		Verifier: tokens, Ready: s.Ping, Registry: reg,
		MCP: web.MCPHandler(reg.MCPServer("bench", false), reg.MCPServer("bench", true), nil),
	})}
	ln, base := listen(b)
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { _ = srv.Close() })

	nt, err := identity.CreateTenant(ctx, s, tokens, "Bench Bakery", "bench-"+uuid.NewString()[:8]+"@example.test")
	if err != nil {
		b.Fatal(err)
	}
	ingredient, recipe := seedBench(b, nt.TenantID)

	rpc := func(tool, args string) (string, string, string) {
		return http.MethodPost, "/mcp", `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"` + tool + `","arguments":` + args + `}}`
	}
	cases := []struct {
		name               string
		method, path, body string
	}{
		{"MCPGetIngredient", "", "", ""},
		{"MCPListIngredients400", "", "", ""},
		{"MCPGetRecipe", "", "", ""},
		{"RESTGetIngredient", http.MethodGet, "/api/ingredients/" + ingredient, ""},
		{"RESTListIngredients400", http.MethodGet, "/api/ingredients?limit=500", ""},
	}
	cases[0].method, cases[0].path, cases[0].body = rpc("get_ingredient", `{"id":"`+ingredient+`"}`)
	cases[1].method, cases[1].path, cases[1].body = rpc("list_ingredients", `{"limit":500}`)
	cases[2].method, cases[2].path, cases[2].body = rpc("get_recipe", `{"id":"`+recipe+`","expand":true}`)

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			do := func() error {
				req, _ := http.NewRequest(c.method, base+c.path, strings.NewReader(c.body))
				req.Header.Set("Authorization", "Bearer "+nt.Token)
				if c.path == "/mcp" {
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Accept", "application/json, text/event-stream")
				}
				resp, err := client.Do(req)
				if err != nil {
					return err
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil {
					return err
				}
				if resp.StatusCode != http.StatusOK || bytes.Contains(body, []byte(`"isError":true`)) {
					return fmt.Errorf("%s %s: %d %.200s", c.method, c.path, resp.StatusCode, body)
				}
				return nil
			}
			if err := do(); err != nil {
				b.Fatal(err)
			}
			var mu sync.Mutex
			var lat []time.Duration
			b.SetParallelism(8)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				local := make([]time.Duration, 0, 1024)
				for pb.Next() {
					start := time.Now()
					if err := do(); err != nil {
						b.Error(err)
						return
					}
					local = append(local, time.Since(start))
				}
				mu.Lock()
				lat = append(lat, local...)
				mu.Unlock()
			})
			b.StopTimer()
			slices.Sort(lat)
			if len(lat) > 0 {
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
				b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50_ms")
				b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99_ms")
				b.ReportMetric(peakRSSMB(), "peak_rss_MB")
			}
		})
	}
}

// seedBench gives the tenant 400 ingredients and a recipe with ten lines and
// a nested component, and returns one ingredient id and the recipe id.
func seedBench(b *testing.B, tenant uuid.UUID) (ingredient, recipe string) {
	ctx := b.Context()
	var ing, rec, comp uuid.UUID
	err := dbtest.Store(b).InTenantTx(ctx, tenant, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO ingredients (tenant_id, slug, display_name, name_key, category, default_unit, description)
			SELECT $1, 'ingredient_' || i, 'Ingredient ' || lpad(i::text, 3, '0'), 'ingredient ' || lpad(i::text, 3, '0'),
			       'Flours & Starches', 'g', 'A bench ingredient with a description of ordinary length.'
			FROM generate_series(1, 400) i`, tenant); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT id FROM ingredients WHERE tenant_id = $1 AND slug = 'ingredient_200'`, tenant).Scan(&ing); err != nil {
			return err
		}
		for _, r := range []struct {
			slug string
			id   *uuid.UUID
		}{{"bench-dough", &comp}, {"bench-cake", &rec}} {
			if err := tx.QueryRow(ctx, `INSERT INTO recipes (tenant_id, slug, name, name_key, category)
				VALUES ($1, $2, $2, $2, 'Cakes') RETURNING id`, tenant, r.slug).Scan(r.id); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO recipe_ingredients (tenant_id, recipe_id, position, ingredient_id, quantity, unit)
				SELECT $1, $2, n, (SELECT id FROM ingredients WHERE tenant_id = $1 AND slug = 'ingredient_' || (n * 7 + 1)), 1.5, 'g'
				FROM generate_series(0, 9) n`, tenant, *r.id); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO recipe_components (tenant_id, recipe_id, component_recipe_id, quantity)
			VALUES ($1, $2, $3, 2)`, tenant, rec, comp)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return ing.String(), rec.String()
}

// peakRSSMB reads the process's peak resident set size (VmHWM) from /proc.
func peakRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// listen opens a loopback listener for a real HTTP server.
func listen(b *testing.B) (net.Listener, string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	return ln, "http://" + ln.Addr().String()
}
