/* test_rng.c — the counter-based streams (rng.h): Philox's known answer, the conversions to
 * uniform doubles and integers, rough uniformity, and the GSL adapter's reproducibility.
 * Every draw is a pure function of its counter, so the checks are deterministic (no flaky
 * statistics): the thresholds are wide, and a failure means a broken mapping, not bad luck. */
#include "cunit_mpi.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "aiecon/engine/rng.h"

static const uint32_t known[4] = {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u};

static void test_known_answer(void)
{
    philox4x32_ctr_t ctr = {{0, 0, 0, 0}};
    philox4x32_key_t key = {{0, 0}};
    philox4x32_ctr_t r10 = philox4x32_R(10, ctr, key);
    philox4x32_ctr_t def = philox4x32(ctr, key);
    philox4x32_ctr_t ours = rng_words(0, (rng_purpose)0, 0, 0, 0);
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(r10.v[i], known[i]);
        CU_ASSERT_EQUAL(def.v[i], known[i]);
        CU_ASSERT_EQUAL(ours.v[i], known[i]);
    }
}

/* Each coordinate of the counter and key changes the words. */
static void test_streams_differ(void)
{
    philox4x32_ctr_t base = rng_words(7, RNG_PURPOSE_BENCH, 123, 4, 5);
    philox4x32_ctr_t other[6] = {
        rng_words(8, RNG_PURPOSE_BENCH, 123, 4, 5),
        rng_words(7, RNG_PURPOSE_HOUSEHOLD_ADOPT, 123, 4, 5),
        rng_words(7, RNG_PURPOSE_BENCH, 124, 4, 5),
        rng_words(7, RNG_PURPOSE_BENCH, 123 + (UINT64_C(1) << 32), 4, 5),
        rng_words(7, RNG_PURPOSE_BENCH, 123, 5, 5),
        rng_words(7, RNG_PURPOSE_BENCH, 123, 4, 6),
    };
    for (int k = 0; k < 6; k++) {
        CU_ASSERT_NOT_EQUAL(base.v[0], other[k].v[0]);
    }
    philox4x32_ctr_t again = rng_words(7, RNG_PURPOSE_BENCH, 123, 4, 5);
    CU_ASSERT_EQUAL(again.v[0], base.v[0]);
    CU_ASSERT_EQUAL(again.v[3], base.v[3]);
}

static void test_unit_range(void)
{
    CU_ASSERT_EQUAL(rng_unit(0), 0.0);
    CU_ASSERT_TRUE(rng_unit(UINT32_MAX) < 1.0);
    CU_ASSERT_TRUE(rng_unit(UINT32_MAX) > 0.999999999);
    CU_ASSERT_EQUAL(rng_unit53(0, 0), 0.0);
    CU_ASSERT_TRUE(rng_unit53(UINT32_MAX, UINT32_MAX) < 1.0);
    for (uint64_t id = 0; id < 10000; id++) {
        philox4x32_ctr_t w = rng_words(1, RNG_PURPOSE_BENCH, id, 0, 0);
        double u = rng_unit(w.v[0]), v = rng_unit53(w.v[1], w.v[2]);
        CU_ASSERT_TRUE(u >= 0.0 && u < 1.0);
        CU_ASSERT_TRUE(v >= 0.0 && v < 1.0);
    }
}

static void test_below_range(void)
{
    CU_ASSERT_EQUAL(rng_below(0, 0, 7), 0);
    CU_ASSERT_EQUAL(rng_below(UINT32_MAX, UINT32_MAX, 7), 6);
    CU_ASSERT_EQUAL(rng_below(UINT32_MAX, UINT32_MAX, 1), 0);
    uint64_t big = UINT64_C(1) << 40;
    CU_ASSERT_TRUE(rng_below(UINT32_MAX, UINT32_MAX, big) < big);
    for (uint64_t id = 0; id < 10000; id++) {
        philox4x32_ctr_t w = rng_words(2, RNG_PURPOSE_BENCH, id, 1, 0);
        CU_ASSERT_TRUE(rng_below(w.v[0], w.v[1], 13) < 13);
        CU_ASSERT_TRUE(rng_below(w.v[2], w.v[3], big) < big);
    }
}

