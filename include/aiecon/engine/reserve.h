/* reserve.h — disk space held back beside a file that parallel HDF5 is writing, so that a disk
 * (or quota) that fills during a run is met by one rank outside any collective call, never by
 * HDF5 inside one, where the ranks that did not fail would wait forever.
 *
 * A reserve is a hidden file `.NAME.reserve` beside the target NAME, with `bytes` allocated by
 * posix_fallocate (which also counts against quotas, unlike a statvfs look). The writer releases
 * it just before a write that may grow its file by at most `bytes` (the blocks go back to the
 * filesystem), writes, and regains it; failing to regain it is the early warning: the caller
 * agrees the failure across ranks and stops with exit 1 while the disk still has room to close
 * and remove its partial file. One-shot use: reserve_hold then reserve_drop checks that `bytes`
 * are free right now.
 *
 * Functions are local (no MPI): the caller runs them on the rank that writes, usually rank 0, and
 * agrees their status with parallel_agree. A reserve left behind by a killed run is a hidden file
 * that the next run beside the same target reuses and removes. */
#ifndef AIECON_RESERVE_H
#define AIECON_RESERVE_H

#include <stdint.h>
#include "aiecon/engine/status.h"

/* Room for HDF5's metadata growth on top of the data a write adds (B-tree nodes, object headers,
 * the superblock at close): every reserve for an HDF5 file adds it. */
enum { RESERVE_METADATA_MARGIN = 1 << 20 };

typedef struct reserve {
    int fd;            /* -1 when nothing is held open */
    char *path;        /* .NAME.reserve (owned) */
    const char *target;/* the caller's file, for messages (not owned) */
    uint64_t bytes;
} reserve;

/* Create .NAME.reserve beside `target` and allocate `bytes` in it. On failure (ENOSPC, EDQUOT,
 * ...) returns AIECON_ERR_RUNTIME with a message naming the target, the folder and the bytes, and
 * leaves nothing behind. `what` says what is being written ("output", "checkpoint"). On success
 * r holds the file until reserve_drop. */
aiecon_status reserve_hold(reserve *r, const char *target, uint64_t bytes, const char *what, aiecon_error *err);

/* Give the reserved blocks back to the filesystem (the file stays, empty). */
aiecon_status reserve_release(reserve *r, aiecon_error *err);

/* Allocate the reserve again after a write; AIECON_ERR_RUNTIME, naming what is short, when the
 * disk has filled meanwhile. */
aiecon_status reserve_regain(reserve *r, const char *what, aiecon_error *err);

/* Close and remove the reserve file; safe on a reserve never held or already dropped. */
void reserve_drop(reserve *r);

#endif
