/* checkpoint_identity.c — the parts of a checkpoint that are not NetCDF calls (see checkpoint.h):
 * the run's identity (the hash of its parameters' text), the layout string that guards the blobs,
 * the checksums, and the description of where two parameter texts differ.
 *
 * Why here: they are pure functions of bytes, testable without a file. The agent checksum is an
 * order-free sum over global ids, so any partition of the same agents gives the same value: a
 * checkpoint written on 3 ranks verifies on 2. Cost: one pass over each array and one
 * MPI_Allreduce per array. No global state. */
#include "aiecon/engine/checkpoint.h"

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

aiecon_status checkpoint_identity_make(const char *scenario_text, uint32_t seed, checkpoint_identity *id,
                                       aiecon_error *err)
{
    memset(id, 0, sizeof *id);
    id->scenario_text = malloc(strlen(scenario_text) + 1);
    if (id->scenario_text == NULL) return aiecon_fail(err, AIECON_ERR_RUNTIME, "checkpoint: out of memory");
    strcpy(id->scenario_text, scenario_text);
    snprintf(id->hash, sizeof id->hash, "%016llx",
             (unsigned long long)checkpoint_fnv(id->scenario_text, strlen(id->scenario_text)));
    id->seed = seed;
    return AIECON_OK;
}

void checkpoint_identity_free(checkpoint_identity *id)
{
    free(id->scenario_text);
    id->scenario_text = NULL;
}

void checkpoint_layout(const model *m, char *text)
{
    const uint32_t probe = 0x01020304u;
    char sizes[200] = ""; /* the model's struct sizes: room left for version, byte order, name */
    if (m->layout != NULL) m->layout(sizes, sizeof sizes);
    snprintf(text, CHECKPOINT_LAYOUT_LEN, "v%d %s %s %s", CHECKPOINT_LAYOUT_VERSION,
             *(const unsigned char *)&probe == 4 ? "little-endian" : "big-endian", m->name, sizes);
}

size_t checkpoint_type_size(model_type t)
{
    return t == MODEL_U8 ? 1 : 4;
}

/* splitmix64 finaliser of (global id, value): a well-mixed 64-bit word per agent. */
static uint64_t mix(uint64_t g, uint64_t v)
{
    uint64_t z = g * 0x9e3779b97f4a7c15ULL + (v + 1) * 0xd1b54a32d192ed03ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t checkpoint_agents_sum(MPI_Comm comm, uint64_t first, uint32_t local, const void *data, size_t bytes)
{
    const unsigned char *p = data;
    uint64_t mine = 0, all = 0;
    for (uint32_t i = 0; i < local; i++) {
        uint64_t v = 0;
        memcpy(&v, p + (size_t)i * bytes, bytes);
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
