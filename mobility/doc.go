// Package mobility gives ground nodes that move: a Track is a time-ordered
// list of WGS-84 positions between which a node moves along the great
// circle at a steady speed, with its height interpolated linearly.
//
// Tracks come from a flight between two places (Flight: climb, cruise and
// descent along the great circle), from waypoints with times or speeds
// (Waypoints: ships, vehicles), or from a GPX or CSV track file (ReadGPX,
// ReadCSV). Every constructor checks that times increase and that the
// speed between consecutive points stays within the limit of the node's
// Kind (MaxSpeedKmh), and parsers cap their input (MaxFileBytes,
// MaxPoints) before allocating.
//
// Places are airports by IATA code (the embedded OurAirports table, see
// data/PROVENANCE.md), cities (ground.LookupCity) or "lat,lon".
//
// Great-circle interpolation treats geodetic latitude and longitude as
// spherical coordinates; between points a few hundred kilometres apart this
// departs from the WGS-84 geodesic by well under 0.5 % in length, which the
// tests check against ground.GeodesicKm.
package mobility
