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
 *                        checkpoint when due or stopping, and say AIECON_STOPPED.
 * All collective; every failure is agreed across ranks. */
#ifndef AIECON_SEGMENT_H
#define AIECON_SEGMENT_H

#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/checkpoint.h"
#include "aiecon/engine/output.h"
#include "aiecon/engine/driver.h"
#include "aiecon/engine/timer.h"

typedef struct segment {
    MPI_Comm comm;
    const driver_options *options;
    uint32_t first_step;        /* the state's step when stepping begins: 0 or the checkpoint's */
    uint32_t last_step;         /* the whole run's last step */
    uint32_t record_base;       /* the output record of step t is t - record_base */
    int continue_output;        /* the output exists: its records 0 .. first_step are kept */
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

void segment_end(segment *g);

#endif
