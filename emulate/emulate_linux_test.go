package emulate

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// A ping's round trip is measured as ping does with kernel timestamps: from
// just before the request is written to the kernel's receive timestamp of
// the reply, less the time the echo server held it (see pinger), so it is
// the schedule's delays plus the emulator's own lateness, without the
// scheduling delays of the test's goroutines, which reach milliseconds while
// other test binaries run beside this one (go test ./... runs packages in
// parallel). Each segment is checked two ways:
//   - no round trip is shorter than intended (less earlySlack for clock
//     reading): the emulator must never deliver early;
//   - the median is the intended RTT within rttTolerance.
const (
	earlySlack   = 50 * time.Microsecond
	rttTolerance = time.Millisecond
)

// TestPingFollowsSchedule emulates a pair for 20 s whose one-way delays
// change every 5 s and pings across it every 100 ms: the median round trip
// of each segment must be the intended one within rttTolerance, and none
// shorter (see rttTolerance).
//
// It reads the wall clock, so it is skipped with -short. Under heavy load
// (go test ./... on a shared 2-core machine, load average above 10) the
// emulator's own wake-ups run late by milliseconds, which moves the
// medians by as much: the lateness checks (median RTT, median delay error,
// median applied delay) then fail although the schedule was followed. So
// when only lateness checks fail, the whole measurement is repeated once
// and the test fails only if the second one is late too; both attempts'
// figures are logged. Correctness checks (a round trip shorter than
// intended, lost pings, a wrong intended delay in the records, unroutable
// packets, the step between segments not visible) fail at once and are
// never retried: an emulator that delivers early is wrong under any load.
func TestPingFollowsSchedule(t *testing.T) {
	requirePrivileges(t)
	skipWallClock(t)
	late := pingFollowsSchedule(t)
	if len(late) > 0 && !t.Failed() {
		t.Logf("attempt 1 ran late (load average %s):\n  %s\nmeasuring once more",
			loadAverage(), strings.Join(late, "\n  "))
		late = pingFollowsSchedule(t)
	}
	for _, l := range late {
		t.Errorf("%s (load average %s; also late on the first attempt)", l, loadAverage())
	}
}

// skipWallClock skips a test whose assertions depend on wall-clock timing
// when testing.Short is set.
func skipWallClock(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping: wall-clock timing test (not run with -short)")
	}
}

// loadAverage returns the 1-minute load average from /proc/loadavg, or "?".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}

