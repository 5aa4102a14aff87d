// Package emulate reproduces the conditions of simulated satellite paths on
// real Linux network stacks, live, inside one process.
//
// Every endpoint (a city, a user terminal, a gateway) gets its own network
// namespace, named orbitnet-<runid>-<n>, holding a loopback and one TUN
// device (onet<runid>) with a private IPv4 address and a /32 route to every
// peer it shares a [Pair] with. Programs run in a namespace (with
// [Emulator.RunCommand], [Emulator.Do] or `ip netns exec`) send ordinary
// packets; the kernel hands them to the emulator through the TUN device, and
// the emulator writes each one into the destination namespace's TUN device
// after the one-way delay the pair's [Schedule] gives for the instant it was
// sent, drops it during an outage, and paces it to the bottleneck rate:
//
//	namespace A                      this process                      namespace B
//	app ─▶ onetX ─(fd)─▶ reader A ─▶ link A→B: queue, timer ─(fd)─▶ onetX ─▶ app
//	app ◀─ onetX ◀─(fd)─ link B→A: queue, timer ◀─ reader B ◀─(fd)─ onetX ◀─ app
//
// Nothing is created in the host namespace: when the process exits the TUN
// devices go with their file descriptors, and [Emulator.Close] (or, after a
// SIGKILL, [Cleanup]) removes the namespaces.
//
// Time in a [Schedule] is emulated time since the start; Config.Speed maps it
// to real time (emulated seconds per real second). Delays, rates and queue
// limits are scaled with it, so an emulation at speed 2 is the same
// experiment played twice as fast.
//
// The package needs Linux, root (or CAP_NET_ADMIN and CAP_SYS_ADMIN) and
// /dev/net/tun; see [CheckPrivileges]. docs/emulation.md describes the design,
// its accuracy and its limits.
package emulate
