/* rng.h — counter-based random streams (Random123 Philox4x32-10).
 *
 * A draw is a pure function of (seed, purpose, global agent id, step, draw index): no generator
 * state exists, so no partition of agents over ranks and no order of updates can change a number.
 * The key is (seed, purpose); the counter is (id low 32 bits, id high 32 bits, step, draw).
 * One Philox call yields four 32-bit words, so a caller that needs up to four numbers for one
 * (id, step) pays for one call. GSL's distributions draw from the same streams through
 * aiecon_rng_gsl_type (Random123's gsl_microrng adapter): rng_gsl_reset() points a gsl_rng at the
 * stream of one (purpose, id, step) and up to 2^32 further calls continue that stream. */
#ifndef AIECON_RNG_H
#define AIECON_RNG_H

#include <stdint.h>
#include <Random123/philox.h>
#include <gsl/gsl_rng.h>

/* Purposes: one independent family of streams each. Append only: renumbering changes outputs. */
typedef enum rng_purpose {
    RNG_PURPOSE_NETWORK_HOUSEHOLDS = 1,
    RNG_PURPOSE_NETWORK_BUSINESSES = 2,
    RNG_PURPOSE_HOUSEHOLD_ADOPT = 3,
    RNG_PURPOSE_HOUSEHOLD_INIT = 4,
    RNG_PURPOSE_BUSINESS_ADOPT = 5,
    RNG_PURPOSE_BUSINESS_INIT = 6,
    RNG_PURPOSE_HOUSEHOLD_CHOICE = 7,
    RNG_PURPOSE_BUSINESS_CHOICE = 8,
    RNG_PURPOSE_BENCH = 9,
    RNG_PURPOSE_RUMOUR_NETWORK = 10,
    RNG_PURPOSE_RUMOUR_SEEDS = 11,
    RNG_PURPOSE_RUMOUR_PASS = 12
} rng_purpose;

/* Four uniformly distributed 32-bit words for (seed, purpose, id, step, draw). */
static inline philox4x32_ctr_t rng_words(uint32_t seed, rng_purpose purpose, uint64_t id, uint32_t step,
                                         uint32_t draw)
{
    philox4x32_ctr_t ctr = {{(uint32_t)id, (uint32_t)(id >> 32), step, draw}};
    philox4x32_key_t key = {{seed, (uint32_t)purpose}};
    return philox4x32(ctr, key);
}

/* A double in [0, 1) from one 32-bit word (resolution 2^-32). */
static inline double rng_unit(uint32_t word) { return word * (1.0 / 4294967296.0); }

/* A double in [0, 1) from two words (53 bits). */
static inline double rng_unit53(uint32_t hi, uint32_t lo)
{
    return (double)((((uint64_t)hi << 32) | lo) >> 11) * (1.0 / 9007199254740992.0);
}

/* An integer uniform in [0, n) from two words (multiply-shift, bias below 2^-32 for n < 2^32). */
static inline uint64_t rng_below(uint32_t hi, uint32_t lo, uint64_t n)
{
    uint64_t x = ((uint64_t)hi << 32) | lo;
    return (uint64_t)(((unsigned __int128)x * n) >> 64);
}

/* The gsl_rng_type whose generators draw Philox streams; allocate with gsl_rng_alloc(). */
const gsl_rng_type *aiecon_rng_gsl_type(void);

/* Point a gsl_rng allocated from aiecon_rng_gsl_type() at the stream of (seed, purpose, id, step). */
void rng_gsl_reset(gsl_rng *r, uint32_t seed, rng_purpose purpose, uint64_t id, uint32_t step);

#endif
