/* fixtures.h — what several CUnit tests share (fixtures.c): the tiny scenario loaded from the
 * repository, offers in which nothing happens, a month settled with nobody using AI, and a run of
 * one economy population over a communicator with every tally reduced. Compiled into every unit
 * test (tests/CMakeLists.txt); each function asserts its own set-up with CU_ASSERT_*_FATAL. */
#ifndef AIECON_TEST_FIXTURES_H
#define AIECON_TEST_FIXTURES_H

#include <stdint.h>
#include <mpi.h>
#include "aiecon/io/scenario.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/populations/offers.h"

/* inputs/tiny.yaml, loaded on MPI_COMM_SELF; NULL (the error printed) if it does not load.
 * Owned by the caller: scenario_free. */
scenario *fixtures_load_tiny(void);

/* Offers for `labs` labs in `regions` regions in which nothing happens: hazard scale 1 (so only
 * p + q·share moves anyone), no churn, no plan review, equal utilities, paid chance 1/2; for
 * firms ROI 0.5 in every sector with noise 0.1, memory 0.3 and threshold 0.2. calloc'ed, owned by
 * the caller: free. */
offers *fixtures_quiet_offers(unsigned labs, unsigned regions);

/* Settle step 1 of economy e after a demand with nobody using any lab (revenue 0): labs_demand
 * with an empty tally, then finance_open_book and finance_settle, so that only the contracts,
 * opex and finance move cash. */
void fixtures_settle_idle(scenario *s, economy *e);

/* What one run returns, every tally reduced over the run's communicator. */
typedef struct fixtures_outcome {
    economy_tally initial;   /* count before the first step */
    economy_tally last;      /* the last step's tally */
    economy_tally sum;       /* all steps' tallies added */
    economy_tally final;     /* count after the last step */
} fixtures_outcome;

typedef enum fixtures_population { FIXTURES_HOUSEHOLDS, FIXTURES_BUSINESSES } fixtures_population;

/* Build population `which` of scenario s (`agents` agents on a lattice of `degree`, rewire 0.1)
 * over comm and run `steps` steps: offers `o` before step `late_from`, `late` from it on (if
 * given); `initial` for the creation. `labs` is the number of labs counted. Owned by the caller:
 * free. */
fixtures_outcome *fixtures_run_over(MPI_Comm comm, const scenario *s, fixtures_population which, uint64_t agents,
                                    unsigned degree, unsigned labs, const offers *initial, const offers *o,
                                    const offers *late, uint32_t late_from, uint32_t steps);

#endif
