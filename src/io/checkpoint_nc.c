/* checkpoint_nc.c — the NetCDF layout of a checkpoint (see checkpoint.h for the contents):
 * definitions and attributes, the collective writes and reads, and the checks on reading.
 *
 * Agent arrays are contiguous (unchunked) byte and float variables: each rank's block is one
 * contiguous range of global ids, which MPI-IO writes in one collective call. Blobs are written by
 * rank 0 and read by every rank. Every variable carries a `checksum` attribute. The order of
 * checks on reading goes from "is this a checkpoint at all" to "of this run" to "intact", so the
 * message names the first thing that differs. No global state. */
#include <netcdf.h>
#include <netcdf_par.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/version.h"
#include "checkpoint_internal.h"

static const char *const ck_names[CK_VARS] = {"household_state", "business_state", "business_roi", "players", "tally"};
static const char ck_format[] = "aiecon checkpoint";

/* Is variable v part of checkpoints of this kind of run? */
static int ck_present(const checkpoint_data *d, int v)
{
    switch (v) {
    case CK_HH_STATE: return d->households > 0;
    case CK_BIZ_STATE: case CK_BIZ_ROI: return d->businesses > 0;
    case CK_PLAYERS: return d->econ != NULL;
    default: return d->tally_bytes > 0;
    }
}

static size_t ck_length(const checkpoint_data *d, size_t players_bytes, int v)
{
    switch (v) {
    case CK_HH_STATE: return d->households;
    case CK_BIZ_STATE: case CK_BIZ_ROI: return d->businesses;
    case CK_PLAYERS: return players_bytes;
    default: return d->tally_bytes;
    }
}

int ck_blobs_make(MPI_Comm comm, const checkpoint_data *d, ck_blobs *b)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    memset(b, 0, sizeof *b);
    if (d->econ == NULL) return 1;
    b->players_bytes = checkpoint_players_size(d->scn, d->econ); /* replicated: the same on every rank */
    if (rank != 0) return 1;
    b->players = malloc(b->players_bytes);
    if (b->players == NULL) return 0;
    checkpoint_players_pack(d->scn, d->econ, b->players);
    return 1;
}

void ck_blobs_free(ck_blobs *b)
{
    free(b->players);
    b->players = NULL;
}

void ck_sums(MPI_Comm comm, const checkpoint_data *d, const ck_blobs *b, uint64_t *sums)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    memset(sums, 0, CK_VARS * sizeof *sums);
    sums[CK_HH_STATE] = checkpoint_agents_sum(comm, d->hh_first, d->hh_local, d->hh_state, NULL);
    if (d->businesses > 0) {
        sums[CK_BIZ_STATE] = checkpoint_agents_sum(comm, d->biz_first, d->biz_local, d->biz_state, NULL);
        sums[CK_BIZ_ROI] = checkpoint_agents_sum(comm, d->biz_first, d->biz_local, d->biz_state, d->biz_roi);
    }
    if (rank == 0) { /* rank 0's bytes are the ones written */
        if (b->players != NULL) sums[CK_PLAYERS] = checkpoint_fnv(b->players, b->players_bytes);
        if (d->tally_bytes > 0) sums[CK_TALLY] = checkpoint_fnv(d->tally, d->tally_bytes);
    }
    MPI_Bcast(&sums[CK_PLAYERS], 2, MPI_UINT64_T, 0, comm);
}

static void put_text(int ncid, const char *name, const char *value, ck_status *t)
{
    ck_track(t, nc_put_att_text(ncid, NC_GLOBAL, name, strlen(value), value), name);
}

static void define_globals(int ncid, const checkpoint_identity *id, const checkpoint_data *d, ck_status *t)
{
    char layout[CHECKPOINT_LAYOUT_LEN];
    checkpoint_layout(layout);
    put_text(ncid, "format", ck_format, t);
    put_text(ncid, "layout", layout, t);
    put_text(ncid, "aiecon_version", AIECON_VERSION, t);
    put_text(ncid, "git_revision", AIECON_GIT_REVISION, t);
    put_text(ncid, "scenario_hash", id->hash, t);
    put_text(ncid, "scenario_identity", id->scenario_text, t);
    put_text(ncid, "segments", d->segments != NULL ? d->segments : "", t);
    unsigned step = d->step, seed = id->seed;
    unsigned long long counts[2] = {d->households, d->businesses};
    ck_track(t, nc_put_att_uint(ncid, NC_GLOBAL, "step", NC_UINT, 1, &step), "step");
    ck_track(t, nc_put_att_uint(ncid, NC_GLOBAL, "seed", NC_UINT, 1, &seed), "seed");
    ck_track(t, nc_put_att_ulonglong(ncid, NC_GLOBAL, "households", NC_UINT64, 1, &counts[0]), "households");
    ck_track(t, nc_put_att_ulonglong(ncid, NC_GLOBAL, "businesses", NC_UINT64, 1, &counts[1]), "businesses");
    unsigned long long output[2] = {d->output_records, d->output_hash};
    ck_track(t, nc_put_att_ulonglong(ncid, NC_GLOBAL, "output_records", NC_UINT64, 1, &output[0]), "output_records");
    ck_track(t, nc_put_att_ulonglong(ncid, NC_GLOBAL, "output_hash", NC_UINT64, 1, &output[1]), "output_hash");
    if (d->stopped != NULL) put_text(ncid, "stopped", d->stopped, t);
}

