/* sim.c — the step loop (see sim.h).
 *
 * Set-up validates everything that can be wrong with the input before anything is allocated or
 * written (scenario, memory, output folder), so bad input always exits 2 with nothing written.
 * Then one step is: halo exchange of the previous state (communication), the household update
 * (the hot loop, local), one exact integer reduction (communication), one collective write of the
 * replicated figures. Every failure that could strike some ranks only is agreed across ranks
 * (parallel_agree) before anyone moves on, so no rank waits forever for another. Restart,
 * checkpoints and stopping on a signal are sim_segment's (the handler is installed here, for the
 * whole run, by stop_install). */
#include "aiecon/sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "aiecon/populations/halo.h"
#include "aiecon/populations/households.h"
#include "aiecon/populations/market.h"
#include "aiecon/populations/network.h"
#include "aiecon/players/invariants.h"
#include "aiecon/io/files.h"
#include "aiecon/io/output.h"
#include "aiecon/core/parallel.h"
#include "aiecon/progress.h"
#include "aiecon/sim_economy.h"
#include "aiecon/sim_segment.h"
#include "aiecon/core/stop.h"
#include "aiecon/core/timer.h"
#include "aiecon/version.h"

enum { SIM_VARIABLES = 4 };

static const output_variable sim_variables[SIM_VARIABLES] = {
    {"households_adopted", "1", "weighted share of households that have adopted AI", 0},
    {"households_adopted_count", "households", "households that have adopted AI", 0},
    {"households_adopters", "households/month", "households that adopted AI during the month", 0},
    {"households_total", "households", "households represented", 0},
};

double sim_peak_bytes_per_agent(unsigned degree)
{
    /* steady state: 4 bytes per edge end + offsets, state, weights, ghosts (about 20 bytes);
     * the network build holds about 48 bytes per edge end in temporaries. */
    return 52.0 * degree + 64.0;
}

unsigned sim_largest_degree(const scenario *s)
{
    unsigned k = s->households.network.degree;
    if (s->has_economy && s->businesses.network.degree > k) k = s->businesses.network.degree;
    return k;
}

double sim_memory_per_rank(MPI_Comm comm)
{
    MPI_Comm node;
    int on_node = 1;
    if (MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
        MPI_Comm_size(node, &on_node);
        MPI_Comm_free(&node);
    }
    double bytes = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE) / on_node;
    double least;
    MPI_Allreduce(&bytes, &least, 1, MPI_DOUBLE, MPI_MIN, comm);
    return least; /* the same on every rank, so every rank reaches the same verdict */
}

/* Everything a run holds; released by sim_release in reverse order. */
typedef struct sim_state {
    scenario *scn;
    network net;
    halo hal;
    households hh;
    output *out;
    sim_segment seg;
    households_tally tally;          /* reduced, of the last step */
    bool have_net, have_halo, have_households, have_segment;
} sim_state;

static void sim_release(sim_state *st)
{
    if (st->out != NULL) {
        output_abort(st->out);
    }
    if (st->have_segment) sim_segment_end(&st->seg);
    if (st->have_households) households_free(&st->hh);
    if (st->have_halo) halo_free(&st->hal);
    if (st->have_net) network_free(&st->net);
    scenario_free(st->scn);
    memset(st, 0, sizeof *st);
}

/* Rank 0: refuse (exit 1, naming the path) a run whose output cannot fit in the free space of its
 * folder. `need` is a lower bound (the raw values of every record), so a run that could succeed
 * is never refused. Why: a run that cannot fit is told at once, before anything is built; a disk
 * that fills later is caught by the output's reserve (reserve.h, docs/HARDENING.md). */
static aiecon_status check_space_local(const char *path, double need, aiecon_error *err)
{
    char folder[4096];
    files_folder(path, folder, sizeof folder);
    struct statvfs fs;
    if (statvfs(folder, &fs) != 0) return AIECON_OK; /* unknown: the write will tell */
    double free_bytes = (double)fs.f_bavail * (double)fs.f_frsize;
    if (free_bytes >= need) return AIECON_OK;
    return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot write output: %.0f bytes free in %s, the output "
                       "needs at least %.0f", path, free_bytes, folder, need);
}

/* Collective: the output's free-space check (above), agreed across ranks. */
static aiecon_status check_space(MPI_Comm comm, const scenario *s, const char *path, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    double per_record = s->has_economy ? sim_economy_record_values(s) : (double)SIM_VARIABLES * s->region_count;
    double need = 8.0 * (per_record + 1.0) * ((double)s->run.steps + 1.0);
    return parallel_agree(comm, rank == 0 ? check_space_local(path, need, err) : AIECON_OK, err);
}

