/* sim_economy.c — the full AI-economy run (see sim_economy.h).
 *
 * One step, in the order of DESIGN.md section 3: the labs' offers (economy_offers) → the halo
 * exchange of both populations' previous state → households and businesses decide (the hot loops)
 * → one exact integer reduction of their tallies → the replicated players (economy_step) → a check
 * that every rank holds the same players (hash, one MPI_Allreduce) → the step's figures.
 * The output variables are a table of (name, units, long name, dimension, getter), so a new
 * figure is one line. Every communication and phase is timed. Restart, checkpoints and stopping
 * on a signal are sim_segment's: this file only describes its state to it (run_view). */
#include "aiecon/sim_economy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/populations/businesses.h"
#include "aiecon/players/economy.h"
#include "aiecon/players/invariants.h"
#include "aiecon/populations/halo.h"
#include "aiecon/populations/households.h"
#include "aiecon/players/labs.h"
#include "aiecon/populations/market.h"
#include "aiecon/populations/network.h"
#include "aiecon/io/output.h"
#include "aiecon/core/parallel.h"
#include "aiecon/progress.h"
#include "aiecon/sim_segment.h"
#include "aiecon/version.h"

enum { DIM_REGION, DIM_LAB, DIM_CLOUD, DIM_CHIPMAKER, DIM_COUNT };

typedef struct figure_view {
    const scenario *s;
    const economy *e;
    const economy_tally *t;
} figure_view;

typedef double (*figure_getter)(const figure_view *v, unsigned i);
typedef struct figure {
    output_variable var;
    figure_getter get;
} figure;

/* ---- getters: one figure each (i indexes the variable's dimension) ---- */
static double share(int64_t part, int64_t whole) { return whole > 0 ? (double)part / (double)whole : 0.0; }
static double g_hh_adopted(const figure_view *v, unsigned r) { return share(v->t->hh_adopted[r], v->t->hh_total[r]); }
static double g_hh_users(const figure_view *v, unsigned r) { return (double)v->t->hh_adopted[r]; }
static double g_biz_adopted(const figure_view *v, unsigned r)
{
    int64_t a = 0, n = 0;
    for (unsigned k = 0; k < SCENARIO_MAX_SIZES; k++) {
        a += v->t->biz_adopted[r][k];
        n += v->t->biz_total[r][k];
    }
    return share(a, n);
}
static double g_dc_power(const figure_view *v, unsigned r) { return v->e->grid[r].load_mw; }
static double g_grid_power(const figure_view *v, unsigned r) { return v->e->grid[r].power_mw; }
static double g_elec_price(const figure_view *v, unsigned r) { return v->e->grid[r].price_usd_per_mwh; }
static double g_lab_revenue(const figure_view *v, unsigned l) { return v->e->lab[l].revenue; }
static double g_lab_costs(const figure_view *v, unsigned l) { return v->e->lab[l].costs; }
static double g_lab_commit(const figure_view *v, unsigned l) { return labs_commitments(v->e, l, v->e->step); }
static double g_lab_cash(const figure_view *v, unsigned l) { return v->e->lab[l].cash; }
static double g_lab_debt(const figure_view *v, unsigned l) { return v->e->lab[l].debt; }
static double g_lab_equity(const figure_view *v, unsigned l) { return v->e->lab[l].equity_raised; }
static double g_lab_valuation(const figure_view *v, unsigned l) { return v->e->lab[l].valuation; }
static double g_lab_default(const figure_view *v, unsigned l) { return v->e->lab[l].defaulted; }
static double g_lab_users(const figure_view *v, unsigned l) { return v->e->lab[l].users; }
static double g_lab_paid(const figure_view *v, unsigned l) { return v->e->lab[l].paid_users; }
static double g_lab_firms(const figure_view *v, unsigned l) { return v->e->lab[l].business_users; }
static double g_lab_quality(const figure_view *v, unsigned l) { return v->e->lab[l].quality; }
static double g_lab_capacity(const figure_view *v, unsigned l) { return v->e->lab[l].capacity_mw; }
static double g_lab_served(const figure_view *v, unsigned l) { return v->e->lab[l].served_share; }
static double g_lab_tokens(const figure_view *v, unsigned l) { return v->e->lab[l].tokens_mtok; }
static double g_lab_sub(const figure_view *v, unsigned l) { return v->e->lab[l].subscription_usd; }
static double g_lab_api(const figure_view *v, unsigned l) { return v->e->lab[l].api_usd_per_mtok; }
static double g_cloud_capacity(const figure_view *v, unsigned k) { return v->e->cloud[k].capacity_mw; }
static double g_cloud_building(const figure_view *v, unsigned k) { return v->e->cloud[k].building_mw; }
static double g_cloud_default(const figure_view *v, unsigned k) { return v->e->cloud[k].defaulted; }
static double g_cloud_cash(const figure_view *v, unsigned k) { return v->e->cloud[k].cash; }
static double g_cloud_debt(const figure_view *v, unsigned k) { return v->e->cloud[k].debt; }
static double g_cloud_revenue(const figure_view *v, unsigned k) { return v->e->cloud[k].revenue; }
static double g_cloud_capex(const figure_view *v, unsigned k) { return v->e->cloud[k].capex; }
static double g_cloud_losses(const figure_view *v, unsigned k) { return v->e->cloud[k].losses; }
static double g_cloud_lease(const figure_view *v, unsigned k) { return v->e->cloud[k].lease_usd_per_mw_month; }
static double g_chip_price(const figure_view *v, unsigned m) { return v->e->chip[m].price_usd; }
static double g_chip_ship(const figure_view *v, unsigned m) { return v->e->chip[m].shipments; }
static double g_chip_revenue(const figure_view *v, unsigned m) { return v->e->chip[m].revenue; }
static double g_chip_backlog(const figure_view *v, unsigned m) { return v->e->chip[m].backlog_units; }
static double g_chip_cash(const figure_view *v, unsigned m) { return v->e->chip[m].cash; }
static double g_chip_cost(const figure_view *v, unsigned m) { return v->e->chip[m].unit_cost_usd; }
/* rental price of one accelerator-hour: lease per MW-month over the chips in a MW and 720 h */
static double g_gpu_hour(const figure_view *v, unsigned k)
{
    double units = 0.0;
    for (unsigned m = 0; m < v->s->chipmaker_count; m++) {
        units += v->s->chipmakers[m].market_share * v->s->chipmakers[m].units_per_mw;
    }
    return units > 0 ? v->e->cloud[k].lease_usd_per_mw_month / (units * 720.0) : 0.0;
}
static double g_sentiment(const figure_view *v, unsigned i) { (void)i; return v->e->investors.sentiment; }
static double g_equity(const figure_view *v, unsigned i) { (void)i; return v->e->investors.equity_supply_usd; }
static double g_spread(const figure_view *v, unsigned i) { (void)i; return v->e->investors.spread; }
static double g_residual(const figure_view *v, unsigned i) { (void)i; return v->e->accounting_residual; }

