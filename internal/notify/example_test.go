package notify_test

import (
	"fmt"

	"github.com/kintsugi-app/kintsugi/internal/notify"
)

func Example() {
	var status notify.Value[string]
	status.Set("offline")

	ch, cancel := status.Watch()
	defer cancel()
	fmt.Println(<-ch) // the value at the time of Watch

	// Nobody reads while three values are set: the reader is not waited
	// for, and then sees only the latest.
	status.Set("connecting")
	status.Set("connected")
	status.Set("in sync")
	fmt.Println(<-ch)

	select {
	case s := <-ch:
		fmt.Println("unexpected", s)
	default:
		fmt.Println("nothing more is pending")
	}
	// Output:
	// offline
	// in sync
	// nothing more is pending
}

func ExampleValue_Subscribe() {
	var changed notify.Value[struct{}]
	ch, cancel := changed.Subscribe()
	defer cancel()
	select {
	case <-ch:
		fmt.Println("unexpected wake-up")
	default:
		fmt.Println("no wake-up before a change")
	}
	changed.Set(struct{}{})
	changed.Set(struct{}{})
	<-ch
	fmt.Println("woken once for two changes")
	// Output:
	// no wake-up before a change
	// woken once for two changes
}

// A reader in a package that may not name the writer's type sees the value
// through Map: it is woken, loads, and the conversion runs on its Load.
func ExampleMap() {
	type state int
	var status notify.Value[state]
	words := notify.Map[state, string](&status, func(s state) string {
		return [...]string{"offline", "connecting", "in sync"}[s]
	})
	changed, cancel := words.Changed()
	defer cancel()
	<-changed // a wake-up waits at once, for the current value
	fmt.Println(words.Load())

	status.Set(1)
	status.Set(2)
	<-changed // one wake-up for the two changes
	fmt.Println(words.Load())
	select {
	case <-changed:
		fmt.Println("unexpected wake-up")
	default:
		fmt.Println("no more wake-ups")
	}
	// Output:
	// offline
	// in sync
	// no more wake-ups
}
