/* economy.c — the replicated players: creation, the offers they show the populations, and the
 * order of their part of the step (see economy.h).
 *
 * Order within economy_step (docs/ODD.md section 1.3, steps 5a–5j): labs' demand (labs_demand),
 * the market for compute (market_clear: price, rentals), labs decide (training, prices, commitments), clouds decide (ageing, construction and chip
 * orders), chip market, settlement with defaults and contagion, contracts behind schedule run on
 * (clouds_delay_contracts), grids, investors; then the accounting check. All of it is O(players²)
 * or O(contracts) per step, negligible beside the agent loops; it runs identically on every rank.
 * The contract list is allocated once, for every contract the run can sign. */
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/io/scenario.h"   /* scenario_month_index */

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/models/economy/players/chips.h"
#include "aiecon/models/economy/players/clouds.h"
#include "aiecon/models/economy/players/distress.h"
#include "aiecon/models/economy/players/collateral.h"
#include "aiecon/models/economy/players/credit.h"
#include "aiecon/models/economy/players/deals.h"
#include "aiecon/models/economy/players/demand.h"
#include "aiecon/models/economy/players/finance.h"
#include "aiecon/models/economy/players/labs.h"
#include "aiecon/models/economy/players/grid.h"
#include "aiecon/models/economy/players/insolvency.h"
#include "aiecon/models/economy/players/labs.h"
#include "aiecon/models/economy/players/macro.h"
#include "aiecon/models/economy/players/market.h"
#include "aiecon/models/economy/players/pricing.h"

static int find_name(const char *name, const void *items, size_t stride, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        const char *n = *(char *const *)((const char *)items + i * stride);
        if (strcmp(n, name) == 0) return (int)i;
    }
    return -1;
}

static void create_players(const scenario *s, economy *e)
{
    for (unsigned l = 0; l < s->lab_count; l++) {
        const scenario_lab *in = &s->labs[l];
        lab_state *lab = &e->lab[l];
        lab->cash = in->cash_usd;
        lab->debt = in->debt_usd;
        lab->valuation = in->valuation_usd;
        lab->quality = in->quality;
        lab->training_compute = in->training_compute;
        lab->subscription_usd = lab->subscription_before = in->subscription_usd;
        lab->api_usd_per_mtok = in->api_usd_per_mtok;
        lab->served_share = 1.0;
        lab->default_step = -1;
        lab->opex_usd = in->opex_usd * pow(1.0 + in->opex_growth, 1.0 / 12.0);   /* step 1's (distress.c) */
        lab->price_factor = lab->subscription_ratio = lab->api_ratio = 1.0;
        lab->runway = DISTRESS_RUNWAY_CAP;
    }
    for (unsigned m = 0; m < s->chipmaker_count; m++) {
        chip_state *c = &e->chip[m];
        c->default_step = -1;
        c->cash = s->chipmakers[m].cash_usd;
        c->capacity_units = s->chipmakers[m].capacity_units;
        c->unit_cost_usd = s->chipmakers[m].unit_cost_usd;
        c->perf = 1.0;
        c->price_usd = chips_price(&s->chipmakers[m], c);
    }
    for (unsigned r = 0; r < s->region_count; r++) {
        e->grid[r].power_mw = s->regions[r].grid.dc_power_mw;
        e->grid[r].price_usd_per_mwh = s->regions[r].grid.price_usd_per_mwh;
        e->grid[r].load_mw = s->regions[r].grid.other_dc_load_mw;
        e->grid[r].default_step = -1.0;
    }
    for (unsigned k = 0; k < s->cloud_count; k++) e->grid[e->cloud[k].region].load_mw += s->clouds[k].capacity_mw;
    for (unsigned r = 0; r < s->region_count; r++) e->grid[r].drawn_mw = e->grid[r].load_mw;   /* record 0: all in use */
    e->investors.sentiment = s->investors.sentiment;
    e->investors.equity_supply_usd = s->investors.equity_supply_usd * s->investors.sentiment;
    e->investors.spread = s->investors.spread;
    e->perf_factor = 1.0;
    e->compute_price = e->compute_price_smoothed = market_start_price(s);
    e->open_quality = demand_open_offered(s) ? s->businesses.open_weight_quality : 0.0;
}

