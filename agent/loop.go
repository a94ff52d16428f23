package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"
	"google.golang.org/genai"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// Status is how a turn ended.
type Status string

const (
	// Proposed: the model proposed writes for the person to confirm.
	Proposed Status = "proposed"
	// Answered: the model replied without proposing anything.
	Answered Status = "answered"
	// Failed: the model could not be reached or ended abnormally
	// (malformed call, safety, max tokens, step cap); Detail says which.
	Failed Status = "failed"
)

// Proposal is a write the model wants, not yet executed.
type Proposal struct {
	ID        string          `json:"id"`
	Tool      string          `json:"tool"`
	Arguments json.RawMessage `json:"arguments"`
	// Summary is one line for the person ("Record purchase: 2 lb flour…").
	Summary string `json:"summary"`
	// Resolved lists the lookups the model made before proposing it in
	// this turn (which product, which lot it found).
	Resolved []Lookup `json:"resolved,omitempty"`
}

// Lookup is one read tool call the loop ran for the model.
type Lookup struct {
	Tool      string          `json:"tool"`
	Arguments json.RawMessage `json:"arguments"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *tools.Error    `json:"error,omitempty"`
}

// Turn is the outcome of one run of the loop.
type Turn struct {
	Status    Status     `json:"status"`
	Detail    string     `json:"detail,omitempty"`
	Reply     string     `json:"reply"`
	Proposals []Proposal `json:"proposals"`
	// History is the whole conversation, this turn included, to continue
	// from (a correction) or store.
	History []*genai.Content `json:"-"`
	// Steps is the number of model round trips the turn took.
	Steps int `json:"steps"`
	// Usage is the tokens the turn's model calls used, failed turns too.
	Usage Usage `json:"-"`
}

// Usage is model tokens as the API's usageMetadata counts them.
type Usage struct {
	Calls      int64 `json:"model_calls"`
	Prompt     int64 `json:"prompt_tokens"`
	Candidates int64 `json:"candidates_tokens"`
	Total      int64 `json:"total_tokens"`
}

func (u *Usage) add(m *genai.GenerateContentResponseUsageMetadata) {
	u.Calls++
	if m == nil {
		return
	}
	u.Prompt += int64(m.PromptTokenCount)
	u.Candidates += int64(m.CandidatesTokenCount)
	u.Total += int64(m.TotalTokenCount)
}

// Run continues history (which ends with the person's message) until the
// model replies, proposes writes, or a stop condition ends the turn. An
// error means the model could not be reached; the turn is then Failed with
// history unchanged so a retry can run it again.
func (a *Agent) Run(ctx context.Context, id identity.Identity, history []*genai.Content, b Briefing) (turn Turn, err error) {
	var usage Usage
	defer func() { turn.Usage = usage }()
	if b.Today.IsZero() {
		b.Today = a.now()
	}
	cfg := &genai.GenerateContentConfig{
		SystemInstruction: genai.NewContentFromText(systemInstruction(b), genai.RoleUser),
		Tools:             []*genai.Tool{{FunctionDeclarations: declarations(a.registry)}},
	}
	contents := append([]*genai.Content(nil), history...)
	var lookups []Lookup
	var proposals []Proposal
	for step := 1; step <= a.maxSteps; step++ {
		resp, err := a.client.Models.GenerateContent(ctx, a.model, contents, cfg)
		if err != nil {
			return Turn{Status: Failed, Detail: modelFailure(err), History: history, Steps: step}, fmt.Errorf("agent: generate: %w", err)
		}
		usage.add(resp.UsageMetadata)
		if stop := abnormalStop(resp); stop != "" {
			return Turn{Status: Failed, Detail: stop, History: history, Steps: step}, nil
		}
		cand := resp.Candidates[0]
		contents = append(contents, cand.Content)
		calls := resp.FunctionCalls()
		if len(calls) == 0 {
			st := Answered
			if len(proposals) > 0 {
				st = Proposed
			}
			return Turn{Status: st, Reply: textOf(cand.Content), Proposals: proposals, History: contents, Steps: step}, nil
		}
		var parts []*genai.Part
		read := false
		for _, call := range calls {
			response, lookup, proposal := a.handle(ctx, id, call, len(proposals)+1)
			parts = append(parts, &genai.Part{FunctionResponse: &genai.FunctionResponse{ID: call.ID, Name: call.Name, Response: response}})
			if lookup != nil {
				read = true
				lookups = append(lookups, *lookup)
			}
			if proposal != nil {
				proposal.Resolved = lookups
				proposals = append(proposals, *proposal)
			}
		}
		contents = append(contents, genai.NewContentFromParts(parts, genai.RoleUser))
		// Writes only: nothing new for the model to read, so the turn ends
		// here — one round trip for "two pounds of flour at Costco".
		if !read && len(proposals) > 0 {
			return Turn{Status: Proposed, Reply: proposalReply(textOf(cand.Content), proposals), Proposals: proposals, History: contents, Steps: step}, nil
		}
	}
	return Turn{Status: Failed, Detail: fmt.Sprintf("step_limit: the model still wanted to look things up after %d steps", a.maxSteps), History: history, Steps: a.maxSteps}, nil
}

// handle answers one function call: a read runs now, a write becomes a
// proposal, anything else is an error the model sees.
func (a *Agent) handle(ctx context.Context, id identity.Identity, call *genai.FunctionCall, n int) (map[string]any, *Lookup, *Proposal) {
	st, ok := a.registry.Lookup(call.Name)
	if !ok || !proposable(st) {
		return map[string]any{"error": map[string]any{"code": "not_found", "message": "there is no tool called " + call.Name}}, nil, nil
	}
	raw, err := json.Marshal(call.Args)
	if err != nil || call.Args == nil {
		raw = json.RawMessage("{}")
	}
	if st.Access == tools.Read {
		lookup := &Lookup{Tool: call.Name, Arguments: raw}
		out, e := a.registry.CallJSON(ctx, id, call.Name, raw)
		if e != nil {
			lookup.Error = e
			return map[string]any{"error": e}, lookup, nil
		}
		lookup.Result = out
		return map[string]any{"output": out}, lookup, nil
	}
	// A write the model cannot even shape is its mistake to fix now, not the
	// person's at confirm time.
	if e := tools.CheckArguments(st, raw); e != nil {
		return map[string]any{"error": e}, nil, nil
	}
	// Ids differ between turns: a revised proposal gets a new idempotency key.
	p := &Proposal{ID: fmt.Sprintf("p%d-%s", n, uuid.NewString()[:8]), Tool: call.Name, Arguments: raw, Summary: Summarize(st, raw)}
	return map[string]any{"output": map[string]any{"status": "proposed", "proposal_id": p.ID,
		"message": "not executed: the person reviews and confirms it"}}, nil, p
}

// abnormalStop names a response that ends the turn without an answer.
func abnormalStop(resp *genai.GenerateContentResponse) string {
	if len(resp.Candidates) == 0 || resp.Candidates[0] == nil {
		if resp.PromptFeedback != nil && resp.PromptFeedback.BlockReason != "" {
			return "blocked: " + string(resp.PromptFeedback.BlockReason)
		}
		return "empty: the model returned no answer"
	}
	c := resp.Candidates[0]
	switch c.FinishReason {
	case "", genai.FinishReasonStop:
	case genai.FinishReasonMalformedFunctionCall, genai.FinishReasonUnexpectedToolCall:
		return "malformed_call: the model produced a tool call that could not be read"
	case genai.FinishReasonMaxTokens:
		return "max_tokens: the answer was cut off"
	case genai.FinishReasonSafety, genai.FinishReasonImageSafety, genai.FinishReasonBlocklist,
		genai.FinishReasonProhibitedContent, genai.FinishReasonSPII, genai.FinishReasonRecitation:
		return "blocked: " + string(c.FinishReason)
	default:
		return "stopped: " + string(c.FinishReason)
	}
	if c.Content == nil || len(c.Content.Parts) == 0 {
		return "empty: the model returned no answer"
	}
	return ""
}

// modelFailure describes an error from the model API for the person.
func modelFailure(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "model_timeout: the model did not answer in time; retry later"
	}
	var ae genai.APIError
	if errors.As(err, &ae) {
		switch ae.Code {
		case 429:
			return "model_busy: the model is rate limited; retry later"
		case 503:
			return "model_unavailable: the model is overloaded; retry later"
		}
		return fmt.Sprintf("model_error: the model answered %d; retry later", ae.Code)
	}
	return "model_unreachable: the model could not be reached; retry later"
}

// textOf joins the text parts of the model's answer (resp.Text warns
// about the function calls beside them).
func textOf(c *genai.Content) string {
	var b strings.Builder
	for _, p := range c.Parts {
		if p.Text != "" && !p.Thought {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func proposalReply(text string, ps []Proposal) string {
	if strings.TrimSpace(text) != "" {
		return text
	}
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Summary
	}
	return "Please check: " + strings.Join(lines, "; ")
}

// Summarize is a one-line description of a tool call for the person.
func Summarize(st tools.ServerTool, raw json.RawMessage) string {
	var args map[string]any
	_ = json.Unmarshal(raw, &args)
	keys := make([]string, 0, len(args))
	for k := range args {
		if k != "idempotency_key" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	fields := make([]string, len(keys))
	for i, k := range keys {
		fields[i] = fmt.Sprintf("%s %v", strings.ReplaceAll(k, "_", " "), args[k])
	}
	title := st.Tool.Title
	if title == "" {
		title = st.Tool.Name
	}
	return title + ": " + strings.Join(fields, ", ")
}
