/* network.h — a population's small-world graph, distributed: each rank holds only its own agents.
 *
 * Watts–Strogatz: a ring lattice over global ids where agent i links to i±1 … i±k/2; each lattice
 * edge (i, i+j), 1 ≤ j ≤ k/2, is owned by i and rewired with probability beta to (i, t), t uniform
 * over agents outside i's lattice neighbourhood. Every draw is keyed by (seed, purpose, i, j), so
 * any rank count builds the same graph. A rank draws the edges its agents own, keeps only the
 * rewired ones as pairs (the lattice is implicit), sends the reverse half of each rewired edge to
 * the owner of the other end (one MPI_Alltoallv), then writes each agent's list, sorted and
 * deduplicated by global id, straight into the CSR: the graph is simple and undirected, the same
 * at any rank count (and the same as the build before issue 19, bit for bit), and no rank ever
 * holds more than its own agents' adjacency.
 *
 * Storage (what the hot loop reads): CSR with 32-bit local indices, 4 bytes per edge end.
 * Index v < local is a local agent; local ≤ v < local + ghosts is a ghost (a remote neighbour),
 * ghost_ids[v - local] its global id. Ghosts are sorted by global id, hence grouped by owner rank
 * in rank order — the layout the halo exchange receives into. Cost: build O(local·k) time (one
 * Philox call per owned edge), and temporaries of about k/16 + 14·k·beta bytes per agent on top of
 * the CSR (≈ 12 B at k = 8, beta = 0.1), freed before network_build returns: the peak is within
 * 1.1 × the steady state (`aiecon bench` prints both). */
#ifndef AIECON_NETWORK_H
#define AIECON_NETWORK_H

#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/partition.h"
#include "aiecon/engine/rng.h"
#include "aiecon/engine/status.h"

typedef struct network {
    partition part;        /* the population's split over ranks */
    uint64_t first;        /* global id of local index 0 */
    uint32_t local;        /* agents held here */
    uint32_t ghosts;       /* remote neighbours held as copies after the local agents */
    uint32_t *offsets;     /* [local + 1]: adjacency of v is neighbours[offsets[v] .. offsets[v+1]) */
    uint32_t *neighbours;  /* [offsets[local]]: local or ghost indices, sorted by global id per agent */
    uint64_t *ghost_ids;   /* [ghosts]: global id of each ghost, ascending */
} network;

typedef struct network_params {
    uint64_t agents;       /* population size n */
    uint32_t degree;       /* even lattice degree k, 2 ≤ k < n */
    double rewire;         /* beta in [0, 1] */
    uint32_t seed;
    rng_purpose purpose;   /* which stream family draws the rewiring */
} network_params;

/* Collective over comm. On success *net owns its arrays (free with network_free). */
aiecon_status network_build(const network_params *params, MPI_Comm comm, network *net, aiecon_error *err);

/* Global id of local-or-ghost index v. */
static inline uint64_t network_global_id(const network *net, uint32_t v)
{
    return v < net->local ? net->first + v : net->ghost_ids[v - net->local];
}

/* Collective: an order-independent 64-bit hash of the whole edge list (each undirected edge
 * counted once), equal at every rank count for the same graph. */
uint64_t network_hash(const network *net, MPI_Comm comm);

/* Bytes held per local agent by the graph (offsets, neighbours, ghost ids). */
double network_bytes_per_agent(const network *net);

void network_free(network *net);

#endif
