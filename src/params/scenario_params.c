/* scenario_params.c — the scenario's parameter rows as data: look-up by key path, the words of
 * messages, and the listing of `aiecon params` and docs/PARAMETERS.md.
 *
 * The rows of aiecon/params/scenario_params.h are expanded here a second time (the first makes
 * the structs) into constant descriptor tables, one per mapping, linked by their MAP and LIST
 * rows: the loader looks a value's rule up here by its generic key path, and the listing walks the
 * tree depth-first, in file order. Nothing here knows MPI or libcyaml.
 * Cost: constant tables; a look-up is a few string comparisons per path segment. No mutable state. */
#include "aiecon/params/scenario_params.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* ---------------------------------------------------------------- rows → descriptors */

#define PRESENCE(p) PRESENCE_##p
#define PRESENCE_REQUIRED .presence = PARAM_REQUIRED
#define PRESENCE_DEFAULT(v) .presence = PARAM_DEFAULT, .default_value = (v), .default_text = #v
#define PRESENCE_DEFAULT_FROM(path) .presence = PARAM_DEFAULT_FROM, .default_text = path
#define PRESENCE_DEFAULT_TEXT(text) .presence = PARAM_DEFAULT_TEXT, .default_text = text
#define PRESENCE_ECONOMY .presence = PARAM_ECONOMY
#define PRESENCE_ECONOMY_DEFAULT(v) .presence = PARAM_ECONOMY_DEFAULT, .default_value = (v), .default_text = #v

#define ROW(kind, ...) ROW_##kind(__VA_ARGS__)
#define ROW_NUMBER(type_, field_, key_, unit_, lo, hi, words, p, what) \
    {.key = key_, .field = #field_, .type = type_, .unit = unit_, .rule = PARAM_RULE_RANGE, .min = (lo), \
     .max = (hi), .expected = words, PRESENCE(p), .meaning = what},
#define ROW_REAL(...) ROW_NUMBER(PARAM_REAL, __VA_ARGS__)
#define ROW_U32(...) ROW_NUMBER(PARAM_U32, __VA_ARGS__)
#define ROW_U64(...) ROW_NUMBER(PARAM_U64, __VA_ARGS__)
#define ROW_BOOL(field_, key_, p, what) \
    {.key = key_, .field = #field_, .type = PARAM_BOOL, .unit = "true/false", .rule = PARAM_RULE_BOOL, \
     .min = 0, .max = 1, .expected = "true or false", PRESENCE(p), .meaning = what},
#define ROW_NAME(field_, key_, p, what) \
    {.key = key_, .field = #field_, .type = PARAM_NAME, .unit = "name", .rule = PARAM_RULE_NAME, \
     .max = SCENARIO_NAME_MAX - 1, .expected = "a unique name of 1 to 31 characters from a-z, 0-9, _", \
     PRESENCE(p), .meaning = what},
#define ROW_MONTH(field_, key_, what_month, p, what) \
    {.key = key_, .field = #field_, .type = PARAM_MONTH, .unit = "YYYY-MM", .rule = PARAM_RULE_MONTH, \
     .expected = what_month " as YYYY-MM, month 01 to 12", PRESENCE(p), .meaning = what},
#define ROW_TEXT(field_, key_, bytes, words, p, what) \
    {.key = key_, .field = #field_, .type = PARAM_TEXT, .unit = "text", .rule = PARAM_RULE_TEXT, \
     .max = (bytes), .expected = words, PRESENCE(p), .meaning = what},
#define ROW_REF(field_, key_, list_, words, p, what) \
    {.key = key_, .field = #field_, .type = PARAM_REF, .unit = "name", .rule = PARAM_RULE_REF, \
     .expected = words, .list = list_, PRESENCE(p), .meaning = what},
