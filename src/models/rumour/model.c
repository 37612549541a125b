/* model.c — Repast HPC's rumour model on the engine (see models/rumour.h), run by
 * `aiecon bench --kind rumour` to compare with Repast HPC on equal work.
 *
 * Network (Repast HPC's Klemm–Eguíluz builder, m = 10, no random links): agents 0–9 are linked to
 * each other and form the active set; each following agent, in id order, gets a directed link to
 * each of the 10 active agents, then one active agent is deactivated with probability
 * proportional to 1 / (its in-degree) and the newcomer takes its place. The construction is
 * sequential, so every rank runs it over all agents, the draw for agent i keyed by i, and keeps
 * only its own agents' out-links: the same graph at any rank count, 40 bytes per local agent.
 *
 * Dynamics: 10 agents drawn at random are informed at the start; each step every informed agent
 * passes the rumour along each out-link to an uninformed agent with probability p = 0.01, and an
 * agent informed in a step passes it on from the next. For one link, the first success after its
 * source was informed is geometric: it comes T steps later with P(T = k) = (1-p)^(k-1) p. So the
 * run is event-driven instead of a scan of every informed agent every step: when agent i is
 * informed at step t, each of its links draws its T once (keyed by i and the link) and offers
 * its target the time t + T; a target's time is the earliest offer, final once the step reaches
 * it. Each link is drawn once instead of once per step, which is why this takes milliseconds
 * where a step-by-step scan takes seconds; the distribution of the process is the same.
 * Per step one MPI_Alltoallv carries the offers to their targets' owners.
 * Memory: 10 × 4 bytes of out-links + 4 bytes of time per local agent, plus the offers in flight.
 * As a model (model.h): one population, one declared array (`informed`, the time each agent is or
 * will be informed: with the links regenerated from the seed, the whole state, so a checkpoint
 * restarts on any rank count), no replicated state, one figure (agents informed). Driver step s
 * handles the agents informed at time s - 1. */
#include "aiecon/models/rumour.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/parallel.h"
#include "aiecon/engine/partition.h"
#include "aiecon/engine/rng.h"

enum { RUMOUR_M = 10, RUMOUR_SEEDS = 10 };
#define RUMOUR_P 0.01
#define RUMOUR_NEVER UINT32_MAX
#define RUMOUR_NO_LINK UINT32_MAX

struct rumour_run {
    uint64_t n;            /* agents */
    uint32_t steps, seed;  /* the run's length (links draw no delay beyond it) and seed */
    uint32_t done;         /* the last step done */
    int ranks;
    int *counts;           /* [4 × ranks]: the all-to-all's counts and displacements */
    uint64_t informed_total;  /* agents informed by `done`, after tally */
    double figure;
    partition part;
    uint64_t first;
    uint32_t local;
    uint32_t *out;         /* [local × M]: targets (global ids) of local agents' links */
    uint32_t *informed;    /* [local]: step at which informed, RUMOUR_NEVER if not */
    uint32_t *frontier;    /* [local]: local agents informed at the current step */
    uint64_t *offers;      /* (target << 32 | time) pairs being sent, grown as needed */
    size_t offer_cap;
};
typedef struct rumour_run rumour;

