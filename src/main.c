/* main.c — the command line, and nothing else (docs/ARCHITECTURE.md, "Errors").
 *
 *   aiecon run SCENARIO.yaml [-o OUT.nc] [--steps N] [--seed S] [--set key.path=value]...
 *              [--checkpoint FILE] [--checkpoint-every N] [--restart FILE] [--[no-]check] [--quiet]
 *   aiecon ensemble SCENARIO.yaml -n MEMBERS [-o FOLDER] [--ranks-per-member R] [--steps N] [--seed BASE]
 *              [--set key.path=value]... [--checkpoint-every N] [--[no-]check] [--quiet]
 *   aiecon check SCENARIO.yaml [--set key.path=value]...
 *   aiecon params [--markdown]
 *   aiecon bench [--kind bass] [--households N] [--steps S] [--degree K] [--rewire B] [--seed S]
 *   aiecon --version | --help | COMMAND --help
 *
 * Every rank parses the same argv and so reaches the same verdict; only rank 0 prints. Exit status:
 * 0 success, 2 bad usage or bad input (nothing written), 1 runtime failure, 3 stopped by a signal. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "aiecon/bench.h"
#include "aiecon/engine/stop.h"
#include "aiecon/params/scenario_params.h"
#include "aiecon/models/ensemble.h"
#include "aiecon/models/run.h"
#include "aiecon/version.h"

static const char *const usage_main =
    "usage: aiecon COMMAND [options]   (start with mpirun/srun for more than one rank)\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.yaml   simulate the scenario and write a NetCDF file\n"
    "  ensemble SCENARIO.yaml -n N  N members (seeds base + 0 .. N-1) in one MPI job, the ranks\n"
    "                      split into groups that run members one after another\n"
    "  check SCENARIO.yaml validate the scenario and print it resolved, as YAML\n"
    "  params [--markdown] list every scenario parameter: key path, type, unit, allowed\n"
    "                      values, default, meaning (--markdown: docs/PARAMETERS.md)\n"
    "  bench               measure the engine's speed (writes no file)\n"
    "\n"
    "  aiecon --version    version and git revision\n"
    "  aiecon COMMAND --help\n"
    "\n"
    "exit status: 0 success, 2 bad usage or input (nothing written), 1 runtime failure,\n"
    "3 stopped by a signal after a checkpoint\n";

static const char *const usage_run =
    "usage: aiecon run SCENARIO.yaml [options]\n"
    "  -o, --output FILE      NetCDF file to write (default: SCENARIO's name with .nc, here)\n"
    "      --steps N          number of monthly steps (overrides run.steps)\n"
    "      --seed S           random seed, 0 to 4294967295 (overrides run.seed)\n"
    "      --set KEY=VALUE    override one scenario value; repeatable; list items by name,\n"
    "                         e.g. --set regions.us.household_agents=50000\n"
    "      --checkpoint FILE  write the whole state to FILE every --checkpoint-every steps and at\n"
    "                         the end (atomically: FILE is always one complete checkpoint)\n"
    "      --checkpoint-every N  steps between checkpoints (default: only at the end)\n"
    "      --restart FILE     continue from checkpoint FILE, on any number of ranks; --steps is the\n"
    "                         whole run's length; an existing -o file is continued, a new one\n"
    "                         starts at the checkpoint's step (docs/RESTART.md)\n"
    "      --check, --check-invariants  assert the model's invariants every step and stop with\n"
    "                         exit 1 naming the first broken one (the default: no measurable cost)\n"
    "      --no-check         do not check the invariants\n"
    "  -q, --quiet            no progress or timing report on stderr\n"
    "  -h, --help             this text\n"
    "SIGUSR1, SIGTERM or SIGINT: checkpoint at the next step (to --checkpoint, or OUT.ckpt.nc\n"
    "beside the output), keep the output so far as .OUT.partial, exit 3 and print the command that\n"
    "resumes (SIGTERM or Ctrl-C to mpirun: mpirun exits 1; the checkpoint's `stopped` attribute\n"
    "records the clean stop). OUT is replaced only by a run that completes; a second run on the same\n"
    "OUT or checkpoint is refused (exit 2).\n";

static const char *const usage_ensemble =
    "usage: aiecon ensemble SCENARIO.yaml -n MEMBERS [options]   (mpirun -n RANKS aiecon ensemble ...)\n"
    "  members 0 .. MEMBERS-1 of the scenario, member i with seed BASE + i, each written to\n"
    "  FOLDER/member_<i>.nc (i with 4 digits) exactly as `aiecon run SCENARIO --seed BASE+i` writes it\n"
    "  alone. The job's ranks are split into groups of --ranks-per-member ranks; each group runs its\n"
    "  share of the members one after another.\n"
    "  -n, --members N        number of members (1 to 1000000)\n"
    "  -o, --output FOLDER    folder for the members (default: SCENARIO's name with -ensemble, here);\n"
    "                         made if missing (its parent must exist)\n"
    "      --ranks-per-member R  ranks of each group (default 1); must divide the job's ranks\n"
    "      --seed BASE        the base seed (default: the scenario's run.seed)\n"
    "      --steps N, --set KEY=VALUE, --check, --no-check  as for aiecon run, for every member\n"
    "      --checkpoint-every N  each member checkpoints every N steps to\n"
    "                         FOLDER/checkpoints/member_<i>.ckpt.nc (default: only when stopped)\n"
    "  -q, --quiet            no progress lines (failures are still reported)\n"
    "  -h, --help             this text\n"
    "Members already complete in FOLDER (same scenario, seed and steps) are skipped: after a stop, a\n"
    "failure or a lost job, run the same command again and only the unfinished members run (a stopped\n"
    "member resumes from its checkpoint). A member that fails is reported and the others go on.\n"
    "FOLDER/ensemble-summary.tsv lists every member's status. SIGUSR1, SIGTERM or SIGINT: every\n"
    "running member checkpoints at its next step and the ensemble exits 3.\n"
    "exit status: 0 all members complete, 1 some member failed (the others completed), 2 bad usage or\n"
    "input (nothing run), 3 stopped by a signal (run the same command again to finish)\n";

static const char *const usage_check =
    "usage: aiecon check SCENARIO.yaml [--steps N] [--seed S] [--set KEY=VALUE]...\n"
    "  validate the scenario (and the overrides) and print the resolved scenario as YAML:\n"
    "  the same text a run records in its output's `scenario` attribute.\n";

static const char *const usage_bench =
    "usage: aiecon bench [options]   (writes no file)\n"
    "      --kind KIND        bass (household Bass adoption step; default) or full (the whole model)\n"
    "      --scenario FILE    --kind full: the scenario scaled to N agents (default inputs/baseline.yaml)\n"
    "      --households N     agents (default 1e6; 1e7 style accepted)\n"
    "      --steps S          steps (default 20)\n"
    "      --degree K         network degree, even (default 8)\n"
    "      --rewire B         rewiring probability (default 0.1)\n"
    "      --seed S           seed (default 1)\n"
    "  -q, --quiet            no per-phase timing\n"
    "prints 'households: X agent-updates/s/core' and 'memory: Y bytes/agent'\n";

/* Parsed command line; the strings point into argv or into `owned`, freed by cli_free. */
typedef struct cli {
    const char *command;
    sim_options sim;
    bench_options bench;
    scenario_override *overrides;
    char **owned;
    int owned_count;
    char *command_line;
    char *default_output;
    char *default_checkpoint;
    char *resume_command;
    ensemble_options ensemble;
    bool steps_option, seed_option;  /* --steps / --seed given: their errors are named so */
    int argc;                 /* the command line in its original order (getopt permutes argv), */
    char **argv;              /* for the resume command: the pointer array is ours */
} cli;

