/* scenario_inert.c — overrides that cannot act: a `--set` or a variant's `set:` value that touches
 * something with no effect in this scenario (raising the electricity price of a region where no
 * cloud draws power) is named in a warning, with the reason, instead of passing without a word.
 *
 * What it does: after the scenario is loaded and checked, every key path that an override set
 * (the line map's entries from --set or from a variant file) is turned into its generic form
 * ("regions.*.grid.price_usd_per_mwh") and looked up in one table of rules, one row per rule:
 * a glob over generic paths (fnmatch) and a test on the final scenario that says why the value
 * cannot act, or nothing when it can. The warnings are kept in the scenario (scenario_notes) for
 * the command line to print on rank 0; they never change the run or its exit status.
 *
 * Why a table: a new rule is one row and one small test, read in one place, as Redis keeps its
 * configuration directives in one table in config.c; no rule is hidden in an `if` elsewhere.
 * Each rule follows from the model's code and says so in its row's comment; a rule must be sure
 * (no warning for a value that acts), so only cases where the value is never read, or multiplies
 * or grows a zero, are listed. What it costs: a glob per rule per override, once per load. */
#include "scenario_internal.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Why the value at list entry `item` (the path's first list index, 0 if none) cannot act in s:
 * writes the reason into why and returns 1; returns 0 when it can act. */
typedef int (*inert_test)(const scenario *s, unsigned item, char *why, size_t size);

typedef struct inert_rule {
    const char *paths;  /* fnmatch glob over generic key paths */
    inert_test test;
} inert_rule;

/* A region's grid is read only by the clouds in that region (players/grid.c, clouds.c). */
static int no_cloud_in_region(const scenario *s, unsigned r, char *why, size_t size)
{
    for (unsigned k = 0; k < s->cloud_count; k++) {
        if (strcmp(s->clouds[k].region, s->regions[r].name) == 0) return 0;
    }
    snprintf(why, size, "no cloud is in region %s (no clouds.*.region is %s), so no one draws power from its grid; "
             "only its own grid outputs (electricity_price, dc_power, grid_dc_power_available) change",
             s->regions[r].name, s->regions[r].name);
    return 1;
}

/* export_blocked acts only on export_controlled chipmakers (players/chips.c). */
static int no_controlled_chipmaker(const scenario *s, unsigned r, char *why, size_t size)
{
    (void)r;
    for (unsigned m = 0; m < s->chipmaker_count; m++) {
        if (s->chipmakers[m].export_controlled) return 0;
    }
    snprintf(why, size, "no chipmaker is export_controlled, so there is nothing to block");
    return 1;
}

/* ... and export_controlled only on regions that are export_blocked. */
static int no_blocked_region(const scenario *s, unsigned m, char *why, size_t size)
{
    (void)m;
    for (unsigned r = 0; r < s->region_count; r++) {
        if (s->regions[r].export_blocked) return 0;
    }
    snprintf(why, size, "no region is export_blocked, so the control applies nowhere");
    return 1;
}

/* The business population's parameters act only on business agents. */
static int no_firms(const scenario *s, unsigned item, char *why, size_t size)
{
    (void)item;
    for (unsigned r = 0; r < s->region_count; r++) {
        if (s->regions[r].business_agents > 0) return 0;
    }
    snprintf(why, size, "no region has firms (regions.*.business_agents are all 0)");
    return 1;
}

/* A half-life halves the growth of tokens per user (players/labs.c usage_growth): of 0, nothing. */
static int no_household_growth(const scenario *s, unsigned item, char *why, size_t size)
{
    (void)item;
    if (s->households.token_growth != 0.0) return 0;
    snprintf(why, size, "households.token_growth is 0: there is no growth to halve");
    return 1;
}

static int no_business_growth(const scenario *s, unsigned item, char *why, size_t size)
{
    (void)item;
    if (s->businesses.token_growth != 0.0) return 0;
    snprintf(why, size, "businesses.token_growth is 0: there is no growth to halve");
    return 1;
}

/* The open-weight models' quality, brand and serving rate are read only when they are offered
 * (players/demand.c demand_open_offered: open_weight_lag_months > 0). */
static int no_open_weights(const scenario *s, unsigned item, char *why, size_t size)
{
    (void)item;
    if (s->businesses.open_weight_lag_months > 0.0) return 0;
    snprintf(why, size, "businesses.open_weight_lag_months is 0: no open-weight models are offered");
    return 1;
}

