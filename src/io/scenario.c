/* scenario.c — YAML text → a validated scenario: the pipeline, `--set`, range checks, MPI, output.
 *
 * scenario_parse runs, in order: libyaml loads the text as a document (syntax, UTF-8, empty,
 * several documents: one message with libyaml's exact mark); the strict schema walk
 * (scenario_schema.c) checks keys, kinds and every number and records the line of every key
 * path; libcyaml loads the typed structs (its log goes into a buffer, never to the terminal, and
 * a failure becomes one line); the strictly parsed numbers are written over libcyaml's; the
 * `--set` overrides are applied in order; finally every range is checked on the final values,
 * naming the file line of the value or "--set" when an override supplied it. libcyaml is kept
 * because it owns the mapping between YAML and the C structs (allocation, lists, strings, and
 * saving); the strict walk exists only because libcyaml 1.3 is lenient with numbers.
 * scenario_load_mpi has rank 0 read the file and broadcast it, so every rank parses the same
 * bytes and reaches the same verdict without talking again. Cost: a scenario is a few KiB;
 * parsing it takes well under a millisecond, run once per process.
 * Every failure is an aiecon_status with one line in the caller's aiecon_error. */
#include "scenario_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SCENARIO_FILE_MAX = 16 * 1024 * 1024 };

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

/* On success *doc holds the file's one document (the caller deletes it); else nothing is held. */
static aiecon_status load_document(const char *text, size_t len, const char *file,
                                   yaml_document_t *doc, aiecon_error *err)
{
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

/* ---------------------------------------------------------------- --set */

/* Writes the names of a list's entries, "us, world", into buf. */
static const char *names_list(const uint8_t *items, unsigned count, const cyaml_schema_value_t *entry,
                              char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned i = 0; i < count && used < size; i++) {
        const char *name = scenario_item_name(items + i * entry->data_size, entry);
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", name ? name : "");
        if (n < 0) break;
        used += (size_t)n;
    }
    return buf;
}

typedef struct setter {
    const char *key;            /* the assignment as typed; its key path is key_len bytes */
    int key_len;
    scenario_path path;
    const cyaml_schema_value_t *sv;
    uint8_t *data;
    unsigned count;             /* entries, when sv is a sequence */
    aiecon_error *err;
} setter;

/* One step of the key path: token tok, which starts at byte `start` of the typed key path.
 * Messages name the whole key path as typed and, when it is not the last one, the bad token. */
static aiecon_status set_step(setter *t, const char *tok, size_t start, int last)
{
    char list[256], which[2 * SCENARIO_PATH_MAX + 16] = "";
    if (t->path.n == SCENARIO_PATH_DEPTH) {
        return aiecon_fail(t->err, AIECON_ERR_INPUT, "--set: %.*s: key path too deep", t->key_len, t->key);
    }
    if (!last) snprintf(which, sizeof which, " '%s'", tok);
    if (!last && start > 0) {
        snprintf(which + strlen(which), sizeof which - strlen(which), " in %.*s", (int)start - 1, t->key);
    }
    if (t->sv->type == CYAML_MAPPING) {
        const cyaml_schema_field_t *fields = t->sv->mapping.fields;
        int i = scenario_field_index(fields, tok, strlen(tok));
        if (i < 0) {
            return aiecon_fail(t->err, AIECON_ERR_INPUT, "--set: %.*s: unknown key%s (expected one of: %s)",
                               t->key_len, t->key, which, scenario_keys_list(fields, list, sizeof list));
        }
        if (fields[i].value.type == CYAML_SEQUENCE) {
            t->count = scenario_read_count(t->data + fields[i].count_offset, fields[i].count_size);
        }
        t->data += fields[i].data_offset;
        t->sv = &fields[i].value;
        if (t->sv->type == CYAML_MAPPING && (t->sv->flags & CYAML_FLAG_POINTER)) {
            memcpy(&t->data, t->data, sizeof t->data);
        }
        t->path.seg[t->path.n++].key = fields[i].key;
        return AIECON_OK;
    }
    if (t->sv->type == CYAML_SEQUENCE) {
        const cyaml_schema_value_t *entry = t->sv->sequence.entry;
        uint8_t *items;
        memcpy(&items, t->data, sizeof items);
        for (unsigned i = 0; i < t->count; i++) {
            const char *name = scenario_item_name(items + i * entry->data_size, entry);
            if (name == NULL || strcmp(name, tok) != 0) continue;
            t->data = items + i * entry->data_size;
            t->sv = entry;
            t->path.seg[t->path.n].key = NULL;
            t->path.seg[t->path.n].item = (long)i;
            t->path.seg[t->path.n++].name = name;
            return AIECON_OK;
        }
        return aiecon_fail(t->err, AIECON_ERR_INPUT, "--set: %.*s: no entry named '%s' in %.*s "
                           "(expected one of: %s)", t->key_len, t->key, tok, (int)start - 1, t->key,
                           names_list(items, t->count, entry, list, sizeof list));
    }
    return aiecon_fail(t->err, AIECON_ERR_INPUT, "--set: %.*s: unknown key (%.*s is a single value)",
                       t->key_len, t->key, (int)start - 1, t->key);
}

