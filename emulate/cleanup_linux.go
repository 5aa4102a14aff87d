//go:build linux

package emulate

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Cleanup removes what runs killed without Close left behind: first the
// namespaces of runs whose recorded owner is dead (as Start does, see
// removeStale), then every other network namespace in /run/netns whose name
// starts with NamespacePrefix and that no live process holds open (a
// running emulator holds its namespaces open and is left alone; so are runs
// of older versions, which kept no record). A process still running inside
// such a namespace, a command orphaned by the killed run, would keep it
// alive: it is killed. TUN devices need no cleanup: they vanish with the
// file descriptors of the process that made them. Cleanup reports each
// action to log (nil discards) and never touches a name without the prefix.
func Cleanup(log io.Writer) error {
	if log == nil {
		log = io.Discard
	}
	var errs []error
	if err := removeStale(log); err != nil {
		errs = append(errs, err)
	}
	entries, err := os.ReadDir(netnsDir)
	if errors.Is(err, os.ErrNotExist) {
		return errors.Join(errs...)
	}
	if err != nil {
		return errors.Join(append(errs, fmt.Errorf("emulate: cleanup: %w", err))...)
	}
	for _, ent := range entries {
		name := ent.Name()
		if !strings.HasPrefix(name, NamespacePrefix) {
			continue
		}
		removed, err := removeUnheld(name, log)
		if err != nil {
			errs = append(errs, fmt.Errorf("emulate: cleanup: %w", err))
			continue
		}
		if removed {
			fmt.Fprintf(log, "emulate: cleanup: removed network namespace %s\n", name)
		}
	}
	return errors.Join(errs...)
}

// removeUnheld removes namespace /run/netns/name unless a live process
// holds it open (a running emulator does); processes running inside it are
// killed first. It reports whether it removed it.
func removeUnheld(name string, log io.Writer) (bool, error) {
	path := filepath.Join(netnsDir, name)
	if ino, ok := nsInode(path); ok {
		link := fmt.Sprintf("net:[%d]", ino)
		if holders := procLinks(link, true); len(holders) > 0 {
			fmt.Fprintf(log, "emulate: %s is in use by a running process (pid %v); left alone\n", name, holders)
			return false, nil
		}
		for _, pid := range procLinks(link, false) {
			comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
			if err := unix.Kill(pid, unix.SIGKILL); err == nil {
				fmt.Fprintf(log, "emulate: killed pid %d (%s) left running in %s\n", pid, strings.TrimSpace(string(comm)), name)
			}
		}
	}
	if err := deleteNamespace(name); err != nil {
		return false, err
	}
	return true, nil
}

// nsInode returns the inode of the namespace mounted at path, and false if
// nothing (or not a namespace) is mounted there.
func nsInode(path string) (uint64, bool) {
	var sfs unix.Statfs_t
	if err := unix.Statfs(path, &sfs); err != nil || sfs.Type != unix.NSFS_MAGIC {
		return 0, false
	}
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return 0, false
	}
	return st.Ino, true
}

// procLinks returns the processes with an open file descriptor whose link
// is target (fds true), or whose network namespace is target (fds false).
func procLinks(target string, fds bool) []int {
	dirs, _ := os.ReadDir("/proc")
	var pids []int
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil || pid == os.Getpid() && !fds {
			continue
		}
		if !fds {
			if l, _ := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", pid)); l == target {
				pids = append(pids, pid)
			}
			continue
		}
		fdDir := fmt.Sprintf("/proc/%d/fd", pid)
		ents, _ := os.ReadDir(fdDir)
		for _, fd := range ents {
			if l, _ := os.Readlink(fdDir + "/" + fd.Name()); l == target {
				pids = append(pids, pid)
				break
			}
		}
	}
	return pids
}
