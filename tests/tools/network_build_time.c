/* network_build_time.c — times network_build alone (no halo plan, no model): the measuring
 * stick for the network build's rate (docs/PERFORMANCE.md, "The network build").
 * Usage: network_build_time [agents] [degree] [rewire] [repeats]; defaults 1e7, 8, 0.1, 3.
 * Prints, for each repeat, the build's wall time, agents/s/core and the graph's hash (so two
 * builds linked against different network.c can be checked to build the same graph); the last
 * line is the best of the repeats. Also prints the CPU time (user + system, getrusage) the build
 * took on rank 0, which a machine shared with other work disturbs less than the wall time.
 * Runs under mpirun at any rank count. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "aiecon/engine/network.h"

/* User + system CPU time of this process so far, seconds. */
static double cpu_seconds(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + 1e-6 * (double)u.ru_utime.tv_usec + (double)u.ru_stime.tv_sec
           + 1e-6 * (double)u.ru_stime.tv_usec;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, ranks;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    network_params p = {.agents = argc > 1 ? (uint64_t)strtod(argv[1], NULL) : 10000000,
                        .degree = argc > 2 ? (uint32_t)atoi(argv[2]) : 8,
                        .rewire = argc > 3 ? strtod(argv[3], NULL) : 0.1,
                        .seed = 42, .purpose = RNG_PURPOSE_NETWORK_HOUSEHOLDS};
    int repeats = argc > 4 ? atoi(argv[4]) : 3;
    double best = 0.0, best_cpu = 0.0;
    for (int r = 0; r < repeats; r++) {
        network net;
        aiecon_error err;
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime(), c0 = cpu_seconds();
        if (network_build(&p, MPI_COMM_WORLD, &net, &err) != AIECON_OK) {
            if (rank == 0) fprintf(stderr, "network_build_time: the build failed\n");
            MPI_Abort(MPI_COMM_WORLD, 1);
        }
        double mine = MPI_Wtime() - t0, cpu = cpu_seconds() - c0, slowest;
        MPI_Allreduce(&mine, &slowest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        uint64_t hash = network_hash(&net, MPI_COMM_WORLD);
        network_free(&net);
        if (r == 0 || slowest < best) best = slowest;
        if (r == 0 || cpu < best_cpu) best_cpu = cpu;
        if (rank == 0) {
            printf("network_build: %.3f s, %.3g agents/s/core, CPU %.3f s (rank 0), hash %016llx\n", slowest,
                   (double)p.agents / (slowest * ranks), cpu, (unsigned long long)hash);
        }
    }
    if (rank == 0) printf("best of %d: %.3f s, %.3g agents/s/core; CPU %.3f s, %.3g agents/s of CPU\n", repeats,
                          best, (double)p.agents / (best * ranks), best_cpu, (double)p.agents / (best_cpu * ranks));
    MPI_Finalize();
    return 0;
}
