package report

import (
	"bufio"
	"io"

	"orbitnet/sim"
)

// ForwardingHeader is the header line of forwarding.csv.
const ForwardingHeader = "time_s,node,dst,next_hop,arrived_on"

// ForwardingWriter streams forwarding.csv: the forwarding state of every
// routing node toward each node of the listed pairs, written as a full
// table at the first step and then as the entries that change.
type ForwardingWriter struct {
	w    *bufio.Writer
	net  *sim.Network
	name []string // routing node → CSV field
	dst  []string // forwarding destination → CSV field
	buf  []byte
}

// NewForwardingWriter writes the header and returns a writer for net, whose
// configuration must have Forwarding set.
func NewForwardingWriter(w io.Writer, net *sim.Network) (*ForwardingWriter, error) {
	f := &ForwardingWriter{w: bufio.NewWriterSize(w, 1<<16), net: net}
	f.name = make([]string, net.NumNodes())
	for v := range f.name {
		f.name[v] = csvField(net.NodeName(sim.NodeID(v)))
	}
	for _, g := range net.ForwardingDsts() {
		f.dst = append(f.dst, f.name[net.Node(g)])
	}
	_, err := f.w.WriteString(ForwardingHeader + "\n")
	return f, err
}

// Step writes the step's forwarding changes.
func (f *ForwardingWriter) Step(r *sim.StepResult) error {
	if len(r.Forwarding) == 0 {
		return nil
	}
	t := TimeS(r)
	for _, h := range r.Forwarding {
		b := f.buf[:0]
		b = append(b, t...)
		b = append(b, ',')
		b = append(b, f.name[h.Node]...)
		b = append(b, ',')
		b = append(b, f.dst[h.Dst]...)
		b = append(b, ',')
		if h.Next >= 0 {
			b = append(b, f.name[h.Next]...)
		}
		b = append(b, ',')
		if f.net.IsUplinkCopy(h.At()) {
			b = append(b, "uplink"...)
		}
		b = append(b, '\n')
		f.buf = b
		if _, err := f.w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// Flush flushes the buffer.
func (f *ForwardingWriter) Flush() error { return f.w.Flush() }
