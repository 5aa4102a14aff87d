package ground

import "orbitnet/internal/namematch"

// UnknownError reports a name that matched nothing, with close matches.
type UnknownError = namematch.UnknownError

func newMatcher() *namematch.Matcher { return namematch.New() }

func nameParts(name string) (whole, base, paren string) { return namematch.NameParts(name) }

func fold(s string) string { return namematch.Fold(s) }

// Find returns the node in nodes whose name matches name: case, accents
// and punctuation are ignored, and the part of a node's name before a
// comma or parenthesis, the text in parentheses and the node's ID also
// match ("Frankfurt" finds the gateway "Frankfurt, DE"; "wrswpol1" finds
// the PoP "Warsaw"). Where two nodes share such a short name the earlier
// one wins. A name that matches no node's name but is a name LookupCity
// knows finds the node at that city's position ("Lvov" finds the node
// "Lviv", "Kiev" a node at Kyiv named "HQ"). A name that matches nothing gives an *UnknownError with close
// matches.
//
// A name written as "lat,lon" (see ParseLatLon) is a position, never a
// name: it finds the first node at exactly that place (SamePlace), so
// "-10,20" cannot find the node "10,20".
func Find(nodes []Node, name string) (Node, error) {
	pos, isCoord, err := ParseLatLon(name)
	if err != nil {
		return Node{}, err
	}
	if isCoord {
		for _, n := range nodes {
			if SamePlace(n.Pos, pos) {
				return n, nil
			}
		}
		return Node{}, &UnknownError{What: "node", Name: name}
	}
	m := newMatcher()
	for i, n := range nodes {
		m.Add(n.Name, i)
	}
	for i, n := range nodes {
		_, base, paren := nameParts(n.Name)
		m.Add(base, i)
		m.Add(paren, i)
		m.Add(n.ID, i)
	}
	i, ok, sug := m.Find(name)
	if !ok {
		// another name of a city that a node stands at ("Lvov" or "Kyiv
		// (Kiev)" for the preset's Lviv and Kyiv)
		if city, err := LookupCity(name); err == nil {
			for _, n := range nodes {
				if SamePlace(n.Pos, city.Pos) {
					return n, nil
				}
			}
		}
		return Node{}, &UnknownError{What: "node", Name: name, Suggestions: sug}
	}
	return nodes[i], nil
}