/* Klemm–Eguíluz construction over all agents; keeps the out-links of [first, first + local). */
static void rumour_build(rumour *r, uint64_t n, uint32_t seed)
{
    uint32_t active[RUMOUR_M];
    double indeg[RUMOUR_M];
    for (unsigned s = 0; s < RUMOUR_M; s++) {
        active[s] = s;
        indeg[s] = RUMOUR_M - 1;
    }
    for (uint64_t i = 0; i < n; i++) {
        int mine = i >= r->first && i < r->first + r->local;
        uint32_t *links = mine ? r->out + (i - r->first) * RUMOUR_M : NULL;
        if (i < RUMOUR_M) {            /* the initial clique: links to the 9 others; its own slot is empty */
            if (mine) for (unsigned s = 0; s < RUMOUR_M; s++) links[s] = s != i ? (uint32_t)s : RUMOUR_NO_LINK;
            continue;
        }
        if (mine) memcpy(links, active, sizeof active);
        double total = 0.0;
        for (unsigned s = 0; s < RUMOUR_M; s++) {
            indeg[s] += 1.0;
            total += 1.0 / indeg[s];
        }
        philox4x32_ctr_t w = rng_words(seed, RNG_PURPOSE_RUMOUR_NETWORK, i, 0, 0);
        double pick = rng_unit53(w.v[0], w.v[1]) * total;
        unsigned s = 0;
        for (; s + 1 < RUMOUR_M && pick >= 1.0 / indeg[s]; s++) pick -= 1.0 / indeg[s];
        active[s] = (uint32_t)i;
        indeg[s] = 0.0;
    }
}

/* Steps after which link e of agent i first passes the rumour on (geometric, >= 1). */
static uint32_t rumour_delay(uint32_t seed, uint64_t i, unsigned e)
{
    philox4x32_ctr_t w = rng_words(seed, RNG_PURPOSE_RUMOUR_PASS, i, e / 2, 0);
    double u = 1.0 - rng_unit53(w.v[2 * (e % 2)], w.v[2 * (e % 2) + 1]);     /* (0, 1] */
    double t = ceil(log(u) / log1p(-RUMOUR_P));
    return t < 1.0 ? 1u : t > 4e9 ? UINT32_MAX - 1 : (uint32_t)t;
}

/* The 10 agents informed at the start: distinct ids drawn by (seed, k), the same on every rank. */
static void rumour_seed(rumour *r, uint64_t n, uint32_t seed)
{
    uint64_t chosen[RUMOUR_SEEDS] = {0};
    unsigned count = 0;
    for (uint32_t draw = 0; count < RUMOUR_SEEDS && count < n; draw++) {
        philox4x32_ctr_t w = rng_words(seed, RNG_PURPOSE_RUMOUR_SEEDS, draw, 0, 0);
        uint64_t id = rng_below(w.v[0], w.v[1], n);
        int fresh = 1;
        for (unsigned k = 0; k < count; k++) fresh &= chosen[k] != id;
        if (fresh) chosen[count++] = id;
    }
    for (unsigned k = 0; k < count; k++) {
        if (chosen[k] >= r->first && chosen[k] < r->first + r->local) r->informed[chosen[k] - r->first] = 0;
    }
}

/* Room for `need` offers in r->offers (grows; outside the per-agent loop). 0 on success. */
static int rumour_reserve(rumour *r, size_t need)
{
    if (need <= r->offer_cap) return 0;
    size_t cap = need > 2 * r->offer_cap ? need : 2 * r->offer_cap;
    uint64_t *more = realloc(r->offers, cap * sizeof *more);
    if (more == NULL) return -1;
    r->offers = more;
    r->offer_cap = cap;
    return 0;
}

static void offer(rumour *r, uint32_t target, uint32_t time)
{
    uint32_t *t = &r->informed[target - r->first];
    if (time < *t) *t = time;
}

