package ui

import (
	"os"
	"testing"

	"github.com/kintsugi-app/kintsugi/crypto"
)

func TestMain(m *testing.M) {
	crypto.ScryptWorkFactor = 10 // fast key files in tests only
	// No test may write into the real ~/.config (the login entry lives there).
	cfg, err := os.MkdirTemp("", "kintsugi-config-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", cfg)
	code := m.Run()
	os.RemoveAll(cfg)
	os.Exit(code)
}
