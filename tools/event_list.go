package tools

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// ListEventsInput is list_events' arguments.
type ListEventsInput struct {
	From   string `json:"from,omitempty" jsonschema:"only events on or after this date, YYYY-MM-DD"`
	To     string `json:"to,omitempty" jsonschema:"only events on or before this date, YYYY-MM-DD"`
	Limit  int    `json:"limit,omitempty" jsonschema:"events per page, 1 to 500 (default 50)"`
	Cursor string `json:"cursor,omitempty" jsonschema:"next_cursor from the previous page"`
}

// EventSummaryOut is an event in a list.
type EventSummaryOut struct {
	EventID     string  `json:"event_id"`
	Slug        string  `json:"slug"`
	Name        string  `json:"name"`
	EventDate   string  `json:"event_date"`
	Year        int     `json:"year"`
	GuestCount  *int    `json:"guest_count"`
	OutputMode  *string `json:"output_mode"`
	PlanState   string  `json:"plan_state"`
	RecipeCount int     `json:"recipe_count"`
}

// ListEventsOutput is list_events' result.
type ListEventsOutput struct {
	Events     []EventSummaryOut `json:"events"`
	NextCursor string            `json:"next_cursor"`
}

// eventCursor is list_events' keyset position: the last row's sort key.
type eventCursor struct {
	Date string    `json:"d"`
	ID   uuid.UUID `json:"id"`
}

// ListEvents pages the tenant's events, newest date first.
func (t *Tools) ListEvents(ctx context.Context, id identity.Identity, in ListEventsInput) (ListEventsOutput, error) {
	out := ListEventsOutput{Events: []EventSummaryOut{}}
	limit, err := pageLimit(in.Limit)
	if err != nil {
		return out, err
	}
	p := queries.EventListParams{TenantID: id.TenantID, RowLimit: limit + 1}
	for _, f := range []struct {
		field, value string
		dst          **time.Time
	}{{"from", in.From, &p.FromDate}, {"to", in.To, &p.ToDate}} {
		if f.value == "" {
			continue
		}
		d, err := parseEventDate(f.field, f.value)
		if err != nil {
			return out, err
		}
		*f.dst = &d
	}
	if p.FromDate != nil && p.ToDate != nil && p.ToDate.Before(*p.FromDate) {
		return out, Invalid("to", "is before from; give a range whose end is on or after its start")
	}
	if in.Cursor != "" {
		d, after, err := decodeEventCursor(in.Cursor)
		if err != nil {
			return out, err
		}
		p.AfterDate, p.AfterID = &d, &after
	}
	var rows []queries.EventListRow
	err = t.read(ctx, id, func(q *queries.Queries) error {
		var err error
		rows, err = q.EventList(ctx, p)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("list events: %w", err)
	}
	if len(rows) > int(limit) {
		rows = rows[:limit]
		last := rows[len(rows)-1]
		out.NextCursor = encodeEventCursor(last.EventDate, last.ID)
	}
	for _, r := range rows {
		out.Events = append(out.Events, EventSummaryOut{
			EventID: r.ID.String(), Slug: r.Slug, Name: r.Name, EventDate: r.EventDate.Format(eventDateLayout),
			Year: int(r.Year), GuestCount: intPtr(r.ExpectedAttendees), OutputMode: r.OutputMode,
			PlanState: r.PlanState, RecipeCount: int(r.RecipeCount),
		})
	}
	return out, nil
}

func encodeEventCursor(date time.Time, id uuid.UUID) string {
	return encodeCursor(eventCursor{Date: date.Format(eventDateLayout), ID: id})
}

func decodeEventCursor(s string) (time.Time, uuid.UUID, error) {
	var d time.Time
	c, err := decodeCursor(s, "list_events", func(c eventCursor) bool {
		var perr error
		d, perr = time.Parse(eventDateLayout, c.Date)
		return c.ID != uuid.Nil && perr == nil
	})
	if err != nil {
		return time.Time{}, uuid.Nil, err
	}
	return d, c.ID, nil
}

// GetEventInput is get_event's arguments.
type GetEventInput struct {
	EventID string `json:"event_id" jsonschema:"the event's id, slug or name"`
}

// GetEvent returns one event with its planned recipes.
func (t *Tools) GetEvent(ctx context.Context, id identity.Identity, in GetEventInput) (EventOut, error) {
	var out EventOut
	err := t.snapshot(ctx, id, func(q *queries.Queries) error {
		ev, err := resolveEvent(ctx, q, id.TenantID, in.EventID, false)
		if err != nil {
			return err
		}
		out, err = eventOut(ctx, q, id.TenantID, ev)
		return err
	})
	return out, err
}
