/* ensemble.h — an ensemble inside one MPI job: members of one scenario that differ only in their
 * seed (member i: base seed + i, modulo 2^32), each written to FOLDER/member_<i>.nc (i zero-padded
 * to 4 digits, the names jobs/ensemble.sbatch writes and postprocess's open_ensemble reads).
 *
 * The job's ranks are split (MPI_Comm_split) into groups of ranks_per_member ranks; each group runs
 * its share of the members one after another through sim_run (run.h) on the group's communicator,
 * so every member's output is the one `aiecon run --seed S` writes alone (the data bitwise: the
 * promise of any rank count). Members already complete in FOLDER (published.h: complete, of this
 * scenario and seed, and of this length) are skipped, so running the same command again after a
 * stop, a failure or a lost job redoes only what is missing; a member stopped by a signal resumes
 * from its checkpoint (FOLDER/checkpoints/member_<i>.ckpt.nc). A member that fails is reported
 * (stderr, and FOLDER/ensemble-summary.tsv) and its group goes on with its next member.
 *
 * Collective over comm. Returns AIECON_ERR_INPUT (nothing written) for bad input found before any
 * member runs (scenario, overrides, rank count, folder, a member file of another run, another
 * ensemble running in FOLDER); otherwise AIECON_STOPPED if a signal stopped members, else
 * AIECON_ERR_RUNTIME if any member failed, else AIECON_OK. The same status on every rank. */
#ifndef AIECON_ENSEMBLE_H
#define AIECON_ENSEMBLE_H

#include <stdbool.h>
#include <stdint.h>
#include <mpi.h>
#include "aiecon/io/scenario.h"
#include "aiecon/engine/status.h"

enum { ENSEMBLE_MAX_MEMBERS = 1000000 };

typedef struct ensemble_options {
    const char *scenario_path;
    const char *folder;                    /* where member_<i>.nc go (created if missing; its parent must exist) */
    const scenario_override *overrides;    /* --set, --steps, --seed (the base seed), in order */
    int override_count;
    uint32_t members;                      /* members 0 .. members - 1 */
    int ranks_per_member;                  /* ranks of each group; must divide the job's ranks */
    uint32_t checkpoint_every;             /* each member checkpoints every N steps (0: only when stopped) */
    bool check;                            /* assert the model's invariants every step (run.h) */
    bool quiet;                            /* no progress lines (failures are still reported) */
    const char *command_line;              /* the ensemble's command: members' history, resume hint */
} ensemble_options;

/* Collective: run the members that are not complete yet (see above). err: the first failure's
 * message for AIECON_ERR_INPUT; a summary line otherwise. */
aiecon_status ensemble_run(MPI_Comm comm, const ensemble_options *options, aiecon_error *err);

/* Member i's output file name (no folder) into buf: "member_0007.nc". */
void ensemble_member_name(uint32_t member, const char *suffix, char *buf, size_t size);

#endif
