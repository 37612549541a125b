/* checkpoint_nc.c — the NetCDF layout of a checkpoint (see checkpoint.h for the contents):
 * definitions and attributes, the collective writes and reads, and the checks on reading, for
 * whatever arrays and blobs the model declares (model.h).
 *
 * Agent arrays are contiguous (unchunked) ubyte, uint and float variables: each rank's block is one
 * contiguous range of global ids, which MPI-IO writes in one collective call. Blobs are written by
 * rank 0 and read by every rank. Every variable carries a `checksum` attribute. The order of
 * checks on reading goes from "is this a checkpoint at all" to "of this run" to "intact", so the
 * message names the first thing that differs. No global state. */
#include <netcdf.h>
#include <netcdf_par.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/partition.h"
#include "aiecon/version.h"
#include "checkpoint_internal.h"

static const char ck_format[] = "aiecon checkpoint";

int ck_vars_make(MPI_Comm comm, const checkpoint_data *d, int pack, ck_vars *v)
{
    int rank, ranks, ok = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    memset(v, 0, sizeof *v);
    const model *m = d->m;
    for (unsigned a = 0; a < m->array_count && v->count < CK_MAX_VARS; a++) {
        ck_var *x = &v->var[v->count++];
        unsigned p = m->arrays[a].population;
        partition part = {m->agents(d->self, p), ranks};
        x->name = m->arrays[a].name;
        x->type = m->arrays[a].type;
        x->dim = m->populations[p];
        x->length = part.agents;
        x->first = partition_first(part, rank);
        x->local = (uint32_t)partition_count(part, rank);
        x->data = m->array(d->self, a);
    }
    for (unsigned b = 0; b < m->blob_count && v->count < CK_MAX_VARS; b++) {
        ck_var *x = &v->var[v->count++];
        x->name = m->blobs[b].name;
        x->blob = 1;
        x->type = MODEL_U8;
        x->dim = x->name;
        x->length = m->blobs[b].size(d->self); /* replicated: the same on every rank */
        if (!pack || rank != 0) continue;
        x->data = malloc(x->length + 1);
        if (x->data == NULL) ok = 0;
        else m->blobs[b].pack(d->self, x->data);
    }
    return ok;
}

void ck_vars_free(ck_vars *v)
{
    for (int i = 0; i < v->count; i++) {
        if (v->var[i].blob) free(v->var[i].data);
        v->var[i].data = NULL;
    }
}

/* The checksum of variable x as this rank holds it (collective for arrays). */
static uint64_t var_sum(MPI_Comm comm, const ck_var *x)
{
    if (!x->blob) return checkpoint_agents_sum(comm, x->first, x->local, x->data, checkpoint_type_size(x->type));
    return x->data != NULL ? checkpoint_fnv(x->data, x->length) : 0;
}

void ck_sums(MPI_Comm comm, const ck_vars *v, uint64_t *sums)
{
    memset(sums, 0, CK_MAX_VARS * sizeof *sums);
    for (int i = 0; i < v->count; i++) sums[i] = var_sum(comm, &v->var[i]);
    MPI_Bcast(sums, CK_MAX_VARS, MPI_UINT64_T, 0, comm); /* rank 0's blobs are the ones written */
}

static nc_type nc_type_of(model_type t)
{
    return t == MODEL_F32 ? NC_FLOAT : t == MODEL_U32 ? NC_UINT : NC_UBYTE;
}

/* One collective read or write of x's block at [start, start + count). */
static int var_io(int ncid, int varid, const ck_var *x, size_t start, size_t count, void *data, int put)
{
    static const uint32_t none = 0; /* a rank with nothing to move still takes part */
    if (count == 0 || data == NULL) {
        count = 0;
        data = (void *)&none;
    }
    switch (x->type) {
    case MODEL_F32:
        return put ? nc_put_vara_float(ncid, varid, &start, &count, data)
                   : nc_get_vara_float(ncid, varid, &start, &count, data);
    case MODEL_U32:
        return put ? nc_put_vara_uint(ncid, varid, &start, &count, data)
                   : nc_get_vara_uint(ncid, varid, &start, &count, data);
    default:
        return put ? nc_put_vara_uchar(ncid, varid, &start, &count, data)
                   : nc_get_vara_uchar(ncid, varid, &start, &count, data);
    }
}