static void cli_free(cli *c)
{
    for (int i = 0; i < c->owned_count; i++) free(c->owned[i]);
    free(c->owned);
    free(c->overrides);
    free(c->command_line);
    free(c->default_output);
    free(c->default_checkpoint);
    free(c->resume_command);
    free(c->argv);
}

/* Keep a copy of "prefix=value" as an override (for --steps and --seed). */
static int cli_add_override(cli *c, const char *prefix, const char *value)
{
    size_t n = strlen(prefix) + strlen(value) + 2;
    char *s = malloc(n);
    if (s == NULL) return -1;
    snprintf(s, n, "%s=%s", prefix, value);
    c->owned[c->owned_count++] = s;
    c->overrides[c->sim.override_count++].assignment = s;
    return 0;
}

/* Output name by default: the scenario's base name with .nc, in the current folder. */
static char *default_output_name(const char *scenario_path)
{
    const char *base = strrchr(scenario_path, '/');
    base = base ? base + 1 : scenario_path;
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".yaml") == 0) n -= 5;
    else if (n > 4 && strcmp(base + n - 4, ".yml") == 0) n -= 4;
    char *out = malloc(n + 4);
    if (out != NULL) {
        memcpy(out, base, n);
        memcpy(out + n, ".nc", 4);
    }
    return out;
}