aiecon_status economy_create(const scenario *s, economy *e, aiecon_error *err)
{
    memset(e, 0, sizeof *e);
    e->labs = s->lab_count;
    e->clouds = s->cloud_count;
    e->chipmakers = s->chipmaker_count;
    e->regions = s->region_count;
    unsigned initial = 0;
    for (unsigned l = 0; l < s->lab_count; l++) initial += s->labs[l].contract_count;
    /* at most one new contract per (lab, cloud) and step */
    double capacity = (double)initial + (double)s->run.steps * s->lab_count * s->cloud_count + 1;
    if (capacity > 5e7) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "run.steps: %u steps × %u labs × %u clouds may sign more "
                           "contracts than fit in memory (expected fewer steps or players)",
                           s->run.steps, s->lab_count, s->cloud_count);
    }
    e->contract_capacity = (unsigned)capacity;
    e->contracts = calloc(e->contract_capacity, sizeof *e->contracts);
    for (unsigned k = 0; k < s->cloud_count && e->contracts != NULL; k++) {
        const scenario_cloud *in = &s->clouds[k];
        cloud_state *c = &e->cloud[k];
        c->cash = in->cash_usd;
        c->debt = in->debt_usd;
        c->capacity_mw = in->capacity_mw;
        c->lease_usd_per_mw_month = in->lease_usd_per_mw_month;
        c->region = find_name(in->region, s->regions, sizeof *s->regions, s->region_count);
        c->default_step = -1;
        /* the fleet at the start: the start's chips, half through its accounting life */
        double life_months = 12.0 * in->depreciation_years;
        clouds_add_vintage(c, 0, in->capacity_mw, 1.0, 0.5 * in->capex_usd_per_mw * in->capacity_mw, 0.5 * life_months,
                           1.0 - 0.5 * life_months);
        c->book_value = c->vintage[0].book_usd;
        c->pipeline = calloc(in->build_months + 1, sizeof *c->pipeline);
        if (c->pipeline == NULL) break;
    }
    for (unsigned k = 0; k < s->cloud_count; k++) {
        if (e->contracts == NULL || e->cloud[k].pipeline == NULL) {
            economy_free(e);
            return aiecon_fail(err, AIECON_ERR_RUNTIME, "economy: out of memory for %u contracts", e->contract_capacity);
        }
    }
    for (unsigned l = 0; l < s->lab_count; l++) {
        for (unsigned i = 0; i < s->labs[l].contract_count; i++) {
            const scenario_contract *in = &s->labs[l].contracts[i];
            contract_state *c = &e->contracts[e->contract_count++];
            c->lab = (uint16_t)l;
            c->cloud = (uint16_t)find_name(in->cloud, s->clouds, sizeof *s->clouds, s->cloud_count);
            /* step t simulates month index t - 1 (step 1 is run.start) */
            c->signed_step = (int32_t)scenario_month_index(s, in->signed_at) + 1;
            c->start_step = (int32_t)scenario_month_index(s, in->start) + 1;
            c->months = in->months;
            c->mw = in->mw * labs_schedule_scale(&s->labs[l], c->signed_step);
            c->usd_per_mw_month = in->usd_per_mw_month;
            c->ended_step = INT32_MAX;
            if (!(c->mw > 0.0)) e->contract_count--;   /* an ambition of 0 signs none of its schedule */
        }
    }
    create_players(s, e);
    macro_open(s, &e->macro);
    for (unsigned k = 0; k < s->cloud_count; k++) {
        /* construction under way at the start: evenly spread over the lead time, chips on order */
        const scenario_cloud *in = &s->clouds[k];
        if (in->building_mw <= 0.0) continue;
        for (unsigned i = 0; i < in->build_months; i++) e->cloud[k].pipeline[i] = in->building_mw / in->build_months;
        e->cloud[k].building_mw = in->building_mw;
        double blocked = chips_order(s, e, k, in->building_mw);
        e->cloud[k].chips_waiting_mw = in->building_mw - blocked;
        e->cloud[k].unfilled_mw = blocked;
    }
    chips_reset_orders(e);   /* record 0 reports no month's orders */
    credit_open(s, e);       /* the investors' claims and wealth at the start */
    collateral_open(s, e);   /* the clouds' GPU-backed debt and its collateral at the start */
    deals_open(s, e);        /* vendor deals; credits granted before the start on the opening sheet */
    finance_open_book(e);    /* record 0 reports no month's flows (accounts.h) */
    return AIECON_OK;
}

void economy_free(economy *e)
{
    for (unsigned k = 0; k < e->clouds; k++) {
        free(e->cloud[k].pipeline);
        e->cloud[k].pipeline = NULL;
    }
    free(e->contracts);
    e->contracts = NULL;
}

