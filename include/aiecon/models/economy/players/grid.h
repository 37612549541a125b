/* grid.h — one grid per region: power available to data centres grows when the load connected
 * and queued, and the price, ask for it, with an interconnection lead time; the electricity price
 * rises with the connected load against what is available, plus the recovery of what the expansion
 * cost; what data centres draw follows their use (docs/ODD.md section 3.3.7). */
#ifndef AIECON_GRID_H
#define AIECON_GRID_H

#include "aiecon/models/economy/players/economy.h"

/* Power still free for new data-centre capacity in region r [MW]. */
double grid_headroom(const scenario *s, const economy *e, unsigned r);

/* Power region r's grid will have for data centres `months` from now: today's, plus the supply
 * coming on line by then, grown at supply_growth [MW]. */
double grid_power_ahead(const scenario *s, const economy *e, unsigned r, unsigned months);

/* A month of grid g's expansion: what was started interconnect_months ago comes on line, and
 * expansion_response × price / start price × max(0, (load + queued_mw) × (1 + reserve_margin) −
 * power − supply coming) is started (g->started_mw), at expansion_usd_per_mw a MW (g->expansion_cost,
 * added to g->capital_usd). Reads g->load_mw and g->price_usd_per_mwh. */
void grid_expand(const scenario_grid *in, grid_state *g, double queued_mw);

/* The price adder that recovers capital_usd [USD] over recovery_years at yearly_rate [1/year]:
 * the monthly annuity capital × r / (1 − (1 + r)^−n), r = rate / 12, n = max(1, 12 × years) (capital / n
 * at a zero rate), into *charge_usd [USD/month], spread over drawn_mw × 720 h [USD/MWh]; 0 when
 * nothing is drawn. */
double grid_capital_adder(double capital_usd, double yearly_rate, double recovery_years, double drawn_mw,
                          double *charge_usd);

/* Update the connected and drawn load from the clouds, then price and supply for the next step. */
void grid_update(const scenario *s, economy *e);

#endif