static const figure figures[] = {
    {{"households_adopted", "1", "weighted share of households using AI", DIM_REGION}, g_hh_adopted},
    {{"households_users", "households", "households using AI", DIM_REGION}, g_hh_users},
    {{"businesses_adopted", "1", "weighted share of firms using AI (pilot or production)", DIM_REGION}, g_biz_adopted},
    {{"dc_power", "MW", "power drawn by data centres", DIM_REGION}, g_dc_power},
    {{"grid_dc_power_available", "MW", "power the grid can give data centres", DIM_REGION}, g_grid_power},
    {{"electricity_price", "USD/MWh", "electricity price for data centres", DIM_REGION}, g_elec_price},
    {{"lab_revenue", "USD/month", "revenue of the lab in the month", DIM_LAB}, g_lab_revenue},
    {{"lab_costs", "USD/month", "contract payments, opex and interest due in the month", DIM_LAB}, g_lab_costs},
    {{"lab_commitments", "USD", "remaining contracted compute payments", DIM_LAB}, g_lab_commit},
    {{"lab_cash", "USD", "cash of the lab", DIM_LAB}, g_lab_cash},
    {{"lab_debt", "USD", "debt of the lab", DIM_LAB}, g_lab_debt},
    {{"lab_equity_raised", "USD", "equity raised since the start", DIM_LAB}, g_lab_equity},
    {{"lab_valuation", "USD", "valuation of the lab", DIM_LAB}, g_lab_valuation},
    {{"lab_default", "1", "1 once the lab has defaulted", DIM_LAB}, g_lab_default},
    {{"lab_users", "people", "people using the lab's assistant", DIM_LAB}, g_lab_users},
    {{"lab_paid_users", "people", "people paying a subscription to the lab", DIM_LAB}, g_lab_paid},
    {{"lab_business_users", "firms", "firms using the lab's API (pilot or production)", DIM_LAB}, g_lab_firms},
    {{"lab_quality", "1", "capability index of the lab's model (1 = reference)", DIM_LAB}, g_lab_quality},
    {{"lab_capacity", "MW", "compute capacity the lab has in service", DIM_LAB}, g_lab_capacity},
    {{"lab_served_share", "1", "share of inference demand the lab could serve", DIM_LAB}, g_lab_served},
    {{"lab_tokens", "1e6 tokens/month", "tokens demanded from the lab", DIM_LAB}, g_lab_tokens},
    {{"lab_subscription_price", "USD/month", "consumer subscription price", DIM_LAB}, g_lab_sub},
    {{"lab_api_price", "USD/(1e6 tokens)", "API price per million tokens", DIM_LAB}, g_lab_api},
    {{"cloud_capacity", "MW", "AI capacity in service", DIM_CLOUD}, g_cloud_capacity},
    {{"cloud_building", "MW", "AI capacity under construction or waiting for chips or power", DIM_CLOUD},
     g_cloud_building},
    {{"cloud_default", "1", "1 once the cloud has defaulted", DIM_CLOUD}, g_cloud_default},
    {{"cloud_cash", "USD", "cash of the cloud", DIM_CLOUD}, g_cloud_cash},
    {{"cloud_debt", "USD", "debt of the cloud", DIM_CLOUD}, g_cloud_debt},
    {{"cloud_revenue", "USD/month", "contract payments received from labs", DIM_CLOUD}, g_cloud_revenue},
    {{"cloud_capex", "USD/month", "capital spending on chips and construction", DIM_CLOUD}, g_cloud_capex},
    {{"cloud_losses", "USD", "contracted payments lost to lab defaults, cumulative", DIM_CLOUD}, g_cloud_losses},
    {{"cloud_lease_price", "USD/(MW month)", "price of capacity for new contracts", DIM_CLOUD}, g_cloud_lease},
    {{"cloud_gpu_hour_price", "USD/h", "rental price of one accelerator for an hour", DIM_CLOUD}, g_gpu_hour},
    {{"chip_price", "USD", "price of one accelerator", DIM_CHIPMAKER}, g_chip_price},
    {{"chip_unit_cost", "USD", "cost of producing one accelerator", DIM_CHIPMAKER}, g_chip_cost},
    {{"chip_shipments", "units/month", "accelerators shipped", DIM_CHIPMAKER}, g_chip_ship},
    {{"chip_revenue", "USD/month", "revenue from accelerators", DIM_CHIPMAKER}, g_chip_revenue},
    {{"chip_backlog", "units", "accelerators ordered, not yet shipped", DIM_CHIPMAKER}, g_chip_backlog},
    {{"chip_cash", "USD", "cash of the chipmaker", DIM_CHIPMAKER}, g_chip_cash},
    {{"investor_sentiment", "1", "investor sentiment (1 = neutral)", -1}, g_sentiment},
    {{"equity_supply", "USD/month", "equity investors offer labs in the month", -1}, g_equity},
    {{"credit_spread", "1/year", "credit spread over the risk-free rate", -1}, g_spread},
    {{"accounting_residual", "USD", "stock-flow accounting residual of the step (0 up to rounding)", -1},
     g_residual},
};
enum { FIGURES = sizeof figures / sizeof figures[0] };

