/* grid.c — the grids (see grid.h). One per region.
 *
 * The electricity price for data centres is the start price × (1 + elasticity × the rise of the
 * connected load / available since the start). Supply for data centres answers demand: each
 * month the grid wants the load connected and queued (the clouds' sites under construction, which
 * have asked to connect) plus a reserve margin, and starts expansion_response × price / start
 * price × the gap to what it has and what is coming; new supply comes on line interconnect_months
 * later (the interconnection queue). supply_growth is what is added whatever the demand (0 in the
 * baseline). Energy follows use: what data centres draw (drawn_mw) is the other data centres'
 * load plus each cloud's power_mw (clouds.c: in use, plus idle_draw of the idle). Why this
 * design: utilities build for the load asking to connect and are slower than data centres are to
 * build, so a fast build-out meets a power wall; a price signal makes scarcity speed them up.
 * Expansion is not free: each MW started costs expansion_usd_per_mw (new generation and
 * interconnection), which the grid recovers as a regulated utility does, through the price: an
 * annuity of the capital over recovery_years at the investors' rate, spread over the energy the
 * data centres draw (a dollar-per-MWh adder). A fast build-out therefore raises the price of the
 * power it needs even where supply keeps up, which a cloud pays in its running cost (retirement,
 * q). The capital spent in a month is in the next month's bills (when the first coupon of its bonds
 * falls due); a regulator may cap the adder (adder_cap_usd_per_mwh), and what the capped adder
 * does not recover is `unrecovered`. The capital's financing, balance sheet and the grid's default
 * are utility.c's; nothing here reads them, so a grid that defaults keeps the power on.
 * Cost: O(regions × (clouds + interconnect_months)). */
#include "aiecon/models/economy/players/grid.h"

#include <math.h>
#include <string.h>

#include "aiecon/models/economy/players/utility.h"

double grid_headroom(const scenario *s, const economy *e, unsigned r)
{
    (void)s;
    return fmax(0.0, e->grid[r].power_mw - e->grid[r].load_mw);
}

double grid_power_ahead(const scenario *s, const economy *e, unsigned r, unsigned months)
{
    const grid_state *g = &e->grid[r];
    double power = g->power_mw;
    for (unsigned i = 0; i < months && i < ECONOMY_MAX_INTERCONNECT; i++) power += g->pipeline[i];
    return power * pow(1.0 + s->regions[r].grid.supply_growth, months / 12.0);
}

/* Load of region r: other data centres plus the AI clouds in service there. */
static double region_load(const scenario *s, const economy *e, unsigned r, int initial)
{
    double load = s->regions[r].grid.other_dc_load_mw;
    for (unsigned k = 0; k < e->clouds; k++) {
        if (e->cloud[k].region != (int32_t)r) continue;
        if (initial) load += s->clouds[k].capacity_mw;
        else if (!e->cloud[k].defaulted) load += e->cloud[k].capacity_mw;
    }
    return load;
}

void grid_expand(const scenario_grid *in, grid_state *g, double queued_mw)
{
    unsigned lead = in->interconnect_months < ECONOMY_MAX_INTERCONNECT ? in->interconnect_months
                                                                       : ECONOMY_MAX_INTERCONNECT;
    if (lead < 1) lead = 1;
    g->power_mw += g->pipeline[0];
    memmove(g->pipeline, g->pipeline + 1, (ECONOMY_MAX_INTERCONNECT - 1) * sizeof *g->pipeline);
    g->pipeline[ECONOMY_MAX_INTERCONNECT - 1] = 0.0;
    double coming = 0.0;
    for (unsigned i = 0; i < ECONOMY_MAX_INTERCONNECT; i++) coming += g->pipeline[i];
    double wanted = (g->load_mw + queued_mw) * (1.0 + in->reserve_margin);
    double price = in->price_usd_per_mwh > 0.0 ? g->price_usd_per_mwh / in->price_usd_per_mwh : 1.0;
    g->started_mw = in->expansion_response * price * fmax(0.0, wanted - g->power_mw - coming);
    g->pipeline[lead - 1] += g->started_mw;
    g->expansion_cost = g->started_mw * in->expansion_usd_per_mw;
    g->capital_usd += g->expansion_cost;
}

double grid_capital_adder(double capital_usd, double yearly_rate, double recovery_years, double drawn_mw,
                          double *charge_usd)
{
    double r = yearly_rate / 12.0, n = fmax(1.0, 12.0 * recovery_years);
    double annuity = r > 0.0 ? r / (1.0 - pow(1.0 + r, -n)) : 1.0 / n;   /* capital recovery factor */
    *charge_usd = capital_usd * annuity;
    return drawn_mw > 0.0 ? *charge_usd / (drawn_mw * 720.0) : 0.0;
}

void grid_update(const scenario *s, economy *e)
{
    for (unsigned r = 0; r < e->regions; r++) {
        const scenario_grid *in = &s->regions[r].grid;
        grid_state *g = &e->grid[r];
        g->load_mw = region_load(s, e, r, 0);
        double queued = 0.0;
        g->drawn_mw = in->other_dc_load_mw;
        for (unsigned k = 0; k < e->clouds; k++) {
            if (e->cloud[k].region != (int32_t)r || e->cloud[k].defaulted) continue;
            queued += e->cloud[k].building_mw;
            g->drawn_mw += e->cloud[k].power_mw;
        }
        double start_use = in->dc_power_mw > 0 ? region_load(s, e, r, 1) / in->dc_power_mw : 0.0;
        double use = g->power_mw > 0 ? g->load_mw / g->power_mw : 0.0;
        double energy = in->price_usd_per_mwh * fmax(0.5, 1.0 + in->price_elasticity * (use - start_use));
        g->price_usd_per_mwh = energy + g->adder_usd_per_mwh;   /* the expansion answers this */
        g->power_mw *= pow(1.0 + in->supply_growth, 1.0 / 12.0);
        grid_expand(in, g, queued);
        utility_invest(s, e, r);   /* depreciation, and the expansion's bonds and equity (utility.c) */
        /* the capital spent so far, this month's included, is in next month's bills, when its bonds'
         * first coupon falls due */
        double adder = grid_capital_adder(g->capital_usd, s->investors.rate, in->recovery_years, g->drawn_mw,
                                          &g->capital_charge);
        g->adder_usd_per_mwh = utility_capped_adder(adder, in->adder_cap_usd_per_mwh, g->capital_charge, g->drawn_mw,
                                                    &g->unrecovered);
        g->price_usd_per_mwh = energy + g->adder_usd_per_mwh;
    }
}
