/* output_continue.c — continuing the output of an interrupted run (see output.h).
 *
 * NetCDF cannot shrink an unlimited dimension, and the old file may hold steps written after the
 * checkpoint the run restarts from. So "continue that file" means: rank 0 reads records
 * 0 .. N - 1 of every series from the old file (serial nc_open, read only), a new output file
 * is created exactly as for a fresh run, the records are written into it through the ordinary
 * output_write_step path (so their bytes are the ones a fresh run would write), and the caller
 * continues from there; output_close renames the new file over the old one, keeping the promise
 * that the target is always a complete file. The old file may be the target or the `.NAME.partial`
 * a stopped run left. Before a record is kept, the old file must be of this run — output layout
 * version, parameters (by the identity hash, as the checkpoint compares them: run length and seed
 * aside; the first differing key named from the file's `scenario_identity`), seed — and its kept
 * records must hash to what the checkpoint recorded when it was taken (output_expected): damage,
 * or records of another run, are refused rather than spliced. What it costs: the old records once
 * in rank 0's memory (steps × figures doubles: kilobytes to a few MB), one hash over them, and one
 * extra pass of writes. */
#include "aiecon/engine/output.h"
#include "aiecon/engine/checkpoint.h"
#include "aiecon/engine/parallel.h"

#include <errno.h>
#include <netcdf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Old records on rank 0: series s (0 = time, 1 + v = variable v) of record r at
 * values + offsets[s] + r × widths[s]. */
typedef struct old_records {
    size_t records, widths[OUTPUT_MAX_VARIABLES + 1], offsets[OUTPUT_MAX_VARIABLES + 1];
    double *values;
} old_records;

/* Records 0 .. records - 1 of one series of the old file into `into`: over `want` dimensions
 * (time, then `width` / `inner` rows of `inner` entries). 0 with a message in err if missing or of
 * another shape. */
static int read_series(int ncid, const char *path, const char *name, int want, size_t width, size_t inner,
                       double *into, size_t records, aiecon_error *err)
{
    int varid, ndims, dimids[3];
    size_t len[3] = {records, 1, 1};
    int rc = nc_inq_varid(ncid, name, &varid);
    if (rc == NC_NOERR) rc = nc_inq_varndims(ncid, varid, &ndims);
    if (rc == NC_NOERR && (ndims < 1 || ndims > 3)) rc = NC_EDIMSIZE;
    if (rc == NC_NOERR) rc = nc_inq_vardimid(ncid, varid, dimids);
    for (int d = 1; d < ndims && rc == NC_NOERR; d++) rc = nc_inq_dimlen(ncid, dimids[d], &len[d]);
    if (rc != NC_NOERR || ndims != want || len[1] * len[2] != width || len[2] != (want == 3 ? inner : 1)) {
        aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: variable %s is missing or of another "
                    "shape (name a new output file with -o)", path, name);
        return 0;
    }
    size_t start[3] = {0, 0, 0}, count[3] = {records, len[1], len[2]};
    if ((rc = nc_get_vara_double(ncid, varid, start, count, into)) != NC_NOERR) {
        aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: reading %s: %s", path, name,
                    nc_strerror(rc));
        return 0;
    }
    return 1;
}

/* See output.h. */
char *output_global_text(int ncid, const char *name)
{
    size_t len = 0;
    nc_type type;
    if (nc_inq_att(ncid, NC_GLOBAL, name, &type, &len) != NC_NOERR || type != NC_CHAR) return NULL;
    char *text = calloc(len + 1, 1);
    if (text != NULL && nc_get_att_text(ncid, NC_GLOBAL, name, text) != NC_NOERR) {
        free(text);
        text = NULL;
    }
    return text;
}

/* The old file's identity against this run's: layout version, parameters (by the identity hash,
 * run length and seed aside, as the checkpoint compares them; the first differing key named), seed. */
