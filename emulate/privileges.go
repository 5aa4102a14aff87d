package emulate

import "errors"

// ErrNotPermitted is returned by CheckPrivileges and Start when the process
// lacks the capabilities to create namespaces and TUN devices.
var ErrNotPermitted = errors.New("emulate needs root or CAP_NET_ADMIN and CAP_SYS_ADMIN (to create network namespaces and TUN devices); run it with sudo")

// ErrNoTUN is returned by CheckPrivileges and Start when /dev/net/tun is
// missing.
var ErrNoTUN = errors.New("emulate needs /dev/net/tun, which is missing (load the tun module: modprobe tun)")