static void put_text(int ncid, const char *name, const char *value, ck_status *t)
{
    ck_track(t, nc_put_att_text(ncid, NC_GLOBAL, name, strlen(value), value), name);
}

static void define_globals(int ncid, const checkpoint_identity *id, const checkpoint_data *d, ck_status *t)
{
    char layout[CHECKPOINT_LAYOUT_LEN];
    checkpoint_layout(d->m, layout);
    put_text(ncid, "format", ck_format, t);
    put_text(ncid, "layout", layout, t);
    put_text(ncid, "aiecon_version", AIECON_VERSION, t);
    put_text(ncid, "git_revision", AIECON_GIT_REVISION, t);
    put_text(ncid, "scenario_hash", id->hash, t);
    put_text(ncid, "scenario_identity", id->scenario_text, t);
    put_text(ncid, "segments", d->segments != NULL ? d->segments : "", t);
    unsigned step = d->step, seed = id->seed;
    ck_track(t, nc_put_att_uint(ncid, NC_GLOBAL, "step", NC_UINT, 1, &step), "step");
    ck_track(t, nc_put_att_uint(ncid, NC_GLOBAL, "seed", NC_UINT, 1, &seed), "seed");
    for (unsigned p = 0; p < d->m->population_count; p++) {
        unsigned long long agents = d->m->agents(d->self, p);
        const char *name = d->m->populations[p];
        ck_track(t, nc_put_att_ulonglong(ncid, NC_GLOBAL, name, NC_UINT64, 1, &agents), name);
    }
    unsigned long long output[2] = {d->output_records, d->output_hash};
    ck_track(t, nc_put_att_ulonglong(ncid, NC_GLOBAL, "output_records", NC_UINT64, 1, &output[0]), "output_records");
    ck_track(t, nc_put_att_ulonglong(ncid, NC_GLOBAL, "output_hash", NC_UINT64, 1, &output[1]), "output_hash");
    if (d->stopped != NULL) put_text(ncid, "stopped", d->stopped, t);
}

void ck_define(int ncid, const checkpoint_identity *id, const checkpoint_data *d, const ck_vars *v,
               const uint64_t *sums, int *varids, ck_status *t)
{
    for (int i = 0; i < v->count; i++) {
        const ck_var *x = &v->var[i];
        int dim = -1;
        if (nc_inq_dimid(ncid, x->dim, &dim) != NC_NOERR) { /* a population's arrays share its dimension */
            ck_track(t, nc_def_dim(ncid, x->dim, x->length, &dim), x->dim);
        }
        varids[i] = -1;
        ck_track(t, nc_def_var(ncid, x->name, nc_type_of(x->type), 1, &dim, &varids[i]), x->name);
        ck_track(t, nc_var_par_access(ncid, varids[i], NC_COLLECTIVE), x->name);
        unsigned long long sum = sums[i];
        ck_track(t, nc_put_att_ulonglong(ncid, varids[i], "checksum", NC_UINT64, 1, &sum), x->name);
    }
    define_globals(ncid, id, d, t);
    ck_track(t, nc_enddef(ncid), "ending definitions");
}

void ck_put(int ncid, int rank, const ck_vars *v, const int *varids, ck_status *t)
{
    for (int i = 0; i < v->count; i++) {
        const ck_var *x = &v->var[i];
        if (varids[i] < 0) continue;
        size_t start = x->blob ? 0 : x->first, count = x->blob ? (rank == 0 ? x->length : 0) : x->local;
        ck_track(t, var_io(ncid, varids[i], x, start, count, x->data, 1), x->name);
    }
}