/* Pearson's statistic of counts against a uniform expectation over bins. */
static double chi_square(const unsigned *counts, int bins, double draws)
{
    double expected = draws / bins, chi = 0.0;
    for (int b = 0; b < bins; b++) {
        double d = counts[b] - expected;
        chi += d * d / expected;
    }
    return chi;
}

static void test_uniformity(void)
{
    enum { BINS = 100, DRAWS = 400000 };
    unsigned unit[BINS] = {0}, below[BINS] = {0};
    for (uint64_t id = 0; id < DRAWS / 4; id++) {
        philox4x32_ctr_t w = rng_words(3, RNG_PURPOSE_BENCH, id, 2, 0);
        for (int k = 0; k < 4; k++) {
            unit[(int)(rng_unit(w.v[k]) * BINS)]++;
        }
        below[rng_below(w.v[0], w.v[1], BINS)]++;
        below[rng_below(w.v[2], w.v[3], BINS)]++;
    }
    /* 99 degrees of freedom: mean 99, sd 14; 99 + 6 sd is a broken mapping, not chance. */
    double chi_unit = chi_square(unit, BINS, DRAWS), chi_below = chi_square(below, BINS, DRAWS / 2);
    printf("\n    chi-square (99 dof): rng_unit %.1f, rng_below %.1f\n", chi_unit, chi_below);
    CU_ASSERT_TRUE(chi_unit < 183.0);
    CU_ASSERT_TRUE(chi_below < 183.0);
    CU_ASSERT_TRUE(chi_unit > 40.0); /* suspiciously perfect would mean a counter, not a generator */
}

static void draw_gaussians(gsl_rng *r, uint64_t id, double *out, int n)
{
    rng_gsl_reset(r, 11, RNG_PURPOSE_HOUSEHOLD_INIT, id, 3);
    for (int i = 0; i < n; i++) {
        out[i] = gsl_ran_gaussian(r, 1.0);
    }
}

static void test_gsl_adapter(void)
{
    enum { N = 64 };
    gsl_rng *r = gsl_rng_alloc(aiecon_rng_gsl_type());
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    double a[N], b[N], c[N];
    draw_gaussians(r, 42, a, N);
    draw_gaussians(r, 43, c, N);
    draw_gaussians(r, 42, b, N);
    int differ = 0;
    double mean = 0.0;
    for (int i = 0; i < N; i++) {
        CU_ASSERT_EQUAL(a[i], b[i]);
        CU_ASSERT_TRUE(isfinite(a[i]));
        differ += a[i] != c[i];
        mean += a[i] / N;
    }
    CU_ASSERT_EQUAL(differ, N);
    CU_ASSERT_TRUE(fabs(mean) < 0.75); /* 6 sd of the mean of 64 standard normals */
    for (int i = 0; i < 1000; i++) {
        double u = gsl_rng_uniform(r);
        CU_ASSERT_TRUE(u >= 0.0 && u < 1.0);
    }
    gsl_rng_free(r);
}

void aiecon_test_register(void)
{
    CU_pSuite s = CU_add_suite("rng", NULL, NULL);
    CU_add_test(s, "Philox4x32-10 known answer", test_known_answer);
    CU_add_test(s, "every counter and key word selects a different stream", test_streams_differ);
    CU_add_test(s, "rng_unit and rng_unit53 lie in [0, 1)", test_unit_range);
    CU_add_test(s, "rng_below lies in [0, n)", test_below_range);
    CU_add_test(s, "chi-square of uniforms and of rng_below", test_uniformity);
    CU_add_test(s, "GSL adapter: same stream twice, ids differ", test_gsl_adapter);
}
