/* scenario.c — YAML text → a validated scenario: the pipeline, MPI, output, small queries.
 *
 * scenario_parse runs, in order: libyaml loads the text as a document (syntax, UTF-8, empty,
 * several documents: one message with libyaml's exact mark); the strict schema walk
 * (scenario_schema.c) checks keys, kinds and every number and records the line of every key
 * path; libcyaml loads the typed structs (its log goes into a buffer, never to the terminal, and
 * a failure becomes one line); the strictly parsed numbers are written over libcyaml's; the
 * `--set` overrides are applied in order (scenario_set.c); finally defaults are filled and every
 * rule is checked on the final values (scenario_check.c), naming the file line of the value or
 * "--set" when an override supplied it. A variant file (scenario_variant.c: `extends`, `title`,
 * `set`) is resolved first into the chain of files it builds on; the full scenario at the end of
 * the chain goes through the steps above, and each variant's `set:` entries are applied over it,
 * nearest the full scenario first, before the command line's `--set`. libcyaml is kept
 * because it owns the mapping between YAML and the C structs (allocation, lists, strings, and
 * saving); the strict walk exists only because libcyaml 1.3 is lenient with numbers.
 * scenario_load_mpi has rank 0 read the file (and every file of its variant chain) and broadcast
 * them, so every rank parses the same bytes and reaches the same verdict without talking again. Cost: a scenario is a few KiB;
 * parsing it takes well under a millisecond, run once per process.
 * Every failure is an aiecon_status with one line in the caller's aiecon_error. */
#include "scenario_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SCENARIO_DEPTH_MAX: collections nested deeper are refused before libyaml builds the document;
 * a scenario nests 5 deep at most, and libyaml 0.2.5's scanner costs O(depth) per token in flow
 * collections (a 200 kB line of 100000 '[' took 78 s). */
enum { SCENARIO_FILE_MAX = 16 * 1024 * 1024, SCENARIO_DEPTH_MAX = 64 };

static char *copy_string(const char *s)   /* malloc'd copy the caller owns, or NULL */
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c != NULL) memcpy(c, s, n);
    return c;
}

/* Messages quote the user's text (keys, values, paths), which may hold newlines or other control
 * characters; replace them so that every message stays one line. Returns st. */
static aiecon_status one_line(aiecon_status st, aiecon_error *err)
{
    for (char *c = err ? err->message : NULL; c != NULL && *c; c++) {
        if ((unsigned char)*c < 0x20 || *c == 0x7f) *c = '?';
    }
    return st;
}

/* ---------------------------------------------------------------- libyaml: text → document */

static aiecon_status syntax_failure(const yaml_parser_t *p, const char *text, size_t len,
                                    const char *file, aiecon_error *err)
{
    if (p->error == YAML_MEMORY_ERROR) return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", file);
    if (p->error == YAML_READER_ERROR) {
        int line = 1;
        for (size_t i = 0; i < p->problem_offset && i < len; i++) line += text[i] == '\n';
        return aiecon_fail(err, AIECON_ERR_INPUT,
                           "%s:%d: not a text file: %s at byte %zu (expected a UTF-8 YAML scenario)",
                           file, line, p->problem ? p->problem : "unreadable", p->problem_offset);
    }
    char context[160] = "";
    if (p->context != NULL) {
        snprintf(context, sizeof context, " %s", p->context);
        if (p->context_mark.line != p->problem_mark.line) {
            snprintf(context + strlen(context), sizeof context - strlen(context), " started at line %d",
                     (int)p->context_mark.line + 1);
        }
    }
    return aiecon_fail(err, AIECON_ERR_INPUT, "%s:%d: YAML syntax error: %s%s (expected valid YAML)",
                       file, (int)p->problem_mark.line + 1, p->problem ? p->problem : "unknown", context);
}

/* Event pass: refuse collections nested deeper than SCENARIO_DEPTH_MAX at the line where the limit
 * is passed. A syntax error ends the pass quietly: the document load reports it with its context. */
