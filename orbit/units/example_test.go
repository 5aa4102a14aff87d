package units_test

import (
	"fmt"

	"orbitnet/orbit/units"
)

// A ground-satellite link of 550 km, and the same distance in fibre.
func Example() {
	slant := units.Km(550)
	vacuum := units.LightDelay(slant, 1)
	fibre := units.LightDelay(slant, 1.467)
	fmt.Printf("vacuum %.4f ms, fibre %.4f ms\n", vacuum.Ms(), fibre.Ms())

	mask := units.Deg(25)
	fmt.Printf("mask %g° = %.6f rad\n", mask.Deg(), mask.Rad())
	fmt.Println(units.Ms(1.5).Duration())
	// Output:
	// vacuum 1.8346 ms, fibre 2.6914 ms
	// mask 25° = 0.436332 rad
	// 1.5ms
}

// LightPath inverts LightDelay in vacuum: a 10 ms one-way delay is about
// 3,000 km.
func ExampleLightPath() {
	fmt.Printf("%.3f km\n", units.LightPath(units.Ms(10)).Km())
	// Output: 2997.925 km
}
