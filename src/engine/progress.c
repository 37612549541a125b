/* progress.c — progress and ETA on stderr (see progress.h). Cost: one clock read per step. */
#include "aiecon/engine/progress.h"

#include <stdio.h>
#include <unistd.h>

#include "aiecon/engine/timer.h"

void progress_init(progress *p, bool enabled, const char *start, uint32_t first_step, uint32_t last_step,
                   uint64_t agents)
{
    p->enabled = enabled;
    p->terminal = enabled && isatty(STDERR_FILENO);
    p->first_step = first_step;
    p->last_step = last_step;
    p->agents = agents;
    p->start_year = 2024;
    p->start_month = 1;
    if (start != NULL && sscanf(start, "%d-%d", &p->start_year, &p->start_month) != 2) {
        p->start_year = 2024;
        p->start_month = 1;
    }
    p->started = timer_now();
    p->last_print = p->started;
}

void progress_month(const progress *p, uint32_t step, char *buf, unsigned size)
{
    long months = (long)p->start_year * 12 + (p->start_month - 1) + (long)step - 1;
    snprintf(buf, size, "%04ld-%02ld", months / 12, months % 12 + 1);
}

static void format_duration(double seconds, char *buf, unsigned size)
{
    long s = seconds > 0 ? (long)(seconds + 0.5) : 0;
    snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

void progress_step(progress *p, uint32_t step)
{
    if (!p->enabled) {
        return;
    }
    double now = timer_now();
    uint32_t done = step - p->first_step + 1, total = p->last_step - p->first_step + 1;
    bool due = p->terminal ? now - p->last_print >= 0.2
                           : (now - p->last_print >= 30.0 || done * 10 / total != (done - 1) * 10 / total);
    if (!due && step != p->last_step) {
        return;
    }
    p->last_print = now;
    double elapsed = now - p->started;
    double rate = elapsed > 0 ? (double)p->agents * done / elapsed : 0.0;
    char month[16], el[32], eta[32];
    progress_month(p, step, month, sizeof month);
    format_duration(elapsed, el, sizeof el);
    format_duration(done > 0 ? elapsed / done * (total - done) : 0.0, eta, sizeof eta);
    fprintf(stderr, "%sstep %u/%u  %s  %.3g agent-updates/s  elapsed %s  ETA %s%s", p->terminal ? "\r" : "", step,
            p->last_step, month, rate, el, eta, p->terminal ? "   " : "\n");
    fflush(stderr);
}

void progress_finish(progress *p)
{
    if (!p->enabled) {
        return;
    }
    double elapsed = timer_now() - p->started;
    char el[32];
    format_duration(elapsed, el, sizeof el);
    uint32_t total = p->last_step - p->first_step + 1;
    fprintf(stderr, "%sdone: %u steps in %s (%.3f s), %.3g agent-updates/s\n", p->terminal ? "\n" : "", total, el,
            elapsed, elapsed > 0 ? (double)p->agents * total / elapsed : 0.0);
}
