/* run.c — one run from scenario to output file (see run.h): the bridge between the command line,
 * the scenario loader and the engine's driver.
 *
 * Set-up validates everything that can be wrong with the input before anything is allocated or
 * written (scenario, memory, output folder, free space), so bad input always exits 2 with nothing
 * written. Then it picks the model the scenario describes (economy when it has labs, the Bass
 * diffusion otherwise), makes its instance, and hands both to driver_run, which steps, writes,
 * checkpoints and stops on a signal the same way for every model; it also gets the scenario file
 * and the files it extends, which no output or checkpoint may overwrite (run_paths.h). The signal
 * handler is installed for the whole run (stop.h; main installs it first thing, before MPI_Init). Every failure that could strike some ranks only is agreed
 * across ranks (parallel_agree) before anyone moves on. */
#include "aiecon/models/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "aiecon/engine/driver.h"
#include "aiecon/engine/files.h"
#include "aiecon/engine/output.h"
#include "aiecon/engine/parallel.h"
#include "aiecon/engine/stop.h"
#include "aiecon/engine/timer.h"
#include "aiecon/models/diffusion.h"
#include "aiecon/models/economy.h"

enum { RUN_PATH_LEN = 4096, RUN_CHAIN_MAX = 10 };

double sim_peak_bytes_per_agent(unsigned degree)
{
    /* steady state: 4 bytes per edge end + offsets, state, weights, ghosts (about 20 bytes);
     * the network build (engine/network.c) adds about k/16 + 14·k·beta bytes of temporaries,
     * bounded here for beta up to 0.85 (beyond, the build's peak may pass it by up to 2·k). Measured (docs/PERFORMANCE.md): 48.5 B/agent at the peak for
     * k = 8, beta = 0.1, so this bound is about 4 times the need: it refuses only what cannot fit. */
    return 16.0 * degree + 64.0;
}

unsigned sim_largest_degree(const scenario *s)
{
    unsigned k = s->households.network.degree;
    if (s->has_economy && s->businesses.network.degree > k) k = s->businesses.network.degree;
    return k;
}

double sim_memory_per_rank(MPI_Comm comm)
{
    MPI_Comm node;
    int on_node = 1;
    if (MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
        MPI_Comm_size(node, &on_node);
        MPI_Comm_free(&node);
    }
    double bytes = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE) / on_node;
    double least;
    MPI_Allreduce(&bytes, &least, 1, MPI_DOUBLE, MPI_MIN, comm);
    return least; /* the same on every rank, so every rank reaches the same verdict */
}

/* Rank 0: refuse (exit 1, naming the path) a run whose output cannot fit in the free space of its
 * folder. `need` is a lower bound (the raw values of every record), so a run that could succeed
 * is never refused. Why: a run that cannot fit is told at once, before anything is built; a disk
 * that fills later is caught by the output's reserve (reserve.h, docs/HARDENING.md). */
static aiecon_status check_space_local(const char *path, double need, aiecon_error *err)
{
    char folder[4096];
    files_folder(path, folder, sizeof folder);
    struct statvfs fs;
    if (statvfs(folder, &fs) != 0) return AIECON_OK; /* unknown: the write will tell */
    double free_bytes = (double)fs.f_bavail * (double)fs.f_frsize;
    if (free_bytes >= need) return AIECON_OK;
    return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot write output: %.0f bytes free in %s, the output "
                       "needs at least %.0f", path, free_bytes, folder, need);
}

/* Collective: the output's free-space check (above), agreed across ranks. */
static aiecon_status check_space(MPI_Comm comm, const scenario *s, const char *path, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    double per_record = s->has_economy ? economy_record_values(s) : diffusion_record_values(s);
    double need = 8.0 * (per_record + 4.0) * ((double)s->run.steps + 1.0); /* + time, its bounds, the flag */
    return parallel_agree(comm, rank == 0 ? check_space_local(path, need, err) : AIECON_OK, err);
}

/* Rank 0: the loaded scenario's warnings about overrides that cannot act, on stderr. */
static void warn_inert(MPI_Comm comm, const scenario *s)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    const char *notes = scenario_notes(s);
    for (const char *line = notes; rank == 0 && line != NULL && *line != '\0';) {
        size_t n = strcspn(line, "\n");
        fprintf(stderr, "warning: %.*s\n", (int)n, line);
        line += n + (line[n] == '\n');
    }
}

