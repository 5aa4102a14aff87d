package emulate

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vishvananda/netns"
)

// NamespacePrefix begins the name of every network namespace this package
// creates; Cleanup removes namespaces with this prefix and nothing else.
const NamespacePrefix = "orbitnet-"

// spinLead is how long before a packet is due its delivery thread wakes up;
// it then spins on the clock until the due instant. The kernel timer behind
// the wake-up (a timerfd) fires 50 to 70 µs late at the median on the
// development VM (p90 about 130 µs, from the hypervisor), against about 1 ms
// for a Go timer, whose wake-up rides on epoll's millisecond timeout; 100 to
// 150 µs of lead brought the median timer error under 1 µs there, at the
// cost of up to spinLead of busy CPU per wake-up.
const spinLead = 150 * time.Microsecond

// errStopped is returned by the blocking waits of the forwarding threads
// once the emulator's stop signal is raised.
var errStopped = errors.New("emulate: stopped")

// clock maps the real time since the start of an emulation, which the
// package uses everywhere, to the kernel's CLOCK_MONOTONIC, which timerfd
// needs. Both come from the same clock (Go's monotonic time is
// CLOCK_MONOTONIC on Linux), read back to back at the origin.
type clock struct {
	origin     time.Time
	originMono int64 // CLOCK_MONOTONIC at origin, in ns
}

// now returns the real time elapsed since the origin.
func (c *clock) now() time.Duration { return time.Since(c.origin) }

// waker wakes one delivery thread at an armed instant (real time since the
// origin). arm and disarm are called with the direction's lock held; wait
// blocks the calling OS thread until the armed instant has passed (or
// spuriously) and returns errStopped once the emulator's stop signal is
// raised; close releases it after its thread has exited.
type waker interface {
	arm(at time.Duration) error
	disarm() error
	wait() error
	close() error
}

// Emulator runs an emulation started by Start. Its methods are safe for
// concurrent use.
type Emulator struct {
	cfg       Config
	subnet    netip.Prefix
	tunName   string
	endpoints []*endpoint // in order of first appearance in cfg.Pairs
	byName    map[string]*endpoint
	dirs      []*direction // pair i has dirs[2i] (A→B) and dirs[2i+1] (B→A)
	clock     clock

	stop       *stopSignal // raised by Close to end every thread
	wg         sync.WaitGroup
	nsMu       sync.RWMutex // held for reading while a thread is in a namespace
	closing    atomic.Bool
	closed     chan struct{}
	closeOnce  sync.Once
	closeErr   error
	recorded   bool         // the run's record (stale_linux.go) exists
	stopAt     atomic.Int64 // real time since origin at Close, ns; 0 while running
	unroutable atomic.Uint64
}

// endpoint is one namespace with its TUN device.
type endpoint struct {
	name   string
	index  int // 1-based: namespace suffix and host part of the address
	nsName string
	addr   netip.Addr
	ns     netns.NsHandle
	tun    int                       // file descriptor of the TUN device, non-blocking; -1 if none
	peers  map[netip.Addr]*direction // outgoing direction by destination
	order  []*endpoint               // peers in the order of cfg.Pairs
}

// direction is one direction of one pair: its link model, its delivery
// queue and goroutine, its counters and records.
type direction struct {
	pair     string
	dir      Direction
	from, to *endpoint
	sched    Schedule
	interval time.Duration // record bucket, emulated
	wake     waker

	mu         sync.Mutex
	link       link
	queue      packetHeap
	seq        uint64
	forwarded  uint64
	bytes      uint64
	dropOutage uint64
	dropQueue  uint64
	dropWrite  uint64
	delayErr   histogram
	buckets    []bucketStats
}

// bucketStats is what one direction did in one record bucket.
type bucketStats struct {
	forwarded, dropped uint64
	appliedSum         time.Duration // emulated
}