static aiecon_status check_depth(const char *text, size_t len, const char *file, aiecon_error *err)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", file);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    aiecon_status st = AIECON_OK;
    int depth = 0, done = 0;
    while (!done && st == AIECON_OK) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) break;
        if (e.type == YAML_SEQUENCE_START_EVENT || e.type == YAML_MAPPING_START_EVENT) {
            if (++depth > SCENARIO_DEPTH_MAX) {
                st = aiecon_fail(err, AIECON_ERR_INPUT, "%s:%d: collections nested more than %d deep (expected a "
                                 "scenario, which nests a few levels deep)", file, (int)e.start_mark.line + 1,
                                 SCENARIO_DEPTH_MAX);
            }
        } else if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        done = e.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&p);
    return st;
}

aiecon_status scenario_load_document(const char *text, size_t len, const char *file,
                                   yaml_document_t *doc, aiecon_error *err)
{
    aiecon_status depth = check_depth(text, len, file, err);
    if (depth != AIECON_OK) return depth;
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", file);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    aiecon_status st = AIECON_OK;
    if (!yaml_parser_load(&p, doc)) {
        st = syntax_failure(&p, text, len, file, err);
        yaml_parser_delete(&p);
        return st;
    }
    yaml_document_t extra;
    if (yaml_document_get_root_node(doc) == NULL) {
        st = aiecon_fail(err, AIECON_ERR_INPUT, "%s: empty (expected a scenario: a mapping with "
                         "keys title, run, regions, households)", file);
    } else if (!yaml_parser_load(&p, &extra)) {
        st = syntax_failure(&p, text, len, file, err);
    } else {
        yaml_node_t *root2 = yaml_document_get_root_node(&extra);
        if (root2 != NULL) {
            st = aiecon_fail(err, AIECON_ERR_INPUT, "%s:%d: a second YAML document (expected one "
                             "scenario per file)", file, (int)root2->start_mark.line + 1);
        }
        yaml_document_delete(&extra);
    }
    yaml_parser_delete(&p);
    if (st != AIECON_OK) yaml_document_delete(doc);
    return st;
}

/* ---------------------------------------------------------------- libcyaml: document → structs */

typedef struct cyaml_log_buffer {
    char text[2048];
    size_t len;
} cyaml_log_buffer;

/* libcyaml's log_fn: appends error-level lines to the buffer in ctx, prints nothing. */
static void log_capture(cyaml_log_t level, void *ctx, const char *fmt, va_list args)
{
    cyaml_log_buffer *b = ctx;
    if (level < CYAML_LOG_ERROR || b->len + 1 >= sizeof b->text) return;
    int n = vsnprintf(b->text + b->len, sizeof b->text - b->len, fmt, args);
    if (n > 0) b->len += (size_t)n < sizeof b->text - b->len ? (size_t)n : sizeof b->text - b->len - 1;
}

static cyaml_config_t cyaml_config(cyaml_log_buffer *log)
{
    cyaml_config_t cfg = {
        .log_fn = log_capture, .log_ctx = log, .mem_fn = scenario_cyaml_mem, .mem_ctx = NULL,
        .log_level = CYAML_LOG_ERROR, .flags = CYAML_CFG_NO_ALIAS,
    };
    return cfg;
}

/* One line from libcyaml's log: its first message, the key path from its backtrace
 * ("in mapping field 'x' (line: N, ...)", innermost first) and the innermost line. */
static aiecon_status cyaml_failure(const char *file, cyaml_err_t e, cyaml_log_buffer *log,
                                   aiecon_error *err)
{
    char what[256] = "", path[SCENARIO_PATH_MAX] = "";
    int line = 0;
    for (char *s = strtok(log->text, "\n"); s != NULL; s = strtok(NULL, "\n")) {
        char field[64];
        const char *l = strstr(s, "(line: ");
        if (line == 0 && l != NULL) line = atoi(l + 7);
        if (sscanf(s, " in mapping field '%63[^']'", field) == 1) {
            size_t fl = strlen(field), pl = strlen(path), dot = pl > 0;
            if (fl + dot + pl < sizeof path) {   /* prepend "field." */
                memmove(path + fl + dot, path, pl + 1);
                memcpy(path, field, fl);
                if (dot) path[fl] = '.';
            }
        } else if (what[0] == '\0' && strstr(s, "Backtrace") == NULL && strncmp(s, " ", 1) != 0) {
            snprintf(what, sizeof what, "%s", strncmp(s, "Load: ", 6) == 0 ? s + 6 : s);
        }
    }
    char where[32] = "";
    if (line > 0) snprintf(where, sizeof where, ":%d", line);
    if (e == CYAML_ERR_ALIAS) {
        snprintf(what, sizeof what, "an alias (*name) (expected every value written out: YAML "
                 "aliases are refused)");
    } else if (what[0] == '\0') {
        snprintf(what, sizeof what, "%s (refused by libcyaml)", cyaml_strerror(e));
    }
    return aiecon_fail(err, AIECON_ERR_INPUT, "%s%s: %s%s%s", file, where, path, path[0] ? ": " : "", what);
}

