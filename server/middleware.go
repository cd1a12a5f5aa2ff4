package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// The handler chain, wired by hand on a jsonrpc2.Conn (protocol.NewServer
// takes no middleware, and hands out the client only after it has started
// reading):
//
//	counting( cancel( inOrder( guard( server.handle ))))
//
// counting lets Run wait for messages in flight when the input ends;
// cancel runs in the read loop, so a $/cancelRequest takes effect even for
// a request still queued (inside the async stage it would wait behind the
// request it cancels); inOrder (jsonrpc2.AsyncHandler, but replies go
// out in order) frees the read loop, so server-to-client calls get their
// responses, and runs messages one at a time in arrival order, so a code
// action sees every earlier didChange; guard makes every message get
// exactly one reply (jsonrpc2 v0.10.0 panics on a missing or second reply
// and recovers no panic: here a panic becomes an InternalError reply);
// handle enforces the lifecycle and dispatches (server.go).

// errCancelled is the reply to a cancelled request.
var errCancelled = protocol.ErrRequestCancelled

// cancelMiddleware honours $/cancelRequest with numeric or string ids
// (protocol.CancelHandler ignores numeric ids) and answers a cancelled
// request with RequestCancelled (-32800), written on a detached context so
// the reply is not dropped.
func cancelMiddleware(next jsonrpc2.Handler) jsonrpc2.Handler {
	h, cancel := jsonrpc2.CancelHandler(next)
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == protocol.MethodCancelRequest {
			var p struct {
				ID *jsonrpc2.ID `json:"id"`
			}
			if err := json.Unmarshal(req.Params(), &p); err == nil && p.ID != nil {
				cancel(*p.ID)
			}
			return reply(ctx, nil, nil)
		}
		return h(ctx, func(rctx context.Context, result any, err error) error {
			if err != nil && rctx.Err() != nil {
				err = errCancelled
			}
			return reply(context.WithoutCancel(rctx), result, err)
		}, req)
	}
}

// inOrder is jsonrpc2.AsyncHandler — each message is handled in a
// goroutine of its own, after the previous one — except that the next
// message starts only once the reply to this one is written, so responses
// go out in the order the requests came (AsyncHandler lets the next
// handler run, and reply, before this reply is written). The goroutines
// are bg's, so Run waits for them; once bg has stopped, a message that
// arrives is dropped.
func inOrder(bg *background, handler jsonrpc2.Handler) jsonrpc2.Handler {
	next := make(chan struct{})
	close(next)
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		// Called from the read loop only: next needs no lock.
		wait := next
		next = make(chan struct{})
		done := next
		if !bg.run(func() {
			<-wait
			_ = handler(ctx, func(rctx context.Context, result any, err error) error {
				defer close(done)
				return reply(rctx, result, err)
			}, req)
		}) {
			close(done) // Run is returning: the message is dropped
		}
		return nil
	}
}

// guard replies exactly once to every message: a second reply is logged
// and dropped, a missing one becomes an InternalError, and a panic is
// recovered, logged with its stack, and answered as an InternalError.
// AsyncHandler needs the reply to start the next message, so a message
// without one would stall the server.
func guard(log *zap.Logger, next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) (err error) {
		var replied atomic.Bool
		once := func(rctx context.Context, result any, rerr error) error {
			if !replied.CompareAndSwap(false, true) {
				log.Error("second reply dropped", zap.String("method", req.Method()))
				return nil
			}
			return reply(rctx, result, rerr)
		}
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic in handler", zap.String("method", req.Method()), zap.Any("panic", p), zap.ByteString("stack", debug.Stack()))
				if !replied.Load() {
					_ = once(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "guardrail: internal error handling %s: %v", req.Method(), p))
				}
				err = nil
				return
			}
			if !replied.Load() {
				log.Error("handler did not reply", zap.String("method", req.Method()))
				_ = once(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "guardrail: no reply to %s", req.Method()))
			}
		}()
		if herr := next(ctx, once, req); herr != nil {
			log.Warn("handler error", zap.String("method", req.Method()), zap.Error(herr))
		}
		return nil // an error here would close the connection
	}
}

// stream is jsonrpc2's header-framed stream, except that a message whose
// body is not valid JSON-RPC is answered with a ParseError (id null) and
// skipped instead of ending the connection. Writes are whole frames in one
// Write call.
type stream struct {
	in     *bufio.Reader
	out    io.Writer
	closer io.Closer
	log    *zap.Logger
	// maxMessageSize is the largest message body read, in bytes.
	maxMessageSize int64

	wmu    sync.Mutex
	closed atomic.Bool
}

// counting tracks messages read but not yet answered, so that Run can let
// them finish when the input ends.
func counting(wg *sync.WaitGroup, next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		wg.Add(1)
		var once sync.Once
		return next(ctx, func(rctx context.Context, result any, err error) error {
			rerr := reply(rctx, result, err)
			once.Do(wg.Done)
			return rerr
		}, req)
	}
}

