/* tools/cli.h - what the files of the `archsim` command share. */
#ifndef ARCHSIM_CLI_H
#define ARCHSIM_CLI_H
#include <archsim/sim.h>

void cli_error(const sim_error *e);                 /* file:line:col: message, on stderr */
sim_tick cli_stats_period(sim_t *s);                /* stats.period in ps, 0: off */
/* "PROG: unknown option 'OPT'; did you mean 'NEAR'?" (NEAR the nearest of the
 * n options known), else "... (see HELP)", on stderr. */
void cli_unknown_option(const char *prog, const char *opt, const char *const *known, int n,
                        const char *help);
int cmd_list(int argc, char **argv);
int cmd_describe(int argc, char **argv);
int cmd_docs(int argc, char **argv);
int energy_sram_main(int argc, char **argv);        /* tools/energy_sram.c */
int cmd_sweep(int argc, char **argv);               /* tools/sweep.c: argv[0] sweep|merge */
#endif
