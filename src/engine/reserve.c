/* reserve.c — disk space held back beside a file being written (see reserve.h).
 *
 * What it does: posix_fallocate on a hidden sibling file reserves blocks on the target's
 * filesystem; ftruncate to 0 gives them back just before the real write, which then finds them
 * free. Why this design: parallel HDF5 reports ENOSPC only on the rank whose MPI-IO write failed,
 * inside a collective call, and the other ranks then wait in HDF5's next barrier forever (seen in
 * H5D__chunk_allocate). Knowing that the next write fits, and learning that the disk is full from
 * one rank's fallocate outside HDF5, turns that hang into an agreed exit 1. posix_fallocate rather
 * than statvfs because it is the allocation itself: it counts quotas and reserved blocks, and
 * another process cannot take the space between the check and the write (except while the reserve
 * is released, the length of one write). What it costs: an fallocate and an ftruncate per write
 * (microseconds on extent-based filesystems; where a filesystem lacks fallocate, glibc writes one
 * byte per block instead), and `bytes` of disk held while the run lasts. No global state. */
#include "aiecon/engine/reserve.h"
#include "aiecon/engine/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static aiecon_status short_of_space(const reserve *r, const char *what, int code, aiecon_error *err)
{
    return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot write %s: %.1f MB more cannot be allocated in its "
                       "folder (%s): %s", r->target, what, (double)r->bytes / 1e6, r->path, strerror(code));
}

aiecon_status reserve_hold(reserve *r, const char *target, uint64_t bytes, const char *what, aiecon_error *err)
{
    r->fd = -1;
    r->target = target;
    r->bytes = bytes;
    r->path = files_sibling(target, "reserve");
    if (r->path == NULL) return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot write %s: out of memory", target, what);
    r->fd = open(r->path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (r->fd < 0) {
        aiecon_status s = aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot write %s: creating %s: %s", target, what,
                                      r->path, strerror(errno));
        free(r->path);
        r->path = NULL;
        return s;
    }
    aiecon_status s = reserve_regain(r, what, err);
    if (s != AIECON_OK) reserve_drop(r);
    return s;
}

aiecon_status reserve_release(reserve *r, aiecon_error *err)
{
    if (r->fd >= 0 && ftruncate(r->fd, 0) != 0) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: releasing %s: %s", r->target, r->path, strerror(errno));
    }
    return AIECON_OK;
}

aiecon_status reserve_regain(reserve *r, const char *what, aiecon_error *err)
{
    if (r->fd < 0 || r->bytes == 0) return AIECON_OK;
    int rc = posix_fallocate(r->fd, 0, (off_t)r->bytes); /* returns the error, does not set errno */
    if (rc != 0) {
        (void)ftruncate(r->fd, 0); /* whatever part was allocated goes back to the writer */
        return short_of_space(r, what, rc, err);
    }
    return AIECON_OK;
}

void reserve_drop(reserve *r)
{
    if (r->fd >= 0) {
        close(r->fd);
        r->fd = -1;
    }
    if (r->path != NULL) {
        unlink(r->path);
        free(r->path);
        r->path = NULL;
    }
}
