package profile

import "fmt"

// Settings are per-device choices. They are not shared with the partner.
type Settings struct {
	// Reminders turns the daily and weekly talk reminders on this device on.
	Reminders bool `json:"reminders"`
	// Relay is an optional libp2p relay multiaddr used for hole punching
	// when the two laptops are on different networks. Empty: no relay.
	Relay string `json:"relay,omitempty"`
	// Listen are the multiaddrs the sync node listens on. Empty: all
	// interfaces on a random port, TCP and QUIC.
	Listen []string `json:"listen,omitempty"`
}

func defaultSettings() Settings {
	return Settings{Reminders: true}
}

// Settings returns this device's settings.
func (p *Profile) Settings() Settings {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.set
	s.Listen = append([]string(nil), s.Listen...)
	return s
}

// SetSettings saves this device's settings. A changed relay or listen
// address takes effect at the next StartSync.
func (p *Profile) SetSettings(s Settings) error {
	for _, a := range append([]string{s.Relay}, s.Listen...) {
		if a == "" {
			continue
		}
		if err := checkMultiaddr(a); err != nil {
			return fmt.Errorf("invalid address %q: %w", a, err)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	if err := p.writeJSON(settingsFile, s); err != nil {
		return err
	}
	p.set = s
	p.set.Listen = append([]string(nil), s.Listen...)
	return nil
}
