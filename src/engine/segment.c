/* segment.c — restart, checkpoints and stopping, for every model the driver runs (see segment.h).
 *
 * What it does: decides where a segment starts (step 0, or a checkpoint that was checked against
 * this run before anything was built), where its output records go (record of step t at
 * t - record_base: 0 for a fresh run or a continued file, the checkpoint's step for a new file),
 * and, after every step, whether to stop or write a checkpoint. The provenance of a restarted run
 * is a list of segment lines carried from checkpoint to checkpoint and written to the output.
 * Why here: models differ in their state, not in this logic; the checkpoint reads their state
 * through the model's declarations (model.h) and the rest is shared. Safety (issue 18): the paths
 * are claimed before anything is built (run_paths.h); a checkpoint records the output's record
 * count and hash, so a continued output is the one the checkpoint was taken with
 * (output_continue.c); a stopped run keeps its output as `.NAME.partial` beside the untouched
 * target and says so in its checkpoint (`stopped`); a checkpoint after the last step that fails is
 * reported after the completed output is published. What it costs: one MPI_Allreduce of an int per
 * step; checkpoints as checkpoint.h says. No global state (the signal flag is stop.c's). */
#include "aiecon/engine/segment.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aiecon/engine/files.h"
#include "aiecon/engine/parallel.h"
#include "aiecon/engine/stop.h"
#include "aiecon/version.h"

/* The provenance so far plus this segment's line; malloc'ed (NULL if out of memory). */
static char *segment_lines(const char *before, uint32_t first, int ranks, const driver_options *o)
{
    char head[512];
    if (o->restart_path != NULL) {
        snprintf(head, sizeof head, "from step %u on %d ranks, restarted from %s; aiecon %s (git %s); ", first, ranks,
                 o->restart_path, AIECON_VERSION, AIECON_GIT_REVISION);
    } else {
        snprintf(head, sizeof head, "from step 0 on %d ranks; aiecon %s (git %s); ", ranks, AIECON_VERSION,
                 AIECON_GIT_REVISION);
    }
    const char *cmd = o->command_line != NULL ? o->command_line : "";
    size_t n = strlen(before) + strlen(head) + strlen(cmd) + 3;
    char *text = malloc(n);
    if (text != NULL) {
        snprintf(text, n, "%s%s%s%s", before, before[0] != '\0' && before[strlen(before) - 1] != '\n' ? "\n" : "", head,
                 cmd);
    }
    return text;
}

/* With a checkpoint: which old output to continue (the `.NAME.partial` a stopped run left, else the
 * target, else none: a new file starting at the checkpoint's step), and where its records go. */
static aiecon_status choose_source(MPI_Comm comm, int rank, const char *output_path, segment *g, aiecon_error *err)
{
    checkpoint_output(g->restart, &g->expected.records, &g->expected.hash);
    g->record_base = g->first_step;
    if (output_path == NULL) return AIECON_OK; /* nothing written (benchmarks, tests) */
    char *partial = files_sibling(output_path, "partial");
    struct stat st;
    int which = 0; /* 0 none, 1 the partial, 2 the target */
    if (rank == 0) which = partial != NULL && stat(partial, &st) == 0 ? 1 : stat(output_path, &st) == 0 ? 2 : 0;
    MPI_Bcast(&which, 1, MPI_INT, 0, comm);
    g->continue_output = which != 0;
    if (which == 1) {
        g->source = partial;
        partial = NULL;
    } else if (which == 2 && (g->source = malloc(strlen(output_path) + 1)) != NULL) {
        strcpy(g->source, output_path);
    }
    free(partial);
    aiecon_status rc = which == 0 || g->source != NULL ? AIECON_OK
                       : aiecon_fail(err, AIECON_ERR_RUNTIME, "segment: out of memory");
    if (rc == AIECON_OK && which != 0) {
        if (g->expected.records == 0 || g->expected.records - 1 > g->first_step) {
            rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot continue this output: the checkpoint records %llu "
                             "output records at step %u; name a new output file with -o", g->source,
                             (unsigned long long)g->expected.records, g->first_step);
        } else {
            g->record_base = g->first_step - (uint32_t)(g->expected.records - 1);
        }
    }
    return parallel_agree(comm, rc, err);
}

