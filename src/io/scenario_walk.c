/* scenario_walk.c — the generic machinery behind the scenario schema: key paths and the line map,
 * strict numbers, and the strict pass over a libyaml document.
 *
 * libcyaml 1.3.1 is lenient with scalars (it would take `0.5x` as 0.5, `3.7` as 3, `-7` as 2^64-7,
 * `010` as 8, and any word but false/no/0 as a true boolean), so before it runs, the strict pass
 * walks the libyaml document (document API, so list items can be named by their `name` before
 * their other keys are seen) alongside the schema tables of scenario_schema.c: unknown, duplicate
 * and missing keys, wrong kinds of node, list lengths, every number parsed whole and strictly and
 * every boolean spelled true or false, each refused at its exact line; it also records the line
 * of every key path. After libcyaml has built the structs, the same walk writes the strictly
 * parsed values over libcyaml's, so the value a run uses is the value that was checked.
 * Cost: the document tree is held in memory while a scenario is parsed (a few hundred bytes per
 * node; files are capped at 16 MiB) and walked twice: microseconds. No global mutable state. */
#include "scenario_internal.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- paths and the line map */

const char *scenario_path_format(const scenario_path *p, scenario_path_form form, char *buf,
                                 size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < p->n && used < size; i++) {
        const char *dot = i > 0 ? "." : "";
        int n;
        if (p->seg[i].key != NULL) {
            n = snprintf(buf + used, size - used, "%s%s", dot, p->seg[i].key);
        } else if (form == SCENARIO_PATH_GENERIC) {
            n = snprintf(buf + used, size - used, ".*");
        } else if (form == SCENARIO_PATH_DISPLAY && p->seg[i].name && p->seg[i].name[0]) {
            n = snprintf(buf + used, size - used, ".%s", p->seg[i].name);
        } else {
            n = snprintf(buf + used, size - used, "[%ld]", p->seg[i].item);
        }
        if (n < 0) break;
        used += (size_t)n;
    }
    return buf;
}

aiecon_status scenario_linemap_put(scenario_linemap *m, const char *path, int line, aiecon_error *err)
{
    for (size_t i = 0; i < m->n; i++) {
        if (strcmp(m->v[i].path, path) == 0) { m->v[i].line = line; return AIECON_OK; }
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 32;
        struct scenario_line *v = realloc(m->v, cap * sizeof *v);
        if (v == NULL) return aiecon_fail(err, AIECON_ERR_RUNTIME, "scenario: out of memory");
        m->v = v;
        m->cap = cap;
    }
    char *copy = malloc(strlen(path) + 1);
    if (copy == NULL) return aiecon_fail(err, AIECON_ERR_RUNTIME, "scenario: out of memory");
    strcpy(copy, path);
    m->v[m->n].path = copy;
    m->v[m->n].line = line;
    m->n++;
    return AIECON_OK;
}

int scenario_linemap_get(const scenario_linemap *m, const char *path)
{
    for (size_t i = 0; i < m->n; i++) {
        if (strcmp(m->v[i].path, path) == 0) return m->v[i].line;
    }
    return SCENARIO_LINE_NONE;
}

int scenario_linemap_find(const scenario_linemap *m, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < m->n; i++) {
        const char *p = m->v[i].path;
        if (strncmp(p, prefix, n) == 0 && (p[n] == '\0' || p[n] == '.' || p[n] == '[')) {
            return m->v[i].line;
        }
    }
    return SCENARIO_LINE_NONE;
}

const char *scenario_linemap_where(const scenario_linemap *m, int pos, const char *file, char *buf,
                                   size_t size)
{
    int k = pos / SCENARIO_LINE_FILE;
    if (k > 0 && k <= SCENARIO_CHAIN_MAX && m->files[k] != NULL) file = m->files[k];
    snprintf(buf, size, "%s:%d", file, pos % SCENARIO_LINE_FILE);
    return buf;
}

void scenario_linemap_free(scenario_linemap *m)
{
    for (size_t i = 0; i < m->n; i++) free(m->v[i].path);
    free(m->v);
    m->v = NULL;
    m->n = m->cap = 0;
}

/* ---------------------------------------------------------------- strict numbers */

void scenario_format_double(double v, char *buf, size_t size)
{
    if (buf == NULL || size == 0) return;
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) return;
    }
}

