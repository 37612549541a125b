/* output.c — the run's NetCDF-4 file (see output.h and docs/OUTPUT.md).
 *
 * What it does: every rank opens one file with nc_create_par (HDF5 over MPI-IO), defines the
 * dimensions, name variables and the caller's variables, and then takes one record per step.
 * The figures are replicated, so rank 0 writes them and the other ranks take part with count 0:
 * every write is collective because extending the unlimited `time` dimension must be. Records are
 * gathered on rank 0 in blocks of up to 64 consecutive steps and written a block at a time.
 *
 * Why this design: a run that fails must never leave a half-written file under the name the user
 * asked for, nor destroy the good file of an earlier run. So the file is written as
 * `.NAME.writing` beside the target, and only output_close(), after a clean nc_close and an fsync,
 * renames it over the target (rename(2) is atomic within a folder) — or, for a run stopped by a
 * signal, to `.NAME.partial` with its `run_status` attribute saying where it stopped, so that the
 * previous complete file stays where it was until a run completes. Every NetCDF call that can
 * fail is recorded rather than returned at once, so that all ranks go on making the same
 * collective calls; each phase ends with parallel_agree(), so every rank returns the same status
 * and nobody waits in a collective that another rank skipped.
 *
 * Why blocks: each collective HDF5 write costs several MPI collectives; one per variable per step
 * made 1000 steps of 20 variables take 100 s at 3 ranks on 2 cores (ASan), 3 s in blocks. The
 * file being written is thrown away on failure anyway, and a stop closes it (writing what is
 * held), so holding records back loses nothing.
 *
 * Why a reserve (reserve.h): when the disk fills inside a collective HDF5 write, only the rank whose
 * MPI-IO write failed sees ENOSPC and the others wait in HDF5's next barrier forever. Rank 0 keeps
 * the most one block (and the close) can add to the file allocated in `.NAME.reserve`, gives it
 * back just before each block and takes it again after: a disk that filled meanwhile is found by
 * that fallocate, outside HDF5, and agreed like any other failure, with room left to close.
 *
 * What it costs: a copy of each record into rank 0's buffer (at most 8 MiB) and its running hash
 * (a byte-wise FNV-1a over the record's values: nanoseconds per value); per block, one
 * collective write per variable, one MPI_Allreduce, an ftruncate and an fallocate of the reserve
 * (a few MB: two chunks per series and 1 MiB of metadata). Series are chunked along time (up to 1024
 * steps, about 64 KiB a chunk). Closing costs one fsync of the file and one of its folder.
 * No global state: everything lives in the `output` handle. */
#include "aiecon/engine/output.h"
#include "aiecon/engine/parallel.h"
#include "aiecon/engine/files.h"
#include "aiecon/engine/reserve.h"

#include <errno.h>
#include <math.h>
#include <netcdf.h>
#include <netcdf_par.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Chunks: up to 1024 steps and about 64 KiB. Buffer: up to 64 records and 8 MiB, on rank 0. */
enum { TIME_CHUNK_MAX = 1024, CHUNK_TARGET_VALUES = 8192, BUFFER_RECORDS = 64, BUFFER_VALUES = 1 << 20 };

struct output {
    MPI_Comm comm;    /* our own duplicate, freed with the handle */
    int rank;
    int ncid;
    char *target;     /* the path the user asked for */
    char *partial;    /* .NAME.partial in the same folder: a stopped run's file */
    char *writing;    /* .NAME.writing: the file being written */
    int is_stopped;   /* output_mark_stopped: close keeps the file as the partial */
    char *stopped;    /* its run_status (owned; NULL if it could not be copied) */
    uint64_t record_count, record_hash; /* rank 0: records written and their running hash */
    int series;       /* [0] time, [1 + v] variable v, then time_bnds and initial_state */
    int hashed;       /* the first `hashed` series (time and the variables) enter record_hash */
    int varids[OUTPUT_MAX_VARIABLES + 3];
    size_t widths[OUTPUT_MAX_VARIABLES + 3];  /* values per record: 1, 2 (bounds) or a dimension's size
                                                 (× the inner dimension's) */
    size_t inners[OUTPUT_MAX_VARIABLES + 3];  /* entries of the inner dimension (1: none) */
    size_t offsets[OUTPUT_MAX_VARIABLES + 3]; /* where each series' block starts in `records` */
    size_t capacity;  /* records held before they go to the file */
    size_t first;     /* the held records are steps first .. first + pending - 1 */
    size_t pending;
    double *records;  /* rank 0 only (NULL elsewhere): per series, capacity rows of its width */
    uint64_t block_bytes; /* the most one block of records and the close can add to the file */
    reserve space;    /* rank 0 only: block_bytes held beside the file (reserve.h) */
};

