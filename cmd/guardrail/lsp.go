package main

import (
	"context"
	"io"
	"os"

	"github.com/guardrail-dev/guardrail/server"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// lsp runs the language server on stdin/stdout. Logs go to stderr or
// --log-file, never to stdout: os.Stdout is pointed at stderr while the
// server runs, so that a stray print cannot corrupt the protocol stream.
func (a *app) lsp(args []string) (int, error) {
	flags := newFlagSet(a, "lsp", "lsp [flags]")
	logFile := flags.String("log-file", "", "write logs to this file instead of stderr")
	logLevel := flags.String("log-level", "info", "log level: debug, info, warn or error")
	rest, err := parseFlags(flags, args)
	if err != nil {
		return exitUsage, err
	}
	if len(rest) > 0 {
		return exitUsage, usagef("lsp: unexpected argument %q", rest[0])
	}
	level, err := zapcore.ParseLevel(*logLevel)
	if err != nil {
		return exitUsage, usagef("lsp: --log-level: %v (want debug, info, warn or error)", err)
	}
	var sink io.Writer = a.stderr
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return exitUsage, usagef("lsp: --log-file: %v", err)
		}
		defer f.Close()
		sink = f
	}
	atom := zap.NewAtomicLevelAt(level)
	enc := zap.NewProductionEncoderConfig()
	enc.EncodeTime = zapcore.ISO8601TimeEncoder
	logger := zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.AddSync(sink), atom))
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
	})
	return code, nil
}
