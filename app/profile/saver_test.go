package profile

import (
	"errors"
	stdsync "sync"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/internal/notify"
)

// The saver writes on each signal, coalescing a burst; a failed write is
// tried again at the next signal, and close writes once more after its
// goroutine has ended, returning that write's error.
func TestSaver(t *testing.T) {
	var changed notify.Value[struct{}]
	ch, cancel := changed.Subscribe()
	var mu stdsync.Mutex
	writes, fail := 0, true
	wrote := make(chan struct{}, 100)
	var gate chan struct{} // while set, a write waits for it to close
	s := startSaver(ch, cancel, func() error {
		mu.Lock()
		g := gate
		mu.Unlock()
		if g != nil {
			<-g
		}
		mu.Lock()
		defer mu.Unlock()
		writes++
		wrote <- struct{}{}
		if fail {
			return errors.New("disk full")
		}
		return nil
	})
	count := func() int { mu.Lock(); defer mu.Unlock(); return writes }

	changed.Set(struct{}{})
	<-wrote // the write fails; nothing but the next signal retries it
	select {
	case <-wrote:
		t.Fatal("a failed write was retried with no signal")
	case <-time.After(50 * time.Millisecond):
	}
	if err := s.flush(); err == nil {
		t.Fatal("flush hid the failed write")
	}
	<-wrote
	mu.Lock()
	fail = false
	mu.Unlock()
	changed.Set(struct{}{})
	<-wrote // the retry, now succeeding
	if err := s.flush(); err != nil {
		t.Fatalf("flush after the retry: %v", err)
	}
	<-wrote

	// A burst while a write is under way: one more write after it.
	before := count()
	g := make(chan struct{})
	mu.Lock()
	gate = g
	mu.Unlock()
	for range 100 {
		changed.Set(struct{}{})
	}
	mu.Lock()
	gate = nil
	mu.Unlock()
	close(g)
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	if n := count() - before; n < 1 || n > 3 {
		t.Errorf("100 signals and close made %d writes, want them coalesced into 1 to 3", n)
	}
	after := count()
	changed.Set(struct{}{})
	time.Sleep(50 * time.Millisecond)
	if count() != after {
		t.Error("a closed saver wrote again")
	}
}
