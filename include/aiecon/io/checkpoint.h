/* checkpoint.h — the whole state of a run at a step boundary, in one NetCDF-4 file that any
 * number of ranks can read back (DESIGN.md section 4; docs/RESTART.md for users).
 *
 * What a checkpoint holds (everything else — networks, weights, income, size and sector classes —
 * is a pure function of (scenario, seed, global id) and is regenerated on restart):
 *   household_state  (household)  the state byte of every household, indexed by global id
 *   business_state   (business)   the state byte of every firm            } economy scenarios
 *   business_roi     (business)   float: every firm's remembered ROI       } only
 *   players          (players)    byte blob: the replicated economy (see below)   } economy only
 *   tally            (tally)      byte blob: the reduced tally of the checkpoint's step, so that a
 *                                 new output file can start with that step's record
 * and global attributes: format ("aiecon checkpoint"), layout_version and layout (struct sizes
 * and byte order of this build), aiecon_version, git_revision, step, seed, scenario_hash,
 * scenario_identity (the resolved scenario with run.steps and run.seed set to 0, the text the
 * hash is taken over), segments (provenance lines), households, businesses, output_records and
 * output_hash (the run's output when the checkpoint was taken: its record count and their running
 * hash, so that a continued output's kept records are checked), `stopped` ("stopped cleanly after
 * step N of M by SIGNAL", only in a checkpoint written because of a signal: what job scripts read
 * where the launcher hides exit status 3), and a checksum of
 * every variable (agent arrays by an order-free sum over global ids, so any partition gives the
 * same value; blobs by FNV-1a).
 *
 * The players blob: the `economy` struct's bytes with its pointers zeroed, then each cloud's
 * pipeline (build_months + 1 doubles, in cloud order), then contract_count contract_state structs.
 * A blob rather than one NetCDF variable per field: the economy has some 150 fields that change
 * as the model grows, and a field-by-field schema would have to follow each change by hand. The
 * price is portability: a checkpoint is readable only by a build with the same struct layout
 * and byte order. The `layout` attribute (sizes of every serialised struct, byte order and
 * CHECKPOINT_LAYOUT_VERSION, bumped whenever a field is added, removed or reordered without
 * changing a size) makes any other build refuse it with exit 2 rather than read garbage.
 *
 * Safety: written as `.NAME.partial` beside the target, closed, fsync'ed, then renamed over the
 * previous checkpoint (atomic within a folder), so at every moment one complete checkpoint
 * exists. Reading checks format, layout, version, seed and scenario (exit 2 with what differs),
 * every size, and every checksum (exit 2 for corrupt or truncated files). All calls are
 * collective and every failure is agreed across ranks: every rank returns the same status. */
#ifndef AIECON_CHECKPOINT_H
#define AIECON_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>
#include <mpi.h>
#include "aiecon/players/economy.h"
#include "aiecon/io/scenario.h"
#include "aiecon/core/status.h"

enum { CHECKPOINT_LAYOUT_VERSION = 2, CHECKPOINT_LAYOUT_LEN = 256 };

/* What makes two runs the same run: the scenario without its length, and the seed. */
typedef struct checkpoint_identity {
    char *scenario_text;   /* resolved YAML with run.steps and run.seed set to 0 (owned) */
    char hash[17];         /* FNV-1a of scenario_text, 16 hex digits */
    uint32_t seed;
} checkpoint_identity;

/* Views of the caller's state: what checkpoint_write saves and checkpoint_restore fills. The
 * arrays stay the caller's; sizes are agents of this rank (local) and of the run (total). */
typedef struct checkpoint_data {
    uint32_t step;             /* the last step completed (restore: set from the file) */
    uint64_t households, hh_first;
    uint32_t hh_local;
    uint8_t *hh_state;         /* [hh_local] */
    uint64_t businesses, biz_first;   /* businesses = 0: a diffusion run (no business variables) */
    uint32_t biz_local;
    uint8_t *biz_state;        /* [biz_local] */
    float *biz_roi;            /* [biz_local] */
    const scenario *scn;       /* for the pipelines' lengths */
    economy *econ;             /* NULL: a diffusion run (no players blob) */
    void *tally;               /* the reduced tally of `step` [tally_bytes] */
    size_t tally_bytes;
    const char *segments;      /* write: provenance lines to record (may be NULL) */
    uint64_t output_records;   /* write: records in the run's output when taken (rank 0's value is */
    uint64_t output_hash;      /*   written), and their running hash (output.h) */
    const char *stopped;       /* write: "stopped cleanly after step N of M by SIG..." (NULL: not a stop) */
} checkpoint_data;

