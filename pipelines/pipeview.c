/* pipelines/pipeview.c - the Kanata log writer (see pipeview.h). The format
 * (Konata's docs/kanata-log-format.md): a header line "Kanata\t0004", then
 * tab-separated commands in non-decreasing cycle order: "C=\tCYCLE" once,
 * "C\tDELTA" to advance, "I\tID\tSEQ\tTHREAD" to introduce an instruction,
 * "L\tID\t0\tTEXT" for its label, "S\tID\t0\tSTAGE" when a stage starts (it
 * ends the previous one) and "R\tID\tSEQ\tTYPE" when it retires (0) or is
 * flushed (1). IDs are numbered from 0 in order of first appearance. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "pipelines/pipeview.h"

/* A decimal count at t: no sign, no space (strtoull takes both). */
static int count(const char *t, char **e, unsigned long long *v)
{
    if (*t < '0' || *t > '9')
        return -1;
    errno = 0;
    *v = strtoull(t, e, 10);
    return errno ? -1 : 0;
}

int pv_window(const char *text, uint64_t *start, uint64_t *end)
{
    char *e;
    unsigned long long a = 0, b;

    if (!text)
        return -1;
    if (*text != ':' && (count(text, &e, &a) || *e != ':'))
        return -1;
    text = strchr(text, ':') + 1;
    if (!*text) {
        *start = a;
        *end = UINT64_MAX;
        return 0;
    }
    if (count(text, &e, &b) || *e || b <= a)
        return -1;
    *start = a;
    *end = b;
    return 0;
}

int pv_init(struct pipeview *pv, const char *path, const char *window,
            const char *const *names, int n_names, uint32_t thread, char *why, size_t n)
{
    memset(pv, 0, sizeof(*pv));
    if (!path || !*path)
        return 0;
    if (pv_window(window, &pv->start, &pv->end)) {
        snprintf(why, n, "pipeview_window: expected START:END with END > START (START: to "
                 "the end, :END from the first), got '%s'", window ? window : "");
        return -1;
    }
    {
        const char *at = strstr(path, "{core}");
        int k;

        if (at)
            k = snprintf(pv->file, sizeof(pv->file), "%.*s%u%s", (int)(at - path), path, thread,
                         at + 6);
        else if (thread)
            k = snprintf(pv->file, sizeof(pv->file), "%s.%u", path, thread);
        else
            k = snprintf(pv->file, sizeof(pv->file), "%s", path);
        if (k < 0 || (size_t)k >= sizeof(pv->file) - 16) {
            snprintf(why, n, "pipeview: file name too long");
            return -1;
        }
    }
    pv->path = pv->file;
    pv->names = names;
    pv->n_names = n_names < PV_STAGES ? n_names : PV_STAGES;
    pv->thread = thread;
    return 0;
}

void pv_fini(struct pipeview *pv)
{
    free(pv->recs);
    pv->recs = NULL;
    pv->n = pv->cap = 0;
}

uint32_t pv_record(struct pipeview *pv, uint64_t seq, const sim_inst *in)
{
    struct pv_rec *r;

    if (pv->failed)
        return 0;
    if (pv->n == pv->cap) {         /* amortised doubling: only inside the window */
        size_t cap = pv->cap ? 2 * pv->cap : 1024;
        struct pv_rec *v = cap < UINT32_MAX ? realloc(pv->recs, cap * sizeof(*v)) : NULL;

        if (!v) {
            pv->failed = true;
            return 0;
        }
        pv->recs = v;
        pv->cap = cap;
    }
    r = &pv->recs[pv->n++];
    r->seq = seq;
    r->pc = in->pc;
    r->raw = in->raw;
    r->op = in->op;
    memcpy(r->src, in->src, sizeof(r->src));
    memcpy(r->dst, in->dst, sizeof(r->dst));
    for (int i = 0; i < PV_STAGES; i++)
        r->at[i] = PV_NONE;
    r->end = PV_NONE;
    r->flushed = 0;
    pv->open++;
    return (uint32_t)pv->n;
}

void pv_end(struct pipeview *pv, uint32_t id, uint64_t cycle, bool flushed)
{
    struct pv_rec *r;

    if (!id)
        return;
    r = &pv->recs[id - 1];
    if (r->end != PV_NONE)
        return;
    r->end = cycle;
    r->flushed = flushed;
    pv->open--;
}

struct ev {
    uint64_t cycle;
    uint32_t rec;
    uint8_t ord;                    /* 0: I and L, 1 + stage: S, 255: R */
};

static int ev_cmp(const void *pa, const void *pb)
{
    const struct ev *a = pa, *b = pb;

    if (a->cycle != b->cycle)
        return a->cycle < b->cycle ? -1 : 1;
    if (a->rec != b->rec)
        return a->rec < b->rec ? -1 : 1;
    return (int)a->ord - (int)b->ord;
}

