/* run_paths.c — the paths of a run, resolved, checked and locked before step 1 (see run_paths.h).
 *
 * What it does: rank 0 resolves each path the run writes (following symlinks one link at a time,
 * so that a dangling link still names the file to create), checks it, compares the real paths
 * with each other and with the files the run reads (the scenario and the files it extends, which
 * the caller lists: the engine does not read scenarios), checks the checkpoint folder's free
 * space against an estimate of one checkpoint, and takes the locks; the verdict is agreed and the
 * resolved paths broadcast. Why here and not where each file is opened: a bad checkpoint path used
 * to be found after the whole run, when the first checkpoint was due, and threw the run away; a
 * path that is the scenario itself was overwritten. Why rank 0 alone: the ranks share the file
 * system, and one rank checking keeps the verdict and the message the same. What it costs: a few
 * stat calls, one realpath per input file, one statvfs, and the locks (lock.h).
 * No global state. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "aiecon/engine/run_paths.h"
#include "aiecon/engine/parallel.h"
#include "aiecon/engine/files.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

enum { PATH_LEN = 4096, LINKS_MAX = 16 };

/* `name` relative to the folder of `base` (or as is when absolute) into out. */
static void relative_to(const char *base, const char *name, char *out, size_t size)
{
    char folder[PATH_LEN];
    out[0] = '\0';
    if (name[0] != '/') {
        files_folder(base, folder, sizeof folder);
        size_t n = strlen(folder);
        if (n + 2 > size) return;
        memcpy(out, folder, n);
        out[n] = '/';
        out[n + 1] = '\0';
    }
    size_t have = strlen(out), n = strlen(name);
    if (have + n + 1 > size) n = size - have - 1;
    memcpy(out + have, name, n);
    out[have + n] = '\0';
}

char *run_paths_resolve(const char *path, const char *what, aiecon_error *err)
{
    if (path == NULL || path[0] == '\0') {
        aiecon_fail(err, AIECON_ERR_INPUT, "cannot write %s: empty path", what);
        return NULL;
    }
    size_t len = strlen(path);
    if (path[len - 1] == '/') {
        aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write %s: it is a folder", path, what);
        return NULL;
    }
    char cur[PATH_LEN], link[PATH_LEN], next[PATH_LEN];
    snprintf(cur, sizeof cur, "%s", path);
    struct stat st;
    int exists = 0;
    for (int hop = 0; hop < LINKS_MAX; hop++) {  /* follow links by hand: a dangling one names the file to make */
        exists = lstat(cur, &st) == 0;
        if (!exists || !S_ISLNK(st.st_mode)) break;
        ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0) break;
        link[n] = '\0';
        relative_to(cur, link, next, sizeof next);
        snprintf(cur, sizeof cur, "%s", next);
    }
    if (exists && S_ISLNK(st.st_mode)) {
        aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write %s: too many symbolic links", path, what);
        return NULL;
    }
    if (exists && S_ISDIR(st.st_mode)) {
        aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write %s: it is a folder", path, what);
        return NULL;
    }
    if (exists && !S_ISREG(st.st_mode)) {
        aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write %s: it is not a regular file", path, what);
        return NULL;
    }
    char folder[PATH_LEN], real[PATH_LEN];
    files_folder(cur, folder, sizeof folder);
    if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode)) {
        aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write %s: folder %s %s", path, what, folder,
                    errno == ENOENT ? "does not exist" : "is not a folder");
        return NULL;
    }
    if (access(folder, W_OK | X_OK) != 0) {
        aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write %s: folder %s is not writable", path, what, folder);
        return NULL;
    }
    if (realpath(folder, real) == NULL) {
        aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write %s: folder %s: %s", path, what, folder, strerror(errno));
        return NULL;
    }
    const char *slash = strrchr(cur, '/');
    const char *base = slash != NULL ? slash + 1 : cur;
    size_t n = strlen(real) + strlen(base) + 2;
    char *out = malloc(n);
    if (out == NULL) {
        aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", path);
        return NULL;
    }
    snprintf(out, n, "%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", base);
    return out;
}

