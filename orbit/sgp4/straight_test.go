package sgp4

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"orbitnet/orbit/units"
	"orbitnet/orbit/vec"
)

// straightRel is the relative difference allowed between the optimised
// propagator and the straight transcription of Vallado's code: the same
// operations reordered, a few roundings on values of order 1 (1e-12 of a
// LEO radius is 7 nm).
const straightRel = 1e-12

// propagateStraight is SGP4's propagation written as the reference lays it
// out (atan2 for the argument of latitude, separate sin and cos, pow,
// fmod): the "dumb" version that TestPropagateMatchesStraight checks the
// optimised Propagate against. It returns the error code instead of an
// error (0 for none).
func propagateStraight(s *Satellite, tsince float64) (r, v vec.Vec3, code int) {
	t := tsince

	// Secular gravity and atmospheric drag.
	xmdf := s.mo + s.mdot*t
	argpdf := s.argpo + s.argpdot*t
	nodedf := s.nodeo + s.nodedot*t
	argpm := argpdf
	mm := xmdf
	t2 := t * t
	nodem := nodedf + s.nodecf*t2
	tempa := 1 - s.cc1*t
	tempe := s.bstar * s.cc4 * t
	templ := s.t2cof * t2
	if !s.simpleDrag {
		delomg := s.omgcof * t
		delm := s.xmcof * (cube(1+s.eta*math.Cos(xmdf)) - s.delmo)
		temp := delomg + delm
		mm = xmdf + temp
		argpm = argpdf - temp
		t3 := t2 * t
		t4 := t3 * t
		tempa = tempa - s.d2*t2 - s.d3*t3 - s.d4*t4
		tempe = tempe + s.bstar*s.cc5*(math.Sin(mm)-s.sinmao)
		templ = templ + s.t3cof*t3 + t4*(s.t4cof+t*s.t5cof)
	}

	nm := s.no
	em := s.ecco
	inclm := s.inclo
	if s.deep {
		em, inclm, argpm, nodem, mm, nm = s.ds.secular(s, t, em, inclm, argpm, nodem, mm)
	}
	if nm <= 0 {
		return r, v, CodeMeanMotion
	}
	am := math.Pow(s.xke/nm, x2o3) * tempa * tempa
	nm = s.xke / math.Pow(am, 1.5)
	em -= tempe
	if em >= 1 || em < -0.001 {
		return r, v, CodeMeanElements
	}
	if em < 1e-6 {
		em = 1e-6
	}
	mm += s.no * templ
	xlm := mm + argpm + nodem
	nodem = math.Mod(nodem, twoPi)
	argpm = math.Mod(argpm, twoPi)
	xlm = math.Mod(xlm, twoPi)
	mm = math.Mod(xlm-argpm-nodem, twoPi)

	// Lunar-solar periodics (deep space).
	ep, xincp, argpp, nodep, mp := em, inclm, argpm, nodem, mm
	sinip, cosip := s.sinio, s.cosio
	con41, x1mth2, x7thm1, xlcof, aycof := s.con41, s.x1mth2, s.x7thm1, s.xlcof, s.aycof
	if s.deep {
		ep, xincp, nodep, argpp, mp = s.ds.periodics(t, ep, xincp, nodep, argpp, mp)
		if xincp < 0 {
			xincp = -xincp
			nodep += math.Pi
			argpp -= math.Pi
		}
		if ep < 0 || ep > 1 {
			return r, v, CodePerturbedElements
		}
		sinip, cosip = math.Sin(xincp), math.Cos(xincp)
		xlcof, aycof = longPeriodCoefficients(s.j3oj2, sinip, cosip)
		cosisq := cosip * cosip
		con41 = 3*cosisq - 1
		x1mth2 = 1 - cosisq
		x7thm1 = 7*cosisq - 1
	}

	// Long-period periodics.
	sinargp, cosargp := math.Sin(argpp), math.Cos(argpp)
	axnl := ep * cosargp
	temp := 1 / (am * (1 - ep*ep))
	aynl := ep*sinargp + temp*aycof
	xl := mp + argpp + nodep + temp*xlcof*axnl

	// Kepler's equation for E + ω, Newton's method with the step bounded
	// to ±0.95 rad, at most 10 iterations.
	u := math.Mod(xl-nodep, twoPi)
	eo1 := u
	var sineo1, coseo1 float64
	for i, tem5 := 0, 9999.9; math.Abs(tem5) >= 1e-12 && i < 10; i++ {
		sineo1, coseo1 = math.Sin(eo1), math.Cos(eo1)
		tem5 = (u - aynl*coseo1 + axnl*sineo1 - eo1) / (1 - coseo1*axnl - sineo1*aynl)
		if math.Abs(tem5) >= 0.95 {
			tem5 = math.Copysign(0.95, tem5)
		}
		eo1 += tem5
	}

	// Short-period preliminary quantities.
	ecose := axnl*coseo1 + aynl*sineo1
	esine := axnl*sineo1 - aynl*coseo1
	el2 := axnl*axnl + aynl*aynl
	pl := am * (1 - el2)
	if pl < 0 {
		return r, v, CodeSemiLatusRectum
	}
	rl := am * (1 - ecose)
	rdotl := math.Sqrt(am) * esine / rl
	rvdotl := math.Sqrt(pl) / rl
	betal := math.Sqrt(1 - el2)
	temp = esine / (1 + betal)
	sinu := am / rl * (sineo1 - aynl - axnl*temp)
	cosu := am / rl * (coseo1 - axnl + aynl*temp)
	su := math.Atan2(sinu, cosu)
	sin2u := (cosu + cosu) * sinu
	cos2u := 1 - 2*sinu*sinu
	temp = 1 / pl
	temp1 := 0.5 * s.j2 * temp
	temp2 := temp1 * temp

	// Short-period periodics.
	mrt := rl*(1-1.5*temp2*betal*con41) + 0.5*temp1*x1mth2*cos2u
	if mrt < 1 {
		return r, v, CodeDecayed
	}
	su -= 0.25 * temp2 * x7thm1 * sin2u
	xnode := nodep + 1.5*temp2*cosip*sin2u
	xinc := xincp + 1.5*temp2*cosip*sinip*cos2u
	mvt := rdotl - nm*temp1*x1mth2*sin2u/s.xke
	rvdot := rvdotl + nm*temp1*(x1mth2*cos2u+1.5*con41)/s.xke

	// Orientation vectors: u points to the satellite, w along its motion.
	sinsu, cossu := math.Sin(su), math.Cos(su)
	snod, cnod := math.Sin(xnode), math.Cos(xnode)
	sini, cosi := math.Sin(xinc), math.Cos(xinc)
	xmx := -snod * cosi
	xmy := cnod * cosi
	ux := xmx*sinsu + cnod*cossu
	uy := xmy*sinsu + snod*cossu
	uz := sini * sinsu
	wx := xmx*cossu - cnod*sinsu
	wy := xmy*cossu - snod*sinsu
	wz := sini * cossu

	r = vec.Vec3{mrt * ux * s.re, mrt * uy * s.re, mrt * uz * s.re}
	v = vec.Vec3{
		(mvt*ux + rvdot*wx) * s.vkmpersec,
		(mvt*uy + rvdot*wy) * s.vkmpersec,
		(mvt*uz + rvdot*wz) * s.vkmpersec,
	}
	return r, v, 0
}

