package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/sim"
	"orbitnet/topology"
)

// stateSlots is the number of states computed at a time (each computation
// itself uses every worker).
const stateSlots = 2

// stateBuf is the scratch space of one state computation, reused through
// Server.stateBufs (at most stateSlots of them exist at a time).
type stateBuf struct {
	ws   *sim.Workspace       // of the base network: positions and laser links
	sats [][]byte             // per worker: encoded satellites
	gsl  [][]byte             // per worker: encoded ground links
	vis  [][]topology.Visible // per worker: visible satellites
	isl  []byte               // encoded laser links
	zb   zBands
}

func (s *Server) getStateBuf() *stateBuf {
	select {
	case b := <-s.stateBufs:
		return b
	default:
	}
	w := s.workers
	return &stateBuf{
		ws:   s.base.NewWorkspace(),
		sats: make([][]byte, w), gsl: make([][]byte, w), vis: make([][]topology.Visible, w),
	}
}

func (s *Server) putStateBuf(b *stateBuf) {
	select {
	case s.stateBufs <- b:
	default:
	}
}

// stateEntry is an encoded state, and its gzip encoding once asked for.
type stateEntry struct {
	raw    []byte
	gzOnce sync.Once
	gz     []byte
}

// gzipped returns the state gzip-compressed (computed once).
func (e *stateEntry) gzipped() []byte {
	e.gzOnce.Do(func() {
		var b bytes.Buffer
		b.Grow(len(e.raw) / 4)
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&b)
		zw.Write(e.raw)
		zw.Close()
		gzipWriters.Put(zw)
		e.gz = b.Bytes()
	})
	return e.gz
}

// gzipWriters holds idle gzip writers. Fast compression: a starlink-gen1
// state shrinks from 241 KB to 93 KB, in a few milliseconds.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return zw
}}

// stateCall is a state being computed; done is closed when e or err is set.
type stateCall struct {
	done chan struct{}
	e    *stateEntry
	err  error
}

// errBusy is the refusal of a request for which no slot was free.
var errBusy = errors.New("server busy")

// parallel calls f(w) for w in [0, workers) concurrently and returns when
// all calls have returned.
func parallel(workers int, f func(w int)) {
	if workers <= 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { f(w) })
	}
	wg.Wait()
}

// span returns worker w's share [lo, hi) of n items split among workers.
func span(w, workers, n int) (lo, hi int) {
	return w * n / workers, (w + 1) * n / workers
}

