package server

import (
	"math"
	"slices"

	"orbitnet/orbit/frame"
	"orbitnet/topology"
)

// bandKm is the height of a zBands slab. With a 25° mask a LEO satellite
// is seen from at most about 1,300 km away, so a query reads about a fifth
// of the satellites.
const bandKm = 200

// zBands sorts the valid satellites of one instant into slabs of ECEF z,
// so that the satellites a ground node may see are found without testing
// every satellite: a satellite in view lies within the slant range bound
// of maxRange of the node, hence within that distance in z.
type zBands struct {
	z0    float64 // lower edge of band 0, km
	rMax  float64 // largest geocentric distance of a valid satellite, km
	bands []band
}

// band holds its satellites' positions in increasing satellite index,
// with idx mapping each back to the satellite.
type band struct {
	pos topology.Positions
	idx []int32
}

// build sorts the valid satellites of pos into bands.
func (zb *zBands) build(pos *topology.Positions) {
	zMin, zMax := math.Inf(1), math.Inf(-1)
	r2 := 0.0
	for i, ok := range pos.Valid {
		if !ok {
			continue
		}
		z := pos.Z[i]
		zMin, zMax = min(zMin, z), max(zMax, z)
		r2 = max(r2, pos.X[i]*pos.X[i]+pos.Y[i]*pos.Y[i]+z*z)
	}
	zb.rMax = math.Sqrt(r2)
	n := 0
	if zMax >= zMin {
		zb.z0 = zMin
		n = int((zMax-zMin)/bandKm) + 1
	}
	for len(zb.bands) < n {
		zb.bands = append(zb.bands, band{})
	}
	zb.bands = zb.bands[:n]
	for k := range zb.bands {
		b := &zb.bands[k]
		b.pos.X, b.pos.Y, b.pos.Z, b.pos.Valid, b.idx = b.pos.X[:0], b.pos.Y[:0], b.pos.Z[:0], b.pos.Valid[:0], b.idx[:0]
	}
	for i, ok := range pos.Valid {
		if !ok {
			continue
		}
		b := &zb.bands[int((pos.Z[i]-zb.z0)/bandKm)]
		b.pos.X = append(b.pos.X, pos.X[i])
		b.pos.Y = append(b.pos.Y, pos.Y[i])
		b.pos.Z = append(b.pos.Z, pos.Z[i])
		b.pos.Valid = append(b.pos.Valid, true)
		b.idx = append(b.idx, int32(i))
	}
}

// maxRange bounds the distance from obs to any satellite at or above the
// elevation mask: with the elevation measured from the ellipsoid normal,
// which is within 0.2° of the geocentric direction (the deflection of
// the vertical, with a 1° margin here), a satellite at slant range d in a
// direction at least e above the geocentric horizon is at distance r from
// the centre with r² ≥ R² + d² + 2·d·R·sin e, and r ≤ rMax.
func (zb *zBands) maxRange(obs *frame.Observer, cfg topology.GSLConfig) float64 {
	ro := obs.Pos.Vec().Norm()
	se := math.Sin((cfg.MinElevation.Deg() - 1) * math.Pi / 180)
	d := -ro*se + math.Sqrt(max(0, ro*ro*se*se+zb.rMax*zb.rMax-ro*ro))
	if cfg.MaxRange > 0 {
		d = min(d, cfg.MaxRange.Km())
	}
	return d + 1 // km of margin for rounding
}

// visibleFrom appends to out what topology.VisibleFrom(obs, pos, cfg, out)
// appends for the positions the bands were built from, in the same
// (increasing satellite) order, testing only the bands within reach. It
// only reads zb, so goroutines may query the same bands at once.
func (zb *zBands) visibleFrom(obs *frame.Observer, cfg topology.GSLConfig, out []topology.Visible) []topology.Visible {
	if len(zb.bands) == 0 {
		return out
	}
	d := zb.maxRange(obs, cfg)
	z := obs.Pos[2]
	lo := max(0, int(math.Floor((z-d-zb.z0)/bandKm)))
	hi := min(len(zb.bands)-1, int(math.Floor((z+d-zb.z0)/bandKm)))
	start := len(out)
	for k := lo; k <= hi; k++ {
		b := &zb.bands[k]
		n := len(out)
		out = topology.VisibleFrom(obs, &b.pos, cfg, out)
		for j := n; j < len(out); j++ {
			out[j].Sat = b.idx[out[j].Sat]
		}
	}
	slices.SortFunc(out[start:], func(a, b topology.Visible) int { return int(a.Sat) - int(b.Sat) })
	return out
}