aiecon_status segment_begin(MPI_Comm comm, const driver_options *o, const driver_run_info *run, const model *m,
                            const void *self, segment *g, aiecon_error *err)
{
    int rank, ranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    memset(g, 0, sizeof *g);
    g->comm = comm;
    g->options = o;
    g->last_step = run->steps;
    aiecon_status rc = parallel_agree(comm, checkpoint_identity_make(run->identity_text, run->seed, &g->id, err),
                                      err);
    if (rc == AIECON_OK && o->restart_path != NULL) {
        rc = checkpoint_open(comm, o->restart_path, &g->id, m, self, &g->restart, err);
        if (rc == AIECON_OK) {
            g->first_step = checkpoint_step(g->restart);
            if (g->first_step > g->last_step) {
                rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s: the checkpoint is at step %u, after the run's last step "
                                 "%u (run.steps / --steps is the whole run's length)", o->restart_path,
                                 g->first_step, g->last_step);
            }
            rc = parallel_agree(comm, rc, err);
        }
        if (rc == AIECON_OK) rc = choose_source(comm, rank, o->output_path, g, err);
    }
    if (rc != AIECON_OK) return rc;
    g->segments = segment_lines(g->restart != NULL ? checkpoint_segments(g->restart) : "", g->first_step, ranks, o);
    return parallel_agree(comm, g->segments != NULL ? AIECON_OK
                                : aiecon_fail(err, AIECON_ERR_RUNTIME, "segment: out of memory"), err);
}

aiecon_status segment_restore(segment *g, checkpoint_data *d, timer_set *timers, aiecon_error *err)
{
    if (g->restart == NULL) return AIECON_OK;
    timer_start(timers, TIMER_CHECKPOINT);
    checkpoint *ck = g->restart;
    g->restart = NULL; /* checkpoint_restore frees it */
    aiecon_status rc = checkpoint_restore(ck, d, err);
    timer_stop(timers, TIMER_CHECKPOINT);
    return rc;
}

aiecon_status segment_open_output(segment *g, output_provenance *prov, const output_dimension *dims, int dim_count,
                                  const output_variable *vars, int var_count, output **out, int *write_first,
                                  aiecon_error *err)
{
    prov->segments = g->segments;
    prov->scenario_hash = g->id.hash;
    prov->scenario_identity = g->id.scenario_text;
    *write_first = !g->continue_output;
    aiecon_status rc;
    if (g->continue_output) {
        rc = output_create_continue(g->comm, g->options->output_path, g->source, prov, dims, dim_count, vars,
                                    var_count, &g->expected, out, err);
        /* a `.NAME.partial` older than the checkpoint (a stop, then a run killed later): the target
         * may still hold the records the checkpoint needs */
        int rank, target = 0;
        MPI_Comm_rank(g->comm, &rank);
        struct stat st;
        if (rc == AIECON_ERR_INPUT && rank == 0) target = strcmp(g->source, g->options->output_path) != 0
                                                          && stat(g->options->output_path, &st) == 0;
        MPI_Bcast(&target, 1, MPI_INT, 0, g->comm);
        if (target) {
            rc = output_create_continue(g->comm, g->options->output_path, g->options->output_path, prov, dims,
                                        dim_count, vars, var_count, &g->expected, out, err);
        }
    } else {
        rc = output_create(g->comm, g->options->output_path, prov, dims, dim_count, vars, var_count, out, err);
    }
    g->out = rc == AIECON_OK ? *out : NULL;
    return rc;
}

/* The signal's name; for SIGTERM from mpirun, which turns Ctrl-C (SIGINT) and its own SIGTERM into
 * SIGTERM to the ranks, it says so (the ranks cannot tell which it was). */
static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGUSR1: return "SIGUSR1";
    case SIGINT: return "SIGINT (Ctrl-C)";
    case SIGTERM: break;
    default: return "a signal";
    }
    char path[64], parent[64] = "";
    snprintf(path, sizeof path, "/proc/%ld/comm", (long)getppid());
    FILE *f = fopen(path, "r");
    if (f != NULL) {
        if (fgets(parent, sizeof parent, f) == NULL) parent[0] = '\0';
        fclose(f);
    }
    if (strncmp(parent, "mpirun", 6) == 0 || strncmp(parent, "mpiexec", 7) == 0 || strncmp(parent, "orte", 4) == 0
        || strncmp(parent, "orted", 5) == 0) {
        return "SIGTERM from mpirun (sent for Ctrl-C/SIGINT or SIGTERM to mpirun)";
    }
    return "SIGTERM";
}

