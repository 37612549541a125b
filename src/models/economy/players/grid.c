/* grid.c — the grids (see grid.h). One per region. The electricity price for data centres is
 * the start price × (1 + elasticity × the rise of load / available since the start); the power
 * available to data centres grows at its yearly rate. Cost: O(regions × clouds). */
#include "aiecon/models/economy/players/grid.h"

#include <math.h>

double grid_headroom(const scenario *s, const economy *e, unsigned r)
{
    (void)s;
    return fmax(0.0, e->grid[r].power_mw - e->grid[r].load_mw);
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

void grid_update(const scenario *s, economy *e)
{
    for (unsigned r = 0; r < e->regions; r++) {
        const scenario_grid *in = &s->regions[r].grid;
        grid_state *g = &e->grid[r];
        g->load_mw = region_load(s, e, r, 0);
        double start_use = in->dc_power_mw > 0 ? region_load(s, e, r, 1) / in->dc_power_mw : 0.0;
        double use = g->power_mw > 0 ? g->load_mw / g->power_mw : 0.0;
        g->price_usd_per_mwh = in->price_usd_per_mwh * fmax(0.5, 1.0 + in->price_elasticity * (use - start_use));
        g->power_mw *= pow(1.0 + in->supply_growth, 1.0 / 12.0);
    }
}
