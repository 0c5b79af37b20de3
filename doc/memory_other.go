//go:build !((linux || darwin) && cgo)

package doc

// ReleaseMemory gives the C heap's free memory back to the system where
// the C library can (glibc); here it does nothing.
func ReleaseMemory() {}
