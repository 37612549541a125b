/* scenario_schema.c — the scenario's libcyaml schema, generated from the parameter rows, the
 * look-up of a value's rule, and small helpers that read the schema tables.
 *
 * The rows of aiecon/params/scenario_params.h are expanded here into constant
 * cyaml_schema_field_t tables, one per mapping, in row order, so that field i of a table is row i
 * of the same group; everything that must know the shape of a scenario reads those tables instead
 * of repeating it: libcyaml (load, save, free), the strict pass (scenario_walk.c), `--set`
 * (scenario_set.c) and the checks (scenario_check.c), which take every bound and every "expected
 * ..." text from the rows. Each group is expanded twice: the full tables, used to load, and the
 * diffusion tables without the rows of the AI economy, used to print a scenario that has no
 * economy exactly as before.
 * Cost: constant tables, linear look-ups over a few hundred entries, once per key. No mutable state. */
#include "scenario_internal.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- rows → libcyaml fields */

/* CYAML flags of a presence: only REQUIRED keys must be given in the file. */
#define CY_FLAGS(p) CY_FLAGS_##p
#define CY_FLAGS_REQUIRED CYAML_FLAG_DEFAULT
#define CY_FLAGS_DEFAULT(v) CYAML_FLAG_OPTIONAL
#define CY_FLAGS_DEFAULT_FROM(path) CYAML_FLAG_OPTIONAL
#define CY_FLAGS_DEFAULT_TEXT(text) CYAML_FLAG_OPTIONAL
#define CY_FLAGS_ECONOMY CYAML_FLAG_OPTIONAL
#define CY_FLAGS_ECONOMY_DEFAULT(v) CYAML_FLAG_OPTIONAL

/* Variant `full` keeps every row; variant `diffusion` drops the rows of the AI economy. */
#define CY_KEEP_full(p, ...) __VA_ARGS__
#define CY_KEEP_diffusion(p, ...) PARAM_IF(PARAM_DIFFUSION(p))(__VA_ARGS__)

/* CY_<variant>(kind, row columns...) → one cyaml_schema_field_t initialiser and a comma, for the
 * struct SP_THIS (defined around each group below). */
#define CY_full(kind, ...) CY_##kind(full, __VA_ARGS__)
#define CY_diffusion(kind, ...) CY_##kind(diffusion, __VA_ARGS__)
#define CY_STRING(v, field, key, flags, p) \
    CY_KEEP_##v(p, CYAML_FIELD_STRING_PTR(key, CYAML_FLAG_POINTER | (flags) | CY_FLAGS(p), SP_THIS, field, \
                                          0, CYAML_UNLIMITED),)
#define CY_REAL(v, field, key, unit, lo, hi, words, p, what) \
    CY_KEEP_##v(p, CYAML_FIELD_FLOAT(key, CY_FLAGS(p), SP_THIS, field),)
#define CY_U32(v, field, key, unit, lo, hi, words, p, what) \
    CY_KEEP_##v(p, CYAML_FIELD_UINT(key, CY_FLAGS(p), SP_THIS, field),)
#define CY_U64(v, field, key, unit, lo, hi, words, p, what) \
    CY_KEEP_##v(p, CYAML_FIELD_UINT(key, CY_FLAGS(p), SP_THIS, field),)
#define CY_BOOL(v, field, key, p, what) CY_KEEP_##v(p, CYAML_FIELD_BOOL(key, CY_FLAGS(p), SP_THIS, field),)
#define CY_NAME(v, field, key, p, what) CY_STRING(v, field, key, 0, p)
#define CY_MONTH(v, field, key, words, p, what) CY_STRING(v, field, key, CYAML_FLAG_SCALAR_QUOTE_DOUBLE, p)
#define CY_TEXT(v, field, key, bytes, words, p, what) CY_STRING(v, field, key, 0, p)
#define CY_REF(v, field, key, list, words, p, what) CY_STRING(v, field, key, 0, p)
#define CY_MAP(v, field, key, type, group, p, what) \
    CY_KEEP_##v(p, CYAML_FIELD_MAPPING(key, CY_FLAGS(p), SP_THIS, field, group##_##v##_fields),)
#define CY_LIST(v, field, key, group, count, lo, hi, noun, note, p, what) \
    CY_KEEP_##v(p, CYAML_FIELD_SEQUENCE_COUNT(key, CYAML_FLAG_POINTER | CY_FLAGS(p), SP_THIS, field, count, \
                                              &group##_##v##_entry, lo, hi),)

/* The fields of group g (struct SP_THIS) in both variants, and the list entry of each. Tables a
 * variant does not reach (e.g. a lab's in a diffusion scenario) are kept, unused. */
#define UNUSED __attribute__((unused))
#define GROUP_FIELDS(g, v) \
    static const cyaml_schema_field_t g##_##v##_fields[] UNUSED = {SCENARIO_PARAMS_##g(CY_##v) CYAML_FIELD_END}; \
    static const cyaml_schema_value_t g##_##v##_entry UNUSED = { \
        CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, SP_THIS, g##_##v##_fields), \
    };
