package profile

import stdsync "sync"

// saver keeps something on disk as it changes: a goroutine calls write
// each time a subscription signals a change (signals coalesce, so a burst
// of edits is one or two writes), and close writes once more after the
// goroutine has ended. write decides what to write (a chunk, the whole
// thing) and keeps what it needs to try again: after a failed write, the
// next signal, flush or close retries. The shared document and the journal
// each have one.
type saver struct {
	write func() error

	mu     stdsync.Mutex // serialises write: the goroutine's, flush's and close's
	cancel func()        // ends the subscription
	stop   chan struct{}
	done   chan struct{}
}

// startSaver starts saving with write on each signal from changed, whose
// subscription cancel ends.
func startSaver(changed <-chan struct{}, cancel func(), write func() error) *saver {
	s := &saver{write: write, cancel: cancel, stop: make(chan struct{}), done: make(chan struct{})}
	go s.run(changed)
	return s
}

func (s *saver) run(changed <-chan struct{}) {
	defer close(s.done)
	for {
		select {
		case <-changed:
			// A failed write is tried again at the next signal, or at
			// close; flush and close return its error.
			s.flush()
		case <-s.stop:
			return
		}
	}
}

// flush writes what changed since the last write, now.
func (s *saver) flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.write()
}

// close stops the goroutine after its current write and writes what is
// left.
func (s *saver) close() error {
	s.cancel()
	close(s.stop)
	<-s.done
	return s.flush()
}
