package sgp4

import "math"

// Deep-space (SDP4) terms for orbits with a period of 225 minutes or more,
// after Vallado et al. (2006): dscom and dsinit (initialisation, here
// deepSpace.init), dspace (secular rates and resonance, deepSpace.secular)
// and dpper (lunar-solar periodics, deepSpace.periodics).

// Lunar and solar constants of SDP4 (Hujsak 1979, as in Spacetrack Report
// #3): mean motions of the perturbing bodies' mean anomalies (rad/min),
// their orbital eccentricities, and the coupling constants C1 of the Sun and
// the Moon.
const (
	zns  = 1.19459e-5   // solar mean motion
	zes  = 0.01675      // solar eccentricity
	c1ss = 2.9864797e-6 // solar perturbation coefficient
	znl  = 1.5835218e-4 // lunar mean motion
	zel  = 0.05490      // lunar eccentricity
	c1l  = 4.7968065e-7 // lunar perturbation coefficient

	// Solar ecliptic geometry: sin and cos of the obliquity, and of the
	// solar argument of perigee.
	zsinis = 0.39785416
	zcosis = 0.91744867
	zsings = -0.98088458
	zcosgs = 0.1945905

	// rptim is the Earth's rotation rate, rad/min (7.29211514668855e-5 rad/s).
	rptim = 4.37526908801129966e-3

	// Integration steps of the resonance terms, min, and step²/2.
	stepp = 720.0
	stepn = -720.0
	step2 = 259200.0
)

// Resonance kinds.
const (
	resonanceNone        = 0
	resonanceSynchronous = 1 // period near one day (geosynchronous)
	resonanceHalfDay     = 2 // period near 12 h with e ≥ 0.5 (Molniya-like)
)

// thirdBody holds the coefficients of one perturbing body's (Sun's or
// Moon's) long-period periodics (dscom's se2…sh3 for the Sun and
// ee2…xh3 for the Moon), and the body's mean anomaly at epoch.
type thirdBody struct {
	n, e, m0                                          float64 // mean motion (rad/min), eccentricity, mean anomaly at epoch (rad)
	e2, e3, i2, i3, l2, l3, l4, gh2, gh3, gh4, h2, h3 float64
}

// periodics returns the body's long-period perturbations at t minutes after
// epoch: of eccentricity (pe), inclination (pinc), mean anomaly (pl),
// argument of perigee before the node's share is removed (pgh), and node
// times sin i (ph).
func (b *thirdBody) periodics(t float64) (pe, pinc, pl, pgh, ph float64) {
	zm := b.m0 + b.n*t
	zf := zm + 2*b.e*math.Sin(zm)
	sinzf, coszf := math.Sincos(zf)
	f2 := 0.5*sinzf*sinzf - 0.25
	f3 := -0.5 * sinzf * coszf
	pe = b.e2*f2 + b.e3*f3
	pinc = b.i2*f2 + b.i3*f3
	pl = b.l2*f2 + b.l3*f3 + b.l4*sinzf
	pgh = b.gh2*f2 + b.gh3*f3 + b.gh4*sinzf
	ph = b.h2*f2 + b.h3*f3
	return
}

// bodyGeometry holds dscom's intermediate terms for one body: s1…s7 and
// z1…z33 (ss1…, sz1… for the Sun), which depend on the orientation of the
// body's orbit relative to the satellite's.
type bodyGeometry struct {
	s1, s2, s3, s4, s5, s6, s7                              float64
	z1, z2, z3, z11, z12, z13, z21, z22, z23, z31, z32, z33 float64
}

// satOrbit is the satellite's epoch orbit as bodyGeometry needs it.
type satOrbit struct {
	em, emsq, betasq, rtemsq float64
	sinim, cosim             float64 // inclination
	sinomm, cosomm           float64 // argument of perigee
	xnoi                     float64 // 1/n
}

