/* clouds.c — the clouds' part of the step (see clouds.h).
 *
 * A cloud builds for its contract backlog: when the MW contracted for the end of its lead time
 * (plus a spare share) exceeds what it has in service and under construction, it starts the
 * difference and orders the chips for it (chips.c); the rest of the capex is paid to the rest of
 * the world month by month while the site is built. Construction takes build_months; a finished MW enters service only when its chips have
 * arrived and the region's grid has the power: chips and power, not money, are what slow the
 * build-out. Delivery share = in service / contracted: a cloud behind schedule delivers, and is
 * paid for, only that share of its contracts.
 * Vintages (docs/ODD.md, "Vintages"): what enters service joins the vintage of its year with the
 * hardware performance of the chips its region may buy that month (chips_frontier_perf_in), its cost as book
 * value written off straight-line over depreciation_years; installed MW keep their performance.
 * A vintage is retired, oldest first, when what a MW of it earns on the compute market, discounted by
 * its performance against the newest chips, falls below what it costs to run (energy at the
 * grid's price, upkeep): old chips are not worth their power — but only as far as the cloud's
 * running contracts do not need its MW (a contracted MW earns its lease). Retired MW leave the grid's load and
 * the capacity in service, so the backlog rule rebuilds them with new chips.
 * Contracts start with delivery: a cloud that delivers only part of a running contract pays its
 * labs delay_penalty × the price of what it lacks, and the contract's term runs on by the share
 * of the month it lacked (delay_months), so payments — and the receivables lenders count — follow
 * the capacity, not the calendar.
 * Investment beyond contracts (docs/ODD.md, "Investment"): a cloud also starts
 * I = invest_speed × max(0, q − 1) × capacity in service − idle MW a month, q (Tobin's) the present value
 * of what a new MW earns over its accounting life divided by its cost: it rents, per MW, the
 * market's smoothed price × the performance of the chips on offer × the cloud's occupancy (the
 * share of its fleet in use, on contract or let on the market, smoothed over the price's window:
 * a new MW is let as much as the fleet it joins, not always), falling as newer chips arrive
 * (at the frontier's performance growth), less energy and upkeep, discounted at the investors'
 * rate + spread + risk_premium, and only while it covers its running cost (it is retired after);
 * the idle MW of chips as good as those on offer are let before anything is built (their capex
 * is sunk), so they come off I.
 * I is limited by finance (invest_finance_share of its cash and unused credit, at the capex per
 * MW), by the chips the chipmakers can ship within the lead time beyond their backlog, and by the
 * power the region's grid will have then beyond its load and what is being built there. What it
 * starts counts as building for the backlog rule, so contracts signed later fill it first.
 * Energy follows use: a cloud draws the MW in use (contracted, as far as it has capacity, and let
 * on the compute market) and idle_draw of each idle MW (a MW of any vintage draws a MW in use: the
 * MW are its power rating).
 * Cost: O(clouds × (contracts + vintages + life months)) per step. */
#include "aiecon/models/economy/players/clouds.h"

#include <math.h>
#include <string.h>

#include "aiecon/models/economy/players/accounts.h"
#include "aiecon/models/economy/players/chips.h"
#include "aiecon/models/economy/players/finance.h"
#include "aiecon/models/economy/players/grid.h"
#include "aiecon/models/economy/players/labs.h"
#include "aiecon/models/economy/players/market.h"
#include "aiecon/models/economy/players/resale.h"

double clouds_contracted_mw(const economy *e, unsigned k, long t)
{
    double mw = 0.0;
    for (unsigned i = 0; i < e->contract_count; i++) {
        const contract_state *c = &e->contracts[i];
        if (c->cloud == k && !e->lab[c->lab].defaulted) mw += labs_contract_mw(c, t);
    }
    return mw;
}

double clouds_delivery_share(const economy *e, unsigned k, long t)
{
    double contracted = clouds_contracted_mw(e, k, t);
    return contracted > e->cloud[k].capacity_mw ? e->cloud[k].capacity_mw / contracted : 1.0;
}

