package utf8env

import "testing"

func TestFix(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"nothing set", map[string]string{}, map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "en"}},
		{"bare C", map[string]string{"LANG": "C"}, map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "en"}},
		{"C.UTF-8", map[string]string{"LANG": "C.UTF-8"}, map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "en"}},
		{"LC_ALL=POSIX wins over LANG", map[string]string{"LC_ALL": "POSIX", "LANG": "de_DE.UTF-8"},
			map[string]string{"LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8", "LANGUAGE": "en"}},
		{"a real locale is left alone", map[string]string{"LANG": "fr_FR.UTF-8"}, map[string]string{"LANG": "fr_FR.UTF-8"}},
		{"LANGUAGE already chosen", map[string]string{"LANG": "C", "LANGUAGE": "nl"}, map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "nl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tt.env {
				env[k] = v
			}
			Fix(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if len(env) != len(tt.want) {
				t.Fatalf("env = %v, want %v", env, tt.want)
			}
			for k, v := range tt.want {
				if env[k] != v {
					t.Errorf("%s = %q, want %q (env %v)", k, env[k], v, env)
				}
			}
		})
	}
}
