package tools_test

import (
	"testing"
	"time"
)

// TestPurchaseDefaultsToTheHouseholdsToday: UTC+14 and UTC-12 are always
// on different dates, so a purchase without a date lands on each
// household's own today, never the server's.
func TestPurchaseDefaultsToTheHouseholdsToday(t *testing.T) {
	t.Parallel()
	for _, zone := range []string{"Pacific/Kiritimati", "Etc/GMT+12"} {
		e := newEnv(t)
		set := call[map[string]any](t, e.Client, "set_time_zone", map[string]any{"time_zone": zone})
		loc, _ := time.LoadLocation(zone)
		before := time.Now().In(loc).Format("2006-01-02")
		if set["time_zone"] != zone || set["today"] != before {
			t.Errorf("set_time_zone %s answered %v, want today %s", zone, set, before)
		}
		out := call[map[string]any](t, e.Client, "add_purchase", map[string]any{"item_name": "flour", "quantity": 1, "unit": "lb", "price": 1, "store": "Shop"})
		after := time.Now().In(loc).Format("2006-01-02")
		if got := out["purchase_date"]; got != before && got != after {
			t.Errorf("%s: purchase dated %v, want the household's today %s", zone, got, before)
		}
	}
}