#define ROW_MAP(field_, key_, type_, group_, p, what) \
    {.key = key_, .field = #field_, .type = PARAM_MAP, .unit = "mapping", .rule = PARAM_RULE_MAP, \
     .group = &group_##_group, .ctype = #type_, PRESENCE(p), .meaning = what},
#define ROW_LIST(field_, key_, group_, count_, lo, hi, noun, note_, p, what) \
    {.key = key_, .field = #field_, .type = PARAM_LIST, .unit = "list", .rule = PARAM_RULE_LIST, \
     .min = (lo), .max = (hi), .group = &group_##_group, .ctype = #group_, .list = noun, .note = note_, PRESENCE(p), \
     .meaning = what},

/* One group: its rows and its descriptor, in an order where every group follows those it uses. */
#define GROUP(g) \
    static const param g##_rows[] = {SCENARIO_PARAMS_##g(ROW)}; \
    static const param_group g##_group = {#g, g##_rows, COUNT(g##_rows)};

GROUP(grid)
GROUP(region)
GROUP(household_network)
GROUP(business_network)
GROUP(choice)
GROUP(income)
GROUP(households)
GROUP(size)
GROUP(sector)
GROUP(businesses)
GROUP(contract)
GROUP(market)
GROUP(lab)
GROUP(cloud)
GROUP(chipmaker)
GROUP(investors)
GROUP(macro)
GROUP(equity_deal)
GROUP(warrant_deal)
GROUP(credit_deal)
GROUP(deals)
GROUP(run)
static const param top_rows[] = {SCENARIO_PARAMS_top(ROW)};
const param_group scenario_params = {"scenario", top_rows, COUNT(top_rows)};

/* ---------------------------------------------------------------- look-up and words */

const param *params_find(const param_group *top, const char *path, int *entry)
{
    const param_group *g = top;
    const param *row = NULL;
    *entry = 0;
    for (const char *at = path; *at != '\0';) {
        size_t n = strcspn(at, ".");
        if (g == NULL) return NULL;   /* a key below a single value */
        if (n == 1 && at[0] == '*') {
            if (row == NULL || row->type != PARAM_LIST || *entry) return NULL;
            *entry = 1;
        } else {
            if (row != NULL && row->type == PARAM_LIST && !*entry) return NULL;
            const param *found = NULL;
            for (unsigned i = 0; i < g->count && found == NULL; i++) {
                if (strlen(g->rows[i].key) == n && memcmp(g->rows[i].key, at, n) == 0) found = &g->rows[i];
            }
            if (found == NULL) return NULL;
            row = found;
            *entry = 0;
        }
        g = row->group;
        at += n + (at[n] == '.');
    }
    return row;   /* NULL for the empty path: the top level has no row */
}

/* Appends "a, b, c" (the keys of g's rows whose presence passes `want`) to buf at *used. */
static size_t keys_where(const param_group *g, int (*want)(const param *), char *buf, size_t size, size_t used)
{
    size_t listed = 0;
    for (unsigned i = 0; i < g->count && used < size; i++) {
        if (!want(&g->rows[i])) continue;
        int n = snprintf(buf + used, size - used, "%s%s", listed ? ", " : "", g->rows[i].key);
        if (n < 0) break;
        used += (size_t)n;
        listed++;
    }
    return used < size ? used : size - 1;
}
static int is_required(const param *p) { return p->presence == PARAM_REQUIRED; }
static int is_optional(const param *p)
{
    return p->presence == PARAM_DEFAULT || p->presence == PARAM_DEFAULT_FROM || p->presence == PARAM_DEFAULT_TEXT;
}
static int is_economy(const param *p)
{
    return p->presence == PARAM_ECONOMY || p->presence == PARAM_ECONOMY_DEFAULT;
}
static unsigned count_where(const param_group *g, int (*want)(const param *))
{
    unsigned n = 0;
    for (unsigned i = 0; i < g->count; i++) n += want(&g->rows[i]) != 0;
    return n;
}

/* Appends text to buf at *used (truncating). */
static size_t append(char *buf, size_t size, size_t used, const char *text)
{
    if (used >= size) return size - 1;
    snprintf(buf + used, size - used, "%s", text);
    used += strlen(buf + used);
    return used;
}

const char *params_mapping_words(const param_group *g, char *buf, size_t size)
{
    size_t used = append(buf, size, 0, "a mapping with keys ");
    used = keys_where(g, is_required, buf, size, used);
    if (count_where(g, is_optional) > 0) {
        used = append(buf, size, used, " (and optionally ");
        used = keys_where(g, is_optional, buf, size, used);
        used = append(buf, size, used, ")");
    }
    if (count_where(g, is_economy) > 0) {
        used = append(buf, size, used, " (and, for the AI economy, ");
        used = keys_where(g, is_economy, buf, size, used);
        append(buf, size, used, ")");
    }
    return buf;
}

/* Lists name their entries' keys when there are few (at most this many required keys). */
enum { SHORT_ENTRY = 6 };

const char *params_expected(const param *p, int entry, char *buf, size_t size)
{
    if (entry || p->type == PARAM_MAP) return params_mapping_words(p->group, buf, size);
    if (p->type != PARAM_LIST) return p->expected;
    snprintf(buf, size, "a list of %.0f to %.0f %s", p->min, p->max, p->list);
    size_t used = strlen(buf);
    if (count_where(p->group, is_required) <= SHORT_ENTRY) {
        used = append(buf, size, used, ", each with ");
        used = keys_where(p->group, is_required, buf, size, used);
    }
    append(buf, size, used, p->note);
    return buf;
}

/* ---------------------------------------------------------------- the listing */

/* A number as a person writes it: the shortest form that reads back exactly, 1e+07 as 1e7. */
static const char *number(double x, char *buf, size_t size)
{
    if (x == (double)(long long)x && x > -1e6 && x < 1e6) {
        snprintf(buf, size, "%.0f", x);
        return buf;
    }
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(buf, size, "%.*g", precision, x);
        if (strtod(buf, NULL) == x) break;
    }
    char *e = strchr(buf, 'e');
    if (e != NULL) {   /* e+07 → e7, e-05 → e-5 */
        char *digits = e + 1 + (e[1] == '+' || e[1] == '-'), *from = digits;
        while (*from == '0' && from[1] != '\0') from++;
        if (e[1] == '+') digits = e + 1;
        memmove(digits, from, strlen(from) + 1);
    }
    return buf;
}

