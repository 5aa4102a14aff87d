package sgp4

import (
	"fmt"
	"math"

	"orbitnet/orbit/timescale"
	"orbitnet/orbit/tle"
	"orbitnet/orbit/vec"
)

const (
	twoPi  = 2 * math.Pi
	x2o3   = 2.0 / 3.0
	deg    = math.Pi / 180          // radians per degree
	xpdotp = 1440.0 / (2 * math.Pi) // (rev/day) per (rad/min)

	// julian1950 is the Julian date of 1950 January 0.0 (1949-12-31 00:00),
	// the origin of the epoch argument of Vallado's sgp4init.
	julian1950 = 2433281.5
)

// Satellite is one element set initialised for SGP4/SDP4: the mean elements
// at epoch and every coefficient that does not depend on time (Vallado's
// satrec after sgp4init). It holds no pointers and is never modified by
// Propagate, so it may be copied freely (e.g. into a []Satellite) and one
// Satellite may be propagated from several goroutines at once. The zero
// Satellite is not initialised; Propagate on it fails with CodeMeanMotion.
type Satellite struct {
	catalog int
	epoch   timescale.JD

	// Gravity model: radius (km), √μ (earth radii^1.5/min), J2, J3/J2, and
	// the unit of velocity in km/s.
	re, xke, j2, j3oj2, vkmpersec float64

	// Mean elements at epoch. Angles in radians; no is the Brouwer mean
	// motion (Kozai mean motion of the element set with the J2 correction
	// removed), rad/min.
	ecco, inclo, nodeo, argpo, mo, no, bstar float64
	sinio, cosio                             float64
	ao                                       float64 // (xke/no)^⅔, earth radii

	// Secular rates of mean anomaly, argument of perigee and node from J2
	// and J4 (rad/min), and the drag term of the node (rad/min²).
	mdot, argpdot, nodedot, nodecf float64

	// Drag. With simpleDrag (perigee below 220 km, or deep space) the series
	// is cut after the t² terms, as in the reference.
	simpleDrag                 bool
	dragFreeCircular           bool // see Propagate
	cc1, cc4, cc5              float64
	t2cof, t3cof, t4cof, t5cof float64
	d2, d3, d4                 float64
	omgcof, xmcof              float64
	eta, delmo, sinmao         float64

	// Long- and short-period coefficients (depend on inclination; deep
	// space recomputes them from the perturbed inclination at each call).
	con41, x1mth2, x7thm1, xlcof, aycof float64

	deep bool      // orbital period ≥ 225 minutes: SDP4
	ds   deepSpace // lunar-solar and resonance terms; zero unless deep
}

// New initialises SGP4 for the element set e with the WGS-72 constants, the
// ones element sets are fitted with. See NewWithGravity.
func New(e tle.Elements) (*Satellite, error) {
	return NewWithGravity(e, WGS72)
}

// NewWithGravity initialises SGP4 for the element set e with the constants g
// (Vallado's sgp4init in "improved" mode, with dscom and dsinit for deep
// space). Its epoch is e.EpochJD; the other fields it reads are the mean
// elements, the mean motion and BStar (MeanMotionDot and MeanMotionDDot are
// not used by SGP4).
//
// It returns an *Error when the elements are out of the model's range at
// epoch: eccentricity outside [0, 1) gives CodeMeanElements, a mean motion
// that is not positive CodeMeanMotion, and the checks of Propagate at
// tsince 0 (a deep-space orbit whose perturbed eccentricity leaves [0, 1]
// gives CodePerturbedElements). A non-finite field gives a plain error.
func NewWithGravity(e tle.Elements, g Gravity) (*Satellite, error) {
	s := new(Satellite)
	if err := s.init(e, g); err != nil {
		return nil, err
	}
	return s, nil
}

// CatalogNumber returns the NORAD catalog number of the element set.
func (s *Satellite) CatalogNumber() int { return s.catalog }

// Epoch returns the epoch of the element set (UTC Julian date).
func (s *Satellite) Epoch() timescale.JD { return s.epoch }

// DeepSpace reports whether the satellite uses the deep-space (SDP4)
// terms, which it does when its orbital period is 225 minutes or more.
func (s *Satellite) DeepSpace() bool { return s.deep }