/* One step: the agents informed at step t make their offers; returns 0, or -1 if out of memory. */
static int rumour_step(rumour *r, uint32_t t, uint32_t steps, uint32_t seed, int ranks, int *send_counts,
                       int *send_displs, int *recv_counts, int *recv_displs, MPI_Comm comm, timer_set *timers)
{
    timer_start(timers, TIMER_UPDATE);
    uint32_t fronts = 0;
    for (uint32_t v = 0; v < r->local; v++) if (r->informed[v] == t) r->frontier[fronts++] = v;
    memset(send_counts, 0, (size_t)ranks * sizeof *send_counts);
    size_t remote = 0;
    for (uint32_t f = 0; f < fronts; f++) {
        uint32_t v = r->frontier[f];
        for (unsigned e = 0; e < RUMOUR_M; e++) {
            uint32_t target = r->out[(size_t)v * RUMOUR_M + e];
            if (target == RUMOUR_NO_LINK) continue;
            uint32_t delay = rumour_delay(seed, r->first + v, e);
            if (delay > steps - t) continue;
            if (target >= r->first && target < r->first + r->local) {
                offer(r, target, t + delay);
            } else {
                if (rumour_reserve(r, remote + 1) != 0) return -1;
                r->offers[remote++] = (uint64_t)target << 32 | (t + delay);
                send_counts[partition_owner(r->part, target)]++;
            }
        }
    }
    timer_stop(timers, TIMER_UPDATE);
    if (ranks == 1) return 0;
    timer_start(timers, TIMER_HALO);
    /* group the offers by owner (a counting sort), then one neighbourhood-free all-to-all */
    send_displs[0] = 0;
    for (int q = 1; q < ranks; q++) send_displs[q] = send_displs[q - 1] + send_counts[q - 1];
    if (rumour_reserve(r, 2 * remote + 1) != 0) return -1;
    uint64_t *sorted = r->offers + remote;
    int *at = recv_displs;   /* scratch until the counts come back */
    memcpy(at, send_displs, (size_t)ranks * sizeof *at);
    for (size_t k = 0; k < remote; k++) sorted[at[partition_owner(r->part, (uint32_t)(r->offers[k] >> 32))]++] = r->offers[k];
    MPI_Alltoall(send_counts, 1, MPI_INT, recv_counts, 1, MPI_INT, comm);
    size_t incoming = 0;
    for (int q = 0; q < ranks; q++) {
        recv_displs[q] = (int)incoming;
        incoming += (size_t)recv_counts[q];
    }
    if (rumour_reserve(r, 2 * remote + incoming + 1) != 0) return -1;
    sorted = r->offers + remote;
    uint64_t *received = sorted + remote;
    MPI_Alltoallv(sorted, send_counts, send_displs, MPI_UINT64_T, received, recv_counts, recv_displs, MPI_UINT64_T,
                  comm);
    timer_stop(timers, TIMER_HALO);
    timer_start(timers, TIMER_UPDATE);
    for (size_t k = 0; k < incoming; k++) offer(r, (uint32_t)(received[k] >> 32), (uint32_t)received[k]);
    timer_stop(timers, TIMER_UPDATE);
    return 0;
}

static void rumour_free(void *self)
{
    rumour *r = self;
    if (r == NULL) return;
    free(r->out);
    free(r->informed);
    free(r->frontier);
    free(r->offers);
    free(r->counts);
    free(r);
}

static aiecon_status rumour_setup(void *self, MPI_Comm comm, timer_set *timers, aiecon_error *err)
{
    rumour *r = self;
    int rank;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &r->ranks);
    r->part = (partition){r->n, r->ranks};
    r->first = partition_first(r->part, rank);
    r->local = (uint32_t)partition_count(r->part, rank);
    size_t slots = r->local ? r->local : 1;
    r->out = malloc(slots * RUMOUR_M * sizeof *r->out);
    r->informed = malloc(slots * sizeof *r->informed);
    r->frontier = malloc(slots * sizeof *r->frontier);
    r->counts = malloc(4 * (size_t)r->ranks * sizeof *r->counts);
    aiecon_status rc = r->out && r->informed && r->frontier && r->counts ? AIECON_OK
                       : aiecon_fail(err, AIECON_ERR_RUNTIME, "rumour: out of memory for %u agents", r->local);
    rc = parallel_agree(comm, rc, err);
    if (rc != AIECON_OK) return rc;
    timer_start(timers, TIMER_NETWORK);
    for (uint32_t v = 0; v < r->local; v++) r->informed[v] = RUMOUR_NEVER;
    rumour_build(r, r->n, r->seed);
    rumour_seed(r, r->n, r->seed);
    timer_stop(timers, TIMER_NETWORK);
    return AIECON_OK;
}