/* Everything the run holds; sim_economy_release frees it. */
typedef struct run_state {
    network hh_net, biz_net;
    halo hh_halo, biz_halo;
    households hh;
    businesses biz;
    economy econ;
    offers *offer;
    economy_tally *tally;
    output *out;
    double *values;                       /* [FIGURES × largest dimension] */
    uint32_t record_base;                 /* the output record of step t is t - record_base */
    int check;                            /* assert the invariants every step (--check) */
    long break_step;                      /* test only: AIECON_TEST_BREAK_INVARIANT, 0 if unset */
    int have_hh_net, have_biz_net, have_hh_halo, have_biz_halo, have_hh, have_biz, have_econ;
} run_state;

static void release(run_state *st)
{
    if (st->out != NULL) output_abort(st->out);
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
}

/* Build both populations and the players. Every failure is agreed across ranks. */
static aiecon_status setup(MPI_Comm comm, const scenario *s, run_state *st, timer_set *timers, aiecon_error *err)
{
    st->offer = calloc(1, sizeof *st->offer);
    st->tally = calloc(1, sizeof *st->tally);
    st->values = calloc((size_t)FIGURES * SCENARIO_MAX_LABS, sizeof *st->values);
    aiecon_status rc = st->offer && st->tally && st->values ? AIECON_OK
                       : aiecon_fail(err, AIECON_ERR_RUNTIME, "sim: out of memory");
    rc = parallel_agree(comm, rc, err);
    if (rc == AIECON_OK) rc = parallel_agree(comm, economy_create(s, &st->econ, err), err);
    if (rc != AIECON_OK) return rc;
    st->have_econ = 1;
    economy_offers(s, &st->econ, st->offer);

    timer_start(timers, TIMER_NETWORK);
    network_params hp = {scenario_household_agents(s), s->households.network.degree, s->households.network.rewire,
                         s->run.seed, RNG_PURPOSE_NETWORK_HOUSEHOLDS};
    rc = network_build(&hp, comm, &st->hh_net, err);
    if (rc != AIECON_OK) return rc;
    st->have_hh_net = 1;
    rc = parallel_agree(comm, halo_create(&st->hh_net, comm, 1, &st->hh_halo, err), err);
    if (rc != AIECON_OK) return rc;
    st->have_hh_halo = 1;
    network_params bp = {scenario_business_agents(s), s->businesses.network.degree, s->businesses.network.rewire,
                         s->run.seed, RNG_PURPOSE_NETWORK_BUSINESSES};
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

static aiecon_status open_output(MPI_Comm comm, const sim_options *o, const scenario *s, run_state *st,
                                 sim_segment *seg, int *write_first, aiecon_error *err)
{
    int ranks;
    MPI_Comm_size(comm, &ranks);
    char *yaml = scenario_to_yaml(s, err);
    aiecon_status rc = parallel_agree(comm, yaml != NULL ? AIECON_OK : AIECON_ERR_RUNTIME, err);
    if (rc != AIECON_OK) return rc;
    const char *regions[SCENARIO_MAX_REGIONS], *labs[SCENARIO_MAX_LABS], *clouds[SCENARIO_MAX_CLOUDS],
        *chips[SCENARIO_MAX_CHIPMAKERS];
    for (unsigned i = 0; i < s->region_count; i++) regions[i] = s->regions[i].name;
    for (unsigned i = 0; i < s->lab_count; i++) labs[i] = s->labs[i].name;
    for (unsigned i = 0; i < s->cloud_count; i++) clouds[i] = s->clouds[i].name;
    for (unsigned i = 0; i < s->chipmaker_count; i++) chips[i] = s->chipmakers[i].name;
    output_dimension dims[DIM_COUNT] = {{"region", s->region_count, regions}, {"lab", s->lab_count, labs},
                                        {"cloud", s->cloud_count, clouds},
                                        {"chipmaker", s->chipmaker_count, chips}};
    output_variable vars[FIGURES];
    for (int v = 0; v < FIGURES; v++) vars[v] = figures[v].var;
    output_provenance prov = {s->title, "aiecon " AIECON_VERSION " (git " AIECON_GIT_REVISION ")", o->command_line,
                              yaml, s->run.start, s->run.seed, ranks, NULL, NULL};
    rc = sim_segment_open_output(seg, &prov, dims, DIM_COUNT, vars, FIGURES, &st->out, write_first, err);
    free(yaml);
    return rc;
}

static unsigned dimension_size(const scenario *s, int dim)
{
    switch (dim) {
    case DIM_REGION: return s->region_count;
    case DIM_LAB: return s->lab_count;
    case DIM_CLOUD: return s->cloud_count;
    case DIM_CHIPMAKER: return s->chipmaker_count;
    default: return 1;
    }
}

double sim_economy_record_values(const scenario *s)
{
    double n = 0;
    for (int v = 0; v < FIGURES; v++) n += dimension_size(s, figures[v].var.dimension);
    return n;
}

static aiecon_status write_figures(const scenario *s, run_state *st, uint32_t step, aiecon_error *err)
{
    figure_view view = {s, &st->econ, st->tally};
    const double *values[FIGURES];
    for (int v = 0; v < FIGURES; v++) {
        double *row = st->values + (size_t)v * SCENARIO_MAX_LABS;
        unsigned n = dimension_size(s, figures[v].var.dimension);
        for (unsigned i = 0; i < n; i++) row[i] = figures[v].get(&view, i);
        values[v] = row;
    }
    return output_write_step(st->out, step - st->record_base, 30.0 * step, values, err);
}

/* Collective: the replicated players must be identical on every rank. */
static aiecon_status check_replicated(MPI_Comm comm, const economy *e, uint32_t step, aiecon_error *err)
{
    unsigned long long h = economy_hash(e), lo, hi;
    MPI_Allreduce(&h, &lo, 1, MPI_UNSIGNED_LONG_LONG, MPI_MIN, comm);
    MPI_Allreduce(&h, &hi, 1, MPI_UNSIGNED_LONG_LONG, MPI_MAX, comm);
    if (lo != hi) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "sim: replicated players differ between ranks after step %u "
                           "(hash %016llx vs %016llx)", step, lo, hi);
    }
    return AIECON_OK;
}

