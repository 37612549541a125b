/* test_output.c — the NetCDF output (output.h): a file written collectively at any rank count reads
 * back with the declared layout, attributes and values; nothing is left under the target name or
 * as a .writing file after a failure; a bad target is refused with the same verdict on every rank.
 * Files go to a fresh folder under /tmp made by rank 0 and shared with the others. */
#include "cunit_mpi.h"
#include "aiecon/engine/output.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { PATH_LEN = 256, STEPS = 5 };

static const char *const REGIONS[] = {"north", "south"};
static const output_dimension DIMS[] = {{"region", 2, REGIONS}};
static const output_variable VARS[] = {
    {"households_adopted", "1", "weighted share of households that adopted", 0, OUTPUT_STOCK, -1},
    {"households_total", "households", "households in the region", 0, OUTPUT_STOCK, -1},
    {"price", "USD", "price of one unit", -1, OUTPUT_FLOW, -1},
};

static output_provenance provenance(void)
{
    output_provenance p = {"unit test of output.c", "aiecon test", "test_output", "seed: 7\n", "2025-01",
                           4000000001u, test_ranks(), NULL, NULL, NULL, NULL};
    return p;
}

/* A fresh folder made by rank 0, its name shared with every rank. */
static void shared_folder(char folder[PATH_LEN])
{
    if (test_rank() == 0) {
        snprintf(folder, PATH_LEN, "/tmp/aiecon-test-output-XXXXXX");
        if (mkdtemp(folder) == NULL) {
            folder[0] = '\0';
        }
    }
    MPI_Bcast(folder, PATH_LEN, MPI_CHAR, 0, MPI_COMM_WORLD);
}

