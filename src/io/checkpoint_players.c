/* checkpoint_players.c — the parts of a checkpoint that are not NetCDF calls (see checkpoint.h):
 * the run's identity (scenario hash), the layout string that guards the byte blob, the blob of
 * the replicated players, and the checksums.
 *
 * Why a blob: see checkpoint.h. Packing copies the `economy` struct with its two kinds of pointer
 * (cloud pipelines, the contract list) zeroed, so the bytes do not depend on where malloc put
 * things, then appends what they point to. Unpacking keeps the arrays of an economy freshly
 * created from the same scenario (so their lengths, and the contract list's capacity, are this
 * run's: a restart may extend the run) and copies everything else over it. Cost: one copy of
 * the players (kilobytes to a few MB of contracts) per checkpoint. No global state. */
#include "aiecon/io/checkpoint.h"
#include "aiecon/populations/households.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t checkpoint_fnv(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 1099511628211ULL;
    }
    return h;
}

aiecon_status checkpoint_identity_make(const scenario *s, checkpoint_identity *id, aiecon_error *err)
{
    memset(id, 0, sizeof *id);
    scenario copy = *s; /* shallow: scenario_to_yaml only reads */
    copy.run.steps = 0;
    copy.run.seed = 0;
    id->scenario_text = scenario_to_yaml(&copy, err);
    if (id->scenario_text == NULL) return AIECON_ERR_RUNTIME;
    snprintf(id->hash, sizeof id->hash, "%016llx",
             (unsigned long long)checkpoint_fnv(id->scenario_text, strlen(id->scenario_text)));
    id->seed = s->run.seed;
    return AIECON_OK;
}

void checkpoint_identity_free(checkpoint_identity *id)
{
    free(id->scenario_text);
    id->scenario_text = NULL;
}

void checkpoint_layout(char *text)
{
    const uint32_t probe = 0x01020304u;
    snprintf(text, CHECKPOINT_LAYOUT_LEN,
             "v%d %s economy=%zu lab=%zu cloud=%zu chip=%zu grid=%zu investors=%zu contract=%zu ledger=%zu "
             "economy_tally=%zu households_tally=%zu",
             CHECKPOINT_LAYOUT_VERSION, *(const unsigned char *)&probe == 4 ? "little-endian" : "big-endian",
             sizeof(economy), sizeof(lab_state), sizeof(cloud_state), sizeof(chip_state), sizeof(grid_state),
             sizeof(investor_state), sizeof(contract_state), sizeof(ledger), sizeof(economy_tally),
             sizeof(households_tally));
}

static size_t pipeline_length(const scenario *s, unsigned k)
{
    return (size_t)s->clouds[k].build_months + 1;
}

size_t checkpoint_players_size(const scenario *s, const economy *e)
{
    size_t n = sizeof *e;
    for (unsigned k = 0; k < e->clouds; k++) n += pipeline_length(s, k) * sizeof(double);
    return n + (size_t)e->contract_count * sizeof(contract_state);
}

void checkpoint_players_pack(const scenario *s, const economy *e, unsigned char *buf)
{
    economy flat;
    memcpy(&flat, e, sizeof flat);
    flat.contracts = NULL;
    for (unsigned k = 0; k < SCENARIO_MAX_CLOUDS; k++) flat.cloud[k].pipeline = NULL;
    memcpy(buf, &flat, sizeof flat);
    size_t at = sizeof flat;
    for (unsigned k = 0; k < e->clouds; k++) {
        size_t n = pipeline_length(s, k) * sizeof(double);
        memcpy(buf + at, e->cloud[k].pipeline, n);
        at += n;
    }
    memcpy(buf + at, e->contracts, (size_t)e->contract_count * sizeof(contract_state));
}

aiecon_status checkpoint_players_unpack(const scenario *s, economy *e, const unsigned char *buf, size_t size,
                                        const char *path, aiecon_error *err)
{
    economy flat;
    if (size < sizeof flat) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: players blob of %zu bytes", path, size);
    }
    memcpy(&flat, buf, sizeof flat);
    if (flat.labs != e->labs || flat.clouds != e->clouds || flat.chipmakers != e->chipmakers ||
        flat.regions != e->regions || flat.contract_count > e->contract_capacity) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: checkpoint players do not fit this scenario (%u labs, %u "
                           "clouds, %u chipmakers, %u regions, %u contracts; expected %u, %u, %u, %u, at most %u)",
                           path, flat.labs, flat.clouds, flat.chipmakers, flat.regions, flat.contract_count, e->labs,
                           e->clouds, e->chipmakers, e->regions, e->contract_capacity);
    }
    flat.contract_capacity = e->contract_capacity;
    flat.contracts = e->contracts;
    for (unsigned k = 0; k < SCENARIO_MAX_CLOUDS; k++) flat.cloud[k].pipeline = e->cloud[k].pipeline;
    if (checkpoint_players_size(s, &flat) != size) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: players blob of %zu bytes, expected %zu",
                           path, size, checkpoint_players_size(s, &flat));
    }
    *e = flat;
    size_t at = sizeof flat;
    for (unsigned k = 0; k < e->clouds; k++) {
        size_t n = pipeline_length(s, k) * sizeof(double);
        memcpy(e->cloud[k].pipeline, buf + at, n);
        at += n;
    }
    memcpy(e->contracts, buf + at, (size_t)e->contract_count * sizeof(contract_state));
    return AIECON_OK;
}

