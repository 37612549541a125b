/* scenario_check.c — defaults and checks on a scenario's final values (after `--set`).
 *
 * Runs once the file is loaded and the overrides applied, in this order: (1) the AI economy is
 * all or nothing: its sections (the top-level rows marked ECONOMY in the parameter table) are
 * given together or not at all (has_economy); with it, its ECONOMY keys below the top level (the
 * households') are required; without it, none of its keys may be given (so that a diffusion
 * scenario prints and loads exactly as before); (2) keys not given get the defaults of their rows,
 * decided from the line map (what was given, in the file, a variant or by --set), so no sentinel
 * value can be mistaken for a user's; (3) every leaf is checked against the rule of its row (a
 * leaf without one is an internal error, not a pass: every field is made from a row, and a row
 * cannot be written without a rule) and names are checked unique within each list; (4) the rules
 * across values: households per agent, shares adding up to 1, references between lists (contract
 * → cloud, cloud → region, a lab's market → region, each region once), contract dates, grid power
 * where clouds are, network degrees.
 * Every message names the file line of the value (the variant file's line of its `set:` entry
 * when a variant supplied it), or "--set" when an override did.
 * Cost: linear in the scenario (a few hundred values; names compared pairwise within lists of at
 * most 256), once per run. No global mutable state. */
#include "scenario_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct checker {
    scenario *s;
    const char *file;
    const scenario_linemap *map;
    scenario_path path;
    aiecon_error *err;
} checker;

/* "FILE:LINE: path: ...", "FILE: path: ..." or "--set: path: ...", by the given line. */
static aiecon_status vfail(checker *c, int line, const char *fmt, va_list ap)
{
    char what[AIECON_ERROR_MAX], disp[SCENARIO_PATH_MAX], where[SCENARIO_PATH_MAX + 16];
    vsnprintf(what, sizeof what, fmt, ap);
    scenario_path_format(&c->path, SCENARIO_PATH_DISPLAY, disp, sizeof disp);
    if (line == SCENARIO_LINE_SET) return aiecon_fail(c->err, AIECON_ERR_INPUT, "--set: %s: %s", disp, what);
    if (line > 0) {
        scenario_linemap_where(c->map, line, c->file, where, sizeof where);
        return aiecon_fail(c->err, AIECON_ERR_INPUT, "%s: %s: %s", where, disp, what);
    }
    return aiecon_fail(c->err, AIECON_ERR_INPUT, "%s: %s: %s", c->file, disp, what);
}

