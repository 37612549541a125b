/* scenario_internal.h — private interface between the files of the scenario module:
 * scenario.c (the pipeline: read, parse, broadcast, print), scenario_schema.c (the libcyaml schema
 * made from the parameter rows, and rule look-up), scenario_walk.c (key paths, the line map, strict numbers, the strict libyaml
 * pass), scenario_set.c (`--set`), scenario_variant.c (variant files: `extends` chains) and
 * scenario_check.c (defaults, range and cross checks). The rules, defaults and words of every
 * key are the parameter rows (aiecon/params/scenario_params.h).
 * Not installed, not for other modules. */
#ifndef AIECON_SCENARIO_INTERNAL_H
#define AIECON_SCENARIO_INTERNAL_H

#include <cyaml/cyaml.h>
#include <yaml.h>
#include "aiecon/io/scenario.h"

/* ---- the schema (constant tables) ---- */
extern const cyaml_schema_value_t scenario_schema;  /* top level: pointer to a scenario mapping */
/* The same without the AI-economy keys: prints a scenario whose has_economy is 0. */
extern const cyaml_schema_value_t scenario_diffusion_schema;

/* The row of a generic key path ("regions.*.households"): its rule (range for numbers and
 * booleans, the syntax of strings) and the words used after "expected" in messages. NULL if the
 * path names no value (a list entry "regions.*" or an unknown key). Borrowed. */
const param *scenario_rule_find(const char *generic_path);

/* ---- key paths ---- */
enum { SCENARIO_PATH_DEPTH = 8, SCENARIO_PATH_MAX = 256 };
typedef struct scenario_path {
    struct {
        const char *key;    /* mapping key, or NULL for a list item */
        long item;          /* list item index (key == NULL) */
        const char *name;   /* list item's `name`, NULL/"" if it has none (yet) */
    } seg[SCENARIO_PATH_DEPTH];
    int n;
} scenario_path;

typedef enum scenario_path_form {
    SCENARIO_PATH_DISPLAY,  /* regions.us.households (items by name, else regions[0]) */
    SCENARIO_PATH_INDEX,    /* regions[0].households: the key of the line map */
    SCENARIO_PATH_GENERIC   /* regions.*.households: the key of a parameter row */
} scenario_path_form;

/* Formats p into buf (truncating) and returns buf. */
const char *scenario_path_format(const scenario_path *p, scenario_path_form form, char *buf,
                                 size_t size);

/* ---- where each value came from: index-form key path → a position ---- */
/* A position is one int: SCENARIO_LINE_NONE (not given), SCENARIO_LINE_SET (--set), or a 1-based
 * line + k × SCENARIO_LINE_FILE, a line of file k of a variant chain: k = 0 is the full scenario
 * (the file scenario_check names), k ≥ 1 the variants applied over it, named by files[k]. Lines
 * stay below SCENARIO_LINE_FILE because files are capped at 16 MiB. */
enum { SCENARIO_LINE_NONE = 0, SCENARIO_LINE_SET = -1, SCENARIO_LINE_FILE = 1 << 25 };
enum { SCENARIO_CHAIN_MAX = 8 };   /* most `extends` links from the file given to a full scenario */
typedef struct scenario_linemap {
    struct scenario_line { char *path; int line; } *v;   /* owned */
    size_t n, cap;
    const char *files[SCENARIO_CHAIN_MAX + 1];   /* borrowed names of variant files, by k ≥ 1 */
} scenario_linemap;
/* Insert or replace; AIECON_ERR_RUNTIME when out of memory. */
aiecon_status scenario_linemap_put(scenario_linemap *m, const char *path, int line, aiecon_error *err);
int scenario_linemap_get(const scenario_linemap *m, const char *path);   /* LINE_NONE if absent */
void scenario_linemap_free(scenario_linemap *m);
/* "FILE:LINE" of a position > 0 into buf (FILE is `file` for k = 0); returns buf. */
const char *scenario_linemap_where(const scenario_linemap *m, int pos, const char *file, char *buf,
                                   size_t size);

/* ---- strict numbers ---- */
typedef union scenario_number { double f; uint64_t u; int64_t i; } scenario_number;
/* Parses the whole of text (len bytes) as the numeric type of sv (CYAML_INT/UINT/FLOAT with its
 * data_size). Returns 0, or -1 with `why` set to e.g. "'0.5x' is not a number". */
int scenario_number_parse(const char *text, size_t len, const cyaml_schema_value_t *sv,
                          scenario_number *out, char *why, size_t why_size);
/* 1 for exactly "true", 0 for exactly "false", else -1. */
int scenario_bool_parse(const char *text, size_t len);
void scenario_number_store(void *dst, const cyaml_schema_value_t *sv, scenario_number v);
scenario_number scenario_number_load(const void *src, const cyaml_schema_value_t *sv);
/* Shortest "%.Ng" (N = 15..17) that reads back as exactly v. */
void scenario_format_double(double v, char *buf, size_t size);
/* The words after "expected" for the value at a generic path: its row's (a mapping's and a list's
 * are made in buf; a leaf's are constant), or "a real number", "a mapping", ... by schema type
 * where the path has no row. Returns a constant string or buf. */
const char *scenario_expected(const char *generic_path, const cyaml_schema_value_t *sv, char *buf,
                              size_t size);

/* ---- schema helpers ---- */
/* Index of the field called key (len bytes) in a NULL-key-terminated table, or -1. */
int scenario_field_index(const cyaml_schema_field_t *fields, const char *key, size_t len);
/* Writes "a, b, c", the keys of fields, into buf (truncating); returns buf. */
const char *scenario_keys_list(const cyaml_schema_field_t *fields, char *buf, size_t size);
/* The `name` string of a loaded list item (borrowed from it), or NULL if its entry has none. */
const char *scenario_item_name(const uint8_t *item, const cyaml_schema_value_t *entry);
/* A sequence's entry count, stored in `size` bytes at p. */
unsigned scenario_read_count(const uint8_t *p, uint8_t size);

