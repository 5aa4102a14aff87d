package report

import (
	"errors"
	"syscall"

	"golang.org/x/sys/unix"
)

// errNoExchange: the system or file system cannot swap two paths atomically.
var errNoExchange = errors.New("atomic exchange not supported")

// exchange swaps two paths atomically (renameat2 RENAME_EXCHANGE).
func exchange(a, b string) error {
	if renameHook != nil {
		return errNoExchange // tests of the fallback inject failing renames
	}
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOSYS) || errors.Is(err, syscall.EOPNOTSUPP) {
		return errNoExchange
	}
	return err
}

// processAlive reports whether a process with this id exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
