/* test_published.c — published_check (published.h) on files made here with serial NetCDF, the way
 * the output module marks them (global attributes output_layout_version, scenario_hash,
 * scenario_identity, seed, run_status; an unlimited `time`): the complete output of a run is
 * recognised by its identity hash, seed and record count, and is not taken for another run's; a
 * missing file, a file whose run_status is not "complete", a folder, a file that is not NetCDF,
 * a file of another length or of an older output layout are not complete; another seed or other
 * parameters are another run, and the message names the differing parameter. */
#include "cunit_mpi.h"
#include "aiecon/engine/output.h"
#include "aiecon/engine/published.h"

#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { PATH_LEN = 256, RECORDS = 4 };

static const char *const PARAMS = "regions:\n  - name: north\n    adoption_scale: 1.2\n";

static void put_text(int ncid, const char *name, const char *value)
{
    CU_ASSERT_EQUAL(nc_put_att_text(ncid, NC_GLOBAL, name, strlen(value), value), NC_NOERR);
}

/* A file as the output module publishes it: `records` records of run (text, seed), status. */
static void make_file(const char *path, const char *text, unsigned seed, int layout, const char *status,
                      size_t records)
{
    checkpoint_identity id;
    aiecon_error err;
    CU_ASSERT_EQUAL_FATAL(checkpoint_identity_make(text, seed, &id, &err), AIECON_OK);
    int ncid, dim, var;
    CU_ASSERT_EQUAL_FATAL(nc_create(path, NC_NETCDF4 | NC_CLOBBER, &ncid), NC_NOERR);
    CU_ASSERT_EQUAL(nc_def_dim(ncid, "time", NC_UNLIMITED, &dim), NC_NOERR);
    CU_ASSERT_EQUAL(nc_def_var(ncid, "time", NC_DOUBLE, 1, &dim, &var), NC_NOERR);
    CU_ASSERT_EQUAL(nc_put_att_uint(ncid, NC_GLOBAL, "seed", NC_UINT, 1, &seed), NC_NOERR);
    CU_ASSERT_EQUAL(nc_put_att_int(ncid, NC_GLOBAL, "output_layout_version", NC_INT, 1, &layout), NC_NOERR);
    put_text(ncid, "scenario_hash", id.hash);
    put_text(ncid, "scenario_identity", id.scenario_text);
    put_text(ncid, "run_status", status);
    CU_ASSERT_EQUAL(nc_enddef(ncid), NC_NOERR);
    for (size_t r = 0; r < records; r++) {
        double t = 30.0 * (double)r;
        CU_ASSERT_EQUAL(nc_put_var1_double(ncid, var, &r, &t), NC_NOERR);
    }
    CU_ASSERT_EQUAL(nc_close(ncid), NC_NOERR);
    checkpoint_identity_free(&id);
}

static void test_published_states(void)
{
    if (test_rank() != 0) return; /* local: no MPI */
    char folder[PATH_LEN] = "/tmp/aiecon-test-published-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(folder));
    char done[2 * PATH_LEN], stopped[2 * PATH_LEN], old[2 * PATH_LEN], dir[2 * PATH_LEN], junk[2 * PATH_LEN],
        none[2 * PATH_LEN], why[512];
    snprintf(done, sizeof done, "%s/member_0000.nc", folder);
    snprintf(stopped, sizeof stopped, "%s/member_0001.nc", folder);
    snprintf(old, sizeof old, "%s/member_0002.nc", folder);
    snprintf(dir, sizeof dir, "%s/member_0003.nc", folder);
    snprintf(junk, sizeof junk, "%s/member_0004.nc", folder);
    snprintf(none, sizeof none, "%s/member_0005.nc", folder);
    make_file(done, PARAMS, 43, OUTPUT_LAYOUT_VERSION, "complete", RECORDS);
    make_file(stopped, PARAMS, 43, OUTPUT_LAYOUT_VERSION, "incomplete: stopped cleanly after step 2", RECORDS - 1);
    make_file(old, PARAMS, 43, OUTPUT_LAYOUT_VERSION - 1, "complete", RECORDS);
    checkpoint_identity id, other;
    aiecon_error err;
    CU_ASSERT_EQUAL_FATAL(checkpoint_identity_make(PARAMS, 43, &id, &err), AIECON_OK);
    /* RECORDS records: the initial one and RECORDS - 1 steps */
    CU_ASSERT_EQUAL(published_check(done, &id, RECORDS - 1, why, sizeof why), PUBLISHED_COMPLETE);
    CU_ASSERT_STRING_EQUAL(why, "");
    CU_ASSERT_EQUAL(published_check(done, &id, RECORDS, why, sizeof why), PUBLISHED_UNFINISHED);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "holds 4 records, this run writes 5"));
    CU_ASSERT_EQUAL(published_check(stopped, &id, RECORDS - 1, why, sizeof why), PUBLISHED_UNFINISHED);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "run_status"));
    CU_ASSERT_EQUAL(published_check(old, &id, RECORDS - 1, why, sizeof why), PUBLISHED_OTHER_RUN);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "output layout version"));
    CU_ASSERT_EQUAL(published_check(none, &id, RECORDS - 1, why, sizeof why), PUBLISHED_NONE);
    id.seed = 44;
    CU_ASSERT_EQUAL(published_check(done, &id, RECORDS - 1, why, sizeof why), PUBLISHED_OTHER_RUN);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "another seed (43, this run has 44)"));
    CU_ASSERT_EQUAL_FATAL(checkpoint_identity_make("regions:\n  - name: north\n    adoption_scale: 1.5\n", 43, &other,
                                                   &err), AIECON_OK);
    CU_ASSERT_EQUAL(published_check(done, &other, RECORDS - 1, why, sizeof why), PUBLISHED_OTHER_RUN);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "adoption_scale"));
    CU_ASSERT_EQUAL(mkdir(dir, 0700), 0);
    CU_ASSERT_EQUAL(published_check(dir, &id, RECORDS - 1, why, sizeof why), PUBLISHED_UNFINISHED);
    FILE *f = fopen(junk, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("not a NetCDF file\n", f);
    fclose(f);
    CU_ASSERT_EQUAL(published_check(junk, &id, RECORDS - 1, why, sizeof why), PUBLISHED_UNFINISHED);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "cannot read"));
    checkpoint_identity_free(&id);
    checkpoint_identity_free(&other);
    unlink(done);
    unlink(stopped);
    unlink(old);
    unlink(junk);
    rmdir(dir);
    CU_ASSERT_EQUAL(rmdir(folder), 0);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("published", NULL, NULL);
    CU_add_test(suite, "complete, unfinished, another run, none", test_published_states);
}
