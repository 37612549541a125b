/* ensemble_summary.c — what an ensemble tells its user (see ensemble_internal.h): progress on
 * stderr, the summary file, and the verdict.
 *
 * What it does: each group's rank 0 prints one line per member it finishes, with the members done
 * over the total and an ETA; at the end rank 0 gathers every member's outcome (one
 * MPI_Gatherv of fixed-size records), writes FOLDER/ensemble-summary.tsv (one row per member:
 * member, seed, status, seconds, group, resumed, file, message; written beside and published
 * like every aiecon file, files.h) and turns the outcomes into the exit status.
 * Why the progress count comes from the folder: groups send each other nothing while they run
 * (ensemble.c), and a member's output reaches its name only when complete, so the members done
 * are the planned members whose file is newer than the plan, plus those complete before. What it
 * costs: one stat per planned member each time a member finishes (a millisecond per thousand
 * members). No global state. */
#include "ensemble_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "aiecon/engine/files.h"

static const char *const state_words[] = {"todo", "done_earlier", "done", "failed", "stopped", "not_started"};

static void format_duration(double seconds, char *buf, size_t size)
{
    long s = seconds > 0 ? (long)(seconds + 0.5) : 0;
    snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

void ensemble_report_start(const ensemble_options *o, const ensemble_plan *p)
{
    fprintf(stderr, "aiecon ensemble: %u member(s) of %s (seeds %u to %u, %u steps) in %s: %u complete already, "
            "%u to run in %d group(s) of %d rank(s)\n", p->members, o->scenario_path, ensemble_seed(p, 0),
            ensemble_seed(p, p->members - 1), p->steps, o->folder, p->done_before, p->todo, p->groups,
            o->ranks_per_member);
}

/* Planned members whose output appeared since the plan was made (complete: see the file comment). */
static uint32_t done_since_start(const ensemble_options *o, const ensemble_plan *p)
{
    char path[ENSEMBLE_PATH_LEN];
    uint32_t done = 0;
    struct stat st;
    for (uint32_t i = 0; i < p->members; i++) {
        if (p->state[i] != ENSEMBLE_TODO) continue;
        ensemble_member_path(o->folder, i, ".nc", path, sizeof path);
        if (stat(path, &st) == 0 && (double)st.st_mtim.tv_sec + 1e-9 * (double)st.st_mtim.tv_nsec >= p->started) done++;
    }
    return done;
}

/* The first line of a message (where a stop's message goes on with the resume command). */
static int first_line(const char *message)
{
    return (int)strcspn(message, "\n");
}

void ensemble_report_member(const ensemble_options *o, const ensemble_plan *p, const member_result *r)
{
    char name[64];
    ensemble_member_name(r->member, ".nc", name, sizeof name);
    uint32_t seed = ensemble_seed(p, r->member);
    if (r->state == ENSEMBLE_FAILED) {
        fprintf(stderr, "aiecon ensemble: %s (seed %u) FAILED after %.1f s (group %d): %.*s\n", name, seed, r->seconds,
                r->group, first_line(r->message), r->message);
    } else if (r->state == ENSEMBLE_STOPPED) {
        fprintf(stderr, "aiecon ensemble: %s (seed %u) stopped (group %d): %.*s\n", name, seed, r->group,
                first_line(r->message), r->message);
    } else if (!o->quiet) {
        uint32_t now = done_since_start(o, p);
        double elapsed = ensemble_clock() - p->started;
        char el[32], eta[32];
        format_duration(elapsed, el, sizeof el);
        format_duration(now > 0 ? elapsed / now * (p->todo - (now < p->todo ? now : p->todo)) : 0.0, eta, sizeof eta);
        fprintf(stderr, "aiecon ensemble: %s (seed %u) done in %.1f s%s (group %d); %u/%u members done, elapsed %s, "
                "ETA %s\n", name, seed, r->seconds, r->resumed ? ", resumed from its checkpoint" : "", r->group,
                p->done_before + now, p->members, el, eta);
    }
    fflush(stderr);
}

/* Rank 0: the summary table to path (through its .partial sibling, files.h). */
static aiecon_status write_summary(const ensemble_plan *p, const member_result *all,
                                   const char *path, aiecon_error *err)
{
    char *partial = files_sibling(path, "partial");
    FILE *f = partial != NULL ? fopen(partial, "w") : NULL;
    if (f == NULL) {
        free(partial);
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot write the ensemble summary", path);
    }
    fprintf(f, "member\tseed\tstatus\tseconds\tgroup\tresumed\tfile\tmessage\n"); /* group -1: not run now */
    for (uint32_t i = 0; i < p->members; i++) {
        const member_result *r = &all[i];
        char name[64], message[ENSEMBLE_MESSAGE_LEN];
        ensemble_member_name(i, ".nc", name, sizeof name);
        snprintf(message, sizeof message, "%s", r->message);
        for (char *c = message; *c; c++) {
            if (*c == '\t' || *c == '\n' || *c == '\r') *c = ' ';
        }
        fprintf(f, "%u\t%u\t%s\t%.3f\t%d\t%d\t%s\t%s\n", i, ensemble_seed(p, i), state_words[r->state], r->seconds,
                r->group, r->resumed, name, message);
    }
    aiecon_status rc = fclose(f) == 0 ? files_publish(partial, path, "ensemble summary", err)
                                      : aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot write the ensemble summary",
                                                    path);
    if (rc != AIECON_OK) remove(partial);
    free(partial);
    return rc;
}

