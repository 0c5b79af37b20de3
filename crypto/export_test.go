package crypto

// Tests use a tiny scrypt cost so that key files open in microseconds.
func init() { ScryptWorkFactor = 4 }
