/* pipelines/pipeview.h - pipeline traces in the Kanata log format (version
 * 0004) that the Konata viewer opens: per instruction in a window of
 * program-order sequence numbers, the cycle each pipeline stage started and
 * the cycle it retired or was flushed. The cores record stage cycles as they
 * happen; the writer sorts them into the time order Kanata requires and
 * writes the whole file at once, to a temporary name then renamed.
 *
 * Cost: one compare per instruction outside the window; inside it, one
 * record (about 170 bytes) per fetched instruction, held until written. */
#ifndef PIPELINES_PIPEVIEW_H
#define PIPELINES_PIPEVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <archsim/sim_type.h>

#define PV_STAGES 16                /* stages recorded per instruction at most */
#define PV_NONE   UINT64_MAX

struct pv_rec {
    uint64_t seq;                   /* program-order number */
    uint64_t pc;
    uint64_t at[PV_STAGES];         /* cycle each stage started; PV_NONE: skipped */
    uint64_t end;                   /* retire or flush cycle; PV_NONE: in flight */
    uint32_t raw;
    uint8_t op, flushed;
    uint8_t src[3], dst[2];
};

struct pipeview {
    const char *path;               /* NULL: off; else points at file */
    char file[1024];
    uint64_t start, end;            /* window [start, end) of sequence numbers */
    const char *const *names;       /* stage names, n_names of them */
    int n_names;
    uint32_t thread;                /* Kanata thread id: the core id */
    struct pv_rec *recs;
    size_t n, cap;
    uint64_t open;                  /* records not yet retired or flushed */
    bool written, failed;
};

/* Parse "START:END" into a window; an empty END is no end, an empty START
 * is 0. Returns 0 or -1 when the text is not of that form or END <= START. */
int pv_window(const char *text, uint64_t *start, uint64_t *end);

/* Set up pv (path NULL or "" turns it off). "{core}" in path stands for
 * the core id; without it, cores other than 0 append ".ID" to the name, so
 * that one --pipeview FILE given to every core of a system writes one file
 * per core. Returns 0, or -1 with why. */
int pv_init(struct pipeview *pv, const char *path, const char *window,
            const char *const *names, int n_names, uint32_t thread, char *why, size_t n);
void pv_fini(struct pipeview *pv);

static inline bool pv_wants(const struct pipeview *pv, uint64_t seq)
{
    return pv->path && !pv->written && seq >= pv->start && seq < pv->end;
}

/* A new record for an instruction entering the pipeline: its index + 1,
 * or 0 when it is outside the window or memory ran out. */
uint32_t pv_record(struct pipeview *pv, uint64_t seq, const sim_inst *in);
static inline uint32_t pv_begin(struct pipeview *pv, uint64_t seq, const sim_inst *in)
{
    return pv_wants(pv, seq) ? pv_record(pv, seq, in) : 0;
}

static inline void pv_stage(struct pipeview *pv, uint32_t id, int stage, uint64_t cycle)
{
    if (id && stage < PV_STAGES)
        pv->recs[id - 1].at[stage] = cycle;
}

void pv_end(struct pipeview *pv, uint32_t id, uint64_t cycle, bool flushed);

/* True once every instruction of the window was fetched and retired: the
 * time to write. */
static inline bool pv_complete(const struct pipeview *pv, uint64_t next_seq)
{
    return pv->path && !pv->written && pv->open == 0 && next_seq >= pv->end && pv->n > 0;
}

/* Write the file (atomically) and drop the records. Returns 0 or SIM_EIO /
 * SIM_ENOMEM with err filled. Writing twice is a no-op. */
int pv_write(struct pipeview *pv, sim_error *err);

#endif
