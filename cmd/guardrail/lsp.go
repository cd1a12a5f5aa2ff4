package main

import (
	"context"
	"io"
	"os"
	"strings"

	"github.com/guardrail-dev/guardrail/server"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// lsp runs the language server on stdin/stdout. Logs go to stderr or
// --log-file, never to stdout: os.Stdout is pointed at stderr while the
// server runs, so that a stray print cannot corrupt the protocol stream.
//
// The transport flags are taken out of the command line before it is
// parsed (prepareArgs, transportArgs).
func (a *app) lsp(logFile, logLevel string, rest []string) (int, error) {
	if len(rest) > 0 {
		return exitUsage, usagef("lsp: unexpected argument %q", rest[0])
	}
	level, err := zapcore.ParseLevel(logLevel)
	if err != nil {
		return exitUsage, usagef("lsp: --log-level: %v (want debug, info, warn or error)", err)
	}
	var sink io.Writer = a.stderr
	if logFile != "" {
		f, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return exitUsage, usagef("lsp: --log-file: %v", err)
		}
		defer f.Close()
		sink = f
	}
	atom := zap.NewAtomicLevelAt(level)
	enc := zap.NewProductionEncoderConfig()
	enc.EncodeTime = zapcore.ISO8601TimeEncoder
	logger := zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.Lock(zapcore.AddSync(sink)), atom))
	defer logger.Sync()

	// The protocol owns the real stdout.
	out := a.stdout
	if a.stdout == io.Writer(os.Stdout) {
		saved := os.Stdout
		os.Stdout = os.Stderr
		defer func() { os.Stdout = saved }()
		out = saved
	}
	code := server.Run(context.Background(), a.stdin, out, server.Options{
		Logger:  logger,
		Level:   &atom,
		Version: version,
		TuneGC:  true,
		// The rules cache as `check` uses it (GUARDRAIL_NO_CACHE=1 turns
		// it off).
		RulesCache: rulesCache(false),
	})
	return code, nil
}

// transportArgs removes the transport flags that language clients add to
// the server's command line. vscode-languageclient appends --stdio (the
// only transport guardrail speaks, and the default) and servers built on
// vscode-languageserver also see --clientProcessId=N; both are accepted
// and ignored. Another transport (--socket, --pipe, --node-ipc) is a
// usage error that says what is supported, rather than a server that
// starts and never hears from its client.
func transportArgs(args []string) ([]string, error) {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return append(out, args[i:]...), nil
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			out = append(out, arg)
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		switch name {
		case "stdio":
			if hasValue {
				return nil, usagef("lsp: %s: --stdio takes no value", arg)
			}
		case "clientProcessId":
			if !hasValue && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				i++ // "--clientProcessId N"
			}
		case "socket", "pipe", "node-ipc", "port":
			return nil, usagef("lsp: %s: only the stdio transport is supported (guardrail lsp, or guardrail lsp --stdio)", arg)
		default:
			out = append(out, arg)
		}
	}
	return out, nil
}
