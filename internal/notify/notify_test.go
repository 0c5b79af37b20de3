package notify

import (
	"fmt"
	"sync"
	"testing"
)

// TestRace has writers, updaters and readers (subscribing and cancelling)
// run at once under the race detector, and checks that every reader ends
// on the last value and that Set never waits for a reader.
func TestRace(t *testing.T) {
	var v Value[int]
	const writers, readers, n = 4, 4, 500
	var wg sync.WaitGroup
	stop := make(chan struct{})
	seen := make([]int, readers)
	for r := range readers {
		ch, cancel := v.Watch()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer cancel()
			last := -1
			for {
				select {
				case x := <-ch:
					if x < 0 || x > n {
						t.Errorf("reader %d saw %d, which nobody set", r, x)
					}
					last = x
				case <-stop:
					// The last Set happened before stop: its value is read
					// or still waiting.
					select {
					case x := <-ch:
						last = x
					default:
					}
					seen[r] = last
					return
				}
			}
		}()
		// A reader that comes and goes.
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range n / 10 {
				_, cancel := v.Subscribe()
				v.Load()
				cancel()
			}
		}()
	}
	var ww sync.WaitGroup
	for w := range writers {
		ww.Add(1)
		go func() {
			defer ww.Done()
			for i := range n {
				if w%2 == 0 {
					v.Set(i)
				} else {
					v.Update(func(cur int) (int, bool) { return i, i != cur })
				}
			}
		}()
	}
	ww.Wait()
	v.Set(n) // the last value, after every writer
	ch, cancel := v.Watch()
	if got := <-ch; got != n {
		t.Errorf("Watch after the last Set gives %d, want %d", got, n)
	}
	cancel()
	close(stop)
	wg.Wait()
	for r, last := range seen {
		if last != n {
			t.Errorf("reader %d ended on %d, want the last value %d", r, last, n)
		}
	}
}

func TestUpdateFalseWakesNobody(t *testing.T) {
	var v Value[int]
	ch, cancel := v.Subscribe()
	defer cancel()
	v.Update(func(cur int) (int, bool) { return cur + 1, false })
	select {
	case x := <-ch:
		t.Fatalf("woken with %d by an update that changed nothing", x)
	default:
	}
	if got := v.Load(); got != 0 {
		t.Fatalf("Load = %d after a refused update, want 0", got)
	}
}

func TestCancelStopsDelivery(t *testing.T) {
	var v Value[int]
	ch, cancel := v.Subscribe()
	cancel()
	v.Set(1)
	select {
	case x := <-ch:
		t.Fatalf("cancelled subscription received %d", x)
	default:
	}
}

// TestChanged: a Changed reader is woken at once, then once for any number
// of Sets, not by a refused Update nor after cancelling, and always loads
// the latest value; under the race detector with writers at once.
func TestChanged(t *testing.T) {
	var v Value[int]
	ch, cancel := v.Changed()
	<-ch // the wake-up for the current value
	v.Update(func(cur int) (int, bool) { return cur + 1, false })
	select {
	case <-ch:
		t.Fatal("woken by an update that changed nothing")
	default:
	}
	var ww sync.WaitGroup
	for w := range 4 {
		ww.Add(1)
		go func() {
			defer ww.Done()
			for i := range 200 {
				v.Set(w*1000 + i)
			}
		}()
	}
	ww.Wait()
	v.Set(-1)
	<-ch
	select {
	case <-ch:
		t.Fatal("woken twice for Sets nobody read between")
	default:
	}
	if got := v.Load(); got != -1 {
		t.Fatalf("Load after the wake-up = %d, want the last value -1", got)
	}
	m := Map[int, string](&v, func(x int) string { return fmt.Sprint("got ", x) })
	if got := m.Load(); got != "got -1" {
		t.Fatalf("Map's Load = %q", got)
	}
	cancel()
	v.Set(2)
	select {
	case <-ch:
		t.Fatal("a cancelled Changed was woken")
	default:
	}
}
