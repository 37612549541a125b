/* output.h — the run's NetCDF-4 file, written collectively with parallel NetCDF-4 (HDF5 + MPI-IO).
 *
 * CF-1.10: dimension `time` (unlimited, "days since START-01", calendar 360_day). Records are monthly
 * (OUTPUT_PERIOD_DAYS): a record is stamped at the middle of the month it covers, with that month
 * as `time_bnds` (time, nv); the record of the initial state (time_days 0: before any step) is
 * stamped at the start instant with bounds [0, 0] and flagged by `initial_state` = 1. One dimension
 * per kind of player or group (`region`, `lab`, `cloud`, …) each with two NC_CHAR name variables
 * (_Encoding utf-8): `<dim>` (a string coordinate xarray indexes: .sel(lab="frontier_a")) and
 * `<dim>_name` (the same names, kept for older readers). The variables the caller declares: each
 * time-dependent, over (time), (time, dim) or (time, dim, dim2), double, with `units`, `long_name` and `cell_methods`
 * from their kind ("time: sum" for a flow over the record's month, "time: point" for a stock at its
 * end, "time: mean" for a rate over the month). Global attributes: title, Conventions, source, history, scenario, seed, overrides. Values are replicated figures: every rank passes
 * the same values, rank 0 writes them, the others take part with count 0 (the unlimited dimension
 * must grow collectively).
 *
 * Safety: the file is written as `.NAME.writing` beside the target. output_close() of a run that
 * completed renames it over the target (and removes any `.NAME.partial` of an earlier stop); of a
 * run that was stopped (output_mark_stopped) renames it to `.NAME.partial`, a complete NetCDF file
 * of the records so far whose `run_status` attribute says where it stopped, and leaves the target
 * alone. So the target is always the previous complete file or the new complete one, never an
 * incomplete one. output_abort() removes the file being written. Attributes `run_status`
 * ("complete", or "incomplete: ...") and `output_layout_version` (OUTPUT_LAYOUT_VERSION) say what
 * the file is. Rank 0 keeps a running FNV-1a hash of every record written (time, then each
 * variable's values, in order), which a checkpoint stores so that a continued file's kept records
 * are checked (output_create_continue). */
#ifndef AIECON_OUTPUT_H
#define AIECON_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/status.h"

enum { OUTPUT_MAX_DIMS = 12, OUTPUT_MAX_VARIABLES = 192, OUTPUT_NAME_LEN = 32 };

/* Bumped when the variables, their shapes or their meaning change: a file of another layout is
 * never continued. */
enum { OUTPUT_LAYOUT_VERSION = 4 };

/* Days in the month one record covers (the 360_day calendar's month). */
#define OUTPUT_PERIOD_DAYS 30.0

/* A dimension other than time: its name and the names of its entries. */
typedef struct output_dimension {
    const char *name;            /* e.g. "region"; its names go to variable "region_name" */
    unsigned size;
    const char *const *entries;  /* [size] names, each shorter than OUTPUT_NAME_LEN */
} output_dimension;

/* What a variable's value is over its record's month: declared once per variable, written as its
 * `cell_methods`. A variable that declares no kind (OUTPUT_KIND_UNDECLARED, what a row that omits it
 * gets) is refused by output_create, so a new variable cannot be written without one. */
typedef enum output_kind {
    OUTPUT_KIND_UNDECLARED = 0,
    OUTPUT_FLOW,   /* an amount over the month ("time: sum"): revenue, shipments; 0 on the initial state */
    OUTPUT_STOCK,  /* a level at the end of the month ("time: point"): cash, a share, a price set for the next */
    OUTPUT_RATE,   /* the month's rate, an average over it ("time: mean"): power drawn, capacity in service */
} output_kind;

/* A time-dependent variable: (time) when dimension < 0, else (time, dims[dimension]), or
 * (time, dims[dimension], dims[inner]) when inner >= 0 too: its values are then given row-major,
 * dims[dimension].size rows of dims[inner].size values. */
typedef struct output_variable {
    const char *name;
    const char *units;           /* UDUNITS string, "1" for dimensionless */
    const char *long_name;
    int dimension;
    output_kind kind;
    int inner;                   /* a second dimension after `dimension`; -1: none */
} output_variable;

/* Values one record of variable v holds: 1, dims[dimension].size, or that × dims[inner].size. */
size_t output_variable_width(const output_variable *v, const output_dimension *dims);

/* The `cell_methods` text of a kind ("time: sum", "time: point", "time: mean"; NULL if undeclared).
 * Static. */
