/* model.c — the Bass diffusion model on the engine (see models/diffusion.h).
 *
 * What it does: declares one population (households), one per-agent array (household_state), one
 * blob (the last reduced tally, so that a restart into a new file can write the restored step's
 * record) and four figures per region; its step is the paper's Bass step, one line per phase:
 * halo exchange of the previous state → the household update (the hot loop) → one exact integer
 * reduction. Why a model of its own: it validates the engine against the Bass curve (bass_fit),
 * with nothing of the AI economy in the way. Cost per step: one halo exchange, one pass over the
 * local agents, one MPI_Allreduce of 3 × SCENARIO_MAX_REGIONS int64. */
#include "aiecon/models/diffusion.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/halo.h"
#include "aiecon/engine/network.h"
#include "aiecon/engine/parallel.h"
#include "aiecon/models/economy/players/invariants.h"
#include "aiecon/models/economy/populations/households.h"

enum { DIFFUSION_VARIABLES = 4 };

static const output_variable variables_table[DIFFUSION_VARIABLES] = {
    {"households_adopted", "1", "weighted share of households that have adopted AI", 0, OUTPUT_STOCK, -1},
    {"households_adopted_count", "households", "households that have adopted AI", 0, OUTPUT_STOCK, -1},
    {"households_adopters", "households/month", "households that adopted AI during the month", 0, OUTPUT_FLOW, -1},
    {"households_total", "households", "households represented", 0, OUTPUT_STOCK, -1},
};

/* Everything a run holds; release frees it. */
struct diffusion_run {
    const scenario *s;               /* not owned */
    network net;
    halo hal;
    households hh;
    households_tally tally;          /* reduced, of the last step */
    double values[DIFFUSION_VARIABLES][SCENARIO_MAX_REGIONS];
    const char *regions[SCENARIO_MAX_REGIONS];
    bool have_net, have_halo, have_households;
};

static void release(void *self)
{
    diffusion_run *st = self;
    if (st == NULL) return;
    if (st->have_households) households_free(&st->hh);
    if (st->have_halo) halo_free(&st->hal);
    if (st->have_net) network_free(&st->net);
    free(st);
}

/* One household population on its network. Every failure is agreed across ranks. */
static aiecon_status setup(void *self, MPI_Comm comm, timer_set *timers, aiecon_error *err)
{
    diffusion_run *st = self;
    const scenario *s = st->s;
    timer_start(timers, TIMER_NETWORK);
    network_params np = {.agents = scenario_household_agents(s), .degree = s->households.network.degree,
                         .rewire = s->households.network.rewire, .seed = s->run.seed,
                         .purpose = RNG_PURPOSE_NETWORK_HOUSEHOLDS};
    aiecon_status rc = network_build(&np, comm, &st->net, err);
    if (rc != AIECON_OK) return rc;
    st->have_net = true;
    rc = parallel_agree(comm, halo_create(&st->net, comm, 1, &st->hal, err), err);
    if (rc != AIECON_OK) return rc;
    st->have_halo = true;
    timer_stop(timers, TIMER_NETWORK);

    timer_start(timers, TIMER_SETUP);
    rc = parallel_agree(comm, households_create(s, &st->net, &st->hh, err), err);
    if (rc != AIECON_OK) return rc;
    st->have_households = true;
    timer_stop(timers, TIMER_SETUP);
    return AIECON_OK;
}

static aiecon_status step(void *self, MPI_Comm comm, uint32_t step, timer_set *timers, aiecon_error *err)
{
    diffusion_run *st = self;
    const scenario *s = st->s;
    timer_start(timers, TIMER_HALO);                                   /* neighbours' last state */
    aiecon_status rc = halo_exchange(&st->hal, st->hh.adopted, 1, st->hh.local, err);
    timer_stop(timers, TIMER_HALO);
    if (rc != AIECON_OK) return rc;
    timer_start(timers, TIMER_UPDATE);                                 /* the Bass step of every household */
    households_adopt(&st->hh, &st->net, s->households.bass_p, s->households.bass_q, s->run.seed, step, &st->tally);
    households_swap(&st->hh);
    timer_stop(timers, TIMER_UPDATE);
    timer_start(timers, TIMER_REDUCE);                                 /* exact global tally */
    rc = households_reduce(&st->tally, comm, err);
    timer_stop(timers, TIMER_REDUCE);
    return rc;
}

