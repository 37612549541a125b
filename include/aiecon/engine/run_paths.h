/* run_paths.h — every path a run writes or reads, checked and claimed before step 1.
 *
 * run_paths_claim resolves the output and checkpoint paths (symlinks followed, so a symlinked -o
 * is written through to its target and the lock is on the real file), refuses with
 * AIECON_ERR_INPUT (exit 2, one line naming the path) anything that cannot work — an empty path,
 * a path that is a folder or not a regular file, a folder that does not exist or is not writable,
 * the output equal to the checkpoint or to the restart file, any of them equal to the scenario or
 * a file it extends, a checkpoint folder without room for one checkpoint (checkpoint.h's
 * estimate) — and then takes the run's locks (lock.h) on the output and on the checkpoint. All of
 * it happens before anything is built or written. Collective: rank 0 checks and locks, every rank
 * receives the same verdict and the same resolved paths. */
#ifndef AIECON_RUN_PATHS_H
#define AIECON_RUN_PATHS_H

#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/status.h"
#include "aiecon/engine/lock.h"

/* What the run asks for (borrowed strings; checkpoint and restart may be NULL). */
typedef struct run_paths_request {
    const char *const *inputs;     /* the files the run reads and must never write over: the */
    unsigned input_count;          /*   scenario, then every file it extends (may be 0) */
    const char *output;
    const char *checkpoint;        /* --checkpoint */
    const char *stop_checkpoint;   /* where a signal's checkpoint goes (checkpoint or OUT.ckpt.nc) */
    const char *restart;           /* --restart */
    uint64_t checkpoint_bytes;     /* estimated size of one checkpoint (checkpoint.h) */
} run_paths_request;

/* The resolved paths (owned, freed by run_paths_release) and, on rank 0, the locks. */
typedef struct run_paths {
    char *output;
    char *checkpoint;              /* NULL without --checkpoint */
    char *stop_checkpoint;
    run_lock locks[2];             /* output, checkpoint (rank 0 only) */
} run_paths;

/* Collective. On failure nothing is held and *p needs no release. */
aiecon_status run_paths_claim(MPI_Comm comm, const run_paths_request *req, run_paths *p, aiecon_error *err);

/* Drop the locks (rank 0) and free the paths. Safe on a zeroed *p. */
void run_paths_release(run_paths *p);

/* Local helpers, exposed for tests. The real path of `path`, which may not exist yet (its folder
 * must): malloc'ed, owned by the caller; NULL with a message in err otherwise. */
char *run_paths_resolve(const char *path, const char *what, aiecon_error *err);

#endif