/* The first failure of a phase. Calls after a failure still run, so that every rank makes the same
 * sequence of collective calls; the phase ends with parallel_agree on `status`. */
typedef struct nc_track {
    const char *path;
    aiecon_status status;
    aiecon_error *err;
} nc_track;

static void track(nc_track *t, int rc, const char *what, const char *name)
{
    if (rc != NC_NOERR && t->status == AIECON_OK) {
        t->status = aiecon_fail(t->err, AIECON_ERR_RUNTIME, "%s: cannot write output (%s %s): %s",
                                t->path, what, name, nc_strerror(rc));
    }
}

/* Rank 0's verdict on the target path (no MPI). */
static aiecon_status check_target_local(const char *path, aiecon_error *err)
{
    if (path == NULL || path[0] == '\0') {
        return aiecon_fail(err, AIECON_ERR_INPUT, "cannot write output: empty output path");
    }
    char folder[4096];
    files_folder(path, folder, sizeof folder);
    size_t len = strlen(path);
    struct stat st;
    if (stat(folder, &st) != 0) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write output: folder %s %s", path, folder,
                           errno == ENOENT ? "does not exist" : strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write output: %s is not a folder", path, folder);
    }
    if (access(folder, W_OK | X_OK) != 0) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write output: folder %s is not writable", path,
                           folder);
    }
    if (path[len - 1] == '/' || (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write output: it is a folder", path);
    }
    return AIECON_OK;
}

aiecon_status output_check_target(MPI_Comm comm, const char *path, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    aiecon_status local = rank == 0 ? check_target_local(path, err) : AIECON_OK;
    return parallel_agree(comm, local, err);
}

/* "YYYY-MM" with a month from 01 to 12. */
static int valid_start(const char *s)
{
    if (s == NULL || strlen(s) != 7 || s[4] != '-') {
        return 0;
    }
    for (int i = 0; i < 7; i++) {
        if (i != 4 && (s[i] < '0' || s[i] > '9')) {
            return 0;
        }
    }
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    return month >= 1 && month <= 12;
}

/* Same arguments on every rank, so the same verdict; no MPI. */
static aiecon_status check_layout(const char *path, const output_provenance *prov,
                                  const output_dimension *dims, int dim_count,
                                  const output_variable *vars, int var_count, aiecon_error *err)
{
    if (prov == NULL || !valid_start(prov->start)) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: output start must be \"YYYY-MM\", not \"%s\"",
                           path, prov != NULL && prov->start != NULL ? prov->start : "(none)");
    }
    if (dim_count < 0 || dim_count > OUTPUT_MAX_DIMS || var_count < 0 || var_count > OUTPUT_MAX_VARIABLES) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: %d dimensions and %d variables: at most %d and %d",
                           path, dim_count, var_count, OUTPUT_MAX_DIMS, OUTPUT_MAX_VARIABLES);
    }
    for (int d = 0; d < dim_count; d++) {
        if (dims[d].name == NULL || strlen(dims[d].name) + 6 > NC_MAX_NAME || dims[d].size == 0 ||
            dims[d].entries == NULL) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "%s: output dimension %d has no name or no size", path, d);
        }
        for (unsigned i = 0; i < dims[d].size; i++) {
            const char *e = dims[d].entries[i];
            if (e == NULL || strlen(e) >= OUTPUT_NAME_LEN) {
                return aiecon_fail(err, AIECON_ERR_INPUT, "%s: %s name %u is missing or longer than %d bytes",
                                   path, dims[d].name, i, OUTPUT_NAME_LEN - 1);
            }
        }
    }
    for (int v = 0; v < var_count; v++) {
        if (vars[v].name == NULL || vars[v].units == NULL || vars[v].long_name == NULL ||
            vars[v].dimension >= dim_count || vars[v].inner >= dim_count ||
            (vars[v].inner >= 0 && vars[v].dimension < 0) || output_kind_cell_methods(vars[v].kind) == NULL) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "%s: output variable %d (%s) lacks units, long_name, "
                               "a valid dimension or its kind (OUTPUT_FLOW, OUTPUT_STOCK or OUTPUT_RATE)", path, v,
                               vars[v].name ? vars[v].name : "unnamed");
        }
    }
    return AIECON_OK;
}