/* Every figure of the step must be finite; the shares (*_adopted, *_share*) in [0, 1]. */
static aiecon_status check_figures(const scenario *s, const run_state *st, uint32_t step, aiecon_error *err)
{
    figure_view view = {s, &st->econ, st->tally};
    for (int v = 0; v < FIGURES; v++) {
        unsigned n = dimension_size(s, figures[v].var.dimension);
        const char *name = figures[v].var.name;
        size_t len = strlen(name);
        int share_of_one = (len > 8 && strcmp(name + len - 8, "_adopted") == 0) || strstr(name, "_share") != NULL;
        for (unsigned i = 0; i < n; i++) {
            double x = figures[v].get(&view, i);
            if (isfinite(x) && (!share_of_one || (x >= 0.0 && x <= 1.0))) continue;
            char who[64]; /* named only on failure: the check costs a compare per value */
            snprintf(who, sizeof who, "output figure %s[%u]", name, i);
            return share_of_one ? invariants_check_share(x, "value", who, step, err)
                                : invariants_check_finite(x, "value", who, step, err);
        }
    }
    return AIECON_OK;
}

/* --check: the players' invariants and the step's figures (the same verdict on every rank: the
 * players are replicated and were just compared by hash). AIECON_TEST_BREAK_INVARIANT=STEP, for
 * tests only, spoils lab 0's served share at that step so that the check must catch it. */