/* Rank 0 removes the named files (some may not exist) and the folder. */
static void remove_folder(const char *folder, const char *const *names, int n)
{
    MPI_Barrier(MPI_COMM_WORLD);
    if (test_rank() == 0) {
        char path[2 * PATH_LEN];
        for (int i = 0; i < n; i++) {
            snprintf(path, sizeof path, "%s/%s", folder, names[i]);
            unlink(path);
        }
        CU_ASSERT_EQUAL(rmdir(folder), 0); /* fails if anything unexpected was left behind */
    }
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static double value_at(int v, size_t step, unsigned r) { return v * 100.0 + (double)step + r / 10.0; }

/* Create, write `steps` records, and leave the handle open. */
static output *write_file(const char *path, int steps)
{
    aiecon_error err;
    output *o = NULL;
    output_provenance prov = provenance();
    CU_ASSERT_EQUAL_FATAL(output_create(MPI_COMM_WORLD, path, &prov, DIMS, 1, VARS, 3, &o, &err), AIECON_OK);
    for (int s = 0; s < steps; s++) {
        double adopted[2] = {value_at(0, s, 0), value_at(0, s, 1)};
        double total[2] = {value_at(1, s, 0), value_at(1, s, 1)};
        double price = value_at(2, s, 0);
        const double *values[3] = {adopted, total, &price};
        CU_ASSERT_EQUAL(output_write_step(o, (size_t)s, 30.0 * (s + 1), values, &err), AIECON_OK);
    }
    return o;
}

static int text_att_is(int ncid, int varid, const char *name, const char *expected)
{
    char buffer[256] = "";
    size_t len = 0;
    if (nc_inq_attlen(ncid, varid, name, &len) != NC_NOERR || len >= sizeof buffer ||
        nc_get_att_text(ncid, varid, name, buffer) != NC_NOERR) {
        return 0;
    }
    return strcmp(buffer, expected) == 0;
}

static void check_layout(int ncid)
{
    int dim;
    size_t len;
    CU_ASSERT(nc_inq_dimid(ncid, "time", &dim) == NC_NOERR && nc_inq_dimlen(ncid, dim, &len) == NC_NOERR &&
              len == STEPS);
    CU_ASSERT(nc_inq_dimid(ncid, "region", &dim) == NC_NOERR && nc_inq_dimlen(ncid, dim, &len) == NC_NOERR &&
              len == 2);
    int nvars = 0, unlimited = -1, time_dim = -1;
    CU_ASSERT_EQUAL(nc_inq(ncid, NULL, &nvars, NULL, &unlimited), NC_NOERR);
    CU_ASSERT(nc_inq_dimid(ncid, "time", &time_dim) == NC_NOERR && unlimited == time_dim);
    CU_ASSERT_EQUAL(nvars, 8); /* time, time_bnds, initial_state, region, region_name and the three declared */
    for (int v = 0; v < nvars; v++) {
        char name[NC_MAX_NAME + 1];
        nc_inq_varname(ncid, v, name);
        size_t n;
        CU_ASSERT_EQUAL(nc_inq_attlen(ncid, v, "long_name", &n), NC_NOERR);
        if (strcmp(name, "region_name") != 0 && strcmp(name, "region") != 0 && strcmp(name, "initial_state") != 0) {
            CU_ASSERT_EQUAL(nc_inq_attlen(ncid, v, "units", &n), NC_NOERR);
        }
    }
    CU_ASSERT(text_att_is(ncid, NC_GLOBAL, "Conventions", "CF-1.10"));
    CU_ASSERT(text_att_is(ncid, NC_GLOBAL, "title", "unit test of output.c"));
    CU_ASSERT(text_att_is(ncid, NC_GLOBAL, "scenario", "seed: 7\n"));
    unsigned seed = 0;
    nc_type type;
    CU_ASSERT(nc_inq_atttype(ncid, NC_GLOBAL, "seed", &type) == NC_NOERR && type == NC_UINT);
    CU_ASSERT(nc_get_att_uint(ncid, NC_GLOBAL, "seed", &seed) == NC_NOERR && seed == 4000000001u);
    int ranks = 0;
    CU_ASSERT(nc_get_att_int(ncid, NC_GLOBAL, "mpi_ranks", &ranks) == NC_NOERR && ranks == test_ranks());
    int t;
    CU_ASSERT_EQUAL_FATAL(nc_inq_varid(ncid, "time", &t), NC_NOERR);
    CU_ASSERT(text_att_is(ncid, t, "calendar", "360_day"));
    CU_ASSERT(text_att_is(ncid, t, "units", "days since 2025-01-01 00:00:00"));
    CU_ASSERT(text_att_is(ncid, t, "axis", "T"));
    CU_ASSERT(text_att_is(ncid, t, "bounds", "time_bnds"));
    int a;
    CU_ASSERT_EQUAL_FATAL(nc_inq_varid(ncid, "households_adopted", &a), NC_NOERR);
    CU_ASSERT(text_att_is(ncid, a, "units", "1"));
    CU_ASSERT(text_att_is(ncid, a, "coordinates", "initial_state region_name"));
    CU_ASSERT(text_att_is(ncid, a, "cell_methods", "time: point"));
    CU_ASSERT_EQUAL_FATAL(nc_inq_varid(ncid, "price", &a), NC_NOERR);
    CU_ASSERT(text_att_is(ncid, a, "cell_methods", "time: sum"));
    CU_ASSERT(text_att_is(ncid, a, "coordinates", "initial_state"));
}

static void check_values(int ncid)
{
    int id;
    char names[2][OUTPUT_NAME_LEN];
    CU_ASSERT_EQUAL_FATAL(nc_inq_varid(ncid, "region_name", &id), NC_NOERR);
    CU_ASSERT_EQUAL(nc_get_var_text(ncid, id, &names[0][0]), NC_NOERR);
    CU_ASSERT_STRING_EQUAL(names[0], "north");
    CU_ASSERT_STRING_EQUAL(names[1], "south");
    memset(names, 0, sizeof names);
    CU_ASSERT_EQUAL_FATAL(nc_inq_varid(ncid, "region", &id), NC_NOERR); /* the string coordinate */
    CU_ASSERT_EQUAL(nc_get_var_text(ncid, id, &names[0][0]), NC_NOERR);
    CU_ASSERT_STRING_EQUAL(names[0], "north");
    CU_ASSERT_STRING_EQUAL(names[1], "south");
    double bounds[STEPS][2];
    signed char initial[STEPS];
    CU_ASSERT(nc_inq_varid(ncid, "time_bnds", &id) == NC_NOERR && nc_get_var_double(ncid, id, &bounds[0][0]) == NC_NOERR);
    CU_ASSERT(nc_inq_varid(ncid, "initial_state", &id) == NC_NOERR && nc_get_var_schar(ncid, id, initial) == NC_NOERR);
    for (size_t s = 0; s < STEPS; s++) { /* step s + 1 covers days 30 s .. 30 (s + 1) */
        CU_ASSERT(bounds[s][0] == 30.0 * (double)s && bounds[s][1] == 30.0 * (double)(s + 1) && initial[s] == 0);
    }
    double time[STEPS], series[STEPS][2], price[STEPS];
    CU_ASSERT(nc_inq_varid(ncid, "time", &id) == NC_NOERR && nc_get_var_double(ncid, id, time) == NC_NOERR);
    CU_ASSERT(nc_inq_varid(ncid, "households_total", &id) == NC_NOERR &&
              nc_get_var_double(ncid, id, &series[0][0]) == NC_NOERR);
    CU_ASSERT(nc_inq_varid(ncid, "price", &id) == NC_NOERR && nc_get_var_double(ncid, id, price) == NC_NOERR);
    double adopted[STEPS][2];
    CU_ASSERT(nc_inq_varid(ncid, "households_adopted", &id) == NC_NOERR &&
              nc_get_var_double(ncid, id, &adopted[0][0]) == NC_NOERR);
    for (size_t s = 0; s < STEPS; s++) {
        CU_ASSERT_EQUAL(time[s], 30.0 * (double)(s + 1) - 15.0); /* the middle of the month ending there */
        CU_ASSERT_EQUAL(adopted[s][0], value_at(0, s, 0));
        CU_ASSERT_EQUAL(adopted[s][1], value_at(0, s, 1));
        CU_ASSERT_EQUAL(series[s][0], value_at(1, s, 0));
        CU_ASSERT_EQUAL(series[s][1], value_at(1, s, 1));
        CU_ASSERT_EQUAL(price[s], value_at(2, s, 0));
    }
}

static void test_round_trip(void)
{
    char folder[PATH_LEN], path[PATH_LEN + 16], partial[PATH_LEN + 32];
    shared_folder(folder);
    CU_ASSERT_FATAL(folder[0] != '\0');
    snprintf(path, sizeof path, "%s/run.nc", folder);
    snprintf(partial, sizeof partial, "%s/.run.nc.writing", folder);
    aiecon_error err;
    CU_ASSERT_EQUAL(output_check_target(MPI_COMM_WORLD, path, &err), AIECON_OK);
    output *o = write_file(path, STEPS);
    if (test_rank() == 0) {
        CU_ASSERT(exists(partial));
        CU_ASSERT(!exists(path)); /* not under the target name before close */
    }
    CU_ASSERT_EQUAL(output_close(o, &err), AIECON_OK);
    if (test_rank() == 0) {
        CU_ASSERT(!exists(partial));
        int ncid;
        CU_ASSERT_EQUAL_FATAL(nc_open(path, NC_NOWRITE, &ncid), NC_NOERR);
        check_layout(ncid);
        check_values(ncid);
        nc_close(ncid);
    }
    const char *names[] = {"run.nc", ".run.nc.writing"};
    remove_folder(folder, names, 2);
}

/* The record of the initial state (time_days 0) is an instant: stamped 0, bounds [0, 0], flagged;
 * the months after it are stamped at their middle; the record hash covers time and the values
 * (what a checkpoint compares), and output_period_end undoes the stamp. */
static void test_initial_state(void)
{
    char folder[PATH_LEN], path[PATH_LEN + 16];
    shared_folder(folder);
    snprintf(path, sizeof path, "%s/initial.nc", folder);
    aiecon_error err;
    output *o = NULL;
    output_provenance prov = provenance();
    prov.overrides = "labs.a.ambition=2\nregions.us.households=5";
    CU_ASSERT_EQUAL_FATAL(output_create(MPI_COMM_WORLD, path, &prov, DIMS, 1, VARS, 3, &o, &err), AIECON_OK);
    double adopted[2] = {0.5, 0.25}, total[2] = {7, 8}, price = 0;
    const double *values[3] = {adopted, total, &price};
    uint64_t hash = OUTPUT_HASH_SEED;
    for (int s = 0; s < 3; s++) {
        CU_ASSERT_EQUAL(output_write_step(o, (size_t)s, 30.0 * s, values, &err), AIECON_OK);
        double stamp = s == 0 ? 0.0 : 30.0 * s - 15.0;
        hash = output_hash_values(hash, &stamp, 1);
        hash = output_hash_values(hash, adopted, 2);
        hash = output_hash_values(hash, total, 2);
        hash = output_hash_values(hash, &price, 1);
        CU_ASSERT_EQUAL(output_period_end(stamp), 30.0 * s);
    }
    if (test_rank() == 0) CU_ASSERT_EQUAL(output_record_hash(o), hash);
    CU_ASSERT_EQUAL(output_close(o, &err), AIECON_OK);
    if (test_rank() == 0) {
        int ncid, id;
        double time[3], bounds[3][2];
        signed char initial[3];
        CU_ASSERT_EQUAL_FATAL(nc_open(path, NC_NOWRITE, &ncid), NC_NOERR);
        CU_ASSERT(nc_inq_varid(ncid, "time", &id) == NC_NOERR && nc_get_var_double(ncid, id, time) == NC_NOERR);
        CU_ASSERT(nc_inq_varid(ncid, "time_bnds", &id) == NC_NOERR && nc_get_var_double(ncid, id, &bounds[0][0]) == NC_NOERR);
        CU_ASSERT(nc_inq_varid(ncid, "initial_state", &id) == NC_NOERR && nc_get_var_schar(ncid, id, initial) == NC_NOERR);
        CU_ASSERT(time[0] == 0.0 && time[1] == 15.0 && time[2] == 45.0);
        CU_ASSERT(bounds[0][0] == 0.0 && bounds[0][1] == 0.0 && bounds[1][0] == 0.0 && bounds[1][1] == 30.0 &&
                  bounds[2][0] == 30.0 && bounds[2][1] == 60.0);
        CU_ASSERT(initial[0] == 1 && initial[1] == 0 && initial[2] == 0);
        CU_ASSERT(text_att_is(ncid, NC_GLOBAL, "overrides", "labs.a.ambition=2\nregions.us.households=5"));
        nc_close(ncid);
    }
    const char *files[] = {"initial.nc"};
    remove_folder(folder, files, 1);
}

/* Write a small text file (rank 0) and read it back. */
static void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs(text, f);
    fclose(f);
}

