/* fuzz_scenario.c — libFuzzer target for the scenario loader and `--set` parsing (issue 7).
 *
 * What: one input is YAML text, optionally followed by a NUL byte and NUL-separated `--set`
 * assignments (at most 16), all given to scenario_parse (the loader every rank runs after rank 0
 * broadcast the bytes); a parsed scenario is also written back as YAML. Named inputs/fuzz.yaml,
 * so that `extends: baseline.yaml` reaches the real inputs. Why: every crash, hang, leak or
 * undefined behaviour in the parser is a bug, whatever the input; a refusal is the right answer.
 * Cost: a developer target (docs/HARDENING.md), built only with -DAIECON_FUZZ=ON and clang. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/io/scenario.h"

#ifndef AIECON_SOURCE_DIR
#define AIECON_SOURCE_DIR "."
#endif

enum { MAX_SETS = 16 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1); /* the --set strings must be NUL-terminated */
    if (copy == NULL) return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    size_t yaml_len = strnlen(copy, size);
    scenario_override sets[MAX_SETS];
    int n = 0;
    for (size_t at = yaml_len + 1; at < size && n < MAX_SETS; at += strlen(copy + at) + 1) {
        sets[n++].assignment = copy + at;
    }
    scenario *s = NULL;
    aiecon_error err;
    if (scenario_parse(copy, yaml_len, AIECON_SOURCE_DIR "/inputs/fuzz.yaml", sets, n, &s, &err) == AIECON_OK) {
        free(scenario_to_yaml(s, &err));
        scenario_free(s);
    }
    free(copy);
    return 0;
}
