/* sim_segment.h — one segment of a run: from step 0 or from a checkpoint, to run.steps or to a
 * signal. Shared by the diffusion loop (sim.c) and the economy loop (sim_economy.c), so both
 * restart, checkpoint and stop the same way (docs/RESTART.md):
 *   sim_segment_begin        identity of the run; with --restart, the checkpoint checked (exit 2
 *                            if it is of another run) before anything is built;
 *   sim_segment_restore      after the state is built from the scenario: overwrite it with the
 *                            checkpoint's (agents by global id, players, last tally);
 *   sim_segment_open_output  a fresh file, a new file starting at the checkpoint's step, or the
 *                            old output continued (records up to the checkpoint copied);
 *   sim_segment_boundary     after every step: agree on a stop request (one MPI_Allreduce), write a
 *                            checkpoint when due or stopping, and say AIECON_STOPPED;
 *   sim_segment_close_output at the end (done or stopped): publish the output (a stopped run's as
 *                            `.NAME.partial`), then report a final checkpoint that failed.
 * Before all of them, sim_segment_claim_paths checks, resolves and locks the run's paths
 * (run_paths.h) and gives the options with the resolved paths to use from then on.
 * All collective; every failure is agreed across ranks. */
#ifndef AIECON_SIM_SEGMENT_H
#define AIECON_SIM_SEGMENT_H

#include <stdint.h>
#include <mpi.h>
#include "aiecon/io/checkpoint.h"
#include "aiecon/io/output.h"
#include "aiecon/io/run_paths.h"
#include "aiecon/sim.h"
#include "aiecon/core/timer.h"

typedef struct sim_segment {
    MPI_Comm comm;
    const sim_options *options;
    uint32_t first_step;        /* the state's step when stepping begins: 0 or the checkpoint's */
    uint32_t last_step;         /* run.steps */
    uint32_t record_base;       /* the output record of step t is t - record_base */
    int continue_output;        /* an old output is continued: its first expected.records records kept */
    char *source;               /* that old output: the target or its .partial (owned) */
    output_expected expected;   /* what the checkpoint says of the output's records */
    output *out;                /* the open output (borrowed from the caller, set by open_output) */
    aiecon_status final_status; /* a checkpoint after the last step failed: reported after the */
    char final_error[AIECON_ERROR_MAX]; /* output is published (sim_segment_close_output) */
    checkpoint_identity id;
    checkpoint *restart;        /* open until sim_segment_restore (owned) */
    char *segments;             /* provenance, one line per segment, this one last (owned) */
} sim_segment;

/* Collective. *g owns what it holds until sim_segment_end (also after a failure). */
aiecon_status sim_segment_begin(MPI_Comm comm, const sim_options *o, const scenario *s, uint64_t households,
                                uint64_t businesses, sim_segment *g, aiecon_error *err);

/* Collective. With a checkpoint: fill d from it (d->step = its step); otherwise nothing. */
aiecon_status sim_segment_restore(sim_segment *g, checkpoint_data *d, timer_set *timers, aiecon_error *err);

/* Collective. Open the output for this segment (prov's segments and scenario_hash are set here).
 * *write_first: the caller must write the record of first_step (not copied from an old file). */
aiecon_status sim_segment_open_output(sim_segment *g, output_provenance *prov, const output_dimension *dims,
                                      int dim_count, const output_variable *vars, int var_count, output **out,
                                      int *write_first, aiecon_error *err);

/* Collective, after step d->step. AIECON_STOPPED (with the resume message) after a signal. */
aiecon_status sim_segment_boundary(sim_segment *g, const checkpoint_data *d, timer_set *timers, aiecon_error *err);

/* Collective. Close *out (set to NULL; freed whatever happens) after the loop ended with rc (OK or
 * AIECON_STOPPED): published over the target when the run completed, kept as `.NAME.partial` when
 * it was stopped. Returns rc, or the close's failure, or a failed final checkpoint (exit 1, the
 * completed output published first). */
aiecon_status sim_segment_close_output(sim_segment *g, output **out, aiecon_status rc, aiecon_error *err);

/* Collective. Check, resolve and lock every path of the run before anything is built (exit 2 for a
 * path that cannot work or another run's lock): *resolved receives o with the resolved output and
 * checkpoint paths (owned by paths: release with run_paths_release after the run). */
aiecon_status sim_segment_claim_paths(MPI_Comm comm, const sim_options *o, const scenario *s, run_paths *paths,
                                      sim_options *resolved, aiecon_error *err);

void sim_segment_end(sim_segment *g);

#endif
