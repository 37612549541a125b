/* checkpoint_internal.h — shared between checkpoint.c (files, atomicity, the public calls) and
 * checkpoint_nc.c (the NetCDF layout: definitions, attributes, reads and writes, checks). */
#ifndef AIECON_CHECKPOINT_INTERNAL_H
#define AIECON_CHECKPOINT_INTERNAL_H

#include "aiecon/engine/checkpoint.h"

enum { CK_MAX_VARS = MODEL_MAX_ARRAYS + MODEL_MAX_BLOBS };

/* The first failure of a phase; calls after it still run so that every rank makes the same
 * collective calls. kind: AIECON_ERR_RUNTIME when writing, AIECON_ERR_INPUT when reading. */
typedef struct ck_status {
    const char *path;
    aiecon_status status;
    aiecon_error *err;
    aiecon_status kind;
} ck_status;

void ck_track(ck_status *t, int rc, const char *what);

/* One variable of a checkpoint: a declared array (first the arrays, in declaration order) or a
 * declared blob (then the blobs). */
typedef struct ck_var {
    const char *name;
    int blob;                 /* 1: a blob (bytes, written by rank 0, read by every rank) */
    model_type type;          /* arrays: the element type */
    const char *dim;          /* the dimension: the array's population, or the blob's own name */
    uint64_t length;          /* agents of the population, or the blob's bytes */
    uint64_t first;           /* arrays: this rank's first global id */
    uint32_t local;           /* arrays: this rank's agents */
    void *data;               /* arrays: the model's buffer; blobs: packed bytes (owned, see ck_vars) */
} ck_var;

typedef struct ck_vars {
    int count;
    ck_var var[CK_MAX_VARS];
} ck_vars;

/* What validation reads from the attributes; segments owned by the caller. */
typedef struct ck_header {
    uint32_t step;
    char *segments;
    uint64_t sums[CK_MAX_VARS];
    uint64_t output_records, output_hash;
} ck_header;

/* Collective. The variables of d's model; with pack, rank 0 packs every blob (1 on success, the
 * same on every rank only after parallel_agree). Blob bytes are owned by v: ck_vars_free. */
int ck_vars_make(MPI_Comm comm, const checkpoint_data *d, int pack, ck_vars *v);
void ck_vars_free(ck_vars *v);
void ck_sums(MPI_Comm comm, const ck_vars *v, uint64_t *sums);  /* collective; blobs: rank 0's */
void ck_define(int ncid, const checkpoint_identity *id, const checkpoint_data *d, const ck_vars *v,
               const uint64_t *sums, int *varids, ck_status *t);
void ck_put(int ncid, int rank, const ck_vars *v, const int *varids, ck_status *t);
aiecon_status ck_check_header(int ncid, const char *path, const checkpoint_identity *id, const model *m,
                              const void *self, ck_header *h, aiecon_error *err);
/* Reads every variable: arrays into the model's buffers, blobs into malloc'ed bytes in v. */
void ck_get(int ncid, ck_vars *v, ck_status *t);
aiecon_status ck_verify(MPI_Comm comm, const char *path, const ck_vars *v, const uint64_t *sums, aiecon_error *err);

#endif