/* Load and check everything about the input before anything is built or written. */
static aiecon_status sim_load(MPI_Comm comm, const sim_options *o, sim_state *st, aiecon_error *err)
{
    int ranks;
    MPI_Comm_size(comm, &ranks);
    aiecon_status rc = scenario_load_mpi(comm, o->scenario_path, o->overrides, o->override_count, &st->scn, err);
    if (rc != AIECON_OK) return rc;
    rc = scenario_check_memory(st->scn, ranks, sim_peak_bytes_per_agent(sim_largest_degree(st->scn)),
                               sim_memory_per_rank(comm), err);
    if (rc != AIECON_OK) return rc;
    rc = output_check_target(comm, o->output_path, err);
    /* a restart may continue an existing file, whose size this bound does not know: no check then */
    if (rc != AIECON_OK || o->restart_path != NULL) return rc;
    return check_space(comm, st->scn, o->output_path, err);
}

/* The pure diffusion run: one household population on its network. */
static aiecon_status sim_setup(MPI_Comm comm, sim_state *st, timer_set *timers, aiecon_error *err)
{
    timer_start(timers, TIMER_NETWORK);
    network_params np = {scenario_household_agents(st->scn), st->scn->households.network.degree,
                         st->scn->households.network.rewire, st->scn->run.seed, RNG_PURPOSE_NETWORK_HOUSEHOLDS};
    aiecon_status rc = network_build(&np, comm, &st->net, err);
    if (rc != AIECON_OK) return rc;
    st->have_net = true;
    rc = parallel_agree(comm, halo_create(&st->net, comm, 1, &st->hal, err), err);
    if (rc != AIECON_OK) return rc;
    st->have_halo = true;
    timer_stop(timers, TIMER_NETWORK);

    timer_start(timers, TIMER_SETUP);
    rc = parallel_agree(comm, households_create(st->scn, &st->net, &st->hh, err), err);
    if (rc != AIECON_OK) return rc;
    st->have_households = true;
    timer_stop(timers, TIMER_SETUP);
    return AIECON_OK;
}

static aiecon_status sim_write(sim_state *st, uint32_t step, const households_tally *t, aiecon_error *err)
{
    double share[SCENARIO_MAX_REGIONS], count[SCENARIO_MAX_REGIONS], fresh[SCENARIO_MAX_REGIONS],
        total[SCENARIO_MAX_REGIONS];
    for (unsigned r = 0; r < st->scn->region_count; r++) {
        share[r] = market_adopted_share(t, r);
        count[r] = (double)t->adopted[r];
        fresh[r] = (double)t->adopters[r];
        total[r] = (double)t->total[r];
    }
    const double *values[SIM_VARIABLES] = {share, count, fresh, total};
    return output_write_step(st->out, step - st->seg.record_base, 30.0 * step, values, err);
}

static aiecon_status sim_open_output(MPI_Comm comm, const sim_options *o, sim_state *st, aiecon_error *err)
{
    int ranks;
    MPI_Comm_size(comm, &ranks);
    char *yaml = scenario_to_yaml(st->scn, err);
    aiecon_status rc = parallel_agree(comm, yaml != NULL ? AIECON_OK : AIECON_ERR_RUNTIME, err);
    if (rc != AIECON_OK) {
        free(yaml);
        return rc;
    }
    const char *names[SCENARIO_MAX_REGIONS];
    for (unsigned r = 0; r < st->scn->region_count; r++) names[r] = st->scn->regions[r].name;
    output_dimension dims[1] = {{"region", st->scn->region_count, names}};
    output_provenance prov = {st->scn->title, "aiecon " AIECON_VERSION " (git " AIECON_GIT_REVISION ")",
                              o->command_line, yaml, st->scn->run.start, st->scn->run.seed, ranks, NULL, NULL};
    int write_first = 0;
    rc = sim_segment_open_output(&st->seg, &prov, dims, 1, sim_variables, SIM_VARIABLES, &st->out, &write_first,
                                 err);
    free(yaml);
    if (rc != AIECON_OK || !write_first) return rc;
    if (st->seg.first_step == 0) { /* the initial state; after a restart the tally is the checkpoint's */
        households_count(&st->hh, &st->tally);
        rc = market_reduce_households(&st->tally, comm, err);
    }
    return rc == AIECON_OK ? sim_write(st, st->seg.first_step, &st->tally, err) : rc;
}

/* The state a checkpoint holds, as views of st (valid until the next swap). */
static checkpoint_data sim_view(sim_state *st, uint32_t step)
{
    checkpoint_data d = {step, scenario_household_agents(st->scn), st->hh.first, st->hh.local, st->hh.adopted, 0, 0, 0,
                         NULL, NULL, st->scn, NULL, &st->tally, sizeof st->tally, NULL, 0, 0, NULL};
    return d;
}

