// Package crypto holds Kintsugi's keys and everything it encrypts.
//
// A profile has one [Identity]: an age X25519 identity for encryption and an
// Ed25519 key, derived from the same secret, for signatures and the libp2p
// peer ID. The identity lives in a key file encrypted with the user's
// passphrase ([SaveKeyFile], [LoadKeyFile], [ChangePassphrase]) and can be
// exported as a plain age identity file for recovery ([ExportRecovery]); the
// `age` command-line tool accepts that file with `age -d -i FILE`.
//
// Two partners pair with an [Invite]: a short-lived code (and QR image)
// carrying the inviter's public keys, addresses and a one-time secret. Both
// then compare a [SafetyNumber] aloud.
//
// Messages that must be authentic and private, such as offline bundles, are
// sealed with [Seal] and opened with [Open]: signed by the sender's Ed25519
// key over a domain-separated context, then encrypted with age.
//
// At rest, everything is a standard age file written atomically
// ([WriteFileAtomic], [WriteEncrypted], [ReadEncrypted]); a document's history
// is kept as an encrypted append [Log], whose files are also authenticated so
// that only the key's owner can write what it loads. The private journal uses
// a [JournalKey] under its own passphrase. Plaintext never touches the disk.
//
// Errors callers branch on are sentinel values, wrapped with %w; test them
// with errors.Is.
package crypto
