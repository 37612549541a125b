/* rumour.h — Repast HPC's rumour model on the engine (`aiecon bench --kind rumour`): a
 * Klemm–Eguíluz network of out-links, 10 agents informed at the start, and each informed agent
 * passing the rumour along each link with probability 0.01 per step. The count of informed agents
 * is the same at any rank count. rumour_model is the table the driver runs (model.h). */
#ifndef AIECON_MODELS_RUMOUR_H
#define AIECON_MODELS_RUMOUR_H

#include <stdint.h>
#include "aiecon/engine/model.h"

extern const model rumour_model;

typedef struct rumour_run rumour_run;

/* An instance of `agents` agents run for `steps` steps with `seed`; AIECON_ERR_INPUT unless
 * 10 < agents < 2^32 - 1. *out owned by the caller, freed by rumour_model.release. Local. */
aiecon_status rumour_run_create(uint64_t agents, uint32_t steps, uint32_t seed, rumour_run **out, aiecon_error *err);

/* Agents informed by the last step, after rumour_model.tally (the same on every rank). */
uint64_t rumour_informed(const rumour_run *r);

/* Collective: bytes held per agent, over all ranks (links, times, offers in flight). */
double rumour_bytes_per_agent(const rumour_run *r, MPI_Comm comm);

#endif