typedef struct checkpoint checkpoint;

/* The identity of the run of s. id owns its text (checkpoint_identity_free). */
aiecon_status checkpoint_identity_make(const scenario *s, checkpoint_identity *id, aiecon_error *err);
void checkpoint_identity_free(checkpoint_identity *id);

/* An honest estimate of a checkpoint's size in bytes (a little above the measured sizes): what the
 * room check before each checkpoint and run_paths' check before step 1 ask for. */
enum { CHECKPOINT_METADATA_BYTES = 64 * 1024 };
uint64_t checkpoint_estimate_bytes(uint64_t households, uint64_t businesses, size_t players_bytes,
                                   size_t tally_bytes);

/* Collective. Write the state to path (partial file, then rename). Returns AIECON_ERR_RUNTIME
 * on an I/O failure; the previous checkpoint under path is then untouched. */
aiecon_status checkpoint_write(MPI_Comm comm, const char *path, const checkpoint_identity *id,
                               const checkpoint_data *d, aiecon_error *err);

/* Collective. Open path and check that it is a complete aiecon checkpoint of this build's layout
 * and version, of run `id`, with the given numbers of agents. AIECON_ERR_INPUT, naming what
 * differs, otherwise. *ck is owned by the caller: checkpoint_restore or checkpoint_close. */
aiecon_status checkpoint_open(MPI_Comm comm, const char *path, const checkpoint_identity *id, uint64_t households,
                              uint64_t businesses, checkpoint **ck, aiecon_error *err);

/* The checkpoint's step, and its provenance lines (owned by ck; "" if none). */
uint32_t checkpoint_step(const checkpoint *ck);
/* What the checkpoint says of the run's output: records it held and their running hash. */
void checkpoint_output(const checkpoint *ck, uint64_t *records, uint64_t *hash);
const char *checkpoint_segments(const checkpoint *ck);

/* Collective. Read this rank's agents (by global id), the players and the tally into d, verify
 * every checksum, then close ck (freed whatever the outcome). AIECON_ERR_INPUT for a corrupt
 * file. d->step receives the checkpoint's step. */
aiecon_status checkpoint_restore(checkpoint *ck, checkpoint_data *d, aiecon_error *err);

/* Collective. Close without restoring. Frees ck (NULL is fine). */
void checkpoint_close(checkpoint *ck);

/* --- the players blob and checksums (checkpoint_players.c) --- */

/* Bytes of the players blob of e. */
size_t checkpoint_players_size(const scenario *s, const economy *e);
/* Pack e into buf [checkpoint_players_size bytes]. */
void checkpoint_players_pack(const scenario *s, const economy *e, unsigned char *buf);
/* Unpack buf [size bytes] into e (created from s: its arrays are kept and filled). */
aiecon_status checkpoint_players_unpack(const scenario *s, economy *e, const unsigned char *buf, size_t size,
                                        const char *path, aiecon_error *err);
/* This build's layout string into buf (caller's, CHECKPOINT_LAYOUT_LEN bytes). */
void checkpoint_layout(char *buf);
/* Where two resolved scenario texts first differ, into out: "under `key.path`: the WHOSE has `A`,
 * this run `B`" (whose: "checkpoint", "output"). */
void checkpoint_describe_difference(const char *theirs, const char *ours, const char *whose, char *out, size_t size);
/* FNV-1a of n bytes. */
uint64_t checkpoint_fnv(const void *data, size_t n);
/* Collective: order-free checksum of agent arrays by global id (roi may be NULL). */
uint64_t checkpoint_agents_sum(MPI_Comm comm, uint64_t first, uint32_t local, const uint8_t *state,
                               const float *roi);

#endif