/* Parses a plain decimal integer "[+-]digits" into magnitude/sign. 1 = not that form, 0 = ok,
 * -1 = refused with why set. */
static int parse_digits(const char *s, uint64_t *mag, int *neg, char *why, size_t ws)
{
    const char *d = s + (s[0] == '+' || s[0] == '-');
    if (*d == '\0' || strspn(d, "0123456789") != strlen(d)) return 1;
    *neg = s[0] == '-';
    if (d[0] == '0' && d[1] != '\0') {
        snprintf(why, ws, "'%s' has a leading zero (octal or decimal?)", s);
        return -1;
    }
    errno = 0;
    *mag = strtoull(d, NULL, 10);
    if (errno == ERANGE) {
        snprintf(why, ws, "'%s' is too large", s);
        return -1;
    }
    return 0;
}

/* Integer forms written as a real number ("1e6", "200000.0"): exact and whole only. */
static int parse_whole_real(const char *s, uint64_t *mag, int *neg, char *why, size_t ws)
{
    char *end;
    double d = strtod(s, &end);
    if (end == s || *end != '\0') { snprintf(why, ws, "'%s' is not a number", s); return -1; }
    if (!isfinite(d)) { snprintf(why, ws, "'%s' is not a finite number", s); return -1; }
    if (d != floor(d)) { snprintf(why, ws, "'%s' is not a whole number", s); return -1; }
    if (fabs(d) > 9007199254740992.0) {
        snprintf(why, ws, "'%s' is too large to be exact in this form (write all its digits)", s);
        return -1;
    }
    *neg = d < 0;
    *mag = (uint64_t)fabs(d);
    return 0;
}

static int parse_integer(const char *s, const cyaml_schema_value_t *sv, scenario_number *out,
                         char *why, size_t ws)
{
    uint64_t mag = 0;
    int neg = 0;
    int rc = parse_digits(s, &mag, &neg, why, ws);
    if (rc == 1) rc = parse_whole_real(s, &mag, &neg, why, ws);
    if (rc != 0) return -1;
    unsigned bits = sv->data_size * 8u;
    if (sv->type == CYAML_UINT) {
        if (neg && mag != 0) { snprintf(why, ws, "'%s' is negative", s); return -1; }
        if (bits < 64 && mag > (UINT64_MAX >> (64 - bits))) {
            snprintf(why, ws, "'%s' is too large", s);
            return -1;
        }
        out->u = mag;
        return 0;
    }
    uint64_t limit = (UINT64_MAX >> (65 - bits)) + (neg ? 1u : 0u);   /* 2^(bits-1) - 1 (+1) */
    if (mag > limit) { snprintf(why, ws, "'%s' is too %s", s, neg ? "small" : "large"); return -1; }
    out->i = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    return 0;
}

static int parse_real(const char *s, const cyaml_schema_value_t *sv, scenario_number *out,
                      char *why, size_t ws)
{
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    if (end == s || *end != '\0') { snprintf(why, ws, "'%s' is not a number", s); return -1; }
    if (!isfinite(d) || (sv->data_size == 4 && fabs(d) > FLT_MAX)) {
        snprintf(why, ws, "'%s' is not a finite number", s);
        return -1;
    }
    out->f = d;
    return 0;
}

int scenario_number_parse(const char *text, size_t len, const cyaml_schema_value_t *sv,
                          scenario_number *out, char *why, size_t why_size)
{
    char s[64];
    if (len == 0) { snprintf(why, why_size, "no value"); return -1; }
    if (len >= sizeof s || memchr(text, '\0', len) != NULL) {
        snprintf(why, why_size, "'%.20s...' is not a number", text);
        return -1;
    }
    memcpy(s, text, len);
    s[len] = '\0';
    char lower[64];
    for (size_t i = 0; i <= len; i++) lower[i] = (char)tolower((unsigned char)s[i]);
    if (strstr(lower, "nan") || strstr(lower, "inf")) {
        snprintf(why, why_size, "'%s' is not a finite number", s);
        return -1;
    }
    const char *digits = s + (s[0] == '+' || s[0] == '-');
    if ((digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) || isspace((unsigned char)s[0])) {
        snprintf(why, why_size, "'%s' is not a decimal number", s);
        return -1;
    }
    if (sv->type == CYAML_FLOAT) return parse_real(s, sv, out, why, why_size);
    return parse_integer(s, sv, out, why, why_size);
}

