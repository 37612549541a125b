/* macro.c — the macro loop: output, jobs and incomes by region and sector (see macro.h; the
 * equations and their sources are in docs/ODD.md 3.3.12).
 *
 * Design: a task-based rule in the spirit of Acemoglu (2024). In region r and sector j the labour
 * productivity AI adds is g = scale × exposure_j × cost_saving × a_r, with exposure_j the share of
 * the sector's tasks AI does at a firm that has it in production (Eloundou et al. 2023 put ~20 % of
 * US tasks within reach), cost_saving the labour cost saved on such a task (Acemoglu: 27 %) and a_r
 * the employment-weighted share of the region's firms in production, read from the reduced tally
 * (the per-agent loops are not touched, so a_r is the same for every sector of a region). Check:
 * Brynjolfsson, Li & Raymond (2023) measure +14 % for support agents, an occupation with about half
 * its tasks exposed: 0.5 × 0.27 = 13.5 % at full adoption. Output Y = Y0 × trend × (1 + g) / (1 + g0)
 * × (1 − d): the trend is exogenous (gdp_growth), g0 the gain already in the start's output and d
 * the share of the start's jobs AI displaced, which rises by `displacement` × the labour newly saved,
 * g / (1 + g), and falls by `reinstatement` a year (new tasks). Household income grows by
 * labour_share × output growth + (1 − labour_share) × trend (the rest of AI's gain is profit that
 * goes to the owners, outside the region's households); households' AI budgets grow with it. Firms'
 * token budgets grow with output over its trend (their token_growth, fitted to usage, already holds
 * the trend). Cost: O(regions × sectors) a step, on every rank identically. */
#include "aiecon/models/economy/players/macro.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

double macro_lognormal_sigma(double gini)
{
    if (!(gini > 0.0)) return 0.0;
    return sqrt(2.0) * gsl_cdf_ugaussian_Pinv(0.5 * (1.0 + gini));
}

/* Phi(z − sigma) with z = Phi^-1(q), the ends of the distribution exact. */
static double shifted_cdf(double q, double sigma)
{
    if (q <= 0.0) return 0.0;
    if (q >= 1.0) return 1.0;
    return gsl_cdf_ugaussian_P(gsl_cdf_ugaussian_Pinv(q) - sigma);
}

double macro_band_mean(double median, double sigma, double q_lo, double q_hi)
{
    if (!(q_hi > q_lo)) return median * exp(sigma * gsl_cdf_ugaussian_Pinv(fmin(fmax(q_lo, 1e-12), 1 - 1e-12)));
    double mass = shifted_cdf(q_hi, sigma) - shifted_cdf(q_lo, sigma);
    return median * exp(0.5 * sigma * sigma) * mass / (q_hi - q_lo);
}

double macro_ai_gain(double scale, double exposure, double cost_saving, double adoption)
{
    return scale * exposure * cost_saving * adoption;
}

/* Sector j's share of output and jobs: output_share normalised; all 0: the firms' shares. */
static double sector_weight(const scenario *s, unsigned j)
{
    const scenario_businesses *b = &s->businesses;
    double sum = 0.0;
    for (unsigned k = 0; k < b->sector_count; k++) sum += b->sectors[k].output_share;
    if (sum > 0.0) return b->sectors[j].output_share / sum;
    double firms = 0.0;
    for (unsigned k = 0; k < b->sector_count; k++) firms += b->sectors[k].share;
    return firms > 0.0 ? b->sectors[j].share / firms : 0.0;
}

static double trend(const scenario *s, unsigned r, uint32_t step)
{
    return pow(1.0 + s->regions[r].gdp_growth, step / 12.0);
}

static double start_gdp(const scenario *s, unsigned r) { return s->regions[r].gdp_usd / 12.0; }

/* Household income at the start: households × the lognormal's mean [USD/month]. */
static double start_income(const scenario *s, unsigned r)
{
    double sigma = macro_lognormal_sigma(s->regions[r].gini);
    return (double)s->regions[r].households * s->regions[r].median_income_usd * exp(0.5 * sigma * sigma);
}

static void open_classes(const scenario *s, macro_state *m, unsigned r)
{
    const scenario_households *h = &s->households;
    double sigma = macro_lognormal_sigma(s->regions[r].gini), lo = 0.0;
    for (unsigned c = 0; c < h->income_count; c++) {
        double hi = c + 1 == h->income_count ? 1.0 : fmin(1.0, lo + h->income[c].share);
        m->class_mean[r][c] = macro_band_mean(s->regions[r].median_income_usd, sigma, lo, hi);
        lo = hi;
    }
}