/* As vfail, at the line of the current path's value. */
static aiecon_status cfail(checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static aiecon_status cfail(checker *c, const char *fmt, ...)
{
    char idx[SCENARIO_PATH_MAX];
    scenario_path_format(&c->path, SCENARIO_PATH_INDEX, idx, sizeof idx);
    va_list ap;
    va_start(ap, fmt);
    aiecon_status st = vfail(c, scenario_linemap_get(c->map, idx), fmt, ap);
    va_end(ap);
    return st;
}

/* As vfail, at an explicit line. */
static aiecon_status cfail_at(checker *c, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static aiecon_status cfail_at(checker *c, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aiecon_status st = vfail(c, line, fmt, ap);
    va_end(ap);
    return st;
}

static void cpush(checker *c, const char *key, long item, const char *name)
{
    c->path.seg[c->path.n].key = key;
    c->path.seg[c->path.n].item = item;
    c->path.seg[c->path.n].name = name;
    c->path.n++;
}

/* Sets the path to up to three segments: a key, optionally an item, optionally a key. */
static void cset(checker *c, const char *key, long item, const char *name, const char *leaf)
{
    c->path.n = 0;
    cpush(c, key, 0, NULL);
    if (item >= 0) cpush(c, NULL, item, name);
    if (leaf != NULL) cpush(c, leaf, 0, NULL);
}

/* Line of the current path or anything under it (SCENARIO_LINE_NONE if not given). */
static int given(checker *c)
{
    char idx[SCENARIO_PATH_MAX];
    return scenario_linemap_find(c->map, scenario_path_format(&c->path, SCENARIO_PATH_INDEX, idx, sizeof idx));
}

/* ---------------------------------------------------------------- (1) the economy, (2) defaults */

/* The rows of the AI economy: ECONOMY (required with it) and ECONOMY_DEFAULT (optional with it). */
static int economy_row(const param *p)
{
    return p->presence == PARAM_ECONOMY || p->presence == PARAM_ECONOMY_DEFAULT;
}

/* "businesses, labs, clouds, chipmakers, investors" (last_and = 0) or "... chipmakers and
 * investors" (last_and = 1): the top-level sections of the AI economy, from the rows. */
static const char *economy_sections(int last_and, char *buf, size_t size)
{
    const param_group *top = &scenario_params;
    unsigned n = 0, total = 0;
    for (unsigned i = 0; i < top->count; i++) total += top->rows[i].presence == PARAM_ECONOMY;
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned i = 0; i < top->count && used < size; i++) {
        if (top->rows[i].presence != PARAM_ECONOMY) continue;
        const char *sep = n == 0 ? "" : (last_and && n + 1 == total) ? " and " : ", ";
        int w = snprintf(buf + used, size - used, "%s%s", sep, top->rows[i].key);
        if (w < 0) break;
        used += (size_t)w;
        n++;
    }
    return buf;
}

/* Row i of group g is field i of fields: both are made from the same rows. */
static aiecon_status same_shape(checker *c, const param_group *g, const cyaml_schema_field_t *fields)
{
    for (unsigned i = 0; i < g->count; i++) {
        if (fields[i].key == NULL || strcmp(fields[i].key, g->rows[i].key) != 0) {
            return aiecon_fail(c->err, AIECON_ERR_RUNTIME, "scenario: the schema of %s does not match its rows",
                               g->name);
        }
    }
    return AIECON_OK;
}

/* What a pass does at one row (its path pushed): data is the struct holding the row's field f.
 * *descend (preset to 1 for mappings and lists) says whether to visit the rows below. */
typedef aiecon_status (*row_visit)(checker *c, const param *p, const cyaml_schema_field_t *f, uint8_t *data,
                                   int *descend);

/* Visits every row of g, in file order, and the rows below mappings and below each entry of lists. */
static aiecon_status walk_rows(checker *c, const param_group *g, const cyaml_schema_field_t *fields, uint8_t *data,
                               row_visit visit)
{
    aiecon_status st = same_shape(c, g, fields);
    for (unsigned i = 0; st == AIECON_OK && i < g->count; i++) {
        const param *p = &g->rows[i];
        const cyaml_schema_field_t *f = &fields[i];
        int descend = p->group != NULL;
        cpush(c, p->key, 0, NULL);
        st = visit(c, p, f, data, &descend);
        if (st == AIECON_OK && descend && p->type == PARAM_MAP) {
            st = walk_rows(c, p->group, f->value.mapping.fields, data + f->data_offset, visit);
        } else if (st == AIECON_OK && descend && p->type == PARAM_LIST) {
            const cyaml_schema_value_t *e = f->value.sequence.entry;
            unsigned n = scenario_read_count(data + f->count_offset, f->count_size);
            uint8_t *items;
            memcpy(&items, data + f->data_offset, sizeof items);
            for (unsigned k = 0; st == AIECON_OK && k < n; k++) {
                cpush(c, NULL, (long)k, scenario_item_name(items + k * e->data_size, e));
                st = walk_rows(c, p->group, e->mapping.fields, items + k * e->data_size, visit);
                c->path.n--;
            }
        }
        c->path.n--;
    }
    return st;
}

static aiecon_status walk_scenario(checker *c, row_visit visit)
{
    c->path.n = 0;
    aiecon_status st = walk_rows(c, &scenario_params, scenario_schema.mapping.fields, (uint8_t *)c->s, visit);
    c->path.n = 0;
    return st;
}

/* Without an economy: any of its keys below the top level (in regions, households) given is refused. */
static aiecon_status refuse_economy_key(checker *c, const param *p, const cyaml_schema_field_t *f,
                                        uint8_t *data, int *descend)
{
    (void)f, (void)data;
    if (!economy_row(p)) return AIECON_OK;
    *descend = 0;
    char sections[256];
    int line = c->path.n > 1 ? given(c) : SCENARIO_LINE_NONE;   /* the sections: check_economy */
    if (line == SCENARIO_LINE_NONE) return AIECON_OK;
    return cfail_at(c, line, "given without an AI economy (expected no such key, or all of %s)",
                    economy_sections(0, sections, sizeof sections));
}

/* With an economy: its required keys below the top level (the households') must be given. */
static aiecon_status require_economy_key(checker *c, const param *p, const cyaml_schema_field_t *f,
                                         uint8_t *data, int *descend)
{
    (void)f, (void)data;
    if (!economy_row(p)) return AIECON_OK;
    *descend = 0;
    if (c->path.n == 1 || p->presence != PARAM_ECONOMY || given(c) != SCENARIO_LINE_NONE) return AIECON_OK;
    char words[512], idx[SCENARIO_PATH_MAX];
    c->path.n--;   /* the line of the mapping that lacks it */
    int line = scenario_linemap_get(c->map, scenario_path_format(&c->path, SCENARIO_PATH_INDEX, idx, sizeof idx));
    c->path.n++;
    return cfail_at(c, line, "missing (a required key with the AI economy: %s)",
                    params_expected(p, 0, words, sizeof words));
}

static aiecon_status check_economy(checker *c, scenario *s)
{
    const param_group *top = &scenario_params;
    unsigned present = 0, sections = 0;
    const char *missing = NULL;
    for (unsigned i = 0; i < top->count; i++) {
        if (top->rows[i].presence != PARAM_ECONOMY) continue;
        sections++;
        cset(c, top->rows[i].key, -1, NULL, NULL);
        if (given(c) != SCENARIO_LINE_NONE) present++;
        else if (missing == NULL) missing = top->rows[i].key;
    }
    s->has_economy = present == sections;
    c->path.n = 0;
    if (present == 0) return walk_scenario(c, refuse_economy_key);
    if (s->has_economy) return walk_scenario(c, require_economy_key);
    char words[256];
    cset(c, missing, -1, NULL, NULL);
    return cfail_at(c, SCENARIO_LINE_NONE, "missing (a required section: the AI economy needs %s together)",
                    economy_sections(1, words, sizeof words));
}

/* The value of a key path of mappings ("households.initial_adopted") in s, as a number. */
static aiecon_status value_of(checker *c, const char *path, scenario_number *out)
{
    const param_group *g = &scenario_params;
    const cyaml_schema_field_t *fields = scenario_schema.mapping.fields;
    const uint8_t *data = (const uint8_t *)c->s;
    for (const char *at = path;;) {
        size_t n = strcspn(at, ".");
        int i = scenario_field_index(fields, at, n);
        if (i < 0 || same_shape(c, g, fields) != AIECON_OK) break;
        data += fields[i].data_offset;
        if (at[n] == '\0' && fields[i].value.type != CYAML_MAPPING && fields[i].value.type != CYAML_SEQUENCE) {
            *out = scenario_number_load(data, &fields[i].value);
            if (fields[i].value.type != CYAML_FLOAT) out->f = (double)out->u;
            return AIECON_OK;
        }
        if (at[n] == '\0' || g->rows[i].type != PARAM_MAP) break;
        g = g->rows[i].group;
        fields = fields[i].value.mapping.fields;
        at += n + 1;
    }
    return aiecon_fail(c->err, AIECON_ERR_RUNTIME, "scenario: a default names '%s', not a number", path);
}

/* The default of a key given neither in the file nor by --set (nor by a variant): DEFAULT and
 * ECONOMY_DEFAULT values, DEFAULT_FROM another key's value. Optional mappings not given (an absent
 * grid, an absent economy section) stay all zero. */
static aiecon_status fill_default(checker *c, const param *p, const cyaml_schema_field_t *f, uint8_t *data,
                                  int *descend)
{
    int line = given(c);
    if (p->type == PARAM_MAP) *descend = line != SCENARIO_LINE_NONE || p->presence == PARAM_REQUIRED;
    const cyaml_schema_value_t *sv = &f->value;
    int number = sv->type == CYAML_FLOAT || sv->type == CYAML_UINT || sv->type == CYAML_BOOL;
    if (line != SCENARIO_LINE_NONE || !number) return AIECON_OK;
    scenario_number v = {.u = 0};
    if (p->presence == PARAM_DEFAULT || p->presence == PARAM_ECONOMY_DEFAULT) {
        if (sv->type == CYAML_FLOAT) v.f = p->default_value;
        else v.u = (uint64_t)p->default_value;
    } else if (p->presence == PARAM_DEFAULT_FROM) {
        aiecon_status st = value_of(c, p->default_text, &v);
        if (st != AIECON_OK) return st;
        if (sv->type != CYAML_FLOAT) v.u = (uint64_t)v.f;
    } else {
        return AIECON_OK;
    }
    scenario_number_store(data + f->data_offset, sv, v);
    return AIECON_OK;
}

/* ---------------------------------------------------------------- (3) every leaf, unique names */

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

static aiecon_status check_month(checker *c, const char *month, const char *expected)
{
    if (scenario_month_number(month) < 0) return cfail(c, "'%s' is not a month (expected %s)", month, expected);
    return AIECON_OK;
}

/* One leaf against its row's rule: numbers and booleans in [min, max]; strings with a syntax. */
static aiecon_status check_leaf(checker *c, const cyaml_schema_value_t *sv, const uint8_t *data)
{
    char gen[SCENARIO_PATH_MAX], shown[40];
    const param *r = scenario_rule_find(scenario_path_format(&c->path, SCENARIO_PATH_GENERIC, gen, sizeof gen));
    if (r == NULL) {   /* cannot happen: every field is made from a row, and every row has a rule */
        return aiecon_fail(c->err, AIECON_ERR_RUNTIME, "scenario: %s: no rule for this key", gen);
    }
    if (sv->type == CYAML_STRING) {
        const char *str;
        memcpy(&str, data, sizeof str);
        if (str == NULL) str = "";
        if (r->rule == PARAM_RULE_MONTH) return check_month(c, str, r->expected);
        if (r->rule == PARAM_RULE_NAME) return check_name(c, str, r->expected);
        if (r->rule == PARAM_RULE_TEXT && strlen(str) > r->max) {
            return cfail(c, "%zu bytes long (expected %s)", strlen(str), r->expected);
        }
        return AIECON_OK;   /* PARAM_RULE_REF: needs the other lists, so check_across checks it */
    }
    scenario_number v = scenario_number_load(data, sv);
    double x = sv->type == CYAML_FLOAT ? v.f : (double)v.u;
    if (x >= r->min && x <= r->max) return AIECON_OK;
    if (sv->type == CYAML_FLOAT) scenario_format_double(v.f, shown, sizeof shown);
    else snprintf(shown, sizeof shown, "%llu", (unsigned long long)v.u);
    return cfail(c, "%s is out of range (expected %s)", shown, r->expected);
}

/* Item i of the list at the current path has the name of an earlier one? */
static aiecon_status check_unique(checker *c, const uint8_t *items, unsigned i,
                                  const cyaml_schema_value_t *e)
{
    const char *name = scenario_item_name(items + i * e->data_size, e);
    for (unsigned j = 0; name != NULL && j < i; j++) {
        const char *other = scenario_item_name(items + j * e->data_size, e);
        if (other == NULL || strcmp(other, name) != 0) continue;
        char list[SCENARIO_PATH_MAX], first[SCENARIO_PATH_MAX + 32], noun[SCENARIO_PATH_MAX + 16];
        scenario_path_format(&c->path, SCENARIO_PATH_INDEX, list, sizeof list);
        snprintf(first, sizeof first, "%s[%u].name", list, j);
        scenario_path_format(&c->path, SCENARIO_PATH_DISPLAY, list, sizeof list);
        snprintf(noun, sizeof noun, "%s%s", c->path.n == 1 ? "" : "entries of ", list);
        int line = scenario_linemap_get(c->map, first);
        char where[SCENARIO_PATH_MAX + 32] = "", at[SCENARIO_PATH_MAX + 16];
        if (line > 0 && line < SCENARIO_LINE_FILE) snprintf(where, sizeof where, "the first at line %d; ", line);
        if (line >= SCENARIO_LINE_FILE) {
            snprintf(where, sizeof where, "the first set at %s; ",
                     scenario_linemap_where(c->map, line, c->file, at, sizeof at));
        }
        if (line == SCENARIO_LINE_SET) snprintf(where, sizeof where, "the first set by --set; ");
        cpush(c, NULL, (long)i, name);
        cpush(c, "name", 0, NULL);
        return cfail(c, "'%s' names two %s (%sexpected unique names)", name, noun, where);
    }
    return AIECON_OK;
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
            if (f->value.type == CYAML_MAPPING && (f->value.flags & CYAML_FLAG_OPTIONAL) &&
                given(c) == SCENARIO_LINE_NONE) {   /* absent section: zeros, never used */
                c->path.n--;
                continue;
            }
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
            if (st == AIECON_OK) st = check_unique(c, items, i, e);
            if (st != AIECON_OK) return st;
        }
        return AIECON_OK;
    }
    return check_leaf(c, sv, data);
}

