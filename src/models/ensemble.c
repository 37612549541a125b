/* ensemble.c — an ensemble inside one MPI job (see ensemble.h).
 *
 * What it does: on the whole job, check the input once (scenario, overrides, memory, rank count,
 * folder), plan which members are still to run (rank 0 asks published.h of every member file),
 * create the folder and take the ensemble's lock on it (lock.h, on FOLDER/ensemble-summary.tsv,
 * so two ensembles never run in one folder); then split the ranks into groups with MPI_Comm_split
 * and let each group run its share of the members (the plan's j-th member to group j mod groups)
 * through sim_run on its own communicator; finally gather every member's outcome on rank 0, which
 * writes the summary (ensemble_summary.c) and the verdict every rank returns.
 * Why this design: a member is exactly an `aiecon run` (same code path, same files, same
 * checkpoints, same locks), so "identical to the member run alone" holds by construction and the
 * engine's safety (outputs published only when complete, checkpoints, stale locks taken over)
 * carries over; a static share needs no messages between groups while they run (members of one
 * scenario take about the same time), so a group never waits on another until the end, and a
 * failing member only ever involves its own group. A signal (stop.h) stops every group at its
 * next step: each stopped member leaves its checkpoint, and the same command resumes it.
 * What it costs: one MPI job start for all members instead of one per member; per member, the
 * scenario is read again (milliseconds) and the output folder's files are stat'ed for progress.
 * No global state (the signal flag is stop.c's). */
#include "aiecon/models/ensemble.h"
#include "ensemble_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aiecon/engine/files.h"
#include "aiecon/engine/lock.h"
#include "aiecon/engine/parallel.h"
#include "aiecon/engine/published.h"
#include "aiecon/engine/stop.h"
#include "aiecon/models/run.h"

void ensemble_member_name(uint32_t member, const char *suffix, char *buf, size_t size)
{
    snprintf(buf, size, "member_%04u%s", member, suffix);
}

void ensemble_member_path(const char *folder, uint32_t member, const char *suffix, char *buf, size_t size)
{
    char name[64];
    ensemble_member_name(member, suffix, name, sizeof name);
    snprintf(buf, size, "%s/%s", folder, name);
}

/* Rank 0: the folder exists and is a writable folder, or can be made (its parent exists). */
static aiecon_status check_folder(const char *folder, aiecon_error *err)
{
    struct stat st;
    if (folder[0] == '\0') return aiecon_fail(err, AIECON_ERR_INPUT, "aiecon ensemble: -o needs a folder, not ''");
    if (stat(folder, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write the ensemble there: it is not a folder", folder);
        }
        if (access(folder, W_OK | X_OK) != 0) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot write the ensemble there: the folder is not "
                               "writable", folder);
        }
        return AIECON_OK;
    }
    char parent[ENSEMBLE_PATH_LEN];
    files_folder(folder, parent, sizeof parent);
    if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode)) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot make the ensemble folder: folder %s does not exist",
                           folder, parent);
    }
    if (access(parent, W_OK | X_OK) != 0) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: cannot make the ensemble folder: folder %s is not writable",
                           folder, parent);
    }
    return AIECON_OK;
}

/* Rank 0: which members are complete already (published.h); a member file of another run refuses
 * the ensemble (it would mix runs in one folder). */
static aiecon_status plan_members(const ensemble_options *o, const char *identity_text, ensemble_plan *p,
                                  aiecon_error *err)
{
    char path[ENSEMBLE_PATH_LEN], why[ENSEMBLE_MESSAGE_LEN];
    checkpoint_identity id;
    aiecon_status rc = checkpoint_identity_make(identity_text, 0, &id, err);
    for (uint32_t i = 0; i < p->members && rc == AIECON_OK; i++) {
        id.seed = ensemble_seed(p, i);
        ensemble_member_path(o->folder, i, ".nc", path, sizeof path);
        published_state state = published_check(path, &id, p->steps, why, sizeof why);
        if (state == PUBLISHED_OTHER_RUN) {
            rc = aiecon_fail(err, AIECON_ERR_INPUT, "%s; an ensemble folder holds the members of one ensemble: run "
                             "this one in a new folder (-o), or remove the file", why);
        }
        p->state[i] = state == PUBLISHED_COMPLETE ? ENSEMBLE_DONE_EARLIER : ENSEMBLE_TODO;
    }
    checkpoint_identity_free(&id);
    return rc;
}