func (s *Satellite) init(e tle.Elements, g Gravity) error {
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"epoch", e.EpochJD.Day + e.EpochJD.Frac},
		{"BStar", e.BStar},
		{"inclination", e.Inclination.Deg()},
		{"right ascension of the node", e.RAAN.Deg()},
		{"eccentricity", e.Eccentricity},
		{"argument of perigee", e.ArgPerigee.Deg()},
		{"mean anomaly", e.MeanAnomaly.Deg()},
		{"mean motion", e.MeanMotion},
	} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return fmt.Errorf("sgp4: satellite %d: %s is %v", e.CatalogNumber, f.name, f.v)
		}
	}
	s.catalog = e.CatalogNumber
	s.epoch = e.EpochJD
	if !(e.Eccentricity >= 0 && e.Eccentricity < 1) {
		return &Error{Code: CodeMeanElements, CatalogNumber: s.catalog}
	}
	if !(e.MeanMotion > 0) {
		return &Error{Code: CodeMeanMotion, CatalogNumber: s.catalog}
	}

	s.re = g.RadiusKm
	s.xke = g.XKE
	s.j2 = g.J2
	s.j3oj2 = g.J3 / g.J2
	s.vkmpersec = g.RadiusKm * g.XKE / 60
	j2, j4, xke := g.J2, g.J4, g.XKE

	s.ecco = e.Eccentricity
	s.inclo = e.Inclination.Deg() * deg
	s.nodeo = e.RAAN.Deg() * deg
	s.argpo = e.ArgPerigee.Deg() * deg
	s.mo = e.MeanAnomaly.Deg() * deg
	s.bstar = e.BStar
	// The epoch as Vallado's sgp4init takes it: days since 1950 Jan 0.0,
	// from the Julian date rounded to one float64 (its resolution there is
	// 4.7e-10 days, 40 µs). The lunar-solar terms are sensitive to it: for
	// 23333 in the verification set, the exact two-part epoch moves the
	// position by 4e-6 km from the reference output.
	jd := e.EpochJD.Day + e.EpochJD.Frac
	epoch1950 := jd - julian1950

	// Brouwer mean motion and semi-major axis from the Kozai mean motion
	// (initl).
	ecco := s.ecco
	eccsq := ecco * ecco
	omeosq := 1 - eccsq
	rteosq := math.Sqrt(omeosq)
	s.sinio, s.cosio = math.Sincos(s.inclo)
	cosio := s.cosio
	cosio2 := cosio * cosio
	noKozai := e.MeanMotion / xpdotp
	ak := math.Pow(xke/noKozai, x2o3)
	d1 := 0.75 * j2 * (3*cosio2 - 1) / (rteosq * omeosq)
	del := d1 / (ak * ak)
	adel := ak * (1 - del*del - del*(1.0/3.0+134*del*del/81))
	del = d1 / (adel * adel)
	s.no = noKozai / (1 + del)
	no := s.no
	ao := math.Pow(xke/no, x2o3)
	s.ao = ao
	po := ao * omeosq
	con42 := 1 - 5*cosio2
	s.con41 = -con42 - cosio2 - cosio2
	posq := po * po
	rp := ao * (1 - ecco)

	// Atmospheric density parameters s and q0: fixed above a perigee of
	// 156 km, adjusted below it.
	sfour := 78/s.re + 1
	qzms24 := pow4((120 - 78) / s.re)
	s.simpleDrag = rp < 220/s.re+1
	if perigee := (rp - 1) * s.re; perigee < 156 {
		sfour = perigee - 78
		if perigee < 98 {
			sfour = 20
		}
		qzms24 = pow4((120 - sfour) / s.re)
		sfour = sfour/s.re + 1
	}

	pinvsq := 1 / posq
	tsi := 1 / (ao - sfour)
	s.eta = ao * ecco * tsi
	etasq := s.eta * s.eta
	eeta := ecco * s.eta
	psisq := math.Abs(1 - etasq)
	coef := qzms24 * pow4(tsi)
	coef1 := coef / math.Pow(psisq, 3.5)
	cc2 := coef1 * no * (ao*(1+1.5*etasq+eeta*(4+etasq)) +
		0.375*j2*tsi/psisq*s.con41*(8+3*etasq*(8+etasq)))
	s.cc1 = s.bstar * cc2
	cc3 := 0.0
	if ecco > 1e-4 {
		cc3 = -2 * coef * tsi * s.j3oj2 * no * s.sinio / ecco
	}
	s.x1mth2 = 1 - cosio2
	s.cc4 = 2 * no * coef1 * ao * omeosq *
		(s.eta*(2+0.5*etasq) + ecco*(0.5+2*etasq) -
			j2*tsi/(ao*psisq)*(-3*s.con41*(1-2*eeta+etasq*(1.5-0.5*eeta))+
				0.75*s.x1mth2*(2*etasq-eeta*(1+etasq))*math.Cos(2*s.argpo)))
	s.cc5 = 2 * coef1 * ao * omeosq * (1 + 2.75*(etasq+eeta) + eeta*etasq)

	// Secular rates from J2 and J4.
	cosio4 := cosio2 * cosio2
	temp1 := 1.5 * j2 * pinvsq * no
	temp2 := 0.5 * temp1 * j2 * pinvsq
	temp3 := -0.46875 * j4 * pinvsq * pinvsq * no
	s.mdot = no + 0.5*temp1*rteosq*s.con41 + 0.0625*temp2*rteosq*(13-78*cosio2+137*cosio4)
	s.argpdot = -0.5*temp1*con42 + 0.0625*temp2*(7-114*cosio2+395*cosio4) +
		temp3*(3-36*cosio2+49*cosio4)
	xhdot1 := -temp1 * cosio
	s.nodedot = xhdot1 + (0.5*temp2*(4-19*cosio2)+2*temp3*(3-7*cosio2))*cosio
	xpidot := s.argpdot + s.nodedot
	s.omgcof = s.bstar * cc3 * math.Cos(s.argpo)
	if ecco > 1e-4 {
		s.xmcof = -x2o3 * coef * s.bstar / eeta
	}
	s.nodecf = 3.5 * omeosq * xhdot1 * s.cc1
	s.t2cof = 1.5 * s.cc1
	s.xlcof, s.aycof = longPeriodCoefficients(s.j3oj2, s.sinio, cosio)
	s.delmo = cube(1 + s.eta*math.Cos(s.mo))
	s.sinmao = math.Sin(s.mo)
	s.x7thm1 = 7*cosio2 - 1

	if twoPi/no >= 225 {
		s.deep = true
		s.simpleDrag = true
		s.ds.init(s, epoch1950, timescale.GMST(timescale.JD{Day: jd}), eccsq, xpidot)
	}
	if !s.simpleDrag {
		cc1sq := s.cc1 * s.cc1
		s.d2 = 4 * ao * tsi * cc1sq
		temp := s.d2 * tsi * s.cc1 / 3
		s.d3 = (17*ao + sfour) * temp
		s.d4 = 0.5 * temp * ao * tsi * (221*ao + 31*sfour) * s.cc1
		s.t3cof = s.d2 + 2*cc1sq
		s.t4cof = 0.25 * (3*s.d3 + s.cc1*(12*s.d2+10*cc1sq))
		s.t5cof = 0.2 * (3*s.d4 + 12*s.cc1*s.d3 + 6*s.d2*s.d2 + 15*cc1sq*(2*s.d2+cc1sq))
	}

	// No drag term depends on the mean anomaly's sine or cosine: η = 0
	// (a circular orbit) and B*·C5 = 0 (no drag), as in the element sets
	// of Walker shells. See Propagate.
	s.dragFreeCircular = !s.simpleDrag && s.eta == 0 && s.bstar*s.cc5 == 0 &&
		finite(s.sinmao) && finite(s.delmo)

	// The reference ends initialisation with a propagation to epoch; its
	// error, if any, is the initialisation's.
	if _, _, err := s.Propagate(0); err != nil {
		return err
	}
	return nil
}

