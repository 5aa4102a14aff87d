package server

import (
	"bytes"
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Stream settings.
const (
	// FrameInterval is the wall-clock time between two events of a stream.
	FrameInterval = 200 * time.Millisecond
	// MaxSpeed is the fastest playback: simulated seconds per wall second.
	MaxSpeed = 1000
	// streamWriteTimeout bounds the write of one event.
	streamWriteTimeout = 10 * time.Second
)

// handleStream answers GET /api/stream?speed=&t=: Server-Sent Events, one
// "state" event (the body of GET /api/state) every FrameInterval, the
// simulated time advancing by speed × FrameInterval per event from t and
// wrapping from the end of the scenario back to its start. The stream
// ends when the client disconnects or the server shuts down.
func (s *Server) handleStream(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	speed := 1.0
	if raw := strings.TrimSpace(q.Get("speed")); raw != "" {
		v, ok := decimal(raw)
		if !ok || !(v >= 1 && v <= MaxSpeed) {
			writeError(w, http.StatusBadRequest, "speed=%q: must be a number from 1 to %d", raw, MaxSpeed)
			return
		}
		speed = v
	}
	t0, err := seconds(q, "t", false, 0)
	if err == nil {
		err = within("t", t0, s.cfg.Duration)
	}
	if err != nil {
		writeParamError(w, err)
		return
	}

	if !s.streamGate.tryAcquire() {
		w.Header().Set("Retry-After", strconv.Itoa(int(RetryAfter/time.Second)))
		writeError(w, http.StatusServiceUnavailable, "server busy: %d event streams open, the most it serves; retry later", MaxStreams)
		return
	}
	defer s.streamGate.release()
	// The stream's context also ends when the server shuts down, so that a
	// wait for a state slot does not hold up the shutdown.
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		select {
		case <-s.stop:
			cancel()
		case <-ctx.Done():
		}
	}()

	rc := http.NewResponseController(w)
	// The server's read deadline would end the request's context while the
	// stream is open; a stream reads nothing, so it has none.
	_ = rc.SetReadDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	ticker := time.NewTicker(FrameInterval)
	defer ticker.Stop()
	dur := s.cfg.Duration
	var ev bytes.Buffer
	for k := int64(0); ; k++ {
		adv := time.Duration(math.Round(float64(k) * speed * float64(FrameInterval)))
		off := t0 + adv
		switch {
		case dur <= 0:
			off = 0
		case off > dur:
			off %= dur
		}
		e, err := s.state(ctx, off, s.stateGate.acquireWait)
		for errors.Is(err, errBusy) && ctx.Err() == nil {
			// The computation this stream shared was refused to another
			// request; compute it with this stream's own wait.
			e, err = s.state(ctx, off, s.stateGate.acquireWait)
		}
		if err != nil {
			return // the client left or the server is shutting down
		}
		ev.Reset()
		if k == 0 {
			ev.WriteString("retry: 2000\n")
		}
		ev.WriteString("event: state\nid: ")
		ev.WriteString(strconv.FormatInt(k, 10))
		ev.WriteString("\ndata: ")
		ev.Write(bytes.TrimRight(e.raw, "\n"))
		ev.WriteString("\n\n")
		// Each event gets its own write deadline in place of the server's
		// WriteTimeout (ignored where unsupported, as by test recorders).
		_ = rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
		if _, err := w.Write(ev.Bytes()); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}
