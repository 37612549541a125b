/* scenario_variant.c — variant files: a small scenario that builds on another by changing a few
 * values.
 *
 * A file whose top-level mapping has the key `extends` is a variant, and may hold nothing else
 * but `title` and `set`:
 *     extends: baseline.yaml     # the scenario it builds on: relative to this file's folder, or absolute
 *     title: "AI economy: demand disappoints"   # optional: replaces the base's title
 *     set:                       # key paths exactly as --set takes them; values as YAML scalars
 *       households.bass_q: 0.04
 *       labs.frontier_a.contracts[0].mw: 100
 * Loading it loads the base (itself perhaps a variant: at most SCENARIO_CHAIN_MAX links, no
 * cycles), then applies each `set` entry in file order through scenario_set_value, the code and
 * strictness of --set, with messages and line-map positions naming this file and the entry's
 * line (so a range error found later names them too), then the title; the command line's --set
 * come last (scenario.c). scenario_chain_resolve follows the `extends` links by reading files
 * (rank 0 alone under MPI) and packs every file of the chain into one buffer, so that every rank
 * parses the same bytes; scenario_chain_unpack gives views of them, and scenario_variant_apply
 * applies one variant. Whether a file is a variant is decided on its libyaml document, before
 * libcyaml sees anything, so ordinary scenarios take the schema path unchanged.
 * Cost: each file of a chain (at most 9) is read once and loaded as a libyaml document twice (to
 * find `extends`, then to apply it): microseconds for files of a few KiB. No global mutable state. */
#include "scenario_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { VARIANT_PATH_MAX = 4096 };
#define VARIANT_KEYS "extends, title, set"

/* ---------------------------------------------------------------- the packed chain */

static aiecon_status pack(scenario_packed *c, const char *name, const char *text, size_t len,
                          aiecon_error *err)
{
    size_t name_len = strlen(name) + 1;
    uint64_t len64 = len;
    size_t need = c->len + name_len + sizeof len64 + len;
    if (need > c->cap) {
        char *p = realloc(c->p, need + need / 2);
        if (p == NULL) return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", name);
        c->p = p;
        c->cap = need + need / 2;
    }
    memcpy(c->p + c->len, name, name_len);
    memcpy(c->p + c->len + name_len, &len64, sizeof len64);
    if (len > 0) memcpy(c->p + c->len + name_len + sizeof len64, text, len);
    c->len = need;
    return AIECON_OK;
}

/* The record at byte `at` of p (len bytes) into *f; the offset of the next record, or 0 if the
 * record is malformed. */
static size_t unpack_one(const char *p, size_t len, size_t at, scenario_source *f)
{
    const char *nul = memchr(p + at, '\0', len - at);
    uint64_t text_len;
    if (nul == NULL || (size_t)(nul + 1 - p) + sizeof text_len > len) return 0;
    size_t text_at = (size_t)(nul + 1 - p) + sizeof text_len;
    memcpy(&text_len, nul + 1, sizeof text_len);
    if (text_len > len - text_at) return 0;
    *f = (scenario_source){.name = p + at, .text = p + text_at, .len = (size_t)text_len};
    return text_at + (size_t)text_len;
}

aiecon_status scenario_chain_unpack(const char *p, size_t len, scenario_source file[SCENARIO_CHAIN_MAX + 1],
                                    int *n, aiecon_error *err)
{
    *n = 0;
    for (size_t at = 0; at < len; (*n)++) {
        if (*n > SCENARIO_CHAIN_MAX || (at = unpack_one(p, len, at, &file[*n])) == 0) {
            return aiecon_fail(err, AIECON_ERR_RUNTIME, "scenario: a malformed chain of files");
        }
    }
    return *n > 0 ? AIECON_OK : aiecon_fail(err, AIECON_ERR_RUNTIME, "scenario: an empty chain of files");
}

/* ---------------------------------------------------------------- following `extends` */

static int node_line(const yaml_node_t *node) { return (int)node->start_mark.line + 1; }

static const char *node_kind(const yaml_node_t *node)
{
    return node->type == YAML_MAPPING_NODE ? "a mapping"
         : node->type == YAML_SEQUENCE_NODE ? "a list" : "a single value";
}

/* The value of the first top-level key `extends` of doc (its line in *line), or NULL. */
static yaml_node_t *extends_node(yaml_document_t *doc, int *line)
{
    yaml_node_t *root = yaml_document_get_root_node(doc);
    if (root == NULL || root->type != YAML_MAPPING_NODE) return NULL;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k->type == YAML_SCALAR_NODE && strcmp((const char *)k->data.scalar.value, "extends") == 0) {
            *line = node_line(k);
            return yaml_document_get_node(doc, p->value);
        }
    }
    return NULL;
}

