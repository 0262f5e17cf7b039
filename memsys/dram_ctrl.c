/* memsys/dram_ctrl.c - the DDR timing engine of memsys/dram.c: address
 * mapping, bank state machines under the JEDEC constraints, all-bank
 * refresh, power-down, FCFS and FR-FCFS scheduling with read/write queues
 * and write-drain watermarks, and the counting of energy events.
 *
 * Detail: command level, one command per cycle per channel, no command-bus
 * pipelining beyond that. Constraints enforced (JESD79-4 and JESD209-4
 * names): tRCD, tRP, tRAS, tRC, tRRD_S/L, tFAW, tCCD_S/L, tWR, tWTR_S/L,
 * tRTP, read-to-write turnaround (CL + BL/2 + 2 - CWL), tRTRS between ranks
 * on the data bus, tRFC, tREFI and tXP. A closed page is an auto-precharge
 * (RDA/WRA) at max(tRAS, tRTP or write recovery). Refresh is all-bank, per
 * rank, issued when due (no postponing): the rank is precharged (PREA) and
 * refreshed, its requests wait. Power-down: a rank with nothing queued for
 * `powerdown` cycles after its last command took effect enters active or
 * precharge power-down, and the next command to it waits tXP.
 *
 * Time only moves forward when the caller says so: dram_ctrl_step issues at
 * most one command at `now` and says when to call again; an idle channel is
 * not stepped at all, and refreshes that fell due meanwhile are replayed at
 * their due time when the next request arrives (nothing else happened on
 * the channel in between, so the replay is exact). Background energy is
 * counted per rank in cycles, lazily, at the commands that change what it
 * depends on and on sync.
 *
 * Speed: the steps (and what each returns) are those of a controller that
 * looks at its queues once per command and bounds the next chance; the
 * look that decides a command is taken right after the command before it,
 * and kept (the channel's plan) with each arrival folded in, so a step
 * that finds nothing due costs O(1), and a command one look, O(banks with
 * entries): the entries of a bank that take the same command share its
 * earliest time. A queue whose entries all go to one bank (the usual case
 * under light load) is looked at through that bank (its oldest entry's)
 * alone; while two banks or more have entries, they are kept, per queue,
 * in a dense list with their kind of command, own timing word, entry
 * count, the entry they offer and its age, and where their rank's and
 * bank group's words for that command are (updated by the commands,
 * arrivals and departures that change them), so a bank costs a few loads
 * and compares, and a switch between reads and writes costs nothing. A
 * rank keeps, per command kind, the earliest time its rank-wide
 * constraints allow (power-down exit, short timings, tFAW) in one word,
 * updated by the commands that move them. A queue is kept in arrival
 * order and, per bank, in arrival order too, so taking an entry out,
 * counting a new row's hits and finding a write to forward from are
 * O(that bank's entries); its entries are 64 bytes. A command updates O(1)
 * timing words (the short bank-group timings go into one rank-wide word;
 * a column command's sums of timings are worked out at init), reaches its
 * bank and rank through pointers, and brings the background counts up to
 * date only when it changes what they depend on; a channel keeps its
 * earliest refresh due, so an access with none due does not look at the
 * ranks. dram.c steps a channel that went idle inline (dram_ctrl_quiet).
 *
 * Left out: additive latency, per-bank refresh, refresh postponing, self
 * refresh, command-bus contention between ranks beyond one command per
 * cycle, read-modify-write, ECC, data. */
#include <stdlib.h>
#include <string.h>
#include "dram_ctrl.h"

