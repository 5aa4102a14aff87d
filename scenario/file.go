// Package scenario reads orbitnet scenario files (YAML, strict), fills in
// defaults, validates them with errors that name the file, line, column and
// key, and resolves them into the engine's configuration (sim.Config).
//
// The schema is documented key by key in docs/scenario.md; File mirrors it.
package scenario

// File is a scenario file as written, before defaults. Field names follow
// the YAML keys. Pointers mark keys whose absence means "use the default".
type File struct {
	Name          string        `yaml:"name" json:"name"`
	Description   string        `yaml:"description,omitempty" json:"description,omitempty"`
	Start         string        `yaml:"start,omitempty" json:"start"`
	Duration      string        `yaml:"duration,omitempty" json:"duration"`
	Step          string        `yaml:"step,omitempty" json:"step"`
	Constellation Constellation `yaml:"constellation" json:"constellation"`
	Ground        Ground        `yaml:"ground" json:"ground"`
	Links         Links         `yaml:"links" json:"links"`
	Routing       Routing       `yaml:"routing" json:"routing"`
	Pairs         any           `yaml:"pairs,omitempty" json:"pairs"`
	Output        Output        `yaml:"output" json:"output"`
	// Failures are what-if outages; run reports results with and without them.
	Failures []FailureEntry `yaml:"failures,omitempty" json:"failures,omitempty"`
	// Sweep expands the scenario into variants for orbitnet plan (see
	// sweep.go); run ignores it.
	Sweep *Sweep `yaml:"sweep,omitempty" json:"sweep,omitempty"`
}

// FailureEntry is one what-if outage (see docs/scenario.md).
type FailureEntry struct {
	Name     string   `yaml:"name,omitempty" json:"name"`
	Kind     string   `yaml:"kind" json:"kind"` // satellites, planes, isls, gateways, pops, jamming
	From     string   `yaml:"from,omitempty" json:"from,omitempty"`
	Until    string   `yaml:"until,omitempty" json:"until,omitempty"`
	Names    []string `yaml:"names,omitempty" json:"names,omitempty"`
	Planes   []string `yaml:"planes,omitempty" json:"planes,omitempty"`
	Fraction float64  `yaml:"fraction,omitempty" json:"fraction,omitempty"`
	Seed     uint64   `yaml:"seed,omitempty" json:"seed,omitempty"`
	Region   string   `yaml:"region,omitempty" json:"region,omitempty"`
}

// Constellation selects the satellites: exactly one of Preset, Shells, TLE,
// OMM or Catalog.
type Constellation struct {
	Preset  string  `yaml:"preset,omitempty" json:"preset,omitempty"`
	Shells  []Shell `yaml:"shells,omitempty" json:"shells,omitempty"`
	TLE     string  `yaml:"tle,omitempty" json:"tle,omitempty"`
	OMM     string  `yaml:"omm,omitempty" json:"omm,omitempty"`
	Catalog string  `yaml:"catalog,omitempty" json:"catalog,omitempty"` // an embedded catalog by name
	// AcceptBadChecksum accepts TLE lines whose checksum is wrong.
	AcceptBadChecksum bool `yaml:"accept_bad_checksum,omitempty" json:"accept_bad_checksum,omitempty"`
	// Shell restricts a catalog to the grouped shells whose names contain it
	// (e.g. "53.0deg"); empty keeps every shell.
	Shell string `yaml:"shell,omitempty" json:"shell,omitempty"`
}

// Shell is one Walker shell.
type Shell struct {
	Name           string  `yaml:"name" json:"name"`
	Planes         int     `yaml:"planes" json:"planes"`
	PerPlane       int     `yaml:"per_plane" json:"per_plane"`
	AltitudeKm     float64 `yaml:"altitude_km,omitempty" json:"altitude_km,omitempty"`
	InclinationDeg float64 `yaml:"inclination_deg" json:"inclination_deg"`
	Phasing        int     `yaml:"phasing" json:"phasing"`
	RAANSpreadDeg  float64 `yaml:"raan_spread_deg,omitempty" json:"raan_spread_deg,omitempty"`
	RAANOffsetDeg  float64 `yaml:"raan_offset_deg,omitempty" json:"raan_offset_deg,omitempty"`
	// MeanMotionRevPerDay replaces altitude_km: every orbit's mean motion
	// as given (e.g. to reproduce another tool's element sets).
	MeanMotionRevPerDay float64 `yaml:"mean_motion_rev_per_day,omitempty" json:"mean_motion_rev_per_day,omitempty"`
	// Stagger shifts odd planes by half a slot instead of Walker phasing
	// (Hypatia's layout).
	Stagger bool `yaml:"stagger,omitempty" json:"stagger,omitempty"`
}

// Ground lists the ground segment by kind.
type Ground struct {
	Stations  *NodeSource `yaml:"stations,omitempty" json:"stations,omitempty"`
	Terminals *NodeSource `yaml:"terminals,omitempty" json:"terminals,omitempty"`
	Gateways  *NodeSource `yaml:"gateways,omitempty" json:"gateways,omitempty"`
	PoPs      *NodeSource `yaml:"pops,omitempty" json:"pops,omitempty"`
}