/* The base named by `extends` (value), resolved against the folder of f, into path. */
static aiecon_status base_path(const scenario_source *f, const yaml_node_t *value, int line, char *path,
                               size_t size, aiecon_error *err)
{
    const char *v = value->type == YAML_SCALAR_NODE ? (const char *)value->data.scalar.value : "";
    if (value->type != YAML_SCALAR_NODE || value->data.scalar.length == 0 ||
        strlen(v) != value->data.scalar.length) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s:%d: extends: %s (expected the path of the scenario "
                           "this one builds on, relative to this file's folder)", f->name, line,
                           value->type != YAML_SCALAR_NODE ? node_kind(value) : "no file name");
    }
    const char *slash = strrchr(f->name, '/');
    int dir = v[0] == '/' || slash == NULL ? 0 : (int)(slash + 1 - f->name);
    int n = snprintf(path, size, "%.*s%s", dir, f->name, v);
    if (n < 0 || (size_t)n >= size) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s:%d: extends: %.40s...: path too long (expected at "
                           "most %zu bytes)", f->name, line, v, size - 1);
    }
    return AIECON_OK;
}

/* Whether f is a variant (*line > 0, the line of `extends`) and, if so, the path of its base. A
 * file that does not load as YAML is not a variant here: the parse reports its error. */
static aiecon_status base_of(const scenario_source *f, char *path, size_t size, int *line,
                             aiecon_error *err)
{
    yaml_document_t doc;
    aiecon_error ignored;
    *line = 0;
    if (scenario_load_document(f->text, f->len, f->name, &doc, &ignored) != AIECON_OK) return AIECON_OK;
    yaml_node_t *value = extends_node(&doc, line);
    aiecon_status st = value != NULL ? base_path(f, value, *line, path, size, err) : AIECON_OK;
    if (value == NULL) *line = 0;
    yaml_document_delete(&doc);
    return st;
}

/* 1 if a and b name the same file: by device and inode where both exist, else by name. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0) return strcmp(a, b) == 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Refuses the base `path` of file[n - 1] (its `extends` at `line`) if the chain is full or if
 * path is already in it. */
static aiecon_status check_link(const scenario_source *file, int n, const char *path, int line,
                                aiecon_error *err)
{
    const char *name = file[n - 1].name;
    if (n == SCENARIO_CHAIN_MAX + 1) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s:%d: extends: %s: more than %d levels of extends "
                           "(expected a chain of at most %d variants ending in a full scenario)", name,
                           line, path, SCENARIO_CHAIN_MAX, SCENARIO_CHAIN_MAX);
    }
    for (int i = 0; i < n; i++) {
        if (!same_file(path, file[i].name)) continue;
        char cycle[512] = "";
        for (int j = i; j < n; j++) {
            size_t used = strlen(cycle);
            snprintf(cycle + used, sizeof cycle - used, "%s extends ", file[j].name);
        }
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s:%d: extends: %s: a cycle (%s%s) (expected a chain "
                           "of variants ending in a full scenario)", name, line, path, cycle, path);
    }
    return AIECON_OK;
}

/* Reads the base `path` of the last file packed (its `extends` at `line`) and packs it. */
static aiecon_status pack_base(scenario_packed *out, const char *path, int line, aiecon_error *err)
{
    scenario_source file[SCENARIO_CHAIN_MAX + 1];
    int n = 0;
    aiecon_status st = scenario_chain_unpack(out->p, out->len, file, &n, err);
    if (st == AIECON_OK) st = check_link(file, n, path, line, err);
    if (st != AIECON_OK) return st;
    char *text = NULL;
    size_t len = 0;
    aiecon_error why;
    st = scenario_read_file(path, &text, &len, &why);
    if (st != AIECON_OK) {
        return aiecon_fail(err, st, "%s:%d: extends: %s", file[n - 1].name, line, why.message);
    }
    st = pack(out, path, text, len, err);
    free(text);
    return st;
}

aiecon_status scenario_chain_resolve(const char *name, const char *text, size_t len,
                                     scenario_packed *out, aiecon_error *err)
{
    *out = (scenario_packed){NULL, 0, 0};
    aiecon_status st = pack(out, name, text, len, err);
    for (size_t at = 0; st == AIECON_OK;) {
        scenario_source last = {NULL, NULL, 0};
        char path[VARIANT_PATH_MAX];
        int line = 0;
        size_t next = unpack_one(out->p, out->len, at, &last);
        if (next == 0) {
            st = aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: a malformed chain of files", name);
            break;
        }
        st = base_of(&last, path, sizeof path, &line, err);
        if (st != AIECON_OK || line == 0) break;
        st = pack_base(out, path, line, err);
        at = next;
    }
    if (st != AIECON_OK) {
        free(out->p);
        *out = (scenario_packed){NULL, 0, 0};
    }
    return st;
}

/* ---------------------------------------------------------------- applying a variant */

typedef struct variant {
    yaml_document_t doc;
    const scenario_source *f;
    int k;                      /* its index in the line map's files */
    scenario *s;
    scenario_linemap *map;
    aiecon_error *err;
} variant;