static int file_is(const char *path, const char *text)
{
    char buffer[64] = "";
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return 0;
    }
    size_t n = fread(buffer, 1, sizeof buffer - 1, f);
    fclose(f);
    buffer[n] = '\0';
    return strcmp(buffer, text) == 0;
}

static void test_abort_keeps_previous(void)
{
    char folder[PATH_LEN], kept[PATH_LEN + 16], fresh[PATH_LEN + 16];
    shared_folder(folder);
    CU_ASSERT_FATAL(folder[0] != '\0');
    snprintf(kept, sizeof kept, "%s/kept.nc", folder);
    snprintf(fresh, sizeof fresh, "%s/fresh.nc", folder);
    if (test_rank() == 0) {
        put_file(kept, "a good earlier run\n");
    }
    MPI_Barrier(MPI_COMM_WORLD);
    output_abort(write_file(kept, 2));
    output_abort(write_file(fresh, 0));
    if (test_rank() == 0) {
        CU_ASSERT(file_is(kept, "a good earlier run\n"));
        CU_ASSERT(!exists(fresh));
    }
    /* rmdir in remove_folder fails if a .partial file was left. */
    const char *names[] = {"kept.nc"};
    remove_folder(folder, names, 1);
}

/* A stopped run (output_mark_stopped): the file is kept as .NAME.partial, its run_status says so,
 * the target is left as it was; the running record hash counts every record written. */
