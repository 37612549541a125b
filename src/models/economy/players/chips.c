/* chips.c — the chip market (see chips.h).
 *
 * Orders are placed in MW of data-centre capacity and turned into units at each chipmaker's
 * units_per_mw; a cloud in a region with export controls orders only from chipmakers that are not
 * controlled (shares renormalised), and what none of them may ship is reported back as blocked.
 * Each month a chipmaker ships min(backlog, capacity), shared among the clouds in proportion to
 * what each is owed, at a price of unit cost × (markup + slope × months of backlog beyond one);
 * performance per unit comes in generations: every generation_months a new one is released, a
 * step of (1 + perf_growth)^(generation_months / 12), so the trend is perf_growth a year (0: it
 * grows every month); what a cloud installs gets the generation then on offer (clouds.c). Capacity grows at its yearly rate (the trend the
 * foundries had already planned) and by what the chipmaker decides to add when orders outrun it:
 * it plans capacity K* = backlog / backlog_months (enough to clear its backlog in that many
 * months) and starts fab_response × max(0, K* − K − capacity already being added) a month, which
 * comes on line fab_lead_months later (fab_pipeline). Shipments are what is ordered, as far as the
 * capacity goes; orders (units ordered in the step, less cancellations) are reported as a flow.
 * The expansion's capital cost is taken to be in unit_cost_usd (no separate payment).
 * Cost: O(chipmakers × (clouds + fab_lead_months)). */
#include "aiecon/models/economy/players/chips.h"

#include <math.h>
#include <string.h>

double chips_price(const scenario_chipmaker *m, const chip_state *c)
{
    double months = c->capacity_units > 0 ? c->backlog_units / c->capacity_units : 0.0;
    return c->unit_cost_usd * (m->markup + m->markup_slope * fmax(0.0, months - 1.0));
}

double chips_generation_perf(const scenario_chipmaker *in, uint32_t months)
{
    if (in->generation_months == 0) return pow(1.0 + in->perf_growth, months / 12.0);
    /* generations released at cadence/2, 3 cadence/2, …: the steps straddle the trend */
    uint32_t released = (months + in->generation_months / 2) / in->generation_months;
    return pow(1.0 + in->perf_growth, released * (in->generation_months / 12.0));
}

/* Share-weighted performance of the chips region may buy; each chipmaker's perf × ahead(m). */
static double frontier(const scenario *s, const economy *e, int region, double months, int trend)
{
    int blocked = region >= 0 && s->regions[region].export_blocked;
    double perf = 0.0, share = 0.0;
    uint32_t now = e->step, later = now + (uint32_t)lround(fmax(0.0, months));
    for (unsigned m = 0; m < e->chipmakers; m++) {
        const scenario_chipmaker *in = &s->chipmakers[m];
        if (blocked && in->export_controlled) continue;
        /* trend: the level the generations straddle, (1 + g)^(t/12), instead of the step on offer */
        double ahead = trend ? pow(1.0 + in->perf_growth, (now + months) / 12.0) / chips_generation_perf(in, now)
                             : chips_generation_perf(in, later) / chips_generation_perf(in, now);
        share += in->market_share;
        perf += in->market_share * e->chip[m].perf * ahead;
    }
    return perf > 0.0 ? perf / share : 1.0;
}

double chips_frontier_perf_in(const scenario *s, const economy *e, int region, double months)
{
    return frontier(s, e, region, months, 0);
}

double chips_frontier_trend_in(const scenario *s, const economy *e, int region, double months)
{
    return frontier(s, e, region, months, 1);
}

double chips_frontier_perf(const scenario *s, const economy *e) { return chips_frontier_perf_in(s, e, -1, 0.0); }

double chips_order(const scenario *s, economy *e, unsigned k, double mw)
{
    int blocked_region = s->regions[e->cloud[k].region].export_blocked;
    double share = 0.0;
    for (unsigned m = 0; m < e->chipmakers; m++) {
        if (!(blocked_region && s->chipmakers[m].export_controlled)) share += s->chipmakers[m].market_share;
    }
    if (share <= 0.0) return mw;
    for (unsigned m = 0; m < e->chipmakers; m++) {
        if (blocked_region && s->chipmakers[m].export_controlled) continue;
        double units = mw * s->chipmakers[m].market_share / share * s->chipmakers[m].units_per_mw;
        e->chip[m].backlog_by_cloud[k] += units;
        e->chip[m].backlog_units += units;
        e->chip[m].orders += units;
    }
    return 0.0;
}

void chips_cancel(economy *e, unsigned k, double fraction)
{
    for (unsigned m = 0; m < e->chipmakers; m++) {
        double units = e->chip[m].backlog_by_cloud[k] * fraction;
        e->chip[m].backlog_by_cloud[k] -= units;
        /* the backlog is a sum over clouds: taking one cloud's part out may leave a rounding
         * residue below 0, which would ship a negative number of units */
        e->chip[m].backlog_units = fmax(0.0, e->chip[m].backlog_units - units);
        e->chip[m].orders -= units;
    }
}

void chips_expand(const scenario_chipmaker *in, chip_state *c)
{
    unsigned lead = in->fab_lead_months < ECONOMY_MAX_FAB_LEAD ? in->fab_lead_months : ECONOMY_MAX_FAB_LEAD;
    if (lead < 1) lead = 1;
    c->capacity_units += c->fab_pipeline[0];
    memmove(c->fab_pipeline, c->fab_pipeline + 1, (ECONOMY_MAX_FAB_LEAD - 1) * sizeof *c->fab_pipeline);
    c->fab_pipeline[ECONOMY_MAX_FAB_LEAD - 1] = 0.0;
    double coming = 0.0;
    for (unsigned i = 0; i < ECONOMY_MAX_FAB_LEAD; i++) coming += c->fab_pipeline[i];
    double wanted = c->backlog_units / in->backlog_months - c->capacity_units - coming;
    if (wanted > 0.0) c->fab_pipeline[lead - 1] += in->fab_response * wanted;
}

void chips_reset_orders(economy *e)
{
    for (unsigned m = 0; m < e->chipmakers; m++) e->chip[m].orders = 0.0;
}

void chips_produce(const scenario *s, economy *e, uint32_t step)
{
    for (unsigned m = 0; m < e->chipmakers; m++) {
        const scenario_chipmaker *in = &s->chipmakers[m];
        chip_state *c = &e->chip[m];
        c->price_usd = chips_price(in, c);
        c->shipments = fmin(c->backlog_units, c->capacity_units);
        double share = c->backlog_units > 0 ? c->shipments / c->backlog_units : 0.0;
        for (unsigned k = 0; k < e->clouds; k++) {
            double units = c->backlog_by_cloud[k] * share;
            c->backlog_by_cloud[k] -= units;
            c->bill[k] = units * c->price_usd;
            e->cloud[k].chips_received_mw += units / in->units_per_mw;
            e->cloud[k].chips_waiting_mw -= units / in->units_per_mw;
        }
        c->backlog_units -= c->shipments;
        c->revenue = c->shipments * c->price_usd;
        c->production_cost = c->shipments * c->unit_cost_usd;
        c->capacity_units *= pow(1.0 + in->capacity_growth, 1.0 / 12.0);
        chips_expand(in, c);
        c->perf = chips_generation_perf(in, step);   /* the chips on offer next month */
    }
}