/* Checks the top level (only extends, title, set; each once) and finds title and set. */
static aiecon_status top_level(variant *v, yaml_node_t **title, yaml_node_t **set)
{
    static const char *const keys[] = {"extends", "title", "set"};
    int first[3] = {0, 0, 0};
    yaml_node_t *root = yaml_document_get_root_node(&v->doc);
    if (root == NULL || root->type != YAML_MAPPING_NODE) {
        return aiecon_fail(v->err, AIECON_ERR_RUNTIME, "%s: not a variant", v->f->name);
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&v->doc, p->key);
        const char *key = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : NULL;
        int i = 0;
        while (i < 3 && (key == NULL || strcmp(key, keys[i]) != 0)) i++;
        if (key == NULL || i == 3) {
            return aiecon_fail(v->err, AIECON_ERR_INPUT, "%s:%d: %s: unknown key in a variant (expected "
                               "one of: " VARIANT_KEYS "; values of the base are changed under set)",
                               v->f->name, node_line(k), key != NULL ? key : node_kind(k));
        }
        if (first[i] != 0) {
            return aiecon_fail(v->err, AIECON_ERR_INPUT, "%s:%d: %s: duplicate key (first given at line "
                               "%d)", v->f->name, node_line(k), key, first[i]);
        }
        first[i] = node_line(k);
        if (i == 1) *title = yaml_document_get_node(&v->doc, p->value);
        if (i == 2) *set = yaml_document_get_node(&v->doc, p->value);
    }
    return AIECON_OK;
}

/* One entry: key path `key` (at line) set to the scalar `value`, as --set would. */
static aiecon_status apply_entry(variant *v, const char *key, const yaml_node_t *value, int line)
{
    char origin[VARIANT_PATH_MAX + 16];
    snprintf(origin, sizeof origin, "%s:%d", v->f->name, line);
    if (value->type != YAML_SCALAR_NODE) {
        return aiecon_fail(v->err, AIECON_ERR_INPUT, "%s: %s: %s is not a single value (expected one "
                           "value, as --set takes it)", origin, key, node_kind(value));
    }
    const char *text = (const char *)value->data.scalar.value;
    if (strlen(text) != value->data.scalar.length) {
        return aiecon_fail(v->err, AIECON_ERR_INPUT, "%s: %s: a value with a NUL byte (expected text)",
                           origin, key);
    }
    yaml_scalar_style_t style = value->data.scalar.style;
    scenario_setting set = {
        .key = key, .key_len = strlen(key), .value = text,
        .quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE,
        .origin = origin, .pos = line + v->k * SCENARIO_LINE_FILE,
    };
    return scenario_set_value(v->s, &set, v->map, v->err);
}

/* The `set` mapping's entries, in file order; a key given twice is refused. */
static aiecon_status apply_set(variant *v, yaml_node_t *set)
{
    if (set->type != YAML_MAPPING_NODE) {
        return aiecon_fail(v->err, AIECON_ERR_INPUT, "%s:%d: set: %s is not a mapping (expected key "
                           "paths as --set takes them, each with one value, e.g. households.bass_q: "
                           "0.04)", v->f->name, node_line(set), set->type == YAML_SCALAR_NODE &&
                           set->data.scalar.length == 0 ? "nothing" : node_kind(set));
    }
    yaml_node_pair_t *pairs = set->data.mapping.pairs.start;
    for (yaml_node_pair_t *p = pairs; p < set->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&v->doc, p->key);
        const char *key = (const char *)k->data.scalar.value;
        if (k->type != YAML_SCALAR_NODE || k->data.scalar.length == 0) {
            return aiecon_fail(v->err, AIECON_ERR_INPUT, "%s:%d: set: %s used as a key (expected a key "
                               "path, e.g. households.bass_q)", v->f->name, node_line(k),
                               k->type == YAML_SCALAR_NODE ? "an empty value" : node_kind(k));
        }
        for (yaml_node_pair_t *q = pairs; q < p; q++) {
            yaml_node_t *before = yaml_document_get_node(&v->doc, q->key);
            if (strcmp((const char *)before->data.scalar.value, key) != 0) continue;
            return aiecon_fail(v->err, AIECON_ERR_INPUT, "%s:%d: %s: duplicate key (first given at line "
                               "%d)", v->f->name, node_line(k), key, node_line(before));
        }
        aiecon_status st = apply_entry(v, key, yaml_document_get_node(&v->doc, p->value), node_line(k));
        if (st != AIECON_OK) return st;
    }
    return AIECON_OK;
}

aiecon_status scenario_variant_apply(scenario *s, const scenario_source *f, int k, scenario_linemap *map,
                                     aiecon_error *err)
{
    variant v = {.f = f, .k = k, .s = s, .map = map, .err = err};
    aiecon_status st = scenario_load_document(f->text, f->len, f->name, &v.doc, err);
    if (st != AIECON_OK) return st;
    map->files[k] = f->name;
    yaml_node_t *title = NULL, *set = NULL;
    st = top_level(&v, &title, &set);
    if (st == AIECON_OK && set != NULL) st = apply_set(&v, set);
    if (st == AIECON_OK && title != NULL) st = apply_entry(&v, "title", title, node_line(title));
    yaml_document_delete(&v.doc);
    return st;
}
