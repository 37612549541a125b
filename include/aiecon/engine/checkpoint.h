/* checkpoint.h — the whole state of a run at a step boundary, in one NetCDF-4 file that any
 * number of ranks can read back (docs/RESTART.md for users, docs/ARCHITECTURE.md for the design).
 *
 * What a checkpoint holds is what the model declares (model.h); everything else — networks,
 * weights, classes drawn from the seed — is a pure function of (parameters, seed, global id) and is
 * regenerated on restart:
 *   one variable per declared array   over its population's dimension, indexed by global id
 *                                     (ubyte, uint or float);
 *   one variable per declared blob    bytes: the replicated state as the model packs it;
 * and global attributes: format ("aiecon checkpoint"), layout (this build's byte order,
 * CHECKPOINT_LAYOUT_VERSION, the model's name and the sizes of the structs its blobs copy),
 * aiecon_version, git_revision, step, seed, scenario_hash, scenario_identity (the run's parameters
 * without its length and seed, the text the hash is taken over), segments (provenance lines), the
 * agents of each population (an attribute named after it), output_records and output_hash (the
 * run's output when the checkpoint was taken: its record count and their running hash, output.h,
 * so that a continued output's kept records are checked), `stopped` ("stopped cleanly after step N
 * of M by SIGNAL", only in a checkpoint written because of a signal: what job scripts read where
 * the launcher hides exit status 3), and a checksum on every variable (arrays by an order-free sum
 * over global ids, so any partition gives the same value; blobs by FNV-1a).
 *
 * Blobs rather than one NetCDF variable per field: the economy's players have some 150 fields
 * that change as the model grows. The price is portability: a checkpoint is readable only by a
 * build with the same struct layout and byte order; the `layout` attribute makes any other build
 * refuse it with exit 2 rather than read garbage. Bump CHECKPOINT_LAYOUT_VERSION whenever what a
 * checkpoint holds changes without changing a size.
 *
 * Safety: written as `.NAME.partial` beside the target, closed, fsync'ed, then renamed over the
 * previous checkpoint (atomic within a folder), so at every moment one complete checkpoint
 * exists. Reading checks format, layout, version, seed and identity (exit 2 with what differs),
 * every size, and every checksum (exit 2 for corrupt or truncated files). All calls are
 * collective and every failure is agreed across ranks: every rank returns the same status. */
#ifndef AIECON_CHECKPOINT_H
#define AIECON_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/model.h"
#include "aiecon/engine/status.h"

enum { CHECKPOINT_LAYOUT_VERSION = 3, CHECKPOINT_LAYOUT_LEN = 256 };

/* What makes two runs the same run: the parameters without the run's length, and the seed. */
typedef struct checkpoint_identity {
    char *scenario_text;   /* the parameters with the run's length and seed set to 0 (owned) */
    char hash[17];         /* FNV-1a of scenario_text, 16 hex digits */
    uint32_t seed;
} checkpoint_identity;

/* The state to save or fill: a model instance's declared arrays and blobs (views of self). */
typedef struct checkpoint_data {
    uint32_t step;             /* the last step completed (restore: set from the file) */
    const model *m;
    void *self;
    const char *segments;      /* write: provenance lines to record (may be NULL) */
    uint64_t output_records;   /* write: records in the run's output when taken (rank 0's value is */
    uint64_t output_hash;      /*   written), and their running hash (output.h) */
    const char *stopped;       /* write: "stopped cleanly after step N of M by SIG..." (NULL: not a stop) */
} checkpoint_data;

typedef struct checkpoint checkpoint;

/* The identity of a run from its parameters' text (without length and seed) and seed; id owns a
 * copy of the text (checkpoint_identity_free). */
aiecon_status checkpoint_identity_make(const char *scenario_text, uint32_t seed, checkpoint_identity *id,
                                       aiecon_error *err);
void checkpoint_identity_free(checkpoint_identity *id);

/* An honest estimate of a checkpoint of m's state in bytes (a little above the measured sizes):
 * every declared array, 4 bytes per agent of each population (parallel HDF5's dimension scales),
 * CHECKPOINT_METADATA_BYTES, and each blob: its size with blobs set, else (before setup, when the
 * blobs are not built yet) CHECKPOINT_BLOB_ALLOWANCE. What the room check before each checkpoint
 * and run_paths' check before step 1 ask for. */
enum { CHECKPOINT_METADATA_BYTES = 64 * 1024, CHECKPOINT_BLOB_ALLOWANCE = 48 * 1024 };
uint64_t checkpoint_estimate_bytes(const model *m, const void *self, int blobs_set);

/* Collective. Write the state to path (partial file, then rename). Returns AIECON_ERR_RUNTIME
 * on an I/O failure; the previous checkpoint under path is then untouched. */
aiecon_status checkpoint_write(MPI_Comm comm, const char *path, const checkpoint_identity *id,
                               const checkpoint_data *d, aiecon_error *err);

/* Collective. Open path and check that it is a complete aiecon checkpoint of this build's layout
 * and version, of run `id`, of model m with the agents self has. AIECON_ERR_INPUT, naming what
 * differs, otherwise. *ck is owned by the caller: checkpoint_restore or checkpoint_close. */
aiecon_status checkpoint_open(MPI_Comm comm, const char *path, const checkpoint_identity *id, const model *m,
                              const void *self, checkpoint **ck, aiecon_error *err);

/* The checkpoint's step, and its provenance lines (owned by ck; "" if none). */
uint32_t checkpoint_step(const checkpoint *ck);
/* What the checkpoint says of the run's output: records it held and their running hash. */
void checkpoint_output(const checkpoint *ck, uint64_t *records, uint64_t *hash);
const char *checkpoint_segments(const checkpoint *ck);

/* Collective. Read this rank's agents of every declared array (by global id) and every blob into
 * d's model, verify every checksum, then close ck (freed whatever the outcome). AIECON_ERR_INPUT
 * for a corrupt file. d->step receives the checkpoint's step. */
aiecon_status checkpoint_restore(checkpoint *ck, checkpoint_data *d, aiecon_error *err);

/* Collective. Close without restoring. Frees ck (NULL is fine). */
void checkpoint_close(checkpoint *ck);

/* --- identity, layout and checksums (checkpoint_identity.c) --- */

/* This build's layout string for model m into buf (caller's, CHECKPOINT_LAYOUT_LEN bytes). */
void checkpoint_layout(const model *m, char *buf);
/* Where two identity texts first differ, into out: "under `key.path`: the WHOSE has `A`, this run
 * `B`" (whose: "checkpoint", "output"). */
void checkpoint_describe_difference(const char *theirs, const char *ours, const char *whose, char *out, size_t size);
/* FNV-1a of n bytes. */
uint64_t checkpoint_fnv(const void *data, size_t n);
/* Collective: order-free checksum of an agent array by global id (elements of `bytes` bytes). */
uint64_t checkpoint_agents_sum(MPI_Comm comm, uint64_t first, uint32_t local, const void *data, size_t bytes);
/* Bytes of one element of type t. */
size_t checkpoint_type_size(model_type t);

#endif
