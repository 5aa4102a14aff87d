// Package ground describes the ground segment of a satellite network: the
// places that talk to satellites or to each other over terrestrial links.
//
// A Node is one such place: a generic Station (for example a city used as a
// traffic endpoint), a user Terminal, a Gateway (a satellite ground station
// with several antennas) or a PoP (an internet point of presence that
// gateways reach over fibre). Positions are WGS-84 geodetic coordinates
// (frame.Geodetic: units.Angle degrees, north and east positive, height a
// units.Length in km).
//
// Nodes come from three places:
//
//   - CSV files, read by ReadCSV: orbitnet's own format with a header line
//     (name,lat_deg,lon_deg[,alt_m,...]) or Hypatia's header-less
//     id,name,lat,lon,elev files.
//   - Presets embedded in the binary (Preset, PresetNames): Hypatia's city
//     lists, StarPerf's Starlink gateways and PoPs, and the Starlink PoP list
//     of clarkzjw/starlink-geoip. Each data file sits under data/ with the
//     PROVENANCE.md that records its source, licence and checksum.
//   - Names typed by a person (LookupCity, ParsePlace, Find), matched without
//     regard to case, accents, punctuation or common alternative names
//     ("Kiev", "Bombay", "NYC"), with suggestions when nothing matches.
//
// GeodesicKm gives the length of the shortest path on the WGS-84 ellipsoid
// between two ground points, for terrestrial (fibre) distances and checks.
//
// The package does no I/O of its own beyond the readers it is handed, and
// keeps no mutable global state: the embedded presets are parsed once and
// every call returns a fresh copy.
package ground
