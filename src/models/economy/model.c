/* model.c — the AI-economy model on the engine (see models/economy.h).
 *
 * What it does: declares the economy's state to the engine (model.h) — two populations, three
 * per-agent arrays (household_state, business_state, business_roi), two blobs of replicated state
 * (the players, hashed after every step, and the last reduced tally) and its figures (figures.c) —
 * and implements set-up and the step. The step reads top to bottom like docs/ODD.md's process
 * overview, one line per phase; each phase is timed. Why: the driver (driver.c) owns everything
 * that is the same for every model (restart, checkpoints, signals, output), so this file says only
 * what the economy is. Cost per step: two halo exchanges, the two agent loops (the hot part), one
 * MPI_Allreduce of the tally, the replicated players' update (the same on every rank). */
#include "aiecon/models/economy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/halo.h"
#include "aiecon/engine/network.h"
#include "aiecon/engine/parallel.h"
#include "aiecon/engine/reduce.h"
#include "aiecon/models/economy/players/demand.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/invariants.h"
#include "aiecon/models/economy/populations/businesses.h"
#include "aiecon/models/economy/populations/households.h"
#include "figures.h"

/* Everything the run holds; release frees it. */
struct economy_run {
    const scenario *s;                    /* not owned */
    network hh_net, biz_net;
    halo hh_halo, biz_halo;
    households hh;
    businesses biz;
    economy econ;
    offers *offer;
    economy_tally *tally;                 /* reduced, of the last step */
    double *values;                       /* [ECONOMY_FIGURES × ECONOMY_FIGURE_ROW] */
    output_variable vars[ECONOMY_FIGURES];
    const char *names[DIM_COUNT][ECONOMY_DIM_MAX]; /* entries of each dimension */
    char generation_names[ECONOMY_MAX_VINTAGES][OUTPUT_NAME_LEN];
    char account_names[ACCOUNTS_MAX][OUTPUT_NAME_LEN];
    long break_step;                      /* test only: AIECON_TEST_BREAK_INVARIANT, 0 if unset */
    long break_accounts;                  /* test only: AIECON_TEST_BREAK_ACCOUNTS, 0 if unset */
    int have_hh_net, have_biz_net, have_hh_halo, have_biz_halo, have_hh, have_biz, have_econ;
};
typedef economy_run run_state;

static void release(void *self)
{
    run_state *st = self;
    if (st == NULL) return;
    if (st->have_biz) businesses_free(&st->biz);
    if (st->have_hh) households_free(&st->hh);
    if (st->have_biz_halo) halo_free(&st->biz_halo);
    if (st->have_hh_halo) halo_free(&st->hh_halo);
    if (st->have_biz_net) network_free(&st->biz_net);
    if (st->have_hh_net) network_free(&st->hh_net);
    if (st->have_econ) economy_free(&st->econ);
    free(st->offer);
    free(st->tally);
    free(st->values);
    free(st);
}