/* Rank 0: make the folder (an existing one is fine), take the lock, then make checkpoints/. */
static aiecon_status claim_folder(const char *folder, run_lock *lock, aiecon_error *err)
{
    char path[ENSEMBLE_PATH_LEN];
    if (mkdir(folder, 0777) != 0 && errno != EEXIST) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot make the ensemble folder: %s", folder, strerror(errno));
    }
    snprintf(path, sizeof path, "%s/%s", folder, ENSEMBLE_SUMMARY);
    aiecon_status rc = lock_acquire(path, "ensemble folder", lock, err);
    snprintf(path, sizeof path, "%s/checkpoints", folder);
    if (rc == AIECON_OK && mkdir(path, 0777) != 0 && errno != EEXIST) {
        rc = aiecon_fail(err, AIECON_ERR_RUNTIME, "%s: cannot make the checkpoint folder: %s", path, strerror(errno));
        lock_release(lock);
    }
    return rc;
}

/* Collective: everything checked before a member runs; the plan on every rank (p owns its state
 * array: ensemble_plan_free). On rank 0, *lock holds the folder's lock on success. */
static aiecon_status prepare(MPI_Comm comm, const ensemble_options *o, ensemble_plan *p, run_lock *lock,
                             aiecon_error *err)
{
    int rank, ranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    memset(p, 0, sizeof *p);
    p->members = o->members;
    if (o->ranks_per_member < 1 || ranks % o->ranks_per_member != 0) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "aiecon ensemble: --ranks-per-member %d does not divide the job's "
                           "%d rank(s): start a multiple of it (mpirun -n)", o->ranks_per_member, ranks);
    }
    p->groups = ranks / o->ranks_per_member;
    scenario *s = NULL;
    aiecon_status rc = scenario_load_mpi(comm, o->scenario_path, o->overrides, o->override_count, &s, err);
    if (rc == AIECON_OK) {
        rc = scenario_check_memory(s, o->ranks_per_member, sim_peak_bytes_per_agent(sim_largest_degree(s)),
                                   sim_memory_per_rank(comm), err);
    }
    char *identity = NULL;
    if (rc == AIECON_OK) {
        p->base_seed = s->run.seed;
        p->steps = s->run.steps;
        p->state = calloc(p->members, 1);
        identity = rank == 0 ? sim_identity_text(s, err) : NULL;
        aiecon_status mine = p->state == NULL || (rank == 0 && identity == NULL)
                             ? aiecon_fail(err, AIECON_ERR_RUNTIME, "aiecon ensemble: out of memory") : AIECON_OK;
        rc = parallel_agree(comm, mine, err);
    }
    scenario_free(s);
    if (rc == AIECON_OK) {
        aiecon_status mine = AIECON_OK;
        if (rank == 0) mine = check_folder(o->folder, err);
        if (rank == 0 && mine == AIECON_OK) mine = plan_members(o, identity, p, err);
        if (rank == 0 && mine == AIECON_OK) mine = claim_folder(o->folder, lock, err);
        rc = parallel_agree(comm, mine, err);
    }
    free(identity);
    if (rc != AIECON_OK) return rc;
    p->started = ensemble_clock();
    MPI_Bcast(p->state, (int)p->members, MPI_UNSIGNED_CHAR, 0, comm);
    MPI_Bcast(&p->started, 1, MPI_DOUBLE, 0, comm);
    for (uint32_t i = 0; i < p->members; i++) {
        if (p->state[i] == ENSEMBLE_TODO) p->todo++;
    }
    p->done_before = p->members - p->todo;
    return AIECON_OK;
}

