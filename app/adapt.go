package app

import (
	"context"
	"errors"
)

// openerFor returns the Opener of the profile in dir.
func openerFor(dir string) (Opener, error) {
	return nil, errors.New("the profile package is not merged yet")
}

// demoPair makes two fresh profiles in dir and pairs them over loopback.
func demoPair(ctx context.Context, dir string) (Session, Session, error) {
	w := &memWorld{}
	alex := newMemSession(w, "Alex", "demo")
	sam := newMemSession(w, "Sam", "demo")
	_, _, err := alex.Invite(ctx, inviteTTL)
	if err != nil {
		return nil, nil, err
	}
	var code string
	w.mu.Lock()
	for c := range w.invites {
		code = c
	}
	w.mu.Unlock()
	if _, err := sam.Join(ctx, code); err != nil {
		return nil, nil, err
	}
	return alex, sam, nil
}
