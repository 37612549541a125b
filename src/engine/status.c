/* status.c — formatting of error messages into caller-owned buffers (see status.h). */
#include "aiecon/engine/status.h"

#include <stdarg.h>
#include <stdio.h>

aiecon_status aiecon_fail(aiecon_error *err, aiecon_status status, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}
