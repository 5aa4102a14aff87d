package region

import "orbitnet/internal/namematch"

// UnknownError reports a name that matched nothing, with close matches.
type UnknownError = namematch.UnknownError

func newMatcher() *namematch.Matcher { return namematch.New() }
