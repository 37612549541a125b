/* progress.h — the line a person watches on stderr while a run goes (rank 0 only).
 *
 * `step 37/144  2027-02  1.8e+08 agent-updates/s  elapsed 0:00:12  ETA 0:00:35`, rewritten in
 * place on a terminal and printed about every 10% (or every 30 s) when stderr is a file, so Slurm
 * logs stay short. Disabled on ranks other than 0 and by --quiet. No state outside the struct. */
#ifndef AIECON_PROGRESS_H
#define AIECON_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct progress {
    bool enabled;
    bool terminal;           /* stderr is a terminal: rewrite the line with \r */
    uint32_t first_step;     /* first step of this segment */
    uint32_t last_step;      /* the run ends after this step */
    uint64_t agents;         /* agents updated per step (all ranks) */
    int start_year, start_month;
    double started, last_print;
} progress;

/* start is "YYYY-MM"; steps are months. */
void progress_init(progress *p, bool enabled, const char *start, uint32_t first_step, uint32_t last_step,
                   uint64_t agents);

/* Called after step `step` (1-based) has finished. */
void progress_step(progress *p, uint32_t step);

/* The final line: total time and mean rate. */
void progress_finish(progress *p);

/* "YYYY-MM" of the month simulated by `step` (1-based) into buf (at least 8 bytes). */
void progress_month(const progress *p, uint32_t step, char *buf, unsigned size);

#endif
