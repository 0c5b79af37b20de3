package profile

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"github.com/kintsugi-app/kintsugi/app/remind"
	"github.com/kintsugi-app/kintsugi/sync"
)

// Settings are per-device choices. They are not shared with the partner.
type Settings struct {
	// Reminders turns each reminder on or off on this device; the zero
	// value has them all on. Their times are the couple's shared rituals.
	Reminders remind.Switches
	// Relay is an optional libp2p relay multiaddr used for hole punching
	// when the two laptops are on different networks. Empty: no relay.
	Relay string
	// Listen are the multiaddrs the sync node listens on. Empty: all
	// interfaces on a random port, TCP and QUIC.
	Listen []string
	// Folder is a folder both laptops see (a cloud drive, a Syncthing
	// folder, a USB stick), used as a mailbox of sealed bundles: an
	// absolute path, or empty for none. See [Profile.SyncFolder].
	Folder string
	// PortMap asks the router (UPnP, NAT-PMP) to forward the sync node's
	// port from the internet, so the partner can reach this laptop
	// directly when apart. Off by default: it makes this laptop reachable
	// from the internet (only the partner is let in). Taken at the next
	// StartSync; [SyncOptions] may override it.
	PortMap bool
}

// settingsJSON is the settings file. Older versions wrote and read only
// "reminders", one switch for all reminders; it is still written (on
// while any reminder is on) so an older version reads something close.
type settingsJSON struct {
	Reminders *bool            `json:"reminders,omitempty"`
	Switches  *remind.Switches `json:"reminder_switches,omitempty"`
	Relay     string           `json:"relay,omitempty"`
	Listen    []string         `json:"listen,omitempty"`
	Folder    string           `json:"folder,omitempty"`
	PortMap   bool             `json:"port_map,omitempty"`
}

// MarshalJSON writes the settings file.
func (s Settings) MarshalJSON() ([]byte, error) {
	on := s.Reminders.AnyOn()
	sw := s.Reminders
	return json.Marshal(settingsJSON{Reminders: &on, Switches: &sw, Relay: s.Relay, Listen: s.Listen, Folder: s.Folder, PortMap: s.PortMap})
}

// UnmarshalJSON reads a settings file of this or an older version: a file
// with only "reminders": false has every reminder off.
func (s *Settings) UnmarshalJSON(b []byte) error {
	var f settingsJSON
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("failed to read settings: %w", err)
	}
	out := Settings{Relay: f.Relay, Listen: f.Listen, Folder: f.Folder, PortMap: f.PortMap}
	switch {
	case f.Switches != nil:
		out.Reminders = *f.Switches
	case f.Reminders != nil && !*f.Reminders:
		out.Reminders = remind.AllOff
	}
	*s = out
	return nil
}

func defaultSettings() Settings {
	return Settings{} // every reminder on
}

// Settings returns this device's settings.
func (p *Profile) Settings() Settings {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.set
	s.Listen = append([]string(nil), s.Listen...)
	return s
}

// SetSettings saves this device's settings. A changed relay, listen
// address or port mapping takes effect at the next StartSync; a changed folder at once on
// a running node. The folder must be an absolute path ([ErrBadFolder]).
func (p *Profile) SetSettings(s Settings) error {
	if s.Folder != "" && !filepath.IsAbs(s.Folder) {
		return fmt.Errorf("%w: %q is not an absolute path", ErrBadFolder, s.Folder)
	}
	if s.Relay != "" {
		if err := sync.CheckRelayAddr(s.Relay); err != nil {
			return fmt.Errorf("invalid relay address %q: %w", s.Relay, err)
		}
	}
	for _, a := range s.Listen {
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
	old := p.set.Folder
	p.set = s
	p.set.Listen = append([]string(nil), s.Listen...)
	if s.Folder != old {
		if p.net != nil {
			p.restartFolderLocked()
		}
		defer p.resendStatus(time.Time{}) // the folder is part of it
	}
	return nil
}