// newBodyGeometry computes the terms for a body whose orbit has argument of
// perigee g, inclination i and node h (given as sines and cosines, relative
// to the equator of date) and coupling constant cc.
func newBodyGeometry(o *satOrbit, zcosg, zsing, zcosi, zsini, zcosh, zsinh, cc float64) bodyGeometry {
	a1 := zcosg*zcosh + zsing*zcosi*zsinh
	a3 := -zsing*zcosh + zcosg*zcosi*zsinh
	a7 := -zcosg*zsinh + zsing*zcosi*zcosh
	a8 := zsing * zsini
	a9 := zsing*zsinh + zcosg*zcosi*zcosh
	a10 := zcosg * zsini
	a2 := o.cosim*a7 + o.sinim*a8
	a4 := o.cosim*a9 + o.sinim*a10
	a5 := -o.sinim*a7 + o.cosim*a8
	a6 := -o.sinim*a9 + o.cosim*a10

	x1 := a1*o.cosomm + a2*o.sinomm
	x2 := a3*o.cosomm + a4*o.sinomm
	x3 := -a1*o.sinomm + a2*o.cosomm
	x4 := -a3*o.sinomm + a4*o.cosomm
	x5 := a5 * o.sinomm
	x6 := a6 * o.sinomm
	x7 := a5 * o.cosomm
	x8 := a6 * o.cosomm

	emsq := o.emsq
	var g bodyGeometry
	g.z31 = 12*x1*x1 - 3*x3*x3
	g.z32 = 24*x1*x2 - 6*x3*x4
	g.z33 = 12*x2*x2 - 3*x4*x4
	g.z1 = 3*(a1*a1+a2*a2) + g.z31*emsq
	g.z2 = 6*(a1*a3+a2*a4) + g.z32*emsq
	g.z3 = 3*(a3*a3+a4*a4) + g.z33*emsq
	g.z11 = -6*a1*a5 + emsq*(-24*x1*x7-6*x3*x5)
	g.z12 = -6*(a1*a6+a3*a5) + emsq*(-24*(x2*x7+x1*x8)-6*(x3*x6+x4*x5))
	g.z13 = -6*a3*a6 + emsq*(-24*x2*x8-6*x4*x6)
	g.z21 = 6*a2*a5 + emsq*(24*x1*x5-6*x3*x7)
	g.z22 = 6*(a4*a5+a2*a6) + emsq*(24*(x2*x5+x1*x6)-6*(x4*x7+x3*x8))
	g.z23 = 6*a4*a6 + emsq*(24*x2*x6-6*x4*x8)
	g.z1 = g.z1 + g.z1 + o.betasq*g.z31
	g.z2 = g.z2 + g.z2 + o.betasq*g.z32
	g.z3 = g.z3 + g.z3 + o.betasq*g.z33
	g.s3 = cc * o.xnoi
	g.s2 = -0.5 * g.s3 / o.rtemsq
	g.s4 = g.s3 * o.rtemsq
	g.s1 = -15 * o.em * g.s4
	g.s5 = x1*x3 + x2*x4
	g.s6 = x2*x3 + x1*x4
	g.s7 = x2*x4 - x1*x3
	return g
}

// periodicCoefficients returns the body's long-period coefficients for a
// body of eccentricity ze.
func (g *bodyGeometry) periodicCoefficients(emsq, ze float64) thirdBody {
	return thirdBody{
		e:   ze,
		e2:  2 * g.s1 * g.s6,
		e3:  2 * g.s1 * g.s7,
		i2:  2 * g.s2 * g.z12,
		i3:  2 * g.s2 * (g.z13 - g.z11),
		l2:  -2 * g.s3 * g.z2,
		l3:  -2 * g.s3 * (g.z3 - g.z1),
		l4:  -2 * g.s3 * (-21 - 9*emsq) * ze,
		gh2: 2 * g.s4 * g.z32,
		gh3: 2 * g.s4 * (g.z33 - g.z31),
		gh4: -18 * g.s4 * ze,
		h2:  -2 * g.s2 * g.z22,
		h3:  -2 * g.s2 * (g.z23 - g.z21),
	}
}

// secularRates returns the body's secular rates of eccentricity,
// inclination, mean anomaly, argument of perigee (before the node's share)
// and node (before division by sin i), for a body of mean motion zn.
func (g *bodyGeometry) secularRates(emsq, zn float64) (de, di, dm, dgh, dh float64) {
	de = g.s1 * zn * g.s5
	di = g.s2 * zn * (g.z11 + g.z13)
	dm = -zn * g.s3 * (g.z1 + g.z3 - 14 - 6*emsq)
	dgh = g.s4 * zn * (g.z31 + g.z33 - 6)
	dh = -zn * g.s2 * (g.z21 + g.z23)
	return
}