/* ---------------------------------------------------------------- (4) across values */

/* The shares at `offset` in count items of `stride` bytes add up to 1 within 1e-6. */
static aiecon_status check_shares(checker *c, const void *items, unsigned count, size_t stride,
                                  size_t offset, const char *what)
{
    double sum = 0.0;
    for (unsigned i = 0; i < count; i++) {
        double x;
        memcpy(&x, (const uint8_t *)items + i * stride + offset, sizeof x);
        sum += x;
    }
    if (count == 0 || fabs(sum - 1.0) <= 1e-6) return AIECON_OK;
    return cfail(c, "the %s add up to %.9g (expected a sum of 1, within 1e-6)", what, sum);
}

/* The value at the current path, a REF row's, names an entry of the top-level list the row names
 * (its index in *index), or a message naming the entries there are. */
static aiecon_status check_ref(checker *c, const char *name, long *index)
{
    char gen[SCENARIO_PATH_MAX], list[512], noun[64];
    const param *p = scenario_rule_find(scenario_path_format(&c->path, SCENARIO_PATH_GENERIC, gen, sizeof gen));
    const cyaml_schema_field_t *top = scenario_schema.mapping.fields;
    int i = p != NULL && p->rule == PARAM_RULE_REF ? scenario_field_index(top, p->list, strlen(p->list)) : -1;
    if (i < 0 || top[i].value.type != CYAML_SEQUENCE) {
        return aiecon_fail(c->err, AIECON_ERR_RUNTIME, "scenario: %s: not a reference to a list", gen);
    }
    const cyaml_schema_value_t *e = top[i].value.sequence.entry;
    const uint8_t *items;
    memcpy(&items, (const uint8_t *)c->s + top[i].data_offset, sizeof items);
    unsigned count = scenario_read_count((const uint8_t *)c->s + top[i].count_offset, top[i].count_size);
    for (unsigned k = 0; k < count; k++) {
        const char *other = scenario_item_name(items + k * e->data_size, e);
        if (other != NULL && name != NULL && strcmp(other, name) == 0) { *index = (long)k; return AIECON_OK; }
    }
    snprintf(noun, sizeof noun, "%.*s", (int)strlen(p->list) - (p->list[strlen(p->list) - 1] == 's'), p->list);
    return cfail(c, "'%s' is not a %s (expected one of: %s)", name ? name : "", noun,
                 scenario_names_list(items, count, e, list, sizeof list));
}

