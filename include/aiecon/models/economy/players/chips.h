/* chips.h — the chipmakers: orders join backlogs, production capacity is shared among the
 * clouds waiting, price = unit cost × a markup that rises with backlog / capacity, performance
 * per unit improves, and export controls keep controlled chipmakers' chips out of blocked
 * regions (docs/ODD.md section 1.3, step 5f). */
#ifndef AIECON_CHIPS_H
#define AIECON_CHIPS_H

#include "aiecon/models/economy/players/economy.h"

/* Place cloud k's order of `units` with the chipmakers allowed to ship to its region, by market
 * share. Returns the units that no chipmaker may deliver (all blocked). */
double chips_order(const scenario *s, economy *e, unsigned k, double units);

/* Cancel the share `fraction` (0–1) of cloud k's orders still in every chipmaker's backlog. */
void chips_cancel(economy *e, unsigned k, double fraction);

/* A month of chipmaker c's capacity expansion: what was started fab_lead_months ago comes on line,
 * and fab_response × max(0, backlog / backlog_months − capacity − capacity coming) is started. */
void chips_expand(const scenario_chipmaker *in, chip_state *c);

/* Zero every chipmaker's orders of the step (before the clouds order). */
void chips_reset_orders(economy *e);

/* Produce and ship: fills each cloud's chips_received, each chipmaker's shipments and price. */
void chips_produce(const scenario *s, economy *e);

/* Price for the current backlog [USD/unit]. */
double chips_price(const scenario_chipmaker *m, const chip_state *c);

/* Performance per unit of the chips on offer, weighted by market share (1 at the start) [1]. */
double chips_frontier_perf(const scenario *s, const economy *e);
/* The same for the chips region r may buy (export controls; r < 0: every chip), shares
 * renormalised over them, `months` ahead (each chipmaker's perf grown at its perf_growth) [1]. */
double chips_frontier_perf_in(const scenario *s, const economy *e, int region, double months);

#endif
