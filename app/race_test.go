//go:build race

package app

func init() { raceBuild = true }
