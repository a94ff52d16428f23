package tools

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// CheckText refuses a JSON document holding text that is not well formed
// (see findBadText), naming the field: for the request bodies that are not
// tool arguments, so that every door refuses the same text.
func CheckText(raw []byte) *Error {
	if field, reason, bad := findBadText(raw); bad {
		return Invalid(orWord(field, "body"), "%s", reason)
	}
	return nil
}

// findBadText reports the first JSON string in raw that is not well-formed
// text: bytes that are not UTF-8, or a \u escape of a lone UTF-16
// surrogate. encoding/json would silently turn both into U+FFFD, storing
// something other than what was sent; we refuse instead, naming the field.
// The fast path (valid UTF-8, no surrogate escape) scans the bytes once.
func findBadText(raw []byte) (field, reason string, bad bool) {
	if utf8.Valid(raw) && !hasSurrogateEscape(raw) {
		return "", "", false
	}
	s := &textScanner{b: raw}
	s.value("")
	if s.bad == "" {
		return "", "", false
	}
	return s.badPath, s.bad, true
}

func hasSurrogateEscape(b []byte) bool {
	for i := bytes.Index(b, []byte(`\u`)); i >= 0 && i+3 < len(b); {
		if c := b[i+2] | 0x20; c == 'd' && (b[i+3]|0x20) >= '8' {
			return true
		}
		next := bytes.Index(b[i+2:], []byte(`\u`))
		if next < 0 {
			break
		}
		i += 2 + next
	}
	return false
}

// textScanner walks JSON just far enough to know each string's path. It
// trusts the syntax (json.Unmarshal checks that afterwards) and stops at the
// first bad string.
type textScanner struct {
	b       []byte
	i       int
	bad     string
	badPath string
}

func (s *textScanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

func (s *textScanner) value(path string) {
	s.ws()
	if s.i >= len(s.b) || s.bad != "" {
		return
	}
	switch s.b[s.i] {
	case '{':
		s.i++
		for s.bad == "" {
			s.ws()
			if s.i >= len(s.b) || s.b[s.i] == '}' {
				s.i++
				return
			}
			if s.b[s.i] == ',' {
				s.i++
				continue
			}
			key := s.str(path)
			s.ws()
			if s.i < len(s.b) && s.b[s.i] == ':' {
				s.i++
			}
			s.value(join(path, key))
		}
	case '[':
		s.i++
		for n := 0; s.bad == ""; {
			s.ws()
			if s.i >= len(s.b) || s.b[s.i] == ']' {
				s.i++
				return
			}
			if s.b[s.i] == ',' {
				s.i++
				n++
				continue
			}
			s.value(fmt.Sprintf("%s[%d]", path, n))
		}
	case '"':
		s.str(path)
	default:
		for s.i < len(s.b) && !bytes.ContainsRune([]byte(",]} \t\r\n"), rune(s.b[s.i])) {
			s.i++
		}
	}
}

// str reads the string at s.i, recording path as bad if its text is not
// well formed, and returns its raw content (for a key, the property name).
func (s *textScanner) str(path string) string {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		s.i++
		return ""
	}
	s.i++
	start := s.i
	fail := func(reason string) {
		if s.bad == "" {
			s.bad, s.badPath = reason, path
		}
	}
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			key := string(s.b[start:s.i])
			s.i++
			return key
		case c == '\\' && s.i+1 < len(s.b) && s.b[s.i+1] == 'u':
			r, _ := s.hex(s.i + 2) // a bad escape is json.Unmarshal's to report
			s.i += 6
			if utf16.IsSurrogate(r) {
				if r >= 0xDC00 {
					fail(loneSurrogate(r))
					continue
				}
				low, lok := rune(0), false
				if s.i+1 < len(s.b) && s.b[s.i] == '\\' && s.b[s.i+1] == 'u' {
					low, lok = s.hex(s.i + 2)
				}
				if !lok || utf16.DecodeRune(r, low) == utf8.RuneError {
					fail(loneSurrogate(r))
					continue
				}
				s.i += 6
			}
		case c == '\\':
			s.i += 2
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(s.b[s.i:])
			if r == utf8.RuneError && size == 1 {
				fail("is not valid UTF-8 text; send text encoded as UTF-8")
			}
			s.i += size
		default:
			s.i++
		}
	}
	return string(s.b[start:])
}

func loneSurrogate(r rune) string {
	return "contains a lone UTF-16 surrogate escape (\\u" + strconv.FormatInt(int64(r), 16) + "); send the character itself or a surrogate pair"
}

// hex reads the four hex digits at i as a code unit.
func (s *textScanner) hex(i int) (rune, bool) {
	if i+4 > len(s.b) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(s.b[i:i+4]), 16, 16)
	return rune(n), err == nil
}
