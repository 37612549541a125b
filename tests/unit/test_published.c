/* test_published.c — published_check (published.h): a file an output run published is recognised
 * as the complete output of its run (identity hash, seed, record count) and of no other; a missing
 * file, a stopped run's file (kept as .NAME.partial, the target absent), a folder, a file that is
 * not NetCDF and a file of another length are not complete; another seed or other parameters are
 * another run, and the message names the differing parameter. Files written collectively at the
 * test's rank count in a fresh folder under /tmp; the checks run on rank 0 (published_check is local). */
#include "cunit_mpi.h"
#include "aiecon/engine/output.h"
#include "aiecon/engine/published.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { PATH_LEN = 256, RECORDS = 4 };

static const char *const REGIONS[] = {"north", "south"};
static const output_dimension DIMS[] = {{"region", 2, REGIONS}};
static const output_variable VARS[] = {{"price", "USD", "price of one unit", -1}};
static const char *const PARAMS = "regions:\n  - name: north\n    adoption_scale: 1.2\n";

/* Write RECORDS records of the run (text, seed) to path; stopped: keep it as .NAME.partial. */
static void write_run(const char *path, const char *text, uint32_t seed, int stopped)
{
    checkpoint_identity id;
    aiecon_error err;
    CU_ASSERT_EQUAL_FATAL(checkpoint_identity_make(text, seed, &id, &err), AIECON_OK);
    output_provenance prov = {"published test", "aiecon test", "test_published", text, "2025-01", seed,
                              test_ranks(), NULL, id.hash, id.scenario_text};
    output *o = NULL;
    CU_ASSERT_EQUAL_FATAL(output_create(MPI_COMM_WORLD, path, &prov, DIMS, 1, VARS, 1, &o, &err), AIECON_OK);
    for (int r = 0; r < RECORDS; r++) {
        double price = 10.0 + r;
        const double *values[1] = {&price};
        CU_ASSERT_EQUAL(output_write_step(o, (size_t)r, 30.0 * r, values, &err), AIECON_OK);
    }
    if (stopped) output_mark_stopped(o, "incomplete: stopped for the test");
    CU_ASSERT_EQUAL(output_close(o, &err), AIECON_OK);
    checkpoint_identity_free(&id);
}

static void test_published_states(void)
{
    char folder[PATH_LEN] = "/tmp/aiecon-test-published-XXXXXX";
    if (test_rank() == 0 && mkdtemp(folder) == NULL) folder[0] = '\0';
    MPI_Bcast(folder, PATH_LEN, MPI_CHAR, 0, MPI_COMM_WORLD);
    CU_ASSERT_FATAL(folder[0] != '\0');
    char done[2 * PATH_LEN], stopped[2 * PATH_LEN], dir[2 * PATH_LEN], junk[2 * PATH_LEN], partial[3 * PATH_LEN];
    snprintf(done, sizeof done, "%s/member_0000.nc", folder);
    snprintf(stopped, sizeof stopped, "%s/member_0001.nc", folder);
    snprintf(partial, sizeof partial, "%s/.member_0001.nc.partial", folder);
    snprintf(dir, sizeof dir, "%s/member_0002.nc", folder);
    snprintf(junk, sizeof junk, "%s/member_0003.nc", folder);
    write_run(done, PARAMS, 43, 0);
    write_run(stopped, PARAMS, 44, 1);
    if (test_rank() == 0) {
        checkpoint_identity id, other;
        aiecon_error err;
        char why[512];
        CU_ASSERT_EQUAL_FATAL(checkpoint_identity_make(PARAMS, 43, &id, &err), AIECON_OK);
        /* RECORDS records: the initial one and RECORDS - 1 steps */
        CU_ASSERT_EQUAL(published_check(done, &id, RECORDS - 1, why, sizeof why), PUBLISHED_COMPLETE);
        CU_ASSERT_STRING_EQUAL(why, "");
        CU_ASSERT_EQUAL(published_check(done, &id, RECORDS, why, sizeof why), PUBLISHED_UNFINISHED);
        CU_ASSERT_PTR_NOT_NULL(strstr(why, "holds 4 records"));
        id.seed = 44;
        CU_ASSERT_EQUAL(published_check(done, &id, RECORDS - 1, why, sizeof why), PUBLISHED_OTHER_RUN);
        CU_ASSERT_PTR_NOT_NULL(strstr(why, "another seed (43"));
        CU_ASSERT_EQUAL_FATAL(checkpoint_identity_make("regions:\n  - name: north\n    adoption_scale: 1.5\n", 43,
                                                       &other, &err), AIECON_OK);
        CU_ASSERT_EQUAL(published_check(done, &other, RECORDS - 1, why, sizeof why), PUBLISHED_OTHER_RUN);
        CU_ASSERT_PTR_NOT_NULL(strstr(why, "adoption_scale"));
        /* the stopped run left only its .partial: the target is not there */
        struct stat st;
        CU_ASSERT_EQUAL(stat(partial, &st), 0);
        CU_ASSERT_EQUAL(published_check(stopped, &id, RECORDS - 1, why, sizeof why), PUBLISHED_NONE);
        CU_ASSERT_EQUAL(published_check(partial, &id, RECORDS - 1, why, sizeof why), PUBLISHED_UNFINISHED);
        CU_ASSERT_PTR_NOT_NULL(strstr(why, "run_status"));
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
        unlink(partial);
        unlink(junk);
        rmdir(dir);
        CU_ASSERT_EQUAL(rmdir(folder), 0);
    }
    MPI_Barrier(MPI_COMM_WORLD);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("published", NULL, NULL);
    CU_add_test(suite, "complete, unfinished, another run, none", test_published_states);
}