// pingFollowsSchedule runs one measurement of TestPingFollowsSchedule. It
// reports correctness failures on t and returns the lateness failures.
func pingFollowsSchedule(t *testing.T) (late []string) {
	latef := func(format string, args ...any) { late = append(late, fmt.Sprintf(format, args...)) }
	ab := []time.Duration{20 * ms, 35 * ms, 25 * ms, 30 * ms}
	ba := []time.Duration{22 * ms, 30 * ms, 28 * ms, 15 * ms}
	const seg = 5 * time.Second
	sched := StepSchedule{Step: seg}
	for i := range ab {
		sched.Samples = append(sched.Samples, Conditions{DelayAB: ab[i], DelayBA: ba[i], Up: true})
	}
	e := startEmulator(t, Config{
		Pairs:    []Pair{{Name: "Kyiv-Frankfurt", A: "Kyiv", B: "Frankfurt", Schedule: sched}},
		Duration: 4 * seg,
	})
	prioritize(t)
	srv := udpEcho(t, e, "Frankfurt")
	pings := pinger(t, e, "Kyiv", srv, 100*time.Millisecond, int(4*seg/(100*time.Millisecond)))

	var prev time.Duration
	for k := range ab {
		var rtts []time.Duration
		lost := 0
		for _, p := range pings {
			// Skip pings whose reply could fall into the next segment.
			lo, hi := time.Duration(k)*seg, time.Duration(k+1)*seg-100*ms
			if p.sent < lo || p.sent >= hi {
				continue
			}
			if p.rtt == 0 {
				lost++
				continue
			}
			rtts = append(rtts, p.rtt)
		}
		want := ab[k] + ba[k]
		got, least := median(rtts), quantile(rtts, 0)
		t.Logf("segment %d: intended RTT %v; min %v, median %v (error %+v) over %d pings, %d lost",
			k, want, least, got, got-want, len(rtts), lost)
		if len(rtts) < 40 || lost > 0 {
			t.Errorf("segment %d: %d pings answered, %d lost", k, len(rtts), lost)
		}
		if least < want-earlySlack {
			t.Errorf("segment %d: a round trip of %v, shorter than the intended %v", k, least, want)
		}
		if d := got - want; d < -rttTolerance || d > rttTolerance {
			latef("segment %d: median RTT %v, want %v ± %v", k, got, want, rttTolerance)
		}
		if k > 0 && (got-prev).Abs() < 5*ms {
			t.Errorf("segment %d: the step from %v to %v is not visible", k, prev, got)
		}
		prev = got
	}
	if err := e.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if u := e.Stats().Unroutable; u != 0 {
		t.Errorf("%d unroutable packets (IPv6 chatter?)", u)
	}
	for _, s := range e.Stats().Directions {
		t.Logf("%s %s: %d packets, %d bytes, %d dropped; delay error p50 %v p99 %v max %v",
			s.Pair, s.Direction, s.Forwarded, s.Bytes, s.Dropped(), s.DelayError.P50, s.DelayError.P99, s.DelayError.Max)
		if s.Forwarded < 190 || s.Dropped() > 0 {
			t.Errorf("%s: %d forwarded, %d dropped", s.Direction, s.Forwarded, s.Dropped())
		}
		// The emulator's own lateness: tens of µs idle, ~150 µs with
		// other test binaries running beside it.
		if s.DelayError.P50 > time.Millisecond {
			latef("%s: median delay error %v, want under 1ms", s.Direction, s.DelayError.P50)
		}
	}

	// The records follow the schedule, and the applied delays the
	// intended ones.
	path := filepath.Join(t.TempDir(), "emulation.csv")
	if err := WriteCSV(path, e.Records()); err != nil {
		t.Fatal(err)
	}
	late = append(late, checkRecords(t, path, ab, ba, seg)...)
	if err := e.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	return late
}

// checkRecords reads emulation.csv and checks each row's intended delay
// (failures reported on t) and that the median applied delay of each
// segment and direction matches it (a lateness check: failures returned).
func checkRecords(t *testing.T, path string, ab, ba []time.Duration, seg time.Duration) (late []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if lines[0] != CSVHeader {
		t.Fatalf("header %q", lines[0])
	}
	applied := map[string][]time.Duration{} // segment/direction → applied delays
	rows := 0
	for _, line := range lines[1:] {
		f := strings.Split(line, ",")
		ts, _ := strconv.ParseFloat(f[0], 64)
		k := min(int(ts/seg.Seconds()), len(ab)-1)
		want := ab[k]
		if f[2] == "BA" {
			want = ba[k]
		}
		if f[3] != formatMillis(want) {
			t.Errorf("row %q: intended delay %s, want %s", line, f[3], formatMillis(want))
		}
		if f[4] != "" {
			v, _ := strconv.ParseFloat(f[4], 64)
			key := fmt.Sprint(k, f[2])
			applied[key] = append(applied[key], time.Duration(v*float64(time.Millisecond))-want)
		}
		rows++
	}
	if rows < 2*190 {
		t.Errorf("%d rows, want about 400", rows)
	}
	for key, errs := range applied {
		if m := median(errs); m < 0 {
			t.Errorf("segment/direction %s: median applied − intended delay %v, negative (early)", key, m)
		} else if m > time.Millisecond {
			late = append(late, fmt.Sprintf("segment/direction %s: median applied − intended delay %v, want in [0, 1ms]", key, m))
		}
	}
	return late
}