/* The checkpoint a signal writes when --checkpoint is not given: OUT.nc → OUT.ckpt.nc. */
static char *default_checkpoint_name(const char *output)
{
    size_t n = strlen(output);
    if (n > 3 && strcmp(output + n - 3, ".nc") == 0) n -= 3;
    char *path = malloc(n + sizeof ".ckpt.nc");
    if (path != NULL) snprintf(path, n + sizeof ".ckpt.nc", "%.*s.ckpt.nc", (int)n, output);
    return path;
}

/* Append word to the command at *p, single-quoted if the shell would otherwise split or expand it. */
static char *append_word(char *p, const char *word)
{
    if (word[0] != '\0' && strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                         "-_./=:,+@%") == strlen(word)) {
        return p + sprintf(p, " %s", word);
    }
    p += sprintf(p, " '");
    for (const char *w = word; *w; w++) p += *w == '\'' ? sprintf(p, "'\\''") : sprintf(p, "%c", *w);
    return p + sprintf(p, "'");
}

/* The command that resumes this run: argv without any --restart, plus --restart CHECKPOINT.
 * Malloc'ed, owned by the caller. */
static char *resume_command(int argc, char **argv, const char *checkpoint)
{
    size_t n = 4 * strlen(checkpoint) + 32;
    for (int i = 0; i < argc; i++) n += 4 * strlen(argv[i]) + 3;
    char *s = malloc(n), *p = s;
    if (s == NULL) return NULL;
    *p = '\0';
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--restart") == 0 && i + 1 < argc) {
            i++;
            continue;
        }
        if (strncmp(argv[i], "--restart=", 10) == 0) continue;
        p = append_word(p, argv[i]);
    }
    p = append_word(p, "--restart");
    append_word(p, checkpoint);
    memmove(s, s + 1, strlen(s)); /* the leading space */
    return s;
}

static char *join_argv(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++) n += strlen(argv[i]) + 1;
    char *s = malloc(n), *p = s;
    if (s == NULL) return NULL;
    for (int i = 0; i < argc; i++) p += sprintf(p, i ? " %s" : "%s", argv[i]);
    *p = '\0';
    return s;
}

/* A whole number, possibly written 1e7; -1 if it is not one. */
static double parse_count(const char *text)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !(v >= 0) || v > 1e15 || v != (double)(uint64_t)v) return -1;
    return v;
}