static void test_stopped_keeps_partial(void)
{
    char folder[PATH_LEN], path[PATH_LEN + 16], partial[PATH_LEN + 32];
    shared_folder(folder);
    CU_ASSERT_FATAL(folder[0] != '\0');
    snprintf(path, sizeof path, "%s/run.nc", folder);
    snprintf(partial, sizeof partial, "%s/.run.nc.partial", folder);
    if (test_rank() == 0) put_file(path, "a good earlier run\n");
    MPI_Barrier(MPI_COMM_WORLD);
    aiecon_error err;
    output *o = write_file(path, 3);
    if (test_rank() == 0) {
        CU_ASSERT_EQUAL(output_record_count(o), 3);
        CU_ASSERT_NOT_EQUAL(output_record_hash(o), OUTPUT_HASH_SEED);
    }
    output_mark_stopped(o, "incomplete: stopped for a test");
    CU_ASSERT_EQUAL(output_close(o, &err), AIECON_OK);
    if (test_rank() == 0) {
        CU_ASSERT(file_is(path, "a good earlier run\n"));
        int ncid;
        char status[64] = "";
        CU_ASSERT_EQUAL_FATAL(nc_open(partial, NC_NOWRITE, &ncid), NC_NOERR);
        CU_ASSERT_EQUAL(nc_get_att_text(ncid, NC_GLOBAL, "run_status", status), NC_NOERR);
        CU_ASSERT_STRING_EQUAL(status, "incomplete: stopped for a test");
        nc_close(ncid);
    }
    const char *names[] = {"run.nc", ".run.nc.partial"};
    remove_folder(folder, names, 2);
}

