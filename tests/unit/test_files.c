/* test_files.c — hidden siblings and atomic publication (files.h): sibling names and folders for
 * paths with and without folders and in the root; publishing moves the partial file's bytes under
 * the target's name and leaves no partial; a partial that does not exist is an error naming the
 * target, and the target is left as it was. */
#include "cunit_mpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aiecon/engine/files.h"

static void check_sibling(const char *path, const char *suffix, const char *expected)
{
    char *s = files_sibling(path, suffix);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, expected);
    free(s);
}

static void test_names(void)
{
    check_sibling("out/run.nc", "partial", "out/.run.nc.partial");
    check_sibling("run.nc", "reserve", ".run.nc.reserve");
    check_sibling("/run.nc", "partial", "/.run.nc.partial");
    check_sibling("/a/b/c.ckpt.nc", "partial", "/a/b/.c.ckpt.nc.partial");
    char buf[64];
    CU_ASSERT_STRING_EQUAL(files_folder("run.nc", buf, sizeof buf), ".");
    CU_ASSERT_STRING_EQUAL(files_folder("/run.nc", buf, sizeof buf), "/");
    CU_ASSERT_STRING_EQUAL(files_folder("/a/b/c.nc", buf, sizeof buf), "/a/b");
    CU_ASSERT_STRING_EQUAL(files_folder("a/c.nc", buf, sizeof buf), "a");
}

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) return 0;
    int ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

static int has_text(const char *path, const char *text)
{
    char got[64] = "";
    FILE *f = fopen(path, "r");
    if (f == NULL) return 0;
    size_t n = fread(got, 1, sizeof got - 1, f);
    fclose(f);
    got[n] = '\0';
    return strcmp(got, text) == 0;
}

static void test_publish(void)
{
    char folder[] = "/tmp/aiecon-files.XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(folder));
    char target[64], partial[80];
    snprintf(target, sizeof target, "%s/out.nc", folder);
    snprintf(partial, sizeof partial, "%s/.out.nc.partial", folder);
    aiecon_error err;
    CU_ASSERT_TRUE_FATAL(write_text(target, "old"));
    CU_ASSERT_TRUE_FATAL(write_text(partial, "new"));
    CU_ASSERT_EQUAL(files_publish(partial, target, "output", &err), AIECON_OK);
    CU_ASSERT_TRUE(has_text(target, "new"));
    CU_ASSERT_EQUAL(access(partial, F_OK), -1);
    /* nothing to publish: an error naming the target, which keeps its bytes */
    CU_ASSERT_EQUAL(files_publish(partial, target, "checkpoint", &err), AIECON_ERR_RUNTIME);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, target));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "cannot write checkpoint"));
    CU_ASSERT_TRUE(has_text(target, "new"));
    unlink(target);
    CU_ASSERT_EQUAL(rmdir(folder), 0);
}

void aiecon_test_register(void)
{
    CU_pSuite s = CU_add_suite("files", NULL, NULL);
    CU_add_test(s, "sibling names and folders", test_names);
    CU_add_test(s, "publish moves the partial over the target; a missing partial is an error", test_publish);
}