void macro_open(const scenario *s, macro_state *m)
{
    memset(m, 0, sizeof *m);
    const scenario_businesses *b = &s->businesses;
    double using = 0.0, all = 0.0;   /* employment-weighted; half of the first users in production */
    for (unsigned k = 0; k < b->size_count; k++) {
        double jobs = b->sizes[k].share * b->sizes[k].employees;
        using += 0.5 * b->sizes[k].initial_adopted * jobs;
        all += jobs;
    }
    double a0 = all > 0.0 ? using / all : 0.0;
    for (unsigned r = 0; r < s->region_count; r++) {
        m->adoption[r] = a0;   /* gdp and income, flows of a month, are 0 at record 0 (no month simulated) */
        m->income_index[r] = m->demand_index[r] = 1.0;
        for (unsigned j = 0; j < b->sector_count; j++) {
            m->gain[r][j] = m->gain_start[r][j] = macro_ai_gain(s->macro.ai_productivity_scale, b->sectors[j].exposure,
                                                                s->macro.cost_saving, a0);
            m->output[r][j] = start_gdp(s, r) * sector_weight(s, j);
            m->employment[r][j] = s->regions[r].workers * sector_weight(s, j);
        }
        open_classes(s, m, r);
    }
}

/* Employment-weighted share of region r's firms with AI in production (any lab or open weights). */
static double adoption(const scenario *s, unsigned r, const economy_tally *t)
{
    double production = 0.0, all = 0.0;
    for (unsigned k = 0; k < s->businesses.size_count; k++) {
        double per_firm = s->businesses.sizes[k].employees, firms = 0.0;
        for (unsigned l = 0; l < OFFERS_MAX_LABS; l++) firms += (double)t->biz_production[l][r][k];
        production += firms * per_firm;
        all += (double)t->biz_total[r][k] * per_firm;
    }
    return all > 0.0 ? production / all : 0.0;
}

/* Sector j of region r: its gain, the jobs it displaced, its output and employment. */
static void sector_step(const scenario *s, macro_state *m, unsigned r, unsigned j, double growth)
{
    const scenario_macro *p = &s->macro;
    double g = macro_ai_gain(p->ai_productivity_scale, s->businesses.sectors[j].exposure, p->cost_saving,
                             m->adoption[r]);
    double saved_now = g / (1.0 + g), saved_before = m->gain[r][j] / (1.0 + m->gain[r][j]);
    double d = m->displaced[r][j] * (1.0 - p->reinstatement / 12.0) + p->displacement * fmax(0.0, saved_now - saved_before);
    d = fmin(fmax(d, 0.0), 1.0);
    m->gain[r][j] = g;
    m->displaced[r][j] = d;
    double w = sector_weight(s, j);
    m->employment[r][j] = s->regions[r].workers * w * (1.0 - d);
    m->output[r][j] = start_gdp(s, r) * w * growth * (1.0 + g) / (1.0 + m->gain_start[r][j]) * (1.0 - d);
}

void macro_step(const scenario *s, macro_state *m, uint32_t step, const economy_tally *t)
{
    const scenario_macro *p = &s->macro;
    for (unsigned r = 0; r < s->region_count; r++) {
        double growth = trend(s, r, step), y0 = start_gdp(s, r);
        m->adoption[r] = adoption(s, r, t);
        m->gdp[r] = 0.0;
        for (unsigned j = 0; j < s->businesses.sector_count; j++) {
            sector_step(s, m, r, j, growth);
            m->gdp[r] += m->output[r][j];
        }
        double output_growth = y0 > 0.0 ? m->gdp[r] / y0 : growth;
        m->income_index[r] = p->labour_share * output_growth + (1.0 - p->labour_share) * growth;
        m->income[r] = start_income(s, r) * m->income_index[r];
        m->demand_index[r] = output_growth / growth;
    }
}

double macro_budget(const scenario *s, const macro_state *m, unsigned r, unsigned c)
{
    double budget = s->households.income[c].budget_usd, cap = s->macro.budget_share * m->class_mean[r][c];
    if (cap > 0.0 && cap < budget) budget = cap;
    return budget * m->income_index[r];
}