/* The handle with its paths, taking over `comm` (our duplicate); NULL if out of memory, and then
 * comm is still the caller's. Owned by the caller, released by output_free. */
static output *output_alloc(MPI_Comm comm, const char *path)
{
    output *o = calloc(1, sizeof *o);
    if (o == NULL) return NULL;
    o->target = malloc(strlen(path) + 1);
    o->partial = files_sibling(path, "partial");
    o->writing = files_sibling(path, "writing");
    if (o->target == NULL || o->partial == NULL || o->writing == NULL) {
        free(o->target);
        free(o->partial);
        free(o->writing);
        free(o);
        return NULL;
    }
    strcpy(o->target, path);
    o->comm = comm;
    o->ncid = -1;
    o->space.fd = -1;
    o->record_hash = OUTPUT_HASH_SEED;
    MPI_Comm_rank(o->comm, &o->rank);
    return o;
}

/* Each series' width and place in the record buffer; the buffer itself on rank 0 (owned by o).
 * Returns 0 if it could not be allocated. */
static size_t time_chunk(size_t width)
{
    size_t records = CHUNK_TARGET_VALUES / width;
    return records < 1 ? 1 : records > TIME_CHUNK_MAX ? TIME_CHUNK_MAX : records;
}

static int plan_records(output *o, const output_dimension *dims, const output_variable *vars, int var_count)
{
    size_t per_record = 1 + 2 + 1;
    o->hashed = 1 + var_count;
    o->series = o->hashed + 2;
    o->widths[0] = 1;
    for (int i = 0; i < OUTPUT_MAX_VARIABLES + 3; i++) o->inners[i] = 1;
    for (int v = 0; v < var_count; v++) {
        o->widths[1 + v] = output_variable_width(&vars[v], dims);
        if (vars[v].inner >= 0) o->inners[1 + v] = dims[vars[v].inner].size;
        per_record += o->widths[1 + v];
    }
    o->widths[o->hashed] = 2;     /* time_bnds */
    o->widths[o->hashed + 1] = 1; /* initial_state */
    size_t capacity = BUFFER_VALUES / per_record;
    o->capacity = capacity < 1 ? 1 : capacity > BUFFER_RECORDS ? BUFFER_RECORDS : capacity;
    /* A block of `capacity` records touches at most capacity / chunk + 2 chunks of each series,
     * and HDF5 allocates (and fills) a chunk whole. */
    o->block_bytes = RESERVE_METADATA_MARGIN;
    for (int i = 0; i < o->series; i++) {
        size_t chunk = time_chunk(o->widths[i]);
        o->block_bytes += (uint64_t)(o->capacity / chunk + 2) * chunk * o->widths[i] * sizeof(double);
    }
    for (int i = 1; i < o->series; i++) {
        o->offsets[i] = o->offsets[i - 1] + o->widths[i - 1] * o->capacity;
    }
    if (o->rank == 0) {
        o->records = malloc(per_record * o->capacity * sizeof *o->records);
        return o->records != NULL;
    }
    return 1;
}