/* Load and check everything about the input before anything is built or written. */
static aiecon_status sim_load(MPI_Comm comm, const sim_options *o, scenario **scn, aiecon_error *err)
{
    int ranks;
    MPI_Comm_size(comm, &ranks);
    aiecon_status rc = scenario_load_mpi(comm, o->scenario_path, o->overrides, o->override_count, scn, err);
    if (rc != AIECON_OK) return rc;
    warn_inert(comm, *scn);
    rc = scenario_check_memory(*scn, ranks, sim_peak_bytes_per_agent(sim_largest_degree(*scn)),
                               sim_memory_per_rank(comm), err);
    if (rc != AIECON_OK) return rc;
    rc = output_check_target(comm, o->output_path, err);
    /* a restart may continue an existing file, whose size this bound does not know: no check then */
    if (rc != AIECON_OK || o->restart_path != NULL) return rc;
    return check_space(comm, *scn, o->output_path, err);
}

char *sim_identity_text(const scenario *s, aiecon_error *err)
{
    scenario copy = *s; /* shallow: scenario_to_yaml only reads */
    copy.run.steps = 0;
    copy.run.seed = 0;
    return scenario_to_yaml(&copy, err);
}

/* Rank 0: the parameters' text without the run's length and seed (the checkpoint identity), and
 * the resolved parameters (the output's record); malloc'ed, caller frees. */
static aiecon_status describe(const scenario *s, char **identity, char **yaml, aiecon_error *err)
{
    *identity = sim_identity_text(s, err);
    *yaml = *identity != NULL ? scenario_to_yaml(s, err) : NULL;
    return *yaml != NULL ? AIECON_OK : AIECON_ERR_RUNTIME;
}

/* The value of a top-level `extends:` line of the file at path into out (0 if none). */
static int extends_of(const char *path, char *out, size_t size)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) return 0;
    char line[RUN_PATH_LEN + 64];
    int found = 0;
    while (!found && fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "extends:", 8) != 0) continue;
        char *v = line + 8 + strspn(line + 8, " \t");
        char quote = *v == '"' || *v == '\'' ? *v++ : '\0';
        size_t n = quote ? strcspn(v, quote == '"' ? "\"" : "'") : strcspn(v, " \t#\r\n");
        v[n] = '\0';
        found = n > 0;
        if (found) snprintf(out, size, "%s", v);
    }
    fclose(f);
    return found;
}

/* Rank 0: the scenario file and every file it extends (relative to the folder of the file that
 * names it), into chain[RUN_CHAIN_MAX]; returns how many. What the run must never write over. */
static unsigned scenario_files(const char *scenario, char chain[][RUN_PATH_LEN])
{
    unsigned count = 0;
    char name[RUN_PATH_LEN], folder[RUN_PATH_LEN];
    snprintf(chain[0], RUN_PATH_LEN, "%s", scenario);
    while (++count < RUN_CHAIN_MAX && extends_of(chain[count - 1], name, sizeof name)) {
        files_folder(chain[count - 1], folder, sizeof folder);
        if (name[0] == '/' || snprintf(chain[count], RUN_PATH_LEN, "%s/%s", folder, name) >= RUN_PATH_LEN) {
            snprintf(chain[count], RUN_PATH_LEN, "%s", name);
        }
    }
    return count;
}

/* The run's --set assignments as the output's `overrides` attribute: one `key.path=value` a line,
 * in command-line order, without run.steps and run.seed (--steps and --seed arrive as overrides of
 * those keys, and the file records them anyway: the scenario's run.steps, the attribute `seed`), so
 * that a sweep's rows are told apart by the parameters they set. "" when there are none. Malloc'ed,
 * caller frees; NULL if out of memory. */
static char *overrides_text(const sim_options *o)
{
    size_t size = 1;
    for (int i = 0; i < o->override_count; i++) size += strlen(o->overrides[i].assignment) + 1;
    char *text = malloc(size), *end = text;
    if (text == NULL) return NULL;
    *end = '\0';
    for (int i = 0; i < o->override_count; i++) {
        const char *a = o->overrides[i].assignment;
        size_t key = strcspn(a, "=");
        if ((key == 9 && strncmp(a, "run.steps", 9) == 0) || (key == 8 && strncmp(a, "run.seed", 8) == 0)) continue;
        end += sprintf(end, "%s%s", end == text ? "" : "\n", a);
    }
    return text;
}