double clouds_receivables(const economy *e, unsigned k, uint32_t step)
{
    double sum = 0.0;
    for (unsigned i = 0; i < e->contract_count; i++) {
        const contract_state *c = &e->contracts[i];
        if (c->cloud != k || e->lab[c->lab].defaulted || c->signed_step > (long)step) continue;
        sum += labs_contract_months_left(c, (long)step + 1) * c->mw * c->usd_per_mw_month;
    }
    return sum;
}

/* Contracted MW signed by `now` that will be in service at step t. */
static double backlog_at(const economy *e, unsigned k, long now, long t)
{
    double mw = 0.0;
    for (unsigned i = 0; i < e->contract_count; i++) {
        const contract_state *c = &e->contracts[i];
        if (c->cloud == k && c->signed_step <= now && !e->lab[c->lab].defaulted) mw += labs_contract_mw(c, t);
    }
    return mw;
}


/* Cancel up to `mw` of construction that no contract needs any more (a lab's default), the
 * latest starts first, with their chip orders still waiting. Returns the MW cancelled. */
static double cancel_construction(economy *e, unsigned k, unsigned months, double mw)
{
    cloud_state *c = &e->cloud[k];
    double cancelled = 0.0;
    for (unsigned i = months; i-- > 0 && cancelled < mw;) {
        double cut = fmin(c->pipeline[i], mw - cancelled);
        c->pipeline[i] -= cut;
        cancelled += cut;
    }
    double orders = fmin(cancelled, c->chips_waiting_mw);
    if (orders > 0.0) chips_cancel(e, k, orders / c->chips_waiting_mw);
    c->chips_waiting_mw -= orders;
    return cancelled;
}

static double capacity_kept(const scenario *s, const economy *e, unsigned k, unsigned months);

double clouds_q_value(double rent, double running, double capex, double monthly_rate, double monthly_decay,
                      unsigned life_months)
{
    if (!(capex > 0.0)) return 0.0;
    double pv = 0.0, discount = 1.0;
    for (unsigned t = 1; t <= life_months; t++) {
        discount /= 1.0 + monthly_rate;
        double margin = rent - running;
        if (margin <= 0.0) break;   /* retired once it no longer covers its running cost */
        pv += margin * discount;
        rent *= monthly_decay;
    }
    return pv / capex;
}

/* What a cloud's MW are valued with: its running cost a month, the monthly discount rate and the
 * monthly decay of a vintage's rent (the frontier's performance trend a year on). */
static void valuation_terms(const scenario *s, const economy *e, unsigned k, double *running, double *rate,
                            double *decay)
{
    const scenario_cloud *in = &s->clouds[k];
    int region = e->cloud[k].region;
    double yearly = chips_frontier_trend_in(s, e, region, 12.0) / chips_frontier_trend_in(s, e, region, 0.0);
    *running = 720.0 * e->grid[region].price_usd_per_mwh + in->upkeep_usd_per_mw_month;
    *rate = (s->investors.rate + e->investors.spread + in->risk_premium) / 12.0;
    *decay = pow(yearly, -1.0 / 12.0);
}

double clouds_new_mw_q(double price, double perf, double occupancy, double running, double capex,
                       double monthly_rate, double monthly_decay, unsigned life_months)
{
    double let = fmin(1.0, fmax(0.0, occupancy));
    return clouds_q_value(price * perf * let, running, capex, monthly_rate, monthly_decay, life_months);
}

double clouds_q(const scenario *s, const economy *e, unsigned k)
{
    const scenario_cloud *in = &s->clouds[k];
    /* the chips valued on the performance trend, not the generation on offer this month: with
     * capex per MW fixed, the saw-tooth of release dates would make q jump at each release and
     * investment come in waves in release years (a chip's price follows performance instead);
     * the MW is let as much as the fleet it joins is (occupancy), not as if always rented */
    double perf = chips_frontier_trend_in(s, e, e->cloud[k].region, 0.0);
    double running, rate, decay;
    valuation_terms(s, e, k, &running, &rate, &decay);
    return clouds_new_mw_q(e->compute_price_smoothed, perf, e->cloud[k].occupancy, running, in->capex_usd_per_mw,
                           rate, decay, (unsigned)lround(12.0 * in->depreciation_years));
}

