/* bass_fit.c — fit the Bass closed form to a run's adoption curve and judge the fit.
 *
 *   bass_fit RUN.nc [--region R] [--tolerance 0.01]
 *
 * Reads households_adopted(time, region) and time (days, 30 per month), fits
 *   F(t) = (1 − e^{−(p+q)(t−t0)}) / (1 + (q/p) e^{−(p+q)(t−t0)}),  t in months,
 * for p, q and the offset t0 with GSL's nonlinear least squares (trust region, finite-difference
 * Jacobian), prints the fitted values and the worst absolute residual, and exits 0 when that residual
 * is within the tolerance, 1 when not, 2 when the file cannot be read. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>
#include <netcdf.h>

typedef struct curve {
    size_t n;
    double *t; /* months */
    double *f; /* adopted share */
} curve;

static double bass_closed_form(double p, double q, double t0, double t)
{
    double e = exp(-(p + q) * (t - t0));
    return (1.0 - e) / (1.0 + (q / p) * e);
}

static int residuals(const gsl_vector *x, void *data, gsl_vector *r)
{
    const curve *c = data;
    double p = gsl_vector_get(x, 0), q = gsl_vector_get(x, 1), t0 = gsl_vector_get(x, 2);
    for (size_t i = 0; i < c->n; i++) {
        gsl_vector_set(r, i, bass_closed_form(p, q, t0, c->t[i]) - c->f[i]);
    }
    return GSL_SUCCESS;
}

static int read_curve(const char *path, int region, curve *c)
{
    int ncid, tdim, tvar, fvar;
    if (nc_open(path, NC_NOWRITE, &ncid) != NC_NOERR) return -1;
    int ok = nc_inq_dimid(ncid, "time", &tdim) == NC_NOERR && nc_inq_dimlen(ncid, tdim, &c->n) == NC_NOERR &&
             nc_inq_varid(ncid, "time", &tvar) == NC_NOERR &&
             nc_inq_varid(ncid, "households_adopted", &fvar) == NC_NOERR && c->n >= 4;
    if (ok) {
        c->t = malloc(c->n * sizeof *c->t);
        c->f = malloc(c->n * sizeof *c->f);
        size_t start[2] = {0, (size_t)region}, count[2] = {c->n, 1};
        ok = c->t && c->f && nc_get_var_double(ncid, tvar, c->t) == NC_NOERR &&
             nc_get_vara_double(ncid, fvar, start, count, c->f) == NC_NOERR;
    }
    nc_close(ncid);
    if (!ok) return -1;
    for (size_t i = 0; i < c->n; i++) c->t[i] /= 30.0;
    return 0;
}

/* Fit from one starting point; returns the worst absolute residual (or INFINITY on failure). */
static double fit_from(curve *c, const double guess[3], double fitted[3])
{
    gsl_multifit_nlinear_fdf fdf = {residuals, NULL, NULL, c->n, 3, c, 0, 0, 0};
    gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, c->n, 3);
    gsl_vector_const_view x0 = gsl_vector_const_view_array(guess, 3);
    gsl_multifit_nlinear_init(&x0.vector, &fdf, w);
    int info;
    int status = gsl_multifit_nlinear_driver(500, 1e-12, 1e-12, 1e-12, NULL, NULL, &info, w);
    double worst = INFINITY;
    if (status == GSL_SUCCESS || status == GSL_EMAXITER) {
        for (int i = 0; i < 3; i++) fitted[i] = gsl_vector_get(w->x, i);
        if (fitted[0] > 0 && fitted[1] >= 0) {
            worst = 0.0;
            for (size_t i = 0; i < c->n; i++) {
                double r = fabs(bass_closed_form(fitted[0], fitted[1], fitted[2], c->t[i]) - c->f[i]);
                worst = r > worst ? r : worst;
            }
        }
    }
    gsl_multifit_nlinear_free(w);
    return worst;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bass_fit RUN.nc [--region R] [--tolerance T]\n");
        return 2;
    }
    int region = 0;
    double tolerance = 0.01;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--region") == 0) region = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--tolerance") == 0) tolerance = atof(argv[i + 1]);
    }
    curve c = {0, NULL, NULL};
    if (read_curve(argv[1], region, &c) != 0) {
        fprintf(stderr, "bass_fit: %s: not an aiecon output with households_adopted(time, region)\n", argv[1]);
        free(c.t);
        free(c.f);
        return 2;
    }
    gsl_set_error_handler_off();
    static const double guesses[][3] = {{0.003, 0.1, 0.0}, {0.01, 0.3, 0.0}, {0.001, 0.05, 0.0}, {0.03, 0.5, 0.0}};
    double best[3] = {0, 0, 0}, best_worst = INFINITY;
    for (size_t g = 0; g < sizeof guesses / sizeof guesses[0]; g++) {
        double fitted[3];
        double worst = fit_from(&c, guesses[g], fitted);
        if (worst < best_worst) {
            best_worst = worst;
            memcpy(best, fitted, sizeof best);
        }
    }
    printf("bass fit: p = %.6f /month, q = %.6f /month, t0 = %.3f months, final share %.4f, "
           "worst |residual| = %.5f (tolerance %.3g) over %zu points\n",
           best[0], best[1], best[2], c.f[c.n - 1], best_worst, tolerance, c.n);
    free(c.t);
    free(c.f);
    return best_worst <= tolerance ? 0 : 1;
}
