/* output.h — the run's NetCDF-4 file, written collectively with parallel NetCDF-4 (HDF5 + MPI-IO).
 *
 * CF-1.10: dimension `time` (unlimited, "days since START-01", calendar 360_day), one dimension
 * per kind of player or group (`region`, later `lab`, `cloud`, …) each with a `<dim>_name` NC_CHAR
 * variable (_Encoding utf-8), and the variables the caller declares: each time-dependent, over
 * (time) or (time, dim), double, with `units` and `long_name`. Global attributes: title,
 * Conventions, source, history, scenario, seed. Values are replicated figures: every rank passes
 * the same values, rank 0 writes them, the others take part with count 0 (the unlimited dimension
 * must grow collectively).
 *
 * Safety: the file is created as `.NAME.partial` beside the target and renamed over the target only
 * by output_close() after a successful close, so a failed run never leaves a partial file under the
 * target name and never replaces a good one. output_abort() removes the partial file. */
#ifndef AIECON_OUTPUT_H
#define AIECON_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/status.h"

enum { OUTPUT_MAX_DIMS = 8, OUTPUT_MAX_VARIABLES = 128, OUTPUT_NAME_LEN = 32 };

/* A dimension other than time: its name and the names of its entries. */
typedef struct output_dimension {
    const char *name;            /* e.g. "region"; its names go to variable "region_name" */
    unsigned size;
    const char *const *entries;  /* [size] names, each shorter than OUTPUT_NAME_LEN */
} output_dimension;

/* A time-dependent variable: (time) when dimension < 0, else (time, dims[dimension]). */
typedef struct output_variable {
    const char *name;
    const char *units;           /* UDUNITS string, "1" for dimensionless */
    const char *long_name;
    int dimension;
} output_variable;

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
} output_provenance;

typedef struct output output;

/* Collective. Check, before anything is written, that the target's folder exists and is
 * writable (AIECON_ERR_INPUT naming the path if not). Same verdict on every rank. */
aiecon_status output_check_target(MPI_Comm comm, const char *path, aiecon_error *err);

/* Collective. Create the partial file and define everything. *out is owned by the caller and
 * released by output_close or output_abort. */
aiecon_status output_create(MPI_Comm comm, const char *path, const output_provenance *prov,
                            const output_dimension *dims, int dim_count,
                            const output_variable *vars, int var_count, output **out, aiecon_error *err);

/* Collective. Like output_create, then copy records 0 .. through of time and every declared
 * variable from the existing file at `path` (the output of the run a checkpoint came from), so that
 * the caller goes on with record through + 1; records after `through` are dropped. The old file
 * stays untouched until output_close renames the new one over it. Refused with AIECON_ERR_INPUT,
 * saying what differs, when the old file is of another run (scenario_hash), lacks a variable, has
 * another shape or fewer than through + 1 records. Same ownership as output_create. */
aiecon_status output_create_continue(MPI_Comm comm, const char *path, const output_provenance *prov,
                                     const output_dimension *dims, int dim_count, const output_variable *vars,
                                     int var_count, size_t through, output **out, aiecon_error *err);

/* Collective. Write record `step` (0-based): time = days since start at the end of the step, and
 * values[v] for each declared variable v (1 value or dims[...].size values). */
aiecon_status output_write_step(output *o, size_t step, double time_days, const double *const *values,
                                aiecon_error *err);

/* Collective. Close the file and rename it over the target. Frees o. */
aiecon_status output_close(output *o, aiecon_error *err);

/* Collective. Close and remove the partial file, leaving any previous target untouched. Frees o. */
void output_abort(output *o);

#endif
