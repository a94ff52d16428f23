package tools_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/tools"
)

// FuzzToolArguments throws arbitrary JSON at every tool through a real MCP
// session and database: a call may fail, but only as a tool error or an
// invalid-params protocol error, never a panic or a dropped session.
func FuzzToolArguments(f *testing.F) {
	all := tools.All()
	for i := range all {
		f.Add(uint8(i), `{}`)
	}
	f.Add(uint8(0), `{"name": "", "quantity": "-1", "unit": "handful"}`)
	f.Add(uint8(1), `{"id": "not-a-uuid", "limit": -5, "cursor": "%%%"}`)
	f.Add(uint8(2), `{"quantity": 1e400, "price": "NaN", "item_name": "\u0000"}`)
	f.Add(uint8(3), `{"lines": [{"ingredient": "x", "quantity": 0, "unit": "cup"}], "name": "r"}`)
	f.Add(uint8(4), `{"percentage_remaining": 101, "pantry_item_id": "00000000-0000-0000-0000-000000000000"}`)
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, which uint8, args string) {
		var m map[string]any
		if json.Unmarshal([]byte(args), &m) != nil {
			return
		}
		name := all[int(which)%len(all)].Tool.Name
		res, err := e.Client.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: m})
		// Bad input must come back as a client error (a tool error with a
		// 4xx code), never as an internal error: that would be a 500.
		if err == nil && res.IsError && strings.Contains(text(res), `"code":"internal"`) {
			t.Fatalf("%s %s: internal error on bad input: %s", name, args, text(res))
		}
		if e.Client.Ping(context.Background(), nil) != nil {
			t.Fatalf("%s %s: the session died", name, args)
		}
	})
}
