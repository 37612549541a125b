/* chips.h — the chipmakers: orders join backlogs, production capacity is shared among the
 * clouds waiting, price = unit cost × a markup that rises with backlog / capacity, performance
 * per unit improves by generations on a cadence, and export controls keep controlled chipmakers' chips out of blocked
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

/* Produce and ship in step `step`: fills each cloud's chips_received, each chipmaker's shipments
 * and price, and sets perf to the generation on offer in step + 1. */
void chips_produce(const scenario *s, economy *e, uint32_t step);

/* Performance per unit of chipmaker `in`'s generation on offer after `months` months of the run,
 * relative to the start's: (1 + perf_growth)^(G × n / 12) with n = ⌊(months + G/2) / G⌋ generations
 * released, G = generation_months; (1 + perf_growth)^(months / 12) when G = 0 [1]. */
double chips_generation_perf(const scenario_chipmaker *in, uint32_t months);

/* Price for the current backlog [USD/unit]. */
double chips_price(const scenario_chipmaker *m, const chip_state *c);

/* Performance per unit of the chips on offer, weighted by market share (1 at the start) [1]. */
double chips_frontier_perf(const scenario *s, const economy *e);
/* The same for the chips region r may buy (export controls; r < 0: every chip), shares
 * renormalised over them, `months` ahead of the step being run (e->step + 1): the generations
 * then on offer (chips_generation_perf) [1]. */
double chips_frontier_perf_in(const scenario *s, const economy *e, int region, double months);
/* The same on the trend: each chipmaker's performance on its smooth path (1 + perf_growth)^(t/12),
 * which the generation steps straddle, `months` ahead: what a buyer expects of the chips it can
 * buy over the roadmap, without the saw-tooth of release dates (a chip's price follows its
 * performance within a cycle) [1]. */
double chips_frontier_trend_in(const scenario *s, const economy *e, int region, double months);

#endif
