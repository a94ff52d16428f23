package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// The household's time zone decides what "today" is for it (the agent's
// date, a purchase "bought today"). It is an IANA name, UTC until set.

// SetTimeZoneInput names the household's time zone.
type SetTimeZoneInput struct {
	TimeZone string `json:"time_zone" jsonschema:"an IANA time zone name such as America/Los_Angeles, Europe/Berlin or Pacific/Auckland (UTC by default)"`
}

// TimeZoneOutput is the household's time zone and its date now.
type TimeZoneOutput struct {
	TimeZone string `json:"time_zone"`
	Today    string `json:"today"`
}

// ParseTimeZone checks an IANA time zone name, naming field on failure.
func ParseTimeZone(field, name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	// time.LoadLocation also takes "Local" and file paths; only real
	// zone names are a household's setting.
	if name == "" || name == "Local" || len(name) > 64 || strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
		return nil, Invalid(field, "%q is not a time zone; use an IANA name such as America/Los_Angeles or Pacific/Auckland", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, Invalid(field, "%q is not a time zone; use an IANA name such as America/Los_Angeles or Pacific/Auckland", name)
	}
	return loc, nil
}

// TenantLocation is the tenant's time zone, read inside q; UTC when the
// stored name no longer loads.
func TenantLocation(ctx context.Context, q *queries.Queries, tenant identity.Identity) (*time.Location, error) {
	name, err := q.TenantTimeZone(ctx, queries.TenantTimeZoneParams{TenantID: tenant.TenantID})
	if errors.Is(err, pgx.ErrNoRows) {
		return time.UTC, nil
	}
	if err != nil {
		return nil, fmt.Errorf("tenant time zone: %w", err)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC, nil //nolint:nilerr // a zone the tzdata lost is UTC, not a failure
	}
	return loc, nil
}

// SetTimeZone sets the household's time zone.
func (t *Tools) SetTimeZone(ctx context.Context, id identity.Identity, in SetTimeZoneInput) (TimeZoneOutput, error) {
	loc, err := ParseTimeZone("time_zone", in.TimeZone)
	if err != nil {
		return TimeZoneOutput{}, err
	}
	err = t.write(ctx, id, func(q *queries.Queries) error {
		return q.TenantSetTimeZone(ctx, queries.TenantSetTimeZoneParams{TenantID: id.TenantID, TimeZone: loc.String()})
	})
	if err != nil {
		return TimeZoneOutput{}, fmt.Errorf("set time zone: %w", err)
	}
	return TimeZoneOutput{TimeZone: loc.String(), Today: t.now().In(loc).Format("2006-01-02")}, nil
}

func householdTools() []ServerTool {
	st := def(ToolsetCatalog, Destructive, &mcp.Tool{Name: "set_time_zone", Title: "Set the household's time zone",
		Description: "Sets the household's time zone (an IANA name), which decides what today is for it. " +
			`Example: {"time_zone": "America/Los_Angeles"}`}, (*Tools).SetTimeZone)
	st.Role = identity.RoleAdmin
	return []ServerTool{st}
}
