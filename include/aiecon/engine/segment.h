/* segment.h — one segment of a run: from step 0 or from a checkpoint, to the run's last step or to
 * a signal. Used by the driver (driver.h), so every model restarts, checkpoints and stops the same
 * way (docs/RESTART.md):
 *   segment_begin        identity of the run; with --restart, the checkpoint checked (exit 2 if it
 *                        is of another run) before anything is built;
 *   segment_restore      after the model's state is built from its parameters: overwrite it with
 *                        the checkpoint's (declared arrays by global id, declared blobs);
 *   segment_open_output  a fresh file, a new file starting at the checkpoint's step, or the old
 *                        output continued (records up to the checkpoint copied);
 *   segment_boundary     after every step: agree on a stop request (one MPI_Allreduce), write a
 *                        checkpoint when due or stopping, and say AIECON_STOPPED;
 *   segment_close_output at the end (done or stopped): publish the output (a stopped run's as
 *                        `.NAME.partial`), then report a final checkpoint that failed.
 * Before all of them, segment_claim_paths checks, resolves and locks the run's paths
 * (run_paths.h) and gives the options with the resolved paths to use from then on.
 * All collective; every failure is agreed across ranks. */
#ifndef AIECON_SEGMENT_H
#define AIECON_SEGMENT_H

#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/checkpoint.h"
#include "aiecon/engine/output.h"
#include "aiecon/engine/driver.h"
#include "aiecon/engine/run_paths.h"
#include "aiecon/engine/timer.h"

typedef struct segment {
    MPI_Comm comm;
    const driver_options *options;
    uint32_t first_step;        /* the state's step when stepping begins: 0 or the checkpoint's */
    uint32_t last_step;         /* the whole run's last step */
    uint32_t record_base;       /* the output record of step t is t - record_base */
    int continue_output;        /* an old output is continued: its first expected.records records kept */
    char *source;               /* that old output: the target or its .partial (owned) */
    output_expected expected;   /* what the checkpoint says of the output's records */
    output *out;                /* the open output (borrowed from the driver, set by open_output) */
    aiecon_status final_status; /* a checkpoint after the last step failed: reported after the */
    char final_error[AIECON_ERROR_MAX]; /* output is published (segment_close_output) */
    checkpoint_identity id;
    checkpoint *restart;        /* open until segment_restore (owned) */
    char *segments;             /* provenance, one line per segment, this one last (owned) */
} segment;

/* Collective. *g owns what it holds until segment_end (also after a failure). m and self: the
 * model whose checkpoint --restart names (its populations' sizes are checked). */
aiecon_status segment_begin(MPI_Comm comm, const driver_options *o, const driver_run_info *run, const model *m,
                            const void *self, segment *g, aiecon_error *err);

/* Collective. With a checkpoint: fill d from it (d->step = its step); otherwise nothing. */
aiecon_status segment_restore(segment *g, checkpoint_data *d, timer_set *timers, aiecon_error *err);

/* Collective. Open the output for this segment (prov's segments and scenario_hash are set here).
 * *write_first: the caller must write the record of first_step (not copied from an old file). */
aiecon_status segment_open_output(segment *g, output_provenance *prov, const output_dimension *dims, int dim_count,
                                  const output_variable *vars, int var_count, output **out, int *write_first,
                                  aiecon_error *err);

/* Collective, after step d->step. AIECON_STOPPED (with the resume message) after a signal. */
aiecon_status segment_boundary(segment *g, const checkpoint_data *d, timer_set *timers, aiecon_error *err);

/* Collective. Close *out (set to NULL; freed whatever happens) after the loop ended with rc (OK or
 * AIECON_STOPPED): published over the target when the run completed, kept as `.NAME.partial` when
 * it was stopped. Returns rc, or the close's failure, or a failed final checkpoint (exit 1, the
 * completed output published first). */
aiecon_status segment_close_output(segment *g, output **out, aiecon_status rc, aiecon_error *err);

/* Collective. Check, resolve and lock every path of the run before anything is built (exit 2 for a
 * path that cannot work or another run's lock): *resolved receives o with the resolved output and
 * checkpoint paths (owned by paths: release with run_paths_release after the run). m and self:
 * the model, for the estimate of one checkpoint (before setup). Needs o->output_path. */
aiecon_status segment_claim_paths(MPI_Comm comm, const driver_options *o, const model *m, const void *self,
                                  run_paths *paths, driver_options *resolved, aiecon_error *err);

void segment_end(segment *g);

#endif