/* Rank 0: the verdict over every member's outcome, and its message (the final line). */
static aiecon_status verdict(const ensemble_options *o, const ensemble_plan *p, const member_result *all,
                             const char *summary, aiecon_error *err)
{
    uint32_t count[6] = {0};
    char failed[256] = "";
    for (uint32_t i = 0; i < p->members; i++) {
        count[all[i].state]++;
        if (all[i].state == ENSEMBLE_FAILED && strlen(failed) < sizeof failed - 32) {
            char name[64];
            ensemble_member_name(i, "", name, sizeof name);
            snprintf(failed + strlen(failed), sizeof failed - strlen(failed), "%s%s", failed[0] ? ", " : "", name);
        }
    }
    uint32_t complete = count[ENSEMBLE_DONE] + count[ENSEMBLE_DONE_EARLIER];
    uint32_t unfinished = count[ENSEMBLE_STOPPED] + count[ENSEMBLE_NOT_STARTED];
    double elapsed = ensemble_clock() - p->started;
    char el[32];
    format_duration(elapsed, el, sizeof el);
    if (unfinished > 0) {
        return aiecon_fail(err, AIECON_STOPPED, "aiecon ensemble: stopped by a signal: %u of %u members complete, %u "
                           "unfinished%s%s (%s); to finish, run the same command again (on any number of ranks):\n  %s",
                           complete, p->members, unfinished, count[ENSEMBLE_FAILED] ? ", failed: " : "", failed,
                           summary, o->command_line);
    }
    if (count[ENSEMBLE_FAILED] > 0) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "aiecon ensemble: %u of %u members failed (%s%s: the messages "
                           "above and in %s); the other %u are complete. Run the same command again to retry the "
                           "failed ones", count[ENSEMBLE_FAILED], p->members, failed,
                           strlen(failed) >= sizeof failed - 32 ? ", ..." : "", summary, complete);
    }
    return aiecon_fail(err, AIECON_OK, "aiecon ensemble: all %u member(s) complete in %s (%u run now in %s, %u "
                       "complete already); summary %s", p->members, o->folder, count[ENSEMBLE_DONE], el,
                       p->done_before, summary);
}

aiecon_status ensemble_finish(MPI_Comm comm, const ensemble_options *o, const ensemble_plan *p,
                              const member_result *results, int count, aiecon_error *err)
{
    int rank, ranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    int bytes = count * (int)sizeof *results;
    int *sizes = rank == 0 ? calloc((size_t)ranks, sizeof *sizes) : NULL;
    int *offsets = rank == 0 ? calloc((size_t)ranks, sizeof *offsets) : NULL;
    member_result *gathered = rank == 0 ? calloc((size_t)p->todo + 1, sizeof *gathered) : NULL;
    member_result *all = rank == 0 ? calloc(p->members, sizeof *all) : NULL;
    int ok = rank != 0 || (sizes != NULL && offsets != NULL && gathered != NULL && all != NULL), everyone = 0;
    MPI_Allreduce(&ok, &everyone, 1, MPI_INT, MPI_MIN, comm);
    aiecon_status rc = AIECON_ERR_RUNTIME;
    if (everyone) {
        MPI_Gather(&bytes, 1, MPI_INT, sizes, 1, MPI_INT, 0, comm);
        for (int r = 1; rank == 0 && r < ranks; r++) offsets[r] = offsets[r - 1] + sizes[r - 1];
        MPI_Gatherv(results, bytes, MPI_BYTE, gathered, sizes, offsets, MPI_BYTE, 0, comm);
    }
    if (rank == 0 && everyone) {
        for (uint32_t i = 0; i < p->members; i++) {
            all[i].member = i;
            all[i].group = -1; /* not run by this ensemble */
            all[i].state = p->state[i] == ENSEMBLE_DONE_EARLIER ? ENSEMBLE_DONE_EARLIER : ENSEMBLE_NOT_STARTED;
        }
        uint32_t received = (uint32_t)((offsets[ranks - 1] + sizes[ranks - 1]) / (int)sizeof *results);
        for (uint32_t k = 0; k < received; k++) all[gathered[k].member] = gathered[k];
        char summary[ENSEMBLE_PATH_LEN];
        snprintf(summary, sizeof summary, "%s/%s", o->folder, ENSEMBLE_SUMMARY);
        rc = write_summary(p, all, summary, err);
        if (rc == AIECON_OK) rc = verdict(o, p, all, summary, err);
    } else if (rank == 0) {
        aiecon_fail(err, AIECON_ERR_RUNTIME, "aiecon ensemble: out of memory gathering the members' outcomes");
    }
    int status = (int)rc;
    MPI_Bcast(&status, 1, MPI_INT, 0, comm);
    MPI_Bcast(err->message, AIECON_ERROR_MAX, MPI_CHAR, 0, comm);
    free(sizes);
    free(offsets);
    free(gathered);
    free(all);
    return (aiecon_status)status;
}