// Start creates one network namespace per endpoint with its TUN device,
// address and routes, and starts forwarding between them; emulated time 0 is
// when Start returns. ctx bounds the setup only: the emulation runs until
// Close. On error everything created is removed.
//
// Forwarding runs on dedicated OS threads, one per endpoint (reading) and
// one per direction (delivering), that block in the kernel rather than in
// Go's scheduler, so that a packet or a timer wakes them directly; they ask
// for a nice value of -10 so that other work on the host delays them less,
// and they end (and with them their priority) at Close.
//
// Start returns ErrNotPermitted or ErrNoTUN when the process may not create
// namespaces and TUN devices, and an error naming the field when cfg is
// invalid.
func Start(ctx context.Context, cfg Config) (*Emulator, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := CheckPrivileges(); err != nil {
		return nil, err
	}
	if cfg.RunID == "" {
		cfg.RunID = newRunID()
	}
	// Namespaces of runs killed without Close (their owner is dead) would
	// otherwise stay until `orbitnet emulate --cleanup`.
	if err := removeStale(cfg.Log); err != nil {
		fmt.Fprintf(cfg.Log, "%v\n", err)
	}
	used, err := hostPrefixes()
	if err != nil {
		return nil, fmt.Errorf("emulate: reading host routes: %w", err)
	}
	subnet, err := pickSubnet(used, subnetCandidates)
	if err != nil {
		return nil, err
	}
	cfg.Log = &lockedWriter{w: cfg.Log}
	e := &Emulator{
		cfg:     cfg,
		subnet:  subnet,
		tunName: "onet" + cfg.RunID,
		byName:  map[string]*endpoint{},
		closed:  make(chan struct{}),
	}
	e.build()
	names := make([]string, len(e.endpoints))
	for i, ep := range e.endpoints {
		names[i] = ep.nsName
	}
	if err := writeRunRecord(cfg.RunID, names); err != nil {
		return nil, fmt.Errorf("emulate: recording run %s: %w", cfg.RunID, err)
	}
	e.recorded = true
	if e.stop, err = newStopSignal(); err != nil {
		return nil, errors.Join(fmt.Errorf("emulate: %w", err), e.teardown())
	}
	if err := e.setup(ctx); err != nil {
		return nil, errors.Join(err, e.teardown())
	}
	e.logLayout()
	e.clock = clock{origin: time.Now(), originMono: monotonicNow()}
	for _, ep := range e.endpoints {
		e.wg.Add(1)
		go e.readLoop(ep)
	}
	for _, d := range e.dirs {
		e.wg.Add(1)
		go e.deliverLoop(d)
	}
	return e, nil
}

// lockedWriter serialises writes to a log shared by goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// newRunID returns 8 random hexadecimal digits.
func newRunID() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// build lays out endpoints, addresses and directions from e.cfg.
func (e *Emulator) build() {
	get := func(name string) *endpoint {
		if ep := e.byName[name]; ep != nil {
			return ep
		}
		n := len(e.endpoints) + 1
		ep := &endpoint{
			name:   name,
			index:  n,
			nsName: fmt.Sprintf("%s%s-%d", NamespacePrefix, e.cfg.RunID, n),
			addr:   hostAddr(e.subnet, n),
			ns:     netns.None(),
			tun:    -1,
			peers:  map[netip.Addr]*direction{},
		}
		e.endpoints = append(e.endpoints, ep)
		e.byName[name] = ep
		return ep
	}
	for _, p := range e.cfg.Pairs {
		a, b := get(p.A), get(p.B)
		a.order = append(a.order, b)
		b.order = append(b.order, a)
		for _, dir := range []Direction{AtoB, BtoA} {
			from, to := a, b
			if dir == BtoA {
				from, to = b, a
			}
			d := &direction{
				pair: p.Name, dir: dir, from: from, to: to,
				sched:    p.Schedule,
				interval: e.cfg.RecordInterval,
				link: link{
					dir: dir, sched: p.Schedule, speed: e.cfg.Speed,
					ordering: e.cfg.Ordering, threshold: e.cfg.PathChangeThreshold,
					maxQueue: e.cfg.MaxQueueDelay,
				},
			}
			from.peers[to.addr] = d
			e.dirs = append(e.dirs, d)
		}
	}
}

// setup creates and configures the namespaces and the delivery timers.
func (e *Emulator) setup(ctx context.Context) error {
	for _, ep := range e.endpoints {
		if err := ctx.Err(); err != nil {
			return err
		}
		ns, tun, err := createNamespace(ep.nsName, e.tunName)
		if err != nil {
			return fmt.Errorf("emulate: endpoint %q: creating namespace %s: %w", ep.name, ep.nsName, err)
		}
		ep.ns, ep.tun = ns, tun
		peers := make([]netip.Addr, len(ep.order))
		for i, p := range ep.order {
			peers[i] = p.addr
		}
		if err := configureEndpoint(ns, e.tunName, ep.addr, peers); err != nil {
			return fmt.Errorf("emulate: endpoint %q: configuring %s: %w", ep.name, ep.nsName, err)
		}
	}
	for _, d := range e.dirs {
		w, err := newWaker(&e.clock, e.stop)
		if err != nil {
			return fmt.Errorf("emulate: delivery timer: %w", err)
		}
		d.wake = w
	}
	return nil
}

// logLayout prints the chosen subnet and every endpoint's address.
func (e *Emulator) logLayout() {
	w := e.cfg.Log
	fmt.Fprintf(w, "emulate: run %s: addresses from %v (overlaps no host route or address), speed %g, ordering %v\n",
		e.cfg.RunID, e.subnet, e.cfg.Speed, e.cfg.Ordering)
	for _, ep := range e.endpoints {
		fmt.Fprintf(w, "emulate:   %-20s %-15v netns %s  dev %s\n", ep.name, ep.addr, ep.nsName, e.tunName)
	}
}

