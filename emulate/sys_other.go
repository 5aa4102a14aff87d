//go:build !linux

package emulate

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os/exec"

	"github.com/vishvananda/netns"
)

// errNotLinux is returned by everything that needs Linux.
var errNotLinux = fmt.Errorf("emulate needs Linux network namespaces: %w", errors.ErrUnsupported)

// CheckPrivileges always fails outside Linux.
func CheckPrivileges() error { return errNotLinux }

// Cleanup has nothing to do outside Linux.
func Cleanup(log io.Writer) error { return nil }

// NetemAvailable is false outside Linux.
func NetemAvailable() bool { return false }

func monotonicNow() int64 { return 0 }

func inNamespace(netns.NsHandle, func() error) error { return errNotLinux }

func createNamespace(string, string) (netns.NsHandle, int, error) {
	return netns.None(), -1, errNotLinux
}

func deleteNamespace(string) error { return nil }

func removeStale(io.Writer) error           { return nil }
func writeRunRecord(string, []string) error { return errNotLinux }
func removeRunRecord(string) error          { return nil }

func configureEndpoint(netns.NsHandle, string, netip.Addr, []netip.Addr) error { return errNotLinux }

func hostPrefixes() ([]netip.Prefix, error) { return nil, errNotLinux }

func setDeathSignal(*exec.Cmd) {}

func newWaker(*clock, *stopSignal) (waker, error) { return nil, errNotLinux }

type stopSignal struct{}

func newStopSignal() (*stopSignal, error) { return nil, errNotLinux }
func (*stopSignal) raise()                {}
func (*stopSignal) close()                {}

func dedicateThread()                                  {}
func readPacket(int, []byte, *stopSignal) (int, error) { return 0, errNotLinux }
func writePacket(int, []byte) error                    { return errNotLinux }
func closeFD(int)                                      {}
