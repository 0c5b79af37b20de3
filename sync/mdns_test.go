package sync

import (
	"log/slog"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
)

func TestMDNSFindsPartner(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	startBoth(t, a, b, func(d *device, partner *crypto.PublicIdentity) Config {
		return Config{Identity: d.id, Doc: d.doc, Partner: partner, MDNS: true,
			ListenAddrs: []string{"/ip4/0.0.0.0/tcp/0"}, Logger: slog.New(d.logs)}
	})
	waitState(t, a.node, InSync, 30*time.Second)
}
