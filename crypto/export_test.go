package crypto

// Tests use a tiny scrypt cost so that key files open in microseconds.
func init() { ScryptWorkFactor = 4 }

// DecodeIdentityKeyFile is LoadKeyFile without the disk, for the fuzzer.
func DecodeIdentityKeyFile(b []byte, passphrase string) (*Identity, error) {
	s, err := decodeKeyFile(b, kindIdentity, passphrase)
	if err != nil {
		return nil, err
	}
	return identityFromString(s)
}

// WriteChunkFile writes chunk as an earlier version of the log did: a file
// of its own, NAME.GEN.SEQ.chunk.age.
func WriteChunkFile(l *Log, gen, seq uint64, chunk []byte) error {
	return l.write(l.chunkPath(gen, seq), chunk)
}