static void test_close_replaces_previous(void)
{
    char folder[PATH_LEN], path[PATH_LEN + 16];
    shared_folder(folder);
    snprintf(path, sizeof path, "%s/run.nc", folder);
    if (test_rank() == 0) {
        put_file(path, "old\n");
    }
    aiecon_error err;
    CU_ASSERT_EQUAL(output_close(write_file(path, STEPS), &err), AIECON_OK);
    if (test_rank() == 0) {
        int ncid;
        CU_ASSERT_EQUAL_FATAL(nc_open(path, NC_NOWRITE, &ncid), NC_NOERR);
        check_values(ncid);
        nc_close(ncid);
    }
    const char *names[] = {"run.nc"};
    remove_folder(folder, names, 1);
}

/* Every rank gets the same status and rank 0's message. */
static void expect_input_error(aiecon_status status, const aiecon_error *err, const char *fragment)
{
    CU_ASSERT_EQUAL(status, AIECON_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err->message, fragment));
}

static void test_check_target_refuses(void)
{
    aiecon_error err;
    aiecon_status s = output_check_target(MPI_COMM_WORLD, "/no/such/dir/out.nc", &err);
    expect_input_error(s, &err, "folder /no/such/dir does not exist");
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "/no/such/dir/out.nc"));
    expect_input_error(output_check_target(MPI_COMM_WORLD, "/tmp", &err), &err, "is a folder");
    expect_input_error(output_check_target(MPI_COMM_WORLD, "/tmp/", &err), &err, "is a folder");
    expect_input_error(output_check_target(MPI_COMM_WORLD, "/etc/passwd/out.nc", &err), &err, "not a folder");
    expect_input_error(output_check_target(MPI_COMM_WORLD, "", &err), &err, "empty");
    CU_ASSERT_EQUAL(output_check_target(MPI_COMM_WORLD, "relative-name.nc", &err), AIECON_OK);
}

