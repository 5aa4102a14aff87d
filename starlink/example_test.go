package starlink_test

import (
	"fmt"
	"time"

	"orbitnet/starlink"
)

// The terrestrial part of a Starlink user's RTT from the Warsaw PoP to New
// York (6,860 km): fibre along 1.5× the geodesic plus seven exchanges,
// both ways.
func ExampleParams_Terrestrial() {
	p := starlink.Defaults
	fmt.Println((2 * p.Terrestrial(6860)).Round(time.Microsecond))
	// Output: 104.275ms
}

// Slot boundaries fall at :12, :27, :42 and :57 past each minute.
func ExampleSlotStartAfter() {
	t := time.Date(2026, 2, 23, 10, 0, 30, 0, time.UTC)
	fmt.Println(starlink.SlotStartAfter(t).Format("15:04:05"))
	// Output: 10:00:42
}
