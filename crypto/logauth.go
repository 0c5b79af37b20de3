package crypto

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"

	"filippo.io/age"

	"github.com/kintsugi-app/kintsugi/crypto/internal/bech32"
)

// age gives confidentiality, not authorship: anyone who knows a public
// recipient can write a file that decrypts. So that only the owner of the
// secret key can write a file the Log accepts, each Log file carries one
// extra header stanza,
//
//	-> kintsugi-auth v1
//	HMAC-SHA256(K, context || file key)
//
// where K is derived from the owner's X25519 secret with HKDF and context
// names the file's place in the log. age's header MAC, keyed by the file key,
// binds the stanza to the file; the `age` tool skips stanzas it does not
// know, so the files stay standard age files.

const (
	authStanzaType = "kintsugi-auth"
	authInfo       = "kintsugi log authentication v1"
)

// errUnauthenticated means a Log file lacks a valid kintsugi-auth stanza:
// it was not written by the owner of the key.
var errUnauthenticated = errors.New("file was not written with this key")

// logAuthKey derives the authentication key from an X25519 identity.
func logAuthKey(id age.Identity) ([]byte, error) {
	x, ok := id.(*age.X25519Identity)
	if !ok {
		return nil, errors.New("a log needs an age X25519 identity")
	}
	_, scalar, err := bech32.Decode(x.String())
	if err != nil {
		return nil, fmt.Errorf("malformed identity: %v", err)
	}
	return hkdf.Key(sha256.New, scalar, nil, authInfo, 32)
}

func authTag(key []byte, context string, fileKey []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(context))
	m.Write([]byte{0})
	m.Write(fileKey)
	return m.Sum(nil)
}

// authRecipient adds the kintsugi-auth stanza when encrypting.
type authRecipient struct {
	key     []byte
	context string
}

func (r authRecipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	return []*age.Stanza{{Type: authStanzaType, Args: []string{"v1"}, Body: authTag(r.key, r.context, fileKey)}}, nil
}

// authIdentity unwraps with the inner identity, then checks the stanza.
type authIdentity struct {
	inner   age.Identity
	key     []byte
	context string
}

func (i authIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	fileKey, err := i.inner.Unwrap(stanzas)
	if err != nil {
		return nil, err
	}
	for _, s := range stanzas {
		if s.Type == authStanzaType && len(s.Args) == 1 && s.Args[0] == "v1" &&
			hmac.Equal(s.Body, authTag(i.key, i.context, fileKey)) {
			return fileKey, nil
		}
	}
	return nil, errUnauthenticated
}

// WriteAuthenticated is [WriteEncrypted] to id's own recipient, with the
// kintsugi-auth stanza a [Log] file carries, bound to the file's name: only
// the holder of id can write a file that [ReadAuthenticated] accepts, and a
// file renamed (swapped for another of the folder) is refused. The file
// stays a standard age file.
func WriteAuthenticated(path string, plaintext []byte, id *age.X25519Identity) error {
	key, err := logAuthKey(id)
	if err != nil {
		return err
	}
	return WriteEncrypted(path, plaintext, id.Recipient(), authRecipient{key, authFileContext(path)})
}

// ReadAuthenticated reads a file written by [WriteAuthenticated]. A file
// that decrypts but was not written there by id's holder fails with
// [ErrFileCorrupt]; otherwise it fails as [ReadEncrypted] does.
func ReadAuthenticated(path string, id *age.X25519Identity) ([]byte, error) {
	key, err := logAuthKey(id)
	if err != nil {
		return nil, err
	}
	b, err := ReadEncrypted(path, authIdentity{id, key, authFileContext(path)})
	if errors.Is(err, errUnauthenticated) {
		return nil, fmt.Errorf("%w: %v", ErrFileCorrupt, err)
	}
	return b, err
}

// authFileContext names a single authenticated file; a Log's contexts are
// its bare file names, so the two never collide.
func authFileContext(path string) string {
	return "file:" + filepath.Base(path)
}
