// Package region describes geographic areas, such as countries, as
// polygons in longitude and latitude, and answers the questions a coverage
// study asks of them: does a point lie inside, how large is the area, and
// which evenly spaced sample points cover it.
//
// Coordinates are degrees on WGS-84 (GeoJSON order: Point{Lon, Lat}, east
// and north positive). As RFC 7946 §3.1.1 prescribes for GeoJSON, an edge
// between two vertices is the straight line in the longitude–latitude plane
// (plate carrée), not the great circle; at the resolution of the embedded
// outlines (edges of tens of km) the difference is far below the
// outlines' own error. Areas are measured on a sphere of the WGS-84
// authalic radius (EarthRadiusKm), which has the ellipsoid's total area.
//
// Regions come from GeoJSON (Load, Read: Polygon, MultiPolygon, Feature,
// FeatureCollection and GeometryCollection, holes included) or from the
// embedded Natural Earth 1:110m country outlines (Lookup, by name or ISO
// 3166 code). The embedded files sit under data/ with the PROVENANCE.md
// that records their source, licence and checksum.
//
// Ukraine is the one country not taken from Natural Earth: Natural Earth
// v4 draws borders of de facto control and puts Crimea inside Russia,
// while orbitnet uses internationally recognised borders (UN General
// Assembly resolution 68/262). Lookup("Ukraine") therefore returns the
// Crimea-inclusive outline of data/ukraine-outline (itself derived from an
// earlier Natural Earth 1:110m release), and Lookup("Russia") returns
// Natural Earth's Russia without its Crimea polygon, so that the two do
// not overlap.
package region