static void output_free(output *o)
{
    reserve_drop(&o->space);
    free(o->records);
    if (o->comm != MPI_COMM_NULL) {
        MPI_Comm_free(&o->comm);
    }
    free(o->target);
    free(o->partial);
    free(o->writing);
    free(o->stopped);
    free(o);
}

static void put_text(nc_track *t, int ncid, int varid, const char *name, const char *value)
{
    if (value != NULL) {
        track(t, nc_put_att_text(ncid, varid, name, strlen(value), value), "writing attribute", name);
    }
}

static void define_globals(const output *o, const output_provenance *prov, nc_track *t)
{
    put_text(t, o->ncid, NC_GLOBAL, "title", prov->title);
    put_text(t, o->ncid, NC_GLOBAL, "Conventions", "CF-1.10");
    put_text(t, o->ncid, NC_GLOBAL, "institution", "aiecon agent-based model of the AI economy");
    put_text(t, o->ncid, NC_GLOBAL, "source", prov->source);
    put_text(t, o->ncid, NC_GLOBAL, "history", prov->history);
    put_text(t, o->ncid, NC_GLOBAL, "references", "docs/OUTPUT.md");
    put_text(t, o->ncid, NC_GLOBAL, "scenario", prov->scenario_yaml);
    unsigned seed = prov->seed;
    track(t, nc_put_att_uint(o->ncid, NC_GLOBAL, "seed", NC_UINT, 1, &seed), "writing attribute", "seed");
    put_text(t, o->ncid, NC_GLOBAL, "segments", prov->segments);
    put_text(t, o->ncid, NC_GLOBAL, "scenario_hash", prov->scenario_hash);
    put_text(t, o->ncid, NC_GLOBAL, "scenario_identity", prov->scenario_identity);
    put_text(t, o->ncid, NC_GLOBAL, "overrides", prov->overrides);
    int ranks = prov->ranks;
    track(t, nc_put_att_int(o->ncid, NC_GLOBAL, "mpi_ranks", NC_INT, 1, &ranks), "writing attribute",
          "mpi_ranks");
    int layout = OUTPUT_LAYOUT_VERSION;
    track(t, nc_put_att_int(o->ncid, NC_GLOBAL, "output_layout_version", NC_INT, 1, &layout), "writing attribute",
          "output_layout_version");
    put_text(t, o->ncid, NC_GLOBAL, "run_status", "incomplete: being written");
}

size_t output_variable_width(const output_variable *v, const output_dimension *dims)
{
    if (v->dimension < 0) return 1;
    return dims[v->dimension].size * (v->inner >= 0 ? dims[v->inner].size : 1);
}

/* A variable of `type` over (time), (time, dim) or (time, dim, inner) — `size` values a record, of
 * which `inner` along the last dimension — chunked along time, collective; NaN-filled when `fill`
 * (CF allows no fill value on the time coordinate, which then keeps NetCDF's default). */
static int define_series(const output *o, const char *name, nc_type type, int ndims, const int *dimids,
                         size_t size, size_t inner, int fill_nan, nc_track *t)
{
    int varid = -1;
    size_t chunks[3] = {time_chunk(size), ndims == 3 ? size / inner : size, inner};
    double fill = NAN;
    track(t, nc_def_var(o->ncid, name, type, ndims, dimids, &varid), "defining variable", name);
    track(t, nc_def_var_chunking(o->ncid, varid, NC_CHUNKED, chunks), "chunking variable", name);
    if (fill_nan) {
        track(t, nc_def_var_fill(o->ncid, varid, 0, &fill), "setting the fill value of", name);
    }
    track(t, nc_var_par_access(o->ncid, varid, NC_COLLECTIVE), "setting collective access for", name);
    return varid;
}

const char *output_kind_cell_methods(output_kind kind)
{
    switch (kind) {
    case OUTPUT_FLOW: return "time: sum";
    case OUTPUT_STOCK: return "time: point";
    case OUTPUT_RATE: return "time: mean";
    default: return NULL;
    }
}