/* ---------------------------------------------------------------- public functions */

/* Document → structs (libcyaml), then strict numbers and defaults. *out is owned by the caller. */
static aiecon_status load_structs(yaml_document_t *doc, const char *text, size_t len,
                                  const char *file, scenario **out, aiecon_error *err)
{
    cyaml_log_buffer log = {.len = 0};
    cyaml_config_t cfg = cyaml_config(&log);
    scenario *s = NULL;
    cyaml_err_t e = cyaml_load_data((const uint8_t *)text, len, &cfg, &scenario_schema,
                                    (cyaml_data_t **)&s, NULL);
    if (e != CYAML_OK) {
        return e == CYAML_ERR_OOM ? aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", file)
                                  : cyaml_failure(file, e, &log, err);
    }
    if (s == NULL) return aiecon_fail(err, AIECON_ERR_INPUT, "%s: no scenario in the file", file);
    aiecon_status st = scenario_walk(doc, SCENARIO_WALK_APPLY, file, s, NULL, err);
    if (st == AIECON_OK && s->title == NULL && (s->title = copy_string(SCENARIO_DEFAULT_TITLE)) == NULL) {
        st = aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", file);
    }
    if (st != AIECON_OK) { scenario_free(s); return st; }
    *out = s;
    return AIECON_OK;
}

/* The full scenario file[n - 1], the variants file[n - 2] to file[0] over it, the overrides, the
 * checks. */
static aiecon_status parse_chain(const scenario_source *file, int n, const scenario_override *overrides,
                                 int override_count, scenario **out, aiecon_error *err)
{
    const scenario_source *base = &file[n - 1];
    yaml_document_t doc;
    scenario_linemap map = {.v = NULL};
    scenario *s = NULL;
    aiecon_status st = scenario_load_document(base->text, base->len, base->name, &doc, err);
    if (st != AIECON_OK) return st;
    st = scenario_walk(&doc, SCENARIO_WALK_CHECK, base->name, NULL, &map, err);
    if (st == AIECON_OK) st = load_structs(&doc, base->text, base->len, base->name, &s, err);
    yaml_document_delete(&doc);
    for (int k = 1; st == AIECON_OK && k < n; k++) {
        st = scenario_variant_apply(s, &file[n - 1 - k], k, &map, err);
    }
    for (int i = 0; st == AIECON_OK && i < override_count; i++) {
        st = scenario_assign(s, overrides[i].assignment, &map, err);
    }
    if (st == AIECON_OK) st = scenario_check(s, base->name, &map, err);
    if (st == AIECON_OK) st = scenario_inert_notes(s, &map, base->name, err);
    scenario_linemap_free(&map);
    if (st != AIECON_OK) { scenario_free(s); return st; }
    *out = s;
    return AIECON_OK;
}

/* Unpacks a chain packed by scenario_chain_resolve and parses it. */
static aiecon_status parse_packed(const scenario_packed *chain, const scenario_override *overrides,
                                  int override_count, scenario **out, aiecon_error *err)
{
    scenario_source file[SCENARIO_CHAIN_MAX + 1];
    int n = 0;
    aiecon_status st = scenario_chain_unpack(chain->p, chain->len, file, &n, err);
    if (st == AIECON_OK) st = parse_chain(file, n, overrides, override_count, out, err);
    return one_line(st, err);
}

