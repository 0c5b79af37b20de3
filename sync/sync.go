// Package sync keeps the couple's shared document in sync between the two
// partners' devices, directly over libp2p, and by sealed bundle files when
// the two have no network in common. It never sees the private journal.
//
// # The node
//
// A [Node] is a libp2p host with the profile's Ed25519 key as its peer ID,
// Noise, TCP and QUIC. Its connection gater admits only the paired partner
// (and the user's relay, if one is configured): a stranger is dropped right
// after the Noise handshake, before any protocol runs, and the refusal is
// logged without content. The node finds the partner by mDNS on the LAN
// (under a service name that says nothing about the couple), by dialing
// the partner's last-known addresses, and through the relay if configured;
// it asks the router for a port mapping when [Config.NATPortMap] is set. It
// redials with backoff while the partner comes and goes.
//
// The profile uses it like this:
//
//	n, err := sync.New(sync.Config{
//		Identity: id, Doc: shared,
//		Partner: partner, PartnerAddrs: lastKnown, // nil before pairing
//		MDNS: true, NATPortMap: true,
//		State: store, // keeps the sync state, encrypted by the profile
//	})
//	n.Start(ctx)
//	updates, stop := n.Watch() // offline, connecting, syncing, in sync…
//	…
//	n.Close()
//
// The CLI's "sync --once" calls [Node.SyncOnce], which returns when the two
// documents are the same.
//
// # Pairing
//
// One partner calls [Node.Invite] and shows the invite's code; the other
// calls [Node.Join] with it. The joiner dials the invite's addresses and, on
// /kintsugi/pair/1, proves it knows the invite's one-time secret with an
// HMAC over both peer IDs (the secret itself never travels); the inviter
// proves it back; both pin the other's public identity and return a
// [Paired] with the safety number to compare aloud. The profile stores
// Paired.Partner and Paired.Addrs. An invite works once and expires; a
// wrong, used or expired invite is refused ([ErrInviteRefused],
// [ErrInviteExpired]) and changes nothing.
//
// # The sync protocol
//
// /kintsugi/sync/1 runs over any [io.ReadWriter]: varint length-prefixed
// frames of at most [MaxFrameSize] bytes, a hello carrying the couple ID and
// the schema version, then Automerge sync messages; a partner whose document
// is still empty gets a snapshot first. docs/PROTOCOL.md describes the
// bytes. A local commit reaches the partner without polling (the node
// listens to doc.Shared.Subscribe); the sync state is saved per partner
// through [StateStore], so a reconnect sends only what is missing; an idle
// sync that is not finished starts over on a timer, a guard against the
// Automerge core's known stall. A side that ends the session (closing, or
// refusing the partner) half-closes the stream and reads until the
// partner's end of it, at most two seconds, so its last frames are not lost
// with the connection; a side whose partner ends the stream counts the two
// as in sync when the partner's last heads are its own.
//
// Hostile or broken input (an oversized frame, garbage, another couple's
// document, a newer schema) ends that stream with a close frame and a
// logged reason; the local document is untouched. Only bytes from the
// paired partner, authenticated by Noise and checked against the pinned
// peer ID, ever reach Automerge.
//
// # Offline bundles
//
// [ExportBundle] seals (crypto.Seal, purpose [BundlePurpose]) the changes
// the partner lacks since their last known heads, or a snapshot, to both
// partners; [ImportBundle] checks the partner signed it for us and that it
// is newer than the last one imported, then merges it. Importing the same
// bundle twice returns [ErrBundleAlreadyImported] and changes nothing. A
// running node offers the same as [Node.ExportBundle] and [Node.ImportBundle].
package sync