/* Every REF value, wherever its row is. check_clouds and check_contracts meet the two there are
 * first, in the order their messages have always come; this pass, last, checks any other. */
static aiecon_status check_ref_row(checker *c, const param *p, const cyaml_schema_field_t *f, uint8_t *data,
                                   int *descend)
{
    if (p->type == PARAM_MAP) *descend = p->presence == PARAM_REQUIRED || given(c) != SCENARIO_LINE_NONE;
    if (p->rule != PARAM_RULE_REF) return AIECON_OK;
    const char *name;
    long index;
    memcpy(&name, data + f->data_offset, sizeof name);
    return check_ref(c, name, &index);
}

static aiecon_status check_region(checker *c, unsigned i)
{
    const scenario_region *r = &c->s->regions[i];
    if (r->households < r->household_agents) {
        cset(c, "regions", (long)i, r->name, "households");
        return cfail(c, "%llu households for %llu agents (expected at least one household per "
                     "agent: households >= household_agents)", (unsigned long long)r->households,
                     (unsigned long long)r->household_agents);
    }
    if (r->businesses < r->business_agents) {
        cset(c, "regions", (long)i, r->name, "businesses");
        return cfail(c, "%llu businesses for %llu agents (expected at least one firm per agent: "
                     "businesses >= business_agents)", (unsigned long long)r->businesses,
                     (unsigned long long)r->business_agents);
    }
    if ((r->business_agents == 0) != (r->businesses == 0)) {
        cset(c, "regions", (long)i, r->name, "business_agents");
        return cfail(c, "%llu agents for %llu businesses (expected business_agents > 0 if and only "
                     "if businesses > 0)", (unsigned long long)r->business_agents,
                     (unsigned long long)r->businesses);
    }
    return AIECON_OK;
}