/* Rank 0: the checks of run_paths.h into p (resolved paths owned by p). */
static aiecon_status check_local(const run_paths_request *req, run_paths *p, aiecon_error *err)
{
    if ((p->output = run_paths_resolve(req->output, "output", err)) == NULL) return AIECON_ERR_INPUT;
    if (req->checkpoint != NULL && (p->checkpoint = run_paths_resolve(req->checkpoint, "checkpoint", err)) == NULL) {
        return AIECON_ERR_INPUT;
    }
    if ((p->stop_checkpoint = run_paths_resolve(req->stop_checkpoint, "checkpoint", err)) == NULL) {
        return AIECON_ERR_INPUT;
    }
    char restart[PATH_LEN] = "";
    if (req->restart != NULL && realpath(req->restart, restart) == NULL) restart[0] = '\0'; /* checkpoint_open says why */
    if (strcmp(p->output, p->stop_checkpoint) == 0) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: the output and the checkpoint (%s) are the same file; name "
                           "another with -o or --checkpoint", req->output, p->stop_checkpoint);
    }
    if (restart[0] != '\0' && strcmp(p->output, restart) == 0) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: the output is the checkpoint to restart from (--restart %s); "
                           "name another output with -o", req->output, req->restart);
    }
    char *real = malloc(PATH_LEN);
    if (real == NULL) return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", req->output);
    aiecon_status rc = AIECON_OK;
    const char *written[2] = {p->output, p->stop_checkpoint};
    const char *given[2] = {req->output, req->stop_checkpoint};
    for (unsigned i = 0; i < req->input_count && rc == AIECON_OK; i++) {
        if (req->inputs[i] == NULL || realpath(req->inputs[i], real) == NULL) continue;
        for (int w = 0; w < 2 && rc == AIECON_OK; w++) {
            if (strcmp(written[w], real) == 0) {
                rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write the %s over the scenario file %s%s", given[w],
                                 w == 0 ? "output" : "checkpoint", real, i > 0 ? " (which the scenario extends)" : "");
            }
        }
    }
    free(real);
    if (rc != AIECON_OK) return rc;
    if (p->checkpoint != NULL && req->checkpoint_bytes > 0) {
        char folder[PATH_LEN];
        struct statvfs fs;
        files_folder(p->checkpoint, folder, sizeof folder);
        if (statvfs(folder, &fs) == 0 && (double)fs.f_bavail * (double)fs.f_frsize < (double)req->checkpoint_bytes) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write checkpoint: %.0f bytes free in %s, one "
                               "checkpoint of this run needs about %.0f", req->checkpoint,
                               (double)fs.f_bavail * (double)fs.f_frsize, folder, (double)req->checkpoint_bytes);
        }
    }
    rc = lock_acquire(p->output, "output", &p->locks[0], err);
    if (rc == AIECON_OK) rc = lock_acquire(p->stop_checkpoint, "checkpoint", &p->locks[1], err);
    return rc;
}

/* Rank 0's string (NULL allowed) to every rank: *s on the others is malloc'ed (or NULL). */
static int bcast_string(MPI_Comm comm, int rank, char **s)
{
    int len = rank == 0 ? (*s != NULL ? (int)strlen(*s) + 1 : 0) : 0;
    MPI_Bcast(&len, 1, MPI_INT, 0, comm);
    if (rank != 0) *s = len > 0 ? malloc((size_t)len) : NULL;
    int ok = len == 0 || *s != NULL, all = 0;
    MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, comm);
    if (!all) return 0;
    if (len > 0) MPI_Bcast(*s, len, MPI_CHAR, 0, comm);
    return 1;
}

aiecon_status run_paths_claim(MPI_Comm comm, const run_paths_request *req, run_paths *p, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    memset(p, 0, sizeof *p);
    aiecon_status rc = parallel_agree(comm, rank == 0 ? check_local(req, p, err) : AIECON_OK, err);
    int ok = rc == AIECON_OK && bcast_string(comm, rank, &p->output) && bcast_string(comm, rank, &p->checkpoint)
             && bcast_string(comm, rank, &p->stop_checkpoint);
    if (rc == AIECON_OK && !ok) rc = aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", req->output);
    if (rc != AIECON_OK) run_paths_release(p);
    return rc;
}

void run_paths_release(run_paths *p)
{
    lock_release(&p->locks[1]);
    lock_release(&p->locks[0]);
    free(p->output);
    free(p->checkpoint);
    free(p->stop_checkpoint);
    memset(p, 0, sizeof *p);
}
