/* run.h — one run from scenario to output file: load and validate the scenario (nothing is
 * created before the input is known good), check the output folder, pick the model the scenario
 * describes (models/economy.h with labs, models/diffusion.h without) and run it through the
 * engine's driver (engine/driver.h). The command line's entry points, named sim_* since they
 * predate the engine. Collective over comm; every call returns the same status on every rank. */
#ifndef AIECON_SIM_H
#define AIECON_SIM_H

#include <stdbool.h>
#include <mpi.h>
#include "aiecon/io/scenario.h"
#include "aiecon/engine/status.h"

typedef struct sim_options {
    const char *scenario_path;
    const char *output_path;               /* the NetCDF file to write */
    const scenario_override *overrides;    /* --set, --steps, --seed, in command-line order */
    int override_count;
    bool quiet;                            /* no progress, no timing report */
    bool check;                            /* --check (default) / --no-check: assert the model's
                                              invariants every step (players/invariants.h) */
    const char *command_line;              /* recorded as the output's history */
    const char *checkpoint_path;           /* --checkpoint: checkpoints every checkpoint_every steps and at
                                              the end (NULL: only when stopped by a signal) */
    uint32_t checkpoint_every;             /* --checkpoint-every (0: only at the end) */
    const char *stop_checkpoint_path;      /* where a signal's checkpoint goes: checkpoint_path, or a
                                              default beside the output (OUT.ckpt.nc) */
    const char *restart_path;              /* --restart: continue from this checkpoint (NULL: from step 0) */
    const char *resume_command;            /* printed after a stop: the command that continues the run */
    bool keep_stop_handler;                /* leave the signal handler installed after the run (an
                                              ensemble runs members one after another, stop.h) */
} sim_options;

/* Collective. Run the scenario and write the output; from a checkpoint with restart_path. On
 * SIGUSR1, SIGTERM or SIGINT (stop.h) every rank stops at the next step boundary, writes a
 * checkpoint to stop_checkpoint_path, closes the output and returns AIECON_STOPPED with the
 * resume command in err. */
aiecon_status sim_run(MPI_Comm comm, const sim_options *options, aiecon_error *err);

/* Collective. Validate the scenario; on rank 0 *yaml receives the resolved scenario (caller frees). */
aiecon_status sim_check(MPI_Comm comm, const sim_options *options, char **yaml, aiecon_error *err);

/* The run's identity text (checkpoint.h): the resolved parameters with the run's length and seed
 * set to 0, as YAML. Malloc'ed, caller frees; NULL with a message in err if out of memory. */
char *sim_identity_text(const scenario *s, aiecon_error *err);

/* Bytes one agent may need at its peak (network build included) for a lattice of degree k; used to
 * refuse, before allocating, a run that cannot fit in memory. */
double sim_peak_bytes_per_agent(unsigned degree);

/* The largest network degree of the scenario's populations. */
unsigned sim_largest_degree(const scenario *s);

/* Collective. Memory one rank may use: the node's physical memory shared by its ranks. */
double sim_memory_per_rank(MPI_Comm comm);

#endif