static const char *type_name(const param *p)
{
    static const char *const names[] = {"real", "whole", "whole", "boolean", "name", "month", "text",
                                        "name", "mapping", "list"};
    return names[p->type];
}

/* The allowed values, briefly: "[0, 1]", "(0, 100]", "YYYY-MM", "1 to 16 entries", ... */
static const char *allowed(const param *p, char *buf, size_t size)
{
    char lo[32], hi[32];
    switch (p->rule) {
    case PARAM_RULE_RANGE:
        if (p->min > 0 && p->min < 1e-300) snprintf(buf, size, "(0, %s]", number(p->max, hi, sizeof hi));
        else snprintf(buf, size, "[%s, %s]", number(p->min, lo, sizeof lo), number(p->max, hi, sizeof hi));
        break;
    case PARAM_RULE_NAME: snprintf(buf, size, "a-z 0-9 _, 1 to %.0f bytes, unique", p->max); break;
    case PARAM_RULE_MONTH: snprintf(buf, size, "YYYY-MM"); break;
    case PARAM_RULE_TEXT: snprintf(buf, size, "at most %.0f bytes", p->max); break;
    case PARAM_RULE_BOOL: snprintf(buf, size, "true or false"); break;
    case PARAM_RULE_REF: snprintf(buf, size, "a name in %s", p->list); break;
    case PARAM_RULE_MAP: snprintf(buf, size, "the keys below"); break;
    case PARAM_RULE_LIST: snprintf(buf, size, "%.0f to %.0f entries", p->min, p->max); break;
    }
    return buf;
}

static const char *default_words(const param *p, char *buf, size_t size)
{
    const char *v = p->default_text;
    if (p->type == PARAM_BOOL && v != NULL) v = p->default_value != 0 ? "true" : "false";
    if ((p->type == PARAM_MAP || p->type == PARAM_LIST) && v != NULL) v = p->type == PARAM_MAP ? "absent" : "none";
    switch (p->presence) {
    case PARAM_REQUIRED: snprintf(buf, size, "required"); break;
    case PARAM_DEFAULT: snprintf(buf, size, "%s", v); break;
    case PARAM_DEFAULT_FROM: snprintf(buf, size, "= %s", v); break;
    case PARAM_DEFAULT_TEXT: snprintf(buf, size, "\"%s\"", v); break;
    case PARAM_ECONOMY: snprintf(buf, size, "required (AI economy)"); break;
    case PARAM_ECONOMY_DEFAULT: snprintf(buf, size, "%s (AI economy)", v); break;
    }
    return buf;
}

