package export

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"

	"orbitnet/sim"
)

// TraceHeader is the header line of a path trace.
const TraceHeader = "time_s,pair,from,to,delay_ab_ms,delay_ba_ms,rtt_ms,hops,loss,path_change"

// WriteTrace writes the listed pairs' paths as a delay and loss trace, one
// CSV row per step and listed pair, in time order and then pair order:
//
//	time_s       seconds since the window's start (the row holds until the next)
//	pair         the pair's index in the scenario's list, from 0
//	from, to     the pair's names (a → b)
//	delay_ab_ms  one-way delay a → b in ms, 6 decimals (empty when loss is 1)
//	delay_ba_ms  one-way delay b → a (the same: paths are computed on a
//	             snapshot of the network and links are symmetric)
//	rtt_ms       the round trip, delay_ab_ms + delay_ba_ms
//	hops         links on the path
//	loss         1 when there is no path (every packet is lost), else 0
//	path_change  1 when the path differs from the previous row's for the
//	             pair (packets may be reordered), else 0
func WriteTrace(ctx context.Context, w io.Writer, in *Input) error {
	if err := in.checkSteps(MaxTraceSteps); err != nil {
		return err
	}
	net := in.Net
	if net.NumListed() == 0 {
		return inputErrorf("the scenario lists no pairs to trace")
	}
	cw := csv.NewWriter(w)
	if _, err := io.WriteString(w, TraceHeader+"\n"); err != nil {
		return err
	}
	prev := make([]uint64, net.NumListed())
	rec := make([]string, 10)
	sink := sim.SinkFunc(func(r *sim.StepResult) error {
		ts := strconv.FormatFloat(r.Offset.Seconds(), 'f', -1, 64)
		for k := range net.NumListed() {
			v := r.Values[k]
			rec[0], rec[1] = ts, strconv.Itoa(k)
			rec[2], rec[3] = in.PairNames[k][0], in.PairNames[k][1]
			change := "0"
			if v.Reachable() {
				d := strconv.FormatFloat(v.Delay.Ms(), 'f', 6, 64)
				rec[4], rec[5] = d, d
				rec[6] = strconv.FormatFloat(v.RTT().Ms(), 'f', 6, 64)
				rec[7], rec[8] = strconv.Itoa(int(v.Hops)), "0"
				if r.Index > 0 && prev[k] != 0 && prev[k] != v.Hash {
					change = "1"
				}
			} else {
				rec[4], rec[5], rec[6], rec[7], rec[8] = "", "", "", "0", "1"
			}
			rec[9] = change
			prev[k] = v.Hash
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	})
	_, err := sim.Run(ctx, net, sim.Options{Workers: in.Workers}, sink)
	return err
}
