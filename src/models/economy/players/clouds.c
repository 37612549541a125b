/* clouds.c — the clouds' part of the step (see clouds.h).
 *
 * A cloud builds for its contract backlog: when the MW contracted for the end of its lead time
 * (plus a spare share) exceeds what it has in service and under construction, it starts the
 * difference and orders the chips for it (chips.c); the rest of the capex is paid to the rest of
 * the world month by month while the site is built. Construction takes build_months; a finished MW enters service only when its chips have
 * arrived and the region's grid has the power: chips and power, not money, are what slow the
 * build-out. Delivery share = in service / contracted: a cloud behind schedule delivers, and is
 * paid for, only that share of its contracts. Cost: O(clouds × contracts) per step. */
#include "aiecon/models/economy/players/clouds.h"

#include <math.h>
#include <string.h>

#include "aiecon/models/economy/players/chips.h"
#include "aiecon/models/economy/players/grid.h"
#include "aiecon/models/economy/players/labs.h"

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
        long end = (long)c->start_step + (long)c->months, from = (long)step + 1;
        if (end > c->ended_step) end = c->ended_step;
        if (from < c->start_step) from = c->start_step;
        if (end > from) sum += (double)(end - from) * c->mw * c->usd_per_mw_month;
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
    double start = required - c->capacity_mw - building;
    if (start > 0.0) {
        c->pipeline[months - 1] += start;
        building += start;
        double blocked = chips_order(s, e, k, start);
        c->chips_waiting_mw += start - blocked;
        c->unfilled_mw += blocked;
    } else if (start < 0.0 && c->losses > 0.0) {
        /* a lab's default left construction no contract needs: stop it */
        building -= cancel_construction(e, k, months, -start);
    }
    /* construction other than chips is paid as it goes: 1/build_months of it for every MW on site */
    c->construction_due = (1.0 - in->chip_share) * in->capex_usd_per_mw * (building - c->ready_mw) / months;
    c->building_mw = building;
}

/* Put into service what is built, has its chips and can get power. */
static void install(const scenario *s, economy *e, unsigned k)
{
    cloud_state *c = &e->cloud[k];
    unsigned r = (unsigned)c->region;
    double mw = fmin(c->ready_mw, fmin(c->chips_received_mw, grid_headroom(s, e, r)));
    if (mw > 0.0) {
        c->capacity_mw += mw;
        c->ready_mw -= mw;
        c->building_mw -= mw;
        c->chips_received_mw -= mw;
        e->grid[r].load_mw += mw;
    }
    c->power_mw = c->capacity_mw;
    c->energy_cost = c->power_mw * 720.0 * e->grid[r].price_usd_per_mwh;
}

void clouds_build(const scenario *s, economy *e, uint32_t step)
{
    for (unsigned k = 0; k < e->clouds; k++) {
        if (e->cloud[k].defaulted) {
            e->cloud[k].construction_due = e->cloud[k].energy_cost = 0.0;
            continue;
        }
        start_construction(s, e, k, step);
        install(s, e, k);
    }
}
