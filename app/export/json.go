package export

import (
	"encoding/json"
	"io"
)

// writeJSON writes the report as the indented JSON object documented in the
// package comment.
func writeJSON(w io.Writer, r *report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
