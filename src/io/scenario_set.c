/* scenario_set.c — `--set key.path=value` and a variant's `set:` entries: one override applied to
 * a loaded scenario.
 *
 * The key path is resolved through the same schema tables that load the file, so every key a
 * file may hold can be set, and nothing else: mapping keys by name (`households.network.degree`),
 * list items by their `name` (`labs.frontier_a.ambition`) or, for any list and the only way for
 * lists without names (a lab's contracts), by index in brackets (`labs.frontier_a.contracts[0].mw`,
 * the form messages print). The value is parsed with the strict number/boolean parsers of the
 * file, and the path is marked as set in the line map, so that a later range check names "--set"
 * rather than a file line. A variant file's `set:` entries (scenario_variant.c) take the same path
 * with their own origin ("FILE:LINE" instead of "--set") and position in the line map.
 * Lists cannot be lengthened or shortened from the command line.
 * Cost: a walk over the schema per override; nothing is allocated but a replaced string.
 * No global mutable state. */
#include "scenario_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *scenario_names_list(const uint8_t *items, unsigned count,
                                const cyaml_schema_value_t *entry, char *buf, size_t size)
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
    const char *origin;         /* start of messages: "--set" or "FILE:LINE" */
    const char *key;            /* the key path as typed, key_len bytes */
    int key_len;
    scenario_path path;
    const cyaml_schema_value_t *sv;
    uint8_t *data;
    unsigned count;             /* entries, when sv is a sequence */
    aiecon_error *err;
} setter;

static aiecon_status step_key(setter *t, const char *tok, const char *which)
{
    char list[512];
    const cyaml_schema_field_t *fields = t->sv->mapping.fields;
    int i = scenario_field_index(fields, tok, strlen(tok));
    if (i < 0) {
        return aiecon_fail(t->err, AIECON_ERR_INPUT, "%s: %.*s: unknown key%s (expected one of: %s)",
                           t->origin, t->key_len, t->key, which, scenario_keys_list(fields, list, sizeof list));
    }
    if (fields[i].value.type == CYAML_SEQUENCE) {
        t->count = scenario_read_count(t->data + fields[i].count_offset, fields[i].count_size);
    }
    t->data += fields[i].data_offset;
    t->sv = &fields[i].value;
    if (t->sv->type == CYAML_MAPPING && (t->sv->flags & CYAML_FLAG_POINTER)) {
        memcpy(&t->data, t->data, sizeof t->data);
    }
    t->path.seg[t->path.n].key = fields[i].key;
    t->path.seg[t->path.n++].name = NULL;
    return AIECON_OK;
}

/* tok is a name, or "[N]" for the N-th entry. */
static aiecon_status step_item(setter *t, const char *tok, size_t start)
{
    char list[512];
    const cyaml_schema_value_t *entry = t->sv->sequence.entry;
    uint8_t *items;
    memcpy(&items, t->data, sizeof items);
    long index = -1;
    if (tok[0] == '[') {
        size_t digits = strspn(tok + 1, "0123456789");
        index = digits > 0 && digits < 10 && strcmp(tok + 1 + digits, "]") == 0 ? atol(tok + 1) : -2;
        if (index >= (long)t->count) index = -2;
    }
    for (unsigned i = 0; i < t->count && index == -1; i++) {
        const char *name = scenario_item_name(items + i * entry->data_size, entry);
        if (name != NULL && strcmp(name, tok) == 0) index = (long)i;
    }
    if (index < 0) {
        int named = t->count > 0 && scenario_item_name(items, entry) != NULL;
        char indices[64] = "none: the list is empty";
        if (t->count > 0) snprintf(indices, sizeof indices, "an index [0] to [%u]", t->count - 1);
        return aiecon_fail(t->err, AIECON_ERR_INPUT, "%s: %.*s: no entry %s%s%s in %.*s (expected "
                           "%s%s%s%s)", t->origin, t->key_len, t->key, tok[0] == '[' ? "" : "named '", tok,
                           tok[0] == '[' ? "" : "'", (int)start, t->key, named ? "one of: " : "",
                           named ? scenario_names_list(items, t->count, entry, list, sizeof list) : "",
                           named ? ", or " : "", indices);
    }
    t->data = items + (size_t)index * entry->data_size;
    t->sv = entry;
    t->path.seg[t->path.n].key = NULL;
    t->path.seg[t->path.n].item = index;
    t->path.seg[t->path.n++].name = scenario_item_name(t->data, entry);
    return AIECON_OK;
}

/* One step of the key path: token tok, which starts at byte `start` of the typed key path (just
 * after its '.', or at its '['). Messages name the whole key path as typed and, when it is not the
 * last step, the bad token. */
static aiecon_status set_step(setter *t, const char *tok, size_t start, int last)
{
    char which[2 * SCENARIO_PATH_MAX + 16] = "";
    if (t->path.n == SCENARIO_PATH_DEPTH) {
        return aiecon_fail(t->err, AIECON_ERR_INPUT, "%s: %.*s: key path too deep", t->origin, t->key_len, t->key);
    }
    if (!last) snprintf(which, sizeof which, " '%s'", tok);
    if (!last && start > 0) {
        snprintf(which + strlen(which), sizeof which - strlen(which), " in %.*s", (int)start - 1, t->key);
    }
    if (t->sv->type == CYAML_MAPPING && tok[0] != '[') return step_key(t, tok, which);
    if (t->sv->type == CYAML_SEQUENCE) return step_item(t, tok, tok[0] == '[' ? start : start - 1);
    int at = tok[0] == '[' ? (int)start : (int)start - 1;
    return aiecon_fail(t->err, AIECON_ERR_INPUT, "%s: %.*s: unknown key (%.*s is %s)", t->origin, t->key_len,
                       t->key, at, t->key, t->sv->type == CYAML_MAPPING ? "not a list" : "a single value");
}

