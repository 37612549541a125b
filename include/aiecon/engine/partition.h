/* partition.h — which rank owns which agent.
 *
 * Agents of a population have global ids 0 … n-1 and are split into contiguous blocks, one per
 * rank, as even as integers allow: the first n mod P ranks hold one agent more. Any number of
 * ranks ≥ 1 works, including more ranks than agents (those ranks hold none). All functions are
 * pure and O(1), so every rank can answer "who owns g?" for any g without communication. */
#ifndef AIECON_PARTITION_H
#define AIECON_PARTITION_H

#include <stdint.h>

typedef struct partition {
    uint64_t agents; /* n: agents in the population */
    int ranks;       /* P ≥ 1 */
} partition;

/* First global id held by rank r (r may equal ranks: then it is n). */
uint64_t partition_first(partition p, int rank);

/* Number of agents held by rank r. */
uint64_t partition_count(partition p, int rank);

/* The rank that holds global id g (g < n). */
int partition_owner(partition p, uint64_t g);

#endif