double output_period_end(double stamp) { return stamp == 0.0 ? 0.0 : stamp + OUTPUT_PERIOD_DAYS / 2; }

/* time (the middle of each record's month), time_bnds (its start and end) and initial_state (1 on
 * the record of the state before the first step, whose bounds are [0, 0]). */
static void define_time(output *o, const char *start, int time_dim, nc_track *t)
{
    char units[64];
    int nv_dim = -1, bnds = o->hashed, flag = o->hashed + 1;
    snprintf(units, sizeof units, "days since %s-01 00:00:00", start);
    track(t, nc_def_dim(o->ncid, "nv", 2, &nv_dim), "defining dimension", "nv");
    o->varids[0] = define_series(o, "time", NC_DOUBLE, 1, &time_dim, 1, 1, 0, t);
    put_text(t, o->ncid, o->varids[0], "units", units);
    put_text(t, o->ncid, o->varids[0], "calendar", "360_day");
    put_text(t, o->ncid, o->varids[0], "standard_name", "time");
    put_text(t, o->ncid, o->varids[0], "axis", "T");
    put_text(t, o->ncid, o->varids[0], "bounds", "time_bnds");
    put_text(t, o->ncid, o->varids[0], "long_name", "middle of the month the record covers (the start for the "
             "initial state); flows are sums over time_bnds, stocks are levels at its end");
    int ids[2] = {time_dim, nv_dim};
    o->varids[bnds] = define_series(o, "time_bnds", NC_DOUBLE, 2, ids, 2, 1, 0, t);
    put_text(t, o->ncid, o->varids[bnds], "units", units);
    put_text(t, o->ncid, o->varids[bnds], "calendar", "360_day");
    put_text(t, o->ncid, o->varids[bnds], "long_name", "start and end of the month the record covers");
    o->varids[flag] = define_series(o, "initial_state", NC_BYTE, 1, &time_dim, 1, 1, 0, t);
    put_text(t, o->ncid, o->varids[flag], "long_name", "1 on the record of the initial state (before the first "
             "step: flows are 0, stocks are the starting levels), else 0");
    signed char values[2] = {0, 1};
    track(t, nc_put_att_schar(o->ncid, o->varids[flag], "flag_values", NC_BYTE, 2, values), "writing attribute",
          "flag_values");
    put_text(t, o->ncid, o->varids[flag], "flag_meanings", "monthly_record initial_state");
}

/* Dimensions and their `<dim>_name` variables; dimids[d] receives each dimension's id. */
static void define_dimensions(const output *o, const output_dimension *dims, int dim_count, int *dimids,
                              int *namevarids, nc_track *t)
{
    int strlen_dim = -1;
    if (dim_count > 0) {
        track(t, nc_def_dim(o->ncid, "name_strlen", OUTPUT_NAME_LEN, &strlen_dim), "defining dimension",
              "name_strlen");
    }
    for (int d = 0; d < dim_count; d++) {
        char name[NC_MAX_NAME + 1], long_name[NC_MAX_NAME + 32];
        snprintf(name, sizeof name, "%s_name", dims[d].name);
        snprintf(long_name, sizeof long_name, "name of each %s", dims[d].name);
        track(t, nc_def_dim(o->ncid, dims[d].name, dims[d].size, &dimids[d]), "defining dimension",
              dims[d].name);
        int ids[2] = {dimids[d], strlen_dim};
        for (int copy = 0; copy < 2; copy++) { /* [2d]: `<dim>` (the coordinate), [2d + 1]: `<dim>_name` */
            const char *var = copy == 0 ? dims[d].name : name;
            int *id = &namevarids[2 * d + copy];
            track(t, nc_def_var(o->ncid, var, NC_CHAR, 2, ids, id), "defining variable", var);
            track(t, nc_var_par_access(o->ncid, *id, NC_COLLECTIVE), "setting collective access for", var);
            put_text(t, o->ncid, *id, "long_name", long_name);
            put_text(t, o->ncid, *id, "_Encoding", "utf-8");
        }
    }
}

