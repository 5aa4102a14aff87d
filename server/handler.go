package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// statusError is an answer's error with its own HTTP status (and, with
// retry, a Retry-After header).
type statusError struct {
	status int
	retry  bool
	msg    string
}

func (e *statusError) Error() string { return e.msg }

// gated answers a JSON request in the shape the computing handlers share:
// parse reads the parameters (an error is written by writeParamError:
// 400 for a parameter, 500 otherwise); the work runs holding a slot of g
// (none free: 503 naming what, see writeBusy) and its answer is written as
// JSON. A work error is written as writeParamError does, or with its
// status (statusError), and not at all once the client has left.
func gated(w http.ResponseWriter, r *http.Request, g *gate, what string, parse func() error, work func(context.Context) (any, error)) {
	if err := parse(); err != nil {
		writeParamError(w, err)
		return
	}
	ctx := r.Context()
	if !g.acquire(ctx) {
		writeBusy(w, what)
		return
	}
	defer g.release()
	out, err := work(ctx)
	if err != nil {
		var se *statusError
		switch {
		case ctx.Err() != nil:
			// the client left: nobody to answer
		case errors.As(err, &se):
			if se.retry {
				w.Header().Set("Retry-After", strconv.Itoa(int(RetryAfter/time.Second)))
			}
			writeError(w, se.status, "%s", se.msg)
		default:
			writeParamError(w, err)
		}
		return
	}
	writeJSON(w, out)
}

// writeCached writes a JSON document built once (what names it in an
// error), cacheable for a day.
func writeCached(w http.ResponseWriter, what string, doc func() ([]byte, error)) {
	b, err := doc()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "%s: %v", what, err)
		return
	}
	w.Header().Set("Cache-Control", "max-age=86400")
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}