static const char *op_name(int op)
{
    static const char *const names[SIM_OP_COUNT] = {
        "nop", "int", "mul", "div", "fadd", "fmul", "fdiv", "fma", "fcvt", "fmisc",
        "load", "store", "amo", "branch", "jump", "csr", "fence", "system",
    };
    return op < SIM_OP_COUNT ? names[op] : "?";
}

static void reg_name(char *b, size_t n, uint8_t r)
{
    if (r < 32)
        snprintf(b, n, "x%u", r);
    else if (r < 64)
        snprintf(b, n, "f%u", r - 32);
    else
        snprintf(b, n, "r%u", r);
}

static void label(FILE *f, const struct pv_rec *r)
{
    char b[8];
    int k = 0;

    fprintf(f, "%llx: %s", (unsigned long long)r->pc, op_name(r->op));
    for (int i = 0; i < 2; i++) {
        if (r->dst[i] == SIM_REG_NONE)
            continue;
        reg_name(b, sizeof(b), r->dst[i]);
        fprintf(f, "%s%s", k++ ? "," : " ", b);
    }
    k = 0;
    for (int i = 0; i < 3; i++) {
        if (r->src[i] == SIM_REG_NONE)
            continue;
        reg_name(b, sizeof(b), r->src[i]);
        fprintf(f, "%s%s", k++ ? "," : " <- ", b);
    }
    if (r->raw)
        fprintf(f, " (%08x)", r->raw);
}

int pv_write(struct pipeview *pv, sim_error *err)
{
    struct ev *ev;
    size_t nev = 0;
    char tmp[4200], target[4096];
    FILE *f;
    uint64_t cur = 0;
    bool started = false;
    int rc = 0, kind;

    if (!pv->path || pv->written)
        return 0;
    pv->written = true;
    ev = malloc((pv->n * (PV_STAGES + 2) + 1) * sizeof(*ev));
    if (!ev) {
        pv_fini(pv);
        return sim_error_set(err, SIM_ENOMEM, "out of memory writing the pipeline view");
    }
    for (size_t i = 0; i < pv->n; i++) {
        const struct pv_rec *r = &pv->recs[i];
        uint64_t first = PV_NONE;

        for (int s = 0; s < pv->n_names; s++) {
            if (r->at[s] == PV_NONE)
                continue;
            if (first == PV_NONE)
                first = r->at[s];
            ev[nev++] = (struct ev){ r->at[s], (uint32_t)i, (uint8_t)(1 + s) };
        }
        if (first == PV_NONE)
            continue;               /* never entered a stage */
        ev[nev++] = (struct ev){ first, (uint32_t)i, 0 };
        if (r->end != PV_NONE)
            ev[nev++] = (struct ev){ r->end, (uint32_t)i, 255 };
    }
    qsort(ev, nev, sizeof(*ev), ev_cmp);
    kind = sim_output_target(pv->path, target, sizeof target);
    if (kind < 0)
        snprintf(target, sizeof target, "%s", pv->path);     /* the write will say */
    if (kind == 1)                  /* a FIFO or a device: written in place */
        snprintf(tmp, sizeof(tmp), "%s", target);
    else
        snprintf(tmp, sizeof(tmp), "%s.tmp%ld", target, (long)getpid());
    f = fopen(tmp, "w");
    if (!f) {
        free(ev);
        pv_fini(pv);
        return sim_error_set(err, SIM_EIO, "pipeview: cannot write %s: %s", tmp,
                             strerror(errno));
    }
    fputs("Kanata\t0004\n", f);
    for (size_t k = 0; k < nev; k++) {
        const struct ev *e = &ev[k];
        const struct pv_rec *r = &pv->recs[e->rec];

        if (!started) {
            fprintf(f, "C=\t%llu\n", (unsigned long long)e->cycle);
            cur = e->cycle;
            started = true;
        } else if (e->cycle > cur) {
            fprintf(f, "C\t%llu\n", (unsigned long long)(e->cycle - cur));
            cur = e->cycle;
        }
        if (e->ord == 0) {
            fprintf(f, "I\t%u\t%llu\t%u\n", e->rec, (unsigned long long)r->seq, pv->thread);
            fprintf(f, "L\t%u\t0\t", e->rec);
            label(f, r);
            fputc('\n', f);
        } else if (e->ord == 255) {
            fprintf(f, "R\t%u\t%llu\t%d\n", e->rec, (unsigned long long)r->seq,
                    r->flushed ? 1 : 0);
        } else {
            fprintf(f, "S\t%u\t0\t%s\n", e->rec, pv->names[e->ord - 1]);
        }
    }
    free(ev);
    pv_fini(pv);
    if (ferror(f))
        rc = -1;
    if (fclose(f))
        rc = -1;
    if (rc || (kind != 1 && rename(tmp, target))) {
        int e = errno;

        if (kind != 1)
            remove(tmp);
        return sim_error_set(err, SIM_EIO, "pipeview: cannot write %s: %s", pv->path,
                             strerror(e));
    }
    return 0;
}
