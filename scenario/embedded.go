package scenario

import (
	"embed"
	"fmt"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
)

//go:embed embedded/*.yaml
var embeddedFS embed.FS

// Embedded returns the text of an embedded scenario.
func Embedded(name string) ([]byte, error) {
	b, err := embeddedFS.ReadFile("embedded/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no scenario file or embedded scenario named %q (embedded: %s)", name, strings.Join(EmbeddedNames(), ", "))
	}
	return b, nil
}

// EmbeddedNames lists the embedded scenarios, sorted.
func EmbeddedNames() []string {
	ents, _ := embeddedFS.ReadDir("embedded")
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(out)
	return out
}

// EmbeddedDescription returns the description key of an embedded scenario.
func EmbeddedDescription(name string) string {
	b, err := Embedded(name)
	if err != nil {
		return ""
	}
	var f struct {
		Description string `yaml:"description"`
	}
	_ = yaml.Unmarshal(b, &f)
	return f.Description
}

// Default is the scenario `orbitnet run` uses when given none.
const Default = "starlink-shell1"
