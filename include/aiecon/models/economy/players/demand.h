/* demand.h — the demand side of the labs' offers (docs/ODD.md 3.3.4): where each lab may sell,
 * how many tokens a user or a firm uses at a lab's price and quality (a constant elasticity),
 * how the cheapest subscription slows adoption, and what price and rationing do to a firm's
 * return on AI. Pure functions of the scenario and the replicated players' state, so every rank
 * gets the same answer; the players read them once per step, never the agent loops. */
#ifndef AIECON_DEMAND_H
#define AIECON_DEMAND_H

#include <stdint.h>

#include "aiecon/models/economy/players/economy.h"

/* 1 when households and firms of region r may choose lab l: the lab lists no markets (it sells
 * everywhere) or lists region r among them; else 0. */
int demand_sells_in(const scenario *s, unsigned l, unsigned r);

/* 1 if lab b may sell in every region where lab l sells (labs.*.markets): b could serve every
 * user of l's business. */
int demand_sells_wherever(const scenario *s, unsigned b, unsigned l);

/* The reference API price of month index m (m = step − 1, the month whose prices step `step`
 * charges) for population choice c and a lab whose start price is own_start [USD/million tokens]:
 * (c->price_reference_usd_per_mtok, or own_start when that is 0) × (1 − decline)^(m/12). */
double demand_reference_price(const scenario_choice *c, double own_start, uint32_t month);

/* Tokens per user relative to the scenario's tokens [1]:
 * (price / reference)^(−price_elasticity) × (quality / best)^quality_elasticity, each factor 1
 * when its elasticity is 0 or its ratio undefined (a zero price or reference, no best). */
double demand_use(double price, double reference, double price_elasticity, double quality, double best,
                  double quality_elasticity);

/* Every lab's use factor for households (hh[l]) and firms (biz[l]) at step `step` from its current
 * API price and quality against the best quality of the labs that stand. Caller owns both arrays
 * (e->labs entries each). */
void demand_use_factors(const scenario *s, const economy *e, uint32_t step, double *hh, double *biz);

/* Adoption hazard factor of a household with `budget` where the cheapest subscription it can
 * buy is `cheapest` [1]: min(1, budget / cheapest)^weight (1 when weight is 0 or nothing is sold). */
double demand_affordability(double budget, double cheapest, double weight);

/* A firm's mean monthly ROI with lab l [1/month]: the sector's roi × (quality / best) ×
 * (1 − roi_rationing × (1 − served share)) × (reference / API price)^roi_price_elasticity. */
double demand_roi(const scenario *s, const economy *e, unsigned sector, unsigned l, double best, uint32_t step);

/* Open-weight models (docs/ODD.md 3.3.4): 1 when the scenario offers them (open_weight_lag_months > 0
 * and room in the state byte for one more provider). Their provider index is e->labs. */
int demand_open_offered(const scenario *s);

/* What a million tokens of open weights cost a firm at the compute market's price this month
 * [USD/million tokens]: compute_price / (open_weight_serving_mtok_per_mw × algorithmic progress). */
double demand_open_usd_per_mtok(const scenario *s, const economy *e);

/* The compute firms running open weights need, from the tally (index e->labs), into
 * e->open_need_mw [reference MW]: their tokens (as a lab's firms', with token growth) / tokens a
 * reference MW serves. 0 when not offered. */
void demand_open_need(const scenario *s, economy *e, uint32_t step, const economy_tally *t);

/* The open-weight models' quality after step t: it closes 1 / open_weight_lag_months of its gap to
 * the best standing lab's quality each month (a first-order lag whose mean lag is that many months). */
void demand_open_follow(const scenario *s, economy *e);

#endif