// deepSpace holds everything SDP4 adds to a Satellite.
type deepSpace struct {
	sun, moon thirdBody

	// Secular rates from the Sun and Moon (rad/min, 1/min).
	dedt, didt, dmdt, domdt, dnodt float64

	// Resonance with the Earth's tesseral harmonics.
	irez             int
	gsto             float64 // Greenwich sidereal angle at epoch, rad
	xlamo, xfact     float64 // resonant longitude at epoch and its rate offset
	del1, del2, del3 float64 // synchronous terms
	d2201, d2211     float64 // half-day terms
	d3210, d3222     float64
	d4410, d4422     float64
	d5220, d5232     float64
	d5421, d5433     float64
}

// init computes the lunar-solar and resonance terms (dscom and dsinit).
// s holds the near-Earth initialisation; epoch1950 is the epoch in days
// since 1950 Jan 0.0, gsto the sidereal angle at epoch.
func (d *deepSpace) init(s *Satellite, epoch1950, gsto, eccsq, xpidot float64) {
	// dscom: the satellite's epoch orbit.
	var o satOrbit
	o.em = s.ecco
	o.emsq = o.em * o.em
	o.betasq = 1 - o.emsq
	o.rtemsq = math.Sqrt(o.betasq)
	o.sinim, o.cosim = math.Sincos(s.inclo)
	o.sinomm, o.cosomm = math.Sincos(s.argpo)
	o.xnoi = 1 / s.no
	snodm, cnodm := math.Sincos(s.nodeo)

	// The Moon's orbit at epoch: node on the ecliptic, inclination to the
	// equator and argument of perigee.
	day := epoch1950 + 18261.5 // days since 1900 Jan 0.5
	xnodce := mod2pi(4.5236020 - 9.2422029e-4*day)
	stem, ctem := math.Sincos(xnodce)
	zcosil := 0.91375164 - 0.03568096*ctem
	zsinil := math.Sqrt(1 - zcosil*zcosil)
	zsinhl := 0.089683511 * stem / zsinil
	zcoshl := math.Sqrt(1 - zsinhl*zsinhl)
	gam := 5.8351514 + 0.0019443680*day
	zx := 0.39785416 * stem / zsinil
	zy := zcoshl*ctem + 0.91744867*zsinhl*stem
	zx = math.Atan2(zx, zy)
	zx = gam + zx - xnodce
	zcosgl := math.Cos(zx)
	zsingl := math.Sin(zx)

	sun := newBodyGeometry(&o, zcosgs, zsings, zcosis, zsinis, cnodm, snodm, c1ss)
	moon := newBodyGeometry(&o, zcosgl, zsingl, zcosil, zsinil,
		zcoshl*cnodm+zsinhl*snodm, snodm*zcoshl-cnodm*zsinhl, c1l)

	d.sun = sun.periodicCoefficients(o.emsq, zes)
	d.sun.n = zns
	d.sun.m0 = mod2pi(6.2565837 + 0.017201977*day)
	d.moon = moon.periodicCoefficients(o.emsq, zel)
	d.moon.n = znl
	d.moon.m0 = mod2pi(4.7199672 + 0.22997150*day - gam)

	// dsinit: secular rates from the Sun and Moon.
	inclm, sinim, cosim, emsq := s.inclo, o.sinim, o.cosim, o.emsq
	lowIncl := inclm < 5.2359877e-2 || inclm > math.Pi-5.2359877e-2 // within 3° of 0 or 180
	ses, sis, sls, sghs, shs := sun.secularRates(emsq, zns)
	if lowIncl {
		shs = 0
	}
	if sinim != 0 {
		shs /= sinim
	}
	sgs := sghs - cosim*shs
	lde, ldi, ldm, sghl, shll := moon.secularRates(emsq, znl)
	d.dedt = ses + lde
	d.didt = sis + ldi
	d.dmdt = sls + ldm
	if lowIncl {
		shll = 0
	}
	d.domdt = sgs + sghl
	d.dnodt = shs
	if sinim != 0 {
		d.domdt -= cosim / sinim * shll
		d.dnodt += shll / sinim
	}

	// Resonance.
	nm, em := s.no, s.ecco
	d.gsto = gsto
	switch {
	case nm < 0.0052359877 && nm > 0.0034906585:
		d.irez = resonanceSynchronous
	case nm >= 8.26e-3 && nm <= 9.24e-3 && em >= 0.5:
		d.irez = resonanceHalfDay
	default:
		return
	}
	theta := mod2pi(gsto)
	aonv := math.Pow(nm/s.xke, x2o3)
	if d.irez == resonanceSynchronous {
		const (
			q22 = 1.7891679e-6
			q31 = 2.1460748e-6
			q33 = 2.2123015e-7
		)
		g200 := 1 + emsq*(-2.5+0.8125*emsq)
		g310 := 1 + 2*emsq
		g300 := 1 + emsq*(-6+6.60937*emsq)
		f220 := 0.75 * (1 + cosim) * (1 + cosim)
		f311 := 0.9375*sinim*sinim*(1+3*cosim) - 0.75*(1+cosim)
		f330 := 1 + cosim
		f330 = 1.875 * f330 * f330 * f330
		del1 := 3 * nm * nm * aonv * aonv
		d.del2 = 2 * del1 * f220 * g200 * q22
		d.del3 = 3 * del1 * f330 * g300 * q33 * aonv
		d.del1 = del1 * f311 * g310 * q31 * aonv
		d.xlamo = mod2pi(s.mo + s.nodeo + s.argpo - theta)
		d.xfact = s.mdot + xpidot - rptim + d.dmdt + d.domdt + d.dnodt - s.no
		return
	}

	// Half-day resonance: the G functions of eccentricity (polynomial fits
	// in ranges of e), the F functions of inclination, and the D
	// coefficients.
	const (
		root22 = 1.7891679e-6
		root32 = 3.7393792e-7
		root44 = 7.3636953e-9
		root52 = 1.1428639e-7
		root54 = 2.1765803e-9
	)
	cosisq := cosim * cosim
	em = s.ecco
	emsq = eccsq
	eoc := em * emsq
	g201 := -0.306 - (em-0.64)*0.440
	var g211, g310, g322, g410, g422, g520, g521, g532, g533 float64
	if em <= 0.65 {
		g211 = 3.616 - 13.2470*em + 16.2900*emsq
		g310 = -19.302 + 117.3900*em - 228.4190*emsq + 156.5910*eoc
		g322 = -18.9068 + 109.7927*em - 214.6334*emsq + 146.5816*eoc
		g410 = -41.122 + 242.6940*em - 471.0940*emsq + 313.9530*eoc
		g422 = -146.407 + 841.8800*em - 1629.014*emsq + 1083.4350*eoc
		g520 = -532.114 + 3017.977*em - 5740.032*emsq + 3708.2760*eoc
	} else {
		g211 = -72.099 + 331.819*em - 508.738*emsq + 266.724*eoc
		g310 = -346.844 + 1582.851*em - 2415.925*emsq + 1246.113*eoc
		g322 = -342.585 + 1554.908*em - 2366.899*emsq + 1215.972*eoc
		g410 = -1052.797 + 4758.686*em - 7193.992*emsq + 3651.957*eoc
		g422 = -3581.690 + 16178.110*em - 24462.770*emsq + 12422.520*eoc
		if em > 0.715 {
			g520 = -5149.66 + 29936.92*em - 54087.36*emsq + 31324.56*eoc
		} else {
			g520 = 1464.74 - 4664.75*em + 3763.64*emsq
		}
	}
	if em < 0.7 {
		g533 = -919.22770 + 4988.6100*em - 9064.7700*emsq + 5542.21*eoc
		g521 = -822.71072 + 4568.6173*em - 8491.4146*emsq + 5337.524*eoc
		g532 = -853.66600 + 4690.2500*em - 8624.7700*emsq + 5341.4*eoc
	} else {
		g533 = -37995.780 + 161616.52*em - 229838.20*emsq + 109377.94*eoc
		g521 = -51752.104 + 218913.95*em - 309468.16*emsq + 146349.42*eoc
		g532 = -40023.880 + 170470.89*em - 242699.48*emsq + 115605.82*eoc
	}

	sini2 := sinim * sinim
	f220 := 0.75 * (1 + 2*cosim + cosisq)
	f221 := 1.5 * sini2
	f321 := 1.875 * sinim * (1 - 2*cosim - 3*cosisq)
	f322 := -1.875 * sinim * (1 + 2*cosim - 3*cosisq)
	f441 := 35 * sini2 * f220
	f442 := 39.3750 * sini2 * sini2
	f522 := 9.84375 * sinim * (sini2*(1-2*cosim-5*cosisq) +
		0.33333333*(-2+4*cosim+6*cosisq))
	f523 := sinim * (4.92187512*sini2*(-2-4*cosim+10*cosisq) +
		6.56250012*(1+2*cosim-3*cosisq))
	f542 := 29.53125 * sinim * (2 - 8*cosim + cosisq*(-12+8*cosim+10*cosisq))
	f543 := 29.53125 * sinim * (-2 - 8*cosim + cosisq*(12+8*cosim-10*cosisq))

	xno2 := nm * nm
	ainv2 := aonv * aonv
	temp1 := 3 * xno2 * ainv2
	temp := temp1 * root22
	d.d2201 = temp * f220 * g201
	d.d2211 = temp * f221 * g211
	temp1 *= aonv
	temp = temp1 * root32
	d.d3210 = temp * f321 * g310
	d.d3222 = temp * f322 * g322
	temp1 *= aonv
	temp = 2 * temp1 * root44
	d.d4410 = temp * f441 * g410
	d.d4422 = temp * f442 * g422
	temp1 *= aonv
	temp = temp1 * root52
	d.d5220 = temp * f522 * g520
	d.d5232 = temp * f523 * g532
	temp = 2 * temp1 * root54
	d.d5421 = temp * f542 * g521
	d.d5433 = temp * f543 * g533
	d.xlamo = mod2pi(s.mo + s.nodeo + s.nodeo - theta - theta)
	d.xfact = s.mdot + d.dmdt + 2*(s.nodedot+d.dnodt-rptim) - s.no
}

