//go:build linux

package emulate

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// netnsDir is where named network namespaces are bind-mounted, as by
// `ip netns add` (/var/run is a link to /run on current distributions).
const netnsDir = "/run/netns"

// onLockedThread runs fn on a fresh goroutine locked to its OS thread and
// waits for it. fn may move the thread to another network namespace if it
// moves it back; if it cannot (restored is false), the thread stays locked
// and the Go runtime destroys it when the goroutine exits, so no goroutine
// ever runs in a namespace it did not ask for.
func onLockedThread(fn func() (restored bool, err error)) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		restored, err := fn()
		if restored {
			runtime.UnlockOSThread()
		}
		errc <- err
	}()
	return <-errc
}

// inNamespace calls fn on a locked OS thread inside ns.
func inNamespace(ns netns.NsHandle, fn func() error) error {
	return onLockedThread(func() (bool, error) {
		orig, err := netns.Get()
		if err != nil {
			return true, err
		}
		defer orig.Close()
		if err := netns.Set(ns); err != nil {
			return true, fmt.Errorf("entering namespace: %w", err)
		}
		ferr := fn()
		if err := netns.Set(orig); err != nil {
			return false, errors.Join(ferr, fmt.Errorf("leaving namespace: %w", err))
		}
		return true, ferr
	})
}

// createNamespace creates the network namespace name, bind-mounted at
// /run/netns/name as `ip netns add` does, and a TUN device called tunName
// inside it (opening /dev/net/tun from inside binds the device to the
// namespace). It returns a handle to the namespace and the device's
// non-blocking file descriptor. On error nothing is left behind.
func createNamespace(name, tunName string) (ns netns.NsHandle, tun int, err error) {
	ns, tun = netns.None(), -1
	if err := os.MkdirAll(netnsDir, 0o755); err != nil {
		return ns, -1, err
	}
	path := filepath.Join(netnsDir, name)
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE|os.O_EXCL, 0o444)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return ns, -1, fmt.Errorf("%s exists already (left by a killed run? `orbitnet emulate --cleanup` removes it)", path)
		}
		return ns, -1, err
	}
	f.Close()
	err = onLockedThread(func() (bool, error) {
		orig, err := netns.Get()
		if err != nil {
			return true, err
		}
		defer orig.Close()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			return true, fmt.Errorf("unshare: %w", err)
		}
		ferr := func() error {
			self := fmt.Sprintf("/proc/%d/task/%d/ns/net", os.Getpid(), unix.Gettid())
			if err := unix.Mount(self, path, "none", unix.MS_BIND, ""); err != nil {
				return fmt.Errorf("bind-mounting %s: %w", path, err)
			}
			var err error
			if ns, err = netns.GetFromPath(path); err != nil {
				return err
			}
			tun, err = openTUN(tunName)
			return err
		}()
		if err := netns.Set(orig); err != nil {
			return false, errors.Join(ferr, fmt.Errorf("leaving namespace: %w", err))
		}
		return true, ferr
	})
	if err != nil {
		if tun >= 0 {
			unix.Close(tun)
		}
		if ns.IsOpen() {
			ns.Close()
		}
		unix.Unmount(path, unix.MNT_DETACH)
		os.Remove(path)
		return netns.None(), -1, err
	}
	return ns, tun, nil
}

// openTUN creates TUN device name (IFF_TUN, no packet information header)
// in the calling thread's namespace and returns its non-blocking file
// descriptor.
func openTUN(name string) (int, error) {
	fd, err := unix.Open("/dev/net/tun", unix.O_RDWR|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("opening /dev/net/tun: %w", err)
	}
	ifr, err := unix.NewIfreq(name)
	if err == nil {
		ifr.SetUint16(unix.IFF_TUN | unix.IFF_NO_PI)
		err = unix.IoctlIfreq(fd, unix.TUNSETIFF, ifr)
	}
	if err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("creating TUN device %s: %w", name, err)
	}
	return fd, nil
}

// deleteNamespace unmounts and removes /run/netns/name; the namespace itself
// goes when nothing else refers to it.
func deleteNamespace(name string) error {
	path := filepath.Join(netnsDir, name)
	if err := unix.Unmount(path, unix.MNT_DETACH); err != nil && !errors.Is(err, unix.EINVAL) && !errors.Is(err, unix.ENOENT) {
		return fmt.Errorf("unmounting %s: %w", path, err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// configureEndpoint brings up loopback and the TUN device in ns, gives the
// device addr/32 and a /32 route to every peer through it, all through a
// netlink handle opened inside ns.
func configureEndpoint(ns netns.NsHandle, tunName string, addr netip.Addr, peers []netip.Addr) error {
	h, err := netlink.NewHandleAt(ns, unix.NETLINK_ROUTE)
	if err != nil {
		return err
	}
	defer h.Close()
	lo, err := h.LinkByName("lo")
	if err != nil {
		return err
	}
	if err := h.LinkSetUp(lo); err != nil {
		return fmt.Errorf("bringing up lo: %w", err)
	}
	tun, err := h.LinkByName(tunName)
	if err != nil {
		return err
	}
	// No IPv6 link-local address, hence no router solicitations or MLD
	// reports on the device; best effort (IPv6 may be disabled).
	const in6AddrGenModeNone = 1
	h.LinkSetIP6AddrGenMode(tun, in6AddrGenModeNone)
	if err := h.AddrAdd(tun, &netlink.Addr{IPNet: hostNet(addr)}); err != nil {
		return fmt.Errorf("adding %v to %s: %w", addr, tunName, err)
	}
	if err := h.LinkSetUp(tun); err != nil {
		return fmt.Errorf("bringing up %s: %w", tunName, err)
	}
	for _, p := range peers {
		r := &netlink.Route{
			LinkIndex: tun.Attrs().Index,
			Dst:       hostNet(p),
			Src:       addr.AsSlice(),
			Scope:     netlink.SCOPE_LINK,
		}
		if err := h.RouteAdd(r); err != nil {
			return fmt.Errorf("adding route to %v: %w", p, err)
		}
	}
	return nil
}

// hostNet returns a as a /32.
func hostNet(a netip.Addr) *net.IPNet {
	return &net.IPNet{IP: a.AsSlice(), Mask: net.CIDRMask(32, 32)}
}

// hostPrefixes returns the IPv4 prefixes in use in this process's namespace:
// every address with its prefix, and every route's destination in every
// table.
func hostPrefixes() ([]netip.Prefix, error) {
	var out []netip.Prefix
	add := func(n *net.IPNet) {
		if n == nil {
			return
		}
		a, ok := netip.AddrFromSlice(n.IP.To4())
		ones, bits := n.Mask.Size()
		if ok && bits == 32 {
			out = append(out, netip.PrefixFrom(a, ones).Masked())
		}
	}
	addrs, err := netlink.AddrList(nil, netlink.FAMILY_V4)
	if err != nil {
		return nil, err
	}
	for _, a := range addrs {
		add(a.IPNet)
	}
	routes, err := netlink.RouteListFiltered(netlink.FAMILY_V4,
		&netlink.Route{Table: unix.RT_TABLE_UNSPEC}, netlink.RT_FILTER_TABLE)
	if err != nil && !errors.Is(err, netlink.ErrDumpInterrupted) {
		return nil, err
	}
	for _, r := range routes {
		add(r.Dst)
	}
	return out, nil
}
