/* scenario.h — the scenario: YAML text → validated, typed parameters of one run.
 *
 * Rank 0 reads the file and broadcasts its bytes; every rank parses the same text with the same
 * code and so reaches the same verdict without further communication (scenario_load_mpi).
 * Parsing goes through libcyaml with a schema (unknown keys refused); because libcyaml 1.3 is
 * lenient with numbers (`12abc` loads as 12, `nan` as NaN, `-7` into an unsigned as 2^64-7), every
 * numeric scalar is first checked strictly against its schema type with libyaml marks, so a bad
 * number is reported at its exact line. `--set key.path=value` overrides are applied to the typed
 * struct through the same schema (list items addressed by their `name`) and checked the same way.
 * Range checks then run on the final values. Every failure is one line:
 *     FILE:LINE: key.path: what is wrong (what was expected)
 * (LINE omitted where no line applies, e.g. for --set, which names "--set" instead of the file).
 *
 * Ownership: a scenario returned by scenario_parse/scenario_load_mpi owns all its strings and
 * lists; release it with scenario_free(). */
#ifndef AIECON_SCENARIO_H
#define AIECON_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include <mpi.h>
#include "aiecon/status.h"

enum {
    SCENARIO_NAME_MAX = 32,         /* longest region/lab/... name, bytes */
    SCENARIO_MAX_REGIONS = 16,
};

/* Largest number of agents of one population a scenario may ask for; more is refused before
 * anything is allocated. The real bound is memory: see scenario_check_memory(). */
#define SCENARIO_MAX_AGENTS 4000000000ULL

typedef struct scenario_region {
    char *name;                  /* short identifier, e.g. "us"; unique */
    uint64_t households;         /* real households in the region [households] */
    uint64_t household_agents;   /* simulated household agents [agents], ≥ 1 */
} scenario_region;

typedef struct scenario_network {
    uint32_t degree;             /* ring-lattice degree k, even, ≥ 2 [links per agent] */
    double rewire;               /* Watts–Strogatz rewiring probability beta [1] */
} scenario_network;

typedef struct scenario_households {
    double bass_p;               /* innovation: adoption probability per step without influence [1/step] */
    double bass_q;               /* imitation: adoption probability per step when all neighbours adopted [1/step] */
    double initial_adopted;      /* share adopted at the start [1] */
    scenario_network network;
} scenario_households;

typedef struct scenario_run {
    char *start;                 /* first simulated month, "YYYY-MM" */
    uint32_t steps;              /* steps to simulate (one step = one month = 30 days) */
    uint32_t seed;               /* random seed */
} scenario_run;

typedef struct scenario {
    char *title;
    scenario_run run;
    scenario_region *regions;
    unsigned region_count;
    scenario_households households;
} scenario;

/* One `--set key.path=value` override, as given on the command line (borrowed strings). */
typedef struct scenario_override {
    const char *assignment;      /* "key.path=value" */
} scenario_override;

/* Parse and validate YAML text (not necessarily NUL-terminated) named `filename` in messages,
 * apply the overrides in order, check every range. On success *out owns a new scenario. */
aiecon_status scenario_parse(const char *text, size_t len, const char *filename,
                             const scenario_override *overrides, int override_count,
                             scenario **out, aiecon_error *err);

/* Collective over comm: rank 0 reads `path` and broadcasts its bytes (or the reason it could not
 * read them); every rank then calls scenario_parse on the same bytes. Returns the same status on
 * every rank. */
aiecon_status scenario_load_mpi(MPI_Comm comm, const char *path, const scenario_override *overrides,
                                int override_count, scenario **out, aiecon_error *err);

/* The resolved scenario as YAML (what `aiecon check` prints and the output records).
 * Returns a malloc'd NUL-terminated string the caller frees, or NULL with err filled. */
char *scenario_to_yaml(const scenario *s, aiecon_error *err);

/* Total household agents over all regions. */
uint64_t scenario_household_agents(const scenario *s);

/* Refuse (AIECON_ERR_INPUT, naming the key) a population that would need more than
 * `bytes_per_rank` of memory on the busiest of `ranks` ranks, at `bytes_per_agent` each. */
aiecon_status scenario_check_memory(const scenario *s, int ranks, double bytes_per_agent,
                                    double bytes_per_rank, aiecon_error *err);

void scenario_free(scenario *s);

#endif
