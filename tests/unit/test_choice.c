/* test_choice.c — the multinomial logit: probabilities that add up to 1, labs that cannot take
 * users never chosen, stability for large utilities, and choice frequencies that match. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "aiecon/models/economy/populations/choice.h"
#include "aiecon/engine/rng.h"
#include "cunit_mpi.h"

enum { N = 7 };

static void test_probabilities_sum_to_one(void)
{
    double u[N], p[N];
    for (uint32_t trial = 0; trial < 1000; trial++) {
        philox4x32_ctr_t a = rng_words(5, RNG_PURPOSE_BENCH, trial, 0, 0);
        philox4x32_ctr_t b = rng_words(5, RNG_PURPOSE_BENCH, trial, 0, 1);
        uint32_t words[8] = {a.v[0], a.v[1], a.v[2], a.v[3], b.v[0], b.v[1], b.v[2], b.v[3]};
        unsigned n = 1 + trial % N;
        for (unsigned i = 0; i < n; i++) {
            u[i] = 20.0 * rng_unit(words[i]) - 10.0;
        }
        if (n > 2 && trial % 3 == 0) {
            u[trial % n] = -INFINITY;
        }
        CU_ASSERT_EQUAL_FATAL(choice_probabilities(u, n, p), 0);
        double sum = 0.0;
        for (unsigned i = 0; i < n; i++) {
            CU_ASSERT(p[i] >= 0.0 && p[i] <= 1.0);
            if (u[i] == -INFINITY) {
                CU_ASSERT_EQUAL(p[i], 0.0);
            }
            sum += p[i];
        }
        CU_ASSERT_DOUBLE_EQUAL(sum, 1.0, 1e-12);
    }
}

static void test_known_values(void)
{
    double u[3] = {0.0, log(3.0), -INFINITY}, p[3];
    CU_ASSERT_EQUAL(choice_probabilities(u, 3, p), 0);
    CU_ASSERT_DOUBLE_EQUAL(p[0], 0.25, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(p[1], 0.75, 1e-15);
    CU_ASSERT_EQUAL(p[2], 0.0);
}

static void test_all_impossible(void)
{
    double u[3] = {-INFINITY, -INFINITY, -INFINITY}, p[3] = {9, 9, 9}, scratch[3];
    CU_ASSERT_EQUAL(choice_probabilities(u, 3, p), -1);
    CU_ASSERT(p[0] == 0.0 && p[1] == 0.0 && p[2] == 0.0);
    CU_ASSERT_EQUAL(choice_logit(u, 3, 0.5, scratch), -1);
    CU_ASSERT_EQUAL(choice_logit(u, 0, 0.5, scratch), -1);
}

static void test_large_utilities(void)
{
    double u[3] = {1000.0, 1000.0 + log(2.0), -1000.0}, p[3], scratch[3];
    CU_ASSERT_EQUAL(choice_probabilities(u, 3, p), 0);
    CU_ASSERT(isfinite(p[0]) && isfinite(p[1]) && isfinite(p[2]));
    CU_ASSERT_DOUBLE_EQUAL(p[0], 1.0 / 3.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(p[1], 2.0 / 3.0, 1e-12);
    CU_ASSERT_EQUAL(choice_logit(u, 3, 0.2, scratch), 0);
    CU_ASSERT_EQUAL(choice_logit(u, 3, 0.9, scratch), 1);
    double v[2] = {-1000.0, -1001.0};
    CU_ASSERT_EQUAL(choice_probabilities(v, 2, p), 0);
    CU_ASSERT_DOUBLE_EQUAL(p[0], 1.0 / (1.0 + exp(-1.0)), 1e-12);
}

static void test_frequencies_match(void)
{
    double u[4] = {0.3, -INFINITY, 1.1, -0.4}, p[4], scratch[4];
    CU_ASSERT_EQUAL_FATAL(choice_probabilities(u, 4, p), 0);
    unsigned count[4] = {0};
    const uint32_t draws = 100000;
    for (uint32_t i = 0; i < draws; i++) {
        double x = rng_unit(rng_words(11, RNG_PURPOSE_BENCH, i, 1, 0).v[0]);
        int k = choice_logit(u, 4, x, scratch);
        CU_ASSERT_FATAL(k >= 0 && k < 4);
        count[k]++;
    }
    CU_ASSERT_EQUAL(count[1], 0);
    for (unsigned i = 0; i < 4; i++) {
        CU_ASSERT_DOUBLE_EQUAL((double)count[i] / draws, p[i], 0.01);
    }
    /* the edges of [0, 1) land on possible labs */
    CU_ASSERT_EQUAL(choice_logit(u, 4, 0.0, scratch), 0);
    CU_ASSERT_EQUAL(choice_logit(u, 4, nextafter(1.0, 0.0), scratch), 3);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("choice", NULL, NULL);
    CU_add_test(suite, "probabilities add up to 1, -INFINITY gets 0", test_probabilities_sum_to_one);
    CU_add_test(suite, "known probabilities", test_known_values);
    CU_add_test(suite, "every utility -INFINITY: -1", test_all_impossible);
    CU_add_test(suite, "utilities of ±1000 neither overflow nor underflow", test_large_utilities);
    CU_add_test(suite, "choice frequencies over 1e5 uniforms match the probabilities", test_frequencies_match);
}