// secular applies the lunar-solar secular rates at t minutes after epoch
// and, for a resonant orbit, integrates the resonance terms from epoch
// (dspace). It returns the updated mean elements and mean motion.
func (d *deepSpace) secular(s *Satellite, t, em, inclm, argpm, nodem, mm float64) (emOut, inclmOut, argpmOut, nodemOut, mmOut, nm float64) {
	em += d.dedt * t
	inclm += d.didt * t
	argpm += d.domdt * t
	nodem += d.dnodt * t
	mm += d.dmdt * t
	nm = s.no
	if d.irez == resonanceNone {
		return em, inclm, argpm, nodem, mm, nm
	}

	// Euler-Maclaurin integration of the resonant mean longitude xli and
	// mean motion xni, in fixed steps of ±720 min from epoch, then a Taylor
	// step for the remainder. The reference caches the last step to restart
	// from; the steps are the same either way, so restarting from epoch
	// gives the same numbers.
	theta := mod2pi(d.gsto + t*rptim)
	delt := stepn
	if t > 0 {
		delt = stepp
	}
	xli, xni, atime := d.xlamo, s.no, 0.0
	var xndt, xldot, xnddt, ft float64
	for {
		xndt, xldot, xnddt = d.resonanceRates(s, xli, xni, atime)
		if math.Abs(t-atime) < stepp {
			ft = t - atime
			break
		}
		xli += xldot*delt + xndt*step2
		xni += xndt*delt + xnddt*step2
		atime += delt
	}
	nm = xni + xndt*ft + xnddt*ft*ft*0.5
	xl := xli + xldot*ft + xndt*ft*ft*0.5
	if d.irez == resonanceSynchronous {
		mm = xl - nodem - argpm + theta
	} else {
		mm = xl - 2*nodem + 2*theta
	}
	dndt := nm - s.no
	nm = s.no + dndt
	return em, inclm, argpm, nodem, mm, nm
}

