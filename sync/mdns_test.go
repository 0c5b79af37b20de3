package sync

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
)

func TestMDNSFindsPartner(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	pa, pb := a.id.Public(), b.id.Public()
	for _, x := range []struct {
		d *device
		p *crypto.PublicIdentity
	}{{a, &pb}, {b, &pa}} {
		n, err := New(Config{Identity: x.d.id, Doc: x.d.doc, Partner: x.p, MDNS: true,
			ListenAddrs: []string{"/ip4/0.0.0.0/tcp/0"}, Logger: slog.New(x.d.logs)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { n.Close() })
		x.d.node = n
	}
	a.node.Start(context.Background())
	b.node.Start(context.Background())
	waitState(t, a.node, InSync, 30*time.Second)
}
