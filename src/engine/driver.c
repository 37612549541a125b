/* driver.c — the one loop that runs every model (see driver.h).
 *
 * What it does: the skeleton every model used to repeat — begin a segment, set up, restore, open
 * the output and write the first record, loop {step, compare the replicated state, check, write,
 * boundary}, close — written once, over the model's table (model.h). Why: a model then only says
 * what its state is and how one step changes it; restart on any rank count, checkpoints, signals,
 * output and its closing behave the same for all of them; with an output, the run's paths are
 * claimed (checked and locked, run_paths.h) before anything is built. What it costs per step, beyond the
 * model's own work: two MPI_Allreduce of one word per hashed blob (the replicated state must be
 * the same on every rank), one MPI_Allreduce of an int (stop requests), and the output's write.
 * No global state. */
#include "aiecon/engine/driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/checkpoint.h"
#include "aiecon/engine/output.h"
#include "aiecon/engine/parallel.h"
#include "aiecon/engine/progress.h"
#include "aiecon/engine/segment.h"
#include "aiecon/version.h"

/* Collective: every hashed blob of the replicated state must be the same on every rank. */
static aiecon_status compare_replicated(MPI_Comm comm, const model *m, const void *self, uint32_t step,
                                        aiecon_error *err)
{
    for (unsigned b = 0; b < m->blob_count; b++) {
        if (m->blobs[b].hash == NULL) continue;
        unsigned long long h = m->blobs[b].hash(self), lo, hi;
        MPI_Allreduce(&h, &lo, 1, MPI_UNSIGNED_LONG_LONG, MPI_MIN, comm);
        MPI_Allreduce(&h, &hi, 1, MPI_UNSIGNED_LONG_LONG, MPI_MAX, comm);
        if (lo != hi) {
            return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: replicated state `%s` differs between ranks after step %u "
                               "(hash %016llx vs %016llx)", m->name, m->blobs[b].name, step, lo, hi);
        }
    }
    return AIECON_OK;
}

/* Write the model's current figures as the record of `step`. */
static aiecon_status write_record(output *out, const segment *seg, const model *m, void *self, uint32_t step,
                                  aiecon_error *err)
{
    const double *values[OUTPUT_MAX_VARIABLES];
    m->figures(self, values);
    return output_write_step(out, step - seg->record_base, 30.0 * step, values, err);
}

/* Collective: open this segment's output and write its first record (the state at step 0, or the
 * restored step's figures in a new file; a continued file already has it). */
static aiecon_status open_output(MPI_Comm comm, const driver_options *o, const driver_run_info *run, const model *m,
                                 void *self, segment *seg, output **out, aiecon_error *err)
{
    int ranks, write_first = 0;
    MPI_Comm_size(comm, &ranks);
    output_dimension dims[OUTPUT_MAX_DIMS];
    int dim_count = m->dimensions(self, dims);
    output_provenance prov = {.title = run->title,
                              .source = "aiecon " AIECON_VERSION " (git " AIECON_GIT_REVISION ")",
                              .history = o->command_line,
                              .scenario_yaml = run->parameters_yaml,
                              .start = run->start,
                              .seed = run->seed,
                              .ranks = ranks,
                              .overrides = run->overrides};
    const output_variable *vars = NULL;
    int var_count = m->variables(self, &vars);
    aiecon_status rc = segment_open_output(seg, &prov, dims, dim_count, vars, var_count, out, &write_first, err);
    if (rc != AIECON_OK || !write_first) return rc;
    if (seg->first_step == 0) rc = m->tally(self, comm, err); /* after a restart the blobs hold the tally */
    return rc == AIECON_OK ? write_record(*out, seg, m, self, seg->first_step, err) : rc;
}

/* Collective: steps first_step + 1 .. last_step, each followed by its boundary. */
static aiecon_status loop(MPI_Comm comm, const driver_options *o, const driver_run_info *run, const model *m,
                          void *self, segment *seg, output *out, timer_set *timers, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    uint64_t agents = 0;
    for (unsigned p = 0; p < m->population_count; p++) agents += m->agents(self, p);
    progress bar;
    progress_init(&bar, !o->quiet && rank == 0, run->start, seg->first_step + 1, seg->last_step, agents);
    aiecon_status rc = AIECON_OK;
    for (uint32_t step = seg->first_step + 1; step <= seg->last_step && rc == AIECON_OK; step++) {
        rc = m->step(self, comm, step, timers, err);
        if (rc == AIECON_OK) {
            timer_start(timers, TIMER_REDUCE);
            rc = compare_replicated(comm, m, self, step, err);
            timer_stop(timers, TIMER_REDUCE);
        }
        if (rc == AIECON_OK && o->check && m->check != NULL) rc = m->check(self, step, err);
        if (rc == AIECON_OK && out != NULL) {
            timer_start(timers, TIMER_OUTPUT);
            rc = write_record(out, seg, m, self, step, err);
            timer_stop(timers, TIMER_OUTPUT);
        }
        progress_step(&bar, step);
        checkpoint_data view = {.step = step, .m = m, .self = self};
        if (rc == AIECON_OK) rc = segment_boundary(seg, &view, timers, err);
    }
    if (rc == AIECON_OK) progress_finish(&bar);
    return rc;
}

static double slowest(MPI_Comm comm, double mine)
{
    double all = mine;
    MPI_Allreduce(&mine, &all, 1, MPI_DOUBLE, MPI_MAX, comm);
    return all;
}

aiecon_status driver_run(MPI_Comm comm, const driver_options *o, const driver_run_info *run, const model *m,
                         void *self, timer_set *timers, driver_result *result, aiecon_error *err)
{
    output *out = NULL;
    segment seg;
    double t0 = timer_now();
    run_paths paths;
    memset(&paths, 0, sizeof paths);
    driver_options resolved = *o;
    aiecon_status rc = AIECON_OK;
    if (o->output_path != NULL) rc = segment_claim_paths(comm, o, m, self, &paths, &resolved, err);
    o = &resolved; /* from here on the resolved paths */
    memset(&seg, 0, sizeof seg);
    if (rc == AIECON_OK) rc = segment_begin(comm, o, run, m, self, &seg, err);
    if (rc == AIECON_OK) rc = m->setup(self, comm, timers, err);
    checkpoint_data view = {.step = 0, .m = m, .self = self};
    if (rc == AIECON_OK) rc = segment_restore(&seg, &view, timers, err);
    double setup = timer_now() - t0;
    if (rc == AIECON_OK && o->output_path != NULL) {
        timer_start(timers, TIMER_OUTPUT);
        rc = open_output(comm, o, run, m, self, &seg, &out, err);
        timer_stop(timers, TIMER_OUTPUT);
    }
    MPI_Barrier(comm);
    double t1 = timer_now();
    if (rc == AIECON_OK) rc = loop(comm, o, run, m, self, &seg, out, timers, err);
    double stepping = timer_now() - t1;
    if (out != NULL && (rc == AIECON_OK || rc == AIECON_STOPPED)) {
        timer_start(timers, TIMER_OUTPUT);
        rc = segment_close_output(&seg, &out, rc, err); /* frees out, success or not */
        timer_stop(timers, TIMER_OUTPUT);
    } else if (out != NULL) {
        output_abort(out);
    }
    segment_end(&seg);
    run_paths_release(&paths);
    if (result != NULL) {
        result->setup_seconds = slowest(comm, setup);
        result->step_seconds = slowest(comm, stepping);
    }
    return rc;
}
