/* economy.h — the AI-economy model (scenarios with labs) on the engine: two partitioned
 * populations (households and businesses, src/models/economy/populations) and the replicated
 * players (labs, clouds, chipmakers, investors, grids, src/models/economy/players). Its step is
 * docs/ODD.md's "process overview": offers → halo → agents decide → exact reduction → players.
 * economy_model is the table the driver runs (model.h); an instance is made from a validated
 * scenario, which it reads but does not own. */
#ifndef AIECON_MODELS_ECONOMY_H
#define AIECON_MODELS_ECONOMY_H

#include "aiecon/engine/model.h"
#include "aiecon/io/scenario.h"

extern const model economy_model;

typedef struct economy_run economy_run;

/* An instance for scenario s (kept by reference: s must outlive it); *out owned by the caller,
 * freed by economy_model.release. Local: fails only when out of memory. */
aiecon_status economy_run_create(const scenario *s, economy_run **out, aiecon_error *err);

/* The number of values in one output record of an economy run (every figure, every index). */
double economy_record_values(const scenario *s);

#endif
