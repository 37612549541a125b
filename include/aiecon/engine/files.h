/* files.h — how every file aiecon writes reaches its name: the discipline output, checkpoint and
 * reserve share, in one place.
 *
 * A file NAME is written as a hidden sibling `.NAME.partial` in the same folder, closed, synced
 * with fsync, and renamed over NAME (rename(2) is atomic within a folder), then the folder is
 * synced so that the rename survives a crash: at every moment NAME is either the previous complete
 * file or the new complete one. Other hidden siblings (`.NAME.reserve`) use the same naming.
 * Functions are local (no MPI): the caller runs them on one rank and agrees the result. */
#ifndef AIECON_FILES_H
#define AIECON_FILES_H

#include <stddef.h>
#include "aiecon/engine/status.h"

/* `.BASE.SUFFIX` in path's folder (`DIR/.BASE.SUFFIX`, or `.BASE.SUFFIX` when path has no '/').
 * malloc'ed, owned by the caller; NULL if out of memory. */
char *files_sibling(const char *path, const char *suffix);

/* path's folder into buf: "." when path has no '/', "/" for a file in the root. Returns buf. */
char *files_folder(const char *path, char *buf, size_t size);

/* fsync `partial`, rename it over `target`, fsync target's folder (best effort: some filesystems
 * refuse it). On failure AIECON_ERR_RUNTIME with "TARGET: cannot write WHAT: ..." and `partial`
 * left in place for the caller to remove; `what` is "output", "checkpoint", ... */
aiecon_status files_publish(const char *partial, const char *target, const char *what, aiecon_error *err);

#endif
