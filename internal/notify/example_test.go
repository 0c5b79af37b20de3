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