/* splitmix64 finaliser of (global id, value): a well-mixed 64-bit word per agent. */
static uint64_t mix(uint64_t g, uint64_t v)
{
    uint64_t z = g * 0x9e3779b97f4a7c15ULL + (v + 1) * 0xd1b54a32d192ed03ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t checkpoint_agents_sum(MPI_Comm comm, uint64_t first, uint32_t local, const uint8_t *state,
                               const float *roi)
{
    uint64_t mine = 0, all = 0;
    for (uint32_t i = 0; i < local; i++) {
        uint64_t v = state[i];
        if (roi != NULL) {
            uint32_t bits;
            memcpy(&bits, &roi[i], sizeof bits);
            v |= (uint64_t)bits << 8;
        }
        mine += mix(first + i, v);
    }
    MPI_Allreduce(&mine, &all, 1, MPI_UINT64_T, MPI_SUM, comm);
    return all;
}

/* ---- what differs between two scenario texts (for the refusal message) ---- */

enum { PATH_DEPTH = 16, KEY_LEN = 64 };

typedef struct key_path {
    int depth;
    int indent[PATH_DEPTH];
    char key[PATH_DEPTH][KEY_LEN];
} key_path;

/* Pop entries at or deeper than `indent`, then push (indent, name) when name is given. */
static void path_set(key_path *p, int indent, const char *name, size_t len)
{
    while (p->depth > 0 && p->indent[p->depth - 1] >= indent) p->depth--;
    if (name == NULL || p->depth == PATH_DEPTH) return;
    p->indent[p->depth] = indent;
    snprintf(p->key[p->depth++], KEY_LEN, "%.*s", (int)(len < KEY_LEN ? len : KEY_LEN - 1), name);
}

/* Follow one YAML line (block style, as scenario_to_yaml writes it): a key with nothing after its
 * colon opens a mapping or list; a list item "- name: x" opens item x one column deeper. */
static void path_follow(key_path *p, const char *line, size_t len)
{
    size_t indent = strspn(line, " ");
    const char *rest = line + indent;
    size_t rest_len = len - indent;
    if (rest_len >= 2 && rest[0] == '-' && rest[1] == ' ') {
        const char *colon = memchr(rest, ':', rest_len);
        const char *value = colon != NULL ? colon + 1 + strspn(colon + 1, " ") : rest + 2;
        path_set(p, (int)indent + 1, value, (size_t)(rest + rest_len - value));
        return;
    }
    const char *colon = memchr(rest, ':', rest_len);
    if (colon == NULL) return;
    int opens = colon + 1 == rest + rest_len;
    path_set(p, (int)indent, opens ? rest : NULL, (size_t)(colon - rest));
}

void checkpoint_describe_difference(const char *theirs, const char *ours, const char *whose, char *out, size_t size)
{
    key_path p = {0, {0}, {{0}}};
    const char *a = theirs, *b = ours;
    while (*a != '\0' || *b != '\0') {
        size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
        if (la != lb || memcmp(a, b, la) != 0) {
            char where[PATH_DEPTH * KEY_LEN] = "";
            for (int i = 0; i < p.depth; i++) {
                size_t n = strlen(where);
                snprintf(where + n, sizeof where - n, "%s%s", i ? "." : "", p.key[i]);
            }
            const char *ta = a + strspn(a, " "), *tb = b + strspn(b, " ");
            snprintf(out, size, "under `%s`: the %s has `%.*s`, this run `%.*s`", where[0] ? where : "(top)", whose,
                     (int)(la - (size_t)(ta - a)), ta, (int)(lb - (size_t)(tb - b)), tb);
            return;
        }
        path_follow(&p, a, la);
        a += la + (a[la] == '\n');
        b += lb + (b[lb] == '\n');
    }
    snprintf(out, size, "the texts are equal but the hashes differ");
}
