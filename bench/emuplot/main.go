// Command emuplot draws measured ping RTTs over an emulation against the
// engine's RTT series: emuplot OUT.png LABEL PING.txt RTT.csv INTERVAL [LABEL PING.txt RTT.csv INTERVAL ...]
// (used by bench/emulation.sh for docs/emulation.md).
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"

	"orbitnet/report"
)

var pingLine = regexp.MustCompile(`icmp_seq=(\d+) ttl=\d+ time=([\d.]+)`)

func main() {
	if len(os.Args) < 6 || (len(os.Args)-2)%4 != 0 {
		fmt.Fprintln(os.Stderr, "usage: emuplot OUT.png LABEL PING.txt RTT.csv INTERVAL_S [...]")
		os.Exit(2)
	}
	var series []report.RTTSeries
	for i := 2; i < len(os.Args); i += 4 {
		label, pingPath, rttPath := os.Args[i], os.Args[i+1], os.Args[i+2]
		interval, err := strconv.ParseFloat(os.Args[i+3], 64)
		check(err)
		var meas report.RTTSeries
		meas.Label = label + ": ping (measured)"
		f, err := os.Open(pingPath)
		check(err)
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if m := pingLine.FindStringSubmatch(sc.Text()); m != nil {
				seq, _ := strconv.Atoi(m[1])
				ms, _ := strconv.ParseFloat(m[2], 64)
				meas.TimeS = append(meas.TimeS, float64(seq-1)*interval)
				meas.RTTMs = append(meas.RTTMs, ms)
			}
		}
		f.Close()
		eng := report.RTTSeries{Label: label + ": engine"}
		rf, err := os.Open(rttPath)
		check(err)
		rows, err := csv.NewReader(rf).ReadAll()
		check(err)
		rf.Close()
		for _, r := range rows[1:] {
			t, _ := strconv.ParseFloat(r[0], 64)
			v := math.NaN()
			if r[3] != "" {
				v, _ = strconv.ParseFloat(r[3], 64)
			}
			eng.TimeS = append(eng.TimeS, t)
			eng.RTTMs = append(eng.RTTMs, v)
		}
		series = append(series, eng, meas)
	}
	check(report.PlotRTT("Kyiv – Frankfurt: ping through orbitnet emulate vs the engine's RTT", series, os.Args[1], ""))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
