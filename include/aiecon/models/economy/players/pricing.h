/* pricing.h — labs that set their prices (docs/ODD.md 3.3.11): each quarter every standing lab
 * chooses its subscription and its API price as a best response to its rivals' prices under the
 * logit demand the agents use, with a conduct parameter from price war (−1) through Bertrand–Nash
 * (0) to joint profit (1); best responses are iterated in a fixed order toward the Nash point and
 * the prices the lab charges move part of the way there. The module owns the two price markets
 * (plain structs a test can fill by hand), the one-dimensional solver (GSL's Brent minimiser) and
 * the labs' price ratios against their list paths (lab_state.subscription_ratio, api_ratio). Pure
 * functions of the replicated state: every rank sets the same prices. Never called per agent. */
#ifndef AIECON_PRICING_H
#define AIECON_PRICING_H

#include "aiecon/models/economy/players/economy.h"

enum { PRICING_MAX_SEGMENTS = SCENARIO_MAX_REGIONS * (SCENARIO_MAX_INCOME > SCENARIO_MAX_SIZES ?
                                                      SCENARIO_MAX_INCOME : SCENARIO_MAX_SIZES) };

/* Consumers: segment j (a region and an income class) holds `people` AI users who choose a lab by
 * logit on base[l] − price_weight × price[l] / budget (an outside option `outside`, −INFINITY if
 * none); a user of lab l pays with chance min(1, paid_base × (budget / price)^paid_elasticity).
 * Lab l's profit: Σ_j people × share × (paid × (price − cost_paid) − (1 − paid) × cost_free). */
typedef struct pricing_consumers {
    unsigned labs, segments;
    double price_weight, paid_base, paid_elasticity;                 /* [1] */
    double base[SCENARIO_MAX_LABS];                                  /* utility without price [1] */
    double cost_paid[SCENARIO_MAX_LABS], cost_free[SCENARIO_MAX_LABS]; /* serving a user a month [USD] */
    double people[PRICING_MAX_SEGMENTS], budget[PRICING_MAX_SEGMENTS]; /* [people], [USD/month] */
    double outside[PRICING_MAX_SEGMENTS];                            /* open weights' utility [1] */
    unsigned char sells[PRICING_MAX_SEGMENTS][SCENARIO_MAX_LABS];    /* 1: lab l sells in segment j */
} pricing_consumers;

/* Firms: segment j (a region and a size) holds `firms` using AI, each using `tokens` at the
 * reference price; they choose by logit on base[l] − price_weight × price[l] / mean price (the
 * mean over the labs that stand) and use tokens × (price / reference[l])^(−use_elasticity).
 * Outside option: open weights, utility outside_base − price_weight × outside_price / mean price.
 * Lab l's profit: Σ_j firms × share × tokens × use × (price − cost). */
typedef struct pricing_firms {
    unsigned labs, segments;
    double price_weight, use_elasticity;                             /* [1] */
    double base[SCENARIO_MAX_LABS], cost[SCENARIO_MAX_LABS];         /* [1], [USD/Mtok] */
    double reference[SCENARIO_MAX_LABS];                             /* [USD/Mtok] */
    double outside_base, outside_price;                              /* [1], [USD/Mtok]; base −INFINITY: none */
    double firms[PRICING_MAX_SEGMENTS], tokens[PRICING_MAX_SEGMENTS]; /* [firms], [Mtok/month] */
    unsigned char sells[PRICING_MAX_SEGMENTS][SCENARIO_MAX_LABS];
} pricing_firms;

/* Every lab's monthly profit at the prices price[] into profit[] (m->labs each, the caller's)
 * [USD/month]. The market is passed as void * so that both fit pricing_profit_fn. */
void pricing_consumer_profits(const void *consumers, const double *price, double *profit);
void pricing_firm_profits(const void *firms, const double *price, double *profit);

/* A market's profit function (one of the two above). Lab l maximises its own profit + conduct ×
 * the profits of the other labs that stand. */
typedef void (*pricing_profit_fn)(const void *market, const double *price, double *profit);

/* Lab l's best response in [low, high] with the others' prices in price[] held (price[l] is
 * overwritten while searching and restored): a 24-point grid on log price, then GSL's Brent
 * minimiser around the best grid point [USD]. standing[k] = 0 leaves lab k out of the conduct sum. */
double pricing_best_response(pricing_profit_fn profit, const void *market, double *price, unsigned l,
                             const int *standing, unsigned labs, double conduct, double low, double high);

/* Gauss–Seidel: `rounds` passes of best responses over the labs with moves[l] = 1 in index
 * order, each in [low[l], high[l]], from the prices in price[] (updated in place); the others
 * keep their price. conduct[l] per lab; standing[] as for pricing_best_response. */
void pricing_iterate(pricing_profit_fn profit, const void *market, double *price, const int *standing,
                     const int *moves, unsigned labs, const double *conduct, const double *low,
                     const double *high, unsigned rounds);

/* Step `step` (every third): the labs' target prices from the step's tally, and their price ratios
 * moved toward them at price_adjust_speed; then the prices charged (pricing_apply). Labs with a
 * price_adjust_speed of 0, or before step price_setting_after + 1, keep their ratios (1 at the
 * start: the list path). */
void pricing_set(const scenario *s, economy *e, uint32_t step, const economy_tally *t);

/* The prices lab l charges at step `step`: list path × its ratio × its distress price factor. */
void pricing_apply(const scenario *s, economy *e, unsigned l, uint32_t step);

/* Lab l's list API price at step `step`: api_usd_per_mtok × (1 − api_price_decline)^(step/12). */
double pricing_api_list(const scenario_lab *in, uint32_t step);

#endif