double clouds_occupancy_now(const economy *e, unsigned k, uint32_t step)
{
    double capacity = e->cloud[k].capacity_mw;
    return capacity > 0.0 ? fmin(1.0, clouds_in_use(e, k, step) / capacity) : 1.0;
}

double clouds_occupancy_update(double smoothed, double now, double capacity_mw, double retired_mw, int first)
{
    if (first) return now;
    /* the MW just retired were idle (contracted MW are never retired): the use the average
     * remembers now fills fewer MW */
    if (retired_mw > 0.0 && capacity_mw > 0.0) smoothed = fmin(1.0, smoothed * (capacity_mw + retired_mw) / capacity_mw);
    return smoothed + (now - smoothed) / MARKET_SMOOTHING_MONTHS;
}

double clouds_idle_as_good(const cloud_state *c, double in_use_mw, double perf)
{
    double good = 0.0;
    for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) {
        if (c->vintage[v].mw > 0.0 && c->vintage[v].perf >= perf * (1.0 - 1e-12)) good += c->vintage[v].mw;
    }
    return fmax(0.0, fmin(good, c->capacity_mw) - fmax(0.0, in_use_mw));
}

double clouds_vintage_value(const scenario *s, const economy *e, unsigned k, unsigned v, unsigned months)
{
    double running, rate, decay;
    valuation_terms(s, e, k, &running, &rate, &decay);
    double rent = e->compute_price_smoothed * e->cloud[k].vintage[v].perf;   /* the price expected (as q), today's frontier */
    return clouds_q_value(rent, running, 1.0, rate, decay, months);
}

double clouds_impairment(double book_usd, double value_usd, double uncontracted_share)
{
    return fmin(1.0, fmax(0.0, uncontracted_share)) * fmax(0.0, book_usd - value_usd);
}

/* Write vintage v of cloud k down to its value in use, as far as no contract pays for it. */
static void impair(const scenario *s, economy *e, unsigned k, unsigned v, double uncontracted_share)
{
    vintage_state *g = &e->cloud[k].vintage[v];
    if (!(g->mw > 0.0 && g->book_usd > 0.0 && g->depreciation_usd > 0.0 && uncontracted_share > 0.0)) return;
    double months = g->book_usd / g->depreciation_usd;
    double value = g->mw * clouds_vintage_value(s, e, k, v, (unsigned)lround(months));
    double loss = clouds_impairment(g->book_usd, value, uncontracted_share);
    if (!(loss > 0.0)) return;
    g->book_usd -= loss;
    g->depreciation_usd = g->book_usd / months;   /* the rest over the same remaining life */
    e->cloud[k].impairment += loss;
}

/* MW cloud k may start beyond its contracts this month (the limits of the q rule) [MW]. */
static double invest_room(const scenario *s, const economy *e, unsigned k, uint32_t step, double building)
{
    const scenario_cloud *in = &s->clouds[k];
    const cloud_state *c = &e->cloud[k];
    unsigned months = in->build_months;
    /* finance: a share of its cash and of the credit it has not drawn, less what it still owes
     * on the sites it is building */
    double owed = (1.0 - in->chip_share) * in->capex_usd_per_mw * (building - c->ready_mw) / 2.0;
    double funds = c->cash + fmax(0.0, finance_cloud_credit_limit(s, e, k, step) - c->debt) - owed;
    double room = in->capex_usd_per_mw > 0.0 ? fmax(0.0, in->invest_finance_share * funds / in->capex_usd_per_mw)
                                             : 0.0;
    /* chips: what each chipmaker can make in the lead time beyond its backlog, at the cloud's share */
    int blocked = s->regions[c->region].export_blocked;
    double share = 0.0;
    for (unsigned m = 0; m < e->chipmakers; m++) {
        if (!(blocked && s->chipmakers[m].export_controlled)) share += s->chipmakers[m].market_share;
    }
    for (unsigned m = 0; m < e->chipmakers && share > 0.0; m++) {
        const scenario_chipmaker *cm = &s->chipmakers[m];
        if ((blocked && cm->export_controlled) || cm->market_share <= 0.0) continue;
        double spare_units = fmax(0.0, e->chip[m].capacity_units * months - e->chip[m].backlog_units);
        room = fmin(room, spare_units / cm->units_per_mw * share / cm->market_share);
    }
    /* power: the region's grid at the end of the lead time, less its load and all construction there */
    unsigned r = (unsigned)c->region;
    double power = grid_power_ahead(s, e, r, months);
    double planned = e->grid[r].load_mw;
    for (unsigned j = 0; j < e->clouds; j++) {
        if (e->cloud[j].region == c->region && !e->cloud[j].defaulted) planned += e->cloud[j].building_mw;
    }
    return fmax(0.0, fmin(room, power - planned));
}