/* A global text attribute, malloc'ed and NUL-terminated into *out (caller frees); NC status. */
static int get_text(int ncid, const char *name, char **out)
{
    size_t len = 0;
    nc_type type;
    *out = NULL;
    int rc = nc_inq_att(ncid, NC_GLOBAL, name, &type, &len);
    if (rc == NC_NOERR && type != NC_CHAR) rc = NC_EBADTYPE;
    if (rc == NC_NOERR && (*out = calloc(len + 1, 1)) == NULL) rc = NC_ENOMEM;
    if (rc == NC_NOERR) rc = nc_get_att_text(ncid, NC_GLOBAL, name, *out);
    if (rc != NC_NOERR) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

/* Attributes that say whose checkpoint this is; each text checked in order (the run before the
 * layout: a checkpoint of another scenario, perhaps of another model, is named as such). */
static aiecon_status check_identity(int ncid, const char *path, const checkpoint_identity *id, const model *m,
                                    aiecon_error *err)
{
    char layout[CHECKPOINT_LAYOUT_LEN], *format = NULL, *text = NULL, *hash = NULL, *version = NULL,
        *identity = NULL;
    checkpoint_layout(m, layout);
    aiecon_status rc = AIECON_OK;
    unsigned seed = 0;
    if (get_text(ncid, "format", &format) != NC_NOERR || strcmp(format, ck_format) != 0) {
        rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: not an aiecon checkpoint (no format attribute \"%s\")", path,
                         ck_format);
    } else if (get_text(ncid, "aiecon_version", &version) != NC_NOERR || strcmp(version, AIECON_VERSION) != 0) {
        rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: checkpoint written by aiecon %s, this is aiecon %s", path,
                         version ? version : "(unknown)", AIECON_VERSION);
    } else if (get_text(ncid, "scenario_hash", &hash) != NC_NOERR || get_text(ncid, "scenario_identity", &identity)
               != NC_NOERR || strcmp(hash, id->hash) != 0) {
        char where[AIECON_ERROR_MAX / 2] = "its scenario text is missing";
        if (identity != NULL) checkpoint_describe_difference(identity, id->scenario_text, "checkpoint", where, sizeof where);
        rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: checkpoint of another scenario (hash %s, this run %s): %s", path,
                         hash ? hash : "none", id->hash, where);
    } else if (nc_get_att_uint(ncid, NC_GLOBAL, "seed", &seed) != NC_NOERR || seed != id->seed) {
        rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: checkpoint of seed %u, this run has seed %u (run.seed / --seed)",
                         path, seed, id->seed);
    } else if (get_text(ncid, "layout", &text) != NC_NOERR || strcmp(text, layout) != 0) {
        rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: checkpoint written by a build with another state layout "
                         "(checkpoint: %s; this build: %s)", path, text ? text : "none", layout);
    }
    free(format);
    free(text);
    free(hash);
    free(version);
    free(identity);
    return rc;
}