/* Highest quality among the labs that can take users (0 if none). */
static double best_quality(const economy *e)
{
    double best = 0.0;
    for (unsigned l = 0; l < e->labs; l++) {
        if (!e->lab[l].defaulted && e->lab[l].quality > best) best = e->lab[l].quality;
    }
    return best;
}

static double lab_churn(const scenario_choice *c, const lab_state *lab)
{
    if (lab->defaulted) return 1.0;
    double rise = lab->subscription_before > 0 ? lab->subscription_usd / lab->subscription_before - 1.0 : 0.0;
    double churn = c->churn + c->rationing_churn * (1.0 - lab->served_share) + c->price_churn * (rise > 0 ? rise : 0);
    return churn < 1.0 ? churn : 1.0;
}

static void household_offers(const scenario *s, const economy *e, double attraction, offers *o)
{
    const scenario_households *h = &s->households;
    offers_population *p = &o->households;
    p->bass_p = h->bass_p;
    p->bass_q = h->bass_q;
    p->neighbour_weight = h->choice.neighbour_weight;
    p->quit_share = h->choice.quit_share;
    o->plan_review = h->plan_review;
    for (unsigned l = 0; l < e->labs; l++) p->churn[l] = lab_churn(&h->choice, &e->lab[l]);
    if (o->choices > e->labs) p->churn[e->labs] = h->choice.churn;
    for (unsigned r = 0; r < s->region_count; r++) {
        double cheapest = INFINITY;   /* the cheapest subscription sold in the region */
        for (unsigned l = 0; l < e->labs; l++) {
            if (!e->lab[l].defaulted && demand_sells_in(s, l, r)) cheapest = fmin(cheapest, e->lab[l].subscription_usd);
        }
        for (unsigned c = 0; c < h->income_count; c++) {
            double budget = macro_budget(s, &e->macro, r, c);   /* grows with the region's income */
            p->hazard_scale[r][c] = s->regions[r].adoption_scale * attraction *
                                    demand_affordability(budget, cheapest, h->adoption_price_weight);
            for (unsigned l = 0; l < e->labs; l++) {
                const lab_state *lab = &e->lab[l];
                double price = lab->subscription_usd;
                p->utility[r][c][l] = lab->defaulted || !demand_sells_in(s, l, r) ? -INFINITY
                    : h->choice.quality_weight * lab->quality - h->choice.price_weight * price / (budget > 0 ? budget : 1)
                      + s->labs[l].brand;
                double paid = price > 0 ? h->paid_base * pow(budget / price, h->paid_elasticity) : 1.0;
                o->paid[r][c][l] = paid < 1.0 ? paid : 1.0;
            }
            if (o->choices > e->labs) {   /* open weights: free, nobody pays */
                p->utility[r][c][e->labs] = h->choice.quality_weight * e->open_quality + s->businesses.open_weight_brand;
                o->paid[r][c][e->labs] = 0.0;
            }
        }
    }
}

static void business_offers(const scenario *s, const economy *e, double attraction, double best, offers *o)
{
    const scenario_businesses *b = &s->businesses;
    offers_population *p = &o->businesses;
    p->bass_p = b->bass_p;
    p->bass_q = b->bass_q;
    p->neighbour_weight = b->choice.neighbour_weight;
    p->quit_share = b->choice.quit_share;
    double mean_price = 0.0;
    unsigned open = 0;
    for (unsigned l = 0; l < e->labs; l++) {
        p->churn[l] = lab_churn(&b->choice, &e->lab[l]);
        if (!e->lab[l].defaulted) {
            mean_price += e->lab[l].api_usd_per_mtok;
            open++;
        }
    }
    mean_price = open > 0 && mean_price > 0 ? mean_price / open : 1.0;
    for (unsigned r = 0; r < s->region_count; r++) {
        for (unsigned k = 0; k < b->size_count; k++) {
            p->hazard_scale[r][k] = s->regions[r].adoption_scale * b->sizes[k].adoption_scale * attraction;
            for (unsigned l = 0; l < e->labs; l++) {
                const lab_state *lab = &e->lab[l];
                p->utility[r][k][l] = lab->defaulted || !demand_sells_in(s, l, r) ? -INFINITY
                    : b->choice.quality_weight * lab->quality
                      - b->choice.price_weight * lab->api_usd_per_mtok / mean_price + s->labs[l].brand +
                      s->labs[l].business_brand;
            }
            if (o->choices > e->labs) {   /* open weights: the compute market's price per token */
                p->utility[r][k][e->labs] = b->choice.quality_weight * e->open_quality
                    - b->choice.price_weight * demand_open_usd_per_mtok(s, e) / mean_price + b->open_weight_brand;
            }
        }
    }
    if (o->choices > e->labs) p->churn[e->labs] = b->choice.churn;
    for (unsigned c = 0; c < b->sector_count; c++) {
        for (unsigned l = 0; l < e->labs; l++) {
            o->roi[c][l] = demand_roi(s, e, c, l, best, e->step);
        }
        if (o->choices > e->labs) o->roi[c][e->labs] = best > 0 ? b->sectors[c].roi * e->open_quality / best : 0.0;
    }
    o->roi_noise = b->roi_noise;
    o->roi_memory = b->roi_memory;
    o->roi_threshold = b->roi_threshold;
    o->pilot_decision = 1.0 / b->pilot_months;
}

