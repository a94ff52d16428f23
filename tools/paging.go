package tools

import (
	"encoding/base64"
	"encoding/json"
)

// Every list tool pages the same way: a limit of 1 to 500 (default 50) and
// an opaque keyset cursor, the last row's sort key as base64url JSON. One
// implementation, so every list says the same about a bad limit or cursor.

const (
	defaultPageSize = 50
	maxPageSize     = 500
)

// pageLimit checks a page size; 0 means the default.
func pageLimit(n int) (int32, error) {
	switch {
	case n == 0:
		return defaultPageSize, nil
	case n < 1 || n > maxPageSize:
		return 0, Invalid("limit", "must be between 1 and %d (default %d); got %d", maxPageSize, defaultPageSize, n)
	}
	return int32(n), nil // within 1..maxPageSize here
}

// encodeCursor makes a cursor of a keyset position (a struct of strings,
// times and ids, which cannot fail to marshal).
func encodeCursor(position any) string {
	b, _ := json.Marshal(position)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor made by encodeCursor; complete says the
// position has every key it needs, list names the tool in the error.
func decodeCursor[T any](s, list string, complete func(T) bool) (T, error) {
	var c T
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || !complete(c) {
		var zero T
		return zero, Invalid("cursor", "not a cursor from %s; pass next_cursor unchanged, or omit it to start from the first page", list)
	}
	return c, nil
}