// longPeriodCoefficients returns the coefficients of the long-period J3
// terms in mean longitude and in aₓₙ (xlcof, aycof), guarding the division
// by 1 + cos i at an inclination of 180°.
func longPeriodCoefficients(j3oj2, sini, cosi float64) (xlcof, aycof float64) {
	den := 1 + cosi
	if math.Abs(den) <= 1.5e-12 {
		den = 1.5e-12
	}
	return -0.25 * j3oj2 * sini * (3 + 5*cosi) / den, -0.5 * j3oj2 * sini
}

func pow4(x float64) float64 { x2 := x * x; return x2 * x2 }

// finite reports whether x is neither infinite nor NaN.
func finite(x float64) bool  { return x-x == 0 }
func cube(x float64) float64 { return x * x * x }

// Propagate returns the position (km) and velocity (km/s) in the TEME frame
// (true equator, mean equinox of date) tsince minutes after the epoch;
// tsince may be negative.
//
// It fails with an *Error (and zero vectors) when the model breaks down at
// that time: CodeMeanMotion, CodeMeanElements, CodePerturbedElements,
// CodeSemiLatusRectum or CodeDecayed, checked in that order as in the
// reference. A tsince that is NaN or beyond ±MaxTsince gives ErrTimeRange.
// Propagate does not allocate unless it fails; its cost is
// constant except for resonant deep-space orbits (periods near 12 h or 24 h),
// whose resonance terms are integrated from epoch in 720-minute steps, so
// the cost grows as |tsince|/720.
func (s *Satellite) Propagate(tsince float64) (r, v vec.Vec3, err error) {
	var c Cache
	return s.PropagateCached(tsince, &c)
}

