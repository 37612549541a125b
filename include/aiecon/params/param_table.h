/* param_table.h — the vocabulary of a parameter table: what one row says, and the macros that turn
 * rows into C struct members.
 *
 * A parameter table is a list of rows, one per key of the scenario file, written as an X-macro
 * (`#define SCENARIO_PARAMS_grid(X) X(REAL, ...) X(REAL, ...)`; the rows themselves are in
 * scenario_params.h). Each consumer passes its own X and so generates one thing from the same
 * rows: the C structs (PARAM_MEMBER, here), the row descriptors that the validation, `--set`
 * messages, `aiecon params` and docs/PARAMETERS.md read (src/params/scenario_params.c), and the
 * libcyaml schema (src/io/scenario_schema.c). The first column of a row is its kind; the others
 * depend on the kind, and every kind's columns include its rule, so a row without a rule does not
 * compile (the macro for that kind is called with the wrong number of arguments):
 *
 *   X(REAL,  field, "key", "unit", min, max, "expected", PRESENCE, "meaning")   a double in [min, max]
 *   X(U32,   field, "key", "unit", min, max, "expected", PRESENCE, "meaning")   a uint32_t in [min, max]
 *   X(U64,   field, "key", "unit", min, max, "expected", PRESENCE, "meaning")   a uint64_t in [min, max]
 *   X(BOOL,  field, "key", PRESENCE, "meaning")                                 true or false (uint8_t)
 *   X(NAME,  field, "key", PRESENCE, "meaning")          a list entry's name: [a-z0-9_], unique
 *   X(MONTH, field, "key", "what", PRESENCE, "meaning")  "YYYY-MM"; messages say what " as YYYY-MM ..."
 *   X(TEXT,  field, "key", max_bytes, "expected", PRESENCE, "meaning")            free text
 *   X(REF,   field, "key", "list", "expected", PRESENCE, "meaning")  the name of an entry of a list
 *   X(MAP,   field, "key", type, group, PRESENCE, "meaning")  a nested mapping (struct scenario_<type>)
 *            with the rows of group (usually type itself)
 *   X(LIST,  field, "key", group, count_field, min, max, "noun", "note", PRESENCE, "meaning")
 *            a list of min to max mappings (rows of group) in `field`, their number in count_field
 *
 * "expected" is the wording that follows "expected" in every message about the value (kept word
 * for word: tests and users match it); a mapping's and a list's wording is made from their rows
 * (params_expected). PRESENCE is one of
 *   REQUIRED                  the key must be given
 *   DEFAULT(v)                optional; v when not given (numbers, booleans; for a mapping or a
 *                             list, 0 means absent: all zero, or no entries)
 *   DEFAULT_FROM("key.path")  optional; the value of that key when not given
 *   DEFAULT_TEXT("text")      optional; that text when not given (strings)
 *   ECONOMY                   part of the AI economy: required when the scenario has one, refused
 *                             when it has none
 *   ECONOMY_DEFAULT(v)        part of the AI economy: optional with it (v when not given), refused
 *                             without it
 * Cost: compile time only; the descriptors are constant tables. */
#ifndef AIECON_PARAM_TABLE_H
#define AIECON_PARAM_TABLE_H

#include <float.h>
#include <stddef.h>
#include <stdint.h>

/* The C type and YAML form of a row. */
typedef enum param_type {
    PARAM_REAL, PARAM_U32, PARAM_U64, PARAM_BOOL,   /* numbers and booleans */
    PARAM_NAME, PARAM_MONTH, PARAM_TEXT, PARAM_REF,  /* strings (char *) */
    PARAM_MAP, PARAM_LIST                            /* nested mapping; list of mappings */
} param_type;