static void define_variables(output *o, const output_dimension *dims, const int *dimids, int time_dim,
                             const output_variable *vars, int var_count, nc_track *t)
{
    for (int v = 0; v < var_count; v++) {
        int d = vars[v].dimension, in = vars[v].inner, *varid = &o->varids[1 + v];
        int ids[3] = {time_dim, d >= 0 ? dimids[d] : -1, in >= 0 ? dimids[in] : -1};
        *varid = define_series(o, vars[v].name, NC_DOUBLE, d < 0 ? 1 : in < 0 ? 2 : 3, ids, o->widths[1 + v],
                               o->inners[1 + v], 1, t);
        put_text(t, o->ncid, *varid, "units", vars[v].units);
        put_text(t, o->ncid, *varid, "long_name", vars[v].long_name);
        put_text(t, o->ncid, *varid, "cell_methods", output_kind_cell_methods(vars[v].kind));
        char coordinates[3 * NC_MAX_NAME + 3] = "initial_state";
        if (in >= 0) {
            snprintf(coordinates, sizeof coordinates, "initial_state %s_name %s_name", dims[d].name, dims[in].name);
        } else if (d >= 0) {
            snprintf(coordinates, sizeof coordinates, "initial_state %s_name", dims[d].name);
        }
        put_text(t, o->ncid, *varid, "coordinates", coordinates);
    }
}

/* Rank 0 writes every dimension's names; the others take part with count 0. */
static void write_names(const output *o, const output_dimension *dims, int dim_count, const int *namevarids,
                        nc_track *t)
{
    for (int d = 0; d < dim_count; d++) {
        size_t n = dims[d].size;
        char *buffer = calloc(n, OUTPUT_NAME_LEN);
        if (buffer == NULL && t->status == AIECON_OK) {
            t->status = aiecon_fail(t->err, AIECON_ERR_RUNTIME, "%s: cannot write output: out of memory",
                                    t->path);
        }
        for (size_t i = 0; buffer != NULL && i < n; i++) {
            memcpy(buffer + i * OUTPUT_NAME_LEN, dims[d].entries[i], strlen(dims[d].entries[i]));
        }
        size_t start[2] = {0, 0};
        size_t count[2] = {o->rank == 0 && buffer != NULL ? n : 0, OUTPUT_NAME_LEN};
        char empty = '\0';
        for (int copy = 0; copy < 2; copy++) {
            track(t, nc_put_vara_text(o->ncid, namevarids[2 * d + copy], start, count, buffer != NULL ? buffer : &empty),
                  "writing the names of", dims[d].name);
        }
        free(buffer);
    }
}

/* Everything between nc_create_par and the first record, in three agreed phases. */
static aiecon_status define_file(output *o, const output_provenance *prov, const output_dimension *dims,
                                 int dim_count, const output_variable *vars, int var_count, aiecon_error *err)
{
    nc_track t = {o->target, AIECON_OK, err};
    int time_dim = -1, dimids[OUTPUT_MAX_DIMS], namevarids[2 * OUTPUT_MAX_DIMS];
    track(&t, nc_def_dim(o->ncid, "time", NC_UNLIMITED, &time_dim), "defining dimension", "time");
    define_dimensions(o, dims, dim_count, dimids, namevarids, &t);
    define_time(o, prov->start, time_dim, &t);
    define_variables(o, dims, dimids, time_dim, vars, var_count, &t);
    define_globals(o, prov, &t);
    if (parallel_agree(o->comm, t.status, err) != AIECON_OK) {
        return AIECON_ERR_RUNTIME;
    }
    track(&t, nc_enddef(o->ncid), "ending definitions of", o->writing);
    if (parallel_agree(o->comm, t.status, err) != AIECON_OK) {
        return AIECON_ERR_RUNTIME;
    }
    write_names(o, dims, dim_count, namevarids, &t);
    return parallel_agree(o->comm, t.status, err);
}