// Cache carries, from one propagation to the next, the reductions modulo
// 2π and the sines and cosines of the argument of perigee and of the node,
// keyed by the exact angles: the satellites of a Walker shell share their
// argument of perigee at any instant and those of one orbital plane their
// node, so propagating a shell plane by plane to one instant with one
// Cache computes each of those once per plane or shell instead of once per
// satellite. A value from the Cache is the one the computation it stands
// for returns for that angle, so the results do not depend on the Cache
// (TestCache). The zero Cache is empty; a Cache is not safe for concurrent
// use.
type Cache struct {
	argMod, nodeMod memoMod2pi
	arg, node       memoSincos
}

type memoMod2pi struct {
	x, r float64
	ok   bool
}

// mod2pi returns mod2pi(x), from the memo when x is its last argument.
func (m *memoMod2pi) mod2pi(x float64) float64 {
	if m.ok && math.Float64bits(x) == math.Float64bits(m.x) {
		return m.r
	}
	*m = memoMod2pi{x: x, r: mod2pi(x), ok: true}
	return m.r
}

type memoSincos struct {
	x, sin, cos float64
	ok          bool
}

// sincos returns math.Sincos(x), from the memo when x is its last argument.
func (m *memoSincos) sincos(x float64) (float64, float64) {
	if !m.ok || math.Float64bits(x) != math.Float64bits(m.x) {
		m.sin, m.cos = math.Sincos(x)
		m.x, m.ok = x, true
	}
	return m.sin, m.cos
}

