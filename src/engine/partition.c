/* partition.c — contiguous block partition of global ids over ranks (see partition.h).
 * Rank r holds base + (r < extra) agents, base = n / P, extra = n mod P; everything is O(1)
 * integer arithmetic so that any rank can locate any agent without communication. */
#include "aiecon/engine/partition.h"

uint64_t partition_first(partition p, int rank)
{
    uint64_t base = p.agents / (uint64_t)p.ranks, extra = p.agents % (uint64_t)p.ranks;
    uint64_t r = (uint64_t)rank;
    return r * base + (r < extra ? r : extra);
}

uint64_t partition_count(partition p, int rank)
{
    uint64_t base = p.agents / (uint64_t)p.ranks, extra = p.agents % (uint64_t)p.ranks;
    return base + ((uint64_t)rank < extra ? 1 : 0);
}

int partition_owner(partition p, uint64_t g)
{
    uint64_t base = p.agents / (uint64_t)p.ranks, extra = p.agents % (uint64_t)p.ranks;
    uint64_t big = extra * (base + 1); /* ids held by the ranks with one extra agent */
    if (g < big) {
        return (int)(g / (base + 1));
    }
    return (int)(extra + (g - big) / base); /* base > 0 here: g < n implies it */
}