/* What a value must be. Every row has exactly one; leaves never have PARAM_RULE_MAP/LIST. */
typedef enum param_rule {
    PARAM_RULE_RANGE,   /* a number in [min, max] */
    PARAM_RULE_NAME,    /* a string: a name of [a-z0-9_], 1 to SCENARIO_NAME_MAX-1 bytes, unique */
    PARAM_RULE_MONTH,   /* a string: YYYY-MM, month 01 to 12 */
    PARAM_RULE_TEXT,    /* a string of at most max bytes */
    PARAM_RULE_BOOL,    /* true or false */
    PARAM_RULE_REF,     /* a string: the name of an entry of the top-level list `list` */
    PARAM_RULE_MAP,     /* a mapping with the keys of `group` */
    PARAM_RULE_LIST     /* a list of min to max mappings with the keys of `group` */
} param_rule;

typedef enum param_presence {
    PARAM_REQUIRED, PARAM_DEFAULT, PARAM_DEFAULT_FROM, PARAM_DEFAULT_TEXT,
    PARAM_ECONOMY, PARAM_ECONOMY_DEFAULT
} param_presence;

typedef struct param_group param_group;

/* One row: a key of the scenario file. Constant; borrowed by everyone. */
typedef struct param {
    const char *key;            /* the YAML key */
    const char *field;          /* the C struct member it fills */
    param_type type;
    const char *unit;           /* "MW", "1/year", "1" (a pure number), "YYYY-MM", ... */
    param_rule rule;
    double min, max;            /* RANGE: closed interval; TEXT: max bytes; LIST: entries */
    const char *expected;       /* leaves: the words after "expected" in messages */
    param_presence presence;
    double default_value;       /* DEFAULT, ECONOMY_DEFAULT */
    const char *default_text;   /* as written in the row: "1", "households.initial_adopted", ... */
    const char *meaning;        /* one line */
    const param_group *group;   /* MAP: its keys; LIST: an entry's keys; else NULL */
    const char *ctype;          /* MAP, LIST: its values are a struct scenario_<ctype> */
    const char *list;           /* REF: the list named; LIST: the noun ("regions") */
    const char *note;           /* LIST: appended to the expected words ("; shares adding up to 1") */
} param;

/* The rows of one mapping, in file order (the order scenario_to_yaml prints). */
struct param_group {
    const char *name;           /* the C struct is scenario_<name> (the top level: scenario) */
    const param *rows;
    unsigned count;
};

/* ---- rows → struct members: typedef struct scenario_x { SCENARIO_PARAMS_x(PARAM_MEMBER) } ---- */
#define PARAM_MEMBER(kind, ...) PARAM_MEMBER_##kind(__VA_ARGS__)
#define PARAM_MEMBER_REAL(field, ...) double field;
#define PARAM_MEMBER_U32(field, ...) uint32_t field;
#define PARAM_MEMBER_U64(field, ...) uint64_t field;
#define PARAM_MEMBER_BOOL(field, ...) uint8_t field;
#define PARAM_MEMBER_NAME(field, ...) char *field;
#define PARAM_MEMBER_MONTH(field, ...) char *field;
#define PARAM_MEMBER_TEXT(field, ...) char *field;
#define PARAM_MEMBER_REF(field, ...) char *field;
#define PARAM_MEMBER_MAP(field, key, type, ...) scenario_##type field;
#define PARAM_MEMBER_LIST(field, key, group, count, ...) scenario_##group *field; unsigned count;

/* ---- presence → 1 when the key exists without the AI economy (a diffusion scenario) ---- */
#define PARAM_IF(c) PARAM_IF_(c)
#define PARAM_IF_(c) PARAM_IF_##c
#define PARAM_IF_1(...) __VA_ARGS__
#define PARAM_IF_0(...)
#define PARAM_DIFFUSION(presence) PARAM_DIFFUSION_##presence
#define PARAM_DIFFUSION_REQUIRED 1
#define PARAM_DIFFUSION_DEFAULT(v) 1
#define PARAM_DIFFUSION_DEFAULT_FROM(path) 1
#define PARAM_DIFFUSION_DEFAULT_TEXT(text) 1
#define PARAM_DIFFUSION_ECONOMY 0
#define PARAM_DIFFUSION_ECONOMY_DEFAULT(v) 0

/* "> 0" as a closed interval: the smallest positive double. */
#define PARAM_POSITIVE DBL_TRUE_MIN

#endif
