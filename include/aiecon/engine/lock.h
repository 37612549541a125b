/* lock.h — a run owns its files: an exclusive lock on a path for the run's lifetime.
 *
 * The lock on NAME is a hidden sibling `.NAME.lock`, created with O_CREAT | O_EXCL (atomic on
 * local file systems and on NFSv3 and later, unlike flock(2), which NFS may not pass to the
 * server) and holding one line, "host HOST pid PID started YYYY-MM-DDTHH:MM:SSZ". A second run
 * that finds the file is refused (AIECON_ERR_INPUT) with a message naming the holder, before it
 * writes anything. A lock is stale when it names this host and a pid that no longer exists (the
 * run was killed with SIGKILL, the node rebooted): it is then taken over. A lock held on another
 * host cannot be checked from here and is never broken: the message says which file to remove
 * once that run is known to be gone. Functions are local (no MPI): rank 0 takes and releases the
 * locks and agrees the verdict. */
#ifndef AIECON_LOCK_H
#define AIECON_LOCK_H

#include "aiecon/engine/status.h"

typedef struct run_lock {
    char *path;   /* `.NAME.lock` while held (owned), NULL otherwise */
} run_lock;

/* Take the lock on `target` (what: "output", "checkpoint" for the message). *l owns the lock file
 * until lock_release. AIECON_ERR_INPUT naming the holder if another live run holds it,
 * AIECON_ERR_RUNTIME if the lock file cannot be created. */
aiecon_status lock_acquire(const char *target, const char *what, run_lock *l, aiecon_error *err);

/* Remove the lock file if this process holds it (only if it still names this process). */
void lock_release(run_lock *l);

/* The holder line of the lock on `target` into buf ("" if none); for tests and messages. */
void lock_holder(const char *target, char *buf, size_t size);

#endif