const char *output_kind_cell_methods(output_kind kind);

typedef struct output_provenance {
    const char *title;
    const char *source;          /* "aiecon VERSION (git REV)" */
    const char *history;         /* the command line */
    const char *scenario_yaml;   /* resolved scenario */
    const char *start;           /* "YYYY-MM": time units are days since START-01 */
    uint32_t seed;
    int ranks;                   /* recorded as attribute `mpi_ranks` (not part of the data) */
    const char *segments;        /* one line per segment of a restarted run (NULL: attribute omitted) */
    const char *scenario_hash;   /* the run's identity (checkpoint.h; NULL: omitted): output_create_continue
                                    continues only a file with the same one */
    const char *scenario_identity; /* the text that hash is taken over (NULL: omitted), recorded so
                                    that a refusal names the first parameter that differs */
    const char *overrides;       /* the run's --set overrides, one `key.path=value` a line in the order
                                    given ("" when none; NULL: attribute omitted) */
} output_provenance;

typedef struct output output;

/* Collective. Check, before anything is written, that the target's folder exists and is
 * writable (AIECON_ERR_INPUT naming the path if not). Same verdict on every rank. */
aiecon_status output_check_target(MPI_Comm comm, const char *path, aiecon_error *err);

/* Collective. Create the file to write (`.NAME.writing`) and define everything. *out is owned by the caller and
 * released by output_close or output_abort. */
aiecon_status output_create(MPI_Comm comm, const char *path, const output_provenance *prov,
                            const output_dimension *dims, int dim_count,
                            const output_variable *vars, int var_count, output **out, aiecon_error *err);

/* What a checkpoint says of the output it was taken with: its records 0 .. records - 1 and their
 * running hash (output_record_hash). */
typedef struct output_expected {
    uint64_t records;
    uint64_t hash;
} output_expected;

/* Collective. Like output_create, then copy records 0 .. expected->records - 1 of time and every
 * declared variable from the existing file `source` (the target itself, or the `.NAME.partial` a
 * stopped run left), so that the caller goes on with the next record; later records are dropped.
 * `source` stays untouched until output_close. Refused with AIECON_ERR_INPUT, naming the first
 * difference, when the source is of another output layout, another scenario (the first key that
 * differs; run.steps may differ), another seed, lacks a variable, has another shape, fewer records,
 * or records whose hash is not the checkpoint's (damaged, or of another run). Same ownership as
 * output_create. */
aiecon_status output_create_continue(MPI_Comm comm, const char *path, const char *source,
                                     const output_provenance *prov, const output_dimension *dims, int dim_count,
                                     const output_variable *vars, int var_count, const output_expected *expected,
                                     output **out, aiecon_error *err);

/* The end of the period of a record stamped `stamp` (what output_write_step was given for it):
 * 0 for the initial state, else stamp + OUTPUT_PERIOD_DAYS / 2. */
double output_period_end(double stamp);

/* The running hash after one more record of n values (output_record_hash's step). */
uint64_t output_hash_values(uint64_t hash, const double *values, size_t n);
#define OUTPUT_HASH_SEED 0xcbf29ce484222325ULL

/* Rank 0: records written so far and their running hash (0 and the seed on other ranks). */
uint64_t output_record_count(const output *o);
uint64_t output_record_hash(const output *o);

/* Local, no I/O: the run was stopped; output_close is to keep the file as `.NAME.partial` with
 * run_status = status ("incomplete: ..."; copied). */
void output_mark_stopped(output *o, const char *status);

/* Collective. Write record `step` (0-based): time_days = days since start at the end of the step
 * (0 for the initial state; the record is stamped at the middle of the month that ends there), and
 * values[v] for each declared variable v (1 value or dims[...].size values). */
aiecon_status output_write_step(output *o, size_t step, double time_days, const double *const *values,
                                aiecon_error *err);

/* Collective. Close the file and rename it over the target, or to `.NAME.partial` after
 * output_mark_stopped. Frees o. */
aiecon_status output_close(output *o, aiecon_error *err);

/* Collective. Close and remove the file being written, leaving the target and any `.NAME.partial`
 * untouched. Frees o. */
void output_abort(output *o);

/* The global text attribute NAME of the open NetCDF file NCID, malloc'ed and NUL-terminated (the
 * caller frees it); NULL if missing or not text. Read by the output's continue check and by
 * published.c's check of a finished member. */
char *output_global_text(int ncid, const char *name);

#endif
