//go:build linux

package emulate

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// runDir holds one record per running emulator: the owning process (PID
// and start time, so that a reused PID is not mistaken for it) and the
// namespaces it creates. Like /run/netns it is on a tmpfs and empty after a
// reboot, when the namespaces are gone too.
const runDir = "/run/orbitnet/emulate"

// runRecord is the content of runDir/RUNID.run:
//
//	pid 1234
//	start 5678
//	netns orbitnet-RUNID-1
//	netns orbitnet-RUNID-2
//
// start is the process's start time in clock ticks after boot (field 22 of
// /proc/PID/stat).
type runRecord struct {
	runID      string
	pid        int
	start      uint64
	namespaces []string
}

func recordPath(runID string) string { return filepath.Join(runDir, runID+".run") }

// writeRunRecord records this process as the owner of run id's namespaces,
// before they are created (write to a temporary file, then rename).
func writeRunRecord(runID string, namespaces []string) error {
	start, ok := procStart(os.Getpid())
	if !ok {
		return errors.New("reading this process's start time from /proc")
	}
	if err := os.MkdirAll(runDir, 0o755); err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "pid %d\nstart %d\n", os.Getpid(), start)
	for _, n := range namespaces {
		fmt.Fprintf(&b, "netns %s\n", n)
	}
	path := recordPath(runID)
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// removeRunRecord removes run id's record (after its namespaces).
func removeRunRecord(runID string) error {
	if err := os.Remove(recordPath(runID)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// readRunRecord parses a record file. Namespace names that do not belong
// to the run (prefix NamespacePrefix+runID+"-") are refused, so that a
// damaged record cannot make removeStale touch another run's.
func readRunRecord(path string) (runRecord, error) {
	rec := runRecord{runID: strings.TrimSuffix(filepath.Base(path), ".run")}
	f, err := os.Open(path)
	if err != nil {
		return rec, err
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, 1<<20))
	line := 0
	for sc.Scan() {
		line++
		key, val, _ := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		switch key {
		case "pid":
			rec.pid, err = strconv.Atoi(val)
		case "start":
			rec.start, err = strconv.ParseUint(val, 10, 64)
		case "netns":
			if !strings.HasPrefix(val, NamespacePrefix+rec.runID+"-") || strings.ContainsAny(val, "/\x00") {
				err = fmt.Errorf("namespace %q is not of run %s", val, rec.runID)
			}
			rec.namespaces = append(rec.namespaces, val)
		case "":
		default:
			err = fmt.Errorf("unknown key %q", key)
		}
		if err != nil {
			return rec, fmt.Errorf("%s:%d: %w", path, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return rec, fmt.Errorf("%s: %w", path, err)
	}
	if rec.pid <= 0 {
		return rec, fmt.Errorf("%s: no pid", path)
	}
	return rec, nil
}

// procStart returns the start time of process pid (clock ticks after boot)
// and false if it does not exist or has exited (a zombie).
func procStart(pid int) (uint64, bool) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(stat[i+1:]))
	// f[0] is field 3 (state), so field 22 (starttime) is f[19].
	if len(f) < 20 || f[0] == "Z" || f[0] == "X" {
		return 0, false
	}
	start, err := strconv.ParseUint(f[19], 10, 64)
	return start, err == nil
}

// alive reports whether the record's owner still runs.
func (r runRecord) alive() bool {
	start, ok := procStart(r.pid)
	return ok && start == r.start
}

// removeStale removes the namespaces of runs whose owning process is no
// longer running (killed with SIGKILL, say), as recorded in runDir, and
// their records. Runs whose owner lives are never touched, nor is any
// namespace not listed in a dead run's record. A stale namespace still held
// open by a live process is left (see removeUnheld). It is called by Start
// and by Cleanup; each action is reported to log.
func removeStale(log io.Writer) error {
	ents, err := os.ReadDir(runDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("emulate: reading %s: %w", runDir, err)
	}
	var errs []error
	for _, ent := range ents {
		name := ent.Name()
		if !strings.HasSuffix(name, ".run") || !runIDPattern.MatchString(strings.TrimSuffix(name, ".run")) {
			continue
		}
		rec, err := readRunRecord(filepath.Join(runDir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue // its run ended meanwhile
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("emulate: stale runs: %w", err))
			continue
		}
		if rec.alive() {
			continue
		}
		left := false
		for _, ns := range rec.namespaces {
			if _, err := os.Lstat(filepath.Join(netnsDir, ns)); errors.Is(err, os.ErrNotExist) {
				continue
			}
			removed, err := removeUnheld(ns, log)
			if err != nil {
				errs = append(errs, fmt.Errorf("emulate: stale run %s: %w", rec.runID, err))
			}
			if !removed {
				left = true
				continue
			}
			fmt.Fprintf(log, "emulate: removed stale namespace %s of run %s (pid %d no longer running)\n", ns, rec.runID, rec.pid)
		}
		if !left {
			if err := removeRunRecord(rec.runID); err != nil {
				errs = append(errs, fmt.Errorf("emulate: stale run %s: %w", rec.runID, err))
			}
		}
	}
	return errors.Join(errs...)
}