void ck_define(int ncid, const checkpoint_identity *id, const checkpoint_data *d, const ck_blobs *b,
               const uint64_t *sums, int *varids, ck_status *t)
{
    int dims[CK_VARS] = {-1, -1, -1, -1, -1};
    static const char *const dim_names[CK_VARS] = {"household", "business", NULL, "players", "tally"};
    for (int v = 0; v < CK_VARS; v++) {
        varids[v] = -1;
        if (!ck_present(d, v)) continue;
        if (v == CK_BIZ_ROI) {
            dims[v] = dims[CK_BIZ_STATE];
        } else {
            ck_track(t, nc_def_dim(ncid, dim_names[v], ck_length(d, b->players_bytes, v), &dims[v]), dim_names[v]);
        }
        ck_track(t, nc_def_var(ncid, ck_names[v], v == CK_BIZ_ROI ? NC_FLOAT : NC_UBYTE, 1, &dims[v], &varids[v]),
                 ck_names[v]);
        ck_track(t, nc_var_par_access(ncid, varids[v], NC_COLLECTIVE), ck_names[v]);
        unsigned long long sum = sums[v];
        ck_track(t, nc_put_att_ulonglong(ncid, varids[v], "checksum", NC_UINT64, 1, &sum), ck_names[v]);
    }
    define_globals(ncid, id, d, t);
    ck_track(t, nc_enddef(ncid), "ending definitions");
}

void ck_put(int ncid, int rank, const checkpoint_data *d, const ck_blobs *b, const int *varids, ck_status *t)
{
    unsigned char none = 0;
    float none_f = 0;
    for (int v = 0; v < CK_VARS; v++) {
        if (varids[v] < 0) continue;
        size_t start = 0, count = 0;
        const void *data = &none;
        switch (v) {
        case CK_HH_STATE: start = d->hh_first; count = d->hh_local; data = d->hh_state; break;
        case CK_BIZ_STATE: start = d->biz_first; count = d->biz_local; data = d->biz_state; break;
        case CK_BIZ_ROI: start = d->biz_first; count = d->biz_local; data = d->biz_roi; break;
        case CK_PLAYERS: count = rank == 0 ? b->players_bytes : 0; data = b->players; break;
        default: count = rank == 0 ? d->tally_bytes : 0; data = d->tally; break;
        }
        if (count == 0 || data == NULL) data = v == CK_BIZ_ROI ? (const void *)&none_f : (const void *)&none;
        int rc = v == CK_BIZ_ROI ? nc_put_vara_float(ncid, varids[v], &start, &count, data)
                                 : nc_put_vara_uchar(ncid, varids[v], &start, &count, data);
        ck_track(t, rc, ck_names[v]);
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

/* Attributes that say whose checkpoint this is; each text checked in order. */
static aiecon_status check_identity(int ncid, const char *path, const checkpoint_identity *id, aiecon_error *err)
{
    char layout[CHECKPOINT_LAYOUT_LEN], *format = NULL, *text = NULL, *hash = NULL, *version = NULL,
        *identity = NULL;
    checkpoint_layout(layout);
    aiecon_status rc = AIECON_OK;
    unsigned seed = 0;
    if (get_text(ncid, "format", &format) != NC_NOERR || strcmp(format, ck_format) != 0) {
        rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: not an aiecon checkpoint (no format attribute \"%s\")", path,
                         ck_format);
    } else if (get_text(ncid, "layout", &text) != NC_NOERR || strcmp(text, layout) != 0) {
        rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: checkpoint written by a build with another state layout "
                         "(checkpoint: %s; this build: %s)", path, text ? text : "none", layout);
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
    }
    free(format);
    free(text);
    free(hash);
    free(version);
    free(identity);
    return rc;
}

aiecon_status ck_check_header(int ncid, const char *path, const checkpoint_identity *id, ck_header *h,
                              aiecon_error *err)
{
    aiecon_status rc = check_identity(ncid, path, id, err);
    if (rc != AIECON_OK) return rc;
    unsigned long long counts[2] = {0, 0}, output[2] = {0, 0};
    if (nc_get_att_ulonglong(ncid, NC_GLOBAL, "households", &counts[0]) != NC_NOERR ||
        nc_get_att_ulonglong(ncid, NC_GLOBAL, "businesses", &counts[1]) != NC_NOERR ||
        nc_get_att_uint(ncid, NC_GLOBAL, "step", &h->step) != NC_NOERR || get_text(ncid, "segments", &h->segments) != NC_NOERR
        || nc_get_att_ulonglong(ncid, NC_GLOBAL, "output_records", &output[0]) != NC_NOERR
        || nc_get_att_ulonglong(ncid, NC_GLOBAL, "output_hash", &output[1]) != NC_NOERR) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: attributes missing", path);
    }
    h->output_records = output[0];
    h->output_hash = output[1];
    if (counts[0] != h->households || counts[1] != h->businesses) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: checkpoint of %llu households and %llu businesses, this run "
                           "has %llu and %llu", path, counts[0], counts[1], (unsigned long long)h->households,
                           (unsigned long long)h->businesses);
    }
    for (int v = 0; v < CK_VARS; v++) {
        int varid;
        unsigned long long sum = 0;
        if (nc_inq_varid(ncid, ck_names[v], &varid) != NC_NOERR) continue; /* absence is checked on reading */
        if (nc_get_att_ulonglong(ncid, varid, "checksum", &sum) != NC_NOERR) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: %s has no checksum", path,
                               ck_names[v]);
        }
        h->sums[v] = sum;
    }
    return AIECON_OK;
}

