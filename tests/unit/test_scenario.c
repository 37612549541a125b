/* test_scenario.c — the scenario module: valid files load with the right values, each class of
 * bad input is refused with AIECON_ERR_INPUT naming the key path and the right line, `--set`
 * reaches nested and list-by-name keys, scenario_to_yaml round-trips exactly, and
 * scenario_load_mpi reaches the same verdict on every rank (run at 1 and 3 ranks). */
#include "cunit_mpi.h"
#include "aiecon/scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* valid_yaml with the first occurrence of `from` replaced by `to`; caller frees. */
static char *edited(const char *from, const char *to)
{
    const char *at = strstr(valid_yaml, from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    size_t n = strlen(valid_yaml) - strlen(from) + strlen(to) + 1;
    char *t = malloc(n);
    snprintf(t, n, "%.*s%s%s", (int)(at - valid_yaml), valid_yaml, to, at + strlen(from));
    return t;
}

static void expect_edit_bad(const char *from, const char *to, const char *want)
{
    char *t = edited(from, to);
    expect_bad(t, strlen(t), NULL, want);
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
    expect_edit_bad("  bass_q: 0.09", "  bass_r: 0.09", "t.yaml:16: households.bass_r: unknown key (expected one of: bass_p, bass_q, initial_adopted, network)");
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
    expect_bad(v, n, "households.bass_r=1", "--set: households.bass_r: unknown key (expected one of: bass_p, bass_q, initial_adopted, network)");
    expect_bad(v, n, "households.bass_p=abc", "--set: households.bass_p: 'abc' is not a number (expected a real number in [0, 1])");
    expect_bad(v, n, "households.bass_p=2", "--set: households.bass_p: 2 is out of range");
    expect_bad(v, n, "regions.mars.households=5", "--set: regions.mars.households: no entry named 'mars' in regions (expected one of: us, eu)");
    expect_bad(v, n, "regions.us.households=5", "--set: regions.us.households: 5 households for 1000 agents");
    expect_bad(v, n, "run.steps.x=5", "--set: run.steps.x: unknown key (run.steps is a single value)");
    expect_bad(v, n, "no.such.key=1", "--set: no.such.key: unknown key 'no' (expected one of: title, run, regions, households)");
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
    CU_add_test(s, "load_mpi verdict on every rank", test_load_mpi);
}
