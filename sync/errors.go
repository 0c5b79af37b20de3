package sync

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// Errors returned by the package. Callers branch on them with errors.Is.
var (
	// ErrNotPaired means the node has no partner yet: pair first.
	ErrNotPaired = errors.New("not paired with a partner yet")
	// ErrAlreadyPaired means the node already has a partner.
	ErrAlreadyPaired = errors.New("already paired with a partner")
	// ErrClosed means the node was closed.
	ErrClosed = errors.New("sync node is closed")

	// ErrProtocol means the other side sent bytes that break the protocol.
	ErrProtocol = errors.New("partner sent something this version does not understand")
	// ErrFrameTooLarge means a frame was larger than MaxFrameSize.
	ErrFrameTooLarge = errors.New("frame is too large")
	// ErrWrongDocument means the other side syncs a different couple's document.
	ErrWrongDocument = errors.New("partner's device holds a different shared document")
	// ErrPartnerNewer means the partner runs a newer Kintsugi whose document
	// this program cannot read safely: update this program.
	ErrPartnerNewer = errors.New("partner's kintsugi is newer; please update this one")
	// ErrPartnerOlder means the partner runs an older Kintsugi that refused
	// this document: the partner should update.
	ErrPartnerOlder = errors.New("partner's kintsugi is older and needs an update")
	// ErrBadMessage means the partner's sync message or snapshot could not
	// be applied. The local document is unchanged.
	ErrBadMessage = errors.New("partner's changes could not be applied")
	// ErrStalled means the partner's stream stopped in the middle of a
	// frame for longer than the stall deadline: the stream is closed, and
	// the node connects again.
	ErrStalled = errors.New("partner's device stopped sending in the middle of a message")
	// ErrNotPartner means a peer that is not the paired partner tried to sync.
	ErrNotPartner = errors.New("peer is not the paired partner")

	// ErrInviteExpired means the invite's time ran out. It also matches
	// crypto.ErrInviteExpired, the one source of that meaning, so callers
	// test for that one whichever package noticed.
	ErrInviteExpired error = alias{"this invite has expired; please ask for a new one", crypto.ErrInviteExpired}
	// ErrInviteRefused means the inviter refused the join: the code was
	// wrong, already used, or closed. Nothing was changed on either side.
	ErrInviteRefused = errors.New("the invite was not accepted; it may be mistyped, used or closed")
	// ErrInviteUnreachable means none of the invite's addresses answered, or
	// the device that answered was not the inviter.
	ErrInviteUnreachable = errors.New("could not reach the partner who made the invite")
	// ErrDiscoveryOff means Discover was called on a node with local
	// network discovery turned off.
	ErrDiscoveryOff = errors.New("finding devices on the local network is turned off")
	// ErrNoInvite means Join was answered by a device with no open invite.
	ErrNoInvite = errors.New("no invite is open")

	// ErrBundleAlreadyImported means the bundle (or a newer one) was imported
	// before; importing it again changes nothing.
	ErrBundleAlreadyImported = errors.New("this bundle was already imported")
	// ErrBundleInvalid means a bundle is not a bundle from the partner, or
	// was damaged or tampered with. Nothing was changed.
	ErrBundleInvalid = errors.New("this file is not a valid bundle from your partner")
	// ErrBundleTooLarge means a file is larger than [MaxBundleSize]: it is
	// refused before it is decrypted. Errors with it also match
	// ErrBundleInvalid.
	ErrBundleTooLarge = errors.New("this file is larger than any bundle kintsugi writes (256 MiB)")

	// ErrFolderUnavailable means the mailbox folder cannot be read: it is
	// missing, not a folder, or on a drive that is not there right now.
	ErrFolderUnavailable = errors.New("the shared folder can't be reached")

	// ErrRelayAddr means a relay address lacks the relay's peer ID or is
	// not a multiaddr.
	ErrRelayAddr = errors.New("not a relay address: it should look like /ip4/203.0.113.7/tcp/4001/p2p/12D3KooW…")
	// ErrRelayKey means the relay's key file is unreadable or not private.
	ErrRelayKey = errors.New("the relay's key file cannot be used")
)

// alias is a sentinel error with its own words that also matches the
// sentinel of a lower package meaning the same.
type alias struct {
	msg string
	err error
}

func (a alias) Error() string { return a.msg }
func (a alias) Unwrap() error { return a.err }

// Close codes: the reason one side ended a stream, sent in a close frame.
// This table is the only place errors and wire codes meet.
const (
	codeNormal        = 0
	codeProtocol      = 1
	codeTooLarge      = 2
	codeWrongDocument = 3
	codeNewerSchema   = 4 // the sender cannot read the receiver's schema
	codeBadMessage    = 5
	codeNotPartner    = 6
	codeInternal      = 7
	codeRefused       = 8 // pairing: secret wrong or invite closed
)

var codeErrors = map[uint64]error{
	codeProtocol:      ErrProtocol,
	codeTooLarge:      ErrFrameTooLarge,
	codeWrongDocument: ErrWrongDocument,
	codeNewerSchema:   ErrPartnerOlder,
	codeBadMessage:    ErrBadMessage,
	codeNotPartner:    ErrNotPartner,
	codeRefused:       ErrInviteRefused,
}

// codeFor maps a local error to the code sent to the other side.
func codeFor(err error) uint64 {
	switch {
	case err == nil:
		return codeNormal
	case errors.Is(err, ErrFrameTooLarge):
		return codeTooLarge
	case errors.Is(err, ErrWrongDocument):
		return codeWrongDocument
	case errors.Is(err, ErrPartnerNewer):
		return codeNewerSchema
	case errors.Is(err, ErrBadMessage):
		return codeBadMessage
	case errors.Is(err, ErrNotPartner):
		return codeNotPartner
	case errors.Is(err, ErrInviteRefused):
		return codeRefused
	case errors.Is(err, ErrProtocol):
		return codeProtocol
	default:
		return codeInternal
	}
}

// RemoteError is a close frame received from the other side.
type RemoteError struct {
	Code   uint64
	Reason string
}

func (e *RemoteError) Error() string {
	return fmt.Sprintf("partner closed the sync: %s (code %d)", e.Reason, e.Code)
}

// Unwrap maps the code back to the sentinel error, so callers can use
// errors.Is(err, ErrPartnerOlder) and the like.
func (e *RemoteError) Unwrap() error { return codeErrors[e.Code] }

const maxReason = 200

// closePayload encodes a close frame for err. Only the code and the
// sentinel's text are sent: never document content.
func closePayload(err error) []byte {
	code := codeFor(err)
	reason := "closing"
	if e, ok := codeErrors[code]; ok {
		reason = e.Error()
	} else if code == codeInternal {
		reason = "internal error"
	}
	b := binary.AppendUvarint(nil, code)
	return append(b, reason...)
}

func parseClose(b []byte) *RemoteError {
	code, n := uvarint(b)
	if n <= 0 {
		return &RemoteError{Code: codeProtocol, Reason: "malformed close"}
	}
	r := b[n:]
	if len(r) > maxReason {
		r = r[:maxReason]
	}
	reason := string(r)
	if !utf8.ValidString(reason) {
		reason = "unreadable reason"
	}
	return &RemoteError{Code: code, Reason: reason}
}