int scenario_bool_parse(const char *text, size_t len)
{
    if (len == 4 && memcmp(text, "true", 4) == 0) return 1;
    if (len == 5 && memcmp(text, "false", 5) == 0) return 0;
    return -1;
}

void scenario_number_store(void *dst, const cyaml_schema_value_t *sv, scenario_number v)
{
    if (sv->type == CYAML_FLOAT) {
        if (sv->data_size == 4) { float f = (float)v.f; memcpy(dst, &f, 4); }
        else memcpy(dst, &v.f, sizeof v.f);
        return;
    }
    /* Integers: the low data_size bytes of the 64-bit value (range already checked). */
    uint64_t u = sv->type == CYAML_UINT ? v.u : (uint64_t)v.i;
    uint8_t u8 = (uint8_t)u; uint16_t u16 = (uint16_t)u; uint32_t u32 = (uint32_t)u;
    switch (sv->data_size) {
    case 1: memcpy(dst, &u8, 1); break;
    case 2: memcpy(dst, &u16, 2); break;
    case 4: memcpy(dst, &u32, 4); break;
    default: memcpy(dst, &u, 8); break;
    }
}

scenario_number scenario_number_load(const void *src, const cyaml_schema_value_t *sv)
{
    scenario_number v = {.u = 0};
    if (sv->type == CYAML_FLOAT) {
        if (sv->data_size == 4) { float f; memcpy(&f, src, 4); v.f = f; }
        else memcpy(&v.f, src, sizeof v.f);
        return v;
    }
    uint8_t u8; uint16_t u16; uint32_t u32; uint64_t u64;
    switch (sv->data_size) {
    case 1: memcpy(&u8, src, 1); u64 = u8; break;
    case 2: memcpy(&u16, src, 2); u64 = u16; break;
    case 4: memcpy(&u32, src, 4); u64 = u32; break;
    default: memcpy(&u64, src, 8); break;
    }
    v.u = u64;   /* no signed fields in this schema; a signed one would need sign extension */
    return v;
}

/* ---------------------------------------------------------------- the strict document walk */

typedef struct walker {
    yaml_document_t *doc;
    scenario_walk_mode mode;
    const char *file;
    scenario_linemap *map;
    aiecon_error *err;
    scenario_path path;
    char words[512];            /* what wexpected made */
} walker;

static int node_line(const yaml_node_t *node) { return (int)node->start_mark.line + 1; }

static const char *node_kind(const yaml_node_t *node)
{
    return node->type == YAML_MAPPING_NODE ? "a mapping"
         : node->type == YAML_SEQUENCE_NODE ? "a list" : "a single value";
}

