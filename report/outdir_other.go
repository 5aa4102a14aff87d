//go:build !linux

package report

import "errors"

// errNoExchange: the system or file system cannot swap two paths atomically.
var errNoExchange = errors.New("atomic exchange not supported")

// exchange is not available here; Commit moves the old folder aside.
func exchange(a, b string) error { return errNoExchange }

// processAlive cannot tell here, so no leftover is ever taken for stale.
func processAlive(pid int) bool { return true }