/* Variable v's length in the file, or a failure in t when it is missing or not one-dimensional. */
static size_t file_length(int ncid, int v, int *varid, ck_status *t)
{
    int ndims = 0, dim = -1;
    size_t len = 0;
    int rc = nc_inq_varid(ncid, ck_names[v], varid);
    if (rc == NC_NOERR) rc = nc_inq_varndims(ncid, *varid, &ndims);
    if (rc == NC_NOERR && ndims != 1) rc = NC_EDIMSIZE;
    if (rc == NC_NOERR) rc = nc_inq_vardimid(ncid, *varid, &dim);
    if (rc == NC_NOERR) rc = nc_inq_dimlen(ncid, dim, &len);
    ck_track(t, rc, ck_names[v]);
    return rc == NC_NOERR ? len : 0;
}

void ck_get(int ncid, const checkpoint_data *d, unsigned char **players, size_t *players_bytes, ck_status *t)
{
    *players = NULL;
    *players_bytes = 0;
    for (int v = 0; v < CK_VARS; v++) {
        int varid = -1;
        if (!ck_present(d, v)) continue;
        size_t len = file_length(ncid, v, &varid, t);
        if (varid < 0 || t->status != AIECON_OK) continue; /* the same verdict on every rank: same file */
        if (v == CK_PLAYERS) {
            *players = malloc(len + 1);
            *players_bytes = len;
        } else if (len != ck_length(d, 0, v) && t->status == AIECON_OK) {
            t->status = aiecon_fail(t->err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: %s has %zu entries, expected "
                                    "%zu", t->path, ck_names[v], len, ck_length(d, 0, v));
            continue;
        }
        unsigned char none = 0;
        float none_f = 0;
        size_t start = 0, count = len;
        void *data = v == CK_PLAYERS ? (void *)*players : d->tally;
        if (v == CK_HH_STATE) { start = d->hh_first; count = d->hh_local; data = d->hh_state; }
        if (v == CK_BIZ_STATE) { start = d->biz_first; count = d->biz_local; data = d->biz_state; }
        if (v == CK_BIZ_ROI) { start = d->biz_first; count = d->biz_local; data = d->biz_roi; }
        if (data == NULL) count = 0; /* out of memory: still take part, then fail */
        if (count == 0) data = v == CK_BIZ_ROI ? (void *)&none_f : (void *)&none;
        ck_track(t, nc_var_par_access(ncid, varid, NC_COLLECTIVE), ck_names[v]);
        int rc = v == CK_BIZ_ROI ? nc_get_vara_float(ncid, varid, &start, &count, data)
                                 : nc_get_vara_uchar(ncid, varid, &start, &count, data);
        ck_track(t, rc, ck_names[v]);
        if (v == CK_PLAYERS && *players == NULL && t->status == AIECON_OK) {
            t->status = aiecon_fail(t->err, AIECON_ERR_RUNTIME, "%s: cannot restart: out of memory", t->path);
        }
    }
}

aiecon_status ck_verify(MPI_Comm comm, const char *path, const checkpoint_data *d, const unsigned char *players,
                        size_t players_bytes, const uint64_t *sums, aiecon_error *err)
{
    uint64_t got[CK_VARS] = {0};
    got[CK_HH_STATE] = checkpoint_agents_sum(comm, d->hh_first, d->hh_local, d->hh_state, NULL);
    if (d->businesses > 0) {
        got[CK_BIZ_STATE] = checkpoint_agents_sum(comm, d->biz_first, d->biz_local, d->biz_state, NULL);
        got[CK_BIZ_ROI] = checkpoint_agents_sum(comm, d->biz_first, d->biz_local, d->biz_state, d->biz_roi);
    }
    if (players != NULL) got[CK_PLAYERS] = checkpoint_fnv(players, players_bytes);
    if (d->tally_bytes > 0) got[CK_TALLY] = checkpoint_fnv(d->tally, d->tally_bytes);
    for (int v = 0; v < CK_VARS; v++) {
        if (ck_present(d, v) && got[v] != sums[v]) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: checksum of %s is %016llx, the file "
                               "says %016llx", path, ck_names[v], (unsigned long long)got[v],
                               (unsigned long long)sums[v]);
        }
    }
    return AIECON_OK;
}