// PropagateCached is Propagate with the Cache c: the same results, bit for
// bit, for less work when c has seen a satellite of the same shell or
// plane at the same instant.
func (s *Satellite) PropagateCached(tsince float64, c *Cache) (r, v vec.Vec3, err error) {
	if !(tsince <= MaxTsince && tsince >= -MaxTsince) {
		return r, v, ErrTimeRange // also NaN, which would never end the resonance loop
	}
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
		t3 := t2 * t
		t4 := t3 * t
		tempa = tempa - s.d2*t2 - s.d3*t3 - s.d4*t4
		templ = templ + s.t3cof*t3 + t4*(s.t4cof+t*s.t5cof)
		// The drag terms need sin and cos of the mean anomaly only through
		// η·cos M and B*·C5·(sin M′ − sin M₀). With dragFreeCircular (η = 0,
		// B*·C5 = 0) and everything finite they change nothing, so the
		// sine and cosine are not computed:
		//   - η·cos M is ±0, 1 + η·cos M is 1, cube(1) is 1, so delm is
		//     xmcof·(1 − delmo) exactly;
		//   - B*·C5·(sin M′ − sin M₀) is a zero (sin M′ is finite when temp
		//     is), and adding a zero to tempe can at most change the sign of
		//     a zero tempe; tempe is only subtracted from em, where a zero
		//     leaves a non-zero em as it is and a zero em, whatever its
		//     sign, is raised to 1e-6 below.
		// TestDragFreeCircular compares the two paths bit for bit.
		var temp float64
		if s.dragFreeCircular && finite(xmdf) && finite(delomg+s.xmcof*(1-s.delmo)) {
			temp = delomg + s.xmcof*(1-s.delmo)
		} else {
			sinxmdf, cosxmdf := math.Sincos(xmdf)
			delm := s.xmcof * (cube(1+s.eta*cosxmdf) - s.delmo)
			temp = delomg + delm
			sinmm, _ := addAngle(sinxmdf, cosxmdf, temp) // sin(mm)
			tempe = tempe + s.bstar*s.cc5*(sinmm-s.sinmao)
		}
		mm = xmdf + temp
		argpm = argpdf - temp
	}

	nm := s.no
	em := s.ecco
	inclm := s.inclo
	am := s.ao // (xke/nm)^⅔ while nm is the constant no
	if s.deep {
		em, inclm, argpm, nodem, mm, nm = s.ds.secular(s, t, em, inclm, argpm, nodem, mm)
	}
	if nm <= 0 { // also the zero Satellite
		return r, v, s.fail(CodeMeanMotion, tsince)
	}
	if nm != s.no { // resonant deep space
		am = math.Cbrt((s.xke / nm) * (s.xke / nm))
	}
	am *= tempa * tempa
	sqrtAm := math.Sqrt(am)
	nm = s.xke / (am * sqrtAm)
	em -= tempe
	if em >= 1 || em < -0.001 {
		return r, v, s.fail(CodeMeanElements, tsince)
	}
	if em < 1e-6 {
		em = 1e-6
	}
	mm += s.no * templ
	xlm := mm + argpm + nodem
	nodem = c.nodeMod.mod2pi(nodem)
	argpm = c.argMod.mod2pi(argpm)
	xlm = mod2pi(xlm)
	mm = mod2pi(xlm - argpm - nodem)

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
			return r, v, s.fail(CodePerturbedElements, tsince)
		}
		sinip, cosip = math.Sincos(xincp)
		xlcof, aycof = longPeriodCoefficients(s.j3oj2, sinip, cosip)
		cosisq := cosip * cosip
		con41 = 3*cosisq - 1
		x1mth2 = 1 - cosisq
		x7thm1 = 7*cosisq - 1
	}

	// Long-period periodics.
	sinargp, cosargp := c.arg.sincos(argpp)
	axnl := ep * cosargp
	temp := 1 / (am * (1 - ep*ep))
	aynl := ep*sinargp + temp*aycof
	xl := mp + argpp + nodep + temp*xlcof*axnl

	// Kepler's equation for E + ω, Newton's method with the step bounded
	// to ±0.95 rad, at most 10 iterations. As in the reference, the sine
	// and cosine kept are those of the last iterate before its final
	// correction. Each iterate's sine and cosine come from the previous
	// ones by a rotation (addAngle), exact to rounding.
	u := mod2pi(xl - nodep)
	eo1 := u
	sineo1, coseo1 := math.Sincos(eo1)
	for i := 1; ; i++ {
		tem5 := (u - aynl*coseo1 + axnl*sineo1 - eo1) / (1 - coseo1*axnl - sineo1*aynl)
		if tem5 >= 0.95 {
			tem5 = 0.95
		} else if tem5 <= -0.95 {
			tem5 = -0.95
		}
		eo1 += tem5
		if (tem5 < 1e-12 && tem5 > -1e-12) || i == 10 {
			break
		}
		sineo1, coseo1 = addAngle(sineo1, coseo1, tem5)
	}

	// Short-period preliminary quantities.
	ecose := axnl*coseo1 + aynl*sineo1
	esine := axnl*sineo1 - aynl*coseo1
	el2 := axnl*axnl + aynl*aynl
	pl := am * (1 - el2)
	if pl < 0 {
		return r, v, s.fail(CodeSemiLatusRectum, tsince)
	}
	rl := am * (1 - ecose)
	invRl := 1 / rl
	rdotl := sqrtAm * esine * invRl
	rvdotl := math.Sqrt(pl) * invRl
	betal := math.Sqrt(1 - el2)
	temp = esine / (1 + betal)
	amOverRl := am * invRl
	sinu := amOverRl * (sineo1 - aynl - axnl*temp)
	cosu := amOverRl * (coseo1 - axnl + aynl*temp)
	sin2u := (cosu + cosu) * sinu
	cos2u := 1 - 2*sinu*sinu
	temp = 1 / pl
	temp1 := 0.5 * s.j2 * temp
	temp2 := temp1 * temp

	// Short-period periodics.
	mrt := rl*(1-1.5*temp2*betal*con41) + 0.5*temp1*x1mth2*cos2u
	if mrt < 1 {
		return r, v, s.fail(CodeDecayed, tsince)
	}
	nmt := nm * temp1 / s.xke
	mvt := rdotl - nmt*x1mth2*sin2u
	rvdot := rvdotl + nmt*(x1mth2*cos2u+1.5*con41)

	// The short-period corrections of the argument of latitude, the node
	// and the inclination, applied as rotations of their sines and cosines
	// (the reference adds them to the angles: su = atan2(sinu, cosu) − …).
	norm := 1 / math.Sqrt(sinu*sinu+cosu*cosu)
	sinsu, cossu := addAngle(sinu*norm, cosu*norm, -0.25*temp2*x7thm1*sin2u)
	snod, cnod := c.node.sincos(nodep)
	snod, cnod = addAngle(snod, cnod, 1.5*temp2*cosip*sin2u)
	sini, cosi := addAngle(sinip, cosip, 1.5*temp2*cosip*sinip*cos2u)

	// Orientation vectors: u points to the satellite, w along its motion.
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
	return r, v, nil
}

