package web

import (
	"io"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// AccessLog writes the one line per request that observe logs at info, in
// the same JSON shape as the slog JSON handler's lines (time, level, msg,
// then the fields), encoded by hand into a pooled buffer. Through slog the
// line cost about 3.5 % of a get-by-id request's CPU (a Record, its attrs
// and the handler's generic encoding); this costs a fraction of that.
// Everything else the server logs still goes through slog.
type AccessLog struct {
	w io.Writer
}

// NewAccessLog writes request lines to w, which must take whole lines from
// several goroutines (the server's buffered log does).
func NewAccessLog(w io.Writer) *AccessLog { return &AccessLog{w: w} }

// accessLine is what one request line says.
type accessLine struct {
	time                        time.Time
	requestID, method, route    string
	status                      int
	duration                    time.Duration
	tenant, user, clientAddress string
}

var accessBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func (l *AccessLog) write(a accessLine) {
	bp := accessBuffers.Get().(*[]byte)
	b := appendAccessLine((*bp)[:0], a)
	_, _ = l.w.Write(b) // a log line that cannot be written is not the request's failure
	*bp = b
	accessBuffers.Put(bp)
}

func appendAccessLine(b []byte, a accessLine) []byte {
	b = append(b, `{"time":"`...)
	b = a.time.AppendFormat(b, time.RFC3339Nano) // as slog writes it
	b = append(b, `","level":"INFO","msg":"request","method":`...)
	b = appendJSONString(b, a.method)
	b = append(b, `,"route":`...)
	b = appendJSONString(b, a.route)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(a.status), 10)
	b = append(b, `,"duration_ms":`...)
	b = strconv.AppendFloat(b, float64(a.duration.Microseconds())/1000, 'f', -1, 64)
	b = append(b, `,"tenant":`...)
	b = appendJSONString(b, a.tenant)
	b = append(b, `,"user":`...)
	b = appendJSONString(b, a.user)
	b = append(b, `,"client_address":`...)
	b = appendJSONString(b, a.clientAddress)
	if a.requestID != "" {
		b = append(b, `,"request_id":`...)
		b = appendJSONString(b, a.requestID)
	}
	return append(b, "}\n"...)
}

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced, as encoding/json does
// (bar its HTML escaping, which a log line does not need).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
