/* sim_economy.h — the full AI-economy run (scenarios with labs): the step of DESIGN.md section 3
 * with both populations and all replicated players. Called by sim_run once the scenario is known
 * good; takes ownership of nothing, returns the same status on every rank. */
#ifndef AIECON_SIM_ECONOMY_H
#define AIECON_SIM_ECONOMY_H

#include <mpi.h>
#include "aiecon/io/scenario.h"
#include "aiecon/models/run.h"
#include "aiecon/engine/timer.h"

/* Collective. Runs s (already validated, output target checked) and writes options->output_path. */
aiecon_status sim_economy_run(MPI_Comm comm, const sim_options *options, const scenario *s, timer_set *timers,
                              aiecon_error *err);

/* Collective. The same steps without output, for `aiecon bench --kind full`: *seconds receives the
 * slowest rank's stepping time (set-up excluded). */
aiecon_status sim_economy_bench(MPI_Comm comm, const scenario *s, uint32_t steps, timer_set *timers, double *seconds,
                                aiecon_error *err);

/* The number of values in one output record of an economy run (every figure, every index). */
double sim_economy_record_values(const scenario *s);

#endif