/* Writes value into the leaf the setter reached. */
static aiecon_status set_leaf(setter *t, const char *value)
{
    char disp[SCENARIO_PATH_MAX], gen[SCENARIO_PATH_MAX], list[256];
    scenario_path_format(&t->path, SCENARIO_PATH_DISPLAY, disp, sizeof disp);
    scenario_path_format(&t->path, SCENARIO_PATH_GENERIC, gen, sizeof gen);
    if (t->sv->type == CYAML_MAPPING) {
        return aiecon_fail(t->err, AIECON_ERR_INPUT, "--set: %s: a group of keys, not a value "
                           "(expected one of: %s)", disp,
                           scenario_keys_list(t->sv->mapping.fields, list, sizeof list));
    }
    if (t->sv->type == CYAML_SEQUENCE) {
        return aiecon_fail(t->err, AIECON_ERR_INPUT, "--set: %s: a list, not a value (expected "
                           "%s.NAME.KEY)", disp, disp);
    }
    if (t->sv->type == CYAML_STRING) {
        char *copy = copy_string(value), *old;
        if (copy == NULL) return aiecon_fail(t->err, AIECON_ERR_RUNTIME, "--set: out of memory");
        memcpy(&old, t->data, sizeof old);
        free(old);
        memcpy(t->data, &copy, sizeof copy);
        return AIECON_OK;
    }
    scenario_number v;
    char why[160];
    if (scenario_number_parse(value, strlen(value), t->sv, &v, why, sizeof why) != 0) {
        return aiecon_fail(t->err, AIECON_ERR_INPUT, "--set: %s: %s (expected %s)", disp, why,
                           scenario_expected(gen, t->sv));
    }
    scenario_number_store(t->data, t->sv, v);
    return AIECON_OK;
}

aiecon_status scenario_assign(scenario *s, const char *assignment, scenario_linemap *map,
                              aiecon_error *err)
{
    const char *eq = strchr(assignment, '=');
    char key[SCENARIO_PATH_MAX];
    if (eq == NULL || eq == assignment) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "--set: '%s': not an assignment (expected "
                           "key.path=value, e.g. households.bass_p=0.01)", assignment);
    }
    if ((size_t)(eq - assignment) >= sizeof key) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "--set: %.40s...: key path too long", assignment);
    }
    memcpy(key, assignment, (size_t)(eq - assignment));
    key[eq - assignment] = '\0';
    setter t = {.key = assignment, .key_len = (int)(eq - assignment), .sv = &scenario_schema,
                .data = (uint8_t *)s, .err = err};
    for (char *tok = key; tok != NULL;) {
        char *dot = strchr(tok, '.');
        if (dot != NULL) *dot = '\0';
        size_t start = (size_t)(tok - key);
        aiecon_status st = set_step(&t, tok, start, dot == NULL);
        if (st != AIECON_OK) return st;
        tok = dot != NULL ? dot + 1 : NULL;
    }
    aiecon_status st = set_leaf(&t, eq + 1);
    if (st != AIECON_OK) return st;
    char idx[SCENARIO_PATH_MAX];
    return scenario_linemap_put(map, scenario_path_format(&t.path, SCENARIO_PATH_INDEX, idx, sizeof idx),
                                SCENARIO_LINE_SET, err);
}


