package server

import (
	"fmt"
	"testing"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/timescale"
	"orbitnet/scenario"
	"orbitnet/topology"
)

// TestBandsMatchVisibleFrom checks the banded search against a plain
// topology.VisibleFrom for the 1,000 cities, the poles and the Starlink
// Gen1 constellation, over elevation masks from 0° to 80° with and
// without a range cap.
func TestBandsMatchVisibleFrom(t *testing.T) {
	sc, err := scenario.Load("starlink-gen1")
	if err != nil {
		t.Fatal(err)
	}
	prop := topology.NewPropagator(sc.Config.Constellation)
	pos := topology.NewPositions(prop.Len())
	prop.PositionsAt(timescale.FromTime(sc.Config.Start.Add(37*time.Second)), pos)
	pos.Valid[5] = false // an invalid satellite is never visible
	var zb zBands
	zb.build(pos)
	cities, err := ground.Preset("cities-top1000")
	if err != nil {
		t.Fatal(err)
	}
	places := []frame.Geodetic{{Lat: 90}, {Lat: -90}, {Lat: 0, Lon: 180}, {Lat: 53, Alt: 8}}
	for _, c := range cities {
		places = append(places, c.Pos)
	}
	total := 0
	for _, cfg := range []topology.GSLConfig{
		{MinElevation: 0}, {MinElevation: 10}, {MinElevation: 25}, {MinElevation: 25, MaxRange: 900},
		{MinElevation: 40}, {MinElevation: 80}, {MinElevation: 0, MaxRange: 3000},
	} {
		for _, p := range places {
			obs := frame.NewObserver(p)
			want := topology.VisibleFrom(&obs, pos, cfg, nil)
			got := zb.visibleFrom(&obs, cfg, nil)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("mask %v°, cap %v km, %+v: banded %v, VisibleFrom %v", cfg.MinElevation, cfg.MaxRange, p, got, want)
			}
			total += len(want)
		}
	}
	if total == 0 {
		t.Fatal("nothing visible at all")
	}
}

// TestBandsEmpty: no valid satellite, nothing visible.
func TestBandsEmpty(t *testing.T) {
	pos := topology.NewPositions(3)
	var zb zBands
	zb.build(pos)
	obs := frame.NewObserver(frame.Geodetic{Lat: 10})
	if got := zb.visibleFrom(&obs, topology.GSLConfig{}, nil); len(got) != 0 {
		t.Fatal(got)
	}
}