/* Step s: the agents informed at time s - 1 pass the rumour on. */
static aiecon_status rumour_advance(void *self, MPI_Comm comm, uint32_t step, timer_set *timers, aiecon_error *err)
{
    rumour *r = self;
    int *c = r->counts;
    int failed = rumour_step(r, step - 1, r->steps, r->seed, r->ranks, c, c + r->ranks, c + 2 * r->ranks,
                             c + 3 * r->ranks, comm, timers);
    r->done = step;
    return parallel_agree(comm, failed ? aiecon_fail(err, AIECON_ERR_RUNTIME, "rumour: out of memory for offers")
                                       : AIECON_OK, err);
}

static aiecon_status rumour_tally(void *self, MPI_Comm comm, aiecon_error *err)
{
    rumour *r = self;
    unsigned long long mine = 0, all = 0;
    for (uint32_t v = 0; v < r->local; v++) mine += r->informed[v] <= r->done;
    int rc = MPI_Allreduce(&mine, &all, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, comm);
    r->informed_total = all;
    r->figure = (double)all;
    return rc == MPI_SUCCESS ? AIECON_OK : aiecon_fail(err, AIECON_ERR_RUNTIME, "rumour: MPI_Allreduce failed");
}

static void rumour_figures(void *self, const double **values)
{
    values[0] = &((rumour *)self)->figure;
}

static const char *const populations[] = {"agents"};
static const model_array arrays[] = {{"informed", MODEL_U32, 0}};
static const output_variable variables_table[] = {{"informed", "agents", "agents informed of the rumour", -1, OUTPUT_STOCK, -1}};

static uint64_t rumour_agents(const void *self, unsigned p)
{
    (void)p;
    return ((const rumour *)self)->n;
}
static void *rumour_array(void *self, unsigned a)
{
    (void)a;
    return ((rumour *)self)->informed;
}
static int rumour_dimensions(const void *self, output_dimension *dims)
{
    (void)self;
    (void)dims;
    return 0;
}
static int rumour_variables(const void *self, const output_variable **vars)
{
    (void)self;
    *vars = variables_table;
    return 1;
}

const model rumour_model = {
    .name = "rumour",
    .populations = populations,
    .population_count = 1,
    .arrays = arrays,
    .array_count = 1,
    .agents = rumour_agents,
    .dimensions = rumour_dimensions,
    .variables = rumour_variables,
    .setup = rumour_setup,
    .array = rumour_array,
    .tally = rumour_tally,
    .step = rumour_advance,
    .figures = rumour_figures,
    .release = rumour_free,
};

aiecon_status rumour_run_create(uint64_t agents, uint32_t steps, uint32_t seed, rumour_run **out, aiecon_error *err)
{
    *out = NULL;
    if (agents <= RUMOUR_M || agents >= RUMOUR_NO_LINK || steps >= RUMOUR_NEVER - 1) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "bench: --kind rumour needs 10 < agents < 4294967295");
    }
    rumour *r = calloc(1, sizeof *r);
    if (r == NULL) return aiecon_fail(err, AIECON_ERR_RUNTIME, "rumour: out of memory");
    r->n = agents;
    r->steps = steps;
    r->seed = seed;
    *out = (rumour_run *)r;
    return AIECON_OK;
}

uint64_t rumour_informed(const rumour_run *run)
{
    return ((const rumour *)run)->informed_total;
}

double rumour_bytes_per_agent(const rumour_run *run, MPI_Comm comm)
{
    const rumour *r = (const rumour *)run;
    double bytes = (double)r->local * (RUMOUR_M + 2) * sizeof(uint32_t) + (double)r->offer_cap * sizeof(uint64_t), total;
    MPI_Allreduce(&bytes, &total, 1, MPI_DOUBLE, MPI_SUM, comm);
    return total / (double)r->n;
}
