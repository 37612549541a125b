/* files.c — hidden siblings and atomic publication (see files.h).
 *
 * Why one module: the output and the checkpoint each had their own copy of "partial name, fsync,
 * rename, fsync the folder", and the reserve a third copy of the naming; a fix to one (a folder
 * of "/", a path without '/') must reach all. What it costs: two fsyncs per published file. */
#include "aiecon/engine/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *files_sibling(const char *path, const char *suffix)
{
    const char *slash = strrchr(path, '/');
    size_t folder = slash == NULL ? 0 : (size_t)(slash - path + 1);
    size_t n = strlen(path) + strlen(suffix) + sizeof "..";
    char *p = malloc(n);
    if (p != NULL) snprintf(p, n, "%.*s.%s.%s", (int)folder, path, path + folder, suffix);
    return p;
}

char *files_folder(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL) snprintf(buf, size, ".");
    else if (slash == path) snprintf(buf, size, "/");
    else snprintf(buf, size, "%.*s", (int)(slash - path), path);
    return buf;
}

aiecon_status files_publish(const char *partial, const char *target, const char *what, aiecon_error *err)
{
    int fd = open(partial, O_RDONLY);
    if (fd < 0 || fsync(fd) != 0) {
        aiecon_status s = aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot write %s: syncing %s: %s", target, what,
                                      partial, strerror(errno));
        if (fd >= 0) close(fd);
        return s;
    }
    close(fd);
    if (rename(partial, target) != 0) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot write %s: renaming %s over it: %s", target, what,
                           partial, strerror(errno));
    }
    char folder[4096];
    int dir = open(files_folder(target, folder, sizeof folder), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        (void)fsync(dir); /* best effort: some filesystems refuse fsync on a folder */
        close(dir);
    }
    return AIECON_OK;
}