/* "FILE:LINE: display.path: <fmt>" (LINE left out when <= 0, path when empty). */
static aiecon_status wfail(walker *w, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static aiecon_status wfail(walker *w, int line, const char *fmt, ...)
{
    char what[AIECON_ERROR_MAX], path[SCENARIO_PATH_MAX], where[32] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    scenario_path_format(&w->path, SCENARIO_PATH_DISPLAY, path, sizeof path);
    if (line > 0) snprintf(where, sizeof where, ":%d", line);
    return aiecon_fail(w->err, AIECON_ERR_INPUT, "%s%s: %s%s%s", w->file, where, path,
                       path[0] ? ": " : "", what);
}

static const char *wexpected(walker *w, const cyaml_schema_value_t *sv)
{
    char g[SCENARIO_PATH_MAX];
    return scenario_expected(scenario_path_format(&w->path, SCENARIO_PATH_GENERIC, g, sizeof g), sv,
                             w->words, sizeof w->words);
}

static aiecon_status wrecord(walker *w, int line)
{
    if (w->mode != SCENARIO_WALK_CHECK || w->map == NULL) return AIECON_OK;
    char p[SCENARIO_PATH_MAX];
    scenario_path_format(&w->path, SCENARIO_PATH_INDEX, p, sizeof p);
    return scenario_linemap_put(w->map, p, line, w->err);
}

static aiecon_status wpush(walker *w, const char *key, long item, const char *name)
{
    if (w->path.n == SCENARIO_PATH_DEPTH) {
        return aiecon_fail(w->err, AIECON_ERR_INPUT, "%s: nested too deeply", w->file);
    }
    w->path.seg[w->path.n].key = key;
    w->path.seg[w->path.n].item = item;
    w->path.seg[w->path.n].name = name;
    w->path.n++;
    return AIECON_OK;
}

static aiecon_status walk_value(walker *w, yaml_node_t *node, const cyaml_schema_value_t *sv,
                                uint8_t *data, unsigned count, int key_line);

/* libcyaml takes any word but false/no/disable/0 as true: accept only true and false. */
static aiecon_status walk_bool(walker *w, const char *text, size_t len,
                               const cyaml_schema_value_t *sv, uint8_t *data, int line)
{
    int value = scenario_bool_parse(text, len);
    if (value < 0) {
        return wfail(w, line, "'%.40s' is not true or false (expected %s)", text, wexpected(w, sv));
    }
    scenario_number v = {.u = (uint64_t)value};
    if (w->mode == SCENARIO_WALK_APPLY && data != NULL) scenario_number_store(data, sv, v);
    return AIECON_OK;
}

static aiecon_status walk_scalar(walker *w, yaml_node_t *node, const cyaml_schema_value_t *sv,
                                 uint8_t *data)
{
    if (node->type != YAML_SCALAR_NODE) {
        return wfail(w, node_line(node), "%s is not a single value (expected %s)", node_kind(node),
                     wexpected(w, sv));
    }
    if (sv->type != CYAML_INT && sv->type != CYAML_UINT && sv->type != CYAML_FLOAT &&
        sv->type != CYAML_BOOL) {
        return AIECON_OK;   /* strings: libcyaml's reading is exact */
    }
    const char *text = (const char *)node->data.scalar.value;
    size_t len = node->data.scalar.length;
    yaml_scalar_style_t style = node->data.scalar.style;
    if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
        return wfail(w, node_line(node), "'%.40s' is quoted, so a string (expected %s, unquoted)",
                     text, wexpected(w, sv));
    }
    if (sv->type == CYAML_BOOL) return walk_bool(w, text, len, sv, data, node_line(node));
    scenario_number v;
    char why[160];
    if (scenario_number_parse(text, len, sv, &v, why, sizeof why) != 0) {
        return wfail(w, node_line(node), "%s (expected %s)", why, wexpected(w, sv));
    }
    if (w->mode == SCENARIO_WALK_APPLY && data != NULL) scenario_number_store(data, sv, v);
    if (w->mode == SCENARIO_WALK_PRETTY && sv->type == CYAML_FLOAT) {
        char shortest[40];
        scenario_format_double(v.f, shortest, sizeof shortest);
        size_t n = strlen(shortest);
        if (n <= len) {   /* rewrite in place: the node's buffer is libyaml's */
            memcpy(node->data.scalar.value, shortest, n + 1);
            node->data.scalar.length = n;
        }
    }
    return AIECON_OK;
}

/* The scalar value of item's `name` key, or NULL. Borrowed from the document. */
static const char *item_name(yaml_document_t *doc, yaml_node_t *item)
{
    if (item->type != YAML_MAPPING_NODE) return NULL;
    for (yaml_node_pair_t *p = item->data.mapping.pairs.start; p < item->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (k->type == YAML_SCALAR_NODE && v->type == YAML_SCALAR_NODE &&
            strcmp((const char *)k->data.scalar.value, "name") == 0 && v->data.scalar.length > 0) {
            return (const char *)v->data.scalar.value;
        }
    }
    return NULL;
}

static aiecon_status walk_sequence(walker *w, yaml_node_t *node, const cyaml_schema_value_t *sv,
                                   uint8_t *data, unsigned count, int key_line)
{
    if (node->type != YAML_SEQUENCE_NODE) {
        return wfail(w, node_line(node), "%s is not a list (expected %s)", node_kind(node),
                     wexpected(w, sv));
    }
    size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    if (n < sv->sequence.min || n > sv->sequence.max) {
        return wfail(w, key_line, "%zu entries (expected %s)", n, wexpected(w, sv));
    }
    const cyaml_schema_value_t *entry = sv->sequence.entry;
    uint8_t *items = NULL;
    if (data != NULL) {
        memcpy(&items, data, sizeof items);
        if (count != n) return aiecon_fail(w->err, AIECON_ERR_RUNTIME, "%s: list count mismatch", w->file);
    }
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yaml_document_get_node(w->doc, node->data.sequence.items.start[i]);
        aiecon_status st = wpush(w, NULL, (long)i, item_name(w->doc, item));
        if (st == AIECON_OK) st = wrecord(w, node_line(item));
        if (st == AIECON_OK) {
            st = walk_value(w, item, entry, items ? items + i * entry->data_size : NULL, 0,
                            node_line(item));
        }
        w->path.n--;
        if (st != AIECON_OK) return st;
    }
    return AIECON_OK;
}

