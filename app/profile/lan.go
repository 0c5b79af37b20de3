package profile

import (
	"context"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/sync"
)

// FoundInvite is an open invite found on the local network: a laptop
// whose owner has "Invite my partner" open. Nothing in it is trusted;
// joining it needs the invite's secret code.
type FoundInvite = sync.Found

// DiscoverInvites browses the local network for open invites until ctx
// ends, then closes the channel. Each laptop is reported once per call:
// call again to refresh a list. The sync node must be running with
// discovery on.
func (p *Profile) DiscoverInvites(ctx context.Context) (<-chan FoundInvite, error) {
	n, err := p.node()
	if err != nil {
		return nil, err
	}
	ch, err := n.Discover(ctx)
	if err != nil {
		return nil, err
	}
	return ch, nil
}

// JoinFound pairs with the laptop found by [Profile.DiscoverInvites],
// using the secret code shown next to its invite, and does the first
// sync. The laptop must prove it knows the same secret before anything is
// pinned. A mistyped code fails before any connection with an error
// wrapping crypto.ErrSecretCodeTypo or crypto.ErrSecretCodeMalformed.
func (p *Profile) JoinFound(ctx context.Context, found FoundInvite, secretCode string) (PairResult, error) {
	secret, err := crypto.ParseSecretCode(secretCode)
	if err != nil {
		return PairResult{}, err
	}
	return p.join(ctx, func(n *sync.Node) (sync.Paired, error) { return n.JoinFound(ctx, found, secret) })
}
