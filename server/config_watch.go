package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/guardrail-dev/guardrail/rules"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// updateWatchers (re)registers workspace/didChangeWatchedFiles for
// .guardrail.toml files, TOML files in the workspace (packs that extends
// globs may pick up), and every config file in use.
func (c *configState) updateWatchers() {
	sess := c.s.sess()
	if !sess.caps.watchedFilesDynamic {
		return
	}
	c.watchMu.Lock()
	defer c.watchMu.Unlock()
	c.mu.Lock()
	want := []string{"**/" + rules.ConfigFileName, "**/*.toml"}
	for f := range c.known {
		want = append(want, filepath.ToSlash(f))
	}
	if !c.s.opts.NoUserConfig {
		u := c.s.opts.UserConfig
		if u == "" {
			u = rules.DefaultUserConfigPath()
		}
		if u != "" {
			want = append(want, filepath.ToSlash(u))
		}
	}
	if p := c.settings.ConfigPath; p != "" && filepath.IsAbs(p) {
		want = append(want, filepath.ToSlash(p))
	}
	want = append(want[:2], dedupe(want[2:])...)
	same := len(want) == len(c.watched)
	for i := 0; same && i < len(want); i++ {
		same = want[i] == c.watched[i]
	}
	oldID := c.regID
	c.regN++
	newID := fmt.Sprintf("guardrail-watch-%d", c.regN)
	c.mu.Unlock()
	if same {
		return
	}
	if oldID != "" {
		err := c.s.call(protocol.MethodClientUnregisterCapability, &protocol.UnregistrationParams{
			Unregisterations: []protocol.Unregistration{{ID: oldID, Method: protocol.MethodWorkspaceDidChangeWatchedFiles}},
		}, nil, 5*time.Second)
		if err != nil {
			c.s.log.Info("unregister watchers failed", zap.Error(err))
		}
	}
	watchers := make([]protocol.FileSystemWatcher, len(want))
	for i, w := range want {
		watchers[i] = protocol.FileSystemWatcher{GlobPattern: w}
	}
	err := c.s.call(protocol.MethodClientRegisterCapability, &protocol.RegistrationParams{
		Registrations: []protocol.Registration{{
			ID:              newID,
			Method:          protocol.MethodWorkspaceDidChangeWatchedFiles,
			RegisterOptions: &protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: watchers},
		}},
	}, nil, 5*time.Second)
	c.mu.Lock()
	if err != nil {
		c.s.log.Info("register watchers failed", zap.Error(err))
		c.regID = ""
		c.watched = nil
	} else {
		c.regID = newID
		c.watched = want
	}
	c.mu.Unlock()
}

func (s *Server) didChangeWatchedFiles(ctx context.Context, params json.RawMessage) (any, error) {
	var p protocol.DidChangeWatchedFilesParams
	if err := decodeParams(protocol.MethodWorkspaceDidChangeWatchedFiles, params, &p); err != nil {
		return nil, err
	}
	var toml []string
	for _, ch := range p.Changes {
		if ch == nil {
			continue
		}
		path, ok := uriPath(protocol.DocumentURI(ch.URI))
		if !ok {
			continue
		}
		if s.cfg.isConfigFile(path) {
			s.cfg.requestReload()
			return nil, nil
		}
		if strings.EqualFold(filepath.Ext(path), ".toml") {
			toml = append(toml, path)
		}
	}
	if len(toml) > 0 {
		// Reading them is off the message loop.
		s.bg.run(func() {
			for _, path := range toml {
				if isPackFile(path) {
					s.cfg.requestReload()
					return
				}
			}
		})
	}
	return nil, nil
}

// isPackFile reports whether path is a TOML file with rules (a pack that
// an extends glob may pick up).
func isPackFile(path string) bool {
	if !strings.EqualFold(filepath.Ext(path), ".toml") {
		return false
	}
	data, err := rules.ReadConfigFile(path) // never a FIFO, at most 16 MiB
	return err == nil && bytes.Contains(data, []byte("[[rule]]"))
}

func (s *Server) didChangeWorkspaceFolders(ctx context.Context, params json.RawMessage) (any, error) {
	var p protocol.DidChangeWorkspaceFoldersParams
	if err := decodeParams(protocol.MethodWorkspaceDidChangeWorkspaceFolders, params, &p); err != nil {
		return nil, err
	}
	c := s.cfg
	c.mu.Lock()
	for _, f := range p.Event.Removed {
		if path, ok := uriPath(protocol.DocumentURI(f.URI)); ok {
			for i, x := range c.folders {
				if x == path {
					c.folders = append(c.folders[:i], c.folders[i+1:]...)
					break
				}
			}
		}
	}
	for _, f := range p.Event.Added {
		if path, ok := uriPath(protocol.DocumentURI(f.URI)); ok {
			c.folders = append(c.folders, path)
		}
	}
	c.mu.Unlock()
	c.requestReload()
	return nil, nil
}
