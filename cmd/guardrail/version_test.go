package main

import (
	"runtime/debug"
	"testing"
)

func TestFormatVersion(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const sha = "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		want                  string
	}{
		{
			name:    "release build: ldflags win over build info",
			version: "v1.2.3", commit: sha, date: "2026-12-07T10:00:00Z",
			bi:   &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", "ffffffffffffffff", "vcs.time", "2020-01-01T00:00:00Z")},
			want: "guardrail v1.2.3 (commit 0123456789ab, built 2026-12-07T10:00:00Z, go1.26.8)",
		},
		{
			name:    "go install module@v0.4.0: the module version, no VCS",
			version: "dev",
			bi:      &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/guardrail-dev/guardrail", Version: "v0.4.0"}},
			want:    "guardrail v0.4.0 (commit unknown, go1.26.8)",
		},
		{
			name:    "go build in a dirty checkout",
			version: "dev",
			bi:      &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", sha, "vcs.time", "2026-12-01T09:00:00Z", "vcs.modified", "true")},
			want:    "guardrail dev (commit 0123456789ab-dirty, built 2026-12-01T09:00:00Z, go1.26.8)",
		},
		{
			name:    "stamped version, commit from the checkout",
			version: "v0.2.0-SNAPSHOT-abc",
			bi:      &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v9.9.9"}, Settings: vcs("vcs.revision", "abc")},
			want:    "guardrail v0.2.0-SNAPSHOT-abc (commit abc, go1.26.8)",
		},
		{
			name:    "no build info",
			version: "dev",
			want:    "guardrail dev (commit unknown, unknown)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatVersion(tt.version, tt.commit, tt.date, tt.bi); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// The version command with stamped values (as -ldflags -X sets them) prints
// version, short commit and date.
func TestVersionCommandStamped(t *testing.T) {
	saved := [3]string{version, commit, date}
	t.Cleanup(func() { version, commit, date = saved[0], saved[1], saved[2] })
	version, commit, date = "v1.0.0", "deadbeefcafe0000", "2026-12-07T00:00:00Z"
	code, out, _ := runCLI(t, "", "", "version")
	want := "guardrail v1.0.0 (commit deadbeefcafe, built 2026-12-07T00:00:00Z, go"
	if code != exitOK || len(out) < len(want) || out[:len(want)] != want {
		t.Errorf("version: exit %d, %q, want prefix %q", code, out, want)
	}
}
