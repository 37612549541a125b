/* published.c — whether a published output is the complete output of a run (see published.h).
 *
 * What it does: opens the file with serial NetCDF (read only) and compares the attributes the
 * output module writes (run_status, output_layout_version, scenario_hash, seed) and the length of
 * `time` with what the run would write. Why these and not a hash of the data: the file reaches its
 * name only by the rename of a run that completed, so its attributes are the run's own word; the
 * identity hash is the same one a checkpoint and a continued output compare (checkpoint.h,
 * output_continue.c), so "the same run" means the same thing everywhere. What it costs: one open
 * and a few attribute reads per file (milliseconds). No global state. */
#include "aiecon/engine/published.h"

#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aiecon/engine/output.h"

/* The verdict on an open file (see published_check). */
static published_state judge(int ncid, const char *path, const checkpoint_identity *id, uint32_t steps, char *why,
                             size_t size)
{
    int layout = 0, dimid;
    unsigned seed = 0;
    size_t records = 0;
    if (nc_get_att_int(ncid, NC_GLOBAL, "output_layout_version", &layout) != NC_NOERR || layout != OUTPUT_LAYOUT_VERSION) {
        snprintf(why, size, "%s: output layout version %d, this aiecon writes %d", path, layout, OUTPUT_LAYOUT_VERSION);
        return PUBLISHED_OTHER_RUN;
    }
    char *hash = output_global_text(ncid, "scenario_hash");
    int same = hash != NULL && strcmp(hash, id->hash) == 0;
    free(hash);
    if (!same) {
        char *theirs = output_global_text(ncid, "scenario_identity");
        char where[512] = "it records no scenario";
        if (theirs != NULL) checkpoint_describe_difference(theirs, id->scenario_text, "output", where, sizeof where);
        free(theirs);
        snprintf(why, size, "%s is of another scenario (%s)", path, where);
        return PUBLISHED_OTHER_RUN;
    }
    if (nc_get_att_uint(ncid, NC_GLOBAL, "seed", &seed) != NC_NOERR || seed != id->seed) {
        snprintf(why, size, "%s is of another seed (%u, this run has %u)", path, seed, id->seed);
        return PUBLISHED_OTHER_RUN;
    }
    char *status = output_global_text(ncid, "run_status");
    int complete = status != NULL && strcmp(status, "complete") == 0;
    free(status);
    if (!complete) {
        snprintf(why, size, "%s: run_status is not \"complete\"", path);
        return PUBLISHED_UNFINISHED;
    }
    if (nc_inq_dimid(ncid, "time", &dimid) != NC_NOERR || nc_inq_dimlen(ncid, dimid, &records) != NC_NOERR
        || records != (size_t)steps + 1) {
        snprintf(why, size, "%s holds %zu records, this run writes %u (steps + 1)", path, records, steps + 1);
        return PUBLISHED_UNFINISHED;
    }
    return PUBLISHED_COMPLETE;
}

published_state published_check(const char *path, const checkpoint_identity *id, uint32_t steps, char *why,
                                size_t size)
{
    why[0] = '\0';
    struct stat st;
    if (stat(path, &st) != 0) return PUBLISHED_NONE;
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, size, "%s is not a regular file", path);
        return PUBLISHED_UNFINISHED;
    }
    int ncid, rc = nc_open(path, NC_NOWRITE, &ncid);
    if (rc != NC_NOERR) {
        snprintf(why, size, "%s: cannot read it: %s", path, nc_strerror(rc));
        return PUBLISHED_UNFINISHED;
    }
    published_state state = judge(ncid, path, id, steps, why, size);
    nc_close(ncid);
    return state;
}
