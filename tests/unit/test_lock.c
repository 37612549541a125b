/* test_lock.c — a run owns its files (lock.h): the first lock on a path is taken and names this
 * process; a second is refused (AIECON_ERR_INPUT) with a message naming the holder and the lock
 * file; release removes it; a lock naming this host and a pid that is gone is taken over; one
 * naming another host is never broken. */
#include "cunit_mpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aiecon/engine/lock.h"

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs(text, f);
    fclose(f);
}

static void test_lock(void)
{
    char folder[] = "/tmp/aiecon-lock-XXXXXX";
    CU_ASSERT_FATAL(mkdtemp(folder) != NULL);
    char target[64], lockfile[80], line[512], expect[64], host[256] = "";
    snprintf(target, sizeof target, "%s/out.nc", folder);
    snprintf(lockfile, sizeof lockfile, "%s/.out.nc.lock", folder);
    gethostname(host, sizeof host - 1);
    aiecon_error err = {""};
    run_lock a = {NULL}, b = {NULL};
    CU_ASSERT_EQUAL(lock_acquire(target, "output", &a, &err), AIECON_OK);
    lock_holder(target, line, sizeof line);
    snprintf(expect, sizeof expect, " pid %ld ", (long)getpid());
    CU_ASSERT_PTR_NOT_NULL(strstr(line, expect));
    CU_ASSERT_EQUAL(lock_acquire(target, "output", &b, &err), AIECON_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "in use by another run"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, lockfile));
    CU_ASSERT_PTR_NULL(b.path);
    lock_release(&a);
    CU_ASSERT_EQUAL(access(lockfile, F_OK), -1);
    /* stale: this host, a pid that cannot exist (above the kernel's pid_max of 4194304) */
    snprintf(line, sizeof line, "host %s pid 99999999 started 2026-01-01T00:00:00Z\n", host);
    write_text(lockfile, line);
    CU_ASSERT_EQUAL(lock_acquire(target, "output", &a, &err), AIECON_OK);
    lock_release(&a);
    /* another host: never broken */
    write_text(lockfile, "host elsewhere.invalid pid 1 started 2026-01-01T00:00:00Z\n");
    CU_ASSERT_EQUAL(lock_acquire(target, "checkpoint", &a, &err), AIECON_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "host elsewhere.invalid pid 1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "checkpoint"));
    unlink(lockfile);
    rmdir(folder);
}

void aiecon_test_register(void)
{
    CU_pSuite s = CU_add_suite("lock", NULL, NULL);
    CU_add_test(s, "taken, refused naming the holder, released, stale taken over", test_lock);
}
