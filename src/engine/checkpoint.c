/* checkpoint.c — writing and reading checkpoints with parallel NetCDF-4 (see checkpoint.h).
 *
 * What it does: every rank writes its own block of each declared agent array at its global ids, in
 * one collective call per array; rank 0 writes each declared blob of replicated state (the others
 * take part with count 0). Reading is the mirror image on any partition: each rank reads the block
 * of global ids it now owns, and every rank reads every blob, which the model then unpacks. Validation reads only attributes, so
 * a checkpoint of the wrong run is refused before any agent data is touched.
 *
 * Why this design: agent arrays keyed by global id are what makes a checkpoint independent of the
 * rank count, and a collective write of contiguous blocks is the cheapest parallel I/O pattern
 * (one MPI-IO collective per array). Atomicity comes from the partial file and rename(2); the
 * checksums make a corrupt file fail loudly rather than restart from garbage.
 * Before creating the file, rank 0 allocates the checkpoint's size (checkpoint_estimate_bytes)
 * in a reserve file and gives it back (reserve.h): a full disk or quota then stops the run with an
 * agreed exit 1 and the previous checkpoint in place, instead of an ENOSPC inside a collective
 * HDF5 write, which hangs the ranks that did not see it.
 * What it costs: the declared state's bytes (for the economy, 2 bytes and a float per agent) once per
 * checkpoint, two fsyncs, one fallocate, and a handful of collectives. No global state. */
#include "aiecon/engine/checkpoint.h"
#include "aiecon/engine/parallel.h"
#include "aiecon/engine/files.h"
#include "aiecon/engine/reserve.h"
#include "aiecon/version.h"

#include <errno.h>
#include <netcdf.h>
#include <netcdf_par.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checkpoint_internal.h"

struct checkpoint {
    MPI_Comm comm;      /* our duplicate */
    int ncid;
    char *path;
    uint32_t step;
    char *segments;
    uint64_t sums[CK_MAX_VARS];
    uint64_t output_records, output_hash;
};

void ck_track(ck_status *t, int rc, const char *what)
{
    if (rc != NC_NOERR && t->status == AIECON_OK) {
        t->status = aiecon_fail(t->err, t->kind, "%s: %s: %s: %s", t->path,
                                t->kind == AIECON_ERR_RUNTIME ? "cannot write checkpoint"
                                : "not a usable checkpoint (corrupt, truncated or not a checkpoint)",
                                what, nc_strerror(rc));
    }
}

/* ---- writing ---- */

/* Measured (ls -l of checkpoints of tiny, baseline and bass-validation at 2 ranks): besides its
 * data, parallel HDF5 allocates 4 bytes per entry of each agent dimension (its dimension scale) and
 * some 20-30 KB of metadata (CHECKPOINT_METADATA_BYTES leaves room above that). */
uint64_t checkpoint_estimate_bytes(const model *m, const void *self, int blobs_set)
{
    uint64_t bytes = CHECKPOINT_METADATA_BYTES;
    for (unsigned p = 0; p < m->population_count; p++) bytes += 4 * m->agents(self, p);
    for (unsigned a = 0; a < m->array_count; a++) {
        bytes += m->agents(self, m->arrays[a].population) * checkpoint_type_size(m->arrays[a].type);
    }
    for (unsigned b = 0; b < m->blob_count; b++) bytes += blobs_set ? m->blobs[b].size(self) : CHECKPOINT_BLOB_ALLOWANCE;
    return bytes;
}

/* Rank 0: is there room for the whole checkpoint now? Allocate it beside path and give it back. */
static aiecon_status check_room(const char *path, const checkpoint_data *d, aiecon_error *err)
{
    uint64_t bytes = checkpoint_estimate_bytes(d->m, d->self, 1);
    reserve room;
    aiecon_status rc = reserve_hold(&room, path, bytes, "checkpoint", err);
    reserve_drop(&room);
    return rc;
}

