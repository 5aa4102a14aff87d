//go:build linux

package emulate

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// monotonicNow reads CLOCK_MONOTONIC in ns.
func monotonicNow() int64 {
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return ts.Nano()
}

// threadNice is the nice value the forwarding threads ask for: enough for
// the kernel to run them ahead of ordinary work (CPU-bound tests, iperf) on
// a busy host, without the risks of a real-time policy.
const threadNice = -10

// dedicateThread locks the calling goroutine to its OS thread for good and
// raises the thread's priority to threadNice when allowed. The goroutine
// must exit without unlocking: the Go runtime then destroys the thread, so
// its priority never leaks into the runtime's pool of threads.
func dedicateThread() {
	runtime.LockOSThread()
	unix.Setpriority(unix.PRIO_PROCESS, unix.Gettid(), threadNice)
}

// stopSignal is an eventfd that every forwarding thread polls beside its
// own descriptor: raising it wakes them all, for good.
type stopSignal struct{ fd int }

func newStopSignal() (*stopSignal, error) {
	fd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		return nil, fmt.Errorf("eventfd: %w", err)
	}
	return &stopSignal{fd: fd}, nil
}

// raise makes the signal readable; it stays so (it is never read).
func (s *stopSignal) raise() {
	var one [8]byte
	binary.NativeEndian.PutUint64(one[:], 1)
	unix.Write(s.fd, one[:])
}

func (s *stopSignal) close() { unix.Close(s.fd) }

// pollIn blocks the calling thread in the kernel until fd is readable or the
// stop signal is raised (then it returns errStopped).
func pollIn(fd int, stop *stopSignal) error {
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}, {Fd: int32(stop.fd), Events: unix.POLLIN}}
	for {
		_, err := unix.Poll(fds, -1)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return fmt.Errorf("poll: %w", err)
		}
		if fds[1].Revents != 0 {
			return errStopped
		}
		if fds[0].Revents&(unix.POLLERR|unix.POLLNVAL) != 0 {
			return fmt.Errorf("poll: revents %#x", fds[0].Revents)
		}
		if fds[0].Revents != 0 {
			return nil
		}
	}
}

// readPacket reads one packet from the non-blocking TUN descriptor fd into
// buf, blocking the thread in poll while there is none.
func readPacket(fd int, buf []byte, stop *stopSignal) (int, error) {
	for {
		n, err := unix.Read(fd, buf)
		switch {
		case err == nil:
			return n, nil
		case errors.Is(err, unix.EAGAIN):
			if err := pollIn(fd, stop); err != nil {
				return 0, err
			}
		case errors.Is(err, unix.EINTR):
		default:
			return 0, err
		}
	}
}

// writePacket writes one packet into the TUN descriptor fd, which injects it
// into the namespace's stack as received.
func writePacket(fd int, p []byte) error {
	for {
		_, err := unix.Write(fd, p)
		if !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}

// closeFD closes a descriptor.
func closeFD(fd int) { unix.Close(fd) }

// timerfdWaker is a waker on a timerfd, which the kernel fires on an
// absolute CLOCK_MONOTONIC instant with hrtimer precision, waking the thread
// blocked in poll on it directly.
type timerfdWaker struct {
	fd      int
	clock   *clock
	stop    *stopSignal
	armedAt time.Duration
	armed   bool
	buf     [8]byte
}

func newWaker(c *clock, stop *stopSignal) (waker, error) {
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("timerfd_create: %w", err)
	}
	return &timerfdWaker{fd: fd, clock: c, stop: stop}, nil
}

func (w *timerfdWaker) arm(at time.Duration) error {
	if w.armed && w.armedAt == at {
		return nil
	}
	abs := max(w.clock.originMono+int64(at), 1) // 0 would disarm
	spec := unix.ItimerSpec{Value: unix.NsecToTimespec(abs)}
	if err := unix.TimerfdSettime(w.fd, unix.TFD_TIMER_ABSTIME, &spec, nil); err != nil {
		return err
	}
	w.armed, w.armedAt = true, at
	return nil
}

func (w *timerfdWaker) disarm() error {
	if !w.armed {
		return nil
	}
	w.armed = false
	return unix.TimerfdSettime(w.fd, unix.TFD_TIMER_ABSTIME, &unix.ItimerSpec{}, nil)
}

func (w *timerfdWaker) wait() error {
	if err := pollIn(w.fd, w.stop); err != nil {
		return err
	}
	unix.Read(w.fd, w.buf[:]) // consume the expiry; EAGAIN if re-armed meanwhile
	return nil
}

func (w *timerfdWaker) close() error { return unix.Close(w.fd) }
