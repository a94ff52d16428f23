package agent

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"google.golang.org/genai"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/store"
	"github.com/baketracker/baketracker/tools"
)

// MaxTextLength bounds the text of a capture or a message, in characters.
const MaxTextLength = 4000

// Captures is the capture service behind /api/captures: it stores media,
// runs the agent, keeps the conversation and confirms proposals through the
// registry.
type Captures struct {
	store    *store.Store
	registry *tools.Registry
	agent    *Agent // nil: no GEMINI_API_KEY
	storage  Storage
	logger   *slog.Logger
	metrics  Metrics // noMetrics unless WithMetrics
}

// NewCaptures returns the service; a nil agent answers 503 ai_disabled.
func NewCaptures(s *store.Store, r *tools.Registry, a *Agent, st Storage, logger *slog.Logger) *Captures {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Captures{store: s, registry: r, agent: a, storage: st, logger: logger, metrics: noMetrics{}}
}

// View is a capture as clients see it.
type View struct {
	ID        uuid.UUID  `json:"id"`
	Status    string     `json:"status"`
	Detail    string     `json:"detail,omitempty"`
	Text      string     `json:"text,omitempty"`
	Reply     string     `json:"reply"`
	Proposals []Proposal `json:"proposals"`
	Results   []Result   `json:"results,omitempty"`
	// Undo is what undo did to each write, once the capture is undone.
	Undo  []tools.UndoOutcome `json:"undo,omitempty"`
	Media []MediaView         `json:"media"`
	// Tokens is what the capture's model calls cost so far.
	Tokens    Tokens           `json:"tokens"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
	history   []*genai.Content // after the first message
}

// MediaView describes one stored file.
type MediaView struct {
	Kind     string `json:"kind"`
	MIMEType string `json:"mime_type"`
	SHA256   string `json:"sha256"`
	Size     int64  `json:"size_bytes"`
}

func (c *Captures) enabled() *tools.Error {
	if c.agent == nil {
		return tools.Unavailable("ai_disabled", "the assistant is not configured on this server (GEMINI_API_KEY is not set); everything else works")
	}
	return nil
}

func checkText(field, text string) *tools.Error {
	if !utf8.ValidString(text) {
		return tools.Invalid(field, "must be valid UTF-8 text")
	}
	if utf8.RuneCountInString(text) > MaxTextLength {
		return tools.Invalid(field, "must be at most %d characters", MaxTextLength)
	}
	return nil
}

// Create stores the media and text first, then runs the agent. A model
// failure keeps the capture with status failed, for Retry.
func (c *Captures) Create(ctx context.Context, id identity.Identity, text string, media []Media) (View, error) {
	v, _, err := c.create(ctx, id, "", text, media)
	return v, err
}

// create is Create, claiming key (when not empty) in the transaction that
// makes the capture; it reports whether the key had made one already.
func (c *Captures) create(ctx context.Context, id identity.Identity, key, text string, media []Media) (View, bool, error) {
	v, err := c.createOnce(ctx, id, key, text, media)
	if errors.Is(err, errKeyTaken) {
		return c.byKey(ctx, id, key)
	}
	return v, false, err
}

func (c *Captures) createOnce(ctx context.Context, id identity.Identity, key, text string, media []Media) (View, error) {
	if e := c.enabled(); e != nil {
		return View{}, e
	}
	if id.ReadOnly {
		return View{}, tools.Forbidden("this token is read-only; a capture stores media and proposes changes")
	}
	if err := c.withinQuota(ctx, id); err != nil {
		return View{}, err
	}
	text = strings.TrimSpace(text)
	if e := checkText("text", text); e != nil {
		return View{}, e
	}
	if text == "" && len(media) == 0 {
		return View{}, tools.Invalid("text", "send audio, an image or text")
	}
	total := 0
	for _, m := range media {
		total += len(m.Data)
	}
	if total > MaxCaptureBytes {
		return View{}, &tools.Error{Code: "payload_too_large", Field: "media", Status: 413,
			Message: fmt.Sprintf("a capture's files may total at most %d MB", MaxCaptureBytes>>20)}
	}
	type stored struct {
		m   Media
		sum [32]byte
		url string
	}
	files := make([]stored, len(media))
	for i, m := range media {
		sum := sha256.Sum256(m.Data)
		u, err := c.storage.Put(ctx, id.TenantID.String()+"/"+hex.EncodeToString(sum[:]), m.Data)
		if err != nil {
			return View{}, fmt.Errorf("capture: store %s: %w", m.Kind, err)
		}
		files[i] = stored{m, sum, u}
	}
	var row queries.Capture
	err := c.store.InTenant(ctx, id.TenantID, func(q *queries.Queries) error {
		var err error
		row, err = q.CaptureCreate(ctx, queries.CaptureCreateParams{TenantID: id.TenantID, UserID: id.UserID, Text: text})
		if err != nil {
			return fmt.Errorf("capture: create: %w", err)
		}
		for i, f := range files {
			if err := q.CaptureMediaAdd(ctx, queries.CaptureMediaAddParams{TenantID: id.TenantID, CaptureID: row.ID,
				Position: int32(i), Kind: f.m.Kind, MimeType: f.m.MIMEType, Sha256: f.sum[:],
				SizeBytes: int64(len(f.m.Data)), StorageUrl: f.url}); err != nil {
				return fmt.Errorf("capture: media: %w", err)
			}
		}
		return claimKey(ctx, q, id, key, row.ID)
	})
	if err != nil {
		return View{}, err
	}
	return c.countTurn(c.run(ctx, id, row.ID, nil))
}

// Retry runs the agent again on a capture whose last turn failed.
func (c *Captures) Retry(ctx context.Context, id identity.Identity, captureID uuid.UUID) (View, error) {
	if e := c.enabled(); e != nil {
		return View{}, e
	}
	v, err := c.Get(ctx, id, captureID)
	if err != nil {
		return View{}, err
	}
	if v.Status != "failed" {
		return View{}, tools.Conflict("status", "only a failed capture is retried; this one is %s", v.Status)
	}
	if err := c.withinQuota(ctx, id); err != nil {
		return View{}, err
	}
	return c.run(ctx, id, captureID, v.history)
}

// Message adds the person's correction and lets the agent revise its
// proposals with the whole conversation.
func (c *Captures) Message(ctx context.Context, id identity.Identity, captureID uuid.UUID, text string) (View, error) {
	if e := c.enabled(); e != nil {
		return View{}, e
	}
	text = strings.TrimSpace(text)
	if e := checkText("text", text); e != nil {
		return View{}, e
	}
	if text == "" {
		return View{}, tools.Invalid("text", "say what to change")
	}
	v, err := c.Get(ctx, id, captureID)
	if err != nil {
		return View{}, err
	}
	switch v.Status {
	case "proposed", "answered", "failed":
	default:
		return View{}, tools.Conflict("status", "this capture is %s; start a new one", v.Status)
	}
	if err := c.withinQuota(ctx, id); err != nil {
		return View{}, err
	}
	return c.run(ctx, id, captureID, appendUserText(v.history, text))
}

// appendUserText adds text as the person's turn; after function responses
// (also the person's role) it joins that same turn.
func appendUserText(history []*genai.Content, text string) []*genai.Content {
	out := append([]*genai.Content(nil), history...)
	if n := len(out); n > 0 && out[n-1].Role == genai.RoleUser {
		last := *out[n-1]
		last.Parts = append(append([]*genai.Part(nil), last.Parts...), genai.NewPartFromText(text))
		out[n-1] = &last
		return out
	}
	return append(out, genai.NewContentFromText(text, genai.RoleUser))
}

// run rebuilds the first message from storage, runs the agent on it and
// history, and saves the turn.
func (c *Captures) run(ctx context.Context, id identity.Identity, captureID uuid.UUID, history []*genai.Content) (View, error) {
	first, err := c.firstMessage(ctx, id, captureID)
	if err != nil {
		return View{}, err
	}
	briefing, err := c.briefing(ctx, id)
	if err != nil {
		return View{}, err
	}
	turn, runErr := c.agent.Run(ctx, id, append([]*genai.Content{first}, history...), briefing)
	if runErr != nil {
		c.logger.WarnContext(ctx, "capture: model call failed", "capture", captureID, "tenant", id.TenantID, "error", runErr)
	}
	rest := history
	if turn.Status != Failed {
		rest = turn.History[1:]
	}
	histJSON, err := json.Marshal(rest)
	if err != nil {
		return View{}, fmt.Errorf("capture: history: %w", err)
	}
	proposals := turn.Proposals
	if proposals == nil {
		proposals = []Proposal{}
	}
	propJSON, err := json.Marshal(proposals)
	if err != nil {
		return View{}, fmt.Errorf("capture: proposals: %w", err)
	}
	err = c.store.InTenant(ctx, id.TenantID, func(q *queries.Queries) error {
		if err := saveUsage(ctx, q, id, queries.CaptureAddTokensParams{ID: captureID}, c.clock(), turn.Usage); err != nil {
			return err
		}
		return q.CaptureSaveTurn(ctx, queries.CaptureSaveTurnParams{TenantID: id.TenantID, ID: captureID,
			Status: string(turn.Status), Detail: truncate(turn.Detail, 500), Reply: turn.Reply,
			History: histJSON, Proposals: propJSON})
	})
	if err != nil {
		return View{}, fmt.Errorf("capture: save turn: %w", err)
	}
	return c.Get(ctx, id, captureID)
}

// firstMessage is the capture's text and media as the person's first turn.
func (c *Captures) firstMessage(ctx context.Context, id identity.Identity, captureID uuid.UUID) (*genai.Content, error) {
	var row queries.Capture
	var media []queries.CaptureMedium
	err := c.store.ReadTenant(ctx, id.TenantID, func(q *queries.Queries) error {
		var err error
		if row, err = q.CaptureGet(ctx, queries.CaptureGetParams{TenantID: id.TenantID, ID: captureID}); err != nil {
			return err
		}
		media, err = q.CaptureMedia(ctx, queries.CaptureMediaParams{TenantID: id.TenantID, CaptureID: captureID})
		return err
	})
	if err != nil {
		return nil, notFound(err)
	}
	var parts []*genai.Part
	for _, m := range media {
		data, err := c.storage.Get(ctx, m.StorageUrl)
		if err != nil {
			return nil, fmt.Errorf("capture %s: media %d: %w", captureID, m.Position, err)
		}
		mt, data, err := ForModel(m.MimeType, m.Sha256, data)
		if err != nil {
			return nil, fmt.Errorf("capture %s: media %d: %w", captureID, m.Position, err)
		}
		parts = append(parts, genai.NewPartFromBytes(data, mt))
	}
	if row.Text != "" {
		parts = append(parts, genai.NewPartFromText(row.Text))
	}
	return genai.NewContentFromParts(parts, genai.RoleUser), nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// maxBriefedAliases bounds the receipt lines the instruction lists.
const maxBriefedAliases = 100

// briefing is the tenant's today, in its time zone, and the receipt lines
// it has confirmed (through the registry's list_store_aliases, when served).
func (c *Captures) briefing(ctx context.Context, id identity.Identity) (Briefing, error) {
	loc := time.UTC
	err := c.store.ReadTenant(ctx, id.TenantID, func(q *queries.Queries) error {
		var err error
		loc, err = tools.TenantLocation(ctx, q, id)
		return err
	})
	if err != nil {
		return Briefing{}, fmt.Errorf("capture: time zone: %w", err)
	}
	b := Briefing{Today: c.clock().In(loc)}
	if _, ok := c.registry.Lookup("list_store_aliases"); ok {
		out, e := c.registry.Call(ctx, id, "list_store_aliases", json.RawMessage(fmt.Sprintf(`{"limit": %d}`, maxBriefedAliases)))
		if e != nil {
			return Briefing{}, e
		}
		b.Aliases = out.(tools.ListStoreAliasesOutput).Aliases
	}
	return b, nil
}