aiecon_status segment_boundary(segment *g, const checkpoint_data *d, timer_set *timers, aiecon_error *err)
{
    const driver_options *o = g->options;
    int sig = stop_agreed(g->comm);
    int stopping = sig != 0 && d->step < g->last_step;
    int due = o->checkpoint_path != NULL &&
              ((o->checkpoint_every > 0 && d->step % o->checkpoint_every == 0) || d->step == g->last_step);
    const char *path = stopping ? o->stop_checkpoint_path : o->checkpoint_path;
    aiecon_status rc = AIECON_OK;
    char stopped[256];
    snprintf(stopped, sizeof stopped, "stopped cleanly after step %u of %u by %s", d->step, g->last_step,
             signal_name(sig));
    if (stopping || due) {
        timer_start(timers, TIMER_CHECKPOINT);
        checkpoint_data at = *d;
        at.segments = g->segments;
        at.output_records = output_record_count(g->out);
        at.output_hash = output_record_hash(g->out);
        at.stopped = stopping ? stopped : NULL;
        rc = checkpoint_write(g->comm, path, &g->id, &at, err);
        timer_stop(timers, TIMER_CHECKPOINT);
    }
    if (rc != AIECON_OK && !stopping && d->step == g->last_step && g->out != NULL) {
        g->final_status = rc; /* the output is complete: publish it first (segment_close_output) */
        snprintf(g->final_error, sizeof g->final_error, "%s", err->message);
        return AIECON_OK;
    }
    if (rc != AIECON_OK || !stopping) return rc;
    char status[512];
    snprintf(status, sizeof status, "incomplete: %s; resume with --restart %s", stopped, path);
    output_mark_stopped(g->out, status);
    char *partial = o->output_path != NULL ? files_sibling(o->output_path, "partial") : NULL;
    if (o->output_path == NULL) {
        rc = aiecon_fail(err, AIECON_STOPPED, "aiecon: stopped by %s after step %u of %u; checkpoint written to %s\n"
                         "to resume (on any number of ranks, e.g. under the same mpirun/srun):\n  %s",
                         signal_name(sig), d->step, g->last_step, path,
                         o->resume_command != NULL ? o->resume_command : "(the same command with --restart)");
    } else {
        rc = aiecon_fail(err, AIECON_STOPPED, "aiecon: stopped by %s after step %u of %u; checkpoint written to %s, "
                         "the output so far kept as %s (%s is published only when the run completes)\n"
                         "to resume (on any number of ranks, e.g. under the same mpirun/srun):\n  %s",
                         signal_name(sig), d->step, g->last_step, path, partial != NULL ? partial : "its .partial file",
                         o->output_path, o->resume_command != NULL ? o->resume_command
                                                                   : "(the same command with --restart)");
    }
    free(partial);
    return rc;
}

aiecon_status segment_close_output(segment *g, output **out, aiecon_status rc, aiecon_error *err)
{
    output *o = *out;
    *out = NULL;
    g->out = NULL;
    aiecon_status closed = output_close(o, err);
    if (closed != AIECON_OK) return closed;
    if (rc == AIECON_OK && g->final_status != AIECON_OK) {
        return aiecon_fail(err, g->final_status, "%s (the output %s is complete and was written)", g->final_error,
                           g->options->output_path);
    }
    return rc;
}

aiecon_status segment_claim_paths(MPI_Comm comm, const driver_options *o, const model *m, const void *self,
                                  run_paths *paths, driver_options *resolved, aiecon_error *err)
{
    run_paths_request req = {o->inputs, o->input_count, o->output_path, o->checkpoint_path, o->stop_checkpoint_path,
                             o->restart_path, checkpoint_estimate_bytes(m, self, 0)};
    *resolved = *o;
    aiecon_status rc = run_paths_claim(comm, &req, paths, err);
    if (rc != AIECON_OK) return rc;
    resolved->output_path = paths->output;
    resolved->checkpoint_path = paths->checkpoint;
    resolved->stop_checkpoint_path = paths->stop_checkpoint;
    return AIECON_OK;
}

void segment_end(segment *g)
{
    checkpoint_close(g->restart);
    g->restart = NULL;
    checkpoint_identity_free(&g->id);
    free(g->segments);
    g->segments = NULL;
    free(g->source);
    g->source = NULL;
}
