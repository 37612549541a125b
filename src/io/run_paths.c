/* run_paths.c — the paths of a run, resolved, checked and locked before step 1 (see run_paths.h).
 *
 * What it does: rank 0 resolves each path the run writes (following symlinks one link at a time,
 * so that a dangling link still names the file to create), checks it, compares the real paths
 * with each other and with the scenario's `extends` chain, checks the checkpoint folder's free
 * space against an estimate of one checkpoint, and takes the locks; the verdict is agreed and the
 * resolved paths broadcast. Why here and not where each file is opened: a bad checkpoint path used
 * to be found after the whole run, when the first checkpoint was due, and threw the run away; a
 * path that is the scenario itself was overwritten. Why rank 0 alone: the ranks share the file
 * system, and one rank checking keeps the verdict and the message the same. What it costs: a few
 * stat calls, one read of each scenario file of the chain, one statvfs, and the locks (lock.h).
 * No global state. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "aiecon/io/run_paths.h"
#include "aiecon/core/parallel.h"
#include "aiecon/io/files.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

enum { PATH_LEN = 4096, CHAIN_MAX = 10, LINKS_MAX = 16 };

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

/* The value of a top-level `extends:` line of the file at path into out (0 if none). */
static int extends_of(const char *path, char *out, size_t size)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) return 0;
    char line[PATH_LEN + 64];
    int found = 0;
    while (!found && fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "extends:", 8) != 0) continue;
        char *v = line + 8 + strspn(line + 8, " \t");
        char quote = *v == '"' || *v == '\'' ? *v++ : '\0';
        size_t n = quote ? strcspn(v, quote == '"' ? "\"" : "'") : strcspn(v, " \t#\r\n");
        v[n] = '\0';
        found = n > 0;
        if (found) snprintf(out, size, "%s", v);
    }
    fclose(f);
    return found;
}

/* The real paths of the scenario and every file it extends, into chain; returns how many. */
static int scenario_chain(const char *scenario, char chain[][PATH_LEN])
{
    int count = 0;
    char cur[PATH_LEN], name[PATH_LEN], next[PATH_LEN];
    snprintf(cur, sizeof cur, "%s", scenario);
    while (count < CHAIN_MAX && realpath(cur, chain[count]) != NULL) {
        count++;
        if (!extends_of(cur, name, sizeof name)) break;
        relative_to(cur, name, next, sizeof next);
        snprintf(cur, sizeof cur, "%s", next);
    }
    return count;
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
    char (*chain)[PATH_LEN] = malloc(CHAIN_MAX * sizeof *chain);
    if (chain == NULL) return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", req->output);
    int links = scenario_chain(req->scenario, chain);
    aiecon_status rc = AIECON_OK;
    const char *written[2] = {p->output, p->stop_checkpoint};
    const char *given[2] = {req->output, req->stop_checkpoint};
    for (int w = 0; w < 2; w++) {
        for (int i = 0; i < links; i++) {
            if (rc == AIECON_OK && strcmp(written[w], chain[i]) == 0) {
                rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write the %s over the scenario file %s%s", given[w],
                                   w == 0 ? "output" : "checkpoint", chain[i], i > 0 ? " (which the scenario extends)"
                                   : "");
            }
        }
    }
    free(chain);
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