// state returns the encoded state (GET /api/state) at offset off from the
// start. Recent states are cached, and concurrent callers asking for the
// same instant share one computation. A computation runs only once admit
// grants it a slot of s.stateGate (which it then releases); admit's refusal
// gives errBusy. The entry must not be modified.
func (s *Server) state(ctx context.Context, off time.Duration, admit func(context.Context) bool) (*stateEntry, error) {
	if e, ok := s.states.Get(off); ok {
		return e, nil
	}
	s.stateMu.Lock()
	if c, ok := s.stateBusy[off]; ok {
		s.stateMu.Unlock()
		select {
		case <-c.done:
			return c.e, c.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	c := &stateCall{done: make(chan struct{})}
	s.stateBusy[off] = c
	s.stateMu.Unlock()
	if admit(ctx) {
		c.e = &stateEntry{raw: s.computeState(off)}
		s.stateGate.release()
		s.states.Put(off, c.e)
	} else {
		c.err = errBusy
		if ctx.Err() != nil {
			c.err = ctx.Err()
		}
	}
	s.stateMu.Lock()
	delete(s.stateBusy, off)
	s.stateMu.Unlock()
	close(c.done)
	return c.e, c.err
}

// computeState computes and encodes the state at offset off: every
// satellite's geodetic position, the laser links that are up, and every
// ground node's visible satellites, as docs/api.md describes.
//
// Positions and laser links are the engine's own (sim.Workspace.Build on a
// network without pairs, what-if failures included); the conversion to
// latitude and longitude, the encoding and the visibility of every ground
// node are split among the server's workers.
func (s *Server) computeState(off time.Duration) []byte {
	net, cfg := s.base, &s.cfg
	buf := s.getStateBuf()
	defer s.putStateBuf(buf)
	ws := buf.ws
	ws.Build(off)
	pos := ws.Pos

	buf.zb.build(pos)
	down := groundDown(cfg, off)
	parallel(s.workers, func(w int) {
		// Satellites.
		lo, hi := span(w, s.workers, net.NSat)
		b := buf.sats[w][:0]
		for i := lo; i < hi; i++ {
			if i > lo {
				b = append(b, ',')
			}
			if !pos.Valid[i] {
				b = append(b, "null,null,null"...)
				continue
			}
			gd := frame.ECEF{pos.X[i], pos.Y[i], pos.Z[i]}.GeodeticFast()
			lat, lon, alt := gd.Lat, gd.Lon, gd.Alt
			b = appendFixed(b, lat.Deg(), 3)
			b = append(b, ',')
			b = appendFixed(b, lon.Deg(), 3)
			b = append(b, ',')
			b = appendFixed(b, alt.Km(), 1)
		}
		buf.sats[w] = b

		// Ground links: what each ground node with a radio sees.
		glo, ghi := span(w, s.workers, net.NGnd)
		b = buf.gsl[w][:0]
		vis := buf.vis[w]
		for g := glo; g < ghi; g++ {
			if cfg.Ground[g].Kind == ground.PoP || (down != nil && down[g]) {
				continue
			}
			obs := &net.Obs[g]
			if net.Moving(g) { // a moving terminal: where it is at off
				o := frame.NewObserver(net.GroundAt(g, off))
				obs = &o
			}
			vis = buf.zb.visibleFrom(obs, cfg.GSL, vis[:0])
			for _, v := range vis {
				if len(b) > 0 {
					b = append(b, ',')
				}
				b = appendInt(b, int64(g))
				b = append(b, ',')
				b = appendInt(b, int64(v.Sat))
			}
		}
		buf.vis[w], buf.gsl[w] = vis, b
	})
	b := buf.isl[:0]
	for k, l := range ws.ISLs {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendInt(b, int64(l.A))
		b = append(b, ',')
		b = appendInt(b, int64(l.B))
	}
	buf.isl = b

	size := 128 + len(buf.isl)
	for w := range s.workers {
		size += len(buf.sats[w]) + len(buf.gsl[w]) + 2
	}
	out := make([]byte, 0, size)
	out = append(out, `{"t":`...)
	out = append(out, fmtSeconds(off)...)
	out = append(out, `,"time":"`...)
	out = ws.Time.UTC().AppendFormat(out, time.RFC3339Nano)
	out = append(out, `","n":`...)
	out = appendInt(out, int64(net.NSat))
	out = append(out, `,"sats":[`...)
	out = joinChunks(out, buf.sats)
	out = append(out, `],"isl":[`...)
	out = append(out, buf.isl...)
	out = append(out, `],"gsl":[`...)
	out = joinChunks(out, buf.gsl)
	out = append(out, ']')
	if net.HasFailures() {
		out = s.appendDown(out, off, ws.Time)
	}
	out = append(out, "}\n"...)
	return out
}

// groundDown marks the ground nodes without ground links at offset off:
// down or jammed by a what-if failure (sim.Failure: active over
// [From, Until), Until ≤ 0 meaning to the end). It returns nil when none is.
func groundDown(cfg *sim.Config, off time.Duration) []bool {
	var down []bool
	for _, f := range cfg.Failures {
		if (f.Kind != sim.GroundDown && f.Kind != sim.Jammed) || !f.ActiveAt(off) {
			continue
		}
		for _, g := range f.Ground {
			if down == nil {
				down = make([]bool, len(cfg.Ground))
			}
			if g >= 0 && g < len(down) {
				down[g] = true
			}
		}
	}
	return down
}

// joinChunks appends the non-empty chunks separated by commas.
func joinChunks(out []byte, chunks [][]byte) []byte {
	first := true
	for _, c := range chunks {
		if len(c) == 0 {
			continue
		}
		if !first {
			out = append(out, ',')
		}
		first = false
		out = append(out, c...)
	}
	return out
}

func appendInt(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }

// handleState answers GET /api/state?t=SECONDS, gzip-compressed when the
// client accepts it.
func (s *Server) handleState(w http.ResponseWriter, r *http.Request) {
	off, err := s.offset(r, "t")
	if err != nil {
		writeParamError(w, err)
		return
	}
	e, err := s.state(r.Context(), off, s.stateGate.acquire)
	if err != nil {
		// Refused, or the computation this request shared was abandoned
		// by its first caller; nothing to write if the client left.
		if r.Context().Err() == nil {
			writeBusy(w, "state")
		}
		return
	}
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	if acceptsGzip(r.Header) {
		h.Set("Content-Encoding", "gzip")
		writeRaw(w, e.gzipped())
		return
	}
	writeRaw(w, e.raw)
}

// acceptsGzip reports whether an Accept-Encoding header lists gzip (or *)
// with a non-zero quality.
func acceptsGzip(h http.Header) bool {
	for _, v := range h.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding != "gzip" && coding != "x-gzip" && coding != "*" {
				continue
			}
			q := 1.0
			if k, val, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
				if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
					q = f
				}
			}
			if q > 0 {
				return true
			}
		}
	}
	return false
}

// offset reads a required time parameter within the scenario's range.
func (s *Server) offset(r *http.Request, key string) (time.Duration, error) {
	off, err := seconds(r.URL.Query(), key, true, 0)
	if err != nil {
		return 0, err
	}
	return off, within(key, off, s.cfg.Duration)
}

// writeParamError answers a parameter error with 400 and any other error
// with 500.
func writeParamError(w http.ResponseWriter, err error) {
	var pe *paramError
	if errors.As(err, &pe) {
		writeError(w, http.StatusBadRequest, "%s", pe.msg)
		return
	}
	writeError(w, http.StatusInternalServerError, "%v", err)
}
