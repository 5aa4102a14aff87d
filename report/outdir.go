package report

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// OutputDir is a folder of output files committed all or nothing. Files are
// written into a staging folder next to the destination,
// ".<name>.<pid>-<random>.tmp"; Commit swaps it with the destination in one
// rename (Linux's renameat2 RENAME_EXCHANGE; elsewhere, or on a file system
// without it, the old folder is first moved aside), so a reader sees either
// all of the old outputs or all of the new ones. Abort, or a failing
// Commit, removes the staging folder and leaves the destination as it was.
//
// Entries of an existing destination that this run did not write (another
// command's subfolder such as coverage-ukraine, a file the user put there,
// an output this run was not asked for) are carried over into the new
// folder; entries this run wrote replace the old ones.
//
// A run that is killed leaves its staging folder (or, after a swap, the old
// folder) behind. CreateOutputDir removes such leftovers of dead processes
// before it starts: a staging folder (it holds the marker file
// ".orbitnet-staging-<pid>-<random>") is deleted, an old folder's entries
// are first carried over as Commit would have done.
//
// A destination that is a symbolic link stays one: the folder it points to
// is swapped.
//
// An OutputDir is not safe for concurrent use.
type OutputDir struct {
	dest   string // the destination folder
	stage  string // the staging folder
	marker string // marker file name inside stage
	files  []*AtomicFile
	done   bool
}

// stagingMarker prefixes the marker file of a staging folder.
const stagingMarker = ".orbitnet-staging-"

// CreateOutputDir prepares an all-or-nothing output folder at dest:
// it creates dest's parent if needed, removes what dead runs left next to
// dest, and creates the staging folder. It refuses a destination that
// exists and is not a folder, and one that is the working folder, one of
// its ancestors, the home folder or a file system root: swapping such a
// folder would pull it from under other programs.
func CreateOutputDir(dest string) (*OutputDir, error) {
	dest = filepath.Clean(dest)
	if fi, err := os.Lstat(dest); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// a link to the output folder: swap the folder it points to, keep the link
		target, err := filepath.EvalSymlinks(dest)
		if err != nil {
			return nil, fmt.Errorf("output folder %s: %w", dest, err)
		}
		dest = target
	}
	if err := checkSwappable(dest); err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output folder %s: %w", dest, err)
	}
	if fi, err := os.Stat(dest); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("output folder %s: exists and is not a folder", dest)
	}
	RemoveStale(dest)
	id := tmpID()
	stage := filepath.Join(parent, "."+filepath.Base(dest)+"."+id+".tmp")
	if err := os.Mkdir(stage, 0o755); err != nil {
		return nil, fmt.Errorf("output folder %s: %w", dest, err)
	}
	d := &OutputDir{dest: dest, stage: stage, marker: stagingMarker + id}
	if err := os.WriteFile(filepath.Join(stage, d.marker), nil, 0o644); err != nil {
		os.RemoveAll(stage)
		return nil, fmt.Errorf("output folder %s: %w", dest, err)
	}
	return d, nil
}

// checkSwappable refuses destinations that must not be swapped.
func checkSwappable(dest string) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return fmt.Errorf("output folder %s: %w", dest, err)
	}
	if filepath.Dir(abs) == abs {
		return fmt.Errorf("output folder %s: a file system root cannot be an output folder", dest)
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(abs, wd); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
			return fmt.Errorf("output folder %s: is the working folder or holds it; choose a folder of its own, such as %s", dest, filepath.Join(dest, "out"))
		}
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if h, err := filepath.Abs(home); err == nil && h == abs {
			return fmt.Errorf("output folder %s: is the home folder; choose a folder of its own", dest)
		}
	}
	return nil
}

// tmpID returns "<pid>-<random>", the part of a temporary name that says
// which process made it.
func tmpID() string {
	return strconv.Itoa(os.Getpid()) + "-" + strconv.FormatUint(rand.Uint64()%1e9, 10)
}

