package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// SARIF constants.
const (
	SARIFSchema    = "https://json.schemastore.org/sarif-2.1.0.json"
	SARIFVersion   = "2.1.0"
	InformationURI = "https://github.com/guardrail-dev/guardrail"
	// FingerprintKey names guardrail's entry in partialFingerprints: a hash
	// of rule id, path, match text (white space folded) and the index of
	// that match among equal ones in the file. It does not change when lines
	// are added or removed around the match.
	FingerprintKey = "guardrailMatchHash/v1"
	srcRoot        = "%SRCROOT%"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	// AutomationDetails is present only when Options.AutomationID is set.
	AutomationDetails *sarifAutomation  `json:"automationDetails,omitempty"`
	Tool              sarifTool         `json:"tool"`
	Invocations       []sarifInvocation `json:"invocations"`
	ColumnKind        string            `json:"columnKind"`
	Results           []sarifResult     `json:"results"`
}

// sarifAutomation is a run's runAutomationDetails: GitHub code scanning
// takes its id (up to the last "/") as the upload's category.
type sarifAutomation struct {
	ID string `json:"id"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	InformationURI  string      `json:"informationUri"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	Rules           []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 sarifText       `json:"help"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level      string           `json:"level"`
	Message    sarifText        `json:"message"`
	Descriptor *sarifDescriptor `json:"descriptor,omitempty"`
	Locations  []sarifLocation  `json:"locations,omitempty"`
}

type sarifDescriptor struct {
	ID string `json:"id"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int        `json:"startLine"`
	StartColumn int        `json:"startColumn,omitempty"`
	EndLine     int        `json:"endLine,omitempty"`
	EndColumn   int        `json:"endColumn,omitempty"`
	Snippet     *sarifText `json:"snippet,omitempty"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

// WriteSARIF writes r as a SARIF 2.1.0 log with one run, in the subset that
// GitHub code scanning accepts. Rule metadata comes from opts.Rules; every
// rule there is listed, plus any rule id that only appears in findings.
// Config errors become error notifications of the run's invocation, which
// is then not successful.
func WriteSARIF(w io.Writer, r *Result, opts Options) error {
	items := Flatten(r)

	// Rules: every known rule and every rule with a finding, sorted by id.
	defaults := map[string]rules.Severity{}
	for _, it := range items {
		if _, ok := defaults[it.Rule]; !ok {
			defaults[it.Rule] = it.Severity
		}
	}
	ids := make([]string, 0, len(opts.Rules)+len(defaults))
	for id := range opts.Rules {
		ids = append(ids, id)
	}
	for id := range defaults {
		if _, ok := opts.Rules[id]; !ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	index := make(map[string]int, len(ids))
	driver := sarifDriver{
		Name:           "guardrail",
		InformationURI: InformationURI,
		Version:        opts.Version,
		Rules:          make([]sarifRule, 0, len(ids)),
	}
	if v := strings.TrimPrefix(opts.Version, "v"); semverRE().MatchString(v) {
		driver.SemanticVersion = v
	}
	for i, id := range ids {
		index[id] = i
		info, ok := opts.Rules[id]
		if !ok {
			info = fallbackRuleInfo(id, defaults[id])
		}
		driver.Rules = append(driver.Rules, sarifRuleFor(id, info))
	}

	results := make([]sarifResult, 0, len(items))
	seen := map[string]int{} // occurrence counter per fingerprint input
	for _, it := range items {
		loc := artifactLocation(it.Path)
		region := &sarifRegion{
			StartLine:   it.Line,
			StartColumn: it.Column,
			EndLine:     it.EndLine,
			EndColumn:   it.EndColumn,
		}
		if it.Match != "" {
			region.Snippet = &sarifText{Text: it.Match}
		}
		key := it.Rule + "\x00" + it.Path + "\x00" + foldSpace(it.Match)
		n := seen[key]
		seen[key] = n + 1
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(n)))
		res := sarifResult{
			RuleID:              it.Rule,
			RuleIndex:           index[it.Rule],
			Level:               sarifLevel(it.Severity),
			Message:             sarifText{Text: it.Message},
			Locations:           []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: loc, Region: region}}},
			PartialFingerprints: map[string]string{FingerprintKey: hex.EncodeToString(sum[:16])},
		}
		if len(it.Replacements) > 0 {
			res.Fixes = []sarifFix{{
				Description: sarifText{Text: "Replace with " + quote(it.Replacements[0])},
				ArtifactChanges: []sarifArtifactChange{{
					ArtifactLocation: loc,
					Replacements: []sarifReplacement{{
						DeletedRegion: sarifRegion{
							StartLine:   it.Line,
							StartColumn: it.Column,
							EndLine:     it.EndLine,
							EndColumn:   it.EndColumn,
						},
						InsertedContent: sarifText{Text: it.Replacements[0]},
					}},
				}},
			}}
		}
		results = append(results, res)
	}

	errs := SortedErrors(r)
	inv := sarifInvocation{ExecutionSuccessful: len(errs) == 0}
	for _, e := range errs {
		n := sarifNotification{
			Level:      "error",
			Message:    sarifText{Text: e.Message},
			Descriptor: &sarifDescriptor{ID: errorDescriptor(e.Kind)},
		}
		if e.Path != "" {
			pl := sarifPhysicalLocation{ArtifactLocation: artifactLocation(e.Path)}
			if e.Line > 0 {
				pl.Region = &sarifRegion{StartLine: e.Line}
				if e.Column > 0 {
					pl.Region.StartColumn = e.Column
				}
			}
			n.Locations = []sarifLocation{{PhysicalLocation: pl}}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	for _, nt := range Notes(r) {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:      "note",
			Message:    sarifText{Text: nt.Message},
			Descriptor: &sarifDescriptor{ID: "guardrail.max-findings"},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
				ArtifactLocation: artifactLocation(nt.Path),
				Region:           &sarifRegion{StartLine: nt.Line, StartColumn: nt.Column},
			}}},
		})
	}

	log := sarifLog{
		Schema:  SARIFSchema,
		Version: SARIFVersion,
		Runs: []sarifRun{{
			Tool:        sarifTool{Driver: driver},
			Invocations: []sarifInvocation{inv},
			ColumnKind:  "unicodeCodePoints",
			Results:     results,
		}},
	}
	if opts.AutomationID != "" {
		log.Runs[0].AutomationDetails = &sarifAutomation{ID: opts.AutomationID}
	}
	return writeJSON(w, log)
}

// errorDescriptor is the notification descriptor of an error of kind k.
func errorDescriptor(k ErrorKind) string {
	switch k {
	case ReadError:
		return "guardrail.read"
	case FixError:
		return "guardrail.fix"
	}
	return "guardrail.config"
}

var semverRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)
})

// sarifLevel maps a severity to a SARIF level: info and hint are notes.
func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.SeverityError:
		return "error"
	case rules.SeverityWarning:
		return "warning"
	}
	return "note"
}

func fallbackRuleInfo(id string, sev rules.Severity) RuleInfo {
	if id == analysis.UnusedSuppressionRule {
		return RuleInfo{
			Message:   "This suppression comment suppresses nothing.",
			Rationale: "A guardrail-disable comment that matches no finding is stale or names the wrong rule; remove it or fix the rule id.",
			Severity:  rules.SeverityHint,
		}
	}
	return RuleInfo{Severity: sev}
}

func sarifRuleFor(id string, info RuleInfo) sarifRule {
	short := describe(info)
	if short == "" {
		short = "guardrail rule " + id
	}
	full := strings.TrimSpace(info.Rationale)
	if full == "" {
		full = short
	}
	help := full
	if len(info.Approved) > 0 {
		q := make([]string, len(info.Approved))
		for i, a := range info.Approved {
			q[i] = quote(a)
		}
		help += "\n\nApproved: " + strings.Join(q, ", ") + "."
	}
	if info.Link != "" {
		help += "\n\nMore: " + info.Link
	}
	sev := info.Severity
	if sev == rules.SeverityOff {
		sev = rules.SeverityWarning
	}
	return sarifRule{
		ID:                   id,
		ShortDescription:     sarifText{Text: short},
		FullDescription:      sarifText{Text: full},
		Help:                 sarifText{Text: help},
		HelpURI:              info.Link,
		DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(sev)},
	}
}

// describe turns a rule's message template into a description: {approved}
// becomes the preferred approved phrase and {match} an ellipsis.
func describe(info RuleInfo) string {
	approved := "an approved phrase"
	if len(info.Approved) > 0 {
		approved = info.Approved[0]
	}
	return strings.TrimSpace(strings.NewReplacer("{approved}", approved, "{match}", "…").Replace(info.Message))
}

// artifactLocation turns a reported path into a SARIF artifact location:
// relative paths become relative URI references against %SRCROOT%,
// absolute paths file: URIs.
func artifactLocation(p string) sarifArtifactLocation {
	if p == "" {
		return sarifArtifactLocation{URI: ""}
	}
	abs := strings.HasPrefix(p, "/")
	if !abs && len(p) >= 3 && p[1] == ':' && p[2] == '/' && isLetter(p[0]) { // Windows drive
		abs, p = true, "/"+p
	}
	p = path.Clean(p)
	u := &url.URL{Path: p}
	if abs {
		u.Scheme = "file"
		return sarifArtifactLocation{URI: u.String()}
	}
	return sarifArtifactLocation{URI: u.String(), URIBaseID: srcRoot}
}

// foldSpace collapses each run of white space to one space, so that
// re-wrapping a paragraph or changing line endings keeps fingerprints.
func foldSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
