/* nc_data_hash — print one line per variable of a NetCDF file: `NAME HASH`, where HASH is a 64-bit
 * FNV-1a (16 hex digits) of the variable's type, shape and raw data bytes (strings by content).
 * With --attributes a third column hashes the variable's own attributes (names, types, values);
 * global attributes are never hashed, since they record the rank count and the command line.
 * Used by the test that a run gives identical data at any rank count: compare the outputs.
 * With --records FIRST:LAST only records FIRST..LAST (inclusive) of variables along the unlimited
 * dimension are hashed (and the record count, not the dimension's length, enters the hash), so the
 * shared steps of two runs can be compared: a restarted run's new file against the uninterrupted
 * run (tests/scripts/restart.sh). Fails if the file has fewer records.
 * Usage: nc_data_hash [--attributes] [--records FIRST:LAST] FILE.nc
 * Exit status: 0, or 2 with a message on stderr. */
#include <netcdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct hash { uint64_t h; } hash;

/* Records to hash along the unlimited dimension: all when !on. */
typedef struct record_range { int on; size_t first, last; } record_range;

static void feed(hash *s, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        s->h = (s->h ^ p[i]) * 0x100000001b3ULL;
    }
}

static void feed_u64(hash *s, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++) {
        b[i] = (unsigned char)(v >> (8 * i)); /* little-endian whatever the host */
    }
    feed(s, b, 8);
}

static int fail(const char *file, const char *what, int rc)
{
    fprintf(stderr, "nc_data_hash: %s: %s: %s\n", file, what, nc_strerror(rc));
    return 0;
}

/* Hash `n` values of type `type` held in `data`; strings are hashed by content. */
static void feed_values(hash *s, nc_type type, size_t size, const void *data, size_t n)
{
    if (type == NC_STRING) {
        char *const *strings = data;
        for (size_t i = 0; i < n; i++) {
            size_t len = strings[i] != NULL ? strlen(strings[i]) : 0;
            feed_u64(s, len);
            feed(s, strings[i], len);
        }
    } else {
        feed(s, data, n * size);
    }
}

/* The data of one variable, read one index of its first dimension at a time. */
static int hash_data(const char *file, int ncid, int varid, const record_range *range, hash *s)
{
    int unlimited = -1;
    nc_inq_unlimdim(ncid, &unlimited);
    nc_type type;
    int ndims, dimids[NC_MAX_VAR_DIMS], rc;
    size_t size, shape[NC_MAX_VAR_DIMS], start[NC_MAX_VAR_DIMS] = {0}, count[NC_MAX_VAR_DIMS], slab = 1;
    if ((rc = nc_inq_var(ncid, varid, NULL, &type, &ndims, dimids, NULL)) != NC_NOERR ||
        (rc = nc_inq_type(ncid, type, NULL, &size)) != NC_NOERR) {
        return fail(file, "reading a variable's definition", rc);
    }
    if (type > NC_STRING) {
        fprintf(stderr, "nc_data_hash: %s: user-defined types are not supported\n", file);
        return 0;
    }
    feed_u64(s, (uint64_t)type);
    feed_u64(s, (uint64_t)ndims);
    for (int d = 0; d < ndims; d++) {
        if ((rc = nc_inq_dimlen(ncid, dimids[d], &shape[d])) != NC_NOERR) {
            return fail(file, "reading a dimension", rc);
        }
        if (d == 0 && range->on && dimids[0] == unlimited) {
            if (shape[0] <= range->last) {
                fprintf(stderr, "nc_data_hash: %s: %zu records, fewer than asked for\n", file, shape[0]);
                return 0;
            }
            start[0] = range->first;
            shape[0] = range->last + 1;
        }
        feed_u64(s, d == 0 ? shape[0] - start[0] : shape[d]);
        count[d] = d == 0 ? 1 : shape[d];
        slab *= d == 0 ? 1 : shape[d];
    }
    size_t rows = ndims == 0 ? 1 : shape[0];
    void *buffer = malloc(slab * size + 1);
    if (buffer == NULL) {
        fprintf(stderr, "nc_data_hash: %s: out of memory\n", file);
        return 0;
    }
    for (size_t r = ndims > 0 ? start[0] : 0; r < rows && slab > 0; r++) {
        if (ndims > 0) {
            start[0] = r;
        }
        if ((rc = nc_get_vara(ncid, varid, start, count, buffer)) != NC_NOERR) {
            free(buffer);
            return fail(file, "reading data", rc);
        }
        feed_values(s, type, size, buffer, slab);
        if (type == NC_STRING) {
            nc_free_string(slab, buffer);
        }
    }
    free(buffer);
    return 1;
}