static void test_create_failures_agree(void)
{
    aiecon_error err;
    output *o = (output *)&err;
    output_provenance prov = provenance();
    aiecon_status s = output_create(MPI_COMM_WORLD, "/no/such/dir/out.nc", &prov, DIMS, 1, VARS, 3, &o, &err);
    CU_ASSERT_EQUAL(s, AIECON_ERR_RUNTIME);
    CU_ASSERT_PTR_NULL(o);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "/no/such/dir/out.nc"));
    prov.start = "2025-13";
    s = output_create(MPI_COMM_WORLD, "/tmp/never.nc", &prov, DIMS, 1, VARS, 3, &o, &err);
    expect_input_error(s, &err, "YYYY-MM");
    prov.start = "2025-01";
    const char *const long_names[] = {"north", "a region name that is far too long for the file"};
    output_dimension bad = {"region", 2, long_names};
    s = output_create(MPI_COMM_WORLD, "/tmp/never.nc", &prov, &bad, 1, VARS, 3, &o, &err);
    expect_input_error(s, &err, "longer than");
    CU_ASSERT(!exists("/tmp/never.nc") && !exists("/tmp/.never.nc.writing"));
    /* A variable without its kind (flow or stock) is refused before anything is written. */
    output_variable kindless[1] = {{"revenue", "USD/month", "a flow that forgot its kind", -1, OUTPUT_KIND_UNDECLARED, -1}};
    s = output_create(MPI_COMM_WORLD, "/tmp/never.nc", &prov, DIMS, 1, kindless, 1, &o, &err);
    expect_input_error(s, &err, "revenue");
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "OUTPUT_FLOW, OUTPUT_STOCK or OUTPUT_RATE"));
    CU_ASSERT(!exists("/tmp/never.nc") && !exists("/tmp/.never.nc.writing"));
    /* A failure while defining (a name used twice) removes the partial file on the way out. */
    output_variable twice[2] = {VARS[0], VARS[0]};
    s = output_create(MPI_COMM_WORLD, "/tmp/never.nc", &prov, DIMS, 1, twice, 2, &o, &err);
    CU_ASSERT_EQUAL(s, AIECON_ERR_RUNTIME);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "households_adopted"));
    MPI_Barrier(MPI_COMM_WORLD);
    CU_ASSERT(!exists("/tmp/never.nc") && !exists("/tmp/.never.nc.writing"));
}

/* Records need not come in order: a skipped step reads back as NaN, a later one lands in place. */
static void test_gap_and_rewrite(void)
{
    char folder[PATH_LEN], path[PATH_LEN + 16];
    shared_folder(folder);
    snprintf(path, sizeof path, "%s/gap.nc", folder);
    aiecon_error err;
    output *o = write_file(path, 3);
    double adopted[2] = {0.5, 0.25}, total[2] = {7, 8}, price = 9;
    const double *values[3] = {adopted, total, &price};
    CU_ASSERT_EQUAL(output_write_step(o, 5, 180.0, values, &err), AIECON_OK);
    price = 11;
    CU_ASSERT_EQUAL(output_write_step(o, 1, 60.0, values, &err), AIECON_OK); /* rewrite step 1 */
    CU_ASSERT_EQUAL(output_close(o, &err), AIECON_OK);
    if (test_rank() == 0) {
        int ncid, id;
        double prices[6];
        CU_ASSERT_EQUAL_FATAL(nc_open(path, NC_NOWRITE, &ncid), NC_NOERR);
        CU_ASSERT(nc_inq_varid(ncid, "price", &id) == NC_NOERR && nc_get_var_double(ncid, id, prices) == NC_NOERR);
        CU_ASSERT_EQUAL(prices[0], value_at(2, 0, 0));
        CU_ASSERT_EQUAL(prices[1], 11.0);
        CU_ASSERT_EQUAL(prices[2], value_at(2, 2, 0));
        CU_ASSERT(isnan(prices[3]) && isnan(prices[4]));
        CU_ASSERT_EQUAL(prices[5], 9.0);
        nc_close(ncid);
    }
    const char *files[] = {"gap.nc"};
    remove_folder(folder, files, 1);
}

/* 1000 steps of 20 variables over 50 regions: a year-scale run must not be slowed by its output.
 * Every variable gets its own values at every step (v·1e6 + step·100 + region), and every value of
 * every variable is read back, so a write to the wrong variable or record cannot pass. */
