package main

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// logFlushEvery bounds how long a log line waits in the buffer.
const logFlushEvery = 200 * time.Millisecond

// bufferedLog gathers the server's log lines and writes them in batches:
// one write system call per line cost more than building the line, and at
// thousands of requests a second the request log was most of logging's
// price. A line waits at most logFlushEvery (or until 64 KB have gathered);
// Close writes what is left. A crash can lose the last fraction of a second
// of lines, never the runtime's own panic output, which bypasses this.
type bufferedLog struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

func newBufferedLog(w io.Writer) *bufferedLog {
	b := &bufferedLog{w: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go b.flushLoop()
	return b
}

func (b *bufferedLog) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Write(p)
}

func (b *bufferedLog) flushLoop() {
	defer close(b.done)
	t := time.NewTicker(logFlushEvery)
	defer t.Stop()
	for {
		select {
		case <-b.stop:
			return
		case <-t.C:
			b.flush()
		}
	}
}

func (b *bufferedLog) flush() {
	b.mu.Lock()
	_ = b.w.Flush()
	b.mu.Unlock()
}

// Close stops the flusher and writes what is buffered.
func (b *bufferedLog) Close() {
	close(b.stop)
	<-b.done
	b.flush()
}
