package doc

// SetWriteFlat makes new check-ins and interactions use the earlier
// one-key-per-field layout, for the benchmark baseline.
func SetWriteFlat(on bool) { writeFlat = on }
