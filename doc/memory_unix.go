//go:build (linux || darwin) && cgo

package doc

/*
#cgo linux LDFLAGS: -ldl
#include <dlfcn.h>
#include <stddef.h>

// trim calls glibc's malloc_trim(0) if the C library has it (glibc does;
// musl and macOS do not, and there it does nothing).
static void trim(void) {
	static int looked = 0;
	static int (*fn)(size_t) = NULL;
	if (!looked) {
		fn = (int (*)(size_t))dlsym(RTLD_DEFAULT, "malloc_trim");
		looked = 1;
	}
	if (fn != NULL) {
		fn(0);
	}
}
*/
import "C"

// ReleaseMemory gives the C heap's free memory back to the system. Loading a
// document makes the Automerge core allocate far more than the document
// keeps (it rebuilds and hashes every change); glibc keeps what was freed
// for later, so a process that loaded a five-year history held about 80 MB
// it no longer used. Call it after a load or a large merge, not per edit:
// it walks the whole C heap (a few milliseconds).
func ReleaseMemory() { C.trim() }
