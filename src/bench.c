/* bench.c — `aiecon bench` (see bench.h).
 * The bass kind runs exactly the production step (halo_exchange, households_adopt, the exact
 * reduction) on a scenario built in memory, so the figure it prints is the product's own speed,
 * not a model of it; the full and rumour kinds run their model through the engine's driver with no
 * output, as a run would. bass and full also print the build's rate (network and halo plan, in
 * agents/s/core) and the memory: the peak resident set of each rank (getrusage ru_maxrss, which
 * includes the network build and MPI) against the resident set in steady state, after the steps
 * (/proc/self/statm), as MB per rank (the largest rank) and bytes per agent (all ranks). */
#include "aiecon/bench.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "aiecon/engine/driver.h"
#include "aiecon/engine/halo.h"
#include "aiecon/engine/network.h"
#include "aiecon/engine/parallel.h"
#include "aiecon/engine/timer.h"
#include "aiecon/models/economy.h"
#include "aiecon/models/economy/populations/households.h"
#include "aiecon/models/rumour.h"

/* This process's resident set now, bytes (0 where /proc is missing). */
static double resident_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long size = 0, resident = 0;
    if (f != NULL) {
        if (fscanf(f, "%lu %lu", &size, &resident) != 2) resident = 0;
        fclose(f);
    }
    return (double)resident * (double)sysconf(_SC_PAGESIZE);
}

/* CPU time of the calling thread, seconds: on a machine shared with other work it counts only
 * the time this thread ran, where the wall time counts the waits for a core too. */
static double thread_cpu_seconds(void)
{
    struct timespec t;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0) return 0.0;
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Collective: print (rank 0) the peak and steady resident memory and the build rate. */
static void print_memory(MPI_Comm comm, const char *kind, uint64_t agents, double build_seconds)
{
    int rank, ranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    struct rusage use;
    getrusage(RUSAGE_SELF, &use);
    double mine[2] = {(double)use.ru_maxrss * 1024.0, resident_bytes()}, most[2], sum[2], build;
    MPI_Allreduce(mine, most, 2, MPI_DOUBLE, MPI_MAX, comm);
    MPI_Allreduce(mine, sum, 2, MPI_DOUBLE, MPI_SUM, comm);
    MPI_Allreduce(&build_seconds, &build, 1, MPI_DOUBLE, MPI_MAX, comm);
    if (rank == 0) {
        printf("%s: build %.3f s, %.3g agents/s/core (networks and halo plans)\n", kind, build,
               (double)agents / (build * ranks));
        printf("%s: peak memory %.0f MB/rank (%.1f bytes/agent), steady %.0f MB/rank (%.1f bytes/agent), "
               "peak/steady %.2f\n", kind, most[0] / 1e6, sum[0] / (double)agents, most[1] / 1e6,
               sum[1] / (double)agents, sum[1] > 0 ? sum[0] / sum[1] : 0.0);
        fflush(stdout);
    }
}