/* Build both populations and the players. Every failure is agreed across ranks. */
static aiecon_status setup(void *self, MPI_Comm comm, timer_set *timers, aiecon_error *err)
{
    run_state *st = self;
    const scenario *s = st->s;
    st->offer = calloc(1, sizeof *st->offer);
    st->tally = calloc(1, sizeof *st->tally);
    st->values = calloc((size_t)ECONOMY_FIGURES * ECONOMY_FIGURE_ROW, sizeof *st->values);
    aiecon_status rc = st->offer && st->tally && st->values ? AIECON_OK
                       : aiecon_fail(err, AIECON_ERR_RUNTIME, "economy: out of memory");
    rc = parallel_agree(comm, rc, err);
    if (rc == AIECON_OK) rc = parallel_agree(comm, economy_create(s, &st->econ, err), err);
    if (rc != AIECON_OK) return rc;
    st->have_econ = 1;
    economy_offers(s, &st->econ, st->offer);

    timer_start(timers, TIMER_NETWORK);
    network_params hp = {.agents = scenario_household_agents(s), .degree = s->households.network.degree,
                         .rewire = s->households.network.rewire, .seed = s->run.seed,
                         .purpose = RNG_PURPOSE_NETWORK_HOUSEHOLDS};
    rc = network_build(&hp, comm, &st->hh_net, err);
    if (rc != AIECON_OK) return rc;
    st->have_hh_net = 1;
    rc = parallel_agree(comm, halo_create(&st->hh_net, comm, 1, &st->hh_halo, err), err);
    if (rc != AIECON_OK) return rc;
    st->have_hh_halo = 1;
    network_params bp = {.agents = scenario_business_agents(s), .degree = s->businesses.network.degree,
                         .rewire = s->businesses.network.rewire, .seed = s->run.seed,
                         .purpose = RNG_PURPOSE_NETWORK_BUSINESSES};
    rc = network_build(&bp, comm, &st->biz_net, err);
    if (rc != AIECON_OK) return rc;
    st->have_biz_net = 1;
    rc = parallel_agree(comm, halo_create(&st->biz_net, comm, 1, &st->biz_halo, err), err);
    if (rc != AIECON_OK) return rc;
    st->have_biz_halo = 1;
    timer_stop(timers, TIMER_NETWORK);

    timer_start(timers, TIMER_SETUP);
    rc = parallel_agree(comm, households_create_economy(s, &st->hh_net, st->offer, &st->hh, err), err);
    if (rc != AIECON_OK) return rc;
    st->have_hh = 1;
    rc = parallel_agree(comm, businesses_create(s, &st->biz_net, st->offer, &st->biz, err), err);
    if (rc != AIECON_OK) return rc;
    st->have_biz = 1;
    timer_stop(timers, TIMER_SETUP);
    return AIECON_OK;
}


/* ---- the step, phase by phase ---- */

/* 1. The labs post their offers: prices, quality, capacity rationing (replicated players). */
static void post_offers(run_state *st, timer_set *timers)
{
    timer_start(timers, TIMER_PLAYERS);
    economy_offers(st->s, &st->econ, st->offer);
    timer_stop(timers, TIMER_PLAYERS);
}

/* 2. Every agent's neighbours' state of the last step, from the ranks that own them (halo). */
static aiecon_status see_neighbours(run_state *st, timer_set *timers, aiecon_error *err)
{
    timer_start(timers, TIMER_HALO);
    aiecon_status rc = halo_exchange(&st->hh_halo, st->hh.adopted, 1, st->hh.local, err);
    if (rc == AIECON_OK) rc = halo_exchange(&st->biz_halo, st->biz.state, 1, st->biz.local, err);
    timer_stop(timers, TIMER_HALO);
    return rc;
}

/* 3–4. Households and firms adopt, choose a lab, pay or go to production, churn (the hot loops). */
static void agents_decide(run_state *st, uint32_t step, timer_set *timers)
{
    timer_start(timers, TIMER_UPDATE);
    memset(st->tally, 0, sizeof *st->tally);
    households_step(&st->hh, &st->hh_net, st->offer, st->s->run.seed, step, st->tally);
    businesses_step(&st->biz, &st->biz_net, st->offer, st->s->run.seed, step, st->tally);
    households_swap(&st->hh);
    businesses_swap(&st->biz);
    timer_stop(timers, TIMER_UPDATE);
}

/* The demand the players see: the agents' tallies summed exactly over ranks. */
static aiecon_status count_demand(run_state *st, MPI_Comm comm, timer_set *timers, aiecon_error *err)
{
    _Static_assert(sizeof(economy_tally) % sizeof(int64_t) == 0, "economy_tally must be a plain array of int64");
    timer_start(timers, TIMER_REDUCE);
    aiecon_status rc = reduce_sum(&st->tally->hh_total[0], sizeof *st->tally / sizeof(int64_t), comm, err);
    timer_stop(timers, TIMER_REDUCE);
    return rc;
}