void economy_offers(const scenario *s, const economy *e, offers *o)
{
    memset(o, 0, sizeof *o);
    o->labs = e->labs;
    o->choices = e->labs + (demand_open_offered(s) ? 1u : 0u);
    o->regions = s->region_count;
    double best = best_quality(e);
    /* attractiveness of the best offer against the reference quality 1 */
    double hh_attraction = best > 0 ? pow(best, s->households.choice.attractiveness_elasticity) : 0.0;
    double biz_attraction = best > 0 ? pow(best, s->businesses.choice.attractiveness_elasticity) : 0.0;
    household_offers(s, e, hh_attraction, o);
    business_offers(s, e, biz_attraction, best, o);
    insolvency_transfers(e, e->step + 1, o->transfer);   /* users of a lab sold last step move to its buyer */
}

void economy_step(const scenario *s, economy *e, uint32_t step, const economy_tally *tally)
{
    finance_open_book(e);
    labs_demand(s, e, step, tally);
    demand_open_need(s, e, step, tally);
    market_clear(s, e, step);
    labs_train_and_price(s, e, step);
    pricing_set(s, e, step, tally);   /* every third step: prices as best responses (pricing.h) */
    demand_open_follow(s, e);
    labs_commit(s, e, step, NULL);
    clouds_build(s, e, step);
    chips_produce(s, e, step);
    deals_before_settle(s, e, step);   /* credits used, tranches, warrants (deals.h) */
    finance_settle(s, e, step);
    deals_after_settle(s, e, step);    /* deals of defaulters end; round-trip revenue */
    clouds_delay_contracts(e, step);
    grid_update(s, e);
    finance_investors(s, e);
    distress_adjust(s, e, step);   /* runway; next step's opex and prices */
    e->accounting_residual = finance_residual(e);
    macro_step(s, &e->macro, step, tally);   /* output, jobs, incomes: next step's budgets */
    e->step = step;
}

/* FNV-1a over the bytes of the players' state (pointers excluded). */
static uint64_t hash_bytes(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t economy_hash(const economy *e)
{
    uint64_t h = 14695981039346656037ULL;
    h = hash_bytes(h, e->lab, sizeof e->lab[0] * e->labs);
    for (unsigned k = 0; k < e->clouds; k++) {
        /* every byte but the pipeline's address, then the pipeline's contents */
        const char *c = (const char *)&e->cloud[k];
        size_t at = offsetof(cloud_state, pipeline), after = at + sizeof e->cloud[k].pipeline;
        h = hash_bytes(h, c, at);
        h = hash_bytes(h, c + after, sizeof(cloud_state) - after);
    }
    h = hash_bytes(h, e->chip, sizeof e->chip[0] * e->chipmakers);
    h = hash_bytes(h, e->grid, sizeof e->grid[0] * e->regions);
    h = hash_bytes(h, &e->investors, sizeof e->investors);
    h = hash_bytes(h, &e->macro, sizeof e->macro);
    for (unsigned i = 0; i < e->contract_count; i++) {
        const contract_state *c = &e->contracts[i];
        int64_t whole[6] = {c->lab, c->cloud, c->signed_step, c->start_step, c->months, c->ended_step};
        double money[3] = {c->mw, c->usd_per_mw_month, c->delay_months};
        h = hash_bytes(h, whole, sizeof whole);
        h = hash_bytes(h, money, sizeof money);
    }
    h = hash_bytes(h, &e->deals, sizeof e->deals);
    return hash_bytes(h, &e->accounting_residual, sizeof e->accounting_residual);
}