// teardown stops the threads, closes every file and removes every namespace
// created, joining the errors. It is safe on a partly built emulator.
func (e *Emulator) teardown() error {
	var errs []error
	if e.stop != nil {
		e.stop.raise()
	}
	e.wg.Wait()
	for _, d := range e.dirs {
		if d.wake != nil {
			d.wake.close()
		}
	}
	for _, ep := range e.endpoints {
		if ep.tun >= 0 {
			closeFD(ep.tun)
			ep.tun = -1
		}
	}
	if e.stop != nil {
		e.stop.close()
	}
	for _, ep := range e.endpoints {
		if ep.ns.IsOpen() {
			ep.ns.Close()
			if err := deleteNamespace(ep.nsName); err != nil {
				errs = append(errs, fmt.Errorf("emulate: removing namespace %s: %w", ep.nsName, err))
			}
		}
	}
	// The record goes once the namespaces are gone; if some are left, it
	// stays, and the next run removes them once this process has ended.
	if e.recorded && len(errs) == 0 {
		if err := removeRunRecord(e.cfg.RunID); err != nil {
			errs = append(errs, fmt.Errorf("emulate: removing the record of run %s: %w", e.cfg.RunID, err))
		}
		e.recorded = false
	}
	return errors.Join(errs...)
}

// Close stops forwarding and removes the namespaces (and with them the TUN
// devices and any address or route). Statistics and records stay readable.
// Close may be called more than once; later calls return the first result.
func (e *Emulator) Close() error {
	e.closeOnce.Do(func() {
		e.stopAt.Store(int64(max(e.clock.now(), 1)))
		e.closing.Store(true)
		close(e.closed)
		e.nsMu.Lock() // wait for Do calls in progress
		e.closeErr = e.teardown()
		e.nsMu.Unlock()
		if e.closeErr == nil {
			fmt.Fprintf(e.cfg.Log, "emulate: run %s: removed %d namespaces\n", e.cfg.RunID, len(e.endpoints))
		}
	})
	return e.closeErr
}

// Run blocks until Config.Duration of emulated time has passed since the
// start (forever when it is 0), ctx is done, or Close is called. It returns
// ctx.Err() when ctx ended it and nil otherwise. It does not Close.
func (e *Emulator) Run(ctx context.Context) error {
	var timeout <-chan time.Time
	if e.cfg.Duration > 0 {
		end := time.Duration(float64(e.cfg.Duration) / e.cfg.Speed)
		t := time.NewTimer(end - e.clock.now())
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timeout:
		return nil
	case <-e.closed:
		return nil
	}
}

// realNow returns the real time since the start, frozen at Close.
func (e *Emulator) realNow() time.Duration {
	if s := e.stopAt.Load(); s != 0 {
		return time.Duration(s)
	}
	return e.clock.now()
}

// Elapsed returns the emulated time since the start, frozen at Close.
func (e *Emulator) Elapsed() time.Duration {
	return time.Duration(float64(e.realNow()) * e.cfg.Speed)
}

// RunID returns the run's identifier, part of every namespace's name.
func (e *Emulator) RunID() string { return e.cfg.RunID }

// Subnet returns the /24 the endpoints' addresses come from.
func (e *Emulator) Subnet() netip.Prefix { return e.subnet }

// Interface returns the name of the TUN device in every namespace.
func (e *Emulator) Interface() string { return e.tunName }

// Endpoints returns the endpoint names in order of first appearance.
func (e *Emulator) Endpoints() []string {
	names := make([]string, len(e.endpoints))
	for i, ep := range e.endpoints {
		names[i] = ep.name
	}
	return names
}

// Addr returns an endpoint's address, or the zero Addr for an unknown name.
func (e *Emulator) Addr(endpoint string) netip.Addr {
	if ep := e.byName[endpoint]; ep != nil {
		return ep.addr
	}
	return netip.Addr{}
}

// NamespaceName returns the name of an endpoint's network namespace, as
// `ip netns` lists it, or "" for an unknown name.
func (e *Emulator) NamespaceName(endpoint string) string {
	if ep := e.byName[endpoint]; ep != nil {
		return ep.nsName
	}
	return ""
}

// Peers returns the addresses of the endpoints that share a pair with
// endpoint, in the order of Config.Pairs.
func (e *Emulator) Peers(endpoint string) []netip.Addr {
	ep := e.byName[endpoint]
	if ep == nil {
		return nil
	}
	addrs := make([]netip.Addr, len(ep.order))
	for i, p := range ep.order {
		addrs[i] = p.addr
	}
	return addrs
}