// Path returns the destination folder.
func (d *OutputDir) Path() string { return d.dest }

// Dir returns the staging folder: write into it (or use Create and File).
func (d *OutputDir) Dir() string { return d.stage }

// File returns the staging path of the output called name.
func (d *OutputDir) File(name string) string { return filepath.Join(d.stage, name) }

// Create creates an output file called name in the staging folder; Commit
// commits it with the others.
func (d *OutputDir) Create(name string) (*AtomicFile, error) {
	f, err := CreateAtomic(d.File(name))
	if err != nil {
		return nil, err
	}
	d.files = append(d.files, f)
	return f, nil
}

// Abort removes the staging folder and everything written into it. It is a
// no-op after Commit or a previous Abort.
func (d *OutputDir) Abort() {
	if d.done {
		return
	}
	d.done = true
	for _, f := range d.files {
		f.Abort()
	}
	os.RemoveAll(d.stage)
}

// commitParallel bounds the files that Commit flushes and syncs at once.
const commitParallel = 8

// renameHook, when set (by tests), replaces os.Rename in Commit's swap.
var renameHook func(oldpath, newpath string) error

func rename(a, b string) error {
	if renameHook != nil {
		return renameHook(a, b)
	}
	return os.Rename(a, b)
}

// Commit commits the files made by Create, syncs the staging folder and
// swaps it with the destination. On error the destination is as it was and
// the staging folder is removed.
func (d *OutputDir) Commit() error {
	if d.done {
		return fmt.Errorf("report: commit %s: %w", d.dest, os.ErrClosed)
	}
	// Each file's fsync waits on the disk, so the files are committed
	// side by side (at most commitParallel at once), and their renames
	// are made durable by the one sync of the staging folder below.
	errs := make([]error, len(d.files))
	sem := make(chan struct{}, commitParallel)
	var wg sync.WaitGroup
	for i, f := range d.files {
		sem <- struct{}{}
		wg.Go(func() {
			errs[i] = f.commit(false)
			<-sem
		})
	}
	wg.Wait()
	for _, err := range errs { // the first file's error, whatever the timing
		if err != nil {
			d.Abort()
			return err
		}
	}
	if err := syncDir(d.stage); err != nil {
		d.Abort()
		return fmt.Errorf("report: write %s: %w", d.dest, err)
	}
	old, err := d.swap()
	if err != nil {
		d.Abort()
		return fmt.Errorf("report: write %s: %w", d.dest, err)
	}
	d.done = true
	os.Remove(filepath.Join(d.dest, d.marker))
	if old != "" {
		carryOver(old, d.dest)
		os.RemoveAll(old)
	}
	if err := syncDir(filepath.Dir(d.dest)); err != nil {
		return fmt.Errorf("report: %s written, but syncing its folder failed: %w", d.dest, err)
	}
	return nil
}

// swap puts the staging folder at the destination and returns where the
// old destination folder now is ("" if there was none).
func (d *OutputDir) swap() (old string, err error) {
	if _, err := os.Lstat(d.dest); errors.Is(err, fs.ErrNotExist) {
		return "", rename(d.stage, d.dest)
	}
	if err := exchange(d.stage, d.dest); err == nil {
		return d.stage, nil // the old folder is where the staging one was, without the marker
	} else if !errors.Is(err, errNoExchange) {
		return "", err
	}
	// no atomic exchange: move the old folder aside, then rename
	old = filepath.Join(filepath.Dir(d.dest), "."+filepath.Base(d.dest)+"."+tmpID()+".tmp")
	if err := rename(d.dest, old); err != nil {
		return "", err
	}
	if err := rename(d.stage, d.dest); err != nil {
		if rerr := rename(old, d.dest); rerr != nil {
			return "", fmt.Errorf("%w (and the old folder could not be put back from %s: %v)", err, old, rerr)
		}
		return "", err
	}
	return old, nil
}

