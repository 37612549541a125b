/* fixtures.c — shared CUnit fixtures (see fixtures.h). One copy of what test_businesses.c,
 * test_households_economy.c, test_economy.c and test_invariants.c used to repeat. */
#include "fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/halo.h"
#include "aiecon/engine/network.h"
#include "aiecon/models/economy/players/finance.h"
#include "aiecon/models/economy/players/labs.h"
#include "aiecon/models/economy/populations/businesses.h"
#include "aiecon/models/economy/populations/households.h"
#include "cunit_mpi.h"

#ifndef AIECON_SOURCE_DIR
#define AIECON_SOURCE_DIR "."
#endif

scenario *fixtures_load_tiny(void)
{
    scenario *s = NULL;
    aiecon_error err;
    aiecon_status rc = scenario_load_mpi(MPI_COMM_SELF, AIECON_SOURCE_DIR "/inputs/tiny.yaml", NULL, 0, &s, &err);
    if (rc != AIECON_OK) fprintf(stderr, "%s\n", err.message);
    return s;
}

offers *fixtures_quiet_offers(unsigned labs, unsigned regions)
{
    offers *o = calloc(1, sizeof *o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    o->labs = o->choices = labs;
    o->regions = regions;
    for (unsigned r = 0; r < SCENARIO_MAX_REGIONS; r++) {
        for (unsigned c = 0; c < SCENARIO_MAX_INCOME; c++) {
            o->households.hazard_scale[r][c] = 1.0;
            o->businesses.hazard_scale[r][c] = 1.0; /* classes of firms: sizes */
            for (unsigned l = 0; l < OFFERS_MAX_LABS; l++) o->paid[r][c][l] = 0.5;
        }
    }
    for (unsigned k = 0; k < SCENARIO_MAX_SECTORS; k++)
        for (unsigned l = 0; l < OFFERS_MAX_LABS; l++) o->roi[k][l] = 0.5;
    o->roi_noise = 0.1;
    o->roi_memory = 0.3;
    o->roi_threshold = 0.2;
    return o;
}

static void reduce(economy_tally *t, MPI_Comm comm)
{
    CU_ASSERT_EQUAL(MPI_Allreduce(MPI_IN_PLACE, t, sizeof *t / sizeof(int64_t), MPI_INT64_T, MPI_SUM, comm),
                    MPI_SUCCESS);
}

fixtures_outcome *fixtures_run_over(MPI_Comm comm, const scenario *s, fixtures_population which, uint64_t agents,
                                    unsigned degree, unsigned labs, const offers *initial, const offers *o,
                                    const offers *late, uint32_t late_from, uint32_t steps)
{
    int firms = which == FIXTURES_BUSINESSES;
    network net;
    halo h;
    households hh;
    businesses b;
    aiecon_error err;
    fixtures_outcome *out = calloc(1, sizeof *out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    network_params np = {.agents = agents, .degree = degree, .rewire = 0.1, .seed = s->run.seed,
                         .purpose = firms ? RNG_PURPOSE_NETWORK_BUSINESSES : RNG_PURPOSE_NETWORK_HOUSEHOLDS};
    CU_ASSERT_FATAL(network_build(&np, comm, &net, &err) == AIECON_OK);
    CU_ASSERT_FATAL(halo_create(&net, comm, 1, &h, &err) == AIECON_OK);
    if (firms) {
        CU_ASSERT_FATAL(businesses_create(s, &net, initial, &b, &err) == AIECON_OK);
        businesses_count(&b, labs, &out->initial);
    } else {
        CU_ASSERT_FATAL(households_create_economy(s, &net, initial, &hh, &err) == AIECON_OK);
        households_count_economy(&hh, labs, &out->initial);
    }
    for (uint32_t step = 1; step <= steps; step++) {
        const offers *now = late && step >= late_from ? late : o;
        memset(&out->last, 0, sizeof out->last);
        if (firms) {
            CU_ASSERT_FATAL(halo_exchange(&h, b.state, 1, b.local, &err) == AIECON_OK);
            businesses_step(&b, &net, now, s->run.seed, step, &out->last);
            businesses_swap(&b);
        } else {
            CU_ASSERT_FATAL(halo_exchange(&h, hh.adopted, 1, hh.local, &err) == AIECON_OK);
            households_step(&hh, &net, now, s->run.seed, step, &out->last);
            households_swap(&hh);
        }
        int64_t *sum = (int64_t *)&out->sum, *last = (int64_t *)&out->last;
        for (size_t i = 0; i < sizeof out->last / sizeof(int64_t); i++) sum[i] += last[i];
        reduce(&out->last, comm);
    }
    if (firms) {
        businesses_count(&b, labs, &out->final);
        businesses_free(&b);
    } else {
        households_count_economy(&hh, labs, &out->final);
        households_free(&hh);
    }
    reduce(&out->initial, comm);
    reduce(&out->sum, comm);
    reduce(&out->final, comm);
    halo_free(&h);
    network_free(&net);
    return out;
}

void fixtures_settle_idle(scenario *s, economy *e)
{
    economy_tally nobody;
    memset(&nobody, 0, sizeof nobody);
    labs_demand(s, e, 1, &nobody);
    finance_open_book(e);
    finance_settle(s, e, 1);
}