static inline uint64_t max64(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

static inline void upd(uint64_t *x, uint64_t v)
{
    if (*x < v)
        *x = v;
}

static inline bool pow2(uint64_t x)
{
    return x && !(x & (x - 1));
}

static inline unsigned lg2(uint64_t x)
{
    return x ? 63u - (unsigned)__builtin_clzll(x) : 0;
}

/* ------------------------------------------------------------ mapping */

static const char *const field_names[DRAM_N_FIELDS][2] = {
    [DRAM_F_ROW] = { "row", "ro" },      [DRAM_F_RANK] = { "rank", "ra" },
    [DRAM_F_BG] = { "bankgroup", "bg" }, [DRAM_F_BANK] = { "bank", "ba" },
    [DRAM_F_COL] = { "column", "co" },   [DRAM_F_CH] = { "channel", "ch" },
};

/* Parse "row:rank:..." into order[] (most significant first). Returns NULL
 * or what is wrong. */
static const char *parse_mapping(const char *m, int order[DRAM_N_FIELDS])
{
    bool seen[DRAM_N_FIELDS] = { false };
    int n = 0;

    while (*m) {
        const char *end = strchr(m, ':');
        size_t len = end ? (size_t)(end - m) : strlen(m);
        int f = -1;

        for (int i = 0; i < DRAM_N_FIELDS && f < 0; i++)
            for (int k = 0; k < 2; k++)
                if (strlen(field_names[i][k]) == len && !strncmp(m, field_names[i][k], len))
                    f = i;
        if (f < 0)
            return "unknown field; expected row, rank, bankgroup, bank, column and channel "
                   "separated by ':'";
        if (seen[f])
            return "a field appears twice";
        seen[f] = true;
        order[n++] = f;
        if (!end)
            break;
        m = end + 1;
    }
    if (n != DRAM_N_FIELDS)
        return "every field must appear once: row, rank, bankgroup, bank, column, channel";
    return NULL;
}

const char *dram_ctrl_check(const struct dram_ctrl_cfg *cfg, const char **param)
{
    const struct dram_spec *sp = &cfg->spec;
    int order[DRAM_N_FIELDS];
    const char *msg;

#define BAD(p, m) do { *param = p; return m; } while (0)
    if (sp->tck == 0)
        BAD("tCK", "must be positive");
    if (sp->BL < 2 || sp->BL % 2)
        BAD("BL", "must be an even number of beats, 2 or more");
    if (!pow2(cfg->channels))
        BAD("channels", "must be a power of two");
    if (!pow2(sp->ranks) || sp->ranks > DRAM_MAX_RANKS)
        BAD("ranks", "must be a power of two, 16 at most");
    if (!pow2(sp->bankgroups) || sp->bankgroups > DRAM_MAX_BG)
        BAD("bankgroups", "must be a power of two, 16 at most");
    if (!pow2(sp->banks_per_group) || sp->banks_per_group > 64)
        BAD("banks_per_group", "must be a power of two, 64 at most");
    if (!pow2(sp->rows))
        BAD("rows", "must be a power of two");
    if (!pow2(sp->columns) || sp->columns < sp->BL)
        BAD("columns", "must be a power of two, at least the burst length");
    if (!pow2(sp->device_width))
        BAD("device_width", "must be a power of two");
    if (!pow2(sp->bus_width) || sp->bus_width < 8 || sp->bus_width < sp->device_width)
        BAD("bus_width", "must be a power of two, at least 8 and the device width");
    if (!pow2(sp->BL))
        BAD("BL", "must be a power of two");
    if (sp->tRAS + sp->tRP > sp->tRC)
        BAD("tRC", "must be at least tRAS + tRP");
    /* between refreshes there must be room for a row's activate, read and
     * precharge, or refresh starves every request and the run never ends */
    if ((uint64_t)sp->tREFI < (uint64_t)sp->tRFC + sp->tRC + sp->CL + sp->BL / 2)
        BAD("tREFI", "must leave a row cycle and a read between refreshes: at least tRFC + "
            "tRC + CL + BL/2");
    /* Each command is priced as its current above the standby current it
     * displaces (dram_event_energy), so it must not be below it. */
    {
        static const struct { int cur, base; const char *name[2], *msg; } above[] = {
            { DRAM_IDD0, DRAM_IDD3N, { "IDD0", "IPP0" },
              "must be at least the active standby current (IDD3N/IPP3N)" },
            { DRAM_IDD0, DRAM_IDD2N, { "IDD0", "IPP0" },
              "must be at least the precharge standby current (IDD2N/IPP2N)" },
            { DRAM_IDD4R, DRAM_IDD3N, { "IDD4R", "IPP4R" },
              "must be at least the active standby current (IDD3N/IPP3N)" },
            { DRAM_IDD4W, DRAM_IDD3N, { "IDD4W", "IPP4W" },
              "must be at least the active standby current (IDD3N/IPP3N)" },
            { DRAM_IDD5B, DRAM_IDD3N, { "IDD5B", "IPP5B" },
              "must be at least the active standby current (IDD3N/IPP3N)" },
        };

        for (size_t i = 0; i < sizeof(above) / sizeof(above[0]); i++) {
            if (sp->idd[above[i].cur] < sp->idd[above[i].base])
                BAD(above[i].name[0], above[i].msg);
            if (sp->ipp[above[i].cur] < sp->ipp[above[i].base])
                BAD(above[i].name[1], above[i].msg);
        }
    }
    if (cfg->read_queue == 0)
        BAD("read_queue", "must be at least 1");
    if (cfg->write_queue == 0)
        BAD("write_queue", "must be at least 1");
    if (cfg->write_high > cfg->write_queue || cfg->write_high == 0)
        BAD("write_high", "must be between 1 and write_queue");
    if (cfg->write_low >= cfg->write_high)
        BAD("write_low", "must be below write_high");
    msg = parse_mapping(cfg->mapping ? cfg->mapping : DRAM_DEFAULT_MAPPING, order);
    if (msg)
        BAD("mapping", msg);
#undef BAD
    return NULL;
}

/* ------------------------------------------------------------ set-up */

/* An empty queue of cap slots. 0, or -1 when out of memory. */
static int queue_init(struct dram_queue *q, uint32_t cap)
{
    q->cap = cap;
    q->e = calloc(cap, sizeof(*q->e));
    if (!q->e)
        return -1;
    for (uint32_t i = 0; i < cap; i++)
        q->e[i].next = i + 1 < cap ? (int32_t)i + 1 : -1;
    q->head = q->tail = -1;
    q->free = 0;
    return 0;
}

static void ref_next(struct dram_channel *ch, uint32_t ranks)
{
    ch->ref_next = DRAM_NEVER;
    for (uint32_t r = 0; r < ranks; r++)
        ch->ref_next = ch->ranks[r].ref_due < ch->ref_next ? ch->ranks[r].ref_due : ch->ref_next;
}

int dram_ctrl_init(struct dram_ctrl *c, const struct dram_ctrl_cfg *cfg, dram_done_fn done,
                   dram_trace_fn trace, void *user)
{
    const struct dram_spec *sp;
    uint32_t nranks, nb;
    int order[DRAM_N_FIELDS];
    unsigned shift = 0;

    memset(c, 0, sizeof(*c));
    c->cfg = *cfg;
    if (!c->cfg.mapping)
        c->cfg.mapping = DRAM_DEFAULT_MAPPING;
    sp = c->sp = &c->cfg.spec;
    c->done = done;
    c->trace = trace;
    c->user = user;
    c->nbanks = nb = sp->bankgroups * sp->banks_per_group;
    c->nbanks_log2 = lg2(nb);
    c->tBL = sp->BL / 2;
    c->tRTW = sp->CL + c->tBL + 2 > sp->CWL ? sp->CL + c->tBL + 2 - sp->CWL : 1;
    c->burst_bytes = sp->bus_width / 8 * sp->BL;
    c->off_bits = lg2(c->burst_bytes);
    c->bits[DRAM_F_ROW] = lg2(sp->rows);
    c->bits[DRAM_F_RANK] = lg2(sp->ranks);
    c->bits[DRAM_F_BG] = lg2(sp->bankgroups);
    c->bits[DRAM_F_BANK] = lg2(sp->banks_per_group);
    c->bits[DRAM_F_COL] = lg2(sp->columns / sp->BL);
    c->bits[DRAM_F_CH] = lg2(cfg->channels);
    parse_mapping(c->cfg.mapping, order);
    for (int i = DRAM_N_FIELDS - 1; i >= 0; i--) {
        c->shift[order[i]] = shift;
        shift += c->bits[order[i]];
    }
    for (int f = 0; f < DRAM_N_FIELDS; f++)
        c->mask[f] = (1ull << c->bits[f]) - 1;
    c->split_act = sp->tRRD_L >= sp->tRRD_S;
    c->split_wtr = sp->tWTR_L >= sp->tWTR_S;
    c->col.ccd_s = sp->tCCD_S > c->tBL ? sp->tCCD_S : c->tBL;
    c->col.ccd_l = sp->tCCD_L > c->col.ccd_s ? sp->tCCD_L : c->col.ccd_s;
    c->col.rtw_l = c->col.ccd_l > c->tRTW ? c->col.ccd_l : c->tRTW;
    c->col.rd_end = sp->CL + c->tBL;
    c->col.wr_end = sp->CWL + c->tBL;
    c->col.wr_pre = sp->CWL + c->tBL + sp->tWR;
    c->col.wtr_s = sp->CWL + c->tBL + sp->tWTR_S;
    c->col.wtr_l = sp->CWL + c->tBL + sp->tWTR_L;

    nranks = cfg->channels * sp->ranks;
    c->n_all_banks = nranks * nb;
    c->ch = calloc(cfg->channels, sizeof(*c->ch));
    c->bank_busy = calloc(c->n_all_banks, sizeof(uint64_t));
    c->bank_access = calloc(c->n_all_banks, sizeof(uint64_t));
    if (!c->ch || !c->bank_busy || !c->bank_access)
        goto out_free;
    for (uint32_t i = 0; i < cfg->channels; i++) {
        struct dram_channel *ch = &c->ch[i];

        if (queue_init(&ch->rq, cfg->read_queue) || queue_init(&ch->wq, cfg->write_queue))
            goto out_free;
        ch->ranks = calloc(sp->ranks, sizeof(struct dram_rank));
        ch->banks = calloc((size_t)sp->ranks * nb, sizeof(struct dram_bank));
        ch->live[0].e = calloc((size_t)sp->ranks * nb, sizeof(*ch->live[0].e));
        ch->live[1].e = calloc((size_t)sp->ranks * nb, sizeof(*ch->live[1].e));
        if (!ch->ranks || !ch->banks || !ch->live[0].e || !ch->live[1].e)
            goto out_free;
        for (uint32_t r = 0; r < sp->ranks; r++) {
            struct dram_rank *rk = &ch->ranks[r];
            uint32_t idx = (i * sp->ranks + r) * nb;

            rk->banks = ch->banks + (size_t)r * nb;
            for (uint32_t b = 0; b < nb; b++) {
                rk->banks[b].close_at = DRAM_NEVER;
                rk->banks[b].qhead[0] = rk->banks[b].qhead[1] = -1;
                rk->banks[b].qtail[0] = rk->banks[b].qtail[1] = -1;
                rk->banks[b].rank = r;
                rk->banks[b].idx = (r << c->nbanks_log2) + b;
                rk->banks[b].bg = b / sp->banks_per_group;
                rk->banks[b].live_at[0] = rk->banks[b].live_at[1] = UINT32_MAX;
            }
            rk->busy = c->bank_busy + idx;
            rk->access = c->bank_access + idx;
            /* Ranks refresh staggered over one interval. */
            rk->ref_due = cfg->refresh ? (uint64_t)sp->tREFI * (r + 1) / sp->ranks
                                       : DRAM_NEVER;
        }
        ref_next(ch, sp->ranks);
    }
    return 0;

out_free:
    dram_ctrl_fini(c);
    return -1;
}

void dram_ctrl_fini(struct dram_ctrl *c)
{
    if (c->ch) {
        for (uint32_t i = 0; i < c->cfg.channels; i++) {
            struct dram_channel *ch = &c->ch[i];

            free(ch->banks);
            free(ch->ranks);
            free(ch->live[0].e);
            free(ch->live[1].e);
            free(ch->rq.e);
            free(ch->wq.e);
        }
    }
    free(c->ch);
    free(c->bank_busy);
    free(c->bank_access);
    c->ch = NULL;
    c->bank_busy = c->bank_access = NULL;
}

double dram_ctrl_peak_bw(const struct dram_ctrl *c)
{
    /* two beats of bus_width bits per clock */
    return (double)c->cfg.channels * (c->sp->bus_width / 8) * 2.0 / ((double)c->sp->tck * 1e-12);
}

/* ------------------------------------------------------------ background accounting */

/* Account [a, b) of rank rk, during which no command changed its state. */
static inline void span(struct dram_ctrl *c, struct dram_rank *rk, uint64_t a, uint64_t b)
{
    bool act = rk->open_count > 0;

    if (a < rk->ref_until) {        /* refreshing counts as active standby */
        uint64_t x = b < rk->ref_until ? b : rk->ref_until;

        c->n.ev[DRAM_EV_ACT_STBY] += x - a;
        a = x;
    }
    if (a >= b)
        return;
    if (c->cfg.powerdown && rk->pending == 0) {
        uint64_t pd = max64(a, rk->busy_until + c->cfg.powerdown);

        if (pd < b) {
            c->n.ev[act ? DRAM_EV_ACT_PDN : DRAM_EV_PRE_PDN] += b - pd;
            b = pd;
        }
    }
    c->n.ev[act ? DRAM_EV_ACT_STBY : DRAM_EV_PRE_STBY] += b - a;
}

/* Apply the auto-precharges of rank rk that took effect up to t, in time
 * order, accounting the background up to each. */
static void account_closing(struct dram_ctrl *c, struct dram_rank *rk, uint64_t t)
{
    while (rk->closing) {
        struct dram_bank *first = NULL;

        for (uint32_t i = 0; i < c->nbanks; i++) {      /* O(banks): only while closing */
            struct dram_bank *b = &rk->banks[i];

            if (b->close_at != DRAM_NEVER && (!first || b->close_at < first->close_at))
                first = b;
        }
        if (first->close_at > t)
            break;
        if (first->close_at > rk->bg_time) {
            span(c, rk, rk->bg_time, first->close_at);
            rk->bg_time = first->close_at;
        }
        rk->busy[first - rk->banks] += first->close_at - first->open_since;
        first->acct_open = false;
        first->close_at = DRAM_NEVER;
        rk->open_count--;
        rk->closing--;
    }
}

/* Bring rank rk's background counts up to t (every command calls it). */
static inline void account(struct dram_ctrl *c, struct dram_rank *rk, uint64_t t)
{
    if (rk->closing)
        account_closing(c, rk, t);
    if (t > rk->bg_time) {
        span(c, rk, rk->bg_time, t);
        rk->bg_time = t;
    }
}

/* ------------------------------------------------------------ live banks */

/* The entry bank b offers in queue w: its oldest row hit for RD/WR (col),
 * else its oldest entry. */
static inline int32_t bank_cand(const struct dram_queue *q, const struct dram_bank *b, int w,
                                bool col)
{
    int32_t i = b->qhead[w];

    if (col)
        while (q->e[i].row != b->row)
            i = q->e[i].bnext;
    return i;
}

/* Bank b's place in queue w's live list, brought up to date. */
static void track_bank(struct dram_channel *ch, int w, struct dram_bank *b)
{
    struct dram_live *l = &ch->live[w];
    const struct dram_queue *q = w ? &ch->wq : &ch->rq;
    struct dram_live_bank *e;
    uint32_t at = b->live_at[w];
    int k, kw;

    if (!b->qn[w]) {
        if (at != UINT32_MAX) {     /* gone: the last one takes its place */
            l->e[at] = l->e[--l->n];
            ch->banks[l->e[at].bank].live_at[w] = at;
            b->live_at[w] = UINT32_MAX;
        }
        return;
    }
    if (at == UINT32_MAX) {
        at = b->live_at[w] = l->n++;
        l->e[at].bank = b->idx;
    }
    e = &l->e[at];
    k = !b->open ? DRAM_NX_ACT : b->hits[w] ? DRAM_NX_COL : DRAM_NX_PRE;
    kw = k == DRAM_NX_ACT ? DRAM_W_ACT : k == DRAM_NX_PRE ? DRAM_W_PRE : w ? DRAM_W_WR : DRAM_W_RD;
    e->own = b->next[k];
    e->rw = &ch->ranks[b->rank].next[kw];
    e->gw = &ch->ranks[b->rank].bg_next[b->bg][kw];
    e->cnt = k == DRAM_NX_COL ? b->hits[w] : b->qn[w];
    e->cand = bank_cand(q, b, w, k == DRAM_NX_COL);
    e->key = (k == DRAM_NX_COL ? 0 : 1ull << 63) | q->e[e->cand].seq;
}

/* Bank b of ch changed (its state, or its entries in queue w): bring queue
 * w's live list up to date. The list is kept while two banks or more have
 * entries in the queue; with one, a look reads that bank itself (look),
 * which costs less than keeping it listed. So a second bank lists the
 * first one too (the oldest entry's), and a queue down to one bank drops
 * its list. */
static void track_in(const struct dram_ctrl *c, struct dram_channel *ch, int w, struct dram_bank *b)
{
    struct dram_live *l = &ch->live[w];
    const struct dram_queue *q = w ? &ch->wq : &ch->rq;

    if (q->nbanks < 2) {
        while (l->n)
            ch->banks[l->e[--l->n].bank].live_at[w] = UINT32_MAX;
        return;
    }
    if (!l->n && q->e[q->head].b != b)
        track_bank(ch, w, q->e[q->head].b);
    track_bank(ch, w, b);
}

/* The bank's state changed (a command): both queues' lists, where kept
 * (nothing to do for a bank without entries there, as with loosely-timed
 * accesses and an idle channel). The step calls it after each command it
 * issues, the loosely-timed access after its commands, and a refresh for
 * its rank; an arrival changes one queue's list alone (track_in). */
static inline void track(const struct dram_ctrl *c, struct dram_channel *ch, struct dram_bank *b)
{
    for (int w = 0; w < 2; w++)
        if (ch->live[w].n && (b->qn[w] || b->live_at[w] != UINT32_MAX))
            track_in(c, ch, w, b);
}

static void track_rank(const struct dram_ctrl *c, struct dram_channel *ch, uint32_t r)
{
    for (uint32_t i = 0; i < c->nbanks; i++)
        track(c, ch, &ch->banks[(r << c->nbanks_log2) + i]);
}

/* Rank rk's rank-wide words (dram_rank.next) from its power-down exit,
 * short timings and tFAW window: after every command that moves one. */
static void rank_next(const struct dram_ctrl *c, struct dram_rank *rk)
{
    uint64_t act = max64(rk->ready, rk->act_all);

    if (rk->faw_n == 4)
        act = max64(act, rk->faw[rk->faw_pos & 3] + c->sp->tFAW);
    rk->next[DRAM_W_ACT] = act;
    rk->next[DRAM_W_RD] = max64(rk->ready, rk->rd_all);
    rk->next[DRAM_W_WR] = max64(rk->ready, rk->wr_all);
    rk->next[DRAM_W_PRE] = rk->ready;
}

/* rank_next after a command that moved act_all or the tFAW window only. */
static inline void rank_next_act(const struct dram_ctrl *c, struct dram_rank *rk)
{
    uint64_t act = max64(rk->ready, rk->act_all);

    if (rk->faw_n == 4)
        act = max64(act, rk->faw[rk->faw_pos & 3] + c->sp->tFAW);
    rk->next[DRAM_W_ACT] = act;
}

/* rank_next after a command that moved rd_all or wr_all only. */
static inline void rank_next_col(struct dram_rank *rk)
{
    rk->next[DRAM_W_RD] = max64(rk->ready, rk->rd_all);
    rk->next[DRAM_W_WR] = max64(rk->ready, rk->wr_all);
}

/* Leave power-down at t when rank rk is in it. */
static void pd_wake(struct dram_ctrl *c, struct dram_rank *rk, uint64_t t, const struct dram_addr *a)
{
    if (!c->cfg.powerdown || rk->pending || t < rk->busy_until + c->cfg.powerdown)
        return;
    account(c, rk, t);
    upd(&rk->ready, t + c->sp->tXP);
    upd(&rk->busy_until, t + c->sp->tXP);
    rank_next(c, rk);
    c->n.pd_exits++;
    if (c->trace)
        c->trace(c->user, t, DRAM_CMD_PDX, a);
}

/* ------------------------------------------------------------ commands */

static inline void tr(struct dram_ctrl *c, uint64_t t, int cmd, uint32_t ch, uint32_t r,
                      uint32_t bi, uint32_t row)
{
    struct dram_addr a = { ch, r, bi / c->sp->banks_per_group, bi % c->sp->banks_per_group,
                           row, 0 };

    c->trace(c->user, t, cmd, &a);
}

/* tr() of a command to bank b of channel ch. */
static void tr_bank(struct dram_ctrl *c, uint64_t t, int cmd, const struct dram_channel *ch,
                    const struct dram_bank *b)
{
    tr(c, t, cmd, (uint32_t)(ch - c->ch), b->rank, b->idx & (c->nbanks - 1), b->row);
}

/* ACT of row in bank b (of rank rk, channel ch) at t. */
static inline __attribute__((always_inline)) void
cmd_act(struct dram_ctrl *c, struct dram_channel *ch, struct dram_rank *rk, struct dram_bank *b,
        uint32_t row, uint64_t t)
{
    const struct dram_spec *sp = c->sp;
    uint32_t bg = b->bg;

    account(c, rk, t);
    b->open = b->acct_open = true;
    b->row = row;
    b->open_since = t;
    b->hits[0] = b->hits[1] = 0;    /* O(this bank's entries), once per activation */
    for (int32_t i = b->qhead[0]; i >= 0; i = ch->rq.e[i].bnext)
        b->hits[0] += ch->rq.e[i].row == row;
    for (int32_t i = b->qhead[1]; i >= 0; i = ch->wq.e[i].bnext)
        b->hits[1] += ch->wq.e[i].row == row;
    rk->open_count++;
    rk->sched_open++;
    upd(&b->next[DRAM_NX_COL], t + sp->tRCD);
    upd(&b->next[DRAM_NX_PRE], t + sp->tRAS);
    upd(&b->next[DRAM_NX_ACT], t + sp->tRC);
    if (c->split_act) {
        upd(&rk->act_all, t + sp->tRRD_S);
    } else {
        for (uint32_t x = 0; x < sp->bankgroups; x++)
            upd(&rk->bg_next[x][DRAM_W_ACT], t + sp->tRRD_S);
    }
    upd(&rk->bg_next[bg][DRAM_W_ACT], t + sp->tRRD_L);
    rk->faw[rk->faw_pos++ & 3] = t;
    if (rk->faw_n < 4)
        rk->faw_n++;
    rank_next_act(c, rk);
    upd(&rk->busy_until, t + sp->tRCD);
    ch->cmd_free = t + 1;
    c->n.ev[DRAM_EV_ACT]++;
    if (c->trace)
        tr_bank(c, t, DRAM_CMD_ACT, ch, b);
}

static inline void close_bank(struct dram_ctrl *c, struct dram_rank *rk, struct dram_bank *b,
                              uint64_t t)
{
    b->open = b->acct_open = false;
    b->hits[0] = b->hits[1] = 0;
    rk->open_count--;
    rk->sched_open--;
    rk->busy[b->idx & (c->nbanks - 1)] += t - b->open_since;
    upd(&b->next[DRAM_NX_ACT], t + c->sp->tRP);
    upd(&rk->busy_until, t + c->sp->tRP);
    c->n.ev[DRAM_EV_PRE]++;
}

static inline void cmd_pre(struct dram_ctrl *c, struct dram_channel *ch, struct dram_rank *rk,
                           struct dram_bank *b, uint64_t t)
{
    account(c, rk, t);
    close_bank(c, rk, b, t);
    ch->cmd_free = t + 1;
    if (c->trace)
        tr_bank(c, t, DRAM_CMD_PRE, ch, b);
}

static void cmd_prea(struct dram_ctrl *c, uint32_t ci, uint32_t r, uint64_t t)
{
    struct dram_channel *ch = &c->ch[ci];
    struct dram_rank *rk = &ch->ranks[r];

    account(c, rk, t);
    for (uint32_t i = 0; i < c->nbanks; i++)
        if (rk->banks[i].open)
            close_bank(c, rk, &rk->banks[i], t);
    ch->cmd_free = t + 1;
    track_rank(c, ch, r);
    if (c->trace)
        tr(c, t, DRAM_CMD_PREA, ci, r, 0, 0);
}

static void cmd_ref(struct dram_ctrl *c, uint32_t ci, uint32_t r, uint64_t t)
{
    const struct dram_spec *sp = c->sp;
    struct dram_channel *ch = &c->ch[ci];
    struct dram_rank *rk = &ch->ranks[r];

    account(c, rk, t);
    for (uint32_t i = 0; i < c->nbanks; i++)
        upd(&rk->banks[i].next[DRAM_NX_ACT], t + sp->tRFC);
    rk->ref_until = t + sp->tRFC;
    upd(&rk->busy_until, t + sp->tRFC);
    rk->ref_due += sp->tREFI;
    ref_next(ch, sp->ranks);
    ch->cmd_free = t + 1;
    track_rank(c, ch, r);
    c->n.ev[DRAM_EV_REF]++;
    c->n.refreshes++;
    if (c->trace)
        tr(c, t, DRAM_CMD_REF, ci, r, 0, 0);
}

/* RD or WR (with auto-precharge under a closed page) at t; returns the
 * cycle the data burst ends. The sums of timings it applies are worked
 * out once, at init (dram_ctrl.col). */
static inline __attribute__((always_inline)) uint64_t
cmd_col(struct dram_ctrl *c, struct dram_channel *ch, struct dram_rank *rk, struct dram_bank *b,
        bool write, uint64_t t)
{
    const struct dram_spec *sp = c->sp;
    uint32_t r = b->rank, bg = b->bg;
    uint64_t end, pre_at, busy;

    /* The background counts need bringing up to t only when this command
     * changes what they depend on: with power-down, busy_until and the
     * queue (the step takes the entry out); the banks that are open do not
     * change (an auto-precharge takes effect later, at close_at, in order),
     * so without power-down the next account(), at a later cycle (a step's
     * commands go in time order), counts the same. The loosely-timed
     * access, whose commands may lie ahead of the next one's, accounts
     * before it calls this. */
    if (c->cfg.powerdown)
        account(c, rk, t);
    if (sp->ranks > 1) {            /* the data bus changes rank: tRTRS between bursts */
        uint64_t data_end = t + (write ? sp->CWL : sp->CL) + c->tBL + sp->tRTRS;
        uint64_t rd = data_end > t + sp->CL ? data_end - sp->CL : t + 1;
        uint64_t wr = data_end > t + sp->CWL ? data_end - sp->CWL : t + 1;

        for (uint32_t q = 0; q < sp->ranks; q++) {
            if (q != r) {
                upd(&ch->ranks[q].rd_all, rd);
                upd(&ch->ranks[q].wr_all, wr);
                rank_next_col(&ch->ranks[q]);
            }
        }
    }
    /* this rank: the short timing for every group, the long one for bg
     * (ccd_l >= ccd_s; tRTW <= max(ccd_l, tRTW)) */
    if (write) {
        upd(&rk->wr_all, t + c->col.ccd_s);
        upd(&rk->bg_next[bg][DRAM_W_WR], t + c->col.ccd_l);
        if (c->split_wtr) {
            upd(&rk->rd_all, t + c->col.wtr_s);
        } else {
            for (uint32_t x = 0; x < sp->bankgroups; x++)
                if (x != bg)
                    upd(&rk->bg_next[x][DRAM_W_RD], t + c->col.wtr_s);
        }
        upd(&rk->bg_next[bg][DRAM_W_RD], t + c->col.wtr_l);
        end = t + c->col.wr_end;
        pre_at = busy = t + c->col.wr_pre;
        c->n.write_cycles += c->tBL;
        c->n.ev[DRAM_EV_WR]++;
    } else {
        upd(&rk->rd_all, t + c->col.ccd_s);
        upd(&rk->bg_next[bg][DRAM_W_RD], t + c->col.ccd_l);
        upd(&rk->wr_all, t + c->tRTW);
        upd(&rk->bg_next[bg][DRAM_W_WR], t + c->col.rtw_l);
        end = busy = t + c->col.rd_end;
        pre_at = t + sp->tRTP;
        c->n.read_cycles += c->tBL;
        c->n.ev[DRAM_EV_RD]++;
    }
    rank_next_col(rk);
    upd(&b->next[DRAM_NX_PRE], pre_at);
    upd(&rk->busy_until, busy);
    rk->access[b->idx & (c->nbanks - 1)]++;
    ch->cmd_free = t + 1;
    if (c->cfg.page_policy == DRAM_CLOSED_PAGE) {
        /* auto-precharge: the bank closes when tRAS and tRTP/tWR allow */
        uint64_t pre = b->next[DRAM_NX_PRE];

        if (c->trace)
            tr_bank(c, t, write ? DRAM_CMD_WRA : DRAM_CMD_RDA, ch, b);
        b->open = false;
        b->hits[0] = b->hits[1] = 0;
        rk->sched_open--;
        b->close_at = pre;
        rk->closing++;
        upd(&b->next[DRAM_NX_ACT], pre + sp->tRP);
        upd(&rk->busy_until, pre + sp->tRP);
        c->n.ev[DRAM_EV_PRE]++;
    } else if (c->trace) {
        tr_bank(c, t, write ? DRAM_CMD_WR : DRAM_CMD_RD, ch, b);
    }
    return end;
}

/* ------------------------------------------------------------ earliest issue times */

static inline uint64_t t_act(const struct dram_ctrl *c, const struct dram_channel *ch,
                             const struct dram_rank *rk, const struct dram_bank *b, uint32_t bg)
{
    return max64(max64(b->next[DRAM_NX_ACT], ch->cmd_free),
                 max64(rk->next[DRAM_W_ACT], rk->bg_next[bg][DRAM_W_ACT]));
}

static inline uint64_t t_col(const struct dram_channel *ch, const struct dram_rank *rk,
                             const struct dram_bank *b, uint32_t bg, bool write)
{
    int k = write ? DRAM_W_WR : DRAM_W_RD;

    return max64(max64(b->next[DRAM_NX_COL], ch->cmd_free),
                 max64(rk->next[k], rk->bg_next[bg][k]));
}

static inline uint64_t t_pre(const struct dram_channel *ch, const struct dram_rank *rk,
                             const struct dram_bank *b)
{
    return max64(b->next[DRAM_NX_PRE], max64(rk->next[DRAM_W_PRE], ch->cmd_free));
}

/* PREA (when banks are open) or REF for a rank whose refresh is due. */
static uint64_t t_refresh(const struct dram_ctrl *c, const struct dram_channel *ch,
                          const struct dram_rank *rk, bool *prea)
{
    uint64_t t = max64(rk->ready, ch->cmd_free);

    *prea = rk->sched_open > 0;
    for (uint32_t i = 0; i < c->nbanks; i++) {
        const struct dram_bank *b = &rk->banks[i];

        if (*prea) {
            if (b->open)
                t = max64(t, b->next[DRAM_NX_PRE]);
        } else {
            t = max64(t, b->next[DRAM_NX_ACT]);
        }
    }
    return t;
}

/* Replay the refreshes of an idle channel that fell due up to now, each at
 * the earliest cycle from its due time on, ranks in due order. */
static void catch_up(struct dram_ctrl *c, uint32_t ci, uint64_t now)
{
    struct dram_channel *ch = &c->ch[ci];

    if (ch->ref_next > now)
        return;                     /* none due */
    ch->plan_ok = false;
    for (;;) {
        struct dram_rank *rk = NULL;
        uint32_t r = 0;
        uint64_t due, t;
        bool prea;

        for (uint32_t i = 0; i < c->sp->ranks; i++)
            if (!rk || ch->ranks[i].ref_due < rk->ref_due) {
                rk = &ch->ranks[i];
                r = i;
            }
        due = rk->ref_due;
        if (due > now)
            break;
        pd_wake(c, rk, due, &(struct dram_addr){ ci, r, 0, 0, 0, 0 });
        ch->cmd_free = max64(ch->cmd_free, due);
        t = t_refresh(c, ch, rk, &prea);
        if (prea) {
            cmd_prea(c, ci, r, t);
            t = t_refresh(c, ch, rk, &prea);
        }
        cmd_ref(c, ci, r, t);
    }
}

/* ------------------------------------------------------------ requests */

/* A free slot of q, filled by the caller, then linked by queue_link. */
static inline int32_t queue_slot(struct dram_queue *q)
{
    int32_t i = q->free;

    q->free = q->e[i].next;
    return i;
}

/* Put slot i (e->b set) at the end of q and of its bank's list. */
static void queue_link(struct dram_ctrl *c, struct dram_queue *q, int w, int32_t i)
{
    struct dram_entry *e = &q->e[i];
    struct dram_bank *b = e->b;

    e->seq = q->seq++;
    e->prev = q->tail;
    e->next = -1;
    if (q->tail >= 0)
        q->e[q->tail].next = i;
    else
        q->head = i;
    q->tail = i;
    e->bprev = b->qtail[w];
    e->bnext = -1;
    if (b->qtail[w] >= 0)
        q->e[b->qtail[w]].bnext = i;
    else
        b->qhead[w] = i;
    b->qtail[w] = i;
    if (b->qn[w]++ == 0)
        q->nbanks++;
    q->n++;
}

/* Take slot i out of q and its bank's list, and free it. */
static void queue_unlink(struct dram_ctrl *c, struct dram_queue *q, int w, int32_t i)
{
    struct dram_entry *e = &q->e[i];
    struct dram_bank *b = e->b;

    if (e->prev >= 0)
        q->e[e->prev].next = e->next;
    else
        q->head = e->next;
    if (e->next >= 0)
        q->e[e->next].prev = e->prev;
    else
        q->tail = e->prev;
    if (e->bprev >= 0)
        q->e[e->bprev].bnext = e->bnext;
    else
        b->qhead[w] = e->bnext;
    if (e->bnext >= 0)
        q->e[e->bnext].bprev = e->bprev;
    else
        b->qtail[w] = e->bprev;
    if (--b->qn[w] == 0)
        q->nbanks--;
    e->next = q->free;
    q->free = i;
    q->n--;
}

static bool channel_idle(const struct dram_channel *ch)
{
    return ch->rq.n == 0 && ch->wq.n == 0;
}

/* Would the next step switch between reads and writes? Reads, unless the
 * write queue passed its high watermark (or reads ran out); then writes
 * until it is down to the low one. */
static bool swap_due(const struct dram_ctrl *c, const struct dram_channel *ch)
{
    if (ch->draining)
        return ch->wq.n == 0 || (ch->wq.n <= c->cfg.write_low && ch->rq.n > 0);
    return ch->wq.n >= c->cfg.write_high || (ch->rq.n == 0 && ch->wq.n > 0);
}

/* Fold one more candidate (cnt entries whose command may issue at cycle t,
 * the oldest of age seq) into a look: keep the earliest, and at the
 * earliest a column command before a row command, then the oldest. */
static inline void consider(struct dram_look *L, uint64_t t, int32_t i, uint64_t seq,
                            uint32_t cnt, bool col)
{
    if (t < L->tmin) {
        L->t2 = L->tmin;
        L->tmin = t;
        L->count = cnt;
        L->best = i;
        L->seq = seq;
        L->col = col;
    } else if (t == L->tmin) {
        L->count += cnt;
        if ((col && !L->col) || (col == L->col && seq < L->seq)) {
            L->best = i;
            L->seq = seq;
            L->col = col;
        }
    } else if (t < L->t2) {
        L->t2 = t;
    }
}


/* Entry i of q arrived at cycle now (linked, its bank's hits counted): bring
 * the channel's plan up to date, as the next step's look would see it, or
 * drop it when that would take more than adding one candidate. */
static void plan_arrival(struct dram_ctrl *c, struct dram_channel *ch, struct dram_queue *q,
                         bool write, int32_t i, uint64_t now)
{
    const struct dram_entry *e = &q->e[i];
    const struct dram_bank *b = e->b;

    if (write != ch->plan_q) {
        if (swap_due(c, ch))
            ch->plan_ok = false;    /* the next step takes the other queue */
        return;
    }
    if (c->cfg.scheduler == DRAM_FCFS)
        return;                     /* not the oldest: FCFS does not look at it */
    if (b->open && b->row == e->row) {
        if (b->hits[write] == 1 && b->qn[write] > 1)
            ch->plan_ok = false;    /* the bank's conflicts now wait for this hit */
        else
            consider(&ch->plan, max64(t_col(ch, e->rk, b, b->bg, write), now), i, e->seq, 1,
                     true);
    } else if (b->open) {
        if (!b->hits[write])        /* else it waits for the bank's hits */
            consider(&ch->plan, max64(t_pre(ch, e->rk, b), now), i, e->seq, 1, false);
    } else {
        consider(&ch->plan, max64(t_act(c, ch, e->rk, b, b->bg), now), i, e->seq, 1, false);
    }
}

int dram_ctrl_enqueue(struct dram_ctrl *c, uint64_t now, uint64_t addr, bool write, void *owner,
                      uint64_t *when)
{
    struct dram_addr a;

    addr &= ~(uint64_t)(c->burst_bytes - 1);
    dram_map(c, addr, &a);
    return dram_ctrl_enqueue_mapped(c, now, addr, &a, write, owner, when);
}

int dram_ctrl_enqueue_mapped(struct dram_ctrl *c, uint64_t now, uint64_t addr,
                             const struct dram_addr *a, bool write, void *owner, uint64_t *when)
{
    struct dram_channel *ch = &c->ch[a->ch];
    struct dram_queue *q = write ? &ch->wq : &ch->rq;
    struct dram_rank *rk = &ch->ranks[a->rank];
    uint32_t bi = a->bg * c->sp->banks_per_group + a->bank;
    struct dram_bank *b = &rk->banks[bi];
    struct dram_entry *e;
    int32_t i;
    uint64_t t;

    /* The write queue holds the newest data: reads of it are answered from
     * it, writes to it are merged. O(queued writes of the bank). */
    for (i = b->qhead[1]; i >= 0; i = ch->wq.e[i].bnext) {
        if (ch->wq.e[i].addr != addr)
            continue;
        if (write)
            c->n.merged++;
        else
            c->n.forwarded++;
        c->done(c->user, owner, now, DRAM_HIT, write);
        return 0;
    }
    if (q->n == q->cap)
        return -1;
    if (c->cfg.refresh && ch->ref_next <= now && channel_idle(ch))
        catch_up(c, a->ch, now);
    if (c->cfg.powerdown) {
        /* the background up to now counts with the queue as it was; without
         * power-down the queue does not matter to it (a later account() or
         * sync counts the same) */
        pd_wake(c, rk, now, a);
        account(c, rk, now);
    }
    rk->pending++;
    i = queue_slot(q);
    e = &q->e[i];
    e->owner = owner;
    e->addr = addr;
    e->row = a->row;
    e->rk = rk;
    e->b = b;
    e->write = write;
    e->kind = DRAM_HIT;
    queue_link(c, q, write, i);
    if (b->open && b->row == a->row)
        b->hits[write]++;
    if (q->nbanks >= 2 || ch->live[write].n)    /* else nothing is listed, nor will be */
        track_in(c, ch, write, b);
    /* When its next command could go at the earliest: the step need not
     * look before (a refresh due, or a change of queue, look now). */
    t = now;
    if (rk->ref_due > now && ch->draining == write) {
        if (b->open && b->row == a->row)
            t = t_col(ch, rk, b, a->bg, write);
        else if (b->open)
            t = t_pre(ch, rk, b);
        else
            t = t_act(c, ch, rk, b, a->bg);
    }
    t = ch->ref_next < t ? ch->ref_next : t;    /* an idle channel's refreshes */
    *when = t > now ? t : now;
    if (ch->plan_ok)
        plan_arrival(c, ch, q, write, i, now);
    return 1;
}

static void count_access(struct dram_ctrl *c, int kind, bool write)
{
    if (write)
        c->n.writes++;
    else
        c->n.reads++;
    if (kind == DRAM_HIT)
        c->n.hits++;
    else if (kind == DRAM_MISS)
        c->n.misses++;
    else
        c->n.conflicts++;
}

/* Look at the candidates of q (entries of ranks in refmask aside): FR-FCFS
 * offers every entry's next command, but a conflict waits while its bank
 * has row hits queued; FCFS offers the oldest entry only. Every earliest
 * time counts, so that t2 bounds when anything else can go. The entries of
 * one bank that would take the same command share its earliest time, so
 * the look is per bank with entries (the live list), not per entry: a bank
 * offers its oldest hit when it has any, else its oldest entry. A bank's
 * earliest time is the latest of its own word for that command, its rank's
 * and its bank group's (all three found through the live list) and the
 * floor. look() takes one bank under FR-FCFS (often, under light load)
 * inline; this, out of line, the rest (the banks are then listed). */
static __attribute__((noinline)) void look_all(const struct dram_ctrl *c, struct dram_channel *ch,
                                               const struct dram_queue *q, bool qw,
                                               uint32_t refmask, uint64_t floor,
                                               struct dram_look *L)
{
    uint64_t tmin = DRAM_NEVER, t2 = DRAM_NEVER;
    uint32_t best = 0, count = 0;   /* best: place in the live list (tmin not NEVER) */

    L->best = -1;
    if (c->cfg.scheduler == DRAM_FCFS) {
        const struct dram_entry *e = &q->e[q->head];
        const struct dram_bank *b = e->b;
        const struct dram_rank *rk = e->rk;

        L->t2 = DRAM_NEVER;
        L->col = false;
        if (refmask >> b->rank & 1) {
            L->tmin = DRAM_NEVER;
            L->count = 0;
            return;
        }
        if (!b->open)
            L->tmin = t_act(c, ch, rk, b, b->bg);
        else if ((L->col = b->row == e->row))
            L->tmin = t_col(ch, rk, b, b->bg, qw);
        else
            L->tmin = t_pre(ch, rk, b);
        L->tmin = max64(L->tmin, floor);
        L->best = q->head;
        L->seq = e->seq;
        L->count = 1;
        return;
    }
    /* Two passes without branches on the times (which no predictor could
     * guess): the earliest time, then what is due at it and what comes
     * next. A bank of a rank whose refresh is due (rare) counts as never. */
    {
        struct dram_live_bank *e = ch->live[qw].e;
        const uint32_t n = ch->live[qw].n;

        for (uint32_t i = 0; i < n; i++) {
            uint64_t t = max64(max64(*e[i].rw, *e[i].gw), max64(e[i].own, floor));

            if (refmask && (refmask >> (e[i].bank >> c->nbanks_log2) & 1))
                t = DRAM_NEVER;
            e[i].t = t;
            tmin = t < tmin ? t : tmin;
        }
        if (tmin != DRAM_NEVER) {
            uint64_t bkey = UINT64_MAX;

            for (uint32_t i = 0; i < n; i++) {
                uint64_t t = e[i].t;
                bool due = t == tmin, first = due && e[i].key < bkey;

                count += due ? e[i].cnt : 0;
                best = first ? i : best;    /* a column command first, then the oldest */
                bkey = first ? e[i].key : bkey;
                t2 = !due && t < t2 ? t : t2;
            }
        }
    }
    L->tmin = tmin;
    L->t2 = t2;
    L->count = count;
    L->col = false;
    if (tmin != DRAM_NEVER) {
        const struct dram_live_bank *e = &ch->live[qw].e[best];

        L->col = !(e->key >> 63);
        L->best = e->cand;
        L->seq = e->key & ~(1ull << 63);
    }
}

/* The look of queue qw (q) at floor (see look_all), into L. A bank's
 * earliest time is the latest of its rank's and bank group's words, its
 * own and the floor; which entry it offers and the age of that entry are
 * in its place in the live list. */
static inline __attribute__((always_inline)) void
look(const struct dram_ctrl *c, struct dram_channel *ch, const struct dram_queue *q, bool qw,
     uint32_t refmask, uint64_t floor, struct dram_look *L)
{
    const struct dram_entry *h = &q->e[q->head];
    const struct dram_bank *b = h->b;
    const struct dram_rank *rk = h->rk;
    uint64_t t;

    floor = max64(floor, ch->cmd_free);
    if (ch->live[qw].n || c->cfg.scheduler != DRAM_FRFCFS) {
        look_all(c, ch, q, qw, refmask, floor, L);
        return;
    }
    /* one bank has entries (that of the oldest): what track_bank would list */
    if (refmask >> b->rank & 1) {   /* its rank's refresh is due */
        L->tmin = L->t2 = DRAM_NEVER;
        L->count = 0;
        L->col = false;
        L->best = -1;
        return;
    }
    if (!b->open) {
        t = max64(max64(rk->next[DRAM_W_ACT], rk->bg_next[b->bg][DRAM_W_ACT]),
                  b->next[DRAM_NX_ACT]);
        L->col = false;
        L->count = b->qn[qw];
        L->best = b->qhead[qw];
    } else if (b->hits[qw]) {
        int kw = qw ? DRAM_W_WR : DRAM_W_RD;

        t = max64(max64(rk->next[kw], rk->bg_next[b->bg][kw]), b->next[DRAM_NX_COL]);
        L->col = true;
        L->count = b->hits[qw];
        L->best = bank_cand(q, b, qw, true);
    } else {
        t = max64(max64(rk->next[DRAM_W_PRE], rk->bg_next[b->bg][DRAM_W_PRE]),
                  b->next[DRAM_NX_PRE]);
        L->col = false;
        L->count = b->qn[qw];
        L->best = b->qhead[qw];
    }
    L->tmin = max64(t, floor);
    L->t2 = DRAM_NEVER;
    L->seq = q->e[L->best].seq;
}

/* Refresh first: a due rank is precharged and refreshed before anything
 * else is issued to it. Issues PREA or REF to the first due rank that can
 * take it now (true), else marks the due ranks in *refmask and bounds the
 * next step in *next (from DRAM_NEVER). Out of line: once per tREFI. */
static __attribute__((noinline)) bool step_refresh(struct dram_ctrl *c, uint32_t ci,
                                                   uint64_t now, uint64_t *next,
                                                   uint32_t *refmask)
{
    struct dram_channel *ch = &c->ch[ci];

    for (uint32_t r = 0; r < c->sp->ranks; r++) {
        struct dram_rank *rk = &ch->ranks[r];
        uint64_t t;
        bool prea;

        if (rk->ref_due > now) {
            *next = rk->ref_due < *next ? rk->ref_due : *next;
            continue;
        }
        *refmask |= 1u << r;
        pd_wake(c, rk, now, &(struct dram_addr){ ci, r, 0, 0, 0, 0 });
        t = t_refresh(c, ch, rk, &prea);
        if (t > now) {
            *next = t < *next ? t : *next;
            continue;
        }
        if (prea)
            cmd_prea(c, ci, r, now);
        else
            cmd_ref(c, ci, r, now);
        return true;
    }
    return false;
}

uint64_t dram_ctrl_step(struct dram_ctrl *c, uint32_t ci, uint64_t now)
{
    struct dram_channel *ch = &c->ch[ci];
    struct dram_look *L = &ch->plan;   /* a look goes straight into the plan */
    uint64_t next = ch->ref_next;   /* no rank due (or no refresh: DRAM_NEVER) */
    uint32_t refmask = 0;
    struct dram_queue *q;
    bool qw, planned = ch->plan_ok;

    ch->plan_ok = false;
    if (next <= now) {
        next = DRAM_NEVER;
        if (c->cfg.refresh && step_refresh(c, ci, now, &next, &refmask))
            return now + 1;
    }

    if (swap_due(c, ch))
        ch->draining = !ch->draining;
    qw = ch->draining;
    q = qw ? &ch->wq : &ch->rq;
    if (q->n == 0)
        return refmask ? next : DRAM_NEVER;

    /* What is ready now: from the plan when nothing but arrivals (which
     * kept it up to date) happened since the last command, else a look.
     * A plan's steps before its time find nothing, as a look would. A
     * look that finds nothing due is kept as the plan when it may be. */
    if (planned && !refmask && ch->plan_q == qw && L->tmin >= now) {
        if (L->tmin > now) {
            ch->plan_ok = true;
            return L->tmin;         /* < ref_next: the plan would not hold otherwise */
        }
    } else {
        look(c, ch, q, qw, refmask, now, L);
        if (L->tmin > now) {
            if (!refmask && L->tmin < ch->ref_next) {
                ch->plan_q = qw;
                ch->plan_ok = true;
            }
            next = L->tmin < next ? L->tmin : next;
            return next == DRAM_NEVER ? now + 1 : next;
        }
    }

    /* Issue, then bound the next chance: commands only delay the others,
     * but for entries of the same bank (whose next command changes) and
     * a change of queue. The bounds are those a look every cycle implies,
     * so the steps, and the decisions, are the same as ever; the look for
     * the next step is taken now, after the command, and kept (it
     * overwrites L: what the command needs of L is read first). */
    {
        int32_t best = L->best;
        struct dram_entry *e = &q->e[best];
        struct dram_bank *b = e->b;
        struct dram_rank *rk = e->rk;
        uint64_t ret = L->count > 1 || c->cfg.scheduler != DRAM_FRFCFS
                       ? now + 1 : (L->t2 < next ? L->t2 : next);
        bool replan = !refmask;

        if (L->col) {
            void *owner = e->owner;
            uint8_t kind = e->kind, write = e->write;
            bool held = b->qn[qw] > b->hits[qw];    /* conflicts waited for this bank's hits */
            uint64_t end;

            b->hits[write]--;
            end = cmd_col(c, ch, rk, b, write, now);
            rk->pending--;
            queue_unlink(c, q, qw, best);
            count_access(c, kind, write);
            c->done(c->user, owner, end, kind, write);
            if (q->n == 0 || swap_due(c, ch)) {
                replan = false;     /* the next step looks at the other queue, or none */
                ret = now + 1;
            } else if (held) {
                ret = now + 1;      /* a precharge unblocked */
            }
        } else if (b->open) {
            cmd_pre(c, ch, rk, b, now);
            e->kind = DRAM_CONFLICT;
            ret = ret < b->next[DRAM_NX_ACT] ? ret : b->next[DRAM_NX_ACT];
        } else {
            cmd_act(c, ch, rk, b, e->row, now);
            if (e->kind == DRAM_HIT)
                e->kind = DRAM_MISS;
            ret = ret < b->next[DRAM_NX_COL] ? ret : b->next[DRAM_NX_COL];
        }
        track(c, ch, b);            /* the bank's command changed, or an entry left */
        if (ret == DRAM_NEVER && (refmask || ch->rq.n || ch->wq.n))
            ret = now + 1;
        if (replan) {
            look(c, ch, q, qw, 0, now + 1, L);
            ch->plan_q = qw;
            ch->plan_ok = L->best >= 0 && L->tmin < ch->ref_next;
        }
        return ret > now ? ret : now + 1;
    }
}

uint64_t dram_ctrl_access_lt(struct dram_ctrl *c, uint64_t now, uint64_t addr, bool write,
                             int *kind)
{
    const struct dram_spec *sp = c->sp;
    struct dram_addr a;
    struct dram_channel *ch;
    struct dram_rank *rk;
    struct dram_bank *b;
    uint32_t bi;
    uint64_t t = now, end;

    dram_map(c, addr, &a);
    ch = &c->ch[a.ch];
    rk = &ch->ranks[a.rank];
    bi = a.bg * sp->banks_per_group + a.bank;
    b = &rk->banks[bi];
    ch->plan_ok = false;            /* bank state changes behind the queues' back */
    if (c->cfg.refresh && ch->ref_next <= now && channel_idle(ch))
        catch_up(c, a.ch, now);
    pd_wake(c, rk, now, &a);
    t = max64(t, max64(rk->ref_until, rk->ready));
    if (b->open && b->row == a.row) {
        *kind = DRAM_HIT;
    } else if (b->open) {
        *kind = DRAM_CONFLICT;
        cmd_pre(c, ch, rk, b, t);
        t += sp->tRP;
        cmd_act(c, ch, rk, b, a.row, t);
        t += sp->tRCD;
    } else {
        *kind = DRAM_MISS;
        /* a closed page may still be closing from the last access */
        t = max64(t, b->close_at != DRAM_NEVER ? b->close_at + sp->tRP : 0);
        cmd_act(c, ch, rk, b, a.row, t);
        t += sp->tRCD;
    }
    account(c, rk, t);              /* cmd_col leaves it to the next command: its times
                                     * here need not grow as a step's do */
    end = cmd_col(c, ch, rk, b, write, t);
    track(c, ch, b);                /* its PRE, ACT and RD/WR, for the AT side */
    count_access(c, *kind, write);
    return end - now;
}

void dram_ctrl_sync(struct dram_ctrl *c, uint64_t now)
{
    for (uint32_t i = 0; i < c->cfg.channels; i++) {
        for (uint32_t r = 0; r < c->sp->ranks; r++) {
            struct dram_rank *rk = &c->ch[i].ranks[r];

            account(c, rk, now);
            for (uint32_t b = 0; b < c->nbanks; b++) {
                struct dram_bank *bk = &rk->banks[b];

                if (bk->acct_open && bk->open_since < now) {
                    rk->busy[b] += now - bk->open_since;
                    bk->open_since = now;
                }
            }
        }
    }
}

void dram_ctrl_reset_counts(struct dram_ctrl *c, uint64_t now)
{
    dram_ctrl_sync(c, now);
    memset(&c->n, 0, sizeof(c->n));
    memset(c->bank_busy, 0, c->n_all_banks * sizeof(uint64_t));
    memset(c->bank_access, 0, c->n_all_banks * sizeof(uint64_t));
}