// resonanceRates returns the first and second derivatives of the resonant
// mean motion, and the rate of the resonant longitude, at (xli, xni) and
// atime minutes after epoch.
func (d *deepSpace) resonanceRates(s *Satellite, xli, xni, atime float64) (xndt, xldot, xnddt float64) {
	xldot = xni + d.xfact
	if d.irez == resonanceSynchronous {
		const (
			fasx2 = 0.13130908
			fasx4 = 2.8843198
			fasx6 = 0.37448087
		)
		s1, c1 := math.Sincos(xli - fasx2)
		s2, c2 := math.Sincos(2 * (xli - fasx4))
		s3, c3 := math.Sincos(3 * (xli - fasx6))
		xndt = d.del1*s1 + d.del2*s2 + d.del3*s3
		xnddt = d.del1*c1 + 2*d.del2*c2 + 3*d.del3*c3
		return xndt, xldot, xnddt * xldot
	}
	const (
		g22 = 5.7686396
		g32 = 0.95240898
		g44 = 1.8014998
		g52 = 1.0508330
		g54 = 4.4108898
	)
	xomi := s.argpo + s.argpdot*atime
	x2omi := xomi + xomi
	x2li := xli + xli
	s2201, c2201 := math.Sincos(x2omi + xli - g22)
	s2211, c2211 := math.Sincos(xli - g22)
	s3210, c3210 := math.Sincos(xomi + xli - g32)
	s3222, c3222 := math.Sincos(-xomi + xli - g32)
	s4410, c4410 := math.Sincos(x2omi + x2li - g44)
	s4422, c4422 := math.Sincos(x2li - g44)
	s5220, c5220 := math.Sincos(xomi + xli - g52)
	s5232, c5232 := math.Sincos(-xomi + xli - g52)
	s5421, c5421 := math.Sincos(xomi + x2li - g54)
	s5433, c5433 := math.Sincos(-xomi + x2li - g54)
	xndt = d.d2201*s2201 + d.d2211*s2211 + d.d3210*s3210 + d.d3222*s3222 +
		d.d4410*s4410 + d.d4422*s4422 + d.d5220*s5220 + d.d5232*s5232 +
		d.d5421*s5421 + d.d5433*s5433
	xnddt = d.d2201*c2201 + d.d2211*c2211 + d.d3210*c3210 + d.d3222*c3222 +
		d.d5220*c5220 + d.d5232*c5232 +
		2*(d.d4410*c4410+d.d4422*c4422+d.d5421*c5421+d.d5433*c5433)
	return xndt, xldot, xnddt * xldot
}