static aiecon_status bench_bass(MPI_Comm comm, const bench_options *o, aiecon_error *err)
{
    int rank, ranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    if (o->households < 2 || o->households > 4000000000ULL || o->degree < 2 || o->degree % 2 != 0 ||
        o->degree >= o->households || !(o->rewire >= 0.0 && o->rewire <= 1.0) || o->steps < 1) {
        return aiecon_fail(err, AIECON_ERR_INPUT,
                           "bench: need 2 <= households <= 4e9, an even degree in [2, households), "
                           "rewire in [0, 1] and steps >= 1");
    }
    char name[] = "bench";
    scenario_region region = {.name = name, .households = o->households,
                              .household_agents = o->households, .adoption_scale = 1.0};
    scenario s;
    memset(&s, 0, sizeof s);
    s.regions = &region;
    s.region_count = 1;
    s.run.seed = o->seed;
    s.run.steps = o->steps;
    s.households = (scenario_households){.bass_p = 0.003, .bass_q = 0.38, .initial_adopted = 0.0,
                                         .network = {o->degree, o->rewire}};

    timer_set timers;
    timer_init(&timers);
    network net;
    halo hal;
    households hh;
    timer_start(&timers, TIMER_NETWORK);
    network_params np = {.agents = o->households, .degree = o->degree, .rewire = o->rewire, .seed = o->seed,
                         .purpose = RNG_PURPOSE_NETWORK_HOUSEHOLDS};
    aiecon_status rc = network_build(&np, comm, &net, err);
    if (rc != AIECON_OK) return rc;
    rc = parallel_agree(comm, halo_create(&net, comm, 1, &hal, err), err);
    if (rc != AIECON_OK) {
        network_free(&net);
        return rc;
    }
    timer_stop(&timers, TIMER_NETWORK);
    rc = parallel_agree(comm, households_create(&s, &net, &hh, err), err);
    if (rc != AIECON_OK) {
        halo_free(&hal);
        network_free(&net);
        return rc;
    }
    households_tally tally;
    MPI_Barrier(comm);
    double t0 = timer_now(), c0 = thread_cpu_seconds();
    for (uint32_t step = 1; step <= o->steps && rc == AIECON_OK; step++) {
        timer_start(&timers, TIMER_HALO);
        rc = halo_exchange(&hal, hh.adopted, 1, hh.local, err);
        timer_stop(&timers, TIMER_HALO);
        timer_start(&timers, TIMER_UPDATE);
        households_adopt(&hh, &net, 0.003, 0.38, o->seed, step, &tally);
        households_swap(&hh);
        timer_stop(&timers, TIMER_UPDATE);
        timer_start(&timers, TIMER_REDUCE);
        if (rc == AIECON_OK) rc = households_reduce(&tally, comm, err);
        timer_stop(&timers, TIMER_REDUCE);
    }
    double mine = timer_now() - t0, slowest, cpu = thread_cpu_seconds() - c0, all_cpu;
    MPI_Allreduce(&mine, &slowest, 1, MPI_DOUBLE, MPI_MAX, comm);
    MPI_Allreduce(&cpu, &all_cpu, 1, MPI_DOUBLE, MPI_SUM, comm);
    double bytes = (network_bytes_per_agent(&net) + halo_bytes_per_agent(&hal, hh.local) +
                    households_bytes_per_agent(&hh)) * hh.local, all_bytes;
    MPI_Allreduce(&bytes, &all_bytes, 1, MPI_DOUBLE, MPI_SUM, comm);
    double ghosts = (double)hal.recv_total, all_ghosts;   /* one byte each per exchange */
    MPI_Allreduce(&ghosts, &all_ghosts, 1, MPI_DOUBLE, MPI_SUM, comm);
    if (rc == AIECON_OK && rank == 0) {
        printf("households: %.4g agent-updates/s/core\n",
               (double)o->households * o->steps / (slowest * ranks));
        printf("households: %.4g agent-updates per second of CPU time (%.3f s of CPU on all ranks)\n",
               all_cpu > 0 ? (double)o->households * o->steps / all_cpu : 0.0, all_cpu);
        printf("memory: %.1f bytes/agent\n", all_bytes / (double)o->households);
        printf("halo: %.0f bytes/step in all (%.3g%% of the agents are someone's ghost)\n", all_ghosts,
               100.0 * all_ghosts / (double)o->households);
        printf("bass: adopted share %.4f after %u steps, %d rank(s), %.3f s stepping\n",
               households_adopted_share(&tally, 0), o->steps, ranks, slowest);
        fflush(stdout);
    }
    if (rc == AIECON_OK) print_memory(comm, "bass", o->households, timers.total[TIMER_NETWORK]);
    if (rc == AIECON_OK && !o->quiet) timer_report(&timers, comm, stdout);
    households_free(&hh);
    halo_free(&hal);
    network_free(&net);
    return rc;
}

/* The whole model step on a scenario (default inputs/baseline.yaml) whose agent counts are scaled
 * so that households + businesses = --households, in the scenario's proportions. */
