package main

import "io"

// readCloser and writeCloser let the process's streams (or a test's
// buffers) serve as an MCP transport without closing the real stdin/stdout.
type readCloser struct{ io.Reader }

func (readCloser) Close() error { return nil }

type writeCloser struct{ io.Writer }

func (writeCloser) Close() error { return nil }
