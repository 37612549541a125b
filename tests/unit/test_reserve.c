/* test_reserve.c — the disk-space reserve (reserve.h): holding allocates the bytes in a hidden
 * sibling file, releasing gives them back, regaining takes them again, dropping removes the file;
 * a reserve larger than the disk fails with a message naming the target and leaves nothing. */
#include "cunit_mpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aiecon/engine/reserve.h"

static char folder[64];
static char target[96];
static char reserve_path[96];

static int make_folder(void)
{
    snprintf(folder, sizeof folder, "/tmp/aiecon-reserve.XXXXXX");
    if (mkdtemp(folder) == NULL) return 1;
    snprintf(target, sizeof target, "%s/out.nc", folder);
    snprintf(reserve_path, sizeof reserve_path, "%s/.out.nc.reserve", folder);
    return 0;
}

static int remove_folder(void)
{
    unlink(reserve_path);
    return rmdir(folder) == 0 ? 0 : 1; /* fails if anything else was left behind */
}

/* Allocated bytes of the reserve file, -1 if it does not exist. */
static long long allocated(void)
{
    struct stat st;
    return stat(reserve_path, &st) == 0 ? (long long)st.st_blocks * 512 : -1;
}

static void test_hold_release_regain_drop(void)
{
    reserve r;
    aiecon_error err;
    const uint64_t bytes = 3u << 20;
    CU_ASSERT_EQUAL_FATAL(reserve_hold(&r, target, bytes, "output", &err), AIECON_OK);
    CU_ASSERT_TRUE(allocated() >= (long long)bytes);
    CU_ASSERT_EQUAL(reserve_release(&r, &err), AIECON_OK);
    CU_ASSERT_EQUAL(allocated(), 0);
    CU_ASSERT_EQUAL(reserve_regain(&r, "output", &err), AIECON_OK);
    CU_ASSERT_TRUE(allocated() >= (long long)bytes);
    reserve_drop(&r);
    CU_ASSERT_EQUAL(allocated(), -1);
    reserve_drop(&r); /* twice is harmless */
}

static void test_too_large_fails_cleanly(void)
{
    reserve r;
    aiecon_error err;
    memset(&err, 0, sizeof err);
    const uint64_t bytes = UINT64_C(1) << 60; /* an exabyte: no disk here has it */
    CU_ASSERT_EQUAL(reserve_hold(&r, target, bytes, "checkpoint", &err), AIECON_ERR_RUNTIME);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, target));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "cannot write checkpoint"));
    CU_ASSERT_EQUAL(allocated(), -1); /* nothing left behind */
    reserve_drop(&r);
}

static void test_missing_folder(void)
{
    reserve r;
    aiecon_error err;
    CU_ASSERT_EQUAL(reserve_hold(&r, "/nonexistent-aiecon/out.nc", 4096, "output", &err), AIECON_ERR_RUNTIME);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "/nonexistent-aiecon/.out.nc.reserve"));
    reserve_drop(&r);
}

void aiecon_test_register(void)
{
    CU_pSuite s = CU_add_suite("reserve", make_folder, remove_folder);
    CU_add_test(s, "hold, release, regain, drop", test_hold_release_regain_drop);
    CU_add_test(s, "more than the disk has: an error naming the target, nothing left", test_too_large_fails_cleanly);
    CU_add_test(s, "a folder that does not exist: an error naming the path", test_missing_folder);
}
