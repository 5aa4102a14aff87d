package cli

import (
	"fmt"
	"log"
	"net"

	"github.com/spf13/cobra"

	"orbitnet/scenario"
	"orbitnet/server"
	"orbitnet/web"
)

func newServeCmd(env Env) *cobra.Command {
	var addr, duration string
	cmd := &cobra.Command{
		Use:   "serve [SCENARIO]",
		Short: "Serve a 3D globe of a scenario and its JSON API",
		Long: `serve starts a web server for one scenario (an embedded scenario's name or a
YAML file; default ` + scenario.Default + `): a page with a 3D globe of the
satellites, their laser and ground links, and the path and RTT between two
places, and the JSON API it reads (docs/api.md). The page needs no internet
access. The server listens on the loopback interface unless --addr names
another; it stops on Ctrl-C.

The page plays the scenario's time range, [0, duration]; --duration widens it
(positions are computed on demand, so hours cost no more than seconds).`,
		Example: `  orbitnet serve
  orbitnet serve starlink-tle --addr 127.0.0.1:9000
  orbitnet serve starlink-gen1 --duration 2h
  orbitnet serve my-scenario.yaml --addr 0.0.0.0:8080   # reachable from other machines`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := scenario.Default
			if len(args) == 1 {
				name = args[0]
			}
			if _, _, err := net.SplitHostPort(addr); err != nil {
				return usagef("--addr %q: want host:port, such as 127.0.0.1:8080", addr)
			}
			sc, err := scenario.Load(name)
			if err != nil {
				return asUsage(err)
			}
			if duration != "" {
				if err := overrideTimes(&sc.Config, duration, ""); err != nil {
					return err
				}
				sc.File.Duration = sc.Config.Duration.String()
			}
			srv, err := server.New(sc, server.Options{
				Static:   web.FS(),
				ErrorLog: log.New(env.Stderr, "orbitnet serve: ", 0),
			})
			if err != nil {
				return asUsage(err)
			}
			return srv.ListenAndServe(cmd.Context(), addr, func(url string) {
				fmt.Fprintf(env.Stdout, "orbitnet: serving %s (%d satellites, %s) at %s\n",
					sc.File.Name, len(sc.Config.Constellation.Sats), sc.Config.Duration, url)
				if host, _, _ := net.SplitHostPort(addr); !isLoopbackHost(host) {
					fmt.Fprintln(env.Stdout, "orbitnet: listening beyond this machine: anyone who can reach it can use the API")
				}
				fmt.Fprintln(env.Stdout, "orbitnet: press Ctrl-C to stop")
			})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on, host:port (port 0: any free port)")
	cmd.Flags().StringVar(&duration, "duration", "", "time range the page plays, from the scenario's start (default: the scenario's duration)")
	return cmd
}

// isLoopbackHost reports whether a listen host is a loopback name or address.
func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