static void test_write_speed(void)
{
    enum { N = 50, V = 20, STEPS_LONG = 1000 };
    char folder[PATH_LEN], path[PATH_LEN + 16], names[N][8], vnames[V][16];
    const char *entries[N];
    output_variable vars[V];
    static double data[V][N], back[STEPS_LONG][N];
    const double *values[V];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "r%d", i);
        entries[i] = names[i];
    }
    for (int v = 0; v < V; v++) {
        snprintf(vnames[v], sizeof vnames[v], "v%d", v);
        vars[v] = (output_variable){vnames[v], "1", "a figure", v % 2 == 0 ? 0 : -1, OUTPUT_STOCK, -1};
        values[v] = data[v];
    }
    output_dimension dim = {"region", N, entries};
    output_provenance prov = provenance();
    shared_folder(folder);
    snprintf(path, sizeof path, "%s/long.nc", folder);
    aiecon_error err;
    output *o = NULL;
    double t0 = MPI_Wtime();
    CU_ASSERT_EQUAL_FATAL(output_create(MPI_COMM_WORLD, path, &prov, &dim, 1, vars, V, &o, &err), AIECON_OK);
    for (size_t s = 0; s < STEPS_LONG; s++) {
        for (int v = 0; v < V; v++) {
            for (int i = 0; i < N; i++) data[v][i] = v * 1e6 + (double)s * 100.0 + i;
        }
        CU_ASSERT_EQUAL(output_write_step(o, s, 30.0 * (double)(s + 1), values, &err), AIECON_OK);
    }
    CU_ASSERT_EQUAL(output_close(o, &err), AIECON_OK);
    double seconds = MPI_Wtime() - t0;
    if (test_rank() == 0) {
        printf("\n  1000 steps x 20 variables x 50 regions at %d rank(s): %.2f s\n", test_ranks(), seconds);
    }
    /* the time is printed, not asserted: a test is no benchmark (the machine may be busy) */
    if (test_rank() == 0) { /* the last record went through the buffer and the close */
        int ncid, id, dim;
        size_t len = 0, last[2] = {STEPS_LONG - 1, N - 1};
        double value = 0.0;
        CU_ASSERT_EQUAL_FATAL(nc_open(path, NC_NOWRITE, &ncid), NC_NOERR);
        CU_ASSERT(nc_inq_dimid(ncid, "time", &dim) == NC_NOERR && nc_inq_dimlen(ncid, dim, &len) == NC_NOERR &&
                  len == STEPS_LONG);
        CU_ASSERT(nc_inq_varid(ncid, "v18", &id) == NC_NOERR && nc_get_var1_double(ncid, id, last, &value) == NC_NOERR &&
                  value == 18e6 + (STEPS_LONG - 1) * 100.0 + N - 1);
        unsigned wrong = 0;
        for (int v = 0; v < V; v++) {   /* every value of every variable */
            int over_regions = v % 2 == 0, width = over_regions ? N : 1;   /* odd v: time only */
            size_t start[2] = {0, 0}, count[2] = {STEPS_LONG, (size_t)width};
            CU_ASSERT_FATAL(nc_inq_varid(ncid, vnames[v], &id) == NC_NOERR);
            CU_ASSERT_FATAL(nc_get_vara_double(ncid, id, start, count, &back[0][0]) == NC_NOERR);
            const double *got = &back[0][0];   /* STEPS_LONG rows of `width` values */
            for (size_t s = 0; s < STEPS_LONG; s++) {
                for (int i = 0; i < width; i++) wrong += got[s * (size_t)width + (size_t)i] != v * 1e6 + (double)s * 100.0 + i;
            }
        }
        CU_ASSERT_EQUAL(wrong, 0);
        CU_ASSERT(nc_inq_varid(ncid, "time", &id) == NC_NOERR && nc_get_var1_double(ncid, id, last, &value) == NC_NOERR &&
                  value == 30.0 * STEPS_LONG - 15.0);
        nc_close(ncid);
    }
    const char *files[] = {"long.nc"};
    remove_folder(folder, files, 1);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("output", NULL, NULL);
    CU_add_test(suite, "round trip: layout, attributes, values", test_round_trip);
    CU_add_test(suite, "abort leaves no file and keeps the previous one", test_abort_keeps_previous);
    CU_add_test(suite, "close replaces the previous file", test_close_replaces_previous);
    CU_add_test(suite, "a stopped run is kept as .NAME.partial, the target untouched", test_stopped_keeps_partial);
    CU_add_test(suite, "check_target refuses bad targets on every rank", test_check_target_refuses);
    CU_add_test(suite, "create failures agree across ranks", test_create_failures_agree);
    CU_add_test(suite, "steps out of order and skipped", test_gap_and_rewrite);
    CU_add_test(suite, "the initial state: an instant, flagged; overrides recorded", test_initial_state);
    CU_add_test(suite, "1000 steps of 20 variables round-trip", test_write_speed);
}
