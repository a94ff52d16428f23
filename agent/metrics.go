package agent

// Metrics receives what the agent counts for /metrics (web.Metrics
// implements it). The agent never sees Prometheus types.
type Metrics interface {
	// ModelTokens counts the tokens one model call used.
	ModelTokens(model string, input, output int)
	// Capture counts a capture turn that ended in outcome (its status:
	// proposed, answered, failed; or "error").
	Capture(outcome string)
}

type noMetrics struct{}

func (noMetrics) ModelTokens(string, int, int) {}
func (noMetrics) Capture(string)               {}

// WithMetrics makes c count its captures (and, once the loop reports
// usage, model tokens) in m; it returns c.
func (c *Captures) WithMetrics(m Metrics) *Captures {
	if m != nil {
		c.metrics = m
	}
	return c
}

// countTurn counts a finished capture turn.
func (c *Captures) countTurn(v View, err error) (View, error) {
	outcome := v.Status
	if err != nil || outcome == "" {
		outcome = "error"
	}
	c.metrics.Capture(outcome)
	return v, err
}