/* An even degree >= 2 below the population (the ring lattice needs it). */
static aiecon_status check_degree(checker *c, const char *population, unsigned degree,
                                  uint64_t total, const char *agents)
{
    cset(c, population, -1, NULL, "network");
    cpush(c, "degree", 0, NULL);
    char gen[64];
    snprintf(gen, sizeof gen, "%s.network.degree", population);
    if (degree % 2 != 0) return cfail(c, "%u is odd (expected %s)", degree, scenario_rule_find(gen)->expected);
    if (degree >= total) {
        return cfail(c, "%u is not below the total %s agents, %llu (expected a smaller even "
                     "degree or more agents)", degree, agents, (unsigned long long)total);
    }
    return AIECON_OK;
}

static aiecon_status check_contracts(checker *c, unsigned l)
{
    const scenario *s = c->s;
    const scenario_lab *lab = &s->labs[l];
    for (unsigned k = 0; k < lab->contract_count; k++) {
        const scenario_contract *ct = &lab->contracts[k];
        cset(c, "labs", (long)l, lab->name, "contracts");
        cpush(c, NULL, (long)k, NULL);
        cpush(c, "cloud", 0, NULL);
        long cloud;
        aiecon_status st = check_ref(c, ct->cloud, &cloud);
        if (st != AIECON_OK) return st;
        c->path.seg[c->path.n - 1].key = "signed";
        if (strcmp(ct->signed_at, ct->start) > 0) {   /* both valid YYYY-MM: text order is time order */
            return cfail(c, "'%s' is after start '%s' (expected a contract signed no later than "
                         "its first month)", ct->signed_at, ct->start);
        }
    }
    return AIECON_OK;
}