static aiecon_status set_string(setter *t, const char *value)
{
    size_t n = strlen(value) + 1;
    char *copy = malloc(n), *old;
    if (copy == NULL) return aiecon_fail(t->err, AIECON_ERR_RUNTIME, "%s: out of memory", t->origin);
    memcpy(copy, value, n);
    memcpy(&old, t->data, sizeof old);
    free(old);
    memcpy(t->data, &copy, sizeof copy);
    return AIECON_OK;
}

/* Parses value strictly as the number or boolean the leaf holds; 0, or -1 with why set. */
static int parse_leaf(const setter *t, const char *value, int quoted, scenario_number *v, char *why,
                      size_t ws)
{
    if (quoted) {
        snprintf(why, ws, "'%.40s' is quoted, so a string", value);
        return -1;
    }
    if (t->sv->type != CYAML_BOOL) return scenario_number_parse(value, strlen(value), t->sv, v, why, ws);
    int b = scenario_bool_parse(value, strlen(value));
    if (b < 0) snprintf(why, ws, "'%.40s' is not true or false", value);
    v->u = b > 0;
    return b < 0 ? -1 : 0;
}

/* Writes value into the leaf the setter reached. */
static aiecon_status set_leaf(setter *t, const char *value, int quoted)
{
    char disp[SCENARIO_PATH_MAX], gen[SCENARIO_PATH_MAX], list[512], words[512];
    scenario_path_format(&t->path, SCENARIO_PATH_DISPLAY, disp, sizeof disp);
    scenario_path_format(&t->path, SCENARIO_PATH_GENERIC, gen, sizeof gen);
    if (t->sv->type == CYAML_MAPPING) {
        return aiecon_fail(t->err, AIECON_ERR_INPUT, "%s: %s: a group of keys, not a value "
                           "(expected one of: %s)", t->origin, disp,
                           scenario_keys_list(t->sv->mapping.fields, list, sizeof list));
    }
    if (t->sv->type == CYAML_SEQUENCE) {
        int named = scenario_field_index(t->sv->sequence.entry->mapping.fields, "name", 4) >= 0;
        return aiecon_fail(t->err, AIECON_ERR_INPUT, "%s: %s: a list, not a value (expected "
                           "%s%s.KEY)", t->origin, disp, disp, named ? ".NAME" : "[INDEX]");
    }
    if (t->sv->type == CYAML_STRING) return set_string(t, value);
    scenario_number v = {.u = 0};
    char why[160];
    if (parse_leaf(t, value, quoted, &v, why, sizeof why) != 0) {
        return aiecon_fail(t->err, AIECON_ERR_INPUT, "%s: %s: %s (expected %s%s)", t->origin, disp, why,
                           scenario_expected(gen, t->sv, words, sizeof words), quoted ? ", unquoted" : "");
    }
    scenario_number_store(t->data, t->sv, v);
    return AIECON_OK;
}

/* Splits key (modified in place) at '.' and before '[' and takes each step. */
static aiecon_status set_path(setter *t, char *key)
{
    size_t len = strlen(key);
    for (size_t at = 0; at < len;) {
        size_t n = (key[at] == '[') + strcspn(key + at + (key[at] == '['), ".[");
        char *tok = key + at, saved = tok[n];
        if (n == 0) {
            return aiecon_fail(t->err, AIECON_ERR_INPUT, "%s: %.*s: an empty key (expected "
                               "a key path, e.g. labs.NAME.contracts[0].mw)", t->origin, t->key_len, t->key);
        }
        size_t next = at + n + (saved == '.');
        tok[n] = '\0';
        aiecon_status st = set_step(t, tok, at, next >= len);
        tok[n] = saved;
        if (st != AIECON_OK) return st;
        at = next;
        if (saved == '.' && at == len) {
            return aiecon_fail(t->err, AIECON_ERR_INPUT, "%s: %.*s: ends with '.' (expected "
                               "a key path, e.g. households.bass_p)", t->origin, t->key_len, t->key);
        }
    }
    return AIECON_OK;
}

aiecon_status scenario_set_value(scenario *s, const scenario_setting *set, scenario_linemap *map,
                                 aiecon_error *err)
{
    char key[SCENARIO_PATH_MAX];
    if (set->key_len >= sizeof key) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: %.40s...: key path too long", set->origin, set->key);
    }
    memcpy(key, set->key, set->key_len);
    key[set->key_len] = '\0';
    setter t = {.origin = set->origin, .key = set->key, .key_len = (int)set->key_len,
                .sv = &scenario_schema, .data = (uint8_t *)s, .err = err};
    aiecon_status st = set_path(&t, key);
    if (st == AIECON_OK) st = set_leaf(&t, set->value, set->quoted);
    if (st != AIECON_OK) return st;
    char idx[SCENARIO_PATH_MAX];
    return scenario_linemap_put(map, scenario_path_format(&t.path, SCENARIO_PATH_INDEX, idx, sizeof idx),
                                set->pos, err);
}

aiecon_status scenario_assign(scenario *s, const char *assignment, scenario_linemap *map,
                              aiecon_error *err)
{
    const char *eq = strchr(assignment, '=');
    if (eq == NULL || eq == assignment) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "--set: '%s': not an assignment (expected "
                           "key.path=value, e.g. households.bass_p=0.01)", assignment);
    }
    scenario_setting set = {.key = assignment, .key_len = (size_t)(eq - assignment), .value = eq + 1,
                            .quoted = 0, .origin = "--set", .pos = SCENARIO_LINE_SET};
    return scenario_set_value(s, &set, map, err);
}