// NodeSource is one way to give ground nodes; several may be combined.
type NodeSource struct {
	Preset string       `yaml:"preset,omitempty" json:"preset,omitempty"`
	File   string       `yaml:"file,omitempty" json:"file,omitempty"`
	Cities []string     `yaml:"cities,omitempty" json:"cities,omitempty"` // names or "lat,lon"
	Nodes  []InlineNode `yaml:"nodes,omitempty" json:"nodes,omitempty"`
	// Tracks are moving nodes (tracks.go): flights, waypoints, track files.
	Tracks []TrackSpec `yaml:"tracks,omitempty" json:"tracks,omitempty"`
	// Grid places nodes on an equal-area grid over a region.
	Grid *GridSpec `yaml:"grid,omitempty" json:"grid,omitempty"`
	// Only keeps the nodes (of the preset or file) with these names.
	Only []string `yaml:"only,omitempty" json:"only,omitempty"`
	// Region keeps the nodes inside a region (country name, ISO code or
	// GeoJSON file).
	Region string `yaml:"region,omitempty" json:"region,omitempty"`
	// Antennas sets the antenna count of every gateway of this source.
	Antennas int `yaml:"antennas,omitempty" json:"antennas,omitempty"`
}

// InlineNode is a ground node written in the scenario.
type InlineNode struct {
	Name   string  `yaml:"name" json:"name"`
	LatDeg float64 `yaml:"lat_deg" json:"lat_deg"`
	LonDeg float64 `yaml:"lon_deg" json:"lon_deg"`
	AltM   float64 `yaml:"alt_m,omitempty" json:"alt_m,omitempty"`
}

// GridSpec places nodes over a region.
type GridSpec struct {
	Region    string  `yaml:"region" json:"region"`
	SpacingKm float64 `yaml:"spacing_km" json:"spacing_km"`
	Prefix    string  `yaml:"prefix,omitempty" json:"prefix,omitempty"`
}

// Links configures laser, ground and fibre links.
type Links struct {
	ISL   ISL   `yaml:"isl" json:"isl"`
	GSL   GSL   `yaml:"gsl" json:"gsl"`
	Fiber Fiber `yaml:"fiber" json:"fiber"`
}

// ISL configures laser links.
type ISL struct {
	Pattern       string   `yaml:"pattern,omitempty" json:"pattern"`
	MaxRangeKm    *float64 `yaml:"max_range_km,omitempty" json:"max_range_km"`
	MinAltitudeKm *float64 `yaml:"min_altitude_km,omitempty" json:"min_altitude_km"`
	SeamOffset    *int     `yaml:"seam_offset,omitempty" json:"seam_offset,omitempty"`
	CrossShell    bool     `yaml:"cross_shell,omitempty" json:"cross_shell,omitempty"`
	// File lists the laser links (Hypatia's isls.txt: "A B" per line,
	// 0-based satellite indices in the constellation's order); it implies
	// pattern file.
	File string `yaml:"file,omitempty" json:"file,omitempty"`
}

// GSL configures ground-satellite links.
type GSL struct {
	MinElevationDeg *float64 `yaml:"min_elevation_deg,omitempty" json:"min_elevation_deg"`
	MaxRangeKm      *float64 `yaml:"max_range_km,omitempty" json:"max_range_km"`
	Policy          string   `yaml:"policy,omitempty" json:"policy"`
	Selection       string   `yaml:"selection,omitempty" json:"selection"`
}

// Fiber configures gateway→PoP fibre.
type Fiber struct {
	RefractiveIndex *float64 `yaml:"refractive_index,omitempty" json:"refractive_index"`
	RouteInflation  *float64 `yaml:"route_inflation,omitempty" json:"route_inflation"`
	PoPMesh         *bool    `yaml:"pop_mesh,omitempty" json:"pop_mesh"`
}

// Routing selects the routing mode.
type Routing struct {
	Mode string `yaml:"mode,omitempty" json:"mode"`
	// Starlink: parameters of the starlink mode (scenario/starlink.go).
	Starlink *StarlinkFile `yaml:"starlink,omitempty" json:"starlink,omitempty"`
}

// Output configures what run writes.
type Output struct {
	// AllPairs keeps statistics for every pair of endpoints (stations and
	// terminals) and, unless Parquet is false, writes rtt.parquet with every
	// pair and step.
	AllPairs bool `yaml:"all_pairs,omitempty" json:"all_pairs"`
	// AllPairsLimit restricts all_pairs to the first N endpoints in the
	// order they are listed (0 = all).
	AllPairsLimit int `yaml:"all_pairs_limit,omitempty" json:"all_pairs_limit,omitempty"`
	// Parquet overrides whether rtt.parquet is written (default: AllPairs).
	Parquet *bool `yaml:"parquet,omitempty" json:"parquet"`
	// Plots: write PNG and SVG plots (default true).
	Plots *bool `yaml:"plots,omitempty" json:"plots"`
	// Paths writes paths.csv: every listed pair's one-way delays and node
	// path at every step.
	Paths bool `yaml:"paths,omitempty" json:"paths,omitempty"`
	// Forwarding writes forwarding.csv: the next hop of every node toward
	// each node of the listed pairs, as changes from step to step.
	Forwarding bool `yaml:"forwarding,omitempty" json:"forwarding,omitempty"`
	// Terminals writes terminals.csv and terminal_timeline.csv (per-terminal
	// handovers, outages and RTT); always on when some node moves.
	Terminals bool `yaml:"terminals,omitempty" json:"terminals,omitempty"`
	// TerminalsParquet also writes terminal_timeline.parquet.
	TerminalsParquet bool `yaml:"terminals_parquet,omitempty" json:"terminals_parquet,omitempty"`
}
