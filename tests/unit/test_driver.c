/* test_driver.c — the engine's driver and checkpoints on a model that is not the economy: the
 * rumour model (models/rumour.h) stopped after its first step with a checkpoint on every rank of
 * the world, then restarted from that checkpoint on one rank, must inform exactly as many agents
 * as an uninterrupted run on the world (and the same count at any rank count, which the
 * regression test pins with its checked-in number). Also: a checkpoint of another identity is
 * refused with exit status 2 before anything is built. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aiecon/engine/driver.h"
#include "aiecon/engine/stop.h"
#include "aiecon/models/rumour.h"
#include "cunit_mpi.h"

enum { AGENTS = 20000, STEPS = 60, SEED = 11 };

/* Run the rumour model over comm with options d; *informed receives the count after the run. */
static aiecon_status run(MPI_Comm comm, const driver_options *d, const char *identity, uint64_t *informed,
                         aiecon_error *err)
{
    rumour_run *self = NULL;
    CU_ASSERT_FATAL(rumour_run_create(AGENTS, STEPS, SEED, &self, err) == AIECON_OK);
    timer_set timers;
    timer_init(&timers);
    driver_run_info info = {.title = "test", .identity_text = identity, .seed = SEED, .steps = STEPS};
    aiecon_status rc = driver_run(comm, d, &info, &rumour_model, self, &timers, NULL, err);
    if (rc == AIECON_OK || rc == AIECON_STOPPED) CU_ASSERT(rumour_model.tally(self, comm, err) == AIECON_OK);
    *informed = rumour_informed(self);
    rumour_model.release(self);
    return rc;
}

/* A checkpoint path in a fresh folder, the same on every rank (rank 0's pid). */
static void checkpoint_path(char *path, size_t size)
{
    long pid = (long)getpid();
    MPI_Bcast(&pid, 1, MPI_LONG, 0, MPI_COMM_WORLD);
    snprintf(path, size, "/tmp/aiecon-test-driver-%ld.ck.nc", pid);
}

static void test_restart_on_another_rank_count(void)
{
    aiecon_error err;
    char path[256];
    checkpoint_path(path, sizeof path);
    uint64_t whole = 0, stopped = 0, resumed = 0;
    driver_options plain = {.quiet = true};
    CU_ASSERT_FATAL(run(MPI_COMM_WORLD, &plain, "rumour", &whole, &err) == AIECON_OK);
    CU_ASSERT(whole > 10 && whole < AGENTS);

    CU_ASSERT_FATAL(stop_install() == 0);
    stop_request(SIGUSR1); /* as if Slurm had asked: stop after the first step */
    driver_options stopping = {.quiet = true, .stop_checkpoint_path = path};
    CU_ASSERT_EQUAL(run(MPI_COMM_WORLD, &stopping, "rumour", &stopped, &err), AIECON_STOPPED);
    CU_ASSERT(stopped < whole);
    stop_request(0); /* clears the request (stop_install keeps an earlier one) */
    stop_uninstall();

    if (test_rank() == 0) {
        driver_options restart = {.quiet = true, .restart_path = path};
        aiecon_status rc = run(MPI_COMM_SELF, &restart, "rumour", &resumed, &err);
        if (rc != AIECON_OK) fprintf(stderr, "%s\n", err.message);
        CU_ASSERT_EQUAL(rc, AIECON_OK);
        CU_ASSERT_EQUAL(resumed, whole);

        uint64_t none = 0;
        CU_ASSERT_EQUAL(run(MPI_COMM_SELF, &restart, "another run", &none, &err), AIECON_ERR_INPUT);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "another scenario"));
        unlink(path);
    }
    MPI_Barrier(MPI_COMM_WORLD);
}

void aiecon_test_register(void)
{
    CU_pSuite s = CU_add_suite("driver", NULL, NULL);
    CU_add_test(s, "a stopped run restarts on another rank count", test_restart_on_another_rank_count);
}
