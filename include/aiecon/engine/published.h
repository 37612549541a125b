/* published.h — is a published output the complete output of a given run?
 *
 * An output file reaches its name only when its run completed (output.h: `.NAME.writing`, then a
 * rename), and it records what run it is: attributes `run_status` ("complete"),
 * `output_layout_version`, `scenario_hash` (the run's identity, checkpoint.h: the parameters
 * without the run's length and seed), `seed`, and one record per step plus the initial one along
 * `time`. published_check reads those (serial NetCDF, read only, no MPI) and says whether the file
 * is that run's complete output, a file of the same run that is not done (another length), or a
 * file of another run, naming the first parameter that differs (from `scenario_identity`). Used
 * by the in-job ensemble (models/ensemble.h) to redo only the members that did not finish. */
#ifndef AIECON_PUBLISHED_H
#define AIECON_PUBLISHED_H

#include <stddef.h>
#include <stdint.h>
#include "aiecon/engine/checkpoint.h"

typedef enum published_state {
    PUBLISHED_NONE = 0,      /* no file at path: the run is to be done */
    PUBLISHED_COMPLETE,      /* the complete output of this run (identity, seed, records) */
    PUBLISHED_UNFINISHED,    /* a file of this run that is not its complete output (another length,
                                not complete, unreadable): the run is to be done again */
    PUBLISHED_OTHER_RUN      /* a file of another run (other parameters, seed or output layout) */
} published_state;

/* What the file at path is with respect to the run of identity `id` (hash and seed) of `steps`
 * steps. `why` (size bytes, the caller's) receives one line saying why for every state but NONE
 * and COMPLETE ("" then). Local, no MPI, no allocation that outlives the call. */
published_state published_check(const char *path, const checkpoint_identity *id, uint32_t steps, char *why,
                                size_t size);

#endif