/* 5–10. Labs, clouds, chipmakers, grids and investors settle the month (replicated players).
 * AIECON_TEST_BREAK_INVARIANT=STEP, for tests only, then spoils lab 0's served share at that step
 * so that --check must catch it; AIECON_TEST_BREAK_ACCOUNTS=STEP gives cloud 0 1000 USD outside the
 * ledger at that step, which the stock-flow check must catch (accounts.h). */
static void players_settle(run_state *st, uint32_t step, timer_set *timers)
{
    timer_start(timers, TIMER_PLAYERS);
    economy_step(st->s, &st->econ, step, st->tally);
    timer_stop(timers, TIMER_PLAYERS);
    if (st->break_step == (long)step) st->econ.lab[0].served_share = 1.5;
    if (st->break_accounts == (long)step) st->econ.cloud[0].cash += 1000.0;
}

static aiecon_status step(void *self, MPI_Comm comm, uint32_t step, timer_set *timers, aiecon_error *err)
{
    run_state *st = self;
    post_offers(st, timers);
    aiecon_status rc = see_neighbours(st, timers, err);
    if (rc != AIECON_OK) return rc;
    agents_decide(st, step, timers);
    rc = count_demand(st, comm, timers, err);
    if (rc != AIECON_OK) return rc;
    players_settle(st, step, timers);
    return AIECON_OK;
}

/* Record 0: the tally of the initial state, before any step. */
static aiecon_status tally(void *self, MPI_Comm comm, aiecon_error *err)
{
    run_state *st = self;
    memset(st->tally, 0, sizeof *st->tally);
    unsigned choices = st->s->lab_count + (demand_open_offered(st->s) ? 1u : 0u);   /* labs, open weights */
    households_count_economy(&st->hh, choices, st->tally);
    businesses_count(&st->biz, choices, st->tally);
    return reduce_sum(&st->tally->hh_total[0], sizeof *st->tally / sizeof(int64_t), comm, err);
}

/* --check: the players' invariants and the step's figures (the same verdict on every rank: the
 * players are replicated and were just compared by hash). */
static aiecon_status check(void *self, uint32_t step, aiecon_error *err)
{
    run_state *st = self;
    aiecon_status rc = invariants_check_economy(st->s, &st->econ, step, err);
    figure_view view = {st->s, &st->econ, st->tally};
    return rc == AIECON_OK ? economy_figures_check(&view, step, err) : rc;
}

static void figures(void *self, const double **values)
{
    run_state *st = self;
    figure_view view = {st->s, &st->econ, st->tally};
    economy_figures_fill(&view, st->values, values);
}

/* ---- declarations ---- */

enum { POP_HOUSEHOLDS, POP_BUSINESSES };
static const char *const populations[] = {"households", "businesses"};
static const model_array arrays[] = {
    {"household_state", MODEL_U8, POP_HOUSEHOLDS},
    {"business_state", MODEL_U8, POP_BUSINESSES},
    {"business_roi", MODEL_F32, POP_BUSINESSES},
};

static uint64_t agents(const void *self, unsigned p)
{
    const run_state *st = self;
    return p == POP_HOUSEHOLDS ? scenario_household_agents(st->s) : scenario_business_agents(st->s);
}

static void *array(void *self, unsigned a)
{
    run_state *st = self;
    return a == 0 ? (void *)st->hh.adopted : a == 1 ? (void *)st->biz.state : (void *)st->biz.roi;
}

static int dimensions(const void *self, output_dimension *dims)
{
    const run_state *st = self;
    static const char *const names[DIM_COUNT] = {"region", "lab", "cloud", "chipmaker", "generation",
                                                 "sector", "account", "instrument", "flow"};
    for (int d = 0; d < DIM_COUNT; d++) {
        dims[d] = (output_dimension){names[d], economy_dimension_size(st->s, d), st->names[d]};
    }
    return DIM_COUNT;
}

static int variables(const void *self, const output_variable **vars)
{
    *vars = ((const run_state *)self)->vars;
    return ECONOMY_FIGURES;
}

