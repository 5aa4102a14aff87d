package sgp4_test

import (
	"errors"
	"fmt"

	"orbitnet/orbit/sgp4"
	"orbitnet/orbit/tle"
)

// Propagate satellite 00005 (Vanguard 1, the first case of Vallado's
// verification set) to its epoch and half a day later.
func Example() {
	e, err := tle.ParseLines("",
		"1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753",
		"2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667")
	if err != nil {
		fmt.Println(err)
		return
	}
	sat, err := sgp4.New(e)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, tsince := range []float64{0, 720} {
		r, v, err := sat.Propagate(tsince)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("t=%4.0f min  r = [%10.3f %10.3f %10.3f] km  v = [%7.4f %7.4f %7.4f] km/s\n",
			tsince, r[0], r[1], r[2], v[0], v[1], v[2])
	}
	// Output:
	// t=   0 min  r = [  7022.465  -1400.083      0.040] km  v = [ 1.8938  6.4059  4.5348] km/s
	// t= 720 min  r = [ -7134.593   6531.686   3260.272] km  v = [-4.1138 -2.9119 -2.5573] km/s
}

// A decaying satellite: Propagate reports ErrDecayed once the radius falls
// below one Earth radius.
func ExampleError() {
	e, _ := tle.ParseLines("",
		"1 28872U 05037B   05333.02012661  .25992681  00000-0  24476-3 0  1534",
		"2 28872  96.4736 157.9986 0303955 244.0492 110.6523 16.46015938 10708")
	sat, _ := sgp4.New(e)
	for tsince := 50.0; tsince <= 60; tsince += 5 {
		_, _, err := sat.Propagate(tsince)
		var se *sgp4.Error
		switch {
		case errors.Is(err, sgp4.ErrDecayed) && errors.As(err, &se):
			fmt.Printf("t=%v: decayed (code %d)\n", tsince, se.Code)
		case err != nil:
			fmt.Println(err)
		default:
			fmt.Printf("t=%v: ok\n", tsince)
		}
	}
	// Output:
	// t=50: ok
	// t=55: decayed (code 6)
	// t=60: decayed (code 6)
}

// The times and line layout of Vallado's verification run.
func ExampleVerificationTimes() {
	fmt.Println(sgp4.VerificationTimes(-5184, -4896, 120))
	// Output:
	// [0 -5184 -5064 -4944 -4896]
}
