package emulate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// Environment variables set for commands run in a namespace.
const (
	EnvAddr  = "ORBITNET_ADDR"  // the endpoint's own address
	EnvPeer  = "ORBITNET_PEER"  // the address of its first peer
	EnvPeers = "ORBITNET_PEERS" // the addresses of all its peers, space-separated
	EnvNetns = "ORBITNET_NETNS" // the name of its network namespace
)

// commandEnv returns the ORBITNET_* variables for an endpoint.
func (e *Emulator) commandEnv(ep *endpoint) []string {
	peers := make([]string, len(ep.order))
	for i, p := range ep.order {
		peers[i] = p.addr.String()
	}
	env := []string{EnvAddr + "=" + ep.addr.String(), EnvNetns + "=" + ep.nsName}
	if len(peers) > 0 {
		env = append(env, EnvPeer+"="+peers[0])
	}
	return append(env, EnvPeers+"="+strings.Join(peers, " "))
}

// StartCommand starts cmd, which must not have been started, inside the
// endpoint's network namespace, with the ORBITNET_* variables (EnvPeer and
// the others) added to its environment (to os.Environ() when cmd.Env is
// nil). When cmd.SysProcAttr is nil the command is also set to be killed
// if this process dies, so no command outlives a killed emulator. The
// caller waits for it with cmd.Wait.
func (e *Emulator) StartCommand(endpoint string, cmd *exec.Cmd) error {
	ep := e.byName[endpoint]
	if ep == nil {
		return fmt.Errorf("emulate: unknown endpoint %q", endpoint)
	}
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, e.commandEnv(ep)...)
	setDeathSignal(cmd)
	return e.Do(endpoint, cmd.Start)
}

// RunCommand runs argv inside the endpoint's namespace and waits for it.
// References to the ORBITNET_* variables in argv ($ORBITNET_PEER or
// ${ORBITNET_PEER}) are replaced by their values first, so that a caller
// without a shell can pass them quoted; other $ references are left as they
// are. The command's environment is this process's, then env ("KEY=value"
// entries), then the ORBITNET_* variables; its standard input is empty and
// its output goes to stdout and stderr (discarded when nil). Cancelling ctx
// kills it. The error is an *exec.ExitError when it ran and failed.
func (e *Emulator) RunCommand(ctx context.Context, endpoint string, argv, env []string, stdout, stderr io.Writer) error {
	if len(argv) == 0 {
		return errors.New("emulate: empty command")
	}
	ep := e.byName[endpoint]
	if ep == nil {
		return fmt.Errorf("emulate: unknown endpoint %q", endpoint)
	}
	argv = expandArgs(argv, e.commandEnv(ep))
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := e.StartCommand(endpoint, cmd); err != nil {
		return err
	}
	return cmd.Wait()
}

// expandArgs replaces references to the variables of env (KEY=value
// entries) in args, leaving any other $ reference as written.
func expandArgs(args, env []string) []string {
	vars := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	out := make([]string, len(args))
	for i, a := range args {
		if !strings.Contains(a, "$") {
			out[i] = a
			continue
		}
		out[i] = expandKnown(a, vars)
	}
	return out
}

// expandKnown expands $NAME and ${NAME} in s for the names in vars only.
func expandKnown(s string, vars map[string]string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		name, end := "", i+1
		if s[i+1] == '{' {
			if j := strings.IndexByte(s[i+2:], '}'); j >= 0 {
				name, end = s[i+2:i+2+j], i+3+j
			}
		} else {
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			name, end = s[i+1:j], j
		}
		if v, ok := vars[name]; ok && name != "" {
			b.WriteString(v)
			i = end - 1
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