// Do calls fn on a goroutine locked to an OS thread that is inside the
// endpoint's network namespace, and returns fn's error. Sockets fn opens
// belong to that namespace for their whole life (a net.Listener made in fn
// accepts connections there from any goroutine). fn must not start
// goroutines that expect to be in the namespace, nor change namespaces.
func (e *Emulator) Do(endpoint string, fn func() error) error {
	ep := e.byName[endpoint]
	if ep == nil {
		return fmt.Errorf("emulate: unknown endpoint %q", endpoint)
	}
	e.nsMu.RLock()
	defer e.nsMu.RUnlock()
	if e.closing.Load() {
		return errors.New("emulate: emulator closed")
	}
	return inNamespace(ep.ns, fn)
}

// readLoop reads the packets an endpoint's namespace sends and hands each to
// the direction towards its destination. It runs on a dedicated thread.
func (e *Emulator) readLoop(ep *endpoint) {
	defer e.wg.Done()
	dedicateThread()
	buf := make([]byte, 1<<16)
	for !e.closing.Load() { // a flood of packets never lets readPacket poll the stop signal
		n, err := readPacket(ep.tun, buf, e.stop)
		if err != nil {
			if !errors.Is(err, errStopped) {
				fmt.Fprintf(e.cfg.Log, "emulate: %s: reading %s: %v\n", ep.name, e.tunName, err)
			}
			return
		}
		now := e.clock.now()
		var d *direction
		if dst, ok := ipv4Dst(buf[:n]); ok {
			d = ep.peers[dst]
		}
		if d == nil {
			e.unroutable.Add(1) // IPv6, or not addressed to a peer
			continue
		}
		d.enqueue(now, buf[:n])
	}
}

// enqueue admits a packet read at real time now; data is copied if kept.
func (d *direction) enqueue(now time.Duration, data []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, due, v := d.link.admit(now, len(data))
	bi := int(d.link.emulated(now) / d.interval)
	b := d.bucket(bi)
	switch v {
	case dropOutage:
		d.dropOutage++
		b.dropped++
		return
	case dropQueue:
		d.dropQueue++
		b.dropped++
		return
	}
	d.seq++
	p := newPacket(data)
	p.sent, p.due, p.seq, p.bucket = now, due, d.seq, bi
	d.queue.push(p)
	if d.queue.peek() == p {
		d.wake.arm(p.due - spinLead)
	}
}

// bucket returns record bucket i, growing the slice as needed. d.mu must be
// held.
func (d *direction) bucket(i int) *bucketStats {
	for len(d.buckets) <= i {
		d.buckets = append(d.buckets, bucketStats{})
	}
	return &d.buckets[i]
}

// delivery is the outcome of writing one packet.
type delivery struct {
	p   *packet
	at  time.Duration // real time the write returned
	err error
}

// deliverLoop writes each packet of d into the destination's TUN device at
// its due time: it sleeps on d.wake until spinLead before the earliest due
// packet, then spins on the clock for the rest. It runs on a dedicated
// thread.
func (e *Emulator) deliverLoop(d *direction) {
	defer e.wg.Done()
	dedicateThread()
	var batch []*packet
	var done []delivery
	c := &e.clock
	for !e.closing.Load() { // with packets always due, wait never sees the stop signal
		d.mu.Lock()
		for _, r := range done {
			d.record(r)
		}
		done = done[:0]
		now := c.now()
		for len(d.queue) > 0 && d.queue[0].due-spinLead <= now {
			batch = append(batch, d.queue.pop())
		}
		var err error
		if h := d.queue.peek(); h != nil {
			err = d.wake.arm(h.due - spinLead)
		} else {
			err = d.wake.disarm()
		}
		d.mu.Unlock()
		if err != nil {
			fmt.Fprintf(e.cfg.Log, "emulate: %s %v: delivery timer: %v\n", d.pair, d.dir, err)
			return
		}
		if len(batch) == 0 {
			if err := d.wake.wait(); err != nil {
				if !errors.Is(err, errStopped) {
					fmt.Fprintf(e.cfg.Log, "emulate: %s %v: delivery timer: %v\n", d.pair, d.dir, err)
				}
				return
			}
			continue
		}
		for i, p := range batch {
			for c.now() < p.due {
				// Spin: the timer woke us at most spinLead early.
			}
			err := writePacket(d.to.tun, p.data)
			done = append(done, delivery{p: p, at: c.now(), err: err})
			batch[i] = nil
		}
		batch = batch[:0]
	}
}

// record accounts for one delivery. d.mu must be held.
func (d *direction) record(r delivery) {
	b := &d.buckets[r.p.bucket]
	if r.err != nil {
		d.dropWrite++
		b.dropped++
		r.p.free()
		return
	}
	d.forwarded++
	d.bytes += uint64(len(r.p.data))
	d.delayErr.add(r.at - r.p.due)
	b.forwarded++
	b.appliedSum += d.link.emulated(r.at - r.p.sent)
	r.p.free()
}