/* A chipmaker's capacity grows by a factor each month from capacity_units (players/chips.c). */
static int no_chip_capacity(const scenario *s, unsigned m, char *why, size_t size)
{
    if (s->chipmakers[m].capacity_units != 0.0) return 0;
    snprintf(why, size, "chipmaker %s has capacity_units 0, and growth of nothing is nothing", s->chipmakers[m].name);
    return 1;
}

static const inert_rule rules[] = {
    {"regions.\\*.grid.*", no_cloud_in_region},
    {"regions.\\*.export_blocked", no_controlled_chipmaker},
    {"chipmakers.\\*.export_controlled", no_blocked_region},
    {"businesses.*", no_firms},
    {"households.token_growth_halflife", no_household_growth},
    {"businesses.token_growth_halflife", no_business_growth},
    {"chipmakers.\\*.capacity_growth", no_chip_capacity},
    {"businesses.open_weight_[bqs]*", no_open_weights},
};

/* The generic form of an index-form path ("regions[1].grid.x" → "regions.*.grid.x") into gen,
 * and its first list index into *item (0 if none). */
static void generic_of(const char *path, char *gen, size_t size, unsigned *item)
{
    size_t o = 0;
    int first = 1;
    *item = 0;
    for (const char *p = path; *p != '\0' && o + 3 < size; p++) {
        if (*p != '[') {
            gen[o++] = *p;
            continue;
        }
        char *end;
        unsigned long n = strtoul(p + 1, &end, 10);
        if (first) *item = (unsigned)n;
        first = 0;
        gen[o++] = '.';
        gen[o++] = '*';
        p = *end == ']' ? end : p;
    }
    gen[o] = '\0';
}

/* The path with its first list index by name, as messages print it ("regions[1].grid.x" →
 * "regions.eu.grid.x"), into buf; returns buf. */
static const char *display_of(const scenario *s, const char *path, char *buf, size_t size)
{
    static const char *const lists[] = {"regions[", "labs[", "clouds[", "chipmakers["};
    snprintf(buf, size, "%s", path);
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        size_t n = strlen(lists[l]);
        if (strncmp(path, lists[l], n) != 0) continue;
        char *end;
        unsigned long i = strtoul(path + n, &end, 10);
        const char *name = l == 0 && i < s->region_count ? s->regions[i].name
                           : l == 1 && i < s->lab_count ? s->labs[i].name
                           : l == 2 && i < s->cloud_count ? s->clouds[i].name
                           : l == 3 && i < s->chipmaker_count ? s->chipmakers[i].name : NULL;
        if (*end == ']' && name != NULL) snprintf(buf, size, "%.*s.%s%s", (int)(n - 1), path, name, end + 1);
    }
    return buf;
}

/* Whether a rule's first list index is in range for its list (a variant may name any entry). */
static int item_exists(const scenario *s, const char *gen, unsigned item)
{
    if (strncmp(gen, "regions.*", 9) == 0) return item < s->region_count;
    if (strncmp(gen, "chipmakers.*", 12) == 0) return item < s->chipmaker_count;
    return 1;
}

aiecon_status scenario_inert_notes(scenario *s, const scenario_linemap *map, const char *file, aiecon_error *err)
{
    size_t used = 0, cap = 0;
    char *notes = NULL;
    for (size_t i = 0; i < map->n; i++) {
        int pos = map->v[i].line;
        if (pos != SCENARIO_LINE_SET && pos < SCENARIO_LINE_FILE) continue; /* from the scenario file itself */
        char gen[SCENARIO_PATH_MAX], why[512], where[SCENARIO_PATH_MAX], shown[SCENARIO_PATH_MAX];
        unsigned item;
        generic_of(map->v[i].path, gen, sizeof gen, &item);
        for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
            if (fnmatch(rules[r].paths, gen, 0) != 0 || !item_exists(s, gen, item)) continue;
            if (!rules[r].test(s, item, why, sizeof why)) continue;
            const char *origin = pos == SCENARIO_LINE_SET ? "--set"
                                 : scenario_linemap_where(map, pos, file, where, sizeof where);
            display_of(s, map->v[i].path, shown, sizeof shown);
            size_t need = strlen(origin) + strlen(shown) + strlen(why) + 64;
            if (used + need > cap) {
                char *grown = realloc(notes, cap = 2 * (used + need));
                if (grown == NULL) {
                    free(notes);
                    return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", file);
                }
                notes = grown;
            }
            used += (size_t)snprintf(notes + used, cap - used, "%s: %s: has no effect in this scenario: %s\n", origin,
                                     shown, why);
            break; /* one reason per override */
        }
    }
    free(s->notes);
    s->notes = notes;
    return AIECON_OK;
}

const char *scenario_notes(const scenario *s) { return s != NULL ? s->notes : NULL; }