/* Rank 0: the test hook, then publish the closed partial file under path (files.h). */
static aiecon_status publish(const char *partial, const char *path, aiecon_error *err)
{
    const char *delay = getenv("AIECON_TEST_CHECKPOINT_DELAY_MS"); /* tests only: a window for kill -9 */
    if (delay != NULL && atol(delay) > 0) {
        struct timespec ts = {atol(delay) / 1000, (atol(delay) % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    return files_publish(partial, path, "checkpoint", err);
}

aiecon_status checkpoint_write(MPI_Comm comm, const char *path, const checkpoint_identity *id,
                               const checkpoint_data *d, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    ck_vars vars;
    char *partial = files_sibling(path, "partial");
    aiecon_status rc = ck_vars_make(comm, d, 1, &vars) && partial != NULL
                       ? AIECON_OK : aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot write checkpoint: out of memory",
                                                 path);
    rc = parallel_agree(comm, rc, err);
    if (rc == AIECON_OK) rc = parallel_agree(comm, rank == 0 ? check_room(path, d, err) : AIECON_OK, err);
    if (rc == AIECON_OK) {
        uint64_t sums[CK_MAX_VARS];
        ck_sums(comm, &vars, sums);
        checkpoint_data with_output = *d; /* rank 0 holds the output's records: its values are written */
        MPI_Bcast(&with_output.output_records, 1, MPI_UINT64_T, 0, comm);
        MPI_Bcast(&with_output.output_hash, 1, MPI_UINT64_T, 0, comm);
        d = &with_output;
        ck_status t = {path, AIECON_OK, err, AIECON_ERR_RUNTIME};
        int ncid = -1;
        ck_track(&t, nc_create_par(partial, NC_NETCDF4 | NC_CLOBBER, comm, MPI_INFO_NULL, &ncid), "creating");
        rc = parallel_agree(comm, t.status, err);
        if (rc == AIECON_OK) {
            int varids[CK_MAX_VARS];
            ck_define(ncid, id, d, &vars, sums, varids, &t);
            rc = parallel_agree(comm, t.status, err);
            if (rc == AIECON_OK) ck_put(ncid, rank, &vars, varids, &t);
            ck_track(&t, nc_close(ncid), "closing");
            rc = parallel_agree(comm, t.status, err);
        }
        if (rc == AIECON_OK) rc = parallel_agree(comm, rank == 0 ? publish(partial, path, err) : AIECON_OK, err);
        if (rc != AIECON_OK && rank == 0) unlink(partial);
    }
    ck_vars_free(&vars);
    free(partial);
    return rc;
}

/* ---- reading ---- */

/* Rank 0's verdict on the path itself, for a clearer message than HDF5's. */
static aiecon_status check_file(const char *path, aiecon_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot restart: %s", path, strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot restart: not a file", path);
    return AIECON_OK;
}

aiecon_status checkpoint_open(MPI_Comm comm, const char *path, const checkpoint_identity *id, const model *m,
                              const void *self, checkpoint **out, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    *out = NULL;
    aiecon_status rc = parallel_agree(comm, rank == 0 ? check_file(path, err) : AIECON_OK, err);
    if (rc != AIECON_OK) return rc;
    checkpoint *ck = calloc(1, sizeof *ck);
    if (ck != NULL) ck->path = malloc(strlen(path) + 1);
    rc = ck != NULL && ck->path != NULL ? AIECON_OK
         : aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot restart: out of memory", path);
    if (parallel_agree(comm, rc, err) != AIECON_OK) {
        if (ck != NULL) free(ck->path);
        free(ck);
        return AIECON_ERR_RUNTIME;
    }
    strcpy(ck->path, path);
    MPI_Comm_dup(comm, &ck->comm);
    ck->ncid = -1;
    ck_status t = {path, AIECON_OK, err, AIECON_ERR_INPUT};
    ck_track(&t, nc_open_par(path, NC_NOWRITE, ck->comm, MPI_INFO_NULL, &ck->ncid), "opening");
    if (parallel_agree(ck->comm, t.status, err) != AIECON_OK) {
        ck->ncid = -1;
        checkpoint_close(ck);
        return AIECON_ERR_INPUT;
    }
    ck_header header = {0, NULL, {0}, 0, 0};
    rc = parallel_agree(ck->comm, ck_check_header(ck->ncid, path, id, m, self, &header, err), err);
    ck->step = header.step;
    ck->segments = header.segments;
    memcpy(ck->sums, header.sums, sizeof ck->sums);
    ck->output_records = header.output_records;
    ck->output_hash = header.output_hash;
    if (rc != AIECON_OK) {
        checkpoint_close(ck);
        return rc;
    }
    *out = ck;
    return AIECON_OK;
}

uint32_t checkpoint_step(const checkpoint *ck) { return ck->step; }
const char *checkpoint_segments(const checkpoint *ck) { return ck->segments != NULL ? ck->segments : ""; }

void checkpoint_output(const checkpoint *ck, uint64_t *records, uint64_t *hash)
{
    *records = ck->output_records;
    *hash = ck->output_hash;
}

aiecon_status checkpoint_restore(checkpoint *ck, checkpoint_data *d, aiecon_error *err)
{
    ck_status t = {ck->path, AIECON_OK, err, AIECON_ERR_INPUT};
    ck_vars vars;
    ck_vars_make(ck->comm, d, 0, &vars); /* packs nothing: cannot fail */
    ck_get(ck->ncid, &vars, &t);
    aiecon_status rc = parallel_agree(ck->comm, t.status, err);
    if (rc == AIECON_OK) rc = parallel_agree(ck->comm, ck_verify(ck->comm, ck->path, &vars, ck->sums, err), err);
    const model *m = d->m;
    for (unsigned b = 0; rc == AIECON_OK && b < m->blob_count; b++) {
        const ck_var *x = &vars.var[m->array_count + b];
        rc = parallel_agree(ck->comm, m->blobs[b].unpack(d->self, x->data, x->length, ck->path, err), err);
    }
    if (rc == AIECON_OK) d->step = ck->step;
    ck_vars_free(&vars);
    checkpoint_close(ck);
    return rc;
}

void checkpoint_close(checkpoint *ck)
{
    if (ck == NULL) return;
    if (ck->ncid >= 0) nc_close(ck->ncid);
    MPI_Comm_free(&ck->comm);
    free(ck->segments);
    free(ck->path);
    free(ck);
}
