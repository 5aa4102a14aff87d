//go:build linux

package emulate

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// Capability bits (linux/capability.h).
const (
	capNetAdmin = 12
	capSysAdmin = 21
)

// CheckPrivileges reports whether this process may run an emulation: it
// returns ErrNotPermitted without CAP_NET_ADMIN and CAP_SYS_ADMIN (which
// root has), and ErrNoTUN without /dev/net/tun.
func CheckPrivileges() error {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return fmt.Errorf("emulate: reading capabilities: %w", err)
	}
	caps, err := effectiveCaps(string(status))
	if err != nil {
		return err
	}
	if !hasEmulateCaps(caps) {
		return ErrNotPermitted
	}
	if fi, err := os.Stat("/dev/net/tun"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return ErrNoTUN
	}
	return nil
}

// effectiveCaps parses the CapEff line of /proc/<pid>/status.
func effectiveCaps(status string) (uint64, error) {
	for line := range strings.Lines(status) {
		if v, ok := strings.CutPrefix(line, "CapEff:"); ok {
			return strconv.ParseUint(strings.TrimSpace(v), 16, 64)
		}
	}
	return 0, errors.New("emulate: no CapEff line in /proc/self/status")
}

// hasEmulateCaps reports whether caps hold CAP_NET_ADMIN and CAP_SYS_ADMIN.
func hasEmulateCaps(caps uint64) bool {
	const need = 1<<capNetAdmin | 1<<capSysAdmin
	return caps&need == need
}

// NetemAvailable reports whether the kernel offers the netem qdisc, which a
// kernel-side backend would use: it tries to add one to the loopback device
// of a throwaway network namespace (freed when its handle closes). It is
// false without privileges.
func NetemAvailable() bool {
	if CheckPrivileges() != nil {
		return false
	}
	ns := netns.None()
	err := onLockedThread(func() (bool, error) {
		orig, err := netns.Get()
		if err != nil {
			return true, err
		}
		defer orig.Close()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			return true, err
		}
		ns, err = netns.Get()
		return netns.Set(orig) == nil, err
	})
	if err != nil {
		return false
	}
	defer ns.Close()
	h, err := netlink.NewHandleAt(ns, unix.NETLINK_ROUTE)
	if err != nil {
		return false
	}
	defer h.Close()
	lo, err := h.LinkByName("lo")
	if err != nil || h.LinkSetUp(lo) != nil {
		return false
	}
	q := netlink.NewNetem(netlink.QdiscAttrs{
		LinkIndex: lo.Attrs().Index,
		Handle:    netlink.MakeHandle(1, 0),
		Parent:    netlink.HANDLE_ROOT,
	}, netlink.NetemQdiscAttrs{Latency: 1000})
	return h.QdiscAdd(q) == nil
}