aiecon_status scenario_parse(const char *text, size_t len, const char *filename,
                             const scenario_override *overrides, int override_count,
                             scenario **out, aiecon_error *err)
{
    scenario_packed chain = {NULL, 0, 0};
    *out = NULL;
    aiecon_status st = scenario_chain_resolve(filename, text, len, &chain, err);
    if (st == AIECON_OK) st = parse_packed(&chain, overrides, override_count, out, err);
    free(chain.p);
    return one_line(st, err);
}

aiecon_status scenario_read_file(const char *path, char **text, size_t *len, aiecon_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot read: %s", path, strerror(errno));
    char *buf = malloc(SCENARIO_FILE_MAX + 1);
    if (buf == NULL) { fclose(f); return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", path); }
    size_t n = fread(buf, 1, SCENARIO_FILE_MAX + 1, f);
    int failed = ferror(f), e = errno;
    fclose(f);
    aiecon_status st = AIECON_OK;
    if (failed) st = aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot read: %s", path, strerror(e));
    else if (n > SCENARIO_FILE_MAX) {
        st = aiecon_fail(err, AIECON_ERR_INPUT, "%s: too large (expected a scenario of at most "
                         "16 MiB)", path);
    }
    if (st != AIECON_OK) { free(buf); return st; }
    *text = buf;
    *len = n;
    return AIECON_OK;
}

/* Rank 0 only: the file at path and the files it extends, packed. */
static aiecon_status read_chain(const char *path, scenario_packed *chain, aiecon_error *err)
{
    char *text = NULL;
    size_t len = 0;
    aiecon_status st = scenario_read_file(path, &text, &len, err);
    if (st == AIECON_OK) st = scenario_chain_resolve(path, text, len, chain, err);
    free(text);
    return st;
}

aiecon_status scenario_load_mpi(MPI_Comm comm, const char *path, const scenario_override *overrides,
                                int override_count, scenario **out, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    *out = NULL;
    scenario_packed chain = {NULL, 0, 0};   /* at most 9 files of 16 MiB: below INT_MAX bytes */
    long long len = 0;   /* < 0: rank 0 failed; -len is the status, and the message follows */
    aiecon_error local = {{0}};
    if (rank == 0) {
        aiecon_status st = read_chain(path, &chain, &local);
        len = st == AIECON_OK ? (long long)chain.len : -(long long)st;
    }
    MPI_Bcast(&len, 1, MPI_LONG_LONG, 0, comm);
    if (len < 0) {
        MPI_Bcast(local.message, AIECON_ERROR_MAX, MPI_CHAR, 0, comm);
        return one_line(aiecon_fail(err, (aiecon_status)(-len), "%s", local.message), err);
    }
    if (rank != 0) chain.p = malloc((size_t)len + 1);
    chain.len = (size_t)len;
    int ok = chain.p != NULL, all_ok = 0;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, comm);
    if (!all_ok) {
        free(chain.p);
        return one_line(aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", path), err);
    }
    MPI_Bcast(chain.p, (int)len, MPI_CHAR, 0, comm);
    aiecon_status st = parse_packed(&chain, overrides, override_count, out, err);
    free(chain.p);
    return st;
}

/* A growable output buffer for libyaml's emitter. */
typedef struct out_buffer { char *p; size_t len, cap; } out_buffer;

static int write_out(void *ctx, unsigned char *bytes, size_t size)
{
    out_buffer *b = ctx;
    if (b->len + size + 1 > b->cap) {
        size_t cap = 2 * (b->len + size + 1);
        char *p = realloc(b->p, cap);
        if (p == NULL) return 0;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, bytes, size);
    b->len += size;
    b->p[b->len] = '\0';
    return 1;
}

/* libcyaml prints doubles as "2.9999999999999999e-03"; re-emit its YAML with every float in the
 * shortest form that reads back exactly ("0.003"). Returns a malloc'd string or NULL. */
static char *prettify(const char *raw, size_t len, aiecon_error *err)
{
    yaml_document_t doc;
    if (scenario_load_document(raw, len, "scenario_to_yaml", &doc, err) != AIECON_OK) return NULL;
    if (scenario_walk(&doc, SCENARIO_WALK_PRETTY, "scenario_to_yaml", NULL, NULL, err) != AIECON_OK) {
        yaml_document_delete(&doc);
        return NULL;
    }
    out_buffer b = {NULL, 0, 0};
    yaml_emitter_t em;
    if (!yaml_emitter_initialize(&em)) {
        yaml_document_delete(&doc);
        aiecon_fail(err, AIECON_ERR_RUNTIME, "scenario_to_yaml: out of memory");
        return NULL;
    }
    yaml_emitter_set_output(&em, write_out, &b);
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_width(&em, -1);   /* no folding of long titles */
    int ok = yaml_emitter_open(&em) && yaml_emitter_dump(&em, &doc) && yaml_emitter_close(&em) &&
             yaml_emitter_flush(&em);   /* dump destroys doc, whatever happens */
    yaml_emitter_delete(&em);
    if (!ok || b.p == NULL) {
        free(b.p);
        aiecon_fail(err, AIECON_ERR_RUNTIME, "scenario_to_yaml: cannot emit YAML");
        return NULL;
    }
    return b.p;
}

char *scenario_to_yaml(const scenario *s, aiecon_error *err)
{
    cyaml_log_buffer log = {.len = 0};
    cyaml_config_t cfg = cyaml_config(&log);
    char *raw = NULL;
    size_t len = 0;
    const cyaml_schema_value_t *schema = s->has_economy ? &scenario_schema : &scenario_diffusion_schema;
    cyaml_err_t e = cyaml_save_data(&raw, &len, &cfg, schema, s, 0);
    if (e != CYAML_OK) {
        aiecon_fail(err, AIECON_ERR_RUNTIME, "scenario_to_yaml: %s", cyaml_strerror(e));
        return NULL;
    }
    char *text = prettify(raw, len, err);
    free(raw);   /* allocated through scenario_cyaml_mem, i.e. realloc */
    return text;
}

uint64_t scenario_household_agents(const scenario *s)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < s->region_count; i++) total += s->regions[i].household_agents;
    return total;
}