static aiecon_status walk_pair(walker *w, const cyaml_schema_field_t *f, yaml_node_t *value,
                               uint8_t *base, int key_line)
{
    uint8_t *data = base ? base + f->data_offset : NULL;
    unsigned count = 0;
    if (base != NULL && f->value.type == CYAML_SEQUENCE) {
        count = scenario_read_count(base + f->count_offset, f->count_size);
    }
    aiecon_status st = wrecord(w, key_line);
    if (st != AIECON_OK) return st;
    return walk_value(w, value, &f->value, data, count, key_line);
}

static aiecon_status walk_mapping(walker *w, yaml_node_t *node, const cyaml_schema_value_t *sv,
                                  uint8_t *data, int key_line)
{
    const cyaml_schema_field_t *fields = sv->mapping.fields;
    char keys[512];
    if (node->type != YAML_MAPPING_NODE) {
        return wfail(w, node_line(node), "%s%s is not a mapping (expected %s)",
                     w->path.n ? "" : "the top level: ", node_kind(node), wexpected(w, sv));
    }
    int first_line[64] = {0};
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(w->doc, p->key);
        if (k->type != YAML_SCALAR_NODE) {
            return wfail(w, node_line(k), "%s used as a key (expected one of: %s)", node_kind(k),
                         scenario_keys_list(fields, keys, sizeof keys));
        }
        int i = scenario_field_index(fields, (const char *)k->data.scalar.value, k->data.scalar.length);
        aiecon_status st = wpush(w, i >= 0 ? fields[i].key : (const char *)k->data.scalar.value, 0, NULL);
        if (st != AIECON_OK) return st;
        if (i < 0) {
            return wfail(w, node_line(k), "unknown key (expected one of: %s)",
                         scenario_keys_list(fields, keys, sizeof keys));
        }
        if (i >= 64) return aiecon_fail(w->err, AIECON_ERR_RUNTIME, "scenario: schema too wide");
        if (first_line[i] != 0) {
            return wfail(w, node_line(k), "duplicate key (first given at line %d)", first_line[i]);
        }
        first_line[i] = node_line(k);
        st = walk_pair(w, &fields[i], yaml_document_get_node(w->doc, p->value), data, node_line(k));
        w->path.n--;
        if (st != AIECON_OK) return st;
    }
    for (int i = 0; fields[i].key != NULL; i++) {
        if (first_line[i] != 0 || (fields[i].value.flags & CYAML_FLAG_OPTIONAL)) continue;
        aiecon_status st = wpush(w, fields[i].key, 0, NULL);
        if (st != AIECON_OK) return st;
        return wfail(w, key_line, "missing (a required key: %s)", wexpected(w, &fields[i].value));
    }
    return AIECON_OK;
}

static aiecon_status walk_value(walker *w, yaml_node_t *node, const cyaml_schema_value_t *sv,
                                uint8_t *data, unsigned count, int key_line)
{
    switch (sv->type) {
    case CYAML_MAPPING:
        if (data != NULL && (sv->flags & CYAML_FLAG_POINTER)) memcpy(&data, data, sizeof data);
        return walk_mapping(w, node, sv, data, key_line);
    case CYAML_SEQUENCE:
        return walk_sequence(w, node, sv, data, count, key_line);
    default:
        return walk_scalar(w, node, sv, data);
    }
}

aiecon_status scenario_walk(yaml_document_t *doc, scenario_walk_mode mode, const char *file,
                            scenario *s, scenario_linemap *map, aiecon_error *err)
{
    walker w = {.doc = doc, .mode = mode, .file = file, .map = map, .err = err};
    yaml_node_t *root = yaml_document_get_root_node(doc);
    if (root == NULL) return aiecon_fail(err, AIECON_ERR_INPUT, "%s: empty", file);
    uint8_t *data = (mode == SCENARIO_WALK_APPLY) ? (uint8_t *)&s : NULL;
    return walk_value(&w, root, &scenario_schema, data, 0, 0);
}
