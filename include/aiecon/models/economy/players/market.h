/* market.h — the market for compute (docs/ODD.md section 3.3.10): each month a rental price per
 * reference GPU-hour clears supply (the clouds' capacity no contract uses) against demand (the
 * labs' inference need beyond their contracts, firms renting for open models), in
 * performance-adjusted units: a reference MW is a MW of the start's chips (performance 1). The
 * price is found with GSL's Brent solver; what is rented is paid through the ledger at settlement
 * (finance.c). The price also sets the clouds' lease price for new contracts and what a vintage
 * earns (clouds.c). */
#ifndef AIECON_MARKET_H
#define AIECON_MARKET_H

#include "aiecon/models/economy/players/economy.h"

/* Mean age of the market's smoothed price, the exponential average the clouds' contracts are
 * priced on and their expected occupancy is measured over: x += (now − x) / this, monthly [months]. */
#define MARKET_SMOOTHING_MONTHS 6.0

/* One side of the market in one curve: `quantity` reference MW, `price` its pivot
 * [USD/(reference MW·month)], `elasticity` its steepness [1]. A supplier offers
 * quantity × p^η / (p^η + price^η); a buyer takes quantity × price^ε / (price^ε + p^ε). */
typedef struct market_curve {
    double quantity, price, elasticity;
} market_curve;

/* The price [USD/(reference MW·month)] at which the buyers' demand equals the suppliers' offer, by
 * Brent's method on the log of the price; `fallback` when there is nothing to trade (no supply or no
 * demand). The firms renting for open models are a buyer like a lab. Pure. */
double market_solve(const market_curve *supply, unsigned suppliers, const market_curve *demand, unsigned buyers,
                    double fallback);

/* What supplier curve c offers / buyer curve c takes at price p [reference MW]. */
double market_supplied(const market_curve *c, double p);
double market_demanded(const market_curve *c, double p);

/* The price before the first month: the clouds' lease prices of the start (for the start's chips,
 * performance 1), weighted by their capacity + 1 MW [USD/(reference MW·month)]. */
double market_start_price(const scenario *s);

/* Accelerators in a MW, weighted by the chipmakers' market shares [units/MW]: a reference
 * GPU-hour is 1 / (this × 720) reference MW-months. */
double market_units_per_mw(const scenario *s);

/* USD per reference GPU-hour of a price in USD per reference MW-month. */
double market_usd_per_gpu_hour(const scenario *s, double usd_per_mw_month);

/* The month's market: fills e->compute_price, each lab's rented_mw and rent_usd, each cloud's
 * let_mw, and the firms' open-model rentals (e->open_rented_mw, e->open_rent_usd). Reads each
 * lab's demand_mw and capacity_mw (labs_demand), so it runs after it. */
void market_clear(const scenario *s, economy *e, uint32_t step);

#endif
