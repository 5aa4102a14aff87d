package emulate

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// requirePrivileges skips t unless it may create namespaces and TUN devices.
func requirePrivileges(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("skipping: emulate tests need root (network namespaces and TUN devices); run `sudo go test ./emulate`")
	}
	if err := CheckPrivileges(); err != nil {
		t.Skipf("skipping: %v", err)
	}
}

// startEmulator starts an emulator for t and closes it when t ends, checking
// that its namespaces and goroutines are gone.
func startEmulator(t testing.TB, cfg Config) *Emulator {
	t.Helper()
	before := runtime.NumGoroutine()
	if cfg.Log == nil {
		cfg.Log = testWriter{t}
	}
	e, err := Start(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if left := namespacesOf(t, e.RunID()); len(left) > 0 {
			t.Errorf("namespaces left after Close: %v", left)
		}
		checkGoroutines(t, before)
	})
	return e
}

// checkGoroutines fails t if, within a second, the number of goroutines does
// not come back to at most before.
func checkGoroutines(t testing.TB, before int) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Errorf("goroutines: %d before, %d after Close:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// namespacesOf lists /run/netns entries of run id ("" for every orbitnet one).
func namespacesOf(t testing.TB, id string) []string {
	t.Helper()
	ents, err := os.ReadDir(netnsDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), NamespacePrefix+id) {
			out = append(out, e.Name())
		}
	}
	return out
}

// testWriter sends log lines to t.Log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// udpEcho starts a UDP echo server in endpoint's namespace and returns its
// address; it stops when t ends. A request of at least 24 bytes gets, in
// bytes 16–24 of the reply, the time the server held it: from the kernel's
// receive timestamp to just before the reply is written, so that the
// pinger can take the server's scheduling delays out of the round trip.
func udpEcho(t testing.TB, e *Emulator, endpoint string) netip.AddrPort {
	t.Helper()
	var pc *net.UDPConn
	err := e.Do(endpoint, func() error {
		c, err := net.ListenPacket("udp4", net.JoinHostPort(e.Addr(endpoint).String(), "0"))
		if err == nil {
			pc = c.(*net.UDPConn)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	enableRxTimestamps(t, pc)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, 2048)
		oob := make([]byte, 128)
		for {
			n, oobn, _, from, err := pc.ReadMsgUDPAddrPort(buf, oob)
			if err != nil {
				return
			}
			if n >= 24 {
				rx := rxTime(oob[:oobn])
				binary.BigEndian.PutUint64(buf[16:24], uint64(time.Now().UnixNano()-rx))
			}
			pc.WriteToUDPAddrPort(buf[:n], from)
		}
	}()
	t.Cleanup(func() { pc.Close(); wg.Wait() })
	return pc.LocalAddr().(*net.UDPAddr).AddrPort()
}

// enableRxTimestamps asks the kernel to stamp every datagram c receives
// (SO_TIMESTAMPNS: wall-clock time at which the packet reached the socket).
func enableRxTimestamps(t testing.TB, c *net.UDPConn) {
	t.Helper()
	raw, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var serr error
	if err := raw.Control(func(fd uintptr) {
		serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, 1)
	}); err != nil {
		t.Fatal(err)
	}
	if serr != nil {
		t.Fatalf("SO_TIMESTAMPNS: %v", serr)
	}
}

// rxTime returns the kernel receive timestamp (Unix ns) carried in a
// datagram's control messages, or the current time when there is none.
func rxTime(oob []byte) int64 {
	msgs, _ := unix.ParseSocketControlMessage(oob)
	for _, m := range msgs {
		if m.Header.Level == unix.SOL_SOCKET && m.Header.Type == unix.SCM_TIMESTAMPNS && len(m.Data) >= 16 {
			// struct timespec on 64-bit Linux: two native-endian int64
			sec := int64(binary.NativeEndian.Uint64(m.Data[0:8]))
			nsec := int64(binary.NativeEndian.Uint64(m.Data[8:16]))
			return sec*1e9 + nsec
		}
	}
	return time.Now().UnixNano()
}

// ping is one UDP echo round trip.
type ping struct {
	sent time.Duration // emulated time of sending
	rtt  time.Duration // 0 when lost
}

// pinger sends a UDP echo request from endpoint to server every interval
// for n requests and returns the round trips after waiting for late
// replies. A round trip runs from just before the request is written to the
// kernel's receive timestamp of the reply, less the time the server held
// the request (see udpEcho): the time the network took, with the
// scheduling delays of the pinger's and the server's goroutines left out,
// as ping does with kernel timestamps.
func pinger(t testing.TB, e *Emulator, endpoint string, server netip.AddrPort, interval time.Duration, n int) []ping {
	t.Helper()
	var conn *net.UDPConn
	err := e.Do(endpoint, func() (err error) {
		conn, err = net.DialUDP("udp4", nil, net.UDPAddrFromAddrPort(server))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	enableRxTimestamps(t, conn)
	pings := make([]ping, n)
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 64)
		oob := make([]byte, 128)
		for {
			m, oobn, _, _, err := conn.ReadMsgUDPAddrPort(buf, oob)
			if err != nil {
				return
			}
			rx := rxTime(oob[:oobn])
			if m < 24 {
				continue
			}
			i := binary.BigEndian.Uint64(buf[:8])
			at := int64(binary.BigEndian.Uint64(buf[8:16]))
			held := int64(binary.BigEndian.Uint64(buf[16:24]))
			mu.Lock()
			if i < uint64(n) {
				pings[i].rtt = time.Duration(rx - at - held)
			}
			mu.Unlock()
		}
	}()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	msg := make([]byte, 32)
	for i := range n {
		if i > 0 {
			<-tick.C
		}
		mu.Lock()
		pings[i].sent = e.Elapsed()
		mu.Unlock()
		binary.BigEndian.PutUint64(msg[:8], uint64(i))
		binary.BigEndian.PutUint64(msg[8:16], uint64(time.Now().UnixNano()))
		if _, err := conn.Write(msg); err != nil {
			t.Fatalf("ping %d: %v", i, err)
		}
	}
	time.Sleep(500 * time.Millisecond)
	conn.Close()
	<-done
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(pings)
}

// median returns the median of ds (0 when empty).
func median(ds []time.Duration) time.Duration { return quantile(ds, 0.5) }

// quantile returns the q-quantile of ds, the element at rank ⌊q·n⌋ of the
// sorted values (0 when empty).
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(int(q*float64(len(s))), len(s)-1)]
}

// runtimeGoroutines returns the number of goroutines.
func runtimeGoroutines() int { return runtime.NumGoroutine() }

// netipAddrPort parses an address and port.
func netipAddrPort(t testing.TB, s string) netip.AddrPort {
	t.Helper()
	ap, err := netip.ParseAddrPort(s)
	if err != nil {
		t.Fatal(err)
	}
	return ap
}

// prioritize gives every thread of the test process the emulator's nice
// value while t runs, so that the test's own pinger and echo server, the
// measuring instrument, wake up as promptly as the emulator's threads on a
// busy machine. Threads the runtime creates meanwhile inherit it.
func prioritize(t testing.TB) {
	set := func(nice int) {
		tasks, _ := os.ReadDir("/proc/self/task")
		for _, task := range tasks {
			if tid, err := strconv.Atoi(task.Name()); err == nil {
				unix.Setpriority(unix.PRIO_PROCESS, tid, nice)
			}
		}
	}
	set(threadNice)
	t.Cleanup(func() { set(0) })
}