/* ---------------------------------------------------------------- range checks on final values */

typedef struct checker {
    const scenario *s;
    const char *file;
    const scenario_linemap *map;
    scenario_path path;
    aiecon_error *err;
} checker;

/* "FILE:LINE: path: ...", "FILE: path: ..." or "--set: path: ...", by where the value came from. */
static aiecon_status cfail(checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static aiecon_status cfail(checker *c, const char *fmt, ...)
{
    char what[AIECON_ERROR_MAX], idx[SCENARIO_PATH_MAX], disp[SCENARIO_PATH_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    scenario_path_format(&c->path, SCENARIO_PATH_DISPLAY, disp, sizeof disp);
    scenario_path_format(&c->path, SCENARIO_PATH_INDEX, idx, sizeof idx);
    int line = scenario_linemap_get(c->map, idx);
    if (line == SCENARIO_LINE_SET) return aiecon_fail(c->err, AIECON_ERR_INPUT, "--set: %s: %s", disp, what);
    if (line > 0) return aiecon_fail(c->err, AIECON_ERR_INPUT, "%s:%d: %s: %s", c->file, line, disp, what);
    return aiecon_fail(c->err, AIECON_ERR_INPUT, "%s: %s: %s", c->file, disp, what);
}

static void cpush(checker *c, const char *key, long item, const char *name)
{
    c->path.seg[c->path.n].key = key;
    c->path.seg[c->path.n].item = item;
    c->path.seg[c->path.n].name = name;
    c->path.n++;
}

static aiecon_status check_name(checker *c, const char *name, const char *expected)
{
    size_t n = strlen(name);
    if (n == 0) return cfail(c, "empty name (expected %s)", expected);
    if (n >= SCENARIO_NAME_MAX) return cfail(c, "'%s' is %zu bytes long (expected %s)", name, n, expected);
    if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != n) {
        return cfail(c, "'%s' has characters other than a-z, 0-9, _ (expected %s)", name, expected);
    }
    return AIECON_OK;
}

static aiecon_status check_month(checker *c, const char *start, const char *expected)
{
    int month = 0;
    if (strlen(start) == 7 && strspn(start, "0123456789") == 4 && start[4] == '-' &&
        strspn(start + 5, "0123456789") == 2) {
        month = atoi(start + 5);
    }
    if (month < 1 || month > 12) return cfail(c, "'%s' is not a month (expected %s)", start, expected);
    return AIECON_OK;
}

/* One leaf: numbers against their rule's [min, max]; the strings that have a syntax. */
static aiecon_status check_leaf(checker *c, const cyaml_schema_value_t *sv, const uint8_t *data)
{
    char gen[SCENARIO_PATH_MAX], shown[40];
    const scenario_rule *r =
        scenario_rule_find(scenario_path_format(&c->path, SCENARIO_PATH_GENERIC, gen, sizeof gen));
    if (r == NULL) return AIECON_OK;
    if (sv->type == CYAML_STRING) {
        const char *str;
        memcpy(&str, data, sizeof str);
        if (str == NULL) str = "";
        if (strcmp(gen, "run.start") == 0) return check_month(c, str, r->expected);
        if (strcmp(gen, "regions.*.name") == 0) return check_name(c, str, r->expected);
        return AIECON_OK;
    }
    scenario_number v = scenario_number_load(data, sv);
    double x = sv->type == CYAML_FLOAT ? v.f : (double)v.u;
    if (x >= r->min && x <= r->max) return AIECON_OK;
    if (sv->type == CYAML_FLOAT) scenario_format_double(v.f, shown, sizeof shown);
    else snprintf(shown, sizeof shown, "%llu", (unsigned long long)v.u);
    return cfail(c, "%s is out of range (expected %s)", shown, r->expected);
}

/* Every leaf of the struct at data, in schema order. */
static aiecon_status check_value(checker *c, const cyaml_schema_value_t *sv, const uint8_t *data,
                                 unsigned count)
{
    if (sv->type == CYAML_MAPPING) {
        if (sv->flags & CYAML_FLAG_POINTER) memcpy(&data, data, sizeof data);
        for (const cyaml_schema_field_t *f = sv->mapping.fields; f->key != NULL; f++) {
            unsigned n = f->value.type == CYAML_SEQUENCE
                             ? scenario_read_count(data + f->count_offset, f->count_size) : 0;
            cpush(c, f->key, 0, NULL);
            aiecon_status st = check_value(c, &f->value, data + f->data_offset, n);
            c->path.n--;
            if (st != AIECON_OK) return st;
        }
        return AIECON_OK;
    }
    if (sv->type == CYAML_SEQUENCE) {
        const cyaml_schema_value_t *e = sv->sequence.entry;
        const uint8_t *items;
        memcpy(&items, data, sizeof items);
        for (unsigned i = 0; i < count; i++) {
            cpush(c, NULL, (long)i, scenario_item_name(items + i * e->data_size, e));
            aiecon_status st = check_value(c, e, items + i * e->data_size, 0);
            c->path.n--;
            if (st != AIECON_OK) return st;
        }
        return AIECON_OK;
    }
    return check_leaf(c, sv, data);
}

/* Rules that involve more than one value. */
static aiecon_status check_across(checker *c)
{
    const scenario *s = c->s;
    for (unsigned i = 0; i < s->region_count; i++) {
        const scenario_region *r = &s->regions[i];
        cpush(c, "regions", 0, NULL);
        cpush(c, NULL, (long)i, r->name);
        for (unsigned j = 0; j < i; j++) {
            if (strcmp(s->regions[j].name, r->name) != 0) continue;
            char first[SCENARIO_PATH_MAX];
            snprintf(first, sizeof first, "regions[%u].name", j);
            cpush(c, "name", 0, NULL);
            return cfail(c, "'%s' names two regions (the first at line %d; expected unique names)",
                         r->name, scenario_linemap_get(c->map, first));
        }
        if (r->households < r->household_agents) {
            cpush(c, "households", 0, NULL);
            return cfail(c, "%llu households for %llu agents (expected at least one household per "
                         "agent: households >= household_agents)", (unsigned long long)r->households,
                         (unsigned long long)r->household_agents);
        }
        c->path.n = 0;
    }
    uint64_t total = scenario_household_agents(s);
    unsigned degree = s->households.network.degree;
    cpush(c, "households", 0, NULL);
    cpush(c, "network", 0, NULL);
    cpush(c, "degree", 0, NULL);
    if (degree % 2 != 0) {
        return cfail(c, "%u is odd (expected %s)", degree,
                     scenario_rule_find("households.network.degree")->expected);
    }
    if (degree >= total) {
        return cfail(c, "%u is not below the total household agents, %llu (expected a smaller even "
                     "degree or more agents)", degree, (unsigned long long)total);
    }
    c->path.n = 0;
    return AIECON_OK;
}

static aiecon_status check_ranges(const scenario *s, const char *file, const scenario_linemap *map,
                                  aiecon_error *err)
{
    checker c = {.s = s, .file = file, .map = map, .err = err};
    const scenario *top = s;
    aiecon_status st = check_value(&c, &scenario_schema, (const uint8_t *)&top, 0);
    return st != AIECON_OK ? st : check_across(&c);
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

aiecon_status scenario_parse(const char *text, size_t len, const char *filename,
                             const scenario_override *overrides, int override_count,
                             scenario **out, aiecon_error *err)
{
    yaml_document_t doc;
    scenario_linemap map = {NULL, 0, 0};
    scenario *s = NULL;
    *out = NULL;
    aiecon_status st = load_document(text, len, filename, &doc, err);
    if (st != AIECON_OK) return one_line(st, err);
    st = scenario_walk(&doc, SCENARIO_WALK_CHECK, filename, NULL, &map, err);
    if (st == AIECON_OK) st = load_structs(&doc, text, len, filename, &s, err);
    yaml_document_delete(&doc);
    for (int i = 0; st == AIECON_OK && i < override_count; i++) {
        st = scenario_assign(s, overrides[i].assignment, &map, err);
    }
    if (st == AIECON_OK) st = check_ranges(s, filename, &map, err);
    scenario_linemap_free(&map);
    if (st != AIECON_OK) { scenario_free(s); return one_line(st, err); }
    *out = s;
    return AIECON_OK;
}

/* Rank 0 only: the whole file in a malloc'd buffer (*text, caller frees) or a message. */
static aiecon_status read_file(const char *path, char **text, long long *len, aiecon_error *err)
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
    *len = (long long)n;
    return AIECON_OK;
}

aiecon_status scenario_load_mpi(MPI_Comm comm, const char *path, const scenario_override *overrides,
                                int override_count, scenario **out, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    *out = NULL;
    char *text = NULL;
    long long len = 0;   /* < 0: rank 0 failed; -len is the status, and the message follows */
    aiecon_error local = {{0}};
    if (rank == 0) {
        aiecon_status st = read_file(path, &text, &len, &local);
        if (st != AIECON_OK) len = -(long long)st;
    }
    MPI_Bcast(&len, 1, MPI_LONG_LONG, 0, comm);
    if (len < 0) {
        MPI_Bcast(local.message, AIECON_ERROR_MAX, MPI_CHAR, 0, comm);
        return one_line(aiecon_fail(err, (aiecon_status)(-len), "%s", local.message), err);
    }
    if (rank != 0) text = malloc((size_t)len + 1);
    int ok = text != NULL, all_ok = 0;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, comm);
    if (!all_ok) {
        free(text);
        return one_line(aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", path), err);
    }
    MPI_Bcast(text, (int)len, MPI_CHAR, 0, comm);
    aiecon_status st = scenario_parse(text, (size_t)len, path, overrides, override_count, out, err);
    free(text);
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
    if (load_document(raw, len, "scenario_to_yaml", &doc, err) != AIECON_OK) return NULL;
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
    cyaml_err_t e = cyaml_save_data(&raw, &len, &cfg, &scenario_schema, s, 0);
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

aiecon_status scenario_check_memory(const scenario *s, int ranks, double bytes_per_agent,
                                    double bytes_per_rank, aiecon_error *err)
{
    uint64_t total = scenario_household_agents(s);
    uint64_t n = ranks > 0 ? (uint64_t)ranks : 1u;
    double need = (double)((total + n - 1) / n) * bytes_per_agent;
    if (need <= bytes_per_rank) return AIECON_OK;
    const double gib = 1024.0 * 1024.0 * 1024.0;
    return aiecon_fail(err, AIECON_ERR_INPUT, "regions.*.household_agents: %llu household agents in "
                       "total need %.1f GiB on the busiest of %llu rank(s) (expected at most %.1f GiB "
                       "per rank: use more ranks or fewer agents)", (unsigned long long)total,
                       need / gib, (unsigned long long)n, bytes_per_rank / gib);
}

void scenario_free(scenario *s)
{
    if (s == NULL) return;
    free(s->title);
    free(s->run.start);
    for (unsigned i = 0; s->regions != NULL && i < s->region_count; i++) free(s->regions[i].name);
    free(s->regions);
    free(s);
}
