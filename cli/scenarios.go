package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"orbitnet/scenario"
	"orbitnet/sim"
)

func newScenariosCmd(env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: "List the embedded scenarios",
		Example: `  orbitnet scenarios
  orbitnet scenarios show starlink-gen1 > my.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, n := range scenario.EmbeddedNames() {
				def := ""
				if n == scenario.Default {
					def = " (default)"
				}
				fmt.Fprintf(env.Stdout, "%-16s %s%s\n", n, scenario.EmbeddedDescription(n), def)
			}
			return nil
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:     "show NAME",
		Short:   "Print an embedded scenario as YAML",
		Example: "  orbitnet scenarios show starlink-shell1 > mine.yaml",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := scenario.Embedded(args[0])
			if err != nil {
				return asUsage(err)
			}
			_, err = env.Stdout.Write(b)
			return err
		},
	})
	return cmd
}

func newValidateCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:     "validate SCENARIO",
		Short:   "Check a scenario file without running it",
		Example: "  orbitnet validate my-scenario.yaml",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := scenario.Load(args[0])
			if err != nil {
				return asUsage(err)
			}
			net, err := sim.NewNetwork(sc.Config)
			if err != nil {
				return usagef("%s: %v", sc.Source, err)
			}
			c := sc.Config.Constellation
			fmt.Fprintf(env.Stdout, "%s: ok: %d satellite%s in %d shell%s, %d ground node%s, %d step%s, %d listed pair%s",
				sc.Source, len(c.Sats), plural(len(c.Sats)), len(c.Shells), plural(len(c.Shells)), len(sc.Config.Ground), plural(len(sc.Config.Ground)),
				sc.Config.Steps(), plural(sc.Config.Steps()), net.NumListed(), plural(net.NumListed()))
			if sc.Config.AllPairs {
				fmt.Fprintf(env.Stdout, ", %d pairs in all", len(net.PairList()))
			}
			fmt.Fprintln(env.Stdout)
			if sc.Grouping != nil {
				fmt.Fprint(env.Stdout, sc.Grouping.String())
			}
			return nil
		},
	}
}