/* Advance construction by a month and start what the backlog needs. */
static void start_construction(const scenario *s, economy *e, unsigned k, uint32_t step)
{
    cloud_state *c = &e->cloud[k];
    const scenario_cloud *in = &s->clouds[k];
    unsigned months = in->build_months;
    c->ready_mw += c->pipeline[0];
    memmove(c->pipeline, c->pipeline + 1, months * sizeof *c->pipeline);
    c->pipeline[months] = 0.0;
    double building = c->ready_mw;
    for (unsigned i = 0; i < months; i++) building += c->pipeline[i];
    double required = backlog_at(e, k, step, (long)step + months) * (1.0 + in->spare_build);
    /* capacity that will have been retired by then is replaced now */
    double start = required - capacity_kept(s, e, k, months) - building;
    /* beyond contracts: the q rule, within what finance, chips and power allow */
    c->q = clouds_q(s, e, k);
    c->invested_mw = 0.0;
    if (in->invest_speed > 0.0 && c->q > 1.0 && !in->spv) {   /* an SPV builds only what it leased */
        double room = invest_room(s, e, k, step, building + fmax(0.0, start));
        /* idle MW of chips as good as the new ones are a cheaper substitute: let them first */
        double idle = clouds_idle_as_good(c, clouds_in_use(e, k, step), chips_frontier_perf_in(s, e, c->region, 0.0));
        c->invested_mw = fmax(0.0, fmin(room, in->invest_speed * (c->q - 1.0) * c->capacity_mw - idle));
        start = fmax(0.0, start) + c->invested_mw;
    }
    if (start > 0.0) {
        c->pipeline[months - 1] += start;
        building += start;
        double blocked = chips_order(s, e, k, start);
        c->chips_waiting_mw += start - blocked;
        c->unfilled_mw += blocked;
    } else if (start < 0.0 && c->losses > 0.0 && c->q < 1.0) {
        /* a lab's default left construction no contract needs: stop it */
        building -= cancel_construction(e, k, months, -start);
    }
    /* construction other than chips is paid as it goes: 1/build_months of it for every MW on site */
    c->construction_due = (1.0 - in->chip_share) * in->capex_usd_per_mw * (building - c->ready_mw) / months;
    c->building_mw = building;
}

unsigned clouds_vintage_index(uint32_t step)
{
    unsigned v = 1 + (step > 0 ? (step - 1) / ECONOMY_VINTAGE_MONTHS : 0);
    return v < ECONOMY_MAX_VINTAGES ? v : ECONOMY_MAX_VINTAGES - 1;
}

void clouds_add_vintage(cloud_state *c, unsigned v, double mw, double perf, double book_usd, double life_months,
                        double step)
{
    vintage_state *g = &c->vintage[v];
    if (mw <= 0.0) return;
    if (g->mw <= 0.0) g->installed_step = step;
    g->perf = (g->perf * g->mw + perf * mw) / (g->mw + mw);
    g->mw += mw;
    g->book_usd += book_usd;
    g->depreciation_usd += book_usd / life_months;
}

double clouds_vintage_margin(const scenario *s, const economy *e, unsigned k, unsigned v, double frontier_perf)
{
    const cloud_state *c = &e->cloud[k];
    /* what its MW fetch on the market, at the price expected when the chips on offer perform
     * frontier_perf: the price per reference MW falls as the frontier rises */
    double earns = e->compute_price * c->vintage[v].perf * chips_frontier_perf_in(s, e, c->region, 0.0) / frontier_perf;
    double costs = 720.0 * e->grid[c->region].price_usd_per_mwh + s->clouds[k].upkeep_usd_per_mw_month;
    return earns - costs;
}

