package topology

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadISLs(t *testing.T) {
	got, err := ReadISLs(strings.NewReader("# Hypatia isls.txt\n0 1\r\n\n2\t3\n 4 0 \n"), "isls.txt", 5)
	if err != nil {
		t.Fatal(err)
	}
	if want := [][2]int32{{0, 1}, {2, 3}, {4, 0}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, tc := range []struct{ in, want string }{
		{"0 1 2\n", "isls.txt:1: expected two satellite indices"},
		{"0\n", "isls.txt:1: expected two satellite indices"},
		{"0 x\n", `isls.txt:1: satellite index "x" is not an integer`},
		{"0 1\n1 5\n", "isls.txt:2: satellite index 5 out of range: the constellation has 5 satellites (indices 0 to 4)"},
		{"0 -1\n", "isls.txt:1: satellite index -1 out of range"},
		{"3 3\n", "isls.txt:1: links satellite 3 to itself"},
		{"0 1\n\n1 0\n", "isls.txt:3: link 0–1 already listed on line 1"},
		{"0 99999999999\n", `isls.txt:1: satellite index "99999999999" is not an integer`},
	} {
		_, err := ReadISLs(strings.NewReader(tc.in), "isls.txt", 5)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("ReadISLs(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

// TestListedPlan: a listed plan holds the links sorted, once each.
func TestListedPlan(t *testing.T) {
	plan, err := listedPlan([][2]int32{{3, 1}, {0, 2}, {1, 3}}, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plan.A, []int32{0, 1}) || !reflect.DeepEqual(plan.B, []int32{2, 3}) {
		t.Errorf("plan %v %v", plan.A, plan.B)
	}
	if _, err := listedPlan([][2]int32{{0, 4}}, 4); err == nil {
		t.Error("out-of-range index accepted")
	}
}

func FuzzReadISLs(f *testing.F) {
	f.Add("0 1\n2 3\n")
	f.Add("# c\n\n1\t0\r\n")
	f.Add("0 1 2\n")
	f.Fuzz(func(t *testing.T, in string) {
		links, err := ReadISLs(strings.NewReader(in), "f", 10)
		if err != nil {
			return
		}
		for _, l := range links {
			if l[0] < 0 || l[0] >= 10 || l[1] < 0 || l[1] >= 10 || l[0] == l[1] {
				t.Fatalf("accepted bad link %v", l)
			}
		}
		if _, err := listedPlan(links, 10); err != nil {
			t.Fatalf("accepted links that make no plan: %v", err)
		}
	})
}