/* ---- the strict pass over a libyaml document ---- */
typedef enum scenario_walk_mode {
    SCENARIO_WALK_CHECK,   /* check kinds, keys, counts, numbers; fill the line map */
    SCENARIO_WALK_APPLY,   /* write the strictly parsed numbers into a loaded scenario */
    SCENARIO_WALK_PRETTY   /* rewrite float scalars in the shortest round-trip form */
} scenario_walk_mode;
/* Walks doc's root against scenario_schema. `s` is needed for APPLY, `map` for CHECK (either
 * may be NULL otherwise). Messages are "FILE:LINE: key.path: ..." (AIECON_ERR_INPUT). */
aiecon_status scenario_walk(yaml_document_t *doc, scenario_walk_mode mode, const char *file,
                            scenario *s, scenario_linemap *map, aiecon_error *err);

/* First line recorded for `prefix` or any path below it ("labs" → "labs[0].name", ...):
 * a line, SCENARIO_LINE_SET, or SCENARIO_LINE_NONE when nothing under it was given. */
int scenario_linemap_find(const scenario_linemap *m, const char *prefix);

/* ---- --set and a variant's set: entries (scenario_set.c) ---- */
/* Applies one "key.path=value" to s through the schema and marks the path as set in map. */
aiecon_status scenario_assign(scenario *s, const char *assignment, scenario_linemap *map,
                              aiecon_error *err);
/* One override from any source. */
typedef struct scenario_setting {
    const char *key;            /* key path as --set takes it, key_len bytes */
    size_t key_len;
    const char *value;          /* NUL-terminated */
    int quoted;                 /* a quoted YAML scalar: a string, refused for numbers and booleans */
    const char *origin;         /* start of messages: "--set" or "FILE:LINE" */
    int pos;                    /* recorded in the line map: SCENARIO_LINE_SET or a position */
} scenario_setting;
aiecon_status scenario_set_value(scenario *s, const scenario_setting *set, scenario_linemap *map,
                                 aiecon_error *err);
/* Writes "us, world", the names of a list's entries, into buf; returns buf. */
const char *scenario_names_list(const uint8_t *items, unsigned count,
                                const cyaml_schema_value_t *entry, char *buf, size_t size);

/* ---- overrides that cannot act (scenario_inert.c) ---- */
/* After the checks: one warning line in s->notes for each key that --set or a variant's `set:`
 * gave (by map) whose value has no effect in s, with the reason; s->notes stays NULL when none.
 * `file` names position 0's file in the lines. AIECON_ERR_RUNTIME only when out of memory. */
aiecon_status scenario_inert_notes(scenario *s, const scenario_linemap *map, const char *file, aiecon_error *err);

/* year × 12 + month − 1 of a "YYYY-MM" month (month 01 to 12), or -1 if it is not one. */
long scenario_month_number(const char *month);

/* ---- defaults and checks on the final values (scenario_check.c) ---- */
/* Decides has_economy from the sections given (all five or none), fills the defaults of keys
 * that were not given (regions' adoption_scale 1, households_adopted = households.initial_adopted)
 * and checks every range and every rule across values. Messages name the file line of the value,
 * or "--set" when an override supplied it. */
aiecon_status scenario_check(scenario *s, const char *file, const scenario_linemap *map,
                             aiecon_error *err);

/* ---- the pipeline's helpers (scenario.c) ---- */
/* On success *doc holds the text's one document (the caller deletes it); else nothing is held. */
aiecon_status scenario_load_document(const char *text, size_t len, const char *file,
                                     yaml_document_t *doc, aiecon_error *err);
/* The whole file in a malloc'd buffer (*text, caller frees, len bytes) or a message. */
aiecon_status scenario_read_file(const char *path, char **text, size_t *len, aiecon_error *err);

/* ---- variants (scenario_variant.c) ---- */
/* A chain of files packed in one buffer, so that it can be broadcast whole: for each file from
 * the one given to the full scenario it ends in, its name (NUL-terminated), its length (8 bytes)
 * and its text. */
typedef struct scenario_packed { char *p; size_t len, cap; } scenario_packed;
/* One file of an unpacked chain, borrowed from the packed buffer. */
typedef struct scenario_source { const char *name, *text; size_t len; } scenario_source;
/* Packs (name, text) and, while the last file packed is a variant (its top-level mapping has the
 * key `extends`), the file it extends, read from disk relative to its folder. Refuses a missing
 * base, a cycle and more than SCENARIO_CHAIN_MAX links, naming the file and line of `extends`.
 * A file that does not load as YAML ends the chain (the parse reports it). On failure nothing
 * is held. */
aiecon_status scenario_chain_resolve(const char *name, const char *text, size_t len,
                                     scenario_packed *out, aiecon_error *err);
/* Views of the files of a packed chain: file[0] the one given, file[*n - 1] the full scenario. */
aiecon_status scenario_chain_unpack(const char *p, size_t len, scenario_source file[SCENARIO_CHAIN_MAX + 1],
                                    int *n, aiecon_error *err);
/* Applies variant f (file k of the chain, k ≥ 1) to s: its set: entries in order, then its title. */
aiecon_status scenario_variant_apply(scenario *s, const scenario_source *f, int k, scenario_linemap *map,
                                     aiecon_error *err);

/* The allocator given to libcyaml, so that scenario_free() may use free(). */
void *scenario_cyaml_mem(void *ctx, void *ptr, size_t size);

#endif
