/* rng.c — the GSL face of the Philox streams (see rng.h).
 * Random123 ships the adapter (gsl_microrng.h: a gsl_rng_type whose state is a Philox counter and
 * key, the last counter word counting calls); this file instantiates it for philox4x32 and maps
 * aiecon's (seed, purpose, id, step) onto its counter and key, leaving the last word for GSL. */
#include "aiecon/engine/rng.h"

#include <Random123/gsl_microrng.h>

/* Defines gsl_rng_aiecon_philox (a pointer to a constant type, set at load time) and
 * aiecon_philox_reset(). */
GSL_MICRORNG(aiecon_philox, philox4x32);

const gsl_rng_type *aiecon_rng_gsl_type(void) { return gsl_rng_aiecon_philox; }

void rng_gsl_reset(gsl_rng *r, uint32_t seed, rng_purpose purpose, uint64_t id, uint32_t step)
{
    philox4x32_ctr_t ctr = {{(uint32_t)id, (uint32_t)(id >> 32), step, 0}};
    philox4x32_key_t key = {{seed, (uint32_t)purpose}};
    aiecon_philox_reset(r, ctr, key);
}