static aiecon_status check_step(const scenario *s, run_state *st, uint32_t step, aiecon_error *err)
{
    if (st->break_step == (long)step) st->econ.lab[0].served_share = 1.5;
    if (!st->check) return AIECON_OK;
    aiecon_status rc = invariants_check_economy(s, &st->econ, step, err);
    return rc == AIECON_OK ? check_figures(s, st, step, err) : rc;
}

static aiecon_status one_step(MPI_Comm comm, const scenario *s, run_state *st, uint32_t step, timer_set *timers,
                              aiecon_error *err)
{
    timer_start(timers, TIMER_PLAYERS);
    economy_offers(s, &st->econ, st->offer);
    timer_stop(timers, TIMER_PLAYERS);
    timer_start(timers, TIMER_HALO);
    aiecon_status rc = halo_exchange(&st->hh_halo, st->hh.adopted, 1, st->hh.local, err);
    if (rc == AIECON_OK) rc = halo_exchange(&st->biz_halo, st->biz.state, 1, st->biz.local, err);
    timer_stop(timers, TIMER_HALO);
    if (rc != AIECON_OK) return rc;
    timer_start(timers, TIMER_UPDATE);
    memset(st->tally, 0, sizeof *st->tally);
    households_step(&st->hh, &st->hh_net, st->offer, s->run.seed, step, st->tally);
    businesses_step(&st->biz, &st->biz_net, st->offer, s->run.seed, step, st->tally);
    households_swap(&st->hh);
    businesses_swap(&st->biz);
    timer_stop(timers, TIMER_UPDATE);
    timer_start(timers, TIMER_REDUCE);
    rc = market_reduce_economy(st->tally, comm, err);
    timer_stop(timers, TIMER_REDUCE);
    if (rc != AIECON_OK) return rc;
    timer_start(timers, TIMER_PLAYERS);
    economy_step(s, &st->econ, step, st->tally);
    timer_stop(timers, TIMER_PLAYERS);
    timer_start(timers, TIMER_REDUCE);
    rc = check_replicated(comm, &st->econ, step, err);
    timer_stop(timers, TIMER_REDUCE);
    if (rc == AIECON_OK) rc = check_step(s, st, step, err);
    if (rc != AIECON_OK) return rc;
    if (st->out == NULL) return AIECON_OK;   /* a benchmark writes nothing */
    timer_start(timers, TIMER_OUTPUT);
    rc = write_figures(s, st, step, err);
    timer_stop(timers, TIMER_OUTPUT);
    return rc;
}

