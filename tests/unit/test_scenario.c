/* test_scenario.c — the scenario module: valid files load with the right values, each class of
 * bad input is refused with AIECON_ERR_INPUT naming the key path and the right line, `--set`
 * reaches nested and list-by-name keys, scenario_to_yaml round-trips exactly, and
 * scenario_load_mpi reaches the same verdict on every rank (run at 1 and 3 ranks); variant files
 * (`extends`) change exactly the values they set, chain, and name file, line and key when refused. */
#include "cunit_mpi.h"
#include "aiecon/io/scenario.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *valid_yaml =
    "# a comment\n"
    "title: unit test\n"
    "run:\n"
    "  start: \"2024-03\"\n"
    "  steps: 24\n"
    "  seed: 7\n"
    "regions:\n"
    "  - name: us\n"                      /* line 8 */
    "    households: 1e6\n"
    "    household_agents: 1000\n"        /* line 10 */
    "  - name: eu\n"
    "    households: 5000\n"
    "    household_agents: 2500\n"        /* line 13 */
    "households:\n"
    "  bass_p: 0.003\n"                   /* line 15 */
    "  bass_q: 0.09\n"
    "  initial_adopted: 0.01\n"
    "  network:\n"
    "    degree: 10\n"                    /* line 19 */
    "    rewire: 0.25\n";

/* A full AI economy: every section, one lab without contracts, one region with every default. */
static const char *economy_yaml =
    "title: economy test\n"
    "run: {start: \"2024-01\", steps: 24, seed: 3}\n"
    "regions:\n"
    "  - name: us\n"                                   /* line 4 */
    "    households: 1000\n"
    "    household_agents: 100\n"
    "    businesses: 500\n"
    "    business_agents: 50\n"                        /* line 8 */
    "    adoption_scale: 1.5\n"
    "    households_adopted: 0.2\n"
    "    export_blocked: false\n"                      /* line 11 */
    "    grid: {dc_power_mw: 1000, other_dc_load_mw: 100, supply_growth: 0.05, price_usd_per_mwh: 80, price_elasticity: 2}\n"
    "  - name: row\n"                                  /* line 13 */
    "    households: 2000\n"
    "    household_agents: 200\n"
    "households:\n"                                    /* line 16 */
    "  bass_p: 0.01\n"
    "  bass_q: 0.1\n"
    "  initial_adopted: 0.05\n"
    "  network: {degree: 4, rewire: 0.1}\n"
    "  income:\n"                                      /* line 21 */
    "    - {name: low, share: 0.25, budget_usd: 5}\n"
    "    - {name: high, share: 0.75, budget_usd: 40}\n" /* line 23 */
    "  choice: {quality_weight: 3, price_weight: -2, neighbour_weight: 1, attractiveness_elasticity: 1, churn: 0.02, rationing_churn: 0.5, price_churn: 0.3, quit_share: 0.3}\n"
    "  paid_base: 0.05\n"                              /* line 25 */
    "  paid_elasticity: 1.5\n"
    "  plan_review: 0.1\n"
    "  tokens_free_mtok: 0.2\n"
    "  tokens_paid_mtok: 2\n"
    "  token_growth: 1\n"                              /* line 30 */
    "businesses:\n"
    "  bass_p: 0.004\n"
    "  bass_q: 0.1\n"
    "  network: {degree: 6, rewire: 0.2}\n"            /* line 34 */
    "  sizes:\n"                                       /* line 35 */
    "    - {name: small, share: 0.8, initial_adopted: 0.05, adoption_scale: 0.8, tokens_pilot_mtok: 20, tokens_production_mtok: 200}\n"
    "    - {name: large, share: 0.2, initial_adopted: 0.25, adoption_scale: 1.5, tokens_pilot_mtok: 500, tokens_production_mtok: 1e4}\n"
    "  sectors:\n"                                     /* line 38 */
    "    - {name: services, share: 0.7, roi: 0.15}\n"
    "    - {name: industry, share: 0.3, roi: -0.02}\n"
    "  choice: {quality_weight: 4, price_weight: 1, neighbour_weight: 0.5, attractiveness_elasticity: 1, churn: 0.01, rationing_churn: 0.5, price_churn: 0.2, quit_share: 0.1}\n"
    "  pilot_months: 4\n"                              /* line 42 */
    "  roi_memory: 0.3\n"
    "  roi_threshold: 0.05\n"
    "  roi_noise: 0.1\n"
    "  token_growth: 1.5\n"
    "labs:\n"                                          /* line 47 */
    "  - name: frontier_a\n"
    "    brand: 1\n"
    "    cash_usd: 10e9\n"                             /* line 50 */
    "    debt_usd: 0\n"
    "    valuation_usd: 80e9\n"
    "    quality: 1.0\n"
    "    training_compute: 2000\n"
    "    subscription_usd: 20\n"
    "    api_usd_per_mtok: 10\n"
    "    api_price_decline: 0.5\n"
    "    serving_mtok_per_mw: 2e6\n"
    "    training_share: 0.5\n"
    "    opex_usd: 300e6\n"                            /* line 60 */
    "    opex_growth: 0.5\n"
    "    ambition: 1.5\n"
    "    runway_months: 12\n"
    "    contracts:\n"
    "      - {cloud: hyper, signed: \"2023-06\", start: \"2024-01\", months: 36, mw: 300, usd_per_mw_month: 1.5e6}\n"
    "      - cloud: neo\n"                             /* line 66 */
    "        signed: \"2024-01\"\n"
    "        start: \"2024-07\"\n"                     /* line 68 */
    "        months: 24\n"
    "        mw: 200\n"
    "        usd_per_mw_month: 1.8e6\n"
    "  - {name: frontier_b, brand: 0.5, cash_usd: 5e9, debt_usd: 1e9, valuation_usd: 3e10, quality: 0.9, training_compute: 1200, subscription_usd: 20, api_usd_per_mtok: 8, api_price_decline: 0.5, serving_mtok_per_mw: 2e6, training_share: 0.6, opex_usd: 1.5e8, opex_growth: 0.4, ambition: 1.2, runway_months: 12}\n"
    "clouds:\n"                                        /* line 73 */
    "  - {name: hyper, region: us, capacity_mw: 600, cash_usd: 5e10, debt_usd: 2e10, other_revenue_usd: 8e9, lease_usd_per_mw_month: 1.6e6, capex_usd_per_mw: 4e7, chip_share: 0.6, build_months: 18, spare_build: 0.2}\n"
    "  - {name: neo, region: us, capacity_mw: 100, cash_usd: 2e9, debt_usd: 5e9, other_revenue_usd: 0, lease_usd_per_mw_month: 1.9e6, capex_usd_per_mw: 4.5e7, chip_share: 0.65, build_months: 12, spare_build: 0.1}\n"
    "chipmakers:\n"                                    /* line 76 */
    "  - {name: leader, market_share: 0.85, export_controlled: true, capacity_units: 3e5, capacity_growth: 0.5, unit_cost_usd: 8000, markup: 3, markup_slope: 0.5, units_per_mw: 1000, perf_growth: 0.4, cash_usd: 3e10}\n"
    "  - {name: challenger, market_share: 0.15, export_controlled: false, capacity_units: 5e4, capacity_growth: 0.3, unit_cost_usd: 6000, markup: 1.8, markup_slope: 0.3, units_per_mw: 1200, perf_growth: 0.3, cash_usd: 5e9}\n"
    "investors:\n"                                     /* line 79 */
    "  sentiment: 1\n"
    "  sentiment_speed: 0.2\n"
    "  growth_weight: 1\n"
    "  capex_weight: -0.3\n"
    "  equity_supply_usd: 5e9\n"
    "  revenue_multiple: 25\n"
    "  rate: 0.045\n"
    "  spread: 0.03\n"
    "  algorithmic_progress: 1\n";                     /* line 88 */

static scenario *parse_ok(const char *text, const char **sets, int nsets)
{
    scenario_override ov[8] = {{NULL}};
    for (int i = 0; i < nsets; i++) ov[i].assignment = sets[i];
    scenario *s = NULL;
    aiecon_error err = {{0}};
    aiecon_status st = scenario_parse(text, strlen(text), "t.yaml", ov, nsets, &s, &err);
    if (st != AIECON_OK) fprintf(stderr, "unexpected failure: %s\n", err.message);
    CU_ASSERT_EQUAL(st, AIECON_OK);
    return s;
}

