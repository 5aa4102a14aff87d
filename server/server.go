// Package server is orbitnet's HTTP server: a JSON API over one scenario
// (satellite positions and links at any instant, the path and RTT between
// two places, RTT series with path changes and handovers, a stream of
// states for playback, and for the globe's layers a coverage grid, one
// satellite's links and load, and the scenario's what-if failures) and the
// host of the web globe (package web).
//
// Every answer is computed on demand from the engine (packages sim and
// topology) at the instant asked for, so the API and `orbitnet run` agree
// step for step. The endpoints, their parameters and their JSON are
// documented in docs/api.md.
//
// Times in the API are offsets from the scenario's start in seconds
// (decimal, may be fractional); they are rounded to the nanosecond and must
// lie within [0, duration]. Angles are degrees, lengths km, delays ms.
//
// The server binds to the loopback interface unless told otherwise, bounds
// the size and duration of requests and how many each endpoint computes at
// once (a short queue, then 503 with Retry-After; limit.go), so that its
// memory does not grow with the number of clients, and shuts down
// gracefully when its context is cancelled (ending open event streams
// first).
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"orbitnet/scenario"
	"orbitnet/sim"
	"orbitnet/topology"
)

// Limits of the HTTP server. They bound what one client can make the server
// hold; the streaming endpoint extends its own write deadline per event.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	// WriteTimeout bounds a whole response, RTT series included.
	WriteTimeout   = 2 * time.Minute
	IdleTimeout    = 2 * time.Minute
	MaxHeaderBytes = 16 << 10
	// MaxBodyBytes: every endpoint is a GET; a request body beyond this is
	// refused.
	MaxBodyBytes = 1 << 10
	// ShutdownTimeout is how long Serve waits for requests in flight after
	// its context is cancelled.
	ShutdownTimeout = 5 * time.Second
)

// Options tunes a Server.
type Options struct {
	// Static, when non-nil, is served at "/" (the web page, web.FS()).
	Static fs.FS
	// Workers bounds the goroutines one request computes with (default
	// GOMAXPROCS).
	Workers int
	// ErrorLog receives the http.Server's errors (nil: the log package's
	// standard logger).
	ErrorLog *log.Logger
}

// Server answers API requests about one scenario. It is safe for
// concurrent use.
type Server struct {
	sc      *scenario.Scenario
	cfg     sim.Config   // the scenario's configuration, no pairs
	base    *sim.Network // for positions and laser links (no pairs, ISL mode)
	opts    Options
	workers int
	mux     *http.ServeMux

	scenarioJSON []byte
	states       *lru[time.Duration, *stateEntry]
	stateMu      sync.Mutex
	stateBusy    map[time.Duration]*stateCall // states being computed
	stateBufs    chan *stateBuf               // idle scratch space, at most one per state slot
	pairs        *pairCache

	// Admission of the computing endpoints (limit.go).
	routeGate  *gate // /api/route: one slot per worker
	stateGate  *gate // /api/state and the states of open streams
	heavyGate  *gate // /api/rtt
	streamGate *gate // open /api/stream answers, MaxStreams
	layerState       // /api/coverage and /api/satellite (layers.go)

	stop     chan struct{} // closed when Serve begins shutting down
	stopOnce sync.Once
}

// endpoint is one path of the API (all GET).
type endpoint struct {
	path string
	h    http.HandlerFunc
}

// New prepares a server for a loaded scenario. The scenario's configuration
// is not modified.
func New(sc *scenario.Scenario, opts Options) (*Server, error) {
	if sc == nil {
		return nil, errors.New("server: no scenario")
	}
	cfg := sc.Config
	cfg.Pairs = nil
	cfg.AllPairs = false
	if _, err := sim.NewNetwork(cfg); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	// The network for states needs positions and laser links only: no
	// pairs, and in ISL mode so that no gateway is routed through.
	bcfg := cfg
	if !bcfg.Traits().ISLs {
		bcfg.ISL.Pattern = topology.NoISL
	}
	bcfg.Mode = sim.ISLMode
	base, err := sim.NewNetwork(bcfg)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s := &Server{
		sc: sc, cfg: cfg, base: base, opts: opts,
		workers:   opts.Workers,
		states:    newLRU[time.Duration, *stateEntry](16),
		stateBusy: map[time.Duration]*stateCall{},
		stop:      make(chan struct{}),
	}
	if s.workers <= 0 {
		s.workers = runtime.GOMAXPROCS(0)
	}
	s.routeGate = newGate(s.workers, 8*s.workers, QueueWait)
	s.stateGate = newGate(stateSlots, 8*stateSlots, QueueWait)
	s.stateBufs = make(chan *stateBuf, stateSlots)
	s.heavyGate = newGate(heavySlots, heavySlots, QueueWait)
	s.streamGate = newGate(MaxStreams, 0, 0)
	s.layerGate = newGate(layerSlots, 8*layerSlots, QueueWait)
	s.pairs = newPairCache(s, 4)
	if s.scenarioJSON, err = s.buildScenarioJSON(); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s.mux = http.NewServeMux()
	endpoints := []endpoint{
		{"/api/scenario", s.handleScenario},
		{"/api/state", s.handleState},
		{"/api/route", s.handleRoute},
		{"/api/rtt", s.handleRTT},
		{"/api/stream", s.handleStream},
		{"/api/outlines", s.handleOutlines},
		{"/api/cities", s.handleCities},
		{"/api/coverage", s.handleCoverage},
		{"/api/satellite", s.handleSatellite},
	}
	for _, e := range endpoints {
		s.mux.HandleFunc("GET "+e.path, e.h)
	}
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if slices.ContainsFunc(endpoints, func(e endpoint) bool { return e.path == r.URL.Path }) {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "%s %s: only GET", r.Method, r.URL.Path)
			return
		}
		writeError(w, http.StatusNotFound, "no such endpoint: %s (see docs/api.md)", r.URL.Path)
	})
	if opts.Static != nil {
		s.mux.Handle("/", staticHandler(opts.Static))
	}
	return s, nil
}