void clouds_age(const scenario *s, economy *e, unsigned k)
{
    cloud_state *c = &e->cloud[k];
    double frontier = chips_frontier_perf_in(s, e, c->region, 0.0);
    /* MW the cloud may retire: what its running contracts do not need (a contracted MW earns its
     * lease, not the market's price) */
    double spare = fmax(0.0, c->capacity_mw - clouds_contracted_mw(e, k, (long)e->step + 1));
    c->retired_mw = c->depreciation = c->impairment = c->book_value = 0.0;
    for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) {   /* oldest first */
        vintage_state *g = &c->vintage[v];
        double charge = fmin(g->depreciation_usd, g->book_usd), book = g->book_usd;
        g->book_usd -= charge;
        c->depreciation += charge;
        if (g->mw > 0.0 && spare > 0.0 && clouds_vintage_margin(s, e, k, v, frontier) < 0.0) {
            double out = fmin(g->mw, spare), mw = fmin(out, c->capacity_mw);
            spare -= out;
            c->retired_mw += out;
            c->capacity_mw -= mw;
            e->grid[c->region].load_mw -= mw;
            if (out >= g->mw) {
                g->mw = g->book_usd = g->depreciation_usd = 0.0;   /* the rest of its book is written off */
            } else {                                               /* its retired share is */
                double kept = 1.0 - out / g->mw;
                g->mw -= out;
                g->book_usd *= kept;
                g->depreciation_usd *= kept;
            }
        }
        accounts_revalue(e, accounts_of(e, SECTOR_CLOUDS, k), INSTRUMENT_CAPITAL, g->book_usd - book);
    }
    /* what is left uncontracted after retirement is tested for impairment, each vintage pro rata */
    double uncontracted = c->capacity_mw > 0.0 ? fmin(1.0, spare / c->capacity_mw) : 0.0;
    for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) {
        double book = c->vintage[v].book_usd;
        impair(s, e, k, v, uncontracted);
        accounts_revalue(e, accounts_of(e, SECTOR_CLOUDS, k), INSTRUMENT_CAPITAL, c->vintage[v].book_usd - book);
        c->book_value += c->vintage[v].book_usd;
    }
}

double clouds_fleet_perf(const scenario *s, const economy *e)
{
    double mw = 0.0, perf_mw = 0.0;
    for (unsigned k = 0; k < e->clouds; k++) {
        if (e->cloud[k].defaulted) continue;
        for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) {
            mw += e->cloud[k].vintage[v].mw;
            perf_mw += e->cloud[k].vintage[v].mw * e->cloud[k].vintage[v].perf;
        }
    }
    return mw > 0.0 ? perf_mw / mw : chips_frontier_perf(s, e);
}

/* MW of cloud k's fleet still worth running `months` ahead, at the chips then on offer and
 * today's energy price: what the backlog rule counts on. */
static double capacity_kept(const scenario *s, const economy *e, unsigned k, unsigned months)
{
    double frontier = chips_frontier_perf_in(s, e, e->cloud[k].region, months), mw = 0.0;
    for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) {
        if (e->cloud[k].vintage[v].mw > 0.0 && clouds_vintage_margin(s, e, k, v, frontier) >= 0.0) {
            mw += e->cloud[k].vintage[v].mw;
        }
    }
    return fmin(mw, e->cloud[k].capacity_mw);
}

/* Put into service what is built, has its chips and can get power. */
static void install(const scenario *s, economy *e, unsigned k, uint32_t step)
{
    cloud_state *c = &e->cloud[k];
    const scenario_cloud *in = &s->clouds[k];
    unsigned r = (unsigned)c->region;
    double mw = fmin(c->ready_mw, fmin(c->chips_received_mw, grid_headroom(s, e, r)));
    if (mw > 0.0) {
        clouds_add_vintage(c, clouds_vintage_index(step), mw, chips_frontier_perf_in(s, e, c->region, 0.0), mw * in->capex_usd_per_mw,
                           12.0 * in->depreciation_years, (double)step);
        accounts_revalue(e, accounts_of(e, SECTOR_CLOUDS, k), INSTRUMENT_CAPITAL, mw * in->capex_usd_per_mw);
        c->capacity_mw += mw;
        c->ready_mw -= mw;
        c->building_mw -= mw;
        c->chips_received_mw -= mw;
        e->grid[r].load_mw += mw;
    }
    c->power_mw = clouds_power_drawn(c->capacity_mw, clouds_in_use(e, k, step), in->idle_draw);
    c->energy_cost = c->power_mw * 720.0 * e->grid[r].price_usd_per_mwh;
}

