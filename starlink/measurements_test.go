package starlink

import (
	"strings"
	"testing"
)

func TestMeasurements(t *testing.T) {
	ms, err := Measurements()
	if err != nil {
		t.Fatal(err)
	}
	var cal, held, laser int
	for _, m := range ms {
		if m.Calibration {
			cal++
		} else {
			held++
		}
		if m.Laser {
			laser++
		}
	}
	if len(ms) < 6 || cal == 0 || held == 0 || laser == 0 {
		t.Errorf("%d sites (%d calibration, %d held out, %d laser)", len(ms), cal, held, laser)
	}
}

func TestParseMeasurementsErrors(t *testing.T) {
	hdr := "site,place,dest,set,median_ms,q_lo,ms_lo,q_hi,ms_hi,min_ms,laser,verified,source\n"
	tests := []struct{ row, want string }{
		{`A,"1,2",home,training,30,,,,,,no,read,x`, "x.csv:2: set"},
		{`A,"1,2",home,calibration,-3,,,,,,no,read,x`, "x.csv:2: median_ms"},
		{`A,"1,2",home,calibration,30,5,1,,,,no,read,x`, "x.csv:2: q_lo"},
	}
	for _, tc := range tests {
		_, err := ParseMeasurements(strings.NewReader(hdr+tc.row+"\n"), "x.csv")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.row, err, tc.want)
		}
	}
}

func FuzzParseMeasurements(f *testing.F) {
	f.Add(measurementsCSV)
	f.Add("site,place,dest,set,median_ms,q_lo,ms_lo,q_hi,ms_hi,min_ms,laser,verified,source\nA,\"1,2\",home,calibration,30,,,,,,no,read,x\n")
	f.Fuzz(func(t *testing.T, s string) {
		ms, err := ParseMeasurements(strings.NewReader(s), "f.csv")
		if err == nil && len(ms) > 1000 {
			t.Fatalf("%d sites", len(ms))
		}
	})
}