// Handler returns the server's HTTP handler: the API under /api/ and, with
// Options.Static, the page at /.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if r.ContentLength > MaxBodyBytes {
			writeError(w, http.StatusRequestEntityTooLarge, "request body too large: at most %d bytes", MaxBodyBytes)
			return
		}
		// A body of unknown length (chunked) is read here, through
		// MaxBytesReader, so that it is refused like a sized one.
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
			if _, err := io.Copy(io.Discard, r.Body); err != nil {
				var mb *http.MaxBytesError
				if errors.As(err, &mb) {
					writeError(w, http.StatusRequestEntityTooLarge, "request body too large: at most %d bytes", MaxBodyBytes)
					return
				}
				writeError(w, http.StatusBadRequest, "reading the request body: %v", err)
				return
			}
		}
		s.mux.ServeHTTP(w, r)
	})
}

// staticHandler serves the page's files. The files are embedded, so a
// client revalidates them on every load (no-cache) rather than keep a stale
// copy across orbitnet versions.
func staticHandler(fsys fs.FS) http.Handler {
	files := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
		files.ServeHTTP(w, r)
	})
}

// ListenAndServe listens on addr (host:port; port 0 picks a free one) and
// serves until ctx is cancelled; see Serve. ready, when non-nil, is called
// with the page's URL once the listener is open.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(url string)) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(URL(ln.Addr()))
	}
	return s.Serve(ctx, ln)
}

// URL returns the http URL of a listening address, naming a wildcard
// address as localhost.
func URL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/"
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// Serve serves HTTP on ln until ctx is cancelled, then shuts down: open
// event streams end, requests in flight get ShutdownTimeout to finish, and
// Serve returns nil. It returns the listener's error if serving fails. When
// ln is a loopback listener, requests must name a loopback host (localhost,
// 127.0.0.1, [::1]) in their Host header, which defeats DNS rebinding.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	h := s.Handler()
	if isLoopback(ln.Addr()) {
		h = loopbackHostOnly(h)
	}
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          s.opts.ErrorLog,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.Close()
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if errors.Is(err, context.DeadlineExceeded) {
		err = hs.Close()
	}
	return err
}

// Close ends open event streams; later stream requests end at once. It is
// called by Serve on shutdown and may be called by users of Handler.
func (s *Server) Close() {
	s.stopOnce.Do(func() { close(s.stop) })
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// loopbackHostOnly refuses requests whose Host header is not a loopback
// name, so that a web page on another site cannot reach the server through
// a DNS name it rebinds to 127.0.0.1.
func loopbackHostOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if hh, _, err := net.SplitHostPort(host); err == nil {
			host = hh
		}
		host = strings.Trim(host, "[]")
		ip := net.ParseIP(host)
		if !strings.EqualFold(host, "localhost") && (ip == nil || !ip.IsLoopback()) {
			writeError(w, http.StatusMisdirectedRequest, "host %q: this server answers only to localhost", r.Host)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// apiError is the body of every error response.
type apiError struct {
	Error string `json:"error"`
}

// writeError writes {"error": "..."} with the status.
func writeError(w http.ResponseWriter, status int, format string, args ...any) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	b, _ := json.Marshal(apiError{Error: fmt.Sprintf(format, args...)})
	w.Write(append(b, '\n'))
}

// writeJSON writes v as JSON with status 200.
func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "encoding the answer: %v", err)
		return
	}
	writeRaw(w, append(b, '\n'))
}

// writeRaw writes an encoded JSON body with status 200.
func writeRaw(w http.ResponseWriter, b []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.Write(b)
}