// TestPropagateMatchesStraight compares Propagate with propagateStraight on
// random element sets, near-Earth and deep-space (resonant ones included),
// over ±10 days. They differ only by rounding.
func TestPropagateMatchesStraight(t *testing.T) {
	rng := rand.New(rand.NewPCG(2006, 6753))
	base := parseTLE(t, tle00005a, tle00005b)
	var maxR, maxV float64
	var states, failures int
	for i := 0; i < 2000; i++ {
		e := base
		e.Inclination = units.Deg(rng.Float64() * 180)
		e.RAAN = units.Deg(rng.Float64() * 360)
		e.ArgPerigee = units.Deg(rng.Float64() * 360)
		e.MeanAnomaly = units.Deg(rng.Float64() * 360)
		e.BStar = (rng.Float64()*2 - 1) * 1e-3
		switch i % 4 {
		case 0, 1: // LEO
			e.MeanMotion = 11 + 5.5*rng.Float64()
			e.Eccentricity = 0.05 * rng.Float64() * rng.Float64()
		case 2: // deep space, any
			e.MeanMotion = 0.5 + 5.5*rng.Float64()
			e.Eccentricity = 0.8 * rng.Float64()
		case 3: // resonant: geosynchronous or Molniya
			if rng.IntN(2) == 0 {
				e.MeanMotion = 0.95 + 0.1*rng.Float64()
				e.Eccentricity = 0.01 * rng.Float64()
			} else {
				e.MeanMotion = 1.9 + 0.2*rng.Float64()
				e.Eccentricity = 0.5 + 0.25*rng.Float64()
			}
		}
		sat, err := New(e)
		if err != nil {
			continue
		}
		for j := 0; j < 20; j++ {
			ts := (rng.Float64()*2 - 1) * 14400
			r, v, err := sat.Propagate(ts)
			rs, vs, code := propagateStraight(sat, ts)
			var se *Error
			if errors.As(err, &se) != (code != 0) || (se != nil && se.Code != code) {
				t.Fatalf("%+v at %v: Propagate error %v, straight code %d", e, ts, err, code)
			}
			if code != 0 {
				failures++
				continue
			}
			states++
			// Relative to the orbit's size: rounding in angles of order
			// 1e3 rad is about 1e-13 rad.
			scale := rs.Norm()
			maxR = math.Max(maxR, r.Dist(rs)/scale)
			maxV = math.Max(maxV, v.Dist(vs)/vs.Norm())
		}
	}
	t.Logf("%d states, %d failures; max relative |Δr| %.2g, |Δv| %.2g", states, failures, maxR, maxV)
	if maxR > straightRel || maxV > straightRel {
		t.Errorf("max relative |Δr| %.2g, |Δv| %.2g; want below 1e-12", maxR, maxV)
	}
}

// BenchmarkPropagateStarlinkStraight is BenchmarkPropagateStarlink with
// propagateStraight: the baseline for Propagate's optimisations, measured
// under the same conditions.
func BenchmarkPropagateStarlinkStraight(b *testing.B) {
	sat := mustNew(b, tleStarlinkA, tleStarlinkB)
	b.ReportAllocs()
	ts := 0.0
	for b.Loop() {
		ts += 1.0 / 6
		if ts >= 1440 {
			ts = 0
		}
		if _, _, code := propagateStraight(sat, ts); code != 0 {
			b.Fatal(code)
		}
	}
}
