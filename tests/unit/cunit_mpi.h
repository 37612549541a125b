/* cunit_mpi.h — run CUnit suites under MPI with one verdict for all ranks.
 * A test file defines aiecon_test_register(), which adds its suites to the CUnit registry;
 * cunit_mpi.c's main() initialises MPI, runs them on every rank (only rank 0 prints), and exits
 * non-zero on every rank if any rank saw a failure (MPI_Allreduce MAX of the failure count). */
#ifndef AIECON_CUNIT_MPI_H
#define AIECON_CUNIT_MPI_H
#include <CUnit/CUnit.h>
#include <mpi.h>
void aiecon_test_register(void);
/* This process's rank and the rank count in MPI_COMM_WORLD (valid inside tests). */
int test_rank(void);
int test_ranks(void);
#endif
