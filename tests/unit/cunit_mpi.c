/* cunit_mpi.c — the main() of every unit test: CUnit under MPI with a combined verdict.
 * CUnit prints a summary per process and a failure on rank 1 would look like a pass in rank 0's
 * output; so the other ranks run silently and the exit status is the MAX over ranks of failures. */
#include "cunit_mpi.h"
#include <CUnit/Basic.h>
#include <stdio.h>

static int rank_of(void) { int r; MPI_Comm_rank(MPI_COMM_WORLD, &r); return r; }
int test_rank(void) { return rank_of(); }
int test_ranks(void) { int n; MPI_Comm_size(MPI_COMM_WORLD, &n); return n; }

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank = rank_of();
    if (rank != 0 && freopen("/dev/null", "w", stdout) == NULL) {
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    if (CU_initialize_registry() != CUE_SUCCESS) {
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    aiecon_test_register();
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned local = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    if (CU_get_error() != CUE_SUCCESS) local += 1;
    unsigned worst = 0;
    MPI_Allreduce(&local, &worst, 1, MPI_UNSIGNED, MPI_MAX, MPI_COMM_WORLD);
    if (local > 0) {
        fprintf(stderr, "rank %d: %u failure(s)\n", rank, local);
    }
    if (rank == 0) {
        printf("\nverdict over %d rank(s): %s\n", test_ranks(), worst ? "FAILED" : "passed");
    }
    CU_cleanup_registry();
    MPI_Finalize();
    return worst ? 1 : 0;
}
