/* checkpoint_internal.h — shared between checkpoint.c (files, atomicity, the public calls) and
 * checkpoint_nc.c (the NetCDF layout: definitions, attributes, reads and writes, checks). */
#ifndef AIECON_CHECKPOINT_INTERNAL_H
#define AIECON_CHECKPOINT_INTERNAL_H

#include "aiecon/io/checkpoint.h"

/* The variables of a checkpoint, in file order. */
enum { CK_HH_STATE, CK_BIZ_STATE, CK_BIZ_ROI, CK_PLAYERS, CK_TALLY, CK_VARS };

/* The first failure of a phase; calls after it still run so that every rank makes the same
 * collective calls. kind: AIECON_ERR_RUNTIME when writing, AIECON_ERR_INPUT when reading. */
typedef struct ck_status {
    const char *path;
    aiecon_status status;
    aiecon_error *err;
    aiecon_status kind;
} ck_status;

void ck_track(ck_status *t, int rc, const char *what);

/* The players packed on rank 0 (NULL elsewhere; owned), and the blob's size on every rank. */
typedef struct ck_blobs {
    unsigned char *players;
    size_t players_bytes;
} ck_blobs;

/* What validation reads from the attributes; segments owned by the caller. */
typedef struct ck_header {
    uint64_t households, businesses;  /* in: this run's counts */
    uint32_t step;
    char *segments;
    uint64_t sums[CK_VARS];
    uint64_t output_records, output_hash;
} ck_header;

int ck_blobs_make(MPI_Comm comm, const checkpoint_data *d, ck_blobs *b);   /* 1 on success (local) */
void ck_blobs_free(ck_blobs *b);
void ck_sums(MPI_Comm comm, const checkpoint_data *d, const ck_blobs *b, uint64_t *sums);  /* collective */
void ck_define(int ncid, const checkpoint_identity *id, const checkpoint_data *d, const ck_blobs *b,
               const uint64_t *sums, int *varids, ck_status *t);
void ck_put(int ncid, int rank, const checkpoint_data *d, const ck_blobs *b, const int *varids, ck_status *t);
aiecon_status ck_check_header(int ncid, const char *path, const checkpoint_identity *id, ck_header *h,
                              aiecon_error *err);
/* Reads every variable into d; *players receives the blob (malloc'ed, caller frees). */
void ck_get(int ncid, const checkpoint_data *d, unsigned char **players, size_t *players_bytes, ck_status *t);
aiecon_status ck_verify(MPI_Comm comm, const char *path, const checkpoint_data *d, const unsigned char *players,
                        size_t players_bytes, const uint64_t *sums, aiecon_error *err);

#endif