double clouds_power_drawn(double capacity_mw, double in_use_mw, double idle_draw)
{
    double used = fmin(fmax(0.0, in_use_mw), capacity_mw);
    return used + idle_draw * (capacity_mw - used);
}

double clouds_in_use(const economy *e, unsigned k, uint32_t step)
{
    const cloud_state *c = &e->cloud[k];
    double mw = 0.0, perf_mw = 0.0;
    for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) {
        mw += c->vintage[v].mw;
        perf_mw += c->vintage[v].mw * c->vintage[v].perf;
    }
    /* the market lets reference MW: a MW of this fleet is perf of them */
    double let = perf_mw > 0.0 ? c->let_mw * mw / perf_mw : 0.0;
    return fmin(c->capacity_mw, clouds_contracted_mw(e, k, step) + let);
}

double clouds_delay_penalty(const scenario *s, const economy *e, unsigned k, uint32_t step)
{
    double undelivered = (1.0 - clouds_delivery_share(e, k, step)) * clouds_contracted_mw(e, k, step), usd = 0.0;
    if (undelivered <= 0.0) return 0.0;
    for (unsigned i = 0; i < e->contract_count; i++) {
        const contract_state *c = &e->contracts[i];
        if (c->cloud == k && !e->lab[c->lab].defaulted) usd += labs_contract_mw(c, step) * c->usd_per_mw_month;
    }
    return s->clouds[k].delay_penalty * (1.0 - clouds_delivery_share(e, k, step)) * usd;
}

void clouds_delay_contracts(economy *e, uint32_t step)
{
    double shortfall[SCENARIO_MAX_CLOUDS];
    for (unsigned k = 0; k < e->clouds; k++) shortfall[k] = 1.0 - clouds_delivery_share(e, k, step);
    for (unsigned i = 0; i < e->contract_count; i++) {
        contract_state *c = &e->contracts[i];
        if (e->lab[c->lab].defaulted || e->cloud[c->cloud].defaulted || shortfall[c->cloud] <= 0.0) continue;
        c->delay_months += shortfall[c->cloud] * labs_contract_mw(c, step) / c->mw;
    }
}

void clouds_build(const scenario *s, economy *e, uint32_t step)
{
    double fleet_perf = clouds_fleet_perf(s, e), start_price = fmax(1e-9, market_start_price(s));
    resale_sell(s, e, step);   /* defaulted clouds' capacity to the survivors, before they build */
    chips_reset_orders(e);
    for (unsigned k = 0; k < e->clouds; k++) {
        if (e->cloud[k].defaulted) {
            e->cloud[k].construction_due = e->cloud[k].energy_cost = e->cloud[k].power_mw = 0.0;
            e->cloud[k].q = e->cloud[k].invested_mw = e->cloud[k].occupancy = 0.0;
            continue;
        }
        clouds_age(s, e, k);
        /* the share of what is left in service that is in use, smoothed as the price is */
        cloud_state *c = &e->cloud[k];
        c->occupancy = clouds_occupancy_update(c->occupancy, clouds_occupancy_now(e, k, step), c->capacity_mw,
                                               c->retired_mw, step <= 1);
        /* new contracts are priced at the market: the cloud's lease of the start (its segment and
         * region) moves with the market's price (smoothed: a term contract is not priced on one
         * month's spot) of what a contracted MW is worth, a MW of the fleet in service (labs.c),
         * fleet_perf reference MW */
        e->cloud[k].lease_usd_per_mw_month =
            s->clouds[k].lease_usd_per_mw_month * e->compute_price_smoothed * fleet_perf / start_price;
        start_construction(s, e, k, step);
        install(s, e, k, step);
        double contracted = clouds_contracted_mw(e, k, step);
        c->utilisation = c->capacity_mw > 0.0 ? fmin(1.0, contracted / c->capacity_mw) : 0.0;
    }
}
