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
// address; it stops when t ends.
func udpEcho(t testing.TB, e *Emulator, endpoint string) netip.AddrPort {
	t.Helper()
	var pc net.PacketConn
	err := e.Do(endpoint, func() (err error) {
		pc, err = net.ListenPacket("udp4", net.JoinHostPort(e.Addr(endpoint).String(), "0"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, 2048)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			pc.WriteTo(buf[:n], from)
		}
	}()
	t.Cleanup(func() { pc.Close(); wg.Wait() })
	return pc.LocalAddr().(*net.UDPAddr).AddrPort()
}

// ping is one UDP echo round trip.
type ping struct {
	sent time.Duration // emulated time of sending
	rtt  time.Duration // 0 when lost
}

// pinger sends a UDP echo request from endpoint to server every interval
// for n requests and returns the round trips, measured with the monotonic
// clock, after waiting for late replies.
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
	base := time.Now()
	pings := make([]ping, n)
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 64)
		for {
			m, err := conn.Read(buf)
			if err != nil {
				return
			}
			now := time.Since(base)
			if m < 16 {
				continue
			}
			i := binary.BigEndian.Uint64(buf[:8])
			at := time.Duration(binary.BigEndian.Uint64(buf[8:16]))
			mu.Lock()
			if i < uint64(n) {
				pings[i].rtt = now - at
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
		binary.BigEndian.PutUint64(msg[8:16], uint64(time.Since(base)))
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