static aiecon_status check_identity(int ncid, const char *path, const output_provenance *prov, aiecon_error *err)
{
    int layout = 0;
    unsigned seed = 0;
    if (nc_get_att_int(ncid, NC_GLOBAL, "output_layout_version", &layout) != NC_NOERR || layout != OUTPUT_LAYOUT_VERSION) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: output layout version %d, this "
                           "aiecon writes %d; name a new output file with -o", path, layout, OUTPUT_LAYOUT_VERSION);
    }
    char *hash = output_global_text(ncid, "scenario_hash");
    aiecon_status rc = AIECON_OK;
    if (hash == NULL || prov->scenario_hash == NULL || strcmp(hash, prov->scenario_hash) != 0) {
        char *theirs = output_global_text(ncid, "scenario_identity");
        char where[AIECON_ERROR_MAX / 2] = "it records no scenario";
        if (theirs != NULL && prov->scenario_identity != NULL) {
            checkpoint_describe_difference(theirs, prov->scenario_identity, "output", where, sizeof where);
        }
        rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: it is of another run (another "
                         "scenario: %s); name a new output file with -o", path, where);
        free(theirs);
    } else if (nc_get_att_uint(ncid, NC_GLOBAL, "seed", &seed) != NC_NOERR || seed != prov->seed) {
        rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: it is of another run (seed %u, this "
                         "run has seed %u: run.seed / --seed); name a new output file with -o", path, seed, prov->seed);
    }
    free(hash);
    return rc;
}

/* The running hash of the records r holds (as output_write_step computes it). */
static uint64_t records_hash(const old_records *r, int series)
{
    uint64_t h = OUTPUT_HASH_SEED;
    for (size_t rec = 0; rec < r->records; rec++) {
        for (int s = 0; s < series; s++) h = output_hash_values(h, r->values + r->offsets[s] + rec * r->widths[s], r->widths[s]);
    }
    return h;
}

/* Rank 0: check the old file and read its records (into r, owned by the caller: free r->values). */
static aiecon_status read_old(const char *path, const output_provenance *prov, const output_dimension *dims,
                              const output_variable *vars, int var_count, const output_expected *expected,
                              old_records *r, aiecon_error *err)
{
    int ncid, time_dim;
    size_t have = 0, total = 0;
    int rc = nc_open(path, NC_NOWRITE, &ncid);
    if (rc != NC_NOERR) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: %s", path, nc_strerror(rc));
    }
    aiecon_status status = check_identity(ncid, path, prov, err);
    if (status == AIECON_OK && (nc_inq_dimid(ncid, "time", &time_dim) != NC_NOERR
                                || nc_inq_dimlen(ncid, time_dim, &have) != NC_NOERR || have < expected->records)) {
        status = aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: it holds %zu records, the "
                             "checkpoint was taken after record %llu; name a new output file with -o (it starts at "
                             "the checkpoint's step)", path, have, (unsigned long long)expected->records - 1);
    }
    r->records = expected->records;
    r->widths[0] = 1;
    for (int v = 0; v < var_count; v++) r->widths[1 + v] = output_variable_width(&vars[v], dims);
    for (int s = 0; s <= var_count; s++) {
        r->offsets[s] = total;
        total += r->widths[s] * r->records;
    }
    if (status == AIECON_OK && (r->values = malloc((total > 0 ? total : 1) * sizeof *r->values)) == NULL) {
        status = aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot continue this output: out of memory", path);
    }
    for (int s = 0; s <= var_count && status == AIECON_OK; s++) {
        const output_variable *v = s > 0 ? &vars[s - 1] : NULL;
        int want = v == NULL || v->dimension < 0 ? 1 : v->inner < 0 ? 2 : 3;
        if (!read_series(ncid, path, s == 0 ? "time" : v->name, want, r->widths[s],
                         want == 3 ? dims[v->inner].size : 1, r->values + r->offsets[s], r->records, err)) {
            status = AIECON_ERR_INPUT;
        }
    }
    if (status == AIECON_OK && records_hash(r, var_count + 1) != expected->hash) {
        status = aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: its records 0 to %llu are not "
                             "the ones the checkpoint recorded (damaged, or of another run); name a new output file "
                             "with -o", path, (unsigned long long)expected->records - 1);
    }
    nc_close(ncid);
    return status;
}