/* A lab's markets: each a region, each region at most once. */
static aiecon_status check_markets(checker *c, unsigned l)
{
    const scenario_lab *lab = &c->s->labs[l];
    long seen[SCENARIO_MAX_REGIONS];
    for (unsigned k = 0; k < lab->market_count; k++) {
        cset(c, "labs", (long)l, lab->name, "markets");
        cpush(c, NULL, (long)k, NULL);
        cpush(c, "region", 0, NULL);
        aiecon_status st = check_ref(c, lab->markets[k].region, &seen[k]);
        if (st != AIECON_OK) return st;
        for (unsigned j = 0; j < k; j++) {
            if (seen[j] == seen[k]) {
                return cfail(c, "'%s' is listed twice (expected each region at most once)", lab->markets[k].region);
            }
        }
    }
    return AIECON_OK;
}

static aiecon_status check_clouds(checker *c)
{
    const scenario *s = c->s;
    for (unsigned k = 0; k < s->cloud_count; k++) {
        const scenario_cloud *cl = &s->clouds[k];
        long r;
        cset(c, "clouds", (long)k, cl->name, "region");
        aiecon_status st = check_ref(c, cl->region, &r);
        if (st != AIECON_OK) return st;
        if (s->regions[r].grid.dc_power_mw <= 0) {
            cset(c, "regions", r, s->regions[r].name, "grid");
            cpush(c, "dc_power_mw", 0, NULL);
            return cfail(c, "0 MW in a region hosting cloud '%s' (expected the power available to "
                         "data centres, > 0 where a cloud is)", cl->name);
        }
    }
    return AIECON_OK;
}