func newStream(in io.Reader, out io.Writer, log *zap.Logger) *stream {
	s := &stream{in: bufio.NewReaderSize(in, 64<<10), out: out, log: log, maxMessageSize: defaultMaxMessageSize}
	if c, ok := in.(io.Closer); ok {
		s.closer = c
	}
	return s
}

func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		data, n, err := s.readFrame()
		var big *errTooLarge
		if errors.As(err, &big) {
			// Answered and skipped, like a malformed message: the framing
			// still holds. The id is unknown, so the reply's is null.
			s.log.Error("message too large: skipped", zap.Int64("bytes", big.length), zap.Int64("limit", big.limit))
			if werr := s.writeError(jsonrpc2.InvalidRequest, big.Error()); werr != nil {
				return nil, n, werr
			}
			if _, err := io.CopyN(io.Discard, s.in, big.length); err != nil {
				return nil, n, fmt.Errorf("skipping a message body: %w", err)
			}
			continue
		}
		if err != nil {
			return nil, n, err
		}
		msg, err := jsonrpc2.DecodeMessage(data)
		if err == nil {
			return msg, n, nil
		}
		s.log.Warn("malformed JSON-RPC message", zap.Error(err), zap.Int("bytes", len(data)))
		if werr := s.writeError(jsonrpc2.ParseError, "guardrail: malformed message: "+err.Error()); werr != nil {
			return nil, n, werr
		}
	}
}

// writeError writes an error response with a null id: the reply to a
// message whose id could not be read.
func (s *stream) writeError(code jsonrpc2.Code, msg string) error {
	b := fmt.Appendf(nil, `{"jsonrpc":"2.0","id":null,"error":{"code":%d,"message":`, code)
	b = appendJSONString(b, msg) // not strconv.Quote: its \x escapes are not JSON
	return s.writeFrame(append(b, "}}"...))
}

// defaultMaxMessageSize is the largest message body read, in bytes (a
// stream's maxMessageSize). A larger Content-Length is answered with an
// error and its body skipped unread: an untrusted length must not size an
// allocation.
const defaultMaxMessageSize int64 = 64 << 20

// errTooLarge is a header whose Content-Length exceeds the limit.
type errTooLarge struct{ length, limit int64 }

func (e *errTooLarge) Error() string {
	return fmt.Sprintf("guardrail: a message of %d bytes is larger than the limit of %d bytes: skipped", e.length, e.limit)
}

// readFrame reads one header block and its body. A header line longer
// than the read buffer (64 KiB) ends the stream: the framing is lost.
func (s *stream) readFrame() ([]byte, int64, error) {
	var total, length int64
	for {
		raw, err := s.in.ReadSlice('\n')
		total += int64(len(raw))
		if err == bufio.ErrBufferFull {
			return nil, total, fmt.Errorf("header line longer than %d bytes", s.in.Size())
		}
		if err != nil {
			return nil, total, fmt.Errorf("reading header: %w", err)
		}
		line := strings.TrimSpace(string(raw))
		if line == "" {
			if length > 0 {
				break
			}
			continue // tolerate stray blank lines between messages
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, total, fmt.Errorf("invalid header line %q", line)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || n <= 0 {
				return nil, total, fmt.Errorf("invalid Content-Length %q", value)
			}
			length = n
		}
	}
	if length > s.maxMessageSize {
		return nil, total, &errTooLarge{length: length, limit: s.maxMessageSize}
	}
	data, err := readBody(s.in, length)
	if err != nil {
		return nil, total, fmt.Errorf("reading body: %w", err)
	}
	return data, total + length, nil
}

// readBody reads length bytes. The buffer grows as the bytes arrive, from
// at most 1 MiB: a Content-Length that promises more than the client
// sends costs only what it sends.
func readBody(r io.Reader, length int64) ([]byte, error) {
	const first = 1 << 20
	data := make([]byte, 0, min(length, first))
	for int64(len(data)) < length {
		if len(data) == cap(data) {
			data = slices.Grow(data, int(min(length-int64(len(data)), int64(len(data)))))
		}
		end := int(min(int64(cap(data)), length))
		n, err := io.ReadFull(r, data[len(data):end])
		data = data[:len(data)+n]
		if err != nil {
			return nil, err
		}
	}
	return data, nil
}

func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	data, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return int64(len(data)), s.writeFrame(data)
}

func (s *stream) writeFrame(data []byte) error {
	var hdr [40]byte
	h := append(hdr[:0], "Content-Length: "...)
	h = strconv.AppendInt(h, int64(len(data)), 10)
	h = append(h, "\r\n\r\n"...)
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if _, err := s.out.Write(h); err != nil {
		return err
	}
	_, err := s.out.Write(data)
	return err
}

// Close closes the input (if it can be closed). Writes still go out: when
// the client closes our stdin, replies to what it sent before may follow.
func (s *stream) Close() error {
	if !s.closed.CompareAndSwap(false, true) || s.closer == nil {
		return nil
	}
	return s.closer.Close()
}