/* Rank 0: read_old in a child process first. HDF5 1.10 can crash (SIGSEGV in H5G__dense_iterate,
 * seen by tests/scripts/chaos.sh) opening a file with bytes changed in its metadata, and a crash
 * would take the job down with it instead of a refusal. The child reads and checks exactly what
 * read_old will; only if it exits 0 does this process open the file. Cost: the old records read
 * twice (kilobytes to a few MB) and one fork of rank 0 before the output exists. */
static aiecon_status probe_old(const char *path, const output_provenance *prov, const output_dimension *dims,
                               const output_variable *vars, int var_count, const output_expected *expected,
                               aiecon_error *err)
{
    int fds[2];
    if (pipe(fds) != 0) return AIECON_OK; /* no probe: read_old itself will tell */
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return AIECON_OK;
    }
    if (pid == 0) { /* the child: no MPI, no exit handlers */
        close(fds[0]);
        old_records r;
        memset(&r, 0, sizeof r);
        aiecon_error mine = {""};
        aiecon_status rc = read_old(path, prov, dims, vars, var_count, expected, &r, &mine);
        if (rc != AIECON_OK && write(fds[1], mine.message, strlen(mine.message)) < 0) rc = AIECON_ERR_INPUT;
        _exit((int)rc);
    }
    close(fds[1]);
    char message[AIECON_ERROR_MAX] = "";
    size_t have = 0;
    ssize_t n;
    while (have < sizeof message - 1 && (n = read(fds[0], message + have, sizeof message - 1 - have)) > 0) have += (size_t)n;
    message[have] = '\0';
    close(fds[0]);
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0) {
        if (errno != EINTR) return AIECON_OK;
    }
    if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) return AIECON_OK;
    if (WIFEXITED(wstatus) && message[0] != '\0') {
        return aiecon_fail(err, WEXITSTATUS(wstatus) == AIECON_ERR_RUNTIME ? AIECON_ERR_RUNTIME : AIECON_ERR_INPUT,
                           "%s", message);
    }
    return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: the NetCDF library crashed reading it "
                       "(%s): it is damaged; name a new output file with -o", path,
                       WIFSIGNALED(wstatus) ? strsignal(WTERMSIG(wstatus)) : "no verdict");
}

aiecon_status output_create_continue(MPI_Comm comm, const char *path, const char *source,
                                     const output_provenance *prov, const output_dimension *dims, int dim_count,
                                     const output_variable *vars, int var_count, const output_expected *expected,
                                     output **out, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    *out = NULL;
    old_records old;
    memset(&old, 0, sizeof old);
    aiecon_status status = var_count >= 0 && var_count <= OUTPUT_MAX_VARIABLES ? AIECON_OK
                           : aiecon_fail(err, AIECON_ERR_INPUT, "%s: too many output variables", path);
    if (status == AIECON_OK && expected->records == 0) {
        status = aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: the checkpoint records no output",
                             source);
    }
    if (status == AIECON_OK && rank == 0) status = probe_old(source, prov, dims, vars, var_count, expected, err);
    if (status == AIECON_OK && rank == 0) status = read_old(source, prov, dims, vars, var_count, expected, &old, err);
    status = parallel_agree(comm, status, err);
    if (status == AIECON_OK) status = output_create(comm, path, prov, dims, dim_count, vars, var_count, out, err);
    const double *row[OUTPUT_MAX_VARIABLES];
    memset(row, 0, sizeof row);
    for (size_t r = 0; r < expected->records && status == AIECON_OK; r++) {
        double time = 0.0;
        if (old.values != NULL) {
            time = output_period_end(old.values[r]); /* the stamp's month ends there */
            for (int v = 0; v < var_count; v++) row[v] = old.values + old.offsets[1 + v] + r * old.widths[1 + v];
        }
        status = output_write_step(*out, r, time, row, err);
    }
    if (status != AIECON_OK && *out != NULL) {
        output_abort(*out);
        *out = NULL;
    }
    free(old.values);
    return status;
}
