/* lock.c — exclusive ownership of an output or checkpoint path (see lock.h).
 *
 * What it does: creates `.NAME.lock` with O_CREAT | O_EXCL, writes "host H pid P started T" and
 * fsyncs it; on EEXIST reads the holder and, if it names this host and a pid that kill(pid, 0)
 * says is gone, takes the stale lock over: the stale file is renamed to a name of our own
 * (`.NAME.lock.stale.PID`, rename is atomic) and removed only if it still holds the line we read,
 * so two runs that find the same stale lock cannot both take it over; the loser puts back what it
 * took by link(2), which fails rather than overwrite. Why not flock/fcntl locks: they are advisory
 * locks on an open file, which NFS passes to the server only with a working lock daemon, and they
 * say nothing of who holds them. Why the pid check only on the same host: a pid on another node
 * says nothing here. What it costs: a create, a write and an fsync when a run starts; an unlink
 * when it ends. A pid reused by an unrelated process keeps a stale lock alive (the message names
 * the file to remove). No global state. */
#include "aiecon/engine/lock.h"
#include "aiecon/engine/files.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

enum { HOLDER_LEN = 512 };

static void this_holder(char *buf, size_t size)
{
    char host[256] = "unknown";
    gethostname(host, sizeof host - 1);
    host[sizeof host - 1] = '\0';
    time_t now = time(NULL);
    struct tm utc;
    char when[32] = "unknown";
    if (gmtime_r(&now, &utc) != NULL) strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
    snprintf(buf, size, "host %s pid %ld started %s", host, (long)getpid(), when);
}

/* The first line of the file at path into buf ("" if unreadable). */
static void read_line(const char *path, char *buf, size_t size)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (f == NULL) return;
    if (fgets(buf, (int)size, f) == NULL) buf[0] = '\0';
    fclose(f);
    buf[strcspn(buf, "\n")] = '\0';
}

/* 1 if process pid is gone: no such process, or a zombie (dead, not yet reaped: a rank that mpirun
 * killed a moment ago, or one whose parent is gone in a container whose init does not reap). */
static int process_gone(long pid)
{
    if (kill((pid_t)pid, 0) != 0) return errno == ESRCH;
    char path[64], stat[256] = "";
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    read_line(path, stat, sizeof stat);
    const char *close = strrchr(stat, ')');
    return close != NULL && close[1] == ' ' && (close[2] == 'Z' || close[2] == 'X');
}

/* 1 if `holder` names this host and a process that no longer exists; a holder that is still there
 * is watched for up to a second (a run killed a moment ago is still on its way out). */
static int is_stale(const char *holder)
{
    char host[256] = "", mine[256] = "";
    long pid = 0;
    if (sscanf(holder, "host %255s pid %ld", host, &pid) != 2 || pid <= 0) return 0;
    gethostname(mine, sizeof mine - 1);
    if (strcmp(host, mine) != 0) return 0;
    for (int i = 0; i < 10; i++) {
        if (process_gone(pid)) return 1;
        struct timespec pause = {0, 100000000L};
        nanosleep(&pause, NULL);
    }
    return 0;
}

/* Take over the stale lock at path that held `seen`: 1 if it is gone now (ours to create). */
static int break_stale(const char *path, const char *seen)
{
    char aside[4096 + 64], now[HOLDER_LEN];
    snprintf(aside, sizeof aside, "%s.stale.%ld", path, (long)getpid());
    if (rename(path, aside) != 0) return errno == ENOENT; /* someone else took it away first */
    read_line(aside, now, sizeof now);
    if (strcmp(now, seen) == 0) {
        unlink(aside);
        return 1;
    }
    /* we took a fresh lock that another run made meanwhile: put it back, never over a third one */
    if (link(aside, path) == 0 || errno != EEXIST) unlink(aside);
    return 0;
}

static aiecon_status create_lock(const char *path, const char *target, const char *what, int *exists,
                                 aiecon_error *err)
{
    char line[HOLDER_LEN + 1];
    this_holder(line, sizeof line - 1);
    strcat(line, "\n");
    *exists = 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EEXIST) {
            *exists = 1;
            return AIECON_ERR_INPUT;
        }
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot lock the %s: creating %s: %s", target, what, path,
                           strerror(errno));
    }
    size_t n = strlen(line);
    int ok = write(fd, line, n) == (ssize_t)n && fsync(fd) == 0;
    int code = errno;
    close(fd);
    if (!ok) {
        unlink(path);
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot lock the %s: writing %s: %s", target, what, path,
                           strerror(code));
    }
    return AIECON_OK;
}

aiecon_status lock_acquire(const char *target, const char *what, run_lock *l, aiecon_error *err)
{
    l->path = files_sibling(target, "lock");
    if (l->path == NULL) return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot lock the %s: out of memory", target,
                                            what);
    char holder[HOLDER_LEN] = "";
    aiecon_status rc = AIECON_ERR_INPUT;
    for (int attempt = 0; attempt < 3; attempt++) {
        int exists = 0;
        rc = create_lock(l->path, target, what, &exists, err);
        if (rc == AIECON_OK || !exists) break;
        read_line(l->path, holder, sizeof holder);
        if (holder[0] == '\0') {   /* being written right now: look again */
            struct timespec pause = {0, 50000000L};
            nanosleep(&pause, NULL);
            read_line(l->path, holder, sizeof holder);
        }
        if (!is_stale(holder) || !break_stale(l->path, holder)) break;
    }
    if (rc == AIECON_ERR_INPUT) {
        aiecon_fail(err, AIECON_ERR_INPUT, "%s: the %s is in use by another run (%s); its lock file %s: remove it "
                    "only if that run is gone", target, what, holder[0] ? holder : "holder unknown", l->path);
    }
    if (rc != AIECON_OK) {
        free(l->path);
        l->path = NULL;
    }
    return rc;
}

void lock_release(run_lock *l)
{
    if (l->path == NULL) return;
    char now[HOLDER_LEN], pid[64];
    read_line(l->path, now, sizeof now);
    snprintf(pid, sizeof pid, " pid %ld ", (long)getpid());
    if (strstr(now, pid) != NULL) unlink(l->path);
    free(l->path);
    l->path = NULL;
}

void lock_holder(const char *target, char *buf, size_t size)
{
    char *path = files_sibling(target, "lock");
    buf[0] = '\0';
    if (path != NULL) read_line(path, buf, size);
    free(path);
}
