/* halo.h — every step, bring the previous step's state of remote neighbours to this rank.
 *
 * The plan is made once from a network: each rank tells every owner which of its agents it needs
 * (one MPI_Alltoall of counts, one MPI_Alltoallv of ids), then a distributed-graph communicator
 * (MPI_Dist_graph_create_adjacent) links exactly the ranks that exchange. Each step packs the
 * requested local values into one send buffer and calls MPI_Neighbor_alltoallv, which writes the
 * ghosts straight into the slots after the local agents of the state array: the hot loop then
 * reads one array. Cost per step: one neighbour collective; volume = ghosts × value size. */
#ifndef AIECON_HALO_H
#define AIECON_HALO_H

#include <stddef.h>
#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/network.h"
#include "aiecon/engine/status.h"

typedef struct halo {
    MPI_Comm graph;          /* distributed-graph communicator (MPI_COMM_NULL if not built) */
    int sources;             /* ranks we receive ghosts from */
    int destinations;        /* ranks we send values to */
    int *recv_counts, *recv_displs;   /* [sources], in values, displacement from the first ghost */
    int *send_counts, *send_displs;   /* [destinations] */
    uint32_t *send_index;    /* [send_total]: local index of each value to send */
    uint8_t *send_buffer;    /* [send_total * max value size] packing space */
    size_t send_total;       /* values sent per exchange */
    size_t recv_total;       /* values received per exchange (= network ghosts) */
    size_t value_size_max;   /* largest value size halo_exchange accepts, bytes */
    uint32_t local;          /* local agents of the network the plan was made for */
    /* Scratch made in halo_create so that halo_exchange never allocates: the four count and
     * displacement arrays above in bytes, for values of scaled_size bytes (0: not filled yet). */
    int *send_bytes, *send_byte_displs;  /* [destinations] */
    int *recv_bytes, *recv_byte_displs;  /* [sources] */
    size_t scaled_size;
} halo;

/* Collective over comm (the communicator net was built on). Values exchanged later may be up to
 * value_size_max bytes each; ghosts × value_size_max bytes must stay below 2^31 on every rank.
 * On success *h owns its arrays and communicator (free with halo_free); on failure *h holds
 * nothing and halo_free(h) is still safe. Failures are agreed over comm. */
aiecon_status halo_create(const network *net, MPI_Comm comm, size_t value_size_max, halo *h,
                          aiecon_error *err);

/* Collective over the halo's ranks: values is an array of (local + ghosts) elements of value_size
 * bytes; the ghost slots are overwritten with their owners' current local values. Never allocates.
 * value_size (1 … value_size_max) must be the same on every rank and local must equal the
 * network's: a violation is a caller bug, reported before any communication without agreement. */
aiecon_status halo_exchange(halo *h, void *values, size_t value_size, uint32_t local, aiecon_error *err);

/* Bytes held per local agent by the plan. */
double halo_bytes_per_agent(const halo *h, uint32_t local);

void halo_free(halo *h);

#endif
