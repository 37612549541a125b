/* test_macro.c — known answers for the macro loop (players/macro.c, docs/ODD.md 3.3.12): the
 * lognormal's sigma from a Gini, the mean income of a quantile band (partial expectations), AI's
 * productivity gain for a given exposure and adoption, and one region's output, jobs, income and
 * household budget a year on. Every expected value is worked out by hand (or with C's erf, an
 * independent formula) in the comment above its assertion; nothing expected is computed by the code
 * under test. Set-up: a scenario built by hand (one region, one sector, one size). Cost: microseconds. */
#include <math.h>
#include <string.h>

#include "aiecon/models/economy/players/macro.h"
#include "cunit_mpi.h"

/* G = 2 Phi(sigma / sqrt 2) − 1 = erf(sigma / 2). Gini 0.3: Phi^-1(0.65) = 0.3853205, sigma =
 * sqrt(2) × 0.3853205 = 0.5449254; back through erf (libm, not the code under test): 0.3. Gini 0:
 * everyone has the median, sigma 0. */
static void test_sigma_from_gini(void)
{
    double s = macro_lognormal_sigma(0.3);
    CU_ASSERT_DOUBLE_EQUAL(s, 0.5449254, 1e-7);
    CU_ASSERT_DOUBLE_EQUAL(erf(s / 2.0), 0.3, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(erf(macro_lognormal_sigma(0.55) / 2.0), 0.55, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(macro_lognormal_sigma(0.0), 0.0, 0.0);
}

/* Median 1000 USD/month, sigma 1; the mean is 1000 e^0.5 = 1648.7213.
 *   bottom half (0, 0.5]: z_hi = 0, Phi(0 − 1) = 0.1586553: 1648.7213 × 0.1586553 / 0.5 = 523.1566
 *   top 15 % (0.85, 1]: z_lo = Phi^-1(0.85) = 1.0364334, Phi(0.0364334) = 0.5145318:
 *                       1648.7213 × (1 − 0.5145318) / 0.15 = 5336.0138
 *   middle (0.5, 0.85]: Phi(0.0364334) − Phi(−1) = 0.3558765: 1648.7213 × 0.3558765 / 0.35 = 1676.4026
 * and the bands, weighted by their shares, give back the mean: 0.5 × 523.1566 + 0.35 × 1676.4026 +
 * 0.15 × 5336.0138 = 1648.7213. Sigma 0: every band's mean is the median. */
static void test_band_means(void)
{
    double lo = macro_band_mean(1000.0, 1.0, 0.0, 0.5), mid = macro_band_mean(1000.0, 1.0, 0.5, 0.85),
           hi = macro_band_mean(1000.0, 1.0, 0.85, 1.0);
    CU_ASSERT_DOUBLE_EQUAL(lo, 523.1566, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(mid, 1676.4026, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(hi, 5336.0138, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(0.5 * lo + 0.35 * mid + 0.15 * hi, 1000.0 * exp(0.5), 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(macro_band_mean(250.0, 0.0, 0.2, 0.7), 250.0, 1e-9);
}

/* Support agents (Brynjolfsson, Li & Raymond 2023 measure +14 %): about half their tasks exposed,
 * every firm in production, Acemoglu's 27 % saving: 0.5 × 0.27 × 1 = 0.135. A sector with a quarter
 * of its tasks exposed where 40 % of the jobs are at firms in production: 0.25 × 0.27 × 0.4 = 0.027.
 * Scale 0 switches it off. */
static void test_gain(void)
{
    CU_ASSERT_DOUBLE_EQUAL(macro_ai_gain(1.0, 0.5, 0.27, 1.0), 0.135, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(macro_ai_gain(1.0, 0.25, 0.27, 0.4), 0.027, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(macro_ai_gain(0.0, 0.25, 0.27, 0.4), 0.0, 0.0);
}

/* One region: output 1200 USD/year (100 a month), trend 10 %/year, 1000 workers, one sector with
 * half its tasks exposed, cost saving 0.2, labour share 0.6, displacement 0.5, no reinstatement;
 * one size class of 10 employees, nobody using AI at the start (start gain 0). Step 12, half the
 * firms in production: gain 0.5 × 0.2 × 0.5 = 0.05; labour saved 0.05 / 1.05, half of it displaced:
 * d = 0.0238095; output 100 × 1.1 × 1.05 × (1 − d) = 115.5 − 2.75 = 112.75 USD/month; jobs 1000 ×
 * (1 − d) = 976.1905; income index 0.6 × 1.1275 + 0.4 × 1.1 = 1.1165; output over trend 1.1275 / 1.1
 * = 1.025. Household budget: budget_usd 10, median income 100, Gini 0 (every class's mean is 100),
 * budget share 0.05: capped at 5, × 1.1165 = 5.5825 USD/month. */
static void test_region_a_year_on(void)
{
    static char rn[] = "r", sn[] = "s", zn[] = "z", cn[] = "all";
    scenario_region region = {.name = rn, .households = 1000, .gdp_usd = 1200, .gdp_growth = 0.1, .workers = 1000,
                              .median_income_usd = 100};
    scenario_sector sector = {.name = sn, .share = 1, .output_share = 1, .exposure = 0.5};
    scenario_size size = {.name = zn, .share = 1, .employees = 10};
    scenario_income income = {.name = cn, .share = 1, .budget_usd = 10};
    scenario s;
    memset(&s, 0, sizeof s);
    s.regions = &region;
    s.region_count = 1;
    s.businesses.sectors = &sector;
    s.businesses.sector_count = 1;
    s.businesses.sizes = &size;
    s.businesses.size_count = 1;
    s.households.income = &income;
    s.households.income_count = 1;
    s.macro = (scenario_macro){.ai_productivity_scale = 1, .cost_saving = 0.2, .labour_share = 0.6,
                               .displacement = 0.5, .reinstatement = 0, .budget_share = 0.05};
    macro_state m;
    macro_open(&s, &m);
    CU_ASSERT_DOUBLE_EQUAL(m.output[0][0], 100.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(m.gdp[0], 0.0, 0.0);   /* a flow: no month simulated at record 0 */
    CU_ASSERT_DOUBLE_EQUAL(m.gain[0][0], 0.0, 0.0);
    static economy_tally t;
    memset(&t, 0, sizeof t);
    t.biz_total[0][0] = 100;
    t.biz_production[0][0][0] = 50;
    macro_step(&s, &m, 12, &t);
    CU_ASSERT_DOUBLE_EQUAL(m.gain[0][0], 0.05, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(m.gdp[0], 112.75, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(m.employment[0][0], 976.1905, 1e-4);
    CU_ASSERT_DOUBLE_EQUAL(m.income_index[0], 1.1165, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(m.demand_index[0], 1.025, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(macro_budget(&s, &m, 0, 0), 5.5825, 1e-12);
    /* a month on, the same adoption, reinstatement 12 %/year: nothing newly displaced, 1 % of the
     * displaced back at work: d = 0.0238095 × (1 − 0.12 / 12) = 0.0235714, jobs 976.4286 */
    s.macro.reinstatement = 0.12;
    macro_step(&s, &m, 13, &t);
    CU_ASSERT_DOUBLE_EQUAL(m.employment[0][0], 1000.0 * (1.0 - 0.5 * 0.05 / 1.05 * 0.99), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(m.employment[0][0], 976.4286, 1e-4);
    s.macro.reinstatement = 0;
    /* switched off: output on its trend, 100 × 1.1 = 110, and no jobs lost */
    s.macro.ai_productivity_scale = 0;
    macro_open(&s, &m);
    macro_step(&s, &m, 12, &t);
    CU_ASSERT_DOUBLE_EQUAL(m.gdp[0], 110.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(m.employment[0][0], 1000.0, 1e-9);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("known answers: macro loop", NULL, NULL);
    CU_add_test(suite, "the lognormal's sigma from a Gini coefficient", test_sigma_from_gini);
    CU_add_test(suite, "mean income of a quantile band (partial expectations)", test_band_means);
    CU_add_test(suite, "AI's productivity gain for an exposure and an adoption", test_gain);
    CU_add_test(suite, "one region's output, jobs, income and budget a year on", test_region_a_year_on);
}