// carryOver moves the entries of the old folder that dest lacks into dest,
// except staging markers and temporary files of dead processes.
func carryOver(old, dest string) {
	ents, err := os.ReadDir(old)
	if err != nil {
		return
	}
	for _, e := range ents {
		n := e.Name()
		if strings.HasPrefix(n, stagingMarker) || isDeadTmp(n) {
			continue
		}
		if _, err := os.Lstat(filepath.Join(dest, n)); err == nil {
			continue
		}
		os.Rename(filepath.Join(old, n), filepath.Join(dest, n))
	}
}

// tmpOwner parses a temporary name ".<base>.<pid>[-<random>].tmp" (the
// form CreateAtomic and CreateOutputDir use) and returns base and pid.
func tmpOwner(name string) (base string, pid int, ok bool) {
	if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".tmp") {
		return "", 0, false
	}
	s := strings.TrimSuffix(name[1:], ".tmp")
	i := strings.LastIndexByte(s, '.')
	if i <= 0 {
		return "", 0, false
	}
	id := s[i+1:]
	if j := strings.IndexByte(id, '-'); j >= 0 {
		id = id[:j]
	}
	pid, err := strconv.Atoi(id)
	if err != nil || pid <= 0 {
		return "", 0, false
	}
	return s[:i], pid, true
}

// isDeadTmp reports whether name is a temporary name of a process that no
// longer runs.
func isDeadTmp(name string) bool {
	_, pid, ok := tmpOwner(name)
	return ok && pid != os.Getpid() && !processAlive(pid)
}

// RemoveStale removes what killed runs left next to path (a file or an
// output folder): temporary files ".<base>.<pid>-<random>.tmp" of
// processes that no longer run, staging folders, and old folders moved
// aside, whose entries are first carried over into path. It also removes
// stale temporary files and staging markers inside path when it is a
// folder. Errors are ignored: what cannot be removed stays.
func RemoveStale(path string) {
	path = filepath.Clean(path)
	parent, base := filepath.Dir(path), filepath.Base(path)
	ents, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range ents {
		n := e.Name()
		b, _, ok := tmpOwner(n)
		if !ok || b != base || !isDeadTmp(n) {
			continue
		}
		p := filepath.Join(parent, n)
		if e.IsDir() && !isStaging(p, n) {
			// an old folder moved aside before the swap finished: keep what
			// the new folder lacks
			if err := os.MkdirAll(path, 0o755); err == nil {
				carryOver(p, path)
			}
		}
		os.RemoveAll(p)
	}
	inner, err := os.ReadDir(path)
	if err != nil {
		return
	}
	for _, e := range inner {
		n := e.Name()
		if strings.HasPrefix(n, stagingMarker) || (!e.IsDir() && isDeadTmp(n)) {
			os.Remove(filepath.Join(path, n))
		}
	}
}

// isStaging reports whether the folder p, named n, is a staging folder (it
// holds its marker).
func isStaging(p, n string) bool {
	_, _, ok := tmpOwner(n)
	if !ok {
		return false
	}
	id := strings.TrimSuffix(n, ".tmp")
	id = id[strings.LastIndexByte(id, '.')+1:]
	_, err := os.Lstat(filepath.Join(p, stagingMarker+id))
	return err == nil
}

// tmpNameRE matches the temporary names of CreateAtomic and CreateOutputDir
// as path elements.
var tmpNameRE = regexp.MustCompile(`(^|[/\s])\.([^/\s]+)\.\d+-\d+\.tmp(/|\b)`)

// PlainNames replaces temporary file and staging folder names in a message
// by the names they are committed under, so that an error while writing
// says "write out/rtt.csv: no space left on device" rather than naming
// ".out.4242-17.tmp/.rtt.csv.4242-99.tmp".
func PlainNames(msg string) string {
	for {
		next := tmpNameRE.ReplaceAllString(msg, "$1$2$3")
		if next == msg {
			return msg
		}
		msg = next
	}
}