/* Record 0: the initial state, before any step. */
static aiecon_status initial_figures(MPI_Comm comm, const scenario *s, run_state *st, aiecon_error *err)
{
    memset(st->tally, 0, sizeof *st->tally);
    households_count_economy(&st->hh, s->lab_count, st->tally);
    businesses_count(&st->biz, s->lab_count, st->tally);
    aiecon_status rc = market_reduce_economy(st->tally, comm, err);
    if (rc == AIECON_OK) rc = write_figures(s, st, 0, err);
    return rc;
}

/* The state a checkpoint holds, as views of st (valid until the next step swaps the buffers). */
static checkpoint_data run_view(const scenario *s, run_state *st, uint32_t step)
{
    checkpoint_data d = {step, scenario_household_agents(s), st->hh.first, st->hh.local, st->hh.adopted,
                         scenario_business_agents(s), st->biz.first, st->biz.local, st->biz.state, st->biz.roi,
                         s, &st->econ, st->tally, sizeof *st->tally, NULL, 0, 0, NULL};
    return d;
}

/* The segment's first record: the initial state, or the restored step's figures in a new file. */
static aiecon_status first_figures(MPI_Comm comm, const scenario *s, run_state *st, uint32_t first,
                                   aiecon_error *err)
{
    return first == 0 ? initial_figures(comm, s, st, err) : write_figures(s, st, first, err);
}

aiecon_status sim_economy_run(MPI_Comm comm, const sim_options *o, const scenario *s, timer_set *timers,
                              aiecon_error *err)
{
    int rank, write_first = 0;
    MPI_Comm_rank(comm, &rank);
    run_state st;
    memset(&st, 0, sizeof st);
    sim_segment seg;
    aiecon_status rc = sim_segment_begin(comm, o, s, scenario_household_agents(s), scenario_business_agents(s), &seg,
                                         err);
    st.record_base = seg.record_base;
    st.check = o->check;
    const char *spoil = getenv("AIECON_TEST_BREAK_INVARIANT");
    st.break_step = spoil != NULL ? atol(spoil) : 0;
    if (rc == AIECON_OK) rc = setup(comm, s, &st, timers, err);
    checkpoint_data view = run_view(s, &st, 0);
    if (rc == AIECON_OK) rc = sim_segment_restore(&seg, &view, timers, err);
    if (rc == AIECON_OK) rc = open_output(comm, o, s, &st, &seg, &write_first, err);
    if (rc == AIECON_OK && write_first) rc = first_figures(comm, s, &st, seg.first_step, err);
    progress bar;
    progress_init(&bar, !o->quiet && rank == 0, s->run.start, seg.first_step + 1, s->run.steps,
                  scenario_household_agents(s) + scenario_business_agents(s));
    for (uint32_t step = seg.first_step + 1; step <= s->run.steps && rc == AIECON_OK; step++) {
        rc = one_step(comm, s, &st, step, timers, err);
        progress_step(&bar, step);
        view = run_view(s, &st, step);
        if (rc == AIECON_OK) rc = sim_segment_boundary(&seg, &view, timers, err);
    }
    if (rc == AIECON_OK || rc == AIECON_STOPPED) {
        if (rc == AIECON_OK) progress_finish(&bar);
        timer_start(timers, TIMER_OUTPUT);
        rc = sim_segment_close_output(&seg, &st.out, rc, err); /* frees st.out, success or not */
        timer_stop(timers, TIMER_OUTPUT);
    }
    sim_segment_end(&seg);
    release(&st);
    return rc;
}

aiecon_status sim_economy_bench(MPI_Comm comm, const scenario *s, uint32_t steps, timer_set *timers, double *seconds,
                                aiecon_error *err)
{
    run_state st;
    memset(&st, 0, sizeof st);
    st.check = 1; /* the benchmark measures the default run */
    aiecon_status rc = setup(comm, s, &st, timers, err);
    MPI_Barrier(comm);
    double start = timer_now();
    for (uint32_t step = 1; step <= steps && rc == AIECON_OK; step++) rc = one_step(comm, s, &st, step, timers, err);
    double mine = timer_now() - start;
    MPI_Allreduce(&mine, seconds, 1, MPI_DOUBLE, MPI_MAX, comm);
    release(&st);
    return rc;
}