// TestTCPTransferSurvivesOutage sends 2 MB over TCP across a path at
// 8 Mbit/s that goes down for 2.5 s in the middle: the transfer must
// complete intact, seeing the outage as a stall, not a failure.
func TestTCPTransferSurvivesOutage(t *testing.T) {
	requirePrivileges(t)
	skipWallClock(t)
	const (
		size        = 2 << 20
		outageStart = 1 * time.Second
		outage      = 2500 * ms
	)
	sched := ScheduleFunc(func(t time.Duration) Conditions {
		up := t < outageStart || t >= outageStart+outage
		return Conditions{DelayAB: 20 * ms, DelayBA: 20 * ms, Up: up, RateBps: 8e6}
	})
	e := startEmulator(t, Config{Pairs: []Pair{{Name: "p", A: "client", B: "server", Schedule: sched}}})

	payload := make([]byte, size)
	rand.NewChaCha8([32]byte{5, 6}).Read(payload)
	var ln net.Listener
	if err := e.Do("server", func() (err error) {
		ln, err = net.Listen("tcp4", net.JoinHostPort(e.Addr("server").String(), "0"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	srvErr := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			srvErr <- err
			return
		}
		defer c.Close()
		_, err = c.Write(payload)
		srvErr <- err
	}()

	var conn net.Conn
	if err := e.Do("client", func() (err error) {
		conn, err = net.DialTimeout("tcp4", ln.Addr().String(), 5*time.Second)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	var got bytes.Buffer
	buf := make([]byte, 64<<10)
	var stall, stallAt, last time.Duration
	for {
		n, err := conn.Read(buf)
		now := e.Elapsed()
		if n > 0 {
			if gap := now - last; last > 0 && gap > stall {
				stall, stallAt = gap, last
			}
			last = now
			got.Write(buf[:n])
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("read after %d bytes: %v", got.Len(), err)
		}
	}
	if err := <-srvErr; err != nil {
		t.Fatalf("server: %v", err)
	}
	if sha256.Sum256(got.Bytes()) != sha256.Sum256(payload) {
		t.Fatalf("received %d bytes that differ from the %d sent", got.Len(), size)
	}
	s := e.Stats()
	t.Logf("2 MB in %v; longest stall %v from %v (outage %v from %v); dropped A→B %d, B→A %d (outage), queue drops %d",
		last, stall, stallAt, outage, outageStart, s.Directions[0].DroppedOutage, s.Directions[1].DroppedOutage, s.Directions[1].DroppedQueue)
	if stall < outage {
		t.Errorf("longest stall %v, want at least the outage, %v", stall, outage)
	}
	// The last progress before the stall comes from packets sent just
	// before the outage: one delay (20 ms), plus up to MaxQueueDelay
	// (100 ms) in the rate limiter's queue, plus the scheduling delays of a
	// loaded machine, later.
	if stallAt > outageStart+300*ms || stallAt+stall < outageStart+outage {
		t.Errorf("stall [%v, %v] does not cover the outage [%v, %v]", stallAt, stallAt+stall, outageStart, outageStart+outage)
	}
	if s.Directions[1].DroppedOutage == 0 {
		t.Error("no packet dropped during the outage")
	}
}

// TestEndpointsAndCommands checks a three-endpoint layout (one shared
// endpoint), the addresses, routes and the commands run in a namespace.
func TestEndpointsAndCommands(t *testing.T) {
	requirePrivileges(t)
	fixed := Fixed{DelayAB: 5 * ms, DelayBA: 5 * ms, Up: true}
	e := startEmulator(t, Config{Pairs: []Pair{
		{Name: "hub-a", A: "hub", B: "a", Schedule: fixed},
		{Name: "hub-b", A: "hub", B: "b", Schedule: fixed},
	}})
	if got := e.Endpoints(); strings.Join(got, " ") != "hub a b" {
		t.Errorf("Endpoints() = %v", got)
	}
	for i, name := range e.Endpoints() {
		if want := fmt.Sprintf("orbitnet-%s-%d", e.RunID(), i+1); e.NamespaceName(name) != want {
			t.Errorf("NamespaceName(%s) = %s, want %s", name, e.NamespaceName(name), want)
		}
		if !e.Subnet().Contains(e.Addr(name)) {
			t.Errorf("Addr(%s) = %v, outside %v", name, e.Addr(name), e.Subnet())
		}
	}
	if e.NamespaceName("nowhere") != "" || e.Addr("nowhere").IsValid() {
		t.Error("unknown endpoint has a namespace or address")
	}
	if len(e.Peers("hub")) != 2 || len(e.Peers("a")) != 1 {
		t.Errorf("Peers: hub %v, a %v", e.Peers("hub"), e.Peers("a"))
	}

	// The hub reaches both spokes; a spoke has no route to the other.
	srvA, srvB := udpEcho(t, e, "a"), udpEcho(t, e, "b")
	for _, srv := range []string{srvA.String(), srvB.String()} {
		if ps := pinger(t, e, "hub", netipAddrPort(t, srv), 10*ms, 3); ps[2].rtt < 10*ms {
			t.Errorf("hub → %s: rtt %v, want at least 10ms", srv, ps[2].rtt)
		}
	}
	err := e.Do("a", func() error {
		c, err := net.Dial("udp4", srvB.String())
		if err == nil {
			_, err = c.Write([]byte("x"))
			c.Close()
		}
		return err
	})
	if !errors.Is(err, syscall.ENETUNREACH) {
		t.Errorf("a → b: %v, want network unreachable", err)
	}

	// A command runs in the namespace, with ORBITNET_* set.
	var out bytes.Buffer
	err = e.RunCommand(context.Background(), "a", []string{"/bin/sh", "-c", `echo "$ORBITNET_ADDR $ORBITNET_PEER $ORBITNET_NETNS"; readlink /proc/self/ns/net`}, []string{"X=1"}, &out, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	var st unix.Stat_t
	if err := unix.Stat(filepath.Join(netnsDir, e.NamespaceName("a")), &st); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%v %v %s\nnet:[%d]\n", e.Addr("a"), e.Addr("hub"), e.NamespaceName("a"), st.Ino)
	if out.String() != want {
		t.Errorf("command printed %q, want %q", out.String(), want)
	}
	if err := e.RunCommand(context.Background(), "a", []string{"/bin/sh", "-c", "exit 3"}, nil, nil, nil); err == nil {
		t.Error("failing command reported no error")
	}
	if err := e.RunCommand(context.Background(), "nowhere", []string{"true"}, nil, nil, nil); err == nil {
		t.Error("command in an unknown endpoint reported no error")
	}

	// Nothing in the host namespace.
	links, err := netlink.LinkList()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range links {
		if strings.HasPrefix(l.Attrs().Name, "onet") {
			t.Errorf("host namespace has %s", l.Attrs().Name)
		}
	}
}

// TestCloseDuringFlood closes an emulator while a sender floods it: Close
// must not wait for the flood to pause.
func TestCloseDuringFlood(t *testing.T) {
	requirePrivileges(t)
	skipWallClock(t)
	e := startEmulator(t, Config{Pairs: []Pair{{Name: "p", A: "a", B: "b",
		Schedule: Fixed{DelayAB: ms, DelayBA: ms, Up: true}}}})
	var tx net.Conn
	if err := e.Do("a", func() (err error) {
		tx, err = net.Dial("udp4", net.JoinHostPort(e.Addr("b").String(), "9"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	sent := make(chan int)
	go func() {
		n := 0
		msg := make([]byte, 64)
		for {
			select {
			case <-stop:
				sent <- n
				return
			default:
			}
			tx.Write(msg) // fails (ENETUNREACH) once the namespace is gone
			n++
		}
	}()
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	err := e.Close()
	took := time.Since(start)
	close(stop)
	n := <-sent
	tx.Close()
	if err != nil {
		t.Fatal(err)
	}
	s := e.Stats().Directions[0]
	t.Logf("Close took %v during a flood of %d writes (%d forwarded)", took, n, s.Forwarded)
	if took > 2*time.Second {
		t.Errorf("Close took %v", took)
	}
	if s.Forwarded == 0 {
		t.Error("nothing forwarded")
	}
}

// TestStartFailureRemovesNamespaces makes Start fail on the second
// endpoint, whose namespace name is taken: the first namespace must be
// removed, and the one in the way left alone.
func TestStartFailureRemovesNamespaces(t *testing.T) {
	requirePrivileges(t)
	id := fmt.Sprintf("t%d", os.Getpid()%100000)
	os.MkdirAll(netnsDir, 0o755)
	blocker := filepath.Join(netnsDir, NamespacePrefix+id+"-2")
	if err := os.WriteFile(blocker, nil, 0o444); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(blocker)
	before := runtimeGoroutines()
	_, err := Start(context.Background(), Config{RunID: id, Pairs: []Pair{{Name: "p", A: "a", B: "b", Schedule: Fixed{Up: true}}}})
	if err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Fatalf("Start = %v, want an error about the existing namespace", err)
	}
	if left := namespacesOf(t, id); len(left) != 1 || left[0] != filepath.Base(blocker) {
		t.Errorf("namespaces left: %v, want only the blocker", left)
	}
	if _, err := os.Stat(blocker); err != nil {
		t.Errorf("the blocker was touched: %v", err)
	}
	checkGoroutines(t, before)
}

// TestCleanupAfterSIGKILL kills an emulator (a helper process running this
// test binary) with SIGKILL and checks that Cleanup removes its namespaces
// and the processes left inside them, and that nothing refers to them.
func TestCleanupAfterSIGKILL(t *testing.T) {
	requirePrivileges(t)
	id := fmt.Sprintf("k%d", os.Getpid()%100000)
	cmd, pids := startHelper(t, id)
	names := namespacesOf(t, id)
	if len(names) != 2 {
		t.Fatalf("helper's namespaces: %v", names)
	}
	var inodes []uint64
	for _, n := range names {
		ino, ok := nsInode(filepath.Join(netnsDir, n))
		if !ok {
			t.Fatalf("%s is not a mounted namespace", n)
		}
		inodes = append(inodes, ino)
	}

	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	// The command started with the default death signal dies with the
	// helper; the one started in its own process group survives.
	time.Sleep(100 * time.Millisecond)
	if procAlive(pids[0]) {
		t.Errorf("command %d outlived the killed emulator despite its death signal", pids[0])
	}
	if !procAlive(pids[1]) {
		t.Errorf("orphan command %d is gone before Cleanup; the test no longer covers it", pids[1])
	}
	if got := namespacesOf(t, id); len(got) != 2 {
		t.Fatalf("after SIGKILL: namespaces %v, want both left behind", got)
	}

	var log bytes.Buffer
	if err := Cleanup(&log); err != nil {
		t.Fatalf("Cleanup: %v", err)
	}
	t.Logf("Cleanup said:\n%s", log.String())
	if left := namespacesOf(t, id); len(left) > 0 {
		t.Errorf("after Cleanup: %v", left)
	}
	if _, err := os.Stat(recordPath(id)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed run's record is left after Cleanup: %v", err)
	}
	time.Sleep(100 * time.Millisecond)
	if procAlive(pids[1]) {
		t.Errorf("orphan command %d survived Cleanup", pids[1])
	}
	for _, ino := range inodes {
		link := fmt.Sprintf("net:[%d]", ino)
		if p := append(procLinks(link, true), procLinks(link, false)...); len(p) > 0 {
			t.Errorf("namespace %s still referred to by %v", link, p)
		}
	}
	links, _ := netlink.LinkList()
	for _, l := range links {
		if strings.HasPrefix(l.Attrs().Name, "onet") {
			t.Errorf("host namespace has %s", l.Attrs().Name)
		}
	}
}

// startHelper starts TestHelperEmulator as a child process emulating run
// id, waits until it is ready and returns it with the PIDs of the two
// commands it started in its namespace (the first dies with it, the second
// is an orphan in its own process group).
func startHelper(t *testing.T, id string) (*exec.Cmd, []int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperEmulator$", "-test.v")
	cmd.Env = append(os.Environ(), "ORBITNET_EMULATE_HELPER="+id)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	var pids []int
	for sc.Scan() {
		if f, ok := strings.CutPrefix(sc.Text(), "helper ready "); ok {
			for _, s := range strings.Fields(f) {
				pid, _ := strconv.Atoi(s)
				pids = append(pids, pid)
			}
			break
		}
	}
	go io.Copy(io.Discard, stdout)
	if len(pids) != 2 {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper did not get ready: %v", sc.Err())
	}
	return cmd, pids
}

// TestStartRemovesStaleRuns kills an emulator (a helper process) with
// SIGKILL while another runs in this process, then starts a third: Start
// must remove the killed run's namespaces, its orphaned command and its
// record by itself, and leave the live run's namespaces and record alone.
func TestStartRemovesStaleRuns(t *testing.T) {
	requirePrivileges(t)
	base := os.Getpid() % 100000
	live := startEmulator(t, Config{RunID: fmt.Sprintf("l%d", base),
		Pairs: []Pair{{Name: "p", A: "a", B: "b", Schedule: Fixed{Up: true}}}})
	liveNames := namespacesOf(t, live.RunID())
	if len(liveNames) != 2 {
		t.Fatalf("live run's namespaces: %v", liveNames)
	}

	dead := fmt.Sprintf("s%d", base)
	cmd, pids := startHelper(t, dead)
	if _, err := os.Stat(recordPath(dead)); err != nil {
		t.Fatalf("the helper's run has no record: %v", err)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if got := namespacesOf(t, dead); len(got) != 2 {
		t.Fatalf("after SIGKILL: namespaces %v, want both left behind", got)
	}

	var log bytes.Buffer
	next := startEmulator(t, Config{RunID: fmt.Sprintf("n%d", base), Log: &log,
		Pairs: []Pair{{Name: "p", A: "a", B: "b", Schedule: Fixed{Up: true}}}})
	t.Logf("Start said:\n%s", log.String())
	if left := namespacesOf(t, dead); len(left) > 0 {
		t.Errorf("the killed run's namespaces are left after the next Start: %v", left)
	}
	if _, err := os.Stat(recordPath(dead)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed run's record is left after the next Start: %v", err)
	}
	if !strings.Contains(log.String(), "removed stale namespace "+NamespacePrefix+dead+"-1") {
		t.Errorf("Start did not report the removal")
	}
	time.Sleep(100 * time.Millisecond)
	if procAlive(pids[1]) {
		t.Errorf("orphan command %d of the killed run survived the next Start", pids[1])
		syscall.Kill(pids[1], syscall.SIGKILL)
	}
	if got := namespacesOf(t, live.RunID()); !slices.Equal(got, liveNames) {
		t.Errorf("live run's namespaces after the next Start: %v, want %v", got, liveNames)
	}
	if _, err := os.Stat(recordPath(live.RunID())); err != nil {
		t.Errorf("live run's record: %v", err)
	}
	if err := live.Do("a", func() error { return nil }); err != nil {
		t.Errorf("live run unusable after the next Start: %v", err)
	}
	if got := namespacesOf(t, next.RunID()); len(got) != 2 {
		t.Errorf("next run's namespaces: %v", got)
	}
}

// TestRunRecord checks the record's round trip and that a record naming
// another run's namespace is refused.
func TestRunRecord(t *testing.T) {
	requirePrivileges(t)
	id := fmt.Sprintf("r%d", os.Getpid()%100000)
	names := []string{NamespacePrefix + id + "-1", NamespacePrefix + id + "-2"}
	if err := writeRunRecord(id, names); err != nil {
		t.Fatal(err)
	}
	defer removeRunRecord(id)
	rec, err := readRunRecord(recordPath(id))
	if err != nil {
		t.Fatal(err)
	}
	if rec.pid != os.Getpid() || !rec.alive() || !slices.Equal(rec.namespaces, names) {
		t.Errorf("record %+v: want this process, alive, namespaces %v", rec, names)
	}
	// A reused PID (another start time) is not the owner.
	rec.start++
	if rec.alive() {
		t.Error("a record with another start time is alive")
	}
	bad := "pid 1\nstart 1\nnetns " + NamespacePrefix + "other-1\n"
	if err := os.WriteFile(recordPath(id), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readRunRecord(recordPath(id)); err == nil || !strings.Contains(err.Error(), "is not of run "+id) {
		t.Errorf("record naming another run's namespace: %v", err)
	}
	// removeStale leaves such a record (and the other run) alone.
	if err := removeStale(io.Discard); err == nil {
		t.Error("removeStale accepted a damaged record")
	}
	if _, err := os.Stat(recordPath(id)); err != nil {
		t.Errorf("damaged record removed: %v", err)
	}
}

// procAlive reports whether pid runs (and is not a zombie).
func procAlive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, after, _ := strings.Cut(string(stat), ") ")
	return !strings.HasPrefix(after, "Z")
}

// TestHelperEmulator is the emulator TestCleanupAfterSIGKILL kills; it runs
// only in the helper process.
func TestHelperEmulator(t *testing.T) {
	id := os.Getenv("ORBITNET_EMULATE_HELPER")
	if id == "" {
		t.Skip("helper process for TestCleanupAfterSIGKILL")
	}
	e, err := Start(context.Background(), Config{RunID: id, Log: os.Stderr,
		Pairs: []Pair{{Name: "p", A: "a", B: "b", Schedule: Fixed{DelayAB: ms, DelayBA: ms, Up: true}}}})
	if err != nil {
		t.Fatal(err)
	}
	withDeath := exec.Command("sleep", "60")
	orphan := exec.Command("sleep", "61")
	orphan.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	for _, c := range []*exec.Cmd{withDeath, orphan} {
		if err := e.StartCommand("a", c); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Printf("helper ready %d %d\n", withDeath.Process.Pid, orphan.Process.Pid)
	time.Sleep(60 * time.Second)
	e.Close()
}

// TestNetemAvailable reports whether a netem backend could be used.
func TestNetemAvailable(t *testing.T) {
	requirePrivileges(t)
	if !NetemAvailable() {
		t.Skip("netem qdisc not available in this kernel: the TUN backend is the only one")
	}
	t.Log("netem is available")
}

// BenchmarkForward measures forwarding through the emulator: UDP packets
// of 64 bytes sent from one namespace to the other as fast as the sender
// can, reporting received packets per second and the loss.
func BenchmarkForward(b *testing.B) {
	requirePrivileges(b)
	for _, delay := range []time.Duration{0, 20 * ms} {
		b.Run(fmt.Sprintf("delay=%v", delay), func(b *testing.B) {
			benchmarkForward(b, Fixed{DelayAB: delay, DelayBA: delay, Up: true})
		})
	}
}

func benchmarkForward(b *testing.B, sched Schedule) {
	e := startEmulator(b, Config{Pairs: []Pair{{Name: "p", A: "a", B: "b", Schedule: sched}}})
	var rx *net.UDPConn
	if err := e.Do("b", func() (err error) {
		rx, err = net.ListenUDP("udp4", net.UDPAddrFromAddrPort(netipAddrPort(b, e.Addr("b").String()+":0")))
		return err
	}); err != nil {
		b.Fatal(err)
	}
	defer rx.Close()
	rx.SetReadBuffer(8 << 20)
	var tx *net.UDPConn
	if err := e.Do("a", func() (err error) {
		tx, err = net.DialUDP("udp4", nil, rx.LocalAddr().(*net.UDPAddr))
		return err
	}); err != nil {
		b.Fatal(err)
	}
	defer tx.Close()
	got := make(chan int)
	go func() {
		n := 0
		buf := make([]byte, 2048)
		for {
			rx.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
			if _, err := rx.Read(buf); err != nil {
				got <- n
				return
			}
			n++
		}
	}()
	msg := make([]byte, 64)
	start := time.Now()
	b.ResetTimer()
	for range b.N {
		tx.Write(msg)
	}
	n := <-got
	elapsed := time.Since(start) - 300*time.Millisecond
	b.StopTimer()
	b.ReportMetric(float64(n)/elapsed.Seconds(), "pkts/s")
	b.ReportMetric(100*float64(b.N-n)/float64(b.N), "%loss")
}

// BenchmarkTCP measures TCP throughput through the emulator with no delay:
// one connection from one namespace to the other, 1 MiB per iteration.
func BenchmarkTCP(b *testing.B) {
	requirePrivileges(b)
	e := startEmulator(b, Config{Pairs: []Pair{{Name: "p", A: "a", B: "b", Schedule: Fixed{Up: true}}}})
	var ln net.Listener
	if err := e.Do("b", func() (err error) {
		ln, err = net.Listen("tcp4", net.JoinHostPort(e.Addr("b").String(), "0"))
		return err
	}); err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	done := make(chan int64)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			done <- 0
			return
		}
		n, _ := io.Copy(io.Discard, c)
		c.Close()
		done <- n
	}()
	var c net.Conn
	if err := e.Do("a", func() (err error) {
		c, err = net.Dial("tcp4", ln.Addr().String())
		return err
	}); err != nil {
		b.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	b.SetBytes(int64(len(chunk)))
	b.ResetTimer()
	for range b.N {
		if _, err := c.Write(chunk); err != nil {
			b.Fatal(err)
		}
	}
	c.Close()
	if n := <-done; n != int64(b.N*len(chunk)) {
		b.Errorf("received %d bytes, sent %d", n, b.N*len(chunk))
	}
}