aiecon_status output_create(MPI_Comm comm, const char *path, const output_provenance *prov,
                            const output_dimension *dims, int dim_count,
                            const output_variable *vars, int var_count, output **out, aiecon_error *err)
{
    *out = NULL;
    aiecon_status status = check_layout(path, prov, dims, dim_count, vars, var_count, err);
    if (parallel_agree(comm, status, err) != AIECON_OK) {
        return AIECON_ERR_INPUT;
    }
    MPI_Comm own;
    MPI_Comm_dup(comm, &own); /* before anything that can fail on one rank only */
    output *o = output_alloc(own, path);
    status = o != NULL && plan_records(o, dims, vars, var_count) ? AIECON_OK
                       : aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot write output: out of memory", path);
    if (parallel_agree(own, status, err) != AIECON_OK) {
        if (o != NULL) {
            output_free(o);
        } else {
            MPI_Comm_free(&own);
        }
        return AIECON_ERR_RUNTIME;
    }
    /* Rank 0 makes sure of the room for one block before the file exists (a full disk: nothing
     * written), and lets the definitions (the file's first metadata, the names) be written into it. */
    status = o->rank == 0 ? reserve_hold(&o->space, o->target, o->block_bytes, "output", err) : AIECON_OK;
    if (status == AIECON_OK && o->rank == 0) status = reserve_release(&o->space, err);
    if (parallel_agree(o->comm, status, err) != AIECON_OK) {
        output_free(o);
        return AIECON_ERR_RUNTIME;
    }
    nc_track t = {o->target, AIECON_OK, err};
    track(&t, nc_create_par(o->writing, NC_NETCDF4 | NC_CLOBBER, o->comm, MPI_INFO_NULL, &o->ncid),
          "creating", o->writing);
    if (parallel_agree(o->comm, t.status, err) != AIECON_OK) {
        output_free(o);
        return AIECON_ERR_RUNTIME;
    }
    if (define_file(o, prov, dims, dim_count, vars, var_count, err) != AIECON_OK
        || parallel_agree(o->comm, o->rank == 0 ? reserve_regain(&o->space, "output", err) : AIECON_OK, err)
               != AIECON_OK) {
        output_abort(o);
        return AIECON_ERR_RUNTIME;
    }
    *out = o;
    return AIECON_OK;
}

/* Write the buffered records (collective: rank 0 writes them, the others count 0) into the room the
 * reserve gave back; then, when `regain`, take the reserve again: failing that is how a disk that
 * filled is found, outside HDF5. */
static void flush_records(output *o, nc_track *t, int regain)
{
    if (o->rank == 0 && o->pending > 0 && t->status == AIECON_OK) t->status = reserve_release(&o->space, t->err);
    size_t start[3] = {o->first, 0, 0};
    for (int i = 0; i < o->series && o->pending > 0; i++) {
        /* (time, rows, inner): a series of fewer dimensions reads only its first ones */
        size_t count[3] = {o->rank == 0 ? o->pending : 0, o->rank == 0 ? o->widths[i] / o->inners[i] : 0,
                           o->rank == 0 ? o->inners[i] : 0};
        double none = 0.0; /* the other ranks pass a valid pointer to nothing */
        const double *block = o->records != NULL ? o->records + o->offsets[i] : &none;
        int rc = nc_put_vara_double(o->ncid, o->varids[i], start, count, block);
        if (rc != NC_NOERR) {
            char name[NC_MAX_NAME + 1] = "";
            nc_inq_varname(o->ncid, o->varids[i], name);
            track(t, rc, "writing", name);
        }
    }
    if (o->rank == 0 && o->pending > 0 && regain && t->status == AIECON_OK) {
        t->status = reserve_regain(&o->space, "output", t->err);
    }
    o->pending = 0;
}

