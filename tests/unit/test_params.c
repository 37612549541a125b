/* test_params.c — the parameter table (aiecon/params/scenario_params.h) walked row by row: every
 * leaf has a rule that fits its type, the words of its messages, a unit and a meaning; defaults
 * lie in their ranges and DEFAULT_FROM names a key of the same type; keys are unique in their
 * mapping; look-up by key path finds what the file format says. And the words made from the rows
 * list every key of a mapping, the optional ones included (the hand-written lists they replace
 * had drifted: labs.* left out business_brand). */
#include "cunit_mpi.h"
#include "aiecon/params/scenario_params.h"

#include <stdio.h>
#include <string.h>

typedef struct tally { unsigned leaves, mappings, lists; } tally;

static int is_number(const param *p)
{
    return p->type == PARAM_REAL || p->type == PARAM_U32 || p->type == PARAM_U64;
}

/* The rule a row of this type must have. */
static param_rule rule_of(param_type t)
{
    switch (t) {
    case PARAM_BOOL: return PARAM_RULE_BOOL;
    case PARAM_NAME: return PARAM_RULE_NAME;
    case PARAM_MONTH: return PARAM_RULE_MONTH;
    case PARAM_TEXT: return PARAM_RULE_TEXT;
    case PARAM_REF: return PARAM_RULE_REF;
    case PARAM_MAP: return PARAM_RULE_MAP;
    case PARAM_LIST: return PARAM_RULE_LIST;
    default: return PARAM_RULE_RANGE;
    }
}

static int nonempty(const char *s) { return s != NULL && s[0] != '\0'; }

static void check_row(const param_group *g, const param *p, const char *path, tally *t)
{
    int ok = nonempty(p->key) && nonempty(p->field) && nonempty(p->unit) && nonempty(p->meaning) &&
             p->rule == rule_of(p->type);
    if (p->type == PARAM_MAP || p->type == PARAM_LIST) {
        ok = ok && p->group != NULL && p->group->count > 0 && nonempty(p->ctype);
        if (p->type == PARAM_LIST) ok = ok && p->min <= p->max && nonempty(p->list) && p->note != NULL;
        t->mappings += p->type == PARAM_MAP;
        t->lists += p->type == PARAM_LIST;
    } else {
        ok = ok && p->group == NULL && nonempty(p->expected);
        if (is_number(p)) ok = ok && p->min <= p->max;
        if (p->presence == PARAM_DEFAULT || p->presence == PARAM_ECONOMY_DEFAULT) {
            ok = ok && nonempty(p->default_text) && p->default_value >= p->min && p->default_value <= p->max;
        }
        if (p->presence == PARAM_DEFAULT_FROM) {
            int entry;
            const param *from = params_find(&scenario_params, p->default_text, &entry);
            ok = ok && from != NULL && !entry && from->type == p->type;
        }
        if (p->presence == PARAM_DEFAULT_TEXT) ok = ok && p->type == PARAM_TEXT && p->default_text != NULL;
        t->leaves++;
    }
    for (const param *q = g->rows; q < p; q++) ok = ok && strcmp(q->key, p->key) != 0;
    if (!ok) fprintf(stderr, "row %s: incomplete or inconsistent\n", path);
    CU_ASSERT(ok);
    int entry;   /* the path leads back to this row */
    CU_ASSERT_PTR_EQUAL(params_find(&scenario_params, path, &entry), p);
}

static void walk(const param_group *g, const char *prefix, tally *t)
{
    for (unsigned i = 0; i < g->count; i++) {
        const param *p = &g->rows[i];
        char path[256];
        snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", p->key);
        check_row(g, p, path, t);
        if (p->group != NULL) {
            char below[264];
            snprintf(below, sizeof below, "%s%s", path, p->type == PARAM_LIST ? ".*" : "");
            walk(p->group, below, t);
        }
    }
}

static void test_every_row(void)
{
    tally t = {0, 0, 0};
    walk(&scenario_params, "", &t);
    /* counted by hand from docs/PARAMETERS.md when the table was made: any row lost or added
     * without its sub-rows shows here */
    CU_ASSERT_EQUAL(t.lists, 12);   /* 8, a lab's markets, and the three kinds of deals */
    CU_ASSERT_EQUAL(t.mappings, 11);   /* the macro loop's, and the deals' */
    CU_ASSERT(t.leaves >= 120);
}

static void test_find(void)
{
    int entry = -1;
    const param *p = params_find(&scenario_params, "regions.*.grid.dc_power_mw", &entry);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(entry, 0);
    CU_ASSERT_STRING_EQUAL(p->unit, "MW");
    CU_ASSERT_EQUAL(p->min, 0);
    CU_ASSERT_EQUAL(p->max, 1e7);
    CU_ASSERT_EQUAL(p->presence, PARAM_REQUIRED);
    p = params_find(&scenario_params, "labs.*", &entry);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(entry, 1);
    CU_ASSERT_STRING_EQUAL(p->key, "labs");
    p = params_find(&scenario_params, "labs.*.contracts.*.signed", &entry);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_STRING_EQUAL(p->field, "signed_at");
    CU_ASSERT_PTR_NULL(params_find(&scenario_params, "labs.brand", &entry));          /* no entry */
    CU_ASSERT_PTR_NULL(params_find(&scenario_params, "labs.*.no_such_key", &entry));
    CU_ASSERT_PTR_NULL(params_find(&scenario_params, "run.steps.more", &entry));
    CU_ASSERT_PTR_NULL(params_find(&scenario_params, "", &entry));
}

static void test_words(void)
{
    char buf[1024];
    int entry;
    const param *labs = params_find(&scenario_params, "labs", &entry);
    CU_ASSERT_PTR_NOT_NULL_FATAL(labs);
    const char *w = params_expected(labs, 1, buf, sizeof buf);
    CU_ASSERT_PTR_NOT_NULL(strstr(w, "(and optionally business_brand, cut_training_runway, cut_opex_runway, raise_price_runway, "
                                 "down_round_runway, price_rise, down_round_discount, spot_elasticity, "
                                 "price_adjust_speed, price_setting_after, conduct, price_floor, price_ceiling, "
                                 "contracts, markets, schedule_ambition)"));
    CU_ASSERT_STRING_EQUAL(params_expected(labs, 0, buf, sizeof buf), "a list of 1 to 64 labs");
    const param *regions = params_find(&scenario_params, "regions", &entry);
    CU_ASSERT_STRING_EQUAL(params_expected(regions, 0, buf, sizeof buf),
                           "a list of 1 to 16 regions, each with name, households, household_agents");
    const param *network = params_find(&scenario_params, "households.network", &entry);
    CU_ASSERT_STRING_EQUAL(params_expected(network, 0, buf, sizeof buf), "a mapping with keys degree, rewire");
    CU_ASSERT_STRING_EQUAL(params_mapping_words(&scenario_params, buf, sizeof buf),
                           "a mapping with keys run, regions, households (and optionally title) (and, for "
                           "the AI economy, businesses, labs, clouds, chipmakers, investors, macro, deals)");
    /* truncation keeps a terminated string */
    CU_ASSERT_EQUAL(strlen(params_mapping_words(&scenario_params, buf, 16)), 15);
}

void aiecon_test_register(void)
{
    CU_pSuite s = CU_add_suite("params", NULL, NULL);
    CU_add_test(s, "every row has a rule, words, a unit and a meaning", test_every_row);
    CU_add_test(s, "look-up by key path", test_find);
    CU_add_test(s, "words made from the rows", test_words);
}
