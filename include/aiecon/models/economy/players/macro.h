/* macro.h — the macro loop (docs/ODD.md 3.3.12): output, employment and household income by region
 * and sector, and AI's effect on them.
 *
 * Owns macro_state, a plain block of doubles inside the replicated players (economy.h), hashed
 * and checkpointed with them. Reads the reduced tally (which firms have AI in production) and the
 * scenario's regions (gdp_usd, gdp_growth, workers, median_income_usd, gini), sectors
 * (output_share, exposure), sizes (employees) and the `macro` section. Gives the players two
 * indices: household income over the start's (households' AI budgets grow with it) and output over
 * its trend (firms' AI budgets grow with it). Everything is per (region, sector) and step: O(16 × 8). */
#ifndef AIECON_MACRO_H
#define AIECON_MACRO_H

#include <stdint.h>
#include "aiecon/models/economy/populations/offers.h"
#include "aiecon/params/scenario_params.h"

/* Every field is a double: the struct is hashed and checkpointed as bytes (no padding). */
typedef struct macro_state {
    double gdp[SCENARIO_MAX_REGIONS];            /* output in the month [USD/month] */
    double income[SCENARIO_MAX_REGIONS];         /* household income in the month [USD/month] */
    double income_index[SCENARIO_MAX_REGIONS];   /* household income / the start's [1] */
    double demand_index[SCENARIO_MAX_REGIONS];   /* output / its trend without AI: firms' AI budgets × this [1] */
    double adoption[SCENARIO_MAX_REGIONS];       /* employment-weighted share of firms with AI in production [1] */
    double gain[SCENARIO_MAX_REGIONS][SCENARIO_MAX_SECTORS];       /* AI's labour-productivity gain [1] */
    double gain_start[SCENARIO_MAX_REGIONS][SCENARIO_MAX_SECTORS]; /* the gain at the start (in gdp_usd) [1] */
    double displaced[SCENARIO_MAX_REGIONS][SCENARIO_MAX_SECTORS];  /* share of the start's jobs gone to AI [1] */
    double output[SCENARIO_MAX_REGIONS][SCENARIO_MAX_SECTORS];     /* [USD/month] */
    double employment[SCENARIO_MAX_REGIONS][SCENARIO_MAX_SECTORS]; /* [workers] */
    double class_mean[SCENARIO_MAX_REGIONS][SCENARIO_MAX_INCOME];  /* mean income of each class at the start [USD/month] */
} macro_state;

/* ---- closed forms (pure; the unit tests check them against independent formulas) ---- */

/* The lognormal's sigma for Gini g: g = 2 Phi(sigma / sqrt 2) − 1. */
double macro_lognormal_sigma(double gini);
/* Mean of a lognormal (median m, sigma) over its quantile band (q_lo, q_hi], 0 ≤ q_lo < q_hi ≤ 1:
 * m e^(sigma²/2) [Phi(z_hi − sigma) − Phi(z_lo − sigma)] / (q_hi − q_lo), z = Phi^-1(q). */
double macro_band_mean(double median, double sigma, double q_lo, double q_hi);
/* AI's labour-productivity gain of a sector: scale × exposure × cost_saving × adoption [1]. */
double macro_ai_gain(double scale, double exposure, double cost_saving, double adoption);

/* ---- the loop ---- */

/* Record 0: output gdp_usd / 12 split over the sectors, employment `workers`, the start's gain from
 * the sizes' initial adoption (half of it in production, as businesses.c starts them); gdp and
 * income, the month's flows, 0 (no month simulated yet). */
void macro_open(const scenario *s, macro_state *m);
/* Step `step` (1-based) from the step's reduced tally t: adoption, gains, jobs, output, incomes. */
void macro_step(const scenario *s, macro_state *m, uint32_t step, const economy_tally *t);
/* The AI budget of income class c in region r this month [USD/month]: budget_usd, bounded by
 * budget_share × the class's mean income, × the region's income index. */
double macro_budget(const scenario *s, const macro_state *m, unsigned r, unsigned c);

#endif