// periodics applies the lunar-solar periodics at t minutes after epoch to
// the mean elements (dpper). Below an inclination of 0.2 rad it uses
// Lyddane's modification, which avoids the division by sin i.
func (d *deepSpace) periodics(t, ep, inclp, nodep, argpp, mp float64) (epOut, inclpOut, nodepOut, argppOut, mpOut float64) {
	ses, sis, sls, sghs, shs := d.sun.periodics(t)
	sel, sil, sll, sghl, shll := d.moon.periodics(t)
	pe := ses + sel
	pinc := sis + sil
	pl := sls + sll
	pgh := sghs + sghl
	ph := shs + shll

	inclp += pinc
	ep += pe
	sinip, cosip := math.Sincos(inclp)
	if inclp >= 0.2 {
		ph /= sinip
		pgh -= cosip * ph
		argpp += pgh
		nodep += ph
		mp += pl
		return ep, inclp, nodep, argpp, mp
	}

	// Lyddane: perturb the node through the direction vector
	// (sin i sin Ω, sin i cos Ω) and the longitude of perigee through
	// ω + M + cos i·Ω.
	sinop, cosop := math.Sincos(nodep)
	alfdp := sinip * sinop
	betdp := sinip * cosop
	dalf := ph*cosop + pinc*cosip*sinop
	dbet := -ph*sinop + pinc*cosip*cosop
	alfdp += dalf
	betdp += dbet
	nodep = mod2pi(nodep)
	xls := mp + argpp + cosip*nodep
	dls := pl + pgh - pinc*nodep*sinip
	xls += dls
	xnoh := nodep
	nodep = math.Atan2(alfdp, betdp)
	if math.Abs(xnoh-nodep) > math.Pi {
		if nodep < xnoh {
			nodep += twoPi
		} else {
			nodep -= twoPi
		}
	}
	mp += pl
	argpp = xls - mp - cosip*nodep
	return ep, inclp, nodep, argpp, mp
}