uint64_t scenario_business_agents(const scenario *s)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < s->region_count; i++) total += s->regions[i].business_agents;
    return total;
}

long scenario_month_number(const char *month)
{
    if (month == NULL || strlen(month) != 7 || strspn(month, "0123456789") != 4 || month[4] != '-' ||
        strspn(month + 5, "0123456789") != 2) {
        return -1;
    }
    long m = atol(month + 5);
    return m >= 1 && m <= 12 ? atol(month) * 12 + m - 1 : -1;
}

long scenario_month_index(const scenario *s, const char *month)
{
    long m = scenario_month_number(month), start = scenario_month_number(s->run.start);
    return m < 0 || start < 0 ? LONG_MIN : m - start;
}

aiecon_status scenario_check_memory(const scenario *s, int ranks, double bytes_per_agent,
                                    double bytes_per_rank, aiecon_error *err)
{
    uint64_t households = scenario_household_agents(s), firms = scenario_business_agents(s);
    uint64_t total = households + firms;
    uint64_t n = ranks > 0 ? (uint64_t)ranks : 1u;
    double need = (double)((total + n - 1) / n) * bytes_per_agent;
    if (need <= bytes_per_rank) return AIECON_OK;
    const double gib = 1024.0 * 1024.0 * 1024.0;
    return aiecon_fail(err, AIECON_ERR_INPUT, "regions.*.household_agents, regions.*.business_agents: "
                       "%llu agents in total (%llu household, %llu business) need %.1f GiB on the "
                       "busiest of %llu rank(s) (expected at most %.1f GiB per rank: use more ranks or "
                       "fewer agents)", (unsigned long long)total, (unsigned long long)households,
                       (unsigned long long)firms, need / gib, (unsigned long long)n, bytes_per_rank / gib);
}

/* Every string and list, through the schema (libcyaml's free with the allocator it loaded with). */
void scenario_free(scenario *s)
{
    if (s == NULL) return;
    free(s->notes); /* not in the schema */
    cyaml_log_buffer log = {.len = 0};
    cyaml_config_t cfg = cyaml_config(&log);
    cyaml_free(&cfg, &scenario_schema, s, 0);
}
