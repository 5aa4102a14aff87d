//go:build linux

package emulate

import (
	"os/exec"
	"syscall"
)

// setDeathSignal makes cmd be killed when this process dies, unless the
// caller set SysProcAttr. (Linux sends the signal when the forking thread
// exits; the threads this package forks from live as long as the process,
// except one that failed to leave a namespace.)
func setDeathSignal(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	}
}
