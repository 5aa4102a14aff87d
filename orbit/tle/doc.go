// Package tle reads satellite mean element sets: NORAD two- and three-line
// element files (TLE/3LE) and CelesTrak OMM JSON. Both produce Elements.
package tle