static size_t players_size(const void *self)
{
    const run_state *st = self;
    return economy_snapshot_size(st->s, &st->econ);
}
static void players_pack(const void *self, unsigned char *buf)
{
    const run_state *st = self;
    economy_snapshot_pack(st->s, &st->econ, buf);
}
static aiecon_status players_unpack(void *self, const unsigned char *buf, size_t size, const char *path,
                                    aiecon_error *err)
{
    run_state *st = self;
    return economy_snapshot_unpack(st->s, &st->econ, buf, size, path, err);
}
static uint64_t players_hash(const void *self) { return economy_hash(&((const run_state *)self)->econ); }

static size_t tally_size(const void *self) { (void)self; return sizeof(economy_tally); }
static void tally_pack(const void *self, unsigned char *buf)
{
    memcpy(buf, ((const run_state *)self)->tally, sizeof(economy_tally));
}
static aiecon_status tally_unpack(void *self, const unsigned char *buf, size_t size, const char *path,
                                  aiecon_error *err)
{
    if (size != sizeof(economy_tally)) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: tally of %zu bytes, expected %zu", path,
                           size, sizeof(economy_tally));
    }
    memcpy(((run_state *)self)->tally, buf, size);
    return AIECON_OK;
}

static const model_blob blobs[] = {
    {"players", players_size, players_pack, players_unpack, players_hash},
    {"tally", tally_size, tally_pack, tally_unpack, NULL},
};

const model economy_model = {
    .name = "economy",
    .populations = populations,
    .population_count = 2,
    .arrays = arrays,
    .array_count = 3,
    .blobs = blobs,
    .blob_count = 2,
    .agents = agents,
    .dimensions = dimensions,
    .variables = variables,
    .layout = economy_snapshot_layout,
    .setup = setup,
    .array = array,
    .tally = tally,
    .step = step,
    .check = check,
    .figures = figures,
    .release = release,
};

aiecon_status economy_run_create(const scenario *s, economy_run **out, aiecon_error *err)
{
    run_state *st = calloc(1, sizeof *st);
    *out = st;
    if (st == NULL) return aiecon_fail(err, AIECON_ERR_RUNTIME, "economy: out of memory");
    st->s = s;
    economy_figures_declare(st->vars);
    for (unsigned i = 0; i < s->region_count; i++) st->names[DIM_REGION][i] = s->regions[i].name;
    for (unsigned i = 0; i < s->lab_count; i++) st->names[DIM_LAB][i] = s->labs[i].name;
    for (unsigned i = 0; i < s->cloud_count; i++) st->names[DIM_CLOUD][i] = s->clouds[i].name;
    for (unsigned i = 0; i < s->chipmaker_count; i++) st->names[DIM_CHIPMAKER][i] = s->chipmakers[i].name;
    for (unsigned i = 0; i < s->businesses.sector_count; i++) st->names[DIM_SECTOR][i] = s->businesses.sectors[i].name;
    for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) {
        economy_generation_name(s->run.start, v, st->generation_names[v], OUTPUT_NAME_LEN);
        st->names[DIM_GENERATION][v] = st->generation_names[v];
    }
    for (unsigned a = 0; a < economy_dimension_size(s, DIM_ACCOUNT); a++) {
        accounts_name(s, a, st->account_names[a], OUTPUT_NAME_LEN);
        st->names[DIM_ACCOUNT][a] = st->account_names[a];
    }
    for (unsigned i = 0; i < INSTRUMENT_COUNT; i++) st->names[DIM_INSTRUMENT][i] = accounts_instrument_name(i);
    for (unsigned f = 0; f < ACCOUNTS_FLOW_ROWS; f++) st->names[DIM_FLOW][f] = accounts_flow_name(f);
    const char *spoil = getenv("AIECON_TEST_BREAK_INVARIANT");
    st->break_step = spoil != NULL ? atol(spoil) : 0;
    const char *leak = getenv("AIECON_TEST_BREAK_ACCOUNTS");
    st->break_accounts = leak != NULL ? atol(leak) : 0;
    return AIECON_OK;
}
