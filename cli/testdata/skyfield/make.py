#!/usr/bin/python3
# Writes skyfield.csv: states of the element sets in sample.tle computed by
# python-sgp4 (TEME) and Skyfield (ITRS and WGS-84 geodetic), with the
# UT1-UTC that Skyfield's built-in time scale uses at each instant.
# Run with Debian's packages: apt-get install python3-skyfield
#   cd cli/testdata/skyfield && /usr/bin/python3 make.py > skyfield.csv
from sgp4.api import jday
from skyfield.api import load, EarthSatellite, wgs84
from skyfield.framelib import itrs

ts = load.timescale(builtin=True)
lines = open('sample.tle').read().splitlines()
times = [(2026, 2, 23, 0, 0, 0.0), (2026, 2, 23, 0, 37, 12.5), (2026, 2, 23, 6, 0, 0.0), (2026, 2, 24, 12, 0, 0.0)]
print("name,norad,time,ut1_utc_s,teme_x,teme_y,teme_z,teme_vx,teme_vy,teme_vz,itrs_x,itrs_y,itrs_z,itrs_vx,itrs_vy,itrs_vz,lat_deg,lon_deg,alt_km")
for i in range(0, len(lines), 3):
    name, l1, l2 = lines[i].strip(), lines[i + 1], lines[i + 2]
    sat = EarthSatellite(l1, l2, name, ts)
    for tt in times:
        t = ts.utc(*tt)
        jd, fr = jday(*tt)
        e, r, v = sat.model.sgp4(jd, fr)
        if e != 0:
            continue
        p = sat.at(t)
        x, xv = p.frame_xyz_and_velocity(itrs)
        g = wgs84.geographic_position_of(p)
        stamp = "%04d-%02d-%02dT%02d:%02d:%06.3fZ" % tt
        vals = [float(t.dut1)] + list(r) + list(v) + list(x.km) + list(xv.km_per_s) + [g.latitude.degrees, g.longitude.degrees, g.elevation.km]
        print(",".join([name, str(sat.model.satnum), stamp] + ["%.10f" % a for a in vals]))