/* Record 0: the initial state. */
static aiecon_status tally(void *self, MPI_Comm comm, aiecon_error *err)
{
    diffusion_run *st = self;
    households_count(&st->hh, &st->tally);
    return households_reduce(&st->tally, comm, err);
}

/* --check: every region's adopted share is in [0, 1]. */
static aiecon_status check(void *self, uint32_t step, aiecon_error *err)
{
    diffusion_run *st = self;
    aiecon_status rc = AIECON_OK;
    for (unsigned r = 0; rc == AIECON_OK && r < st->s->region_count; r++) {
        rc = invariants_check_share(households_adopted_share(&st->tally, r), "households_adopted",
                                    st->s->regions[r].name, step, err);
    }
    return rc;
}

static void figures(void *self, const double **values)
{
    diffusion_run *st = self;
    const households_tally *t = &st->tally;
    for (unsigned r = 0; r < st->s->region_count; r++) {
        st->values[0][r] = households_adopted_share(t, r);
        st->values[1][r] = (double)t->adopted[r];
        st->values[2][r] = (double)t->adopters[r];
        st->values[3][r] = (double)t->total[r];
    }
    for (int v = 0; v < DIFFUSION_VARIABLES; v++) values[v] = st->values[v];
}

/* ---- declarations ---- */

static const char *const populations[] = {"households"};
static const model_array arrays[] = {{"household_state", MODEL_U8, 0}};

static uint64_t agents(const void *self, unsigned p)
{
    (void)p;
    return scenario_household_agents(((const diffusion_run *)self)->s);
}

static void *array(void *self, unsigned a)
{
    (void)a;
    return ((diffusion_run *)self)->hh.adopted;
}

static int dimensions(const void *self, output_dimension *dims)
{
    const diffusion_run *st = self;
    dims[0] = (output_dimension){"region", st->s->region_count, st->regions};
    return 1;
}

static int variables(const void *self, const output_variable **vars)
{
    (void)self;
    *vars = variables_table;
    return DIFFUSION_VARIABLES;
}

static size_t tally_size(const void *self) { (void)self; return sizeof(households_tally); }
static void tally_pack(const void *self, unsigned char *buf)
{
    memcpy(buf, &((const diffusion_run *)self)->tally, sizeof(households_tally));
}
static aiecon_status tally_unpack(void *self, const unsigned char *buf, size_t size, const char *path,
                                  aiecon_error *err)
{
    if (size != sizeof(households_tally)) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: tally of %zu bytes, expected %zu", path,
                           size, sizeof(households_tally));
    }
    memcpy(&((diffusion_run *)self)->tally, buf, size);
    return AIECON_OK;
}

static void layout(char *buf, size_t size)
{
    snprintf(buf, size, "households_tally=%zu", sizeof(households_tally));
}

static const model_blob blobs[] = {{"tally", tally_size, tally_pack, tally_unpack, NULL}};

const model diffusion_model = {
    .name = "diffusion",
    .populations = populations,
    .population_count = 1,
    .arrays = arrays,
    .array_count = 1,
    .blobs = blobs,
    .blob_count = 1,
    .agents = agents,
    .dimensions = dimensions,
    .variables = variables,
    .layout = layout,
    .setup = setup,
    .array = array,
    .tally = tally,
    .step = step,
    .check = check,
    .figures = figures,
    .release = release,
};

aiecon_status diffusion_run_create(const scenario *s, diffusion_run **out, aiecon_error *err)
{
    diffusion_run *st = calloc(1, sizeof *st);
    *out = st;
    if (st == NULL) return aiecon_fail(err, AIECON_ERR_RUNTIME, "diffusion: out of memory");
    st->s = s;
    for (unsigned r = 0; r < s->region_count; r++) st->regions[r] = s->regions[r].name;
    return AIECON_OK;
}

double diffusion_record_values(const scenario *s)
{
    return (double)DIFFUSION_VARIABLES * s->region_count;
}