static aiecon_status bench_full(MPI_Comm comm, const bench_options *o, aiecon_error *err)
{
    int rank, ranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    scenario *s = NULL;
    aiecon_status rc = scenario_load_mpi(comm, o->scenario != NULL ? o->scenario : "inputs/baseline.yaml", NULL, 0,
                                         &s, err);
    if (rc != AIECON_OK) return rc;
    if (!s->has_economy) {
        scenario_free(s);
        return aiecon_fail(err, AIECON_ERR_INPUT, "bench: --kind full needs a scenario with labs");
    }
    double agents = (double)(scenario_household_agents(s) + scenario_business_agents(s));
    double scale = (double)o->households / agents;
    uint64_t total = 0;
    for (unsigned r = 0; r < s->region_count; r++) {
        scenario_region *g = &s->regions[r];
        g->household_agents = (uint64_t)fmax(1.0, floor((double)g->household_agents * scale));
        if (g->business_agents > 0) g->business_agents = (uint64_t)fmax(1.0, floor((double)g->business_agents * scale));
        if (g->households < g->household_agents) g->households = g->household_agents;
        if (g->businesses < g->business_agents) g->businesses = g->business_agents;
        total += g->household_agents + g->business_agents;
    }
    timer_set timers;
    timer_init(&timers);
    s->run.steps = o->steps;
    economy_run *self = NULL;
    rc = parallel_agree(comm, economy_run_create(s, &self, err), err);
    driver_options d = {.quiet = true, .check = true}; /* the default run's checks, no output */
    driver_run_info info = {.title = "bench", .identity_text = "", .start = s->run.start, .seed = s->run.seed,
                            .steps = o->steps};
    driver_result result = {0, 0};
    if (rc == AIECON_OK) rc = driver_run(comm, &d, &info, &economy_model, self, &timers, &result, err);
    if (rc == AIECON_OK) print_memory(comm, "full", total, timers.total[TIMER_NETWORK]);
    economy_model.release(self);
    double seconds = result.step_seconds;
    if (rc == AIECON_OK && rank == 0) {
        printf("full: %.4g agent-updates/s/core\n", (double)total * o->steps / (seconds * ranks));
        printf("full: %llu agents (households and businesses), %u steps, %d rank(s), %.3f s stepping\n",
               (unsigned long long)total, o->steps, ranks, seconds);
        fflush(stdout);
    }
    if (rc == AIECON_OK && !o->quiet) timer_report(&timers, comm, stdout);
    scenario_free(s);
    return rc;
}

/* Repast HPC's rumour model (models/rumour.h) through the driver, with no output. */
static aiecon_status bench_rumour(MPI_Comm comm, const bench_options *o, aiecon_error *err)
{
    int rank, ranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    rumour_run *self = NULL;
    aiecon_status rc = rumour_run_create(o->households, o->steps, o->seed, &self, err);
    if (rc != AIECON_OK) return rc;
    timer_set timers;
    timer_init(&timers);
    driver_options d = {.quiet = true};
    driver_run_info info = {.title = "rumour", .identity_text = "", .seed = o->seed, .steps = o->steps};
    driver_result result = {0, 0};
    rc = driver_run(comm, &d, &info, &rumour_model, self, &timers, &result, err);
    if (rc == AIECON_OK) {
        timer_start(&timers, TIMER_REDUCE);
        rc = rumour_model.tally(self, comm, err);
        timer_stop(&timers, TIMER_REDUCE);
    }
    double bytes = rumour_bytes_per_agent(self, comm);
    if (rc == AIECON_OK && rank == 0) {
        printf("rumour: informed %llu of %llu after %u steps\n", (unsigned long long)rumour_informed(self),
               (unsigned long long)o->households, o->steps);
        printf("rumour: %.3f s for network and steps on %d rank(s), %.1f bytes/agent\n",
               result.setup_seconds + result.step_seconds, ranks, bytes);
        fflush(stdout);
    }
    if (rc == AIECON_OK && !o->quiet) timer_report(&timers, comm, stdout);
    rumour_model.release(self);
    return rc;
}

aiecon_status bench_run(MPI_Comm comm, const bench_options *o, aiecon_error *err)
{
    if (strcmp(o->kind, "bass") == 0) {
        return bench_bass(comm, o, err);
    }
    if (strcmp(o->kind, "full") == 0) {
        return bench_full(comm, o, err);
    }
    if (strcmp(o->kind, "rumour") == 0) {
        return bench_rumour(comm, o, err);
    }
    return aiecon_fail(err, AIECON_ERR_INPUT, "bench: unknown --kind '%s' (expected: bass, full or rumour)", o->kind);
}