#define GROUP(g) GROUP_FIELDS(g, full) GROUP_FIELDS(g, diffusion)

#define SP_THIS scenario_grid
GROUP(grid)
#undef SP_THIS
#define SP_THIS scenario_region
GROUP(region)
#undef SP_THIS
#define SP_THIS scenario_network
GROUP(household_network)
GROUP(business_network)
#undef SP_THIS
#define SP_THIS scenario_choice
GROUP(choice)
#undef SP_THIS
#define SP_THIS scenario_income
GROUP(income)
#undef SP_THIS
#define SP_THIS scenario_households
GROUP(households)
#undef SP_THIS
#define SP_THIS scenario_size
GROUP(size)
#undef SP_THIS
#define SP_THIS scenario_sector
GROUP(sector)
#undef SP_THIS
#define SP_THIS scenario_businesses
GROUP(businesses)
#undef SP_THIS
#define SP_THIS scenario_contract
GROUP(contract)
#undef SP_THIS
#define SP_THIS scenario_market
GROUP(market)
#undef SP_THIS
#define SP_THIS scenario_lab
GROUP(lab)
#undef SP_THIS
#define SP_THIS scenario_cloud
GROUP(cloud)
#undef SP_THIS
#define SP_THIS scenario_chipmaker
GROUP(chipmaker)
#undef SP_THIS
#define SP_THIS scenario_investors
GROUP(investors)
#undef SP_THIS
#define SP_THIS scenario_macro
GROUP(macro)
#undef SP_THIS
#define SP_THIS scenario_equity_deal
GROUP(equity_deal)
#undef SP_THIS
#define SP_THIS scenario_warrant_deal
GROUP(warrant_deal)
#undef SP_THIS
#define SP_THIS scenario_credit_deal
GROUP(credit_deal)
#undef SP_THIS
#define SP_THIS scenario_deals
GROUP(deals)
#undef SP_THIS
#define SP_THIS scenario_run
GROUP(run)
#undef SP_THIS
#define SP_THIS scenario
GROUP(top)
#undef SP_THIS

const cyaml_schema_value_t scenario_schema = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, scenario, top_full_fields),
};
const cyaml_schema_value_t scenario_diffusion_schema = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, scenario, top_diffusion_fields),
};

/* ---------------------------------------------------------------- rules */

const param *scenario_rule_find(const char *generic_path)
{
    int entry;
    const param *p = params_find(&scenario_params, generic_path, &entry);
    return p != NULL && !entry ? p : NULL;
}

/* The rule's words (a leaf's are constant; a mapping's and a list's are made in buf), else a
 * default for the schema type. */
const char *scenario_expected(const char *generic_path, const cyaml_schema_value_t *sv, char *buf,
                              size_t size)
{
    int entry;
    if (generic_path[0] == '\0') {
        snprintf(buf, size, "a scenario: ");
        params_mapping_words(&scenario_params, buf + strlen(buf), size - strlen(buf));
        return buf;
    }
    const param *p = params_find(&scenario_params, generic_path, &entry);
    if (p != NULL) return params_expected(p, entry, buf, size);
    switch (sv->type) {
    case CYAML_FLOAT: return "a real number";
    case CYAML_UINT: return sv->data_size == 4 ? "a whole number in [0, 4294967295]"
                                               : "a whole number >= 0";
    case CYAML_INT: return "a whole number";
    case CYAML_MAPPING: return "a mapping";
    case CYAML_SEQUENCE: return "a list";
    case CYAML_BOOL: return "true or false";
    default: return "a string";
    }
}

/* Writes "a, b, c" (the keys of a mapping schema) into buf; returns buf. */
const char *scenario_keys_list(const cyaml_schema_field_t *f, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (; f->key != NULL && used < size; f++) {
        int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", f->key);
        if (n < 0) break;
        used += (size_t)n;
    }
    return buf;
}

int scenario_field_index(const cyaml_schema_field_t *fields, const char *key, size_t len)
{
    for (int i = 0; fields[i].key != NULL; i++) {
        if (strlen(fields[i].key) == len && memcmp(fields[i].key, key, len) == 0) return i;
    }
    return -1;
}

const char *scenario_item_name(const uint8_t *item, const cyaml_schema_value_t *entry)
{
    const char *name = NULL;
    int nf = entry->type == CYAML_MAPPING ? scenario_field_index(entry->mapping.fields, "name", 4) : -1;
    if (nf >= 0 && entry->mapping.fields[nf].value.type == CYAML_STRING) {
        memcpy(&name, item + entry->mapping.fields[nf].data_offset, sizeof name);
    }
    return name;
}

unsigned scenario_read_count(const uint8_t *p, uint8_t size)
{
    scenario_number v;
    cyaml_schema_value_t sv = {.type = CYAML_UINT, .data_size = size};
    v = scenario_number_load(p, &sv);
    return (unsigned)v.u;
}

void *scenario_cyaml_mem(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (size == 0) { free(ptr); return NULL; }
    return realloc(ptr, size);
}

