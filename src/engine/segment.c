/* segment.c — restart, checkpoints and stopping, for every model the driver runs (see segment.h).
 *
 * What it does: decides where a segment starts (step 0, or a checkpoint that was checked against
 * this run before anything was built), where its output records go (record of step t at
 * t - record_base: 0 for a fresh run or a continued file, the checkpoint's step for a new file),
 * and, after every step, whether to stop or write a checkpoint. The provenance of a restarted run
 * is a list of segment lines carried from checkpoint to checkpoint and written to the output.
 * Why here: models differ in their state, not in this logic; the checkpoint reads their state
 * through the model's declarations (model.h) and the rest is shared. What it costs: one MPI_Allreduce
 * of an int per step; checkpoints as checkpoint.h says. No global state (the signal flag is
 * stop.c's). */
#include "aiecon/engine/segment.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
            struct stat st;
            int exists = rank == 0 && o->output_path != NULL && stat(o->output_path, &st) == 0;
            MPI_Bcast(&exists, 1, MPI_INT, 0, comm);
            g->continue_output = exists;
            g->record_base = exists ? 0 : g->first_step;
        }
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
    *write_first = !g->continue_output;
    if (g->continue_output) {
        return output_create_continue(g->comm, g->options->output_path, prov, dims, dim_count, vars, var_count,
                                      g->first_step, out, err);
    }
    return output_create(g->comm, g->options->output_path, prov, dims, dim_count, vars, var_count, out, err);
}

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGUSR1: return "SIGUSR1";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    default: return "a signal";
    }
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
    if (stopping || due) {
        timer_start(timers, TIMER_CHECKPOINT);
        checkpoint_data at = *d;
        at.segments = g->segments;
        rc = checkpoint_write(g->comm, path, &g->id, &at, err);
        timer_stop(timers, TIMER_CHECKPOINT);
    }
    if (rc != AIECON_OK || !stopping) return rc;
    return aiecon_fail(err, AIECON_STOPPED, "aiecon: stopped by %s after step %u of %u; checkpoint written to %s\n"
                       "to resume (on any number of ranks, e.g. under the same mpirun/srun):\n  %s",
                       signal_name(sig), d->step, g->last_step, path,
                       o->resume_command != NULL ? o->resume_command : "(the same command with --restart)");
}

void segment_end(segment *g)
{
    checkpoint_close(g->restart);
    g->restart = NULL;
    checkpoint_identity_free(&g->id);
    free(g->segments);
    g->segments = NULL;
}