// PropagateJD is Propagate at the UTC Julian date j.
func (s *Satellite) PropagateJD(j timescale.JD) (r, v vec.Vec3, err error) {
	return s.Propagate(j.MinutesSince(s.epoch))
}

// fail builds the error for code at tsince. It is kept out of line so the
// allocation stays off Propagate's successful path.
//
//go:noinline
func (s *Satellite) fail(code int, tsince float64) error {
	return &Error{Code: code, CatalogNumber: s.catalog, Tsince: tsince}
}

// mod2pi returns math.Mod(x, 2π), the remainder with the sign of x, exactly
// (as C's fmod). math.Mod runs a loop over the bits of the quotient; this
// takes the quotient from one multiplication, corrects it by one where that
// rounded across an integer, and forms x − n·2π with a fused multiply-add,
// which is exact because the remainder is representable.
func mod2pi(x float64) float64 {
	const inv2Pi = 1 / twoPi
	q := x * inv2Pi
	if !(q < 1<<52 && q > -1<<52) {
		return math.Mod(x, twoPi)
	}
	n := float64(int64(q)) // truncates toward zero, like math.Trunc but cheaper
	r := math.FMA(-n, twoPi, x)
	if x >= 0 {
		if r < 0 {
			r += twoPi
		} else if r >= twoPi {
			r -= twoPi
		}
	} else {
		if r > 0 {
			r -= twoPi
		} else if r <= -twoPi {
			r += twoPi
		}
	}
	return r
}

// addAngle returns sin(θ+δ) and cos(θ+δ) from sθ = sin θ and cθ = cos θ.
// Small δ, the usual case (short-period corrections and Newton steps), costs
// a few multiplications: sin δ and cos δ − 1 come from their Taylor series,
// which are exact to rounding for |δ| ≤ 1/64 (the first omitted terms are
// below 1e-20 relative).
func addAngle(sθ, cθ, δ float64) (float64, float64) {
	var sδ, cδm1 float64             // sin δ, cos δ − 1
	if δ <= 1.0/64 && δ >= -1.0/64 { // |δ| ≤ 1/64 without moving δ out of the FP registers

		d2 := δ * δ
		sδ = δ + δ*d2*(-1.0/6+d2*(1.0/120+d2*(-1.0/5040)))
		cδm1 = d2 * (-1.0/2 + d2*(1.0/24+d2*(-1.0/720+d2*(1.0/40320))))
	} else {
		var cδ float64
		sδ, cδ = math.Sincos(δ)
		cδm1 = cδ - 1
	}
	return sθ + (sθ*cδm1 + cθ*sδ), cθ + (cθ*cδm1 - sθ*sδ)
}
