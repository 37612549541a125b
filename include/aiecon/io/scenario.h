/* scenario.h — the scenario: YAML text → validated, typed parameters of one run.
 *
 * Rank 0 reads the file and broadcasts its bytes; every rank parses the same text with the same
 * code and so reaches the same verdict without further communication (scenario_load_mpi).
 * Parsing goes through libcyaml with a schema (unknown keys refused); because libcyaml 1.3 is
 * lenient with numbers (`12abc` loads as 12, `nan` as NaN, `-7` into an unsigned as 2^64-7), every
 * numeric scalar is first checked strictly against its schema type with libyaml marks, so a bad
 * number is reported at its exact line. `--set key.path=value` overrides are applied to the typed
 * struct through the same schema and checked the same way: list items are addressed by their
 * `name` (`labs.frontier_a.ambition=1.5`) or, in any list and the only way in lists without names
 * (a lab's contracts), by index in brackets, the form messages print
 * (`labs.frontier_a.contracts[0].mw=100`, `regions[1].households=5e6`). Defaults are then filled
 * and range and cross checks run on the final values. The AI economy is all or nothing:
 * businesses, labs, clouds, chipmakers and investors are given together (has_economy = 1, and
 * households' economy keys are then required) or not at all (a diffusion scenario, in which no
 * economy key may be given).
 *
 * Variants: a file whose top-level mapping has the key `extends` is a variant of another scenario
 * and holds only `extends`, an optional `title` and `set`:
 *     extends: baseline.yaml      # the scenario it builds on: relative to this file's folder, or absolute
 *     title: "AI economy: demand disappoints"   # optional: replaces the base's title
 *     set:                        # key paths exactly as --set takes them; values as YAML scalars
 *       households.bass_q: 0.04
 *       labs.frontier_a.contracts[0].mw: 100
 * Loading it loads the base (which may itself be a variant: at most 8 `extends` links, no cycles),
 * applies each `set` entry in file order exactly as a --set would be (same types, same strictness;
 * quoted numbers are refused as in files), then the title, then the command line's --set, and
 * checks the result like any scenario; scenario_to_yaml prints the full resolved scenario. Errors
 * in a `set` entry, and range errors in the values it set, name the variant file and the entry's
 * line; errors in a base name the base file and its line. scenario_load_mpi reads the whole chain
 * on rank 0 and broadcasts every file; scenario_parse reads a variant's bases from disk, relative
 * to `filename`. Every failure is one line:
 *     FILE:LINE: key.path: what is wrong (what was expected)
 * (LINE omitted where no line applies, e.g. for --set, which names "--set" instead of the file).
 *
 * The parameters themselves (the scenario struct, every key's rule, unit, default and meaning)
 * are declared once, in aiecon/params/scenario_params.h, which needs no MPI; this header is the
 * loader.
 *
 * Ownership: a scenario returned by scenario_parse/scenario_load_mpi owns all its strings and
 * lists; release it with scenario_free(). */
#ifndef AIECON_SCENARIO_H
#define AIECON_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/status.h"
#include "aiecon/params/scenario_params.h"   /* the scenario struct and its parameters */

/* One `--set key.path=value` override, as given on the command line (borrowed strings). */
typedef struct scenario_override {
    const char *assignment;      /* "key.path=value" */
} scenario_override;

/* Parse and validate YAML text (not necessarily NUL-terminated) named `filename` in messages,
 * apply the overrides in order, check every range. If the text is a variant, the files it extends
 * are read from disk (relative to filename's folder). On success *out owns a new scenario. */
aiecon_status scenario_parse(const char *text, size_t len, const char *filename,
                             const scenario_override *overrides, int override_count,
                             scenario **out, aiecon_error *err);

/* Collective over comm: rank 0 reads `path` and, if it is a variant, every file it extends, and
 * broadcasts their bytes (or the reason it could not read them); every rank then parses the same
 * bytes. Returns the same status on every rank. */
aiecon_status scenario_load_mpi(MPI_Comm comm, const char *path, const scenario_override *overrides,
                                int override_count, scenario **out, aiecon_error *err);

/* Warnings about overrides that cannot act in s: one line each ("ORIGIN: key.path: has no effect
 * in this scenario: REASON\n", ORIGIN "--set" or a variant's "FILE:LINE"), or NULL when every
 * override can act. Owned by s. What `aiecon check` and `run` print on stderr; a run goes on. */
const char *scenario_notes(const scenario *s);

/* The resolved scenario as YAML (what `aiecon check` prints and the output records).
 * Returns a malloc'd NUL-terminated string the caller frees, or NULL with err filled. */
char *scenario_to_yaml(const scenario *s, aiecon_error *err);

/* Total household agents over all regions. */
uint64_t scenario_household_agents(const scenario *s);

/* Total business agents over all regions. */
uint64_t scenario_business_agents(const scenario *s);

/* Step (0-based months since run.start) of a "YYYY-MM" month ("2024-03" with start "2024-01" is
 * 2); negative if before the start; LONG_MIN if either is not a YYYY-MM month. */
long scenario_month_index(const scenario *s, const char *month);

/* Refuse (AIECON_ERR_INPUT, naming the key) populations (household + business agents) that would
 * need more than `bytes_per_rank` of memory on the busiest of `ranks` ranks, at `bytes_per_agent`
 * each. */
aiecon_status scenario_check_memory(const scenario *s, int ranks, double bytes_per_agent,
                                    double bytes_per_rank, aiecon_error *err);

void scenario_free(scenario *s);

#endif
