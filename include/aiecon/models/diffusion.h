/* diffusion.h — the Bass validation model on the engine (scenarios without labs): one household
 * population on its small-world network, each household adopting with chance p + q × (share of
 * adopted neighbours). Its step: halo → adopt → exact reduction. diffusion_model is the table the
 * driver runs (model.h); an instance reads a validated scenario, which it does not own. */
#ifndef AIECON_MODELS_DIFFUSION_H
#define AIECON_MODELS_DIFFUSION_H

#include "aiecon/engine/model.h"
#include "aiecon/io/scenario.h"

extern const model diffusion_model;

typedef struct diffusion_run diffusion_run;

/* An instance for scenario s (kept by reference: s must outlive it); *out owned by the caller,
 * freed by diffusion_model.release. Local: fails only when out of memory. */
aiecon_status diffusion_run_create(const scenario *s, diffusion_run **out, aiecon_error *err);

/* The number of values in one output record of a diffusion run. */
double diffusion_record_values(const scenario *s);

#endif