aiecon_status ck_check_header(int ncid, const char *path, const checkpoint_identity *id, const model *m,
                              const void *self, ck_header *h, aiecon_error *err)
{
    aiecon_status rc = check_identity(ncid, path, id, m, err);
    if (rc != AIECON_OK) return rc;
    unsigned long long output[2] = {0, 0};
    if (nc_get_att_uint(ncid, NC_GLOBAL, "step", &h->step) != NC_NOERR ||
        get_text(ncid, "segments", &h->segments) != NC_NOERR
        || nc_get_att_ulonglong(ncid, NC_GLOBAL, "output_records", &output[0]) != NC_NOERR
        || nc_get_att_ulonglong(ncid, NC_GLOBAL, "output_hash", &output[1]) != NC_NOERR) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: attributes missing", path);
    }
    h->output_records = output[0];
    h->output_hash = output[1];
    for (unsigned p = 0; p < m->population_count; p++) {
        unsigned long long agents = 0, ours = m->agents(self, p);
        if (nc_get_att_ulonglong(ncid, NC_GLOBAL, m->populations[p], &agents) != NC_NOERR) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: attribute %s missing", path,
                               m->populations[p]);
        }
        if (agents != ours) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "%s: checkpoint of %llu %s, this run has %llu", path, agents,
                               m->populations[p], ours);
        }
    }
    unsigned n = 0;
    const char *names[CK_MAX_VARS];
    for (unsigned a = 0; a < m->array_count && n < CK_MAX_VARS; a++) names[n++] = m->arrays[a].name;
    for (unsigned b = 0; b < m->blob_count && n < CK_MAX_VARS; b++) names[n++] = m->blobs[b].name;
    for (unsigned v = 0; v < n; v++) {
        int varid;
        unsigned long long sum = 0;
        if (nc_inq_varid(ncid, names[v], &varid) != NC_NOERR) continue; /* absence is checked on reading */
        if (nc_get_att_ulonglong(ncid, varid, "checksum", &sum) != NC_NOERR) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: %s has no checksum", path, names[v]);
        }
        h->sums[v] = sum;
    }
    return AIECON_OK;
}

/* Variable x's length in the file, or a failure in t when it is missing or not one-dimensional. */
static size_t file_length(int ncid, const ck_var *x, int *varid, ck_status *t)
{
    int ndims = 0, dim = -1;
    size_t len = 0;
    int rc = nc_inq_varid(ncid, x->name, varid);
    if (rc == NC_NOERR) rc = nc_inq_varndims(ncid, *varid, &ndims);
    if (rc == NC_NOERR && ndims != 1) rc = NC_EDIMSIZE;
    if (rc == NC_NOERR) rc = nc_inq_vardimid(ncid, *varid, &dim);
    if (rc == NC_NOERR) rc = nc_inq_dimlen(ncid, dim, &len);
    ck_track(t, rc, x->name);
    return rc == NC_NOERR ? len : 0;
}

void ck_get(int ncid, ck_vars *v, ck_status *t)
{
    for (int i = 0; i < v->count; i++) {
        ck_var *x = &v->var[i];
        int varid = -1;
        size_t len = file_length(ncid, x, &varid, t);
        if (varid < 0 || t->status != AIECON_OK) continue; /* the same verdict on every rank: same file */
        if (x->blob) {
            x->data = malloc(len + 1);
            x->length = len;
        } else if (len != x->length) {
            t->status = aiecon_fail(t->err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: %s has %zu entries, expected "
                                    "%llu", t->path, x->name, len, (unsigned long long)x->length);
            continue;
        }
        size_t start = x->blob ? 0 : x->first, count = x->blob ? len : x->local;
        ck_track(t, nc_var_par_access(ncid, varid, NC_COLLECTIVE), x->name);
        ck_track(t, var_io(ncid, varid, x, start, count, x->data, 0), x->name);
        if (x->blob && x->data == NULL && t->status == AIECON_OK) {
            t->status = aiecon_fail(t->err, AIECON_ERR_RUNTIME, "%s: cannot restart: out of memory", t->path);
        }
    }
}

aiecon_status ck_verify(MPI_Comm comm, const char *path, const ck_vars *v, const uint64_t *sums, aiecon_error *err)
{
    aiecon_status rc = AIECON_OK;
    for (int i = 0; i < v->count; i++) {
        uint64_t got = var_sum(comm, &v->var[i]); /* collective: every rank computes every sum */
        if (rc == AIECON_OK && got != sums[i]) {
            rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: checksum of %s is %016llx, the file "
                             "says %016llx", path, v->var[i].name, (unsigned long long)got,
                             (unsigned long long)sums[i]);
        }
    }
    return rc;
}