aiecon_status output_write_step(output *o, size_t step, double time_days, const double *const *values,
                                aiecon_error *err)
{
    nc_track t = {o->target, AIECON_OK, err};
    int wrote = 0;
    if (o->pending > 0 && step != o->first + o->pending) { /* not the next record: write what we have */
        flush_records(o, &t, 1);
        wrote = 1;
    }
    if (o->pending == 0) {
        o->first = step;
    }
    if (o->records != NULL) {
        /* The initial state is an instant; any other record covers the month that ends at time_days. */
        int initial = time_days == 0.0;
        double stamp = initial ? 0.0 : time_days - OUTPUT_PERIOD_DAYS / 2;
        double derived[3] = {initial ? 0.0 : time_days - OUTPUT_PERIOD_DAYS, time_days, initial};
        for (int i = 0; i < o->series; i++) {
            double *row = o->records + o->offsets[i] + o->pending * o->widths[i];
            const double *from = i == 0 ? &stamp : i < o->hashed ? values[i - 1] : &derived[i == o->hashed ? 0 : 2];
            memcpy(row, from, o->widths[i] * sizeof *row);
            if (i < o->hashed) o->record_hash = output_hash_values(o->record_hash, row, o->widths[i]);
        }
        o->record_count++;
    }
    if (++o->pending == o->capacity) {
        flush_records(o, &t, 1);
        wrote = 1;
    }
    /* Every rank makes the same calls, so `wrote` agrees; without a write nothing could fail. */
    return wrote ? parallel_agree(o->comm, t.status, err) : AIECON_OK;
}

uint64_t output_hash_values(uint64_t hash, const double *values, size_t n)
{
    const unsigned char *p = (const unsigned char *)values;
    for (size_t i = 0; i < n * sizeof *values; i++) hash = (hash ^ p[i]) * 0x100000001b3ULL;
    return hash;
}

uint64_t output_record_count(const output *o) { return o != NULL ? o->record_count : 0; }
uint64_t output_record_hash(const output *o) { return o != NULL ? o->record_hash : OUTPUT_HASH_SEED; }

void output_mark_stopped(output *o, const char *status)
{
    if (o == NULL) return;
    o->is_stopped = 1;
    free(o->stopped);
    o->stopped = malloc(strlen(status) + 1);
    if (o->stopped != NULL) strcpy(o->stopped, status);
}

/* Rank 0: publish the closed file: over the target when complete (an earlier stop's partial is
 * then obsolete), else as the partial. */
static aiecon_status publish(const output *o, int complete, aiecon_error *err)
{
    aiecon_status rc = files_publish(o->writing, complete ? o->target : o->partial, "output", err);
    if (rc == AIECON_OK && complete) unlink(o->partial);
    return rc;
}

aiecon_status output_close(output *o, aiecon_error *err)
{
    nc_track t = {o->target, AIECON_OK, err};
    if (o->rank == 0 && t.status == AIECON_OK) t.status = reserve_release(&o->space, err); /* room for the close */
    flush_records(o, &t, 0);
    int complete = !o->is_stopped;
    track(&t, nc_redef(o->ncid), "reopening the definitions of", o->writing);
    put_text(&t, o->ncid, NC_GLOBAL, "run_status", complete ? "complete"
                                                   : o->stopped != NULL ? o->stopped : "incomplete: stopped");
    track(&t, nc_enddef(o->ncid), "ending definitions of", o->writing);
    track(&t, nc_close(o->ncid), "closing", o->writing);
    o->ncid = -1;
    aiecon_status status = parallel_agree(o->comm, t.status, err);
    if (status == AIECON_OK) {
        status = parallel_agree(o->comm, o->rank == 0 ? publish(o, complete, err) : AIECON_OK, err);
    }
    if (status != AIECON_OK && o->rank == 0) {
        unlink(o->writing);
    }
    MPI_Barrier(o->comm);
    output_free(o);
    return status;
}

void output_abort(output *o)
{
    if (o == NULL) {
        return;
    }
    reserve_drop(&o->space); /* whatever HDF5 still writes on its way out finds room */
    if (o->ncid >= 0) {
        (void)nc_abort(o->ncid); /* no metadata flush: the file is thrown away */
    }
    if (o->rank == 0) {
        unlink(o->writing);
    }
    MPI_Barrier(o->comm);
    output_free(o);
}