/* The driver's view of the command line's options. */
static driver_options driver_options_of(const sim_options *o)
{
    return (driver_options){.output_path = o->output_path,
                            .quiet = o->quiet,
                            .check = o->check,
                            .command_line = o->command_line,
                            .checkpoint_path = o->checkpoint_path,
                            .checkpoint_every = o->checkpoint_every,
                            .stop_checkpoint_path = o->stop_checkpoint_path,
                            .restart_path = o->restart_path,
                            .resume_command = o->resume_command};
}

/* Collective: the model of s (economy with labs, diffusion without) through the driver. */
static aiecon_status run_model(MPI_Comm comm, const sim_options *o, const scenario *s, timer_set *timers,
                               aiecon_error *err)
{
    char *identity = NULL, *yaml = NULL;
    aiecon_status rc = parallel_agree(comm, describe(s, &identity, &yaml, err), err);
    const model *m = s->has_economy ? &economy_model : &diffusion_model;
    void *self = NULL;
    if (rc == AIECON_OK) {
        rc = s->has_economy ? economy_run_create(s, (economy_run **)&self, err)
                            : diffusion_run_create(s, (diffusion_run **)&self, err);
        rc = parallel_agree(comm, rc, err);
    }
    int rank;
    MPI_Comm_rank(comm, &rank);
    char (*chain)[RUN_PATH_LEN] = rank == 0 ? malloc(RUN_CHAIN_MAX * sizeof *chain) : NULL;
    if (rc == AIECON_OK) {
        rc = parallel_agree(comm, rank != 0 || chain != NULL ? AIECON_OK
                                  : aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", o->scenario_path), err);
    }
    char *overrides = overrides_text(o);
    if (rc == AIECON_OK) {
        rc = parallel_agree(comm, overrides != NULL ? AIECON_OK
                                  : aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: out of memory", o->scenario_path), err);
    }
    if (rc == AIECON_OK) {
        driver_options d = driver_options_of(o);
        const char *inputs[RUN_CHAIN_MAX];
        d.input_count = rank == 0 ? scenario_files(o->scenario_path, chain) : 0;
        for (unsigned i = 0; i < d.input_count; i++) inputs[i] = chain[i];
        d.inputs = inputs;
        driver_run_info info = {.title = s->title, .parameters_yaml = yaml, .identity_text = identity,
                                .start = s->run.start, .seed = s->run.seed, .steps = s->run.steps,
                                .overrides = overrides};
        rc = driver_run(comm, &d, &info, m, self, timers, NULL, err);
    }
    m->release(self);
    free(overrides);
    free(chain);
    free(identity);
    free(yaml);
    return rc;
}

aiecon_status sim_run(MPI_Comm comm, const sim_options *o, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    timer_set timers;
    timer_init(&timers);
    scenario *s = NULL;
    timer_start(&timers, TIMER_SETUP);
    aiecon_status rc = sim_load(comm, o, &s, err);
    timer_stop(&timers, TIMER_SETUP);
    if (rc == AIECON_OK) {
        rc = parallel_agree(comm, stop_install() == 0 ? AIECON_OK
                                  : aiecon_fail(err, AIECON_ERR_RUNTIME, "sim: cannot install signal handlers"), err);
    }
    if (rc == AIECON_OK) rc = run_model(comm, o, s, &timers, err);
    if ((rc == AIECON_OK || rc == AIECON_STOPPED) && !o->quiet) {
        timer_report(&timers, comm, stderr);
        if (rank == 0 && rc == AIECON_OK) fprintf(stderr, "wrote %s\n", o->output_path);
    }
    if (!o->keep_stop_handler) stop_uninstall();
    scenario_free(s);
    return rc;
}

aiecon_status sim_check(MPI_Comm comm, const sim_options *o, char **yaml, aiecon_error *err)
{
    int ranks;
    MPI_Comm_size(comm, &ranks);
    *yaml = NULL;
    scenario *s = NULL;
    aiecon_status rc = scenario_load_mpi(comm, o->scenario_path, o->overrides, o->override_count, &s, err);
    if (rc == AIECON_OK) warn_inert(comm, s);
    if (rc == AIECON_OK) {
        rc = scenario_check_memory(s, ranks, sim_peak_bytes_per_agent(sim_largest_degree(s)),
                                   sim_memory_per_rank(comm), err);
    }
    if (rc == AIECON_OK) {
        *yaml = scenario_to_yaml(s, err);
        rc = *yaml != NULL ? AIECON_OK : AIECON_ERR_RUNTIME;
    }
    scenario_free(s);
    return rc;
}