static int hash_attributes(const char *file, int ncid, int varid, hash *s)
{
    int natts, rc;
    if ((rc = nc_inq_varnatts(ncid, varid, &natts)) != NC_NOERR) {
        return fail(file, "counting attributes", rc);
    }
    for (int a = 0; a < natts; a++) {
        char name[NC_MAX_NAME + 1];
        nc_type type;
        size_t len, size;
        if ((rc = nc_inq_attname(ncid, varid, a, name)) != NC_NOERR ||
            (rc = nc_inq_att(ncid, varid, name, &type, &len)) != NC_NOERR ||
            (rc = nc_inq_type(ncid, type, NULL, &size)) != NC_NOERR) {
            return fail(file, "reading an attribute", rc);
        }
        void *buffer = malloc(len * size + 1);
        if (buffer == NULL || (rc = nc_get_att(ncid, varid, name, buffer)) != NC_NOERR) {
            free(buffer);
            return buffer == NULL ? 0 : fail(file, "reading an attribute", rc);
        }
        feed(s, name, strlen(name) + 1);
        feed_u64(s, (uint64_t)type);
        feed_u64(s, len);
        feed_values(s, type, size, buffer, len);
        if (type == NC_STRING) {
            nc_free_string(len, buffer);
        }
        free(buffer);
    }
    return 1;
}

int main(int argc, char **argv)
{
    int with_attributes = 0, a = 1;
    record_range range = {0, 0, 0};
    for (; a < argc - 1; a++) {
        if (strcmp(argv[a], "--attributes") == 0) {
            with_attributes = 1;
        } else if (strcmp(argv[a], "--records") == 0 && a + 1 < argc - 1 &&
                   sscanf(argv[a + 1], "%zu:%zu", &range.first, &range.last) == 2 && range.first <= range.last) {
            range.on = 1;
            a++;
        } else {
            break;
        }
    }
    if (a != argc - 1) {
        fprintf(stderr, "usage: nc_data_hash [--attributes] [--records FIRST:LAST] FILE.nc\n");
        return 2;
    }
    const char *file = argv[argc - 1];
    int ncid, nvars, rc;
    if ((rc = nc_open(file, NC_NOWRITE, &ncid)) != NC_NOERR || (rc = nc_inq_nvars(ncid, &nvars)) != NC_NOERR) {
        fail(file, "cannot open", rc);
        return 2;
    }
    for (int v = 0; v < nvars; v++) {
        char name[NC_MAX_NAME + 1];
        hash data = {0xcbf29ce484222325ULL}, attributes = {0xcbf29ce484222325ULL};
        if (nc_inq_varname(ncid, v, name) != NC_NOERR || !hash_data(file, ncid, v, &range, &data) ||
            (with_attributes && !hash_attributes(file, ncid, v, &attributes))) {
            nc_close(ncid);
            return 2;
        }
        printf("%s %016llx", name, (unsigned long long)data.h);
        if (with_attributes) {
            printf(" %016llx", (unsigned long long)attributes.h);
        }
        printf("\n");
    }
    nc_close(ncid);
    return 0;
}