/* Parses text (with optional --set), expects AIECON_ERR_INPUT and `want` in the message. */
static void expect_bad(const char *text, size_t len, const char *set, const char *want)
{
    scenario_override ov = {set};
    scenario *s = (scenario *)1;
    aiecon_error err = {{0}};
    aiecon_status st = scenario_parse(text, len, "t.yaml", &ov, set ? 1 : 0, &s, &err);
    CU_ASSERT_EQUAL(st, AIECON_ERR_INPUT);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NULL(strchr(err.message, '\n'));
    if (strstr(err.message, want) == NULL) {
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.message, want);
        CU_FAIL("message lacks the expected text");
    }
}

/* base with the first occurrence of `from` replaced by `to`; caller frees. */
static char *edited_from(const char *base, const char *from, const char *to)
{
    const char *at = strstr(base, from);
    if (at == NULL) fprintf(stderr, "test edit: \"%s\" not found\n", from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    size_t n = strlen(base) - strlen(from) + strlen(to) + 1;
    char *t = malloc(n);
    snprintf(t, n, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
    return t;
}

static char *edited(const char *from, const char *to) { return edited_from(valid_yaml, from, to); }

static void expect_edit_bad(const char *from, const char *to, const char *want)
{
    char *t = edited(from, to);
    expect_bad(t, strlen(t), NULL, want);
    free(t);
}

/* economy_yaml with one edit (and an optional --set) must be refused with `want`. */
static void expect_econ_bad(const char *from, const char *to, const char *set, const char *want)
{
    char *t = edited_from(economy_yaml, from, to);
    expect_bad(t, strlen(t), set, want);
    free(t);
}

static void test_valid(void)
{
    scenario *s = parse_ok(valid_yaml, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s->title, "unit test");
    CU_ASSERT_STRING_EQUAL(s->run.start, "2024-03");
    CU_ASSERT_EQUAL(s->run.steps, 24);
    CU_ASSERT_EQUAL(s->run.seed, 7);
    CU_ASSERT_EQUAL(s->region_count, 2);
    CU_ASSERT_STRING_EQUAL(s->regions[0].name, "us");
    CU_ASSERT_EQUAL(s->regions[0].households, 1000000);   /* libcyaml alone reads 1e6 as 1 */
    CU_ASSERT_EQUAL(s->regions[0].household_agents, 1000);
    CU_ASSERT_STRING_EQUAL(s->regions[1].name, "eu");
    CU_ASSERT_EQUAL(s->regions[1].household_agents, 2500);
    CU_ASSERT_EQUAL(s->households.bass_p, 0.003);
    CU_ASSERT_EQUAL(s->households.bass_q, 0.09);
    CU_ASSERT_EQUAL(s->households.initial_adopted, 0.01);
    CU_ASSERT_EQUAL(s->households.network.degree, 10);
    CU_ASSERT_EQUAL(s->households.network.rewire, 0.25);
    CU_ASSERT_EQUAL(scenario_household_agents(s), 3500);
    scenario_free(s);
}

static void test_defaults(void)
{
    char *t = edited("title: unit test\n", "");
    char *u = NULL;
    scenario *s = parse_ok(t, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s->title, "aiecon run");
    scenario_free(s);
    u = edited("  initial_adopted: 0.01\n", "");
    s = parse_ok(u, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->households.initial_adopted, 0.0);
    scenario_free(s);
    free(t);
    free(u);
}

/* inputs/bass-validation.yaml, found from this file's path. */
static void test_bass_validation_file(void)
{
    char path[4096];
    const char *me = __FILE__, *cut = strstr(me, "tests/unit/test_scenario.c");
    if (cut == NULL || me[0] != '/') return;   /* relative __FILE__: the script tests cover it */
    snprintf(path, sizeof path, "%.*sinputs/bass-validation.yaml", (int)(cut - me), me);
    scenario *s = NULL;
    aiecon_error err = {{0}};
    aiecon_status st = scenario_load_mpi(MPI_COMM_WORLD, path, NULL, 0, &s, &err);
    if (st != AIECON_OK) fprintf(stderr, "%s\n", err.message);
    CU_ASSERT_EQUAL_FATAL(st, AIECON_OK);
    CU_ASSERT_EQUAL(s->region_count, 1);
    CU_ASSERT_EQUAL(s->regions[0].household_agents, 200000);
    CU_ASSERT_EQUAL(s->run.steps, 120);
    CU_ASSERT_EQUAL(s->households.network.rewire, 1.0);
    CU_ASSERT_EQUAL(s->households.initial_adopted, 0.0);
    CU_ASSERT(s->households.bass_p + s->households.bass_q < 0.1);
    scenario_free(s);
}

static void test_bad_numbers(void)
{
    expect_edit_bad("bass_p: 0.003", "bass_p: abc", "t.yaml:15: households.bass_p: 'abc' is not a number (expected a real number in [0, 1])");
    expect_edit_bad("bass_p: 0.003", "bass_p: nan", "t.yaml:15: households.bass_p: 'nan' is not a finite number");
    expect_edit_bad("bass_p: 0.003", "bass_p: .nan", "t.yaml:15: households.bass_p: '.nan' is not a finite");
    expect_edit_bad("bass_p: 0.003", "bass_p: -.inf", "t.yaml:15: households.bass_p: '-.inf' is not a finite");
    expect_edit_bad("bass_p: 0.003", "bass_p: 1e999", "t.yaml:15: households.bass_p: '1e999' is not a finite");
    expect_edit_bad("bass_p: 0.003", "bass_p: 0.5x", "t.yaml:15: households.bass_p: '0.5x' is not a number");
    expect_edit_bad("bass_p: 0.003", "bass_p: 0x10", "t.yaml:15: households.bass_p: '0x10' is not a decimal");
    expect_edit_bad("bass_p: 0.003", "bass_p:", "t.yaml:15: households.bass_p: no value");
    expect_edit_bad("bass_p: 0.003", "bass_p: '0.5'", "t.yaml:15: households.bass_p: '0.5' is quoted");
    expect_edit_bad("bass_p: 0.003", "bass_p: 1.5", "t.yaml:15: households.bass_p: 1.5 is out of range (expected a real number in [0, 1])");
    expect_edit_bad("steps: 24", "steps: 3.7", "t.yaml:5: run.steps: '3.7' is not a whole number");
    expect_edit_bad("steps: 24", "steps: 12abc", "t.yaml:5: run.steps: '12abc' is not a number");
    expect_edit_bad("steps: 24", "steps: 100001", "t.yaml:5: run.steps: 100001 is out of range (expected a whole number in [1, 100000])");
    expect_edit_bad("seed: 7", "seed: 4294967296", "t.yaml:6: run.seed: '4294967296' is too large");
    expect_edit_bad("household_agents: 1000", "household_agents: -7", "t.yaml:10: regions.us.household_agents: '-7' is negative");
    expect_edit_bad("household_agents: 1000", "household_agents: 99999999999999",
                    "t.yaml:10: regions.us.household_agents: 99999999999999 is out of range");
    expect_edit_bad("household_agents: 2500", "household_agents: 1e15",
                    "t.yaml:13: regions.eu.household_agents: 1000000000000000 is out of range");
    expect_edit_bad("household_agents: 1000", "household_agents: 99999999999999999999", "'99999999999999999999' is too large");
    expect_edit_bad("household_agents: 1000", "household_agents: 1e300", "too large to be exact");
    expect_edit_bad("household_agents: 1000", "household_agents: 010", "has a leading zero");
}

static void test_bad_structure(void)
{
    expect_edit_bad("  bass_q: 0.09", "  bass_r: 0.09", "t.yaml:16: households.bass_r: unknown key (expected one of: bass_p, bass_q, initial_adopted, network, income, choice, paid_base, paid_elasticity, plan_review, tokens_free_mtok, tokens_paid_mtok, token_growth, token_growth_halflife, adoption_price_weight)");
    expect_edit_bad("  seed: 7\n", "", "t.yaml:3: run.seed: missing");
    expect_edit_bad("households:\n  bass_p", "households:\n  bass_p: 0.1\n  bass_p", "t.yaml:16: households.bass_p: duplicate key (first given at line 15)");
    expect_edit_bad("    degree: 10", "    degree: [10]", "t.yaml:19: households.network.degree: a list is not a single value");
    expect_edit_bad("run:\n", "run: 5\nxrun:\n", "t.yaml:3: run: a single value is not a mapping");
    expect_edit_bad("    rewire: 0.25", "    rewire: [0.25", "t.yaml:21: YAML syntax error");
    expect_edit_bad("  steps: 24\n", "  steps: 24\n  start: \"2024-04\"\n", "t.yaml:6: run.start: duplicate key");
    expect_edit_bad("  bass_q: 0.09", "  bass_q: *anchor", "t.yaml:16: YAML syntax error");   /* undefined alias */
    expect_edit_bad("  bass_p: 0.003\n  bass_q: 0.09", "  bass_p: &x 0.003\n  bass_q: *x", "t.yaml:16: households.bass_q: an alias");
    expect_bad("", 0, NULL, "t.yaml: empty (expected a scenario");
    expect_bad("# only a comment\n", 17, NULL, "t.yaml: empty");
    expect_bad("just a scalar\n", 14, NULL, "t.yaml:1: the top level: a single value is not a mapping");
    expect_bad("\x7f" "ELF\x02\x01\x00\xff\xfe", 9, NULL, "t.yaml:1: not a text file");
    expect_bad("title: caf\xe9\n", 12, NULL, "t.yaml:1: not a text file");
    expect_bad("a: 1\n---\nb: 2\n", 14, NULL, "a second YAML document");
    expect_bad("\"bad\\nkey\": 1\n", 14, NULL, "t.yaml:1: bad?key: unknown key");   /* still one line */
}

static void test_bad_ranges(void)
{
    expect_edit_bad("    degree: 10", "    degree: 7", "t.yaml:19: households.network.degree: 7 is odd");
    expect_edit_bad("    degree: 10", "    degree: 0", "t.yaml:19: households.network.degree: 0 is out of range");
    expect_edit_bad("    degree: 10", "    degree: 3500", "households.network.degree: 3500 is not below the total household agents, 3500");
    expect_edit_bad("name: eu", "name: us", "t.yaml:11: regions.us.name: 'us' names two regions (the first at line 8");
    expect_edit_bad("name: eu", "name: EU", "t.yaml:11: regions.EU.name: 'EU' has characters other than");
    expect_edit_bad("name: eu", "name: ''", "t.yaml:11: regions[1].name: empty name");
    expect_edit_bad("name: eu", "name: a_name_that_is_much_longer_than_31", "bytes long");
    expect_edit_bad("households: 5000", "households: 2000", "t.yaml:12: regions.eu.households: 2000 households for 2500 agents");
    expect_edit_bad("households: 5000", "households: 2e12", "t.yaml:12: regions.eu.households: 2000000000000 is out of range");
    expect_edit_bad("\"2024-03\"", "\"2024-13\"", "t.yaml:4: run.start: '2024-13' is not a month");
    expect_edit_bad("\"2024-03\"", "March 2024", "t.yaml:4: run.start: 'March 2024' is not a month");
    expect_edit_bad("    rewire: 0.25", "    rewire: -0.5", "t.yaml:20: households.network.rewire: -0.5 is out of range");
    char many[4096] = "run: {start: \"2024-01\", steps: 1, seed: 1}\nregions:\n";
    for (int i = 0; i < SCENARIO_MAX_REGIONS + 1; i++) {
        snprintf(many + strlen(many), sizeof many - strlen(many), "  - {name: r%d, households: 10, household_agents: 10}\n", i);
    }
    strcat(many, "households: {bass_p: 0.1, bass_q: 0.1, network: {degree: 2, rewire: 0}}\n");
    expect_bad(many, strlen(many), NULL, "t.yaml:2: regions: 17 entries");
}

static void test_set(void)
{
    const char *sets[] = {"households.network.degree=6", "regions.eu.household_agents=500",
                          "title=from the command line", "run.start=2030-12", "regions.us.households=2e6",
                          "households.bass_p=0.1", "households.bass_p=0.30000000000000004"};
    scenario *s = parse_ok(valid_yaml, sets, 7);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->households.network.degree, 6);
    CU_ASSERT_EQUAL(s->regions[1].household_agents, 500);
    CU_ASSERT_EQUAL(s->regions[0].household_agents, 1000);
    CU_ASSERT_EQUAL(s->regions[0].households, 2000000);
    CU_ASSERT_STRING_EQUAL(s->title, "from the command line");
    CU_ASSERT_STRING_EQUAL(s->run.start, "2030-12");
    CU_ASSERT_EQUAL(s->households.bass_p, 0.1 + 0.2);   /* applied in order: the last one wins */
    scenario_free(s);

    const char *v = valid_yaml;
    size_t n = strlen(v);
    expect_bad(v, n, "households.bass_r=1", "--set: households.bass_r: unknown key (expected one of: bass_p, bass_q, initial_adopted, network, income,");
    expect_bad(v, n, "households.bass_p=abc", "--set: households.bass_p: 'abc' is not a number (expected a real number in [0, 1])");
    expect_bad(v, n, "households.bass_p=2", "--set: households.bass_p: 2 is out of range");
    expect_bad(v, n, "regions.mars.households=5", "--set: regions.mars.households: no entry named 'mars' in regions (expected one of: us, eu, or an index [0] to [1])");
    expect_bad(v, n, "regions.us.households=5", "--set: regions.us.households: 5 households for 1000 agents");
    expect_bad(v, n, "run.steps.x=5", "--set: run.steps.x: unknown key (run.steps is a single value)");
    expect_bad(v, n, "no.such.key=1", "--set: no.such.key: unknown key 'no' (expected one of: title, run, regions, households, businesses, labs, clouds, chipmakers, investors, macro, deals)");
    expect_bad(v, n, "households.netwrk.degree=1", "--set: households.netwrk.degree: unknown key 'netwrk' in households (expected");
    expect_bad(v, n, "households.network=5", "--set: households.network: a group of keys");
    expect_bad(v, n, "run.steps=-1", "--set: run.steps: '-1' is negative");
    expect_bad(v, n, "run.steps", "--set: 'run.steps': not an assignment");
    expect_bad(v, n, "regions.eu.name=us", "--set: regions.us.name: 'us' names two regions");
}

static int same_scenario(const scenario *a, const scenario *b)
{
    int same = strcmp(a->title, b->title) == 0 && strcmp(a->run.start, b->run.start) == 0 &&
               a->run.steps == b->run.steps && a->run.seed == b->run.seed &&
               a->region_count == b->region_count &&
               memcmp(&a->households, &b->households, sizeof a->households) == 0;
    for (unsigned i = 0; same && i < a->region_count; i++) {
        same = strcmp(a->regions[i].name, b->regions[i].name) == 0 &&
               a->regions[i].households == b->regions[i].households &&
               a->regions[i].household_agents == b->regions[i].household_agents;
    }
    return same;
}

static void test_round_trip(void)
{
    const char *sets[] = {"households.bass_p=0.30000000000000004", "households.bass_q=1e-300",
                          "households.network.rewire=0.1", "title=a: title, with # odd \"chars\"",
                          "run.seed=4294967295"};
    scenario *a = parse_ok(valid_yaml, sets, 5);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    aiecon_error err = {{0}};
    char *yaml = scenario_to_yaml(a, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(yaml);
    CU_ASSERT_PTR_NOT_NULL(strstr(yaml, "rewire: 0.1\n"));   /* shortest form, not 1.0000000000000001e-01 */
    scenario *b = parse_ok(yaml, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT(same_scenario(a, b));
    char *again = scenario_to_yaml(b, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(again);
    CU_ASSERT_STRING_EQUAL(yaml, again);
    free(again);
    free(yaml);
    scenario_free(a);
    scenario_free(b);
}

static void test_economy_valid(void)
{
    scenario *s = parse_ok(economy_yaml, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->has_economy, 1);
    const scenario_region *us = &s->regions[0], *row = &s->regions[1];
    CU_ASSERT_EQUAL(us->businesses, 500);
    CU_ASSERT_EQUAL(us->business_agents, 50);
    CU_ASSERT_EQUAL(us->adoption_scale, 1.5);
    CU_ASSERT_EQUAL(us->households_adopted, 0.2);
    CU_ASSERT_EQUAL(us->export_blocked, 0);
    CU_ASSERT_EQUAL(us->grid.dc_power_mw, 1000);
    CU_ASSERT_EQUAL(us->grid.price_elasticity, 2);
    CU_ASSERT_EQUAL(row->businesses, 0);              /* defaults */
    CU_ASSERT_EQUAL(row->business_agents, 0);
    CU_ASSERT_EQUAL(row->adoption_scale, 1.0);
    CU_ASSERT_EQUAL(row->households_adopted, 0.05);   /* households.initial_adopted */
    CU_ASSERT_EQUAL(row->grid.dc_power_mw, 0.0);
    CU_ASSERT_EQUAL(s->households.income_count, 2);
    CU_ASSERT_STRING_EQUAL(s->households.income[1].name, "high");
    CU_ASSERT_EQUAL(s->households.income[1].budget_usd, 40);
    CU_ASSERT_EQUAL(s->households.choice.price_weight, -2);
    CU_ASSERT_EQUAL(s->households.choice.quit_share, 0.3);
    CU_ASSERT_EQUAL(s->households.token_growth, 1);
    CU_ASSERT_EQUAL(s->businesses.size_count, 2);
    CU_ASSERT_EQUAL(s->businesses.sizes[1].tokens_production_mtok, 1e4);
    CU_ASSERT_EQUAL(s->businesses.sector_count, 2);
    CU_ASSERT_EQUAL(s->businesses.sectors[1].roi, -0.02);
    CU_ASSERT_EQUAL(s->businesses.network.degree, 6);
    CU_ASSERT_EQUAL(s->businesses.pilot_months, 4);
    CU_ASSERT_EQUAL_FATAL(s->lab_count, 2);
    CU_ASSERT_EQUAL(s->labs[0].cash_usd, 10e9);
    CU_ASSERT_EQUAL(s->labs[0].serving_mtok_per_mw, 2e6);
    CU_ASSERT_EQUAL_FATAL(s->labs[0].contract_count, 2);
    CU_ASSERT_STRING_EQUAL(s->labs[0].contracts[1].cloud, "neo");
    CU_ASSERT_STRING_EQUAL(s->labs[0].contracts[1].signed_at, "2024-01");
    CU_ASSERT_STRING_EQUAL(s->labs[0].contracts[1].start, "2024-07");
    CU_ASSERT_EQUAL(s->labs[0].contracts[1].months, 24);
    CU_ASSERT_EQUAL(s->labs[0].contracts[0].usd_per_mw_month, 1.5e6);
    CU_ASSERT_EQUAL(s->labs[1].contract_count, 0);
    CU_ASSERT_PTR_NULL(s->labs[1].contracts);
    CU_ASSERT_EQUAL_FATAL(s->cloud_count, 2);
    CU_ASSERT_STRING_EQUAL(s->clouds[1].region, "us");
    CU_ASSERT_EQUAL(s->clouds[0].build_months, 18);
    CU_ASSERT_EQUAL_FATAL(s->chipmaker_count, 2);
    CU_ASSERT_EQUAL(s->chipmakers[0].export_controlled, 1);
    CU_ASSERT_EQUAL(s->chipmakers[1].export_controlled, 0);
    CU_ASSERT_EQUAL(s->chipmakers[0].capacity_units, 3e5);
    CU_ASSERT_EQUAL(s->investors.capex_weight, -0.3);
    CU_ASSERT_EQUAL(s->investors.algorithmic_progress, 1);
    CU_ASSERT_EQUAL(scenario_business_agents(s), 50);
    CU_ASSERT_EQUAL(scenario_household_agents(s), 300);
    CU_ASSERT_EQUAL(scenario_month_index(s, "2024-03"), 2);
    CU_ASSERT_EQUAL(scenario_month_index(s, "2024-01"), 0);
    CU_ASSERT_EQUAL(scenario_month_index(s, "2025-01"), 12);
    CU_ASSERT_EQUAL(scenario_month_index(s, "2023-06"), -7);
    CU_ASSERT_EQUAL(scenario_month_index(s, "2024-13"), LONG_MIN);
    CU_ASSERT_EQUAL(scenario_month_index(s, "soon"), LONG_MIN);
    scenario_free(s);
    s = parse_ok(valid_yaml, NULL, 0);   /* a diffusion scenario: no economy, region defaults */
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->has_economy, 0);
    CU_ASSERT_EQUAL(s->lab_count + s->cloud_count + s->chipmaker_count + s->households.income_count, 0);
    CU_ASSERT_EQUAL(s->regions[1].adoption_scale, 1.0);
    CU_ASSERT_EQUAL(s->regions[1].households_adopted, 0.01);
    CU_ASSERT_EQUAL(scenario_business_agents(s), 0);
    scenario_free(s);
}

/* Every field of two economies, through their YAML (exact: shortest round-trip floats). */
static void test_economy_round_trip(void)
{
    const char *sets[] = {"labs.frontier_a.ambition=0.30000000000000004", "investors.rate=1e-300",
                          "regions.us.export_blocked=true", "labs.frontier_b.cash_usd=123456789.125"};
    scenario *a = parse_ok(economy_yaml, sets, 4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    aiecon_error err = {{0}};
    char *yaml = scenario_to_yaml(a, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(yaml);
    CU_ASSERT_PTR_NOT_NULL(strstr(yaml, "signed: \"2023-06\"\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(yaml, "export_blocked: true\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(yaml, "name: row\n  households: 2000\n  household_agents: 200\n"
                                        "  businesses: 0\n  business_agents: 0\n  adoption_scale: 1\n"
                                        "  households_adopted: 0.05\n"));
    scenario *b = parse_ok(yaml, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(b->labs[0].ambition, 0.1 + 0.2);
    CU_ASSERT_EQUAL(b->investors.rate, 1e-300);
    CU_ASSERT_EQUAL(b->regions[0].export_blocked, 1);
    CU_ASSERT_EQUAL(b->labs[1].cash_usd, 123456789.125);
    CU_ASSERT_EQUAL(b->labs[1].contract_count, 0);
    CU_ASSERT(memcmp(&a->investors, &b->investors, sizeof a->investors) == 0);
    CU_ASSERT(memcmp(&a->households.choice, &b->households.choice, sizeof a->households.choice) == 0);
    CU_ASSERT(memcmp(&a->regions[0].grid, &b->regions[0].grid, sizeof a->regions[0].grid) == 0);
    char *again = scenario_to_yaml(b, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(again);
    CU_ASSERT_STRING_EQUAL(yaml, again);
    free(again);
    free(yaml);
    scenario_free(a);
    scenario_free(b);
    /* a diffusion scenario prints without any economy key */
    a = parse_ok(valid_yaml, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    yaml = scenario_to_yaml(a, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(yaml);
    CU_ASSERT_PTR_NULL(strstr(yaml, "labs"));
    CU_ASSERT_PTR_NULL(strstr(yaml, "grid"));
    CU_ASSERT_PTR_NULL(strstr(yaml, "choice"));
    CU_ASSERT_PTR_NOT_NULL(strstr(yaml, "households_adopted: 0.01\n"));
    free(yaml);
    scenario_free(a);
}

static void test_economy_set(void)
{
    const char *sets[] = {"labs.frontier_a.ambition=1.5", "labs.frontier_a.contracts[0].mw=100",
                          "labs.frontier_a.contracts[1].cloud=hyper", "regions[1].households=5e6",
                          "chipmakers.leader.export_controlled=false", "households.income.low.budget_usd=7",
                          "businesses.choice.churn=0.5", "regions.row.grid.dc_power_mw=10",
                          "labs[1].contracts=x"};
    scenario *s = parse_ok(economy_yaml, sets, 8);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->labs[0].ambition, 1.5);
    CU_ASSERT_EQUAL(s->labs[0].contracts[0].mw, 100);
    CU_ASSERT_STRING_EQUAL(s->labs[0].contracts[1].cloud, "hyper");
    CU_ASSERT_EQUAL(s->regions[1].households, 5000000);
    CU_ASSERT_EQUAL(s->chipmakers[0].export_controlled, 0);
    CU_ASSERT_EQUAL(s->households.income[0].budget_usd, 7);
    CU_ASSERT_EQUAL(s->businesses.choice.churn, 0.5);
    CU_ASSERT_EQUAL(s->regions[1].grid.dc_power_mw, 10);
    scenario_free(s);
    const char *e = economy_yaml;
    size_t n = strlen(e);
    expect_bad(e, n, sets[8], "--set: labs.frontier_b.contracts: a list, not a value (expected labs.frontier_b.contracts[INDEX].KEY)");
    expect_bad(e, n, "labs.frontier_a.contracts[2].mw=1", "--set: labs.frontier_a.contracts[2].mw: no entry [2] in labs.frontier_a.contracts (expected an index [0] to [1])");
    expect_bad(e, n, "labs.frontier_b.contracts[0].mw=1", "no entry [0] in labs.frontier_b.contracts (expected none: the list is empty)");
    expect_bad(e, n, "labs.frontier_a.contracts.0.mw=1", "--set: labs.frontier_a.contracts.0.mw: no entry named '0' in labs.frontier_a.contracts (expected an index [0] to [1])");
    expect_bad(e, n, "labs.frontier_a.contracts[x].mw=1", "no entry [x] in labs.frontier_a.contracts");
    expect_bad(e, n, "labs.frontier_a.contracts[0]x.mw=1", "no entry [0]x in labs.frontier_a.contracts");
    expect_bad(e, n, "labs.nope.ambition=1", "--set: labs.nope.ambition: no entry named 'nope' in labs (expected one of: frontier_a, frontier_b, or an index [0] to [1])");
    expect_bad(e, n, "labs.frontier_a.contracts[0].mw=0", "--set: labs.frontier_a.contracts[0].mw: 0 is out of range (expected a capacity in MW in (0, 1e6])");
    expect_bad(e, n, "labs.frontier_a.contracts[0].cloud=foo", "--set: labs.frontier_a.contracts[0].cloud: 'foo' is not a cloud (expected one of: hyper, neo)");
    expect_bad(e, n, "regions.us.export_blocked=2", "--set: regions.us.export_blocked: '2' is not true or false (expected true or false)");
    expect_bad(e, n, "regions.us.export_blocked=yes", "'yes' is not true or false");
    expect_bad(e, n, "labs.frontier_a.quality=0", "--set: labs.frontier_a.quality: 0 is out of range (expected a real number in (0, 100])");
    expect_bad(e, n, "businesses.sizes.small.share=0.5", "t.yaml:35: businesses.sizes: the shares of the size classes add up to 0.7 (expected a sum of 1, within 1e-6)");
    expect_bad(e, n, "labs.frontier_a.contracts[1].signed=2024-08", "--set: labs.frontier_a.contracts[1].signed: '2024-08' is after start '2024-07'");
    expect_bad(e, n, "regions.us.grid.dc_power_mw=0", "--set: regions.us.grid.dc_power_mw: 0 MW in a region hosting cloud 'hyper'");
    expect_bad(e, n, "labs.frontier_a.name=frontier_b", "t.yaml:72: labs.frontier_b.name: 'frontier_b' names two labs (the first set by --set; expected unique names)");
    expect_bad(e, n, "regions[1]x.households=1", "no entry [1]x in regions");
    expect_bad(e, n, "households[0].bass_p=1", "--set: households[0].bass_p: unknown key (households is not a list)");
    expect_bad(e, n, "labs..ambition=1", "--set: labs..ambition: an empty key");
    expect_bad(e, n, "labs.frontier_a.=1", "--set: labs.frontier_a.: ends with '.'");
    /* economy keys in a diffusion scenario */
    expect_bad(valid_yaml, strlen(valid_yaml), "households.paid_base=0.1", "--set: households.paid_base: given without an AI economy");
    expect_bad(valid_yaml, strlen(valid_yaml), "regions.eu.grid.dc_power_mw=5", "--set: regions.eu.grid: given without an AI economy");
    expect_bad(valid_yaml, strlen(valid_yaml), "businesses.bass_p=0.1", "t.yaml: labs: missing (a required section: the AI economy needs");
}

static void test_economy_bad(void)
{
    expect_econ_bad("    - {name: high, share: 0.75", "    - {name: high, share: 0.7", NULL,
                    "t.yaml:21: households.income: the shares of the income classes add up to 0.95 (expected a sum of 1, within 1e-6)");
    expect_econ_bad("name: challenger, market_share: 0.15", "name: challenger, market_share: 0.25", NULL,
                    "t.yaml:76: chipmakers: the market shares of the chipmakers add up to 1.1 (expected a sum of 1");
    expect_econ_bad("{name: services, share: 0.7", "{name: services, share: 0.6", NULL, "t.yaml:38: businesses.sectors: the shares of the sectors add up to 0.9");
    expect_econ_bad("      - cloud: neo\n", "      - cloud: foo\n", NULL,
                    "t.yaml:66: labs.frontier_a.contracts[1].cloud: 'foo' is not a cloud (expected one of: hyper, neo)");
    expect_econ_bad("name: neo, region: us", "name: neo, region: mars", NULL,
                    "t.yaml:75: clouds.neo.region: 'mars' is not a region (expected one of: us, row)");
    expect_econ_bad("name: neo, region: us", "name: hyper, region: us", NULL,
                    "t.yaml:75: clouds.hyper.name: 'hyper' names two clouds (the first at line 74; expected unique names)");
    expect_econ_bad("{name: high, share", "{name: low, share", NULL, "t.yaml:23: households.income.low.name: 'low' names two entries of households.income (the first at line 22");
    expect_econ_bad("name: neo, region: us", "name: neo, region: row", NULL,
                    "t.yaml: regions.row.grid.dc_power_mw: 0 MW in a region hosting cloud 'neo' (expected the power available to data centres, > 0 where a cloud is)");
    expect_econ_bad("investors:\n", "xinvestors:\n", NULL, "t.yaml:79: xinvestors: unknown key");
    expect_econ_bad("\"2024-07\"", "\"2023-12\"", NULL,
                    "t.yaml:67: labs.frontier_a.contracts[1].signed: '2024-01' is after start '2023-12' (expected a contract signed no later than its first month)");
    expect_econ_bad("\"2024-07\"", "\"2024-7\"", NULL, "t.yaml:68: labs.frontier_a.contracts[1].start: '2024-7' is not a month (expected the first month of service as YYYY-MM");
    expect_econ_bad("export_blocked: false", "export_blocked: 2", NULL, "t.yaml:11: regions.us.export_blocked: '2' is not true or false (expected true or false)");
    expect_econ_bad("export_blocked: false", "export_blocked: \"false\"", NULL, "t.yaml:11: regions.us.export_blocked: 'false' is quoted");
    expect_econ_bad("export_blocked: false", "export_blocked: no", NULL, "'no' is not true or false");
    expect_econ_bad("export_blocked: false", "export_blocked: [1]", NULL, "t.yaml:11: regions.us.export_blocked: a list is not a single value (expected true or false)");
    expect_econ_bad("cash_usd: 10e9", "cash_usd: -1", NULL, "t.yaml:50: labs.frontier_a.cash_usd: -1 is out of range (expected an amount in USD in [0, 1e15])");
    expect_econ_bad("cash_usd: 10e9", "cash_usd: nan", NULL, "t.yaml:50: labs.frontier_a.cash_usd: 'nan' is not a finite number");
    expect_econ_bad("cash_usd: 10e9", "cash_usd: 2e15", NULL, "t.yaml:50: labs.frontier_a.cash_usd: 2e+15 is out of range");
    expect_econ_bad("churn: 0.02", "churn: 1.5", NULL, "households.choice.churn: 1.5 is out of range (expected a real number in [0, 1] per month)");
    expect_econ_bad("price_weight: -2", "price_weight: -200", NULL, "households.choice.price_weight: -200 is out of range (expected a real number in [-100, 100])");
    expect_econ_bad("    business_agents: 50\n", "    business_agents: 600\n", NULL,
                    "t.yaml:7: regions.us.businesses: 500 businesses for 600 agents (expected at least one firm per agent");
    expect_econ_bad("    business_agents: 50\n", "    business_agents: 0\n", NULL,
                    "t.yaml:8: regions.us.business_agents: 0 agents for 500 businesses (expected business_agents > 0 if and only if businesses > 0)");
    expect_econ_bad("network: {degree: 6,", "network: {degree: 5,", NULL, "t.yaml:34: businesses.network.degree: 5 is odd (expected an even whole number >= 2, below the total business agents)");
    expect_econ_bad("network: {degree: 6,", "network: {degree: 50,", NULL, "businesses.network.degree: 50 is not below the total business agents, 50");
    expect_econ_bad("labs:\n", "labs: []\nxlabs:\n", NULL, "t.yaml:47: labs: 0 entries (expected a list of 1 to 64 labs)");
    expect_econ_bad("investors:\n  sentiment: 1\n", "xx:\n  sentiment: 1\n", NULL, "t.yaml:79: xx: unknown key");
    expect_econ_bad("  paid_base: 0.05\n", "", NULL, "t.yaml:16: households.paid_base: missing (a required key with the AI economy: a real number in [0, 1])");
    expect_econ_bad("  pilot_months: 4\n", "", NULL, "t.yaml:31: businesses.pilot_months: missing");
    expect_econ_bad("    runway_months: 12\n", "", NULL, "t.yaml:48: labs.frontier_a.runway_months: missing");
    expect_econ_bad("pilot_months: 4", "pilot_months: 0.5", NULL, "businesses.pilot_months: 0.5 is out of range (expected a number of months in [1, 120])");
    expect_econ_bad("months: 36", "months: 601", NULL, "t.yaml:65: labs.frontier_a.contracts[0].months: 601 is out of range (expected a whole number of months in [1, 600])");
    expect_econ_bad("build_months: 18", "build_months: 0", NULL, "t.yaml:74: clouds.hyper.build_months: 0 is out of range");
    expect_econ_bad("markup: 3,", "markup: 0.5,", NULL, "t.yaml:77: chipmakers.leader.markup: 0.5 is out of range (expected a real number in [1, 100])");
    expect_econ_bad("name: frontier_a", "name: Frontier", NULL, "t.yaml:48: labs.Frontier.name: 'Frontier' has characters other than");
    expect_econ_bad("  sizes:\n", "  sizes: []\n  xsizes:\n", NULL, "t.yaml:35: businesses.sizes: 0 entries (expected a list of 1 to 3 size classes");
    expect_econ_bad("    contracts:\n", "    contracts: 5\n    xcontracts:\n", NULL, "t.yaml:64: labs.frontier_a.contracts: a single value is not a list");
    expect_econ_bad("sentiment: 1\n", "sentiment: 11\n", NULL, "t.yaml:80: investors.sentiment: 11 is out of range (expected a real number in [0, 10])");
    /* the economy is all or nothing */
    char *t = edited_from(economy_yaml, "investors:\n", "");
    char *u = edited_from(t, "  sentiment: 1\n  sentiment_speed: 0.2\n  growth_weight: 1\n  capex_weight: -0.3\n"
                             "  equity_supply_usd: 5e9\n  revenue_multiple: 25\n  rate: 0.045\n  spread: 0.03\n"
                             "  algorithmic_progress: 1\n", "");
    expect_bad(u, strlen(u), NULL, "t.yaml: investors: missing (a required section: the AI economy needs businesses, labs, clouds, chipmakers and investors together)");
    free(t);
    free(u);
    expect_edit_bad("    household_agents: 1000\n", "    household_agents: 1000\n    grid: {dc_power_mw: 1, other_dc_load_mw: 0, supply_growth: 0, price_usd_per_mwh: 0, price_elasticity: 0}\n",
                    "t.yaml:11: regions.us.grid: given without an AI economy");
    expect_edit_bad("    rewire: 0.25\n", "    rewire: 0.25\n  income: [{name: a, share: 1, budget_usd: 1}]\n", "t.yaml:21: households.income: given without an AI economy");
    /* an optional key of the economy too (it was once left out of a hand-written list) */
    expect_edit_bad("    rewire: 0.25\n", "    rewire: 0.25\n  token_growth_halflife: 5\n",
                    "t.yaml:21: households.token_growth_halflife: given without an AI economy");
    char more[2048];
    snprintf(more, sizeof more, "%sclouds: [{name: c}]\n", valid_yaml);
    expect_bad(more, strlen(more), NULL, "t.yaml:21: clouds.c.region: missing");
    snprintf(more, sizeof more, "%sclouds: [{name: c, region: us, capacity_mw: 1, cash_usd: 0, debt_usd: 0, "
             "other_revenue_usd: 0, lease_usd_per_mw_month: 0, capex_usd_per_mw: 0, chip_share: 0, "
             "build_months: 1, spare_build: 0}]\n", valid_yaml);
    expect_bad(more, strlen(more), NULL, "t.yaml: businesses: missing (a required section");
}

/* inputs/tiny.yaml, found from this file's path. */
static void test_tiny_file(void)
{
    char path[4096];
    const char *me = __FILE__, *cut = strstr(me, "tests/unit/test_scenario.c");
    if (cut == NULL || me[0] != '/') return;
    snprintf(path, sizeof path, "%.*sinputs/tiny.yaml", (int)(cut - me), me);
    scenario *s = NULL;
    aiecon_error err = {{0}};
    aiecon_status st = scenario_load_mpi(MPI_COMM_WORLD, path, NULL, 0, &s, &err);
    if (st != AIECON_OK) fprintf(stderr, "%s\n", err.message);
    CU_ASSERT_EQUAL_FATAL(st, AIECON_OK);
    CU_ASSERT_EQUAL(s->has_economy, 1);
    CU_ASSERT_EQUAL(s->region_count, 2);
    CU_ASSERT_EQUAL(s->run.steps, 24);
    CU_ASSERT_EQUAL(scenario_household_agents(s), 3000);
    CU_ASSERT_EQUAL(scenario_business_agents(s), 1500);
    CU_ASSERT_EQUAL(s->lab_count, 2);
    CU_ASSERT_EQUAL(s->cloud_count, 2);
    CU_ASSERT_EQUAL(s->chipmaker_count, 2);
    CU_ASSERT_EQUAL(s->chipmakers[0].export_controlled + s->chipmakers[1].export_controlled, 1);
    CU_ASSERT_EQUAL(s->households.income_count, 3);
    CU_ASSERT_EQUAL(s->businesses.size_count, 3);
    CU_ASSERT_EQUAL(s->businesses.sector_count, 2);
    CU_ASSERT_STRING_EQUAL(s->labs[0].name, "frontier_a");
    CU_ASSERT_EQUAL(scenario_month_index(s, s->labs[0].contracts[0].signed_at), -7);
    scenario_free(s);
}

static void test_memory_businesses(void)
{
    scenario *s = parse_ok(economy_yaml, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    aiecon_error err = {{0}};
    CU_ASSERT_EQUAL(scenario_check_memory(s, 1, 1000.0, 350e3, &err), AIECON_OK);           /* 350 agents */
    CU_ASSERT_EQUAL(scenario_check_memory(s, 1, 1000.0, 349e3, &err), AIECON_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "350 agents in total (300 household, 50 business)"));
    scenario_free(s);
}

static void test_memory(void)
{
    scenario *s = parse_ok(valid_yaml, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    aiecon_error err = {{0}};
    CU_ASSERT_EQUAL(scenario_check_memory(s, 1, 100.0, 1e6, &err), AIECON_OK);          /* 350 kB */
    CU_ASSERT_EQUAL(scenario_check_memory(s, 1, 1000.0, 1e6, &err), AIECON_ERR_INPUT);  /* 3.5 MB */
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "household_agents"));
    CU_ASSERT_EQUAL(scenario_check_memory(s, 4, 1000.0, 1e6, &err), AIECON_OK);         /* 875 kB */
    scenario_free(s);
}

/* 1 when every rank holds the same (status, message), by comparing a hash with MIN and MAX. */
static int same_on_all_ranks(aiecon_status st, const char *message)
{
    unsigned long h = 5381u + (unsigned long)st;
    for (const char *c = message; *c; c++) h = h * 33u + (unsigned char)*c;
    unsigned long lo = 0, hi = 0;
    MPI_Allreduce(&h, &lo, 1, MPI_UNSIGNED_LONG, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&h, &hi, 1, MPI_UNSIGNED_LONG, MPI_MAX, MPI_COMM_WORLD);
    return lo == hi;
}

/* Rank 0 writes text to a new temporary file; every rank gets its name. */
static void shared_temp(const char *text, char name[64])
{
    if (test_rank() == 0) {
        snprintf(name, 64, "/tmp/aiecon-test-scenario-XXXXXX");
        int fd = mkstemp(name);
        if (fd >= 0) {
            ssize_t w = write(fd, text, strlen(text));
            (void)w;
            close(fd);
        }
    }
    MPI_Bcast(name, 64, MPI_CHAR, 0, MPI_COMM_WORLD);
}

static void load_everywhere(const char *text, const char *set, aiecon_status want, const char *want_text)
{
    char name[64];
    shared_temp(text, name);
    scenario_override ov = {set};
    scenario *s = NULL;
    aiecon_error err = {{0}};
    aiecon_status st = scenario_load_mpi(MPI_COMM_WORLD, name, &ov, set ? 1 : 0, &s, &err);
    CU_ASSERT_EQUAL(st, want);
    CU_ASSERT(same_on_all_ranks(st, st == AIECON_OK ? s->title : err.message));
    if (want_text != NULL) CU_ASSERT_PTR_NOT_NULL(strstr(err.message, want_text));
    scenario_free(s);
    MPI_Barrier(MPI_COMM_WORLD);
    if (test_rank() == 0) unlink(name);
}

static void test_load_mpi(void)
{
    load_everywhere(valid_yaml, NULL, AIECON_OK, NULL);
    load_everywhere(valid_yaml, "households.bass_q=7", AIECON_ERR_INPUT, "--set: households.bass_q: 7 is out of range");
    load_everywhere("run: [\n", NULL, AIECON_ERR_INPUT, "YAML syntax error");
    load_everywhere("", NULL, AIECON_ERR_INPUT, ": empty");
    scenario *s = (scenario *)1;
    aiecon_error err = {{0}};
    aiecon_status st = scenario_load_mpi(MPI_COMM_WORLD, "/nonexistent-dir/x.yaml", NULL, 0, &s, &err);
    CU_ASSERT_EQUAL(st, AIECON_ERR_INPUT);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_STRING_EQUAL(err.message, "/nonexistent-dir/x.yaml: cannot read: No such file or directory");
    CU_ASSERT(same_on_all_ranks(st, err.message));
    st = scenario_load_mpi(MPI_COMM_WORLD, "/tmp", NULL, 0, &s, &err);
    CU_ASSERT_EQUAL(st, AIECON_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "/tmp: cannot read: Is a directory"));
    CU_ASSERT(same_on_all_ranks(st, err.message));
}

/* ---------------------------------------------------------------- variants */

/* A folder made by rank 0 (mkdtemp), named on every rank, and the files rank 0 wrote into it. */
typedef struct tfolder { char dir[64]; int files; char name[32][24]; } tfolder;

static void folder_make(tfolder *f)
{
    memset(f, 0, sizeof *f);
    if (test_rank() == 0) {
        snprintf(f->dir, sizeof f->dir, "/tmp/aiecon-test-variant-XXXXXX");
        if (mkdtemp(f->dir) == NULL) f->dir[0] = '\0';
    }
    MPI_Bcast(f->dir, sizeof f->dir, MPI_CHAR, 0, MPI_COMM_WORLD);
    CU_ASSERT_FATAL(f->dir[0] != '\0');
}

/* Rank 0 writes text to DIR/name (a name "sub/x.yaml" makes the folder sub); every rank waits. */
static void folder_put(tfolder *f, const char *name, const char *text)
{
    if (test_rank() == 0) {
        char path[160];
        const char *slash = strchr(name, '/');
        if (slash != NULL) {
            snprintf(path, sizeof path, "%s/%.*s", f->dir, (int)(slash - name), name);
            mkdir(path, 0700);
        }
        snprintf(path, sizeof path, "%s/%s", f->dir, name);
        FILE *fp = fopen(path, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
        fputs(text, fp);
        fclose(fp);
        if (f->files < 32) snprintf(f->name[f->files++], sizeof f->name[0], "%s", name);
    }
    MPI_Barrier(MPI_COMM_WORLD);
}

static void folder_remove(const tfolder *f)
{
    MPI_Barrier(MPI_COMM_WORLD);
    if (test_rank() != 0) return;
    char path[160];
    for (int i = 0; i < f->files; i++) {
        snprintf(path, sizeof path, "%s/%s", f->dir, f->name[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/sub", f->dir);
    rmdir(path);
    rmdir(f->dir);
}

/* scenario_load_mpi of DIR/name with the given --set; the verdict must be the same on every rank. */
static aiecon_status load_in(const tfolder *f, const char *name, const char **sets, int nsets,
                             scenario **s, aiecon_error *err)
{
    char path[160];
    scenario_override ov[8];
    for (int i = 0; i < nsets; i++) ov[i].assignment = sets[i];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    aiecon_status st = scenario_load_mpi(MPI_COMM_WORLD, path, ov, nsets, s, err);
    CU_ASSERT(same_on_all_ranks(st, st == AIECON_OK ? (*s)->title : err->message));
    return st;
}

/* DIR/name (with an optional --set) must be refused with "DIR/" + want in the message. */
static void expect_variant_bad(const tfolder *f, const char *name, const char *set, const char *want)
{
    scenario *s = (scenario *)1;
    aiecon_error err = {{0}};
    aiecon_status st = load_in(f, name, &set, set ? 1 : 0, &s, &err);
    CU_ASSERT_EQUAL(st, AIECON_ERR_INPUT);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NULL(strchr(err.message, '\n'));
    char full[512];
    snprintf(full, sizeof full, "%s%s%s", want[0] == '-' ? "" : f->dir, want[0] == '-' ? "" : "/", want);
    if (strstr(err.message, full) == NULL) {
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.message, full);
        CU_FAIL("message lacks the expected text");
    }
}

/* scenario_to_yaml of DIR/name loaded with sets; caller frees. */
static char *resolved(const tfolder *f, const char *name, const char **sets, int nsets)
{
    scenario *s = NULL;
    aiecon_error err = {{0}};
    aiecon_status st = load_in(f, name, sets, nsets, &s, &err);
    if (st != AIECON_OK) fprintf(stderr, "unexpected failure: %s\n", err.message);
    CU_ASSERT_EQUAL_FATAL(st, AIECON_OK);
    char *yaml = scenario_to_yaml(s, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(yaml);
    scenario_free(s);
    return yaml;
}

static const char *variant_yaml =
    "# a variant: demand disappoints\n"
    "extends: base.yaml\n"
    "title: \"demand: disappoints\"\n"
    "set:\n"
    "  households.bass_q: 0.04\n"                    /* line 5 */
    "  labs.frontier_a.subscription_usd: 15\n"
    "  labs.frontier_a.contracts[0].mw: 100\n"
    "  regions[1].households: 5e3\n";

static void test_variant_values(void)
{
    tfolder f;
    folder_make(&f);
    folder_put(&f, "base.yaml", economy_yaml);
    folder_put(&f, "v.yaml", variant_yaml);
    const char *sets[] = {"households.bass_q=0.04", "labs.frontier_a.subscription_usd=15",
                          "labs.frontier_a.contracts[0].mw=100", "regions.row.households=5000",
                          "title=demand: disappoints"};
    char *variant = resolved(&f, "v.yaml", NULL, 0), *equivalent = resolved(&f, "base.yaml", sets, 5);
    char *base = resolved(&f, "base.yaml", NULL, 0);
    CU_ASSERT_STRING_EQUAL(variant, equivalent);   /* exactly the values it sets, and nothing else */
    CU_ASSERT_STRING_NOT_EQUAL(variant, base);
    CU_ASSERT_PTR_NOT_NULL(strstr(variant, "bass_q: 0.04\n"));
    CU_ASSERT_PTR_NULL(strstr(variant, "extends"));

    /* scenario_parse reaches the same result, reading the base from disk. */
    char path[160];
    snprintf(path, sizeof path, "%s/v.yaml", f.dir);
    scenario *s = NULL;
    aiecon_error err = {{0}};
    CU_ASSERT_EQUAL(scenario_parse(variant_yaml, strlen(variant_yaml), path, NULL, 0, &s, &err), AIECON_OK);
    char *parsed = s ? scenario_to_yaml(s, &err) : NULL;
    CU_ASSERT(parsed != NULL && strcmp(parsed, variant) == 0);
    free(parsed);
    scenario_free(s);
    free(variant);
    free(equivalent);
    free(base);
    folder_remove(&f);
}

static void test_variant_chain(void)
{
    tfolder f;
    folder_make(&f);
    folder_put(&f, "base.yaml", economy_yaml);
    folder_put(&f, "v.yaml", variant_yaml);
    folder_put(&f, "v2.yaml", "extends: v.yaml\nset:\n  households.bass_p: 0.02\n");
    folder_put(&f, "sub/v3.yaml", "extends: ../v2.yaml\nset: {households.bass_q: 0.05}\n");
    const char *set = "households.bass_q=0.06";
    scenario *s = NULL;
    aiecon_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(load_in(&f, "sub/v3.yaml", NULL, 0, &s, &err), AIECON_OK);
    CU_ASSERT_EQUAL(s->households.bass_q, 0.05);       /* the nearest variant wins */
    CU_ASSERT_EQUAL(s->households.bass_p, 0.02);
    CU_ASSERT_EQUAL(s->labs[0].subscription_usd, 15);
    CU_ASSERT_STRING_EQUAL(s->title, "demand: disappoints");
    scenario_free(s);
    CU_ASSERT_EQUAL_FATAL(load_in(&f, "sub/v3.yaml", &set, 1, &s, &err), AIECON_OK);
    CU_ASSERT_EQUAL(s->households.bass_q, 0.06);       /* the command line comes last */
    scenario_free(s);

    /* An absolute path; a chain of 8 links loads, 9 are refused; cycles are refused. */
    char text[160];
    snprintf(text, sizeof text, "extends: %s/base.yaml\n", f.dir);
    folder_put(&f, "d8.yaml", text);
    for (int i = 7; i >= 0; i--) {
        char name[16];
        snprintf(name, sizeof name, "d%d.yaml", i);
        snprintf(text, sizeof text, "# link %d\nextends: d%d.yaml\n", i, i + 1);
        folder_put(&f, name, text);
    }
    CU_ASSERT_EQUAL(load_in(&f, "d1.yaml", NULL, 0, &s, &err), AIECON_OK);
    scenario_free(s);
    expect_variant_bad(&f, "d0.yaml", NULL, "d8.yaml:1: extends: ");
    expect_variant_bad(&f, "d0.yaml", NULL, "base.yaml: more than 8 levels of extends (expected");
    folder_put(&f, "a.yaml", "extends: b.yaml\n");
    folder_put(&f, "b.yaml", "\nextends: a.yaml\n");
    folder_put(&f, "self.yaml", "extends: self.yaml\n");
    expect_variant_bad(&f, "a.yaml", NULL, "b.yaml:2: extends: ");
    expect_variant_bad(&f, "a.yaml", NULL, "a.yaml: a cycle (");
    expect_variant_bad(&f, "self.yaml", NULL, "self.yaml:1: extends: ");
    expect_variant_bad(&f, "self.yaml", NULL, "self.yaml: a cycle (");
    folder_remove(&f);
}

/* DIR/NAME.yaml = "extends: base.yaml\n" + rest must be refused with DIR/want. */
static void expect_variant_text_bad(tfolder *f, const char *rest, const char *want)
{
    char text[512];
    snprintf(text, sizeof text, "extends: base.yaml\n%s", rest);
    folder_put(f, "e.yaml", text);
    expect_variant_bad(f, "e.yaml", NULL, want);
}

static void test_variant_errors(void)
{
    tfolder f;
    folder_make(&f);
    folder_put(&f, "base.yaml", economy_yaml);
    expect_variant_text_bad(&f, "set:\n  households.bass_q: abc\n",
                            "e.yaml:3: households.bass_q: 'abc' is not a number (expected a real number in [0, 1])");
    expect_variant_text_bad(&f, "set:\n  households.bass_p: 0.1\n  households.bass_q: 7\n",
                            "e.yaml:4: households.bass_q: 7 is out of range (expected");
    expect_variant_text_bad(&f, "set:\n  labs.frontier_a.contracts[1].mw: -5\n",
                            "e.yaml:3: labs.frontier_a.contracts[1].mw: -5 is out of range");
    expect_variant_text_bad(&f, "set:\n  households.bass_r: 0.1\n",
                            "e.yaml:3: households.bass_r: unknown key (expected one of: bass_p, bass_q,");
    expect_variant_text_bad(&f, "set:\n  labs.nobody.brand: 1\n", "e.yaml:3: labs.nobody.brand: no entry named 'nobody'");
    expect_variant_text_bad(&f, "set:\n  households.bass_q: '0.04'\n",
                            "e.yaml:3: households.bass_q: '0.04' is quoted, so a string (expected a real number in [0, 1], unquoted)");
    expect_variant_text_bad(&f, "set:\n  households.bass_q: 0.1\n  households.bass_q: 0.2\n",
                            "e.yaml:4: households.bass_q: duplicate key (first given at line 3)");
    expect_variant_text_bad(&f, "set:\n  households.network: {degree: 4}\n",
                            "e.yaml:3: households.network: a mapping is not a single value");
    expect_variant_text_bad(&f, "set: [households.bass_q]\n", "e.yaml:2: set: a list is not a mapping (expected");
    expect_variant_text_bad(&f, "households:\n  bass_q: 0.1\n",
                            "e.yaml:2: households: unknown key in a variant (expected one of: extends, title, set");
    expect_variant_text_bad(&f, "title: [a]\n", "e.yaml:2: title: a list is not a single value");
    expect_variant_text_bad(&f, "set:\n  regions.row.name: us\n", "e.yaml:3: regions.us.name: 'us' names two regions");
    folder_put(&f, "m.yaml", "# no base\nextends: nothere.yaml\n");
    expect_variant_bad(&f, "m.yaml", NULL, "m.yaml:2: extends: ");
    expect_variant_bad(&f, "m.yaml", NULL, "nothere.yaml: cannot read: No such file or directory");
    folder_put(&f, "x.yaml", "extends: [base.yaml]\n");
    expect_variant_bad(&f, "x.yaml", NULL, "x.yaml:1: extends: a list (expected the path of the scenario");

    /* Errors inside the base name the base file and line; a variant may repair a base value. */
    char *bad = edited_from(economy_yaml, "bass_q: 0.1\n", "bass_q: 0.1x\n");
    folder_put(&f, "badbase.yaml", bad);
    free(bad);
    folder_put(&f, "b.yaml", "extends: badbase.yaml\nset: {households.bass_q: 0.2}\n");
    expect_variant_bad(&f, "b.yaml", NULL, "badbase.yaml:18: households.bass_q: '0.1x' is not a number");
    bad = edited_from(economy_yaml, "bass_q: 0.1\n", "bass_q: 7\n");
    folder_put(&f, "rangebase.yaml", bad);
    free(bad);
    folder_put(&f, "r.yaml", "extends: rangebase.yaml\nset: {households.bass_p: 0.2}\n");
    expect_variant_bad(&f, "r.yaml", NULL, "rangebase.yaml:18: households.bass_q: 7 is out of range");
    folder_put(&f, "fix.yaml", "extends: rangebase.yaml\nset: {households.bass_q: 0.2}\n");
    scenario *s = NULL;
    aiecon_error err = {{0}};
    CU_ASSERT_EQUAL(load_in(&f, "fix.yaml", NULL, 0, &s, &err), AIECON_OK);
    scenario_free(s);
    folder_put(&f, "syntax.yaml", "run: [\n");
    folder_put(&f, "y.yaml", "extends: syntax.yaml\n");
    expect_variant_bad(&f, "y.yaml", NULL, "syntax.yaml:2: YAML syntax error");
    folder_put(&f, "v.yaml", variant_yaml);
    expect_variant_bad(&f, "v.yaml", "households.bass_q=7", "--set: households.bass_q: 7 is out of range");
    folder_remove(&f);
}

void aiecon_test_register(void)
{
    CU_pSuite s = CU_add_suite("scenario", NULL, NULL);
    CU_add_test(s, "valid file", test_valid);
    CU_add_test(s, "defaults", test_defaults);
    CU_add_test(s, "inputs/bass-validation.yaml", test_bass_validation_file);
    CU_add_test(s, "bad numbers", test_bad_numbers);
    CU_add_test(s, "bad structure and syntax", test_bad_structure);
    CU_add_test(s, "bad ranges", test_bad_ranges);
    CU_add_test(s, "--set", test_set);
    CU_add_test(s, "to_yaml round trip", test_round_trip);
    CU_add_test(s, "memory check", test_memory);
    CU_add_test(s, "economy: valid", test_economy_valid);
    CU_add_test(s, "economy: to_yaml round trip", test_economy_round_trip);
    CU_add_test(s, "economy: --set", test_economy_set);
    CU_add_test(s, "economy: bad inputs", test_economy_bad);
    CU_add_test(s, "economy: memory counts business agents", test_memory_businesses);
    CU_add_test(s, "inputs/tiny.yaml", test_tiny_file);
    CU_add_test(s, "load_mpi verdict on every rank", test_load_mpi);
    CU_add_test(s, "variants: exactly the values set", test_variant_values);
    CU_add_test(s, "variants: chains, depth, cycles", test_variant_chain);
    CU_add_test(s, "variants: errors name file, line and key", test_variant_errors);
}
