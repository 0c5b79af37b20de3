// Package ui is Kintsugi's screens: the main window's pages, their widgets
// and charts, the theme, first launch, unlock and pairing. It sees the
// domain only through package model (a Session and plain types) and doc's
// own API for the shared document; it imports no sync, crypto or profile
// (deps_test.go keeps it so), so its tests run the same screens on a
// memory session and on two real paired profiles behind package adapt.
//
// Every screen has one shape, [screen]: a title, an icon, a view built
// once, a load off the UI goroutine and an apply on it. Its actions hand
// their edits to one door, act.go's [ui.act], which runs them off the UI
// goroutine; the document's notification then reloads the screen, for the
// user's own edits as for the partner's. The one list,
// screenList in ui.go, gives the navigation's order, each screen's
// shortcut and the shortcut help. The shell (package app) uses only
// shell.go: a window's [Flow], the [Bridge], [Theme] and [Icon].
//
// Errors meet the user's words in one file, errors.go: a screen shows an
// error with showError or plainError and writes none of its own. The
// sync status reaches the header in one hop: the header follows the
// session's one status value through the bridge (followLatest).
package ui
