/* clouds.h — the clouds: construction for their contract backlog, limited by chips delivered
 * and by the grid's power; capacity in service; what they owe (docs/ODD.md section 1.3, step 5e). */
#ifndef AIECON_CLOUDS_H
#define AIECON_CLOUDS_H

#include "aiecon/models/economy/players/economy.h"

/* MW contracted with cloud k that is in service at step t (contracts not ended). */
double clouds_contracted_mw(const economy *e, unsigned k, long t);

/* Share of its contracted MW that cloud k can deliver now [0, 1]. */
double clouds_delivery_share(const economy *e, unsigned k, long t);

/* Payments still due to cloud k under its contracts after step `step` (labs not defaulted) [USD]. */
double clouds_receivables(const economy *e, unsigned k, uint32_t step);

/* The vintage that MW entering service at step `step` join: 1 + (step - 1) / 12, at most
 * ECONOMY_MAX_VINTAGES - 1 (vintage 0 is the fleet at the start). */
unsigned clouds_vintage_index(uint32_t step);

/* Add mw [MW] of hardware performance perf [1] and cost book_usd [USD], written off over life_months,
 * to vintage v of cloud c, installed at `step` if the vintage was empty. */
void clouds_add_vintage(cloud_state *c, unsigned v, double mw, double perf, double book_usd, double life_months,
                        double step);

/* What a MW of vintage v of cloud k earns a month on the compute market, compute_price × perf ×
 * (today's frontier perf / frontier_perf, the frontier when it is to earn it), less
 * its energy (720 h at the grid's price) and upkeep [USD/(MW·month)]; negative: retire it. */
double clouds_vintage_margin(const scenario *s, const economy *e, unsigned k, unsigned v, double frontier_perf);

/* A month of ageing for cloud k in step e->step + 1: depreciation of every vintage; retirement,
 * oldest first, of vintages whose margin is negative, as far as the capacity exceeds the MW its
 * running contracts need (the retired MW leave capacity and the grid's load, their book is written
 * off; a vintage may be retired in part); then impairment (IAS 36) of what is still uncontracted,
 * the same share of each vintage, where a vintage's value in use (clouds_vintage_value over the
 * months its book has left) is below its book: the book falls to that value and the rest is
 * written off over the same months; sets retired_mw, depreciation, impairment and book_value. */
void clouds_age(const scenario *s, economy *e, unsigned k);

/* Tobin's q of a MW: Σ_{t=1..life} (rent·decay^(t−1) − running) / (1 + monthly_rate)^t / capex,
 * the sum stopping at the first month whose margin is not positive (the MW is retired) [1];
 * 0 when capex <= 0. */
double clouds_q_value(double rent, double running, double capex, double monthly_rate, double monthly_decay,
                      unsigned life_months);

/* Value in use of a MW of vintage v of cloud k over `months` more months [USD/MW]: the present
 * value of its margin on the compute market at the price expected, the market's smoothed price
 * (as clouds_q; not one month's spot), falling at the chips' performance trend, at the rate of
 * clouds_q, stopping when the margin is no longer positive. */
double clouds_vintage_value(const scenario *s, const economy *e, unsigned k, unsigned v, unsigned months);

/* The impairment of a book against its value in use: share × max(0, book − value) [USD], share
 * the part of it no contract pays for [0, 1]. */
double clouds_impairment(double book_usd, double value_usd, double uncontracted_share);

/* Tobin's q of a new MW let `occupancy` of the time: clouds_q_value with rent = price
 * [USD/(reference MW·month)] × perf [reference MW per MW] × occupancy (clamped to [0, 1]) [1]. Pure. */
double clouds_new_mw_q(double price, double perf, double occupancy, double running, double capex,
                       double monthly_rate, double monthly_decay, unsigned life_months);

/* q of a new MW for cloud k now (clouds_new_mw_q): price = smoothed compute price, perf = the
 * region's frontier performance trend, occupancy = the cloud's smoothed occupancy, the rent
 * decaying at the frontier's performance growth; running = 720 h × the grid's price + upkeep;
 * rate = (rate + spread + risk_premium) / 12; life = 12 × depreciation_years [1]. */
double clouds_q(const scenario *s, const economy *e, unsigned k);

/* Share of cloud k's capacity in use at step `step` (clouds_in_use / capacity_mw, at most 1; 1
 * without capacity: nothing idle) [1]. */
double clouds_occupancy_now(const economy *e, unsigned k, uint32_t step);

/* The month's smoothed occupancy [1]: `now` in the first month, else smoothed + (now − smoothed) /
 * MARKET_SMOOTHING_MONTHS, after rescaling smoothed by (capacity_mw + retired_mw) / capacity_mw
 * (at most 1) when retired_mw MW were retired this month: they were idle, so the same use fills
 * the capacity_mw left. Pure. */
double clouds_occupancy_update(double smoothed, double now, double capacity_mw, double retired_mw, int first);

/* Idle MW of cloud c's fleet whose chips perform at least perf: the MW of such vintages less the
 * MW in use (in_use_mw), the best chips taken first, at least 0 [MW]. */
double clouds_idle_as_good(const cloud_state *c, double in_use_mw, double perf);

/* MW-weighted hardware performance of the fleets of the clouds not defaulted [1] (the chips on
 * offer when nothing is in service). */
double clouds_fleet_perf(const scenario *s, const economy *e);

/* What cloud k owes its labs at step `step` for capacity contracted and not delivered:
 * delay_penalty × (1 − delivery_share) × Σ contracted MW × price [USD]. */
double clouds_delay_penalty(const scenario *s, const economy *e, unsigned k, uint32_t step);

/* After the settlement of step `step`: every running contract of a cloud behind schedule runs
 * on by the share of the month it was not delivered (delay_months += 1 − delivery_share). */
void clouds_delay_contracts(economy *e, uint32_t step);

/* Age the fleet, start for the backlog and order chips; install what chips and power allow. */
void clouds_build(const scenario *s, economy *e, uint32_t step);

/* Power a fleet of capacity_mw draws with in_use_mw of it in use (clamped to [0, capacity]):
 * in use + idle_draw × idle [MW]. */
double clouds_power_drawn(double capacity_mw, double in_use_mw, double idle_draw);

/* MW of cloud k in use in step `step`: contracted with labs not defaulted plus let on the compute
 * market (reference MW over the fleet's performance), at most its capacity [MW]. */
double clouds_in_use(const economy *e, unsigned k, uint32_t step);

#endif