double ensemble_clock(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void ensemble_plan_free(ensemble_plan *p)
{
    free(p->state);
    p->state = NULL;
}

uint32_t ensemble_seed(const ensemble_plan *p, uint32_t member)
{
    return (uint32_t)(((uint64_t)p->base_seed + member) % 4294967296ULL);
}

/* The options of member i (strings in m's buffers, overrides in `overrides`: o's plus the seed). */
static void member_options(const ensemble_options *o, const ensemble_plan *p, uint32_t i, ensemble_member *m,
                           scenario_override *overrides, sim_options *so)
{
    ensemble_member_path(o->folder, i, ".nc", m->output, sizeof m->output);
    snprintf(m->checkpoint, sizeof m->checkpoint, "%s/checkpoints/", o->folder);
    ensemble_member_name(i, ".ckpt.nc", m->checkpoint + strlen(m->checkpoint),
                         sizeof m->checkpoint - strlen(m->checkpoint));
    snprintf(m->seed, sizeof m->seed, "run.seed=%u", ensemble_seed(p, i));
    snprintf(m->history, sizeof m->history, "%s  [member %u, seed %u]", o->command_line, i, ensemble_seed(p, i));
    for (int k = 0; k < o->override_count; k++) overrides[k] = o->overrides[k];
    overrides[o->override_count].assignment = m->seed;
    memset(so, 0, sizeof *so);
    so->scenario_path = o->scenario_path;
    so->output_path = m->output;
    so->overrides = overrides;
    so->override_count = o->override_count + 1;
    so->quiet = true;                 /* the ensemble reports per member (ensemble_summary.c) */
    so->check = o->check;
    so->command_line = m->history;
    so->checkpoint_path = o->checkpoint_every > 0 ? m->checkpoint : NULL;
    so->checkpoint_every = o->checkpoint_every;
    so->stop_checkpoint_path = m->checkpoint;
    so->restart_path = NULL;    /* run_member decides */
    so->resume_command = o->command_line;
    so->keep_stop_handler = true;
}

/* Group rank 0: 1 when member i can resume from its checkpoint: the checkpoint exists and so does
 * the output so far (the `.NAME.partial` a stop left, or an earlier target the checkpoint extends).
 * After a kill the output being written is lost with the job (output.h), and a checkpoint alone
 * would give a file that starts at its step: such a member runs again from step 0. */
static int can_resume(const ensemble_member *m)
{
    struct stat st;
    if (stat(m->checkpoint, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) return 0;
    char *partial = files_sibling(m->output, "partial");
    int found = (partial != NULL && stat(partial, &st) == 0) || stat(m->output, &st) == 0;
    free(partial);
    return found;
}

/* Collective over the group: member i from its checkpoint when a stop left one with its output so
 * far, else from step 0; a checkpoint that cannot be continued (of another run, damaged, its
 * output of another length: exit 2 for `aiecon run`) is reported and the member runs from step 0.
 * Its outcome into r. */
static void run_member(MPI_Comm group, const ensemble_options *o, const ensemble_plan *p, uint32_t i,
                       scenario_override *overrides, member_result *r)
{
    int rank;
    MPI_Comm_rank(group, &rank);
    ensemble_member m;
    sim_options so;
    member_options(o, p, i, &m, overrides, &so);
    int resume = rank == 0 ? can_resume(&m) : 0;
    MPI_Bcast(&resume, 1, MPI_INT, 0, group);
    aiecon_error err = {""};
    double t0 = MPI_Wtime();
    so.restart_path = resume ? m.checkpoint : NULL;
    aiecon_status rc = sim_run(group, &so, &err);
    if (resume && rc == AIECON_ERR_INPUT) {
        if (rank == 0) {
            fprintf(stderr, "aiecon ensemble: member_%04u (seed %u) cannot resume, so it runs from step 0: %s\n", i,
                    ensemble_seed(p, i), err.message);
        }
        resume = 0;
        so.restart_path = NULL;
        rc = sim_run(group, &so, &err);
    }
    r->member = i;
    r->seconds = MPI_Wtime() - t0;
    r->resumed = resume;
    r->state = rc == AIECON_OK ? ENSEMBLE_DONE : rc == AIECON_STOPPED ? ENSEMBLE_STOPPED : ENSEMBLE_FAILED;
    /* the member's error, cut to the summary's column (an error message may be longer) */
    snprintf(r->message, sizeof r->message, "%.*s", (int)sizeof r->message - 1, rc == AIECON_OK ? "" : err.message);
}

/* Collective over the group: this group's members, one after another, until done or stopped.
 * Outcomes into results (one per member of this group's share, in order); returns their count. */
static int run_group(MPI_Comm group, int g, const ensemble_options *o, const ensemble_plan *p,
                     member_result *results, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(group, &rank);
    scenario_override *overrides = calloc((size_t)o->override_count + 1, sizeof *overrides);
    int ok = overrides != NULL, all = 0;
    MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, group);
    if (!all) {
        free(overrides);
        aiecon_fail(err, AIECON_ERR_RUNTIME, "aiecon ensemble: out of memory");
        return -1;
    }
    int count = 0, stopping = 0;
    uint32_t j = 0; /* position in the plan's list of members to run */
    for (uint32_t i = 0; i < p->members; i++) {
        if (p->state[i] != ENSEMBLE_TODO) continue;
        if (j++ % (uint32_t)p->groups != (uint32_t)g) continue;
        member_result *r = &results[count++];
        memset(r, 0, sizeof *r);
        r->group = g;
        if (!stopping) stopping = stop_agreed(group) != 0;
        if (stopping) {
            r->member = i;
            r->state = ENSEMBLE_NOT_STARTED;
            continue;
        }
        run_member(group, o, p, i, overrides, r);
        stopping = r->state == ENSEMBLE_STOPPED;
        if (rank == 0) ensemble_report_member(o, p, r);
    }
    free(overrides);
    return count;
}

/* Collective: wait for every group without spinning (a group done early gives its cores away). */
static void wait_for_groups(MPI_Comm comm)
{
    MPI_Request request;
    MPI_Ibarrier(comm, &request);
    int done = 0;
    const struct timespec nap = {0, 20 * 1000 * 1000};
    while (MPI_Test(&request, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && !done) nanosleep(&nap, NULL);
}

aiecon_status ensemble_run(MPI_Comm comm, const ensemble_options *o, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    ensemble_plan plan;
    run_lock lock = {NULL};
    aiecon_status rc = prepare(comm, o, &plan, &lock, err);
    if (rc != AIECON_OK) {
        ensemble_plan_free(&plan);
        return rc;
    }
    if (rank == 0 && !o->quiet) ensemble_report_start(o, &plan);
    int g = rank / o->ranks_per_member, mine = 0;
    MPI_Comm group;
    MPI_Comm_split(comm, g, rank, &group);
    int group_rank;
    MPI_Comm_rank(group, &group_rank);
    uint32_t share = plan.todo / (uint32_t)plan.groups + 1;
    member_result *results = calloc(share, sizeof *results);
    aiecon_status local = results != NULL ? AIECON_OK : aiecon_fail(err, AIECON_ERR_RUNTIME, "aiecon ensemble: out of "
                                                                    "memory");
    rc = parallel_agree(comm, local, err);
    if (rc == AIECON_OK) {
        mine = run_group(group, g, o, &plan, results, err);
        wait_for_groups(comm);
        rc = parallel_agree(comm, mine < 0 ? AIECON_ERR_RUNTIME : AIECON_OK, err);
    }
    if (rc == AIECON_OK) rc = ensemble_finish(comm, o, &plan, results, group_rank == 0 ? mine : 0, err);
    MPI_Comm_free(&group);
    free(results);
    if (rank == 0) lock_release(&lock);
    ensemble_plan_free(&plan);
    return rc;
}
