/* driver.h — the one loop that runs every model (model.h) from step 0 or a checkpoint to the end
 * or to a signal:
 *     claim the paths (checked, resolved and locked before anything is built; with an output)
 *     begin segment (identity; with --restart the checkpoint checked before anything is built)
 *     setup → restore from the checkpoint → open the output and write the first record
 *     loop { step → replicated state compared across ranks → --check → write → boundary
 *            (stop request agreed, checkpoint when due or stopping) }
 *     close the output (the same way for every model: published when complete, kept as
 *     `.NAME.partial` when stopped) → end segment → release the paths' locks.
 * All collective; returns the same status on every rank. The driver owns the output and the
 * segment, the model owns its state (self). Phases are timed into the caller's timer_set and
 * progress goes to stderr from rank 0 unless quiet. */
#ifndef AIECON_DRIVER_H
#define AIECON_DRIVER_H

#include <stdbool.h>
#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/model.h"
#include "aiecon/engine/status.h"
#include "aiecon/engine/timer.h"

/* How to run: where output and checkpoints go (the command line's choices). */
typedef struct driver_options {
    const char *output_path;          /* the NetCDF file to write; NULL: write nothing (benchmarks) */
    bool quiet;                       /* no progress */
    bool check;                       /* call the model's check after every step */
    const char *command_line;         /* recorded as the output's history */
    const char *checkpoint_path;      /* checkpoints every checkpoint_every steps and at the end (NULL:
                                         only when stopped by a signal) */
    uint32_t checkpoint_every;        /* 0: only at the end */
    const char *stop_checkpoint_path; /* where a signal's checkpoint goes */
    const char *restart_path;         /* continue from this checkpoint (NULL: from step 0) */
    const char *resume_command;       /* printed after a stop: the command that continues the run */
    const char *const *inputs;        /* the files the run reads (the scenario, then the files it */
    unsigned input_count;             /*   extends): never written over (run_paths.h) */
} driver_options;

/* What is run: the parameters' provenance and the run's identity (checkpoint.h). */
typedef struct driver_run_info {
    const char *title;                /* the output's title */
    const char *parameters_yaml;      /* the resolved parameters, recorded in the output */
    const char *identity_text;        /* the parameters with run length and seed set to 0 */
    const char *start;                /* "YYYY-MM" of step 0 */
    uint32_t seed;
    uint32_t steps;                   /* the whole run's last step */
    const char *overrides;            /* the run's --set assignments, key=value lines (output.h; NULL: none) */
} driver_run_info;

/* What the run measured: the slowest rank's seconds. */
typedef struct driver_result {
    double setup_seconds;             /* segment begin, setup and restore */
    double step_seconds;              /* the step loop (after a barrier), output and checkpoints included */
} driver_result;

/* Collective. Run model m on self (created by the model's constructor, still the caller's). On
 * SIGUSR1, SIGTERM or SIGINT (stop.h) every rank stops at the next step boundary, writes a
 * checkpoint to stop_checkpoint_path, keeps the output so far as `.NAME.partial` and returns
 * AIECON_STOPPED with the resume command in err. result may be NULL. */
aiecon_status driver_run(MPI_Comm comm, const driver_options *o, const driver_run_info *run, const model *m,
                         void *self, timer_set *timers, driver_result *result, aiecon_error *err);

#endif
