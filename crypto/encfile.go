package crypto

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"filippo.io/age"
)

// ErrNotDecryptable is returned by [ReadEncrypted] when none of the given
// identities can open the file.
var ErrNotDecryptable = errors.New("file is not encrypted to this key")

// ErrFileCorrupt is returned by [ReadEncrypted] when the file is damaged,
// truncated or not an age file.
var ErrFileCorrupt = errors.New("encrypted file is damaged")

// WriteEncrypted encrypts plaintext to the recipients and writes it to path
// atomically (see [WriteFileAtomic]) with mode 0600. The encryption streams
// into the temporary file: no plaintext ever reaches the disk. The file is a
// standard age file. age gives confidentiality, not authorship: anyone who
// knows a recipient can write such a file. Use a [Log] or [Seal] for data
// whose author matters.
func WriteEncrypted(path string, plaintext []byte, to ...age.Recipient) error {
	if len(to) == 0 {
		return errors.New("no recipients to encrypt to")
	}
	return writeAtomic(path, 0o600, func(w io.Writer) error {
		return encryptTo(w, plaintext, to...)
	})
}

// encryptTo writes plaintext as an age file to w.
func encryptTo(w io.Writer, plaintext []byte, to ...age.Recipient) error {
	ew, err := age.Encrypt(w, to...)
	if err != nil {
		return fmt.Errorf("failed to encrypt: %w", err)
	}
	if _, err := ew.Write(plaintext); err != nil {
		return fmt.Errorf("failed to encrypt: %w", err)
	}
	if err := ew.Close(); err != nil {
		return fmt.Errorf("failed to encrypt: %w", err)
	}
	return nil
}

// ReadEncrypted reads and decrypts an age file. It fails with
// [ErrNotDecryptable] if no identity matches, and with [ErrFileCorrupt] if
// the file is damaged or truncated; a missing file gives an error for which
// errors.Is(err, fs.ErrNotExist) holds.
func ReadEncrypted(path string, ids ...age.Identity) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("failed to read encrypted file: %w", err)
	}
	return decryptBytes(b, ids...)
}

// decryptBytes decrypts an age file held in memory.
func decryptBytes(b []byte, ids ...age.Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(b), ids...)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			return nil, fmt.Errorf("%w: %v", ErrNotDecryptable, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrFileCorrupt, err)
	}
	// age's payload is a little larger than the plaintext; size the buffer once.
	out := bytes.NewBuffer(make([]byte, 0, len(b)))
	if _, err := out.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFileCorrupt, err)
	}
	return out.Bytes(), nil
}