static int parse_run_options(cli *c, int argc, char **argv, int rank)
{
    enum { OPT_STEPS = 256, OPT_SEED, OPT_SET, OPT_CHECKPOINT, OPT_EVERY, OPT_RESTART, OPT_CHECK, OPT_NO_CHECK };
    static const struct option options[] = {
        {"output", required_argument, 0, 'o'}, {"steps", required_argument, 0, OPT_STEPS},
        {"seed", required_argument, 0, OPT_SEED}, {"set", required_argument, 0, OPT_SET},
        {"checkpoint", required_argument, 0, OPT_CHECKPOINT}, {"checkpoint-every", required_argument, 0, OPT_EVERY},
        {"restart", required_argument, 0, OPT_RESTART}, {"check", no_argument, 0, OPT_CHECK},
        {"check-invariants", no_argument, 0, OPT_CHECK}, {"no-check", no_argument, 0, OPT_NO_CHECK},
        {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    bool is_run = strcmp(c->command, "run") == 0;
    c->sim.check = true; /* no measurable cost (docs/HARDENING.md) */
    int opt;
    double every = 0;
    while ((opt = getopt_long(argc, argv, is_run ? "o:qh" : "h", options, NULL)) != -1) {
        if (!is_run && (opt == 'o' || opt == 'q' || opt >= OPT_CHECKPOINT)) opt = '?';
        if (opt == OPT_EVERY && ((every = parse_count(optarg)) < 1 || every > 4294967295.0)) {
            if (rank == 0) fprintf(stderr, "aiecon run: --checkpoint-every needs a whole number of steps from 1, not "
                                   "'%s' (aiecon run --help lists the options)\n", optarg);
            return 2;
        }
        switch (opt) {
        case OPT_CHECKPOINT: c->sim.checkpoint_path = optarg; break;
        case OPT_EVERY: c->sim.checkpoint_every = (uint32_t)every; break;
        case OPT_RESTART: c->sim.restart_path = optarg; break;
        case OPT_CHECK: c->sim.check = true; break;
        case OPT_NO_CHECK: c->sim.check = false; break;
        case 'o': c->sim.output_path = optarg; break;
        case OPT_STEPS: c->steps_option = true; if (cli_add_override(c, "run.steps", optarg)) return 1; break;
        case OPT_SEED: c->seed_option = true; if (cli_add_override(c, "run.seed", optarg)) return 1; break;
        case OPT_SET: c->overrides[c->sim.override_count++].assignment = optarg; break;
        case 'q': c->sim.quiet = true; break;
        case 'h': if (rank == 0) fputs(is_run ? usage_run : usage_check, stdout); return -1;
        default:
            if (rank == 0) fprintf(stderr, "aiecon %s: unknown or incomplete option '%s' (aiecon %s --help lists the "
                                   "options)\n", c->command, argv[optind - 1], c->command);
            return 2;
        }
    }
    if (optind != argc - 1) {
        if (rank == 0) fprintf(stderr, "aiecon %s: expected exactly one scenario file (usage: aiecon %s SCENARIO.yaml "
                               "[options]; aiecon %s --help lists them)\n", c->command, c->command, c->command);
        return 2;
    }
    c->sim.scenario_path = argv[optind];
    if (c->sim.output_path == NULL) {
        c->default_output = default_output_name(c->sim.scenario_path);
        c->sim.output_path = c->default_output;
    }
    if (c->sim.output_path == NULL) return 1;
    if (c->sim.checkpoint_every > 0 && c->sim.checkpoint_path == NULL) {
        if (rank == 0) fprintf(stderr, "aiecon run: --checkpoint-every needs --checkpoint FILE\n");
        return 2;
    }
    c->sim.stop_checkpoint_path = c->sim.checkpoint_path;
    if (c->sim.stop_checkpoint_path == NULL) {
        c->default_checkpoint = default_checkpoint_name(c->sim.output_path);
        c->sim.stop_checkpoint_path = c->default_checkpoint;
    }
    if (c->sim.stop_checkpoint_path == NULL) return 1;
    c->resume_command = resume_command(c->argc, c->argv, c->sim.stop_checkpoint_path);
    c->sim.resume_command = c->resume_command;
    return c->resume_command != NULL ? 0 : 1;
}

/* The ensemble's default folder: the scenario's base name with -ensemble, here. Malloc'ed. */
static char *default_ensemble_folder(const char *scenario_path)
{
    char *nc = default_output_name(scenario_path);
    if (nc == NULL) return NULL;
    size_t n = strlen(nc) - 3;
    char *folder = malloc(n + sizeof "-ensemble");
    if (folder != NULL) snprintf(folder, n + sizeof "-ensemble", "%.*s-ensemble", (int)n, nc);
    free(nc);
    return folder;
}

static int parse_ensemble_options(cli *c, int argc, char **argv, int rank)
{
    enum { OPT_STEPS = 256, OPT_SEED, OPT_SET, OPT_EVERY, OPT_CHECK, OPT_NO_CHECK, OPT_RANKS };
    static const struct option options[] = {
        {"members", required_argument, 0, 'n'}, {"output", required_argument, 0, 'o'},
        {"ranks-per-member", required_argument, 0, OPT_RANKS}, {"steps", required_argument, 0, OPT_STEPS},
        {"seed", required_argument, 0, OPT_SEED}, {"set", required_argument, 0, OPT_SET},
        {"checkpoint-every", required_argument, 0, OPT_EVERY}, {"check", no_argument, 0, OPT_CHECK},
        {"check-invariants", no_argument, 0, OPT_CHECK}, {"no-check", no_argument, 0, OPT_NO_CHECK},
        {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    ensemble_options *e = &c->ensemble;
    e->check = true;
    e->ranks_per_member = 1;
    int opt;
    double v;
    while ((opt = getopt_long(argc, argv, "n:o:qh", options, NULL)) != -1) {
        const char *bad = NULL;
        switch (opt) {
        case 'n':
            v = parse_count(optarg);
            if (v < 1 || v > ENSEMBLE_MAX_MEMBERS) bad = "--members needs a whole number from 1 to 1000000";
            e->members = (uint32_t)v;
            break;
        case OPT_RANKS:
            v = parse_count(optarg);
            if (v < 1 || v > 1000000) bad = "--ranks-per-member needs a whole number of ranks from 1";
            e->ranks_per_member = (int)v;
            break;
        case OPT_EVERY:
            v = parse_count(optarg);
            if (v < 1 || v > 4294967295.0) bad = "--checkpoint-every needs a whole number of steps from 1";
            e->checkpoint_every = (uint32_t)v;
            break;
        case 'o': e->folder = optarg; break;
        case OPT_STEPS: c->steps_option = true; if (cli_add_override(c, "run.steps", optarg)) return 1; break;
        case OPT_SEED: c->seed_option = true; if (cli_add_override(c, "run.seed", optarg)) return 1; break;
        case OPT_SET: c->overrides[c->sim.override_count++].assignment = optarg; break;
        case OPT_CHECK: e->check = true; break;
        case OPT_NO_CHECK: e->check = false; break;
        case 'q': e->quiet = true; break;
        case 'h': if (rank == 0) fputs(usage_ensemble, stdout); return -1;
        default:
            if (rank == 0) fprintf(stderr, "aiecon ensemble: unknown or incomplete option '%s' (aiecon ensemble --help "
                                   "lists the options)\n", argv[optind - 1]);
            return 2;
        }
        if (bad != NULL) {
            if (rank == 0) fprintf(stderr, "aiecon ensemble: %s, not '%s' (aiecon ensemble --help lists the options)\n",
                                   bad, optarg);
            return 2;
        }
    }
    if (optind != argc - 1) {
        if (rank == 0) fprintf(stderr, "aiecon ensemble: expected exactly one scenario file (usage: aiecon ensemble "
                               "SCENARIO.yaml -n MEMBERS [options]; aiecon ensemble --help lists them)\n");
        return 2;
    }
    if (e->members == 0) {
        if (rank == 0) fprintf(stderr, "aiecon ensemble: how many members? give -n MEMBERS (aiecon ensemble --help)\n");
        return 2;
    }
    e->scenario_path = argv[optind];
    if (e->folder == NULL) e->folder = c->default_output = default_ensemble_folder(e->scenario_path);
    e->overrides = c->overrides;
    e->override_count = c->sim.override_count;
    e->command_line = c->command_line;
    return e->folder != NULL ? 0 : 1;
}

static int parse_bench_options(cli *c, int argc, char **argv, int rank)
{
    enum { OPT_KIND = 256, OPT_HOUSEHOLDS, OPT_STEPS, OPT_DEGREE, OPT_REWIRE, OPT_SEED, OPT_SCENARIO };
    static const struct option options[] = {
        {"kind", required_argument, 0, OPT_KIND}, {"households", required_argument, 0, OPT_HOUSEHOLDS},
        {"steps", required_argument, 0, OPT_STEPS}, {"degree", required_argument, 0, OPT_DEGREE},
        {"rewire", required_argument, 0, OPT_REWIRE}, {"seed", required_argument, 0, OPT_SEED},
        {"scenario", required_argument, 0, OPT_SCENARIO},
        {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    c->bench = (bench_options){"bass", 1000000, 20, 8, 0.1, 1, false, NULL};
    int opt;
    double v = 0;
    char *end;
    while ((opt = getopt_long(argc, argv, "qh", options, NULL)) != -1) {
        bool bad = false;
        switch (opt) {
        case OPT_KIND: c->bench.kind = optarg; break;
        case OPT_SCENARIO: c->bench.scenario = optarg; break;
        case OPT_HOUSEHOLDS: v = parse_count(optarg); bad = v < 0; c->bench.households = (uint64_t)v; break;
        case OPT_STEPS: v = parse_count(optarg); bad = v < 1 || v > 1e6; c->bench.steps = (uint32_t)v; break;
        case OPT_DEGREE: v = parse_count(optarg); bad = v < 2 || v > 1000; c->bench.degree = (uint32_t)v; break;
        case OPT_SEED: v = parse_count(optarg); bad = v < 0 || v > 4294967295.0; c->bench.seed = (uint32_t)v; break;
        case OPT_REWIRE:
            c->bench.rewire = strtod(optarg, &end);
            bad = *end != '\0' || end == optarg;
            break;
        case 'q': c->bench.quiet = true; break;
        case 'h': if (rank == 0) fputs(usage_bench, stdout); return -1;
        default: bad = true;
        }
        if (bad) {
            if (rank == 0) fprintf(stderr, "aiecon bench: bad option '%s' (aiecon bench --help lists the options)\n",
                                   argv[optind - 1]);
            return 2;
        }
    }
    if (optind != argc) {
        if (rank == 0) fprintf(stderr, "aiecon bench: unexpected argument '%s' (aiecon bench --help lists the "
                               "options)\n", argv[optind]);
        return 2;
    }
    return 0;
}

/* 0 to go on, -1 when done successfully (help), otherwise an exit status. */
static int parse(cli *c, int argc, char **argv, int rank)
{
    if (argc < 2) {
        if (rank == 0) {
            fputs("usage: aiecon COMMAND [options]; commands run, ensemble, check, params, bench (aiecon --help says "
                  "more)\n",
                  stderr);
        }
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        if (rank == 0) fputs(usage_main, stdout);
        return -1;
    }
    if (strcmp(argv[1], "--version") == 0) {
        if (rank == 0) printf("aiecon %s (git %s)\n", AIECON_VERSION, AIECON_GIT_REVISION);
        return -1;
    }
    if (strcmp(argv[1], "params") == 0) {   /* the parameter table; docs/PARAMETERS.md */
        int markdown = argc == 3 && strcmp(argv[2], "--markdown") == 0;
        if (argc > 3 || (argc == 3 && !markdown)) {
            if (rank == 0) fputs("usage: aiecon params [--markdown]\n", argc == 3 && strcmp(argv[2], "--help") == 0 ? stdout : stderr);
            return argc == 3 && strcmp(argv[2], "--help") == 0 ? -1 : 2;
        }
        return rank == 0 && params_print(stdout, &scenario_params, markdown) != 0 ? 1 : -1;
    }
    c->command = argv[1];
    c->argc = argc;
    c->argv = malloc((size_t)argc * sizeof *c->argv);
    c->command_line = join_argv(argc, argv);
    c->overrides = calloc((size_t)argc, sizeof *c->overrides);
    c->owned = calloc((size_t)argc, sizeof *c->owned);
    if (c->argv == NULL || c->command_line == NULL || c->overrides == NULL || c->owned == NULL) return 1;
    memcpy(c->argv, argv, (size_t)argc * sizeof *argv);
    c->sim.overrides = c->overrides;
    c->sim.command_line = c->command_line;
    opterr = 0;
    optind = 1;
    if (strcmp(c->command, "run") == 0 || strcmp(c->command, "check") == 0) {
        return parse_run_options(c, argc - 1, argv + 1, rank);
    }
    if (strcmp(c->command, "bench") == 0) {
        return parse_bench_options(c, argc - 1, argv + 1, rank);
    }
    if (strcmp(c->command, "ensemble") == 0) {
        return parse_ensemble_options(c, argc - 1, argv + 1, rank);
    }
    if (rank == 0) fprintf(stderr, "aiecon: unknown command '%s' (commands: run, ensemble, check, params, bench; "
                           "aiecon --help)\n",
                           c->command);
    return 2;
}

static int execute(const cli *c, int rank)
{
    aiecon_error err = {""};
    aiecon_status rc;
    if (strcmp(c->command, "run") == 0) {
        rc = sim_run(MPI_COMM_WORLD, &c->sim, &err);
    } else if (strcmp(c->command, "ensemble") == 0) {
        rc = ensemble_run(MPI_COMM_WORLD, &c->ensemble, &err);
        if (rc == AIECON_OK && rank == 0 && !c->ensemble.quiet) fprintf(stderr, "%s\n", err.message);
    } else if (strcmp(c->command, "check") == 0) {
        char *yaml = NULL;
        rc = sim_check(MPI_COMM_WORLD, &c->sim, &yaml, &err);
        if (rc == AIECON_OK && rank == 0) fputs(yaml, stdout);
        free(yaml);
    } else {
        rc = bench_run(MPI_COMM_WORLD, &c->bench, &err);
    }
    if (rc != AIECON_OK && rank == 0) {
        /* the scenario module names an override by its key ("--set: run.steps: ..."); say which option */
        const char *m = err.message;
        if (c->steps_option && strncmp(m, "--set: run.steps:", 17) == 0) fprintf(stderr, "--steps (run.steps):%s\n", m + 17);
        else if (c->seed_option && strncmp(m, "--set: run.seed:", 16) == 0) fprintf(stderr, "--seed (run.seed):%s\n", m + 16);
        else fprintf(stderr, "%s\n", m);
    }
    return (int)rc;
}

int main(int argc, char **argv)
{
    /* a run's stop handler before anything else: a job's SIGUSR1 in the first moments (while MPI
     * starts) then stops the run at its first step instead of killing the process (stop.h) */
    if (argc > 1 && (strcmp(argv[1], "run") == 0 || strcmp(argv[1], "ensemble") == 0)) stop_install();
    if (MPI_Init(&argc, &argv) != MPI_SUCCESS) {
        fputs("aiecon: MPI_Init failed\n", stderr);
        return 1;
    }
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    cli c;
    memset(&c, 0, sizeof c);
    int status = parse(&c, argc, argv, rank);
    if (status == 0) {
        status = execute(&c, rank);
    } else if (status < 0) {
        status = 0;
    }
    cli_free(&c);
    MPI_Finalize();
    return status;
}