static aiecon_status sim_loop(MPI_Comm comm, const sim_options *o, sim_state *st, timer_set *timers,
                              aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    const scenario *s = st->scn;
    households_tally *tally = &st->tally;
    aiecon_status rc = AIECON_OK;
    progress bar;
    progress_init(&bar, !o->quiet && rank == 0, s->run.start, st->seg.first_step + 1, s->run.steps,
                  scenario_household_agents(s));
    for (uint32_t step = st->seg.first_step + 1; step <= s->run.steps && rc == AIECON_OK; step++) {
        timer_start(timers, TIMER_HALO);
        rc = halo_exchange(&st->hal, st->hh.adopted, 1, st->hh.local, err);
        timer_stop(timers, TIMER_HALO);
        if (rc != AIECON_OK) break;
        timer_start(timers, TIMER_UPDATE);
        households_adopt(&st->hh, &st->net, s->households.bass_p, s->households.bass_q, s->run.seed, step, tally);
        households_swap(&st->hh);
        timer_stop(timers, TIMER_UPDATE);
        timer_start(timers, TIMER_REDUCE);
        rc = market_reduce_households(tally, comm, err);
        timer_stop(timers, TIMER_REDUCE);
        if (rc != AIECON_OK) break;
        for (unsigned r = 0; o->check && rc == AIECON_OK && r < s->region_count; r++) {
            rc = invariants_check_share(market_adopted_share(tally, r), "households_adopted", s->regions[r].name,
                                        step, err);
        }
        if (rc != AIECON_OK) break;
        timer_start(timers, TIMER_OUTPUT);
        rc = sim_write(st, step, tally, err);
        timer_stop(timers, TIMER_OUTPUT);
        progress_step(&bar, step);
        checkpoint_data view = sim_view(st, step);
        if (rc == AIECON_OK) rc = sim_segment_boundary(&st->seg, &view, timers, err);
    }
    if (rc == AIECON_OK) progress_finish(&bar);
    return rc;
}

aiecon_status sim_run(MPI_Comm comm, const sim_options *o, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    timer_set timers;
    timer_init(&timers);
    sim_state st;
    memset(&st, 0, sizeof st);
    timer_start(&timers, TIMER_SETUP);
    aiecon_status rc = sim_load(comm, o, &st, err);
    /* issue 18: check, resolve and lock every path; from here on o names the resolved paths */
    run_paths paths;
    memset(&paths, 0, sizeof paths);
    sim_options resolved;
    if (rc == AIECON_OK) rc = sim_segment_claim_paths(comm, o, st.scn, &paths, &resolved, err);
    if (rc == AIECON_OK) o = &resolved;
    timer_stop(&timers, TIMER_SETUP);
    bool economy = rc == AIECON_OK && st.scn->has_economy;
    if (rc == AIECON_OK) {
        rc = parallel_agree(comm, stop_install() == 0 ? AIECON_OK
                                  : aiecon_fail(err, AIECON_ERR_RUNTIME, "sim: cannot install signal handlers"), err);
    }
    if (economy && rc == AIECON_OK) {
        rc = sim_economy_run(comm, o, st.scn, &timers, err);
    } else if (rc == AIECON_OK) {
        rc = sim_segment_begin(comm, o, st.scn, scenario_household_agents(st.scn), 0, &st.seg, err);
        st.have_segment = true;
        if (rc == AIECON_OK) rc = sim_setup(comm, &st, &timers, err);
        checkpoint_data view = sim_view(&st, 0);
        if (rc == AIECON_OK) rc = sim_segment_restore(&st.seg, &view, &timers, err);
        if (rc == AIECON_OK) rc = sim_open_output(comm, o, &st, err);
        if (rc == AIECON_OK) rc = sim_loop(comm, o, &st, &timers, err);
    }
    if ((rc == AIECON_OK || rc == AIECON_STOPPED) && !economy) {
        timer_start(&timers, TIMER_OUTPUT);
        rc = sim_segment_close_output(&st.seg, &st.out, rc, err); /* frees st.out, success or not */
        timer_stop(&timers, TIMER_OUTPUT);
    }
    if ((rc == AIECON_OK || rc == AIECON_STOPPED) && !o->quiet) {
        timer_report(&timers, comm, stderr);
        if (rank == 0 && rc == AIECON_OK) fprintf(stderr, "wrote %s\n", o->output_path);
    }
    stop_uninstall();
    sim_release(&st);
    run_paths_release(&paths);
    return rc;
}

aiecon_status sim_check(MPI_Comm comm, const sim_options *o, char **yaml, aiecon_error *err)
{
    int ranks;
    MPI_Comm_size(comm, &ranks);
    *yaml = NULL;
    scenario *s = NULL;
    aiecon_status rc = scenario_load_mpi(comm, o->scenario_path, o->overrides, o->override_count, &s, err);
    if (rc == AIECON_OK) {
        rc = scenario_check_memory(s, ranks, sim_peak_bytes_per_agent(sim_largest_degree(s)),
                                   sim_memory_per_rank(comm), err);
    }
    if (rc == AIECON_OK) {
        *yaml = scenario_to_yaml(s, err);
        rc = *yaml != NULL ? AIECON_OK : AIECON_ERR_RUNTIME;
    }
    scenario_free(s);
    return rc;
}
