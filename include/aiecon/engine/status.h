/* status.h — how aiecon functions report failure.
 *
 * Every function that can fail returns an aiecon_status and, when it fails, fills a caller-owned
 * aiecon_error with one human-readable line. The numeric values are the process exit statuses
 * (docs/ARCHITECTURE.md, "Errors"), so the command line turns a status into an exit code without
 * a table.
 * No module prints errors itself: the caller decides (rank 0 prints once, the others stay quiet). */
#ifndef AIECON_STATUS_H
#define AIECON_STATUS_H

#include <stddef.h>

typedef enum aiecon_status {
    AIECON_OK = 0,          /* success */
    AIECON_ERR_RUNTIME = 1, /* I/O or other fault at run time; the last good checkpoint is intact */
    AIECON_ERR_INPUT = 2,   /* bad usage or bad input; nothing was written */
    AIECON_STOPPED = 3      /* stopped by a signal after writing a checkpoint */
} aiecon_status;

enum { AIECON_ERROR_MAX = 1024 };

/* One error message, owned by the caller (usually on its stack). */
typedef struct aiecon_error {
    char message[AIECON_ERROR_MAX];
} aiecon_error;

/* Format a message into err (may be NULL) and return status, so that a failing path reads
 * `return aiecon_fail(err, AIECON_ERR_INPUT, "%s: ...", path);`. */
aiecon_status aiecon_fail(aiecon_error *err, aiecon_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
