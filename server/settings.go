package server

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/guardrail-dev/guardrail/rules"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// settings are the editor settings (initializationOptions,
// workspace/didChangeConfiguration, workspace/configuration), nested under
// "guardrail" or flat.
type settings struct {
	ConfigPath  string
	ExtraPacks  []string
	MinSeverity rules.Severity
	LogLevel    string
	Limits      limitSettings
}

func defaultSettings() settings { return settings{MinSeverity: rules.SeverityHint} }

// applyJSON updates st from a settings object; keys that are absent keep
// their value. It returns problems to show the user.
func (st *settings) applyJSON(raw json.RawMessage) []string {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return []string{fmt.Sprintf("settings are not valid JSON: %v", err)}
	}
	return st.apply(v)
}

func (st *settings) apply(v any) []string {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	if g, ok := m["guardrail"].(map[string]any); ok {
		m = g
	}
	var problems []string
	if x, ok := m["configPath"]; ok {
		if s, ok := x.(string); ok || x == nil {
			st.ConfigPath = s
		} else {
			problems = append(problems, "configPath must be a string")
		}
	}
	if x, ok := m["extraPacks"]; ok {
		var packs []string
		list, ok := x.([]any)
		if !ok && x != nil {
			problems = append(problems, "extraPacks must be a list of strings")
		}
		for _, e := range list {
			if s, ok := e.(string); ok && s != "" {
				packs = append(packs, s)
			} else if !ok && e != nil {
				problems = append(problems, fmt.Sprintf("extraPacks: %s is not a string; left out", jsonTypeName(e)))
			}
		}
		if ok || x == nil {
			st.ExtraPacks = packs
		}
	}
	if x, ok := m["minSeverity"]; ok {
		s, isStr := x.(string)
		if !isStr && x != nil {
			// Kept at its value: a wrong type is not a reset.
			problems = append(problems, fmt.Sprintf("minSeverity must be a string (error, warning, info or hint), not %s; kept at %s", jsonTypeName(x), st.MinSeverity))
		} else if s == "" {
			st.MinSeverity = rules.SeverityHint
		} else if sev, err := rules.ParseSeverity(s, false); err == nil {
			st.MinSeverity = sev
		} else {
			problems = append(problems, "minSeverity: "+err.Error())
		}
	}
	if x, ok := m["logLevel"]; ok {
		s, isStr := x.(string)
		if !isStr && x != nil {
			problems = append(problems, fmt.Sprintf("logLevel must be a string (debug, info, warn or error), not %s; left unchanged", jsonTypeName(x)))
		} else if _, err := zapcore.ParseLevel(s); s == "" || err == nil {
			st.LogLevel = s
		} else {
			problems = append(problems, fmt.Sprintf("logLevel %q: use debug, info, warn or error", s))
		}
	}
	problems = append(problems, st.Limits.apply(m)...)
	return problems
}

// jsonTypeName names the JSON type of a decoded value, for problems.
func jsonTypeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "true or false"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "null"
}

func (st settings) sameLoader(o settings) bool {
	if st.ConfigPath != o.ConfigPath || len(st.ExtraPacks) != len(o.ExtraPacks) {
		return false
	}
	for i := range st.ExtraPacks {
		if st.ExtraPacks[i] != o.ExtraPacks[i] {
			return false
		}
	}
	return true
}

func (c *configState) applySettingsLocked() {
	c.minSev.Store(int32(c.settings.MinSeverity))
	lim := c.settings.Limits.over(limitsOf(c.s.opts))
	c.lim.Store(&lim)
	if c.s.opts.Level != nil {
		// An empty or null logLevel goes back to the level the server
		// started with.
		l := c.startLevel
		if lvl := c.settings.LogLevel; lvl != "" {
			l, _ = zapcore.ParseLevel(lvl) // checked in apply
		}
		c.s.opts.Level.SetLevel(l)
	}
}

func (c *configState) reportSettingsProblems(problems []string) {
	for _, p := range problems {
		c.s.log.Warn("settings", zap.String("problem", p))
		c.s.showMessage(protocol.MessageTypeWarning, "guardrail settings: "+p)
	}
}

// updateSettings applies a settings object from the editor and reloads
// when it changes what is checked.
func (c *configState) updateSettings(v json.RawMessage) {
	c.mu.Lock()
	old := c.settings
	problems := c.settings.applyJSON(v)
	changed := !old.sameLoader(c.settings)
	if changed {
		c.newLoader = true
	}
	sevChanged := old.MinSeverity != c.settings.MinSeverity || !old.Limits.equal(c.settings.Limits)
	c.applySettingsLocked()
	c.mu.Unlock()
	c.reportSettingsProblems(problems)
	if changed || sevChanged {
		c.requestReload()
	}
}

// pullSettings asks the client for the "guardrail" section.
func (c *configState) pullSettings() {
	if !c.s.sess().caps.configuration {
		return
	}
	var res []json.RawMessage
	err := c.s.call(protocol.MethodWorkspaceConfiguration, &protocol.ConfigurationParams{
		Items: []protocol.ConfigurationItem{{Section: "guardrail"}},
	}, &res, 5*time.Second)
	if err != nil {
		c.s.log.Info("workspace/configuration failed", zap.Error(err))
		return
	}
	if len(res) > 0 {
		c.updateSettings(res[0])
	}
}

func (s *Server) didChangeConfiguration(ctx context.Context, params json.RawMessage) (any, error) {
	var p struct {
		Settings json.RawMessage `json:"settings"`
	}
	if len(params) > 0 && string(params) != "null" {
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(protocol.MethodWorkspaceDidChangeConfiguration, err)
		}
	}
	s.cfg.updateSettings(p.Settings)
	// Clients that send no settings (or only a nudge) expect a pull.
	s.cfg.requestPull()
	return nil, nil
}