typedef struct printer { FILE *out; int markdown; int failed; } printer;

static void row_line(printer *pr, const char *path, const char *ctype, const param *p)
{
    char rule[96], dflt[96], words[512];
    allowed(p, rule, sizeof rule);
    default_words(p, dflt, sizeof dflt);
    int n;
    if (pr->markdown) {
        const char *expected = p->type == PARAM_MAP || p->type == PARAM_LIST
                                   ? params_expected(p, 0, words, sizeof words) : p->expected;
        n = fprintf(pr->out, "| `%s` | %s | %s | %s | %s | %s | `scenario%s%s.%s` |\n", path, type_name(p),
                    p->unit, expected, dflt, p->meaning, ctype ? "_" : "", ctype ? ctype : "", p->field);
    } else {
        n = fprintf(pr->out, "%-46s %-7s %-26s %-34s %-24s %s\n", path, type_name(p), p->unit, rule, dflt,
                    p->meaning);
    }
    if (n < 0) pr->failed = 1;
}

/* The rows of g (whose values are a struct scenario_<ctype>, or scenario when ctype is NULL) at
 * key path `path`, then the rows under each, depth-first. */
static void print_group(printer *pr, const param_group *g, const char *ctype, char *path, size_t size)
{
    size_t n = strlen(path);
    for (unsigned i = 0; i < g->count; i++) {
        const param *p = &g->rows[i];
        snprintf(path + n, size - n, "%s%s", n ? "." : "", p->key);
        if (pr->markdown && n == 0) {
            if (fprintf(pr->out, "\n## %s\n\n%c%s.\n\n| Key path | Type | Unit | Allowed (as messages say) "
                        "| Default | Meaning | C field |\n|---|---|---|---|---|---|---|\n",
                        p->key, toupper((unsigned char)p->meaning[0]), p->meaning + 1) < 0) pr->failed = 1;
        }
        row_line(pr, path, ctype, p);
        if (p->group != NULL) {
            size_t m = strlen(path);
            if (p->type == PARAM_LIST) snprintf(path + m, size - m, ".*");
            print_group(pr, p->group, p->ctype, path, size);
        }
        path[n] = '\0';
    }
}

static const char *const markdown_head =
    "# Scenario parameters\n"
    "\n"
    "Every key a scenario file may hold, generated from the one table that declares them\n"
    "(`include/aiecon/params/scenario_params.h`) by `aiecon params --markdown`; the test\n"
    "`check_parameters_doc` fails when this file is stale. Regenerate it with\n"
    "\n"
    "    build/aiecon params --markdown > docs/PARAMETERS.md\n"
    "\n"
    "A key path names list entries with `*`; on the command line (`--set`) and in a variant's\n"
    "`set:` an entry is named by its `name` or by its index, e.g. `labs.frontier_a.contracts[0].mw`.\n"
    "Unit `1` is a pure number; `1/month` and `1/year` are rates; a share or probability is in\n"
    "[0, 1]. *Allowed* is what an error message says was expected. *Default* is `required`, the\n"
    "value a key takes when it is not given, or *(AI economy)*: the keys of the AI economy\n"
    "(businesses, labs, clouds, chipmakers, investors, and the households' and regions' keys\n"
    "marked so) are given all together or not at all; without them the scenario is a diffusion\n"
    "scenario. *C field* is the struct member a model reads (`scenario_<group>.<field>`).\n";

int params_print(FILE *out, const param_group *top, int markdown)
{
    printer pr = {.out = out, .markdown = markdown};
    char path[256] = "";
    if (markdown) {
        if (fputs(markdown_head, out) < 0) pr.failed = 1;
    } else if (fprintf(out, "%-46s %-7s %-26s %-34s %-24s %s\n", "KEY PATH", "TYPE", "UNIT", "ALLOWED",
                       "DEFAULT", "MEANING") < 0) {
        pr.failed = 1;
    }
    print_group(&pr, top, NULL, path, sizeof path);
    return pr.failed || fflush(out) != 0 ? -1 : 0;
}
