/* output_continue.c — continuing the output of an interrupted run (see output.h).
 *
 * NetCDF cannot shrink an unlimited dimension, and the old file may hold steps written after the
 * checkpoint the run restarts from. So "continue that file" means: rank 0 reads records
 * 0 .. through of every series from the old file (serial nc_open, read only), a new partial file
 * is created exactly as for a fresh run, the records are written into it through the ordinary
 * output_write_step path (so their bytes are the ones a fresh run would write), and the caller
 * continues from there; output_close renames the new file over the old one, keeping the promise
 * that the target is always a complete file. What it costs: the old records once in rank 0's
 * memory (steps × figures doubles: kilobytes to a few MB) and one extra pass of writes. */
#include "aiecon/engine/output.h"
#include "aiecon/engine/parallel.h"

#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Old records on rank 0: series s (0 = time, 1 + v = variable v) of record r at
 * values + offsets[s] + r × widths[s]. */
typedef struct old_records {
    size_t records, widths[OUTPUT_MAX_VARIABLES + 1], offsets[OUTPUT_MAX_VARIABLES + 1];
    double *values;
} old_records;

/* Records 0 .. records - 1 of one series of the old file into `into`: over (time) when !by_dim,
 * else (time, dim) with `width` entries. 0 with a message in err if missing or of another shape. */
static int read_series(int ncid, const char *path, const char *name, int by_dim, size_t width, double *into,
                       size_t records, aiecon_error *err)
{
    int varid, ndims, dimids[2];
    size_t len = 1;
    int rc = nc_inq_varid(ncid, name, &varid);
    if (rc == NC_NOERR) rc = nc_inq_varndims(ncid, varid, &ndims);
    if (rc == NC_NOERR && (ndims < 1 || ndims > 2)) rc = NC_EDIMSIZE;
    if (rc == NC_NOERR) rc = nc_inq_vardimid(ncid, varid, dimids);
    if (rc == NC_NOERR && ndims == 2) rc = nc_inq_dimlen(ncid, dimids[1], &len);
    if (rc != NC_NOERR || len != width || by_dim != (ndims == 2)) {
        aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: variable %s is missing or of another "
                    "shape (name a new output file with -o)", path, name);
        return 0;
    }
    size_t start[2] = {0, 0}, count[2] = {records, width};
    if ((rc = nc_get_vara_double(ncid, varid, start, count, into)) != NC_NOERR) {
        aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: reading %s: %s", path, name,
                    nc_strerror(rc));
        return 0;
    }
    return 1;
}

/* Rank 0: check the old file and read its records (into r, owned by the caller: free r->values). */
static aiecon_status read_old(const char *path, const output_provenance *prov, const output_dimension *dims,
                              const output_variable *vars, int var_count, size_t through, old_records *r,
                              aiecon_error *err)
{
    int ncid, time_dim;
    size_t have = 0, total = 0, attlen = 0;
    char hash[64] = "";
    int rc = nc_open(path, NC_NOWRITE, &ncid);
    if (rc != NC_NOERR) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: %s", path, nc_strerror(rc));
    }
    if (nc_inq_attlen(ncid, NC_GLOBAL, "scenario_hash", &attlen) == NC_NOERR && attlen < sizeof hash) {
        nc_get_att_text(ncid, NC_GLOBAL, "scenario_hash", hash);
    }
    aiecon_status status = AIECON_OK;
    if (prov->scenario_hash == NULL || strcmp(hash, prov->scenario_hash) != 0) {
        status = aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: it is of another run (scenario "
                             "hash %s, the checkpoint's %s); name a new output file with -o", path,
                             hash[0] ? hash : "missing", prov->scenario_hash ? prov->scenario_hash : "none");
    } else if (nc_inq_dimid(ncid, "time", &time_dim) != NC_NOERR || nc_inq_dimlen(ncid, time_dim, &have) != NC_NOERR
               || have < through + 1) {
        status = aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: it holds %zu steps, the "
                             "checkpoint is at step %zu; name a new output file with -o", path,
                             have > 0 ? have - 1 : 0, through);
    }
    r->records = through + 1;
    r->widths[0] = 1;
    for (int v = 0; v < var_count; v++) r->widths[1 + v] = vars[v].dimension >= 0 ? dims[vars[v].dimension].size : 1;
    for (int s = 0; s <= var_count; s++) {
        r->offsets[s] = total;
        total += r->widths[s] * r->records;
    }
    if (status == AIECON_OK && (r->values = malloc(total * sizeof *r->values)) == NULL) {
        status = aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot continue this output: out of memory", path);
    }
    for (int s = 0; s <= var_count && status == AIECON_OK; s++) {
        if (!read_series(ncid, path, s == 0 ? "time" : vars[s - 1].name, s > 0 && vars[s - 1].dimension >= 0,
                         r->widths[s], r->values + r->offsets[s], r->records, err)) {
            status = AIECON_ERR_INPUT;
        }
    }
    nc_close(ncid);
    return status;
}

aiecon_status output_create_continue(MPI_Comm comm, const char *path, const output_provenance *prov,
                                     const output_dimension *dims, int dim_count, const output_variable *vars,
                                     int var_count, size_t through, output **out, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    *out = NULL;
    old_records old;
    memset(&old, 0, sizeof old);
    aiecon_status status = var_count >= 0 && var_count <= OUTPUT_MAX_VARIABLES ? AIECON_OK
                           : aiecon_fail(err, AIECON_ERR_INPUT, "%s: too many output variables", path);
    if (status == AIECON_OK && rank == 0) status = read_old(path, prov, dims, vars, var_count, through, &old, err);
    status = parallel_agree(comm, status, err);
    if (status == AIECON_OK) status = output_create(comm, path, prov, dims, dim_count, vars, var_count, out, err);
    const double *row[OUTPUT_MAX_VARIABLES];
    memset(row, 0, sizeof row);
    for (size_t r = 0; r <= through && status == AIECON_OK; r++) {
        double time = 0.0;
        if (old.values != NULL) {
            time = old.values[r];
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
