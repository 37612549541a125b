/* figures.h — the economy model's output variables (figures.c), private to src/models/economy.
 * Each figure is read from the replicated players and the reduced tally of the step, so every
 * rank computes the same values; model.c writes them through the driver. */
#ifndef AIECON_ECONOMY_FIGURES_H
#define AIECON_ECONOMY_FIGURES_H

#include <stdint.h>
#include "aiecon/engine/output.h"
#include "aiecon/engine/status.h"
#include "aiecon/io/scenario.h"
#include "aiecon/models/economy/players/accounts.h"
#include "aiecon/models/economy/players/economy.h"

/* The output dimensions, in the order of the model's dimensions() (-1: a scalar figure).
 * DIM_GENERATION: the clouds' vintages (economy.h), named by the year their chips entered service.
 * DIM_SECTOR: the businesses' sectors (the macro loop's, macro.h).
 * DIM_ACCOUNT, DIM_INSTRUMENT, DIM_FLOW: the accounts (the sectors of the stock-flow matrices:
 * households, businesses, each lab, cloud and chipmaker, investors, grids, rest of world),
 * balance-sheet rows and transactions-flow rows (accounts.h). */
enum { DIM_REGION, DIM_LAB, DIM_CLOUD, DIM_CHIPMAKER, DIM_GENERATION, DIM_SECTOR, DIM_ACCOUNT, DIM_INSTRUMENT, DIM_FLOW,
       DIM_COUNT };
/* The number of figures, and the most values one figure has (a row of values per figure): the
 * longest dimension, clouds × generations, or accounts × flow rows. */
enum { ECONOMY_FIGURES = 130, ECONOMY_FIGURE_ROW = ACCOUNTS_MAX * ACCOUNTS_FLOW_ROWS };
/* The most entries one dimension has (the names of its entries). */
enum { ECONOMY_DIM_MAX = ACCOUNTS_MAX };
_Static_assert((int)SCENARIO_MAX_REGIONS * (int)SCENARIO_MAX_SECTORS <= (int)ECONOMY_FIGURE_ROW,
               "ECONOMY_FIGURE_ROW: regions × sectors");
_Static_assert((int)SCENARIO_MAX_LABS <= (int)ECONOMY_FIGURE_ROW && (int)SCENARIO_MAX_REGIONS <= (int)ECONOMY_FIGURE_ROW &&
                   (int)(SCENARIO_MAX_CLOUDS * ECONOMY_MAX_VINTAGES) <= (int)ECONOMY_FIGURE_ROW,
               "ECONOMY_FIGURE_ROW: the longest row of values");
_Static_assert((int)SCENARIO_MAX_LABS <= (int)ECONOMY_DIM_MAX && (int)SCENARIO_MAX_CLOUDS <= (int)ECONOMY_DIM_MAX &&
                   (int)SCENARIO_MAX_REGIONS <= (int)ECONOMY_DIM_MAX && (int)ECONOMY_MAX_VINTAGES <= (int)ECONOMY_DIM_MAX &&
                   (int)ACCOUNTS_FLOW_ROWS <= (int)ECONOMY_DIM_MAX,
               "ECONOMY_DIM_MAX: the longest dimension");

/* What the getters read; views, none owned. */
typedef struct figure_view {
    const scenario *s;
    const economy *e;
    const economy_tally *t;
} figure_view;

/* The declarations of every figure into vars[ECONOMY_FIGURES]. */
void economy_figures_declare(output_variable *vars);
/* The figures' values into rows [ECONOMY_FIGURES × ECONOMY_FIGURE_ROW, the caller's]; values[v]
 * points at figure v's row. */
void economy_figures_fill(const figure_view *view, double *rows, const double **values);
/* Every figure must be finite; the shares (*_adopted, *_share*) in [0, 1]. */
aiecon_status economy_figures_check(const figure_view *view, uint32_t step, aiecon_error *err);
/* Entries of dimension dim in scenario s (1 for -1). economy_record_values (models/economy.h) is
 * defined in figures.c too. */
unsigned economy_dimension_size(const scenario *s, int dim);

/* The name of generation v (0 ≤ v < ECONOMY_MAX_VINTAGES) for a run that starts in month `start`
 * ("YYYY-MM"): "before YYYY" for the opening fleet, the year of its first month for v ≥ 1, "YYYY on"
 * for the last, which holds everything later. Written into name[size]. */
void economy_generation_name(const char *start, unsigned v, char *name, size_t size);

#endif