static aiecon_status check_economy_across(checker *c)
{
    const scenario *s = c->s;
    aiecon_status st = AIECON_OK;
    cset(c, "households", -1, NULL, "income");
    st = check_shares(c, s->households.income, s->households.income_count, sizeof(scenario_income),
                      offsetof(scenario_income, share), "shares of the income classes");
    cset(c, "businesses", -1, NULL, "sizes");
    if (st == AIECON_OK) {
        st = check_shares(c, s->businesses.sizes, s->businesses.size_count, sizeof(scenario_size),
                          offsetof(scenario_size, share), "shares of the size classes");
    }
    cset(c, "businesses", -1, NULL, "sectors");
    if (st == AIECON_OK) {
        st = check_shares(c, s->businesses.sectors, s->businesses.sector_count,
                          sizeof(scenario_sector), offsetof(scenario_sector, share), "shares of the sectors");
    }
    cset(c, "chipmakers", -1, NULL, NULL);
    if (st == AIECON_OK) {
        st = check_shares(c, s->chipmakers, s->chipmaker_count, sizeof(scenario_chipmaker),
                          offsetof(scenario_chipmaker, market_share), "market shares of the chipmakers");
    }
    if (st == AIECON_OK) st = check_clouds(c);
    for (unsigned l = 0; st == AIECON_OK && l < s->lab_count; l++) st = check_contracts(c, l);
    for (unsigned l = 0; st == AIECON_OK && l < s->lab_count; l++) st = check_markets(c, l);
    uint64_t firms = scenario_business_agents(s);
    if (st == AIECON_OK && firms > 0) {
        st = check_degree(c, "businesses", s->businesses.network.degree, firms, "business");
    }
    return st;
}

/* Rules that involve more than one value. */
static aiecon_status check_across(checker *c)
{
    const scenario *s = c->s;
    aiecon_status st = AIECON_OK;
    for (unsigned i = 0; st == AIECON_OK && i < s->region_count; i++) st = check_region(c, i);
    if (st == AIECON_OK) {
        st = check_degree(c, "households", s->households.network.degree,
                          scenario_household_agents(s), "household");
    }
    if (st == AIECON_OK && s->has_economy) st = check_economy_across(c);
    if (st == AIECON_OK) st = walk_scenario(c, check_ref_row);
    c->path.n = 0;
    return st;
}

aiecon_status scenario_check(scenario *s, const char *file, const scenario_linemap *map,
                             aiecon_error *err)
{
    checker c = {.s = s, .file = file, .map = map, .err = err};
    aiecon_status st = check_economy(&c, s);
    if (st == AIECON_OK) st = walk_scenario(&c, fill_default);
    c.path.n = 0;
    if (st != AIECON_OK) return st;
    const scenario *top = s;
    st = check_value(&c, &scenario_schema, (const uint8_t *)&top, 0);
    return st != AIECON_OK ? st : check_across(&c);
}
