/* memsys/dram_ctrl.h - the DDR timing engine behind memsys/dram.c: device
 * specs and presets, address mapping, per-bank state machines with the
 * JEDEC timing constraints, all-bank refresh, power-down, FCFS and FR-FCFS
 * scheduling with read and write queues, and the IDD-based energy per
 * command and per background cycle.
 *
 * It knows nothing of the kernel: time is a count of DRAM command-clock
 * cycles (tCK), requests are opaque `owner` pointers, and completions are
 * reported through a callback. dram.c turns cycles into ticks, requests into
 * sim_req and counters into stats. The engine is deterministic and does no
 * allocation after dram_ctrl_new. */
#ifndef ARCHSIM_MEMSYS_DRAM_CTRL_H
#define ARCHSIM_MEMSYS_DRAM_CTRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DRAM_NEVER UINT64_MAX
#define DRAM_MAX_BG 16              /* bank groups per rank at most */
#define DRAM_MAX_RANKS 16           /* ranks per channel at most */

/* Currents of a spec, in mA, on the main rail (VDD: DDR4 VDD, LPDDR4 VDD2)
 * and on the second rail (VPP: DDR4 VPP, LPDDR4 VDD1). */
enum dram_current {
    DRAM_IDD0,      /* one bank ACT-PRE cycling at tRC */
    DRAM_IDD2N,     /* precharge standby */
    DRAM_IDD2P,     /* precharge power-down */
    DRAM_IDD3N,     /* active standby */
    DRAM_IDD3P,     /* active power-down */
    DRAM_IDD4R,     /* burst read */
    DRAM_IDD4W,     /* burst write */
    DRAM_IDD5B,     /* burst (all-bank) refresh */
    DRAM_N_CURRENTS
};

/* One device type at one speed: everything a preset fixes. Timings are in
 * command-clock cycles (nCK), tck in ps. */
struct dram_spec {
    uint64_t tck;
    uint32_t CL, CWL, tRCD, tRP, tRAS, tRC, tRRD_S, tRRD_L, tFAW;
    uint32_t tCCD_S, tCCD_L, tWR, tWTR_S, tWTR_L, tRTP, tRFC, tREFI;
    uint32_t tRTRS;                 /* rank-to-rank data-bus switch */
    uint32_t tXP;                   /* power-down exit */
    uint32_t BL;                    /* burst length in beats (data-bus cycles: BL/2) */
    uint32_t ranks, bankgroups, banks_per_group, rows, columns;
    uint32_t device_width, bus_width;   /* bits of one device, of the channel */
    double vdd, vpp;                /* V */
    double idd[DRAM_N_CURRENTS];    /* mA per device, main rail */
    double ipp[DRAM_N_CURRENTS];    /* mA per device, second rail */
    double io_rd, io_wr;            /* pJ per bit on the data bus, I/O and termination */
};

/* The presets, by name: "DDR4-2400", "DDR4-3200", "LPDDR4-3200". */
#define DRAM_PRESET_NAMES "DDR4-2400|DDR4-3200|LPDDR4-3200"
enum { DRAM_DDR4_2400, DRAM_DDR4_3200, DRAM_LPDDR4_3200, DRAM_N_PRESETS };
const struct dram_spec *dram_preset(int which);

/* Energy events, in the order dram.c declares them. The background ones
 * count rank-cycles spent in a state. */
enum dram_event {
    DRAM_EV_ACT, DRAM_EV_PRE, DRAM_EV_RD, DRAM_EV_WR, DRAM_EV_REF,
    DRAM_EV_ACT_STBY, DRAM_EV_PRE_STBY, DRAM_EV_ACT_PDN, DRAM_EV_PRE_PDN,
    DRAM_N_EVENTS
};

/* Energy in J of one event of each kind for one rank (devices per rank =
 * bus_width / device_width), by the standard IDD method (Micron TN-41-01,
 * as DRAMPower applies it):
 *   act  = ((IDD0 - IDD3N) VDD + (IPP0 - IPP3N) VPP) tRAS tCK
 *   pre  = ((IDD0 - IDD2N) VDD + (IPP0 - IPP2N) VPP) tRP tCK
 *   rd   = ((IDD4R - IDD3N) VDD + (IPP4R - IPP3N) VPP) (BL/2) tCK + bits io_rd
 *   wr   = ((IDD4W - IDD3N) VDD + (IPP4W - IPP3N) VPP) (BL/2) tCK + bits io_wr
 *   ref  = ((IDD5B - IDD3N) VDD + (IPP5B - IPP3N) VPP) tRFC tCK
 *   background cycle in state X = (IDDX VDD + IPPX VPP) tCK
 * each times the devices of a rank; bits = bus_width x BL. A negative
 * increment (currents set inconsistently) counts as 0. */
void dram_event_energy(const struct dram_spec *sp, double out[DRAM_N_EVENTS]);

/* Address-mapping fields, named in a mapping string from the most to the
 * least significant: "row:rank:bankgroup:bank:column:channel". */
enum { DRAM_F_ROW, DRAM_F_RANK, DRAM_F_BG, DRAM_F_BANK, DRAM_F_COL, DRAM_F_CH, DRAM_N_FIELDS };

struct dram_addr {
    uint32_t ch, rank, bg, bank;    /* bank: within its group */
    uint32_t row, col;              /* col: in bursts */
};

enum { DRAM_OPEN_PAGE, DRAM_CLOSED_PAGE };
enum { DRAM_FRFCFS, DRAM_FCFS };

struct dram_ctrl_cfg {
    struct dram_spec spec;
    uint32_t channels;
    const char *mapping;            /* see above; NULL: the default */
    bool xor_bank;                  /* bank and bank group ^= low row bits */
    int page_policy;                /* DRAM_OPEN_PAGE / DRAM_CLOSED_PAGE */
    int scheduler;                  /* DRAM_FRFCFS / DRAM_FCFS */
    uint32_t read_queue, write_queue;   /* entries per channel */
    uint32_t write_high, write_low;     /* drain watermarks (entries) */
    uint32_t powerdown;             /* idle cycles before power-down; 0: never */
    bool refresh;
};

#define DRAM_DEFAULT_MAPPING "row:rank:bank:column:bankgroup:channel"

/* Row-buffer outcome of an access, as counted. */
enum { DRAM_HIT, DRAM_MISS, DRAM_CONFLICT };

/* Commands, as the trace hook reports them. */
enum { DRAM_CMD_ACT, DRAM_CMD_PRE, DRAM_CMD_PREA, DRAM_CMD_RD, DRAM_CMD_WR,
       DRAM_CMD_RDA, DRAM_CMD_WRA, DRAM_CMD_REF, DRAM_CMD_PDX };

/* A column command was issued for owner: its data burst ends at cycle `end`.
 * kind is DRAM_HIT/MISS/CONFLICT. Forwarded reads and merged writes call it
 * at enqueue with end = now. */
typedef void (*dram_done_fn)(void *user, void *owner, uint64_t end, int kind, bool write);
/* Every command issued, for checkers and traces. */
typedef void (*dram_trace_fn)(void *user, uint64_t cycle, int cmd, const struct dram_addr *a);

/* A bank's next command, by kind: the index of its earliest time in
 * dram_bank.next. */
enum { DRAM_NX_ACT, DRAM_NX_COL, DRAM_NX_PRE, DRAM_NX_KINDS };
/* A rank's words for a command, by kind, where RD and WR differ. */
enum { DRAM_W_ACT, DRAM_W_RD, DRAM_W_WR, DRAM_W_PRE, DRAM_W_KINDS };

struct dram_bank {
    uint64_t next[DRAM_NX_KINDS];   /* earliest ACT, RD/WR, PRE to this bank */
    uint64_t close_at;              /* auto-precharge in flight: closes then (accounting) */
    uint64_t open_since;            /* accounting: start of the current open spell */
    uint32_t row;
    bool open;                      /* for scheduling: a row is (or stays) open */
    bool acct_open;                 /* for accounting: the row is open now */
    uint32_t hits[2];               /* queued reads / writes to the open row */
    uint32_t qn[2];                 /* queued reads / writes for this bank */
    uint32_t rank, bg;              /* where it is (fixed) */
    uint32_t idx;                   /* its index in the channel: rank x banks + bank */
    int32_t qhead[2], qtail[2];     /* their entries (slots), oldest first; -1: none */
    uint32_t live_at[2];            /* its place in the channel's live lists, UINT32_MAX:
                                     * none (no entries in that queue) */
};

/* A rank's earliest ACT, RD and WR to a bank of group bg are the later of
 * next[k] and bg_next[bg][k]: a command constrains the other groups by the
 * short timing (x_all, folded into next) and its own group by the long one
 * (bg_next), so it updates a few words, not one per group. (Where a
 * preset's short timing exceeds the long one, the per-group words take
 * both.) */
struct dram_rank {
    uint64_t bg_next[DRAM_MAX_BG][DRAM_W_KINDS];    /* by DRAM_W_*: ACT tRRD_L (tFAW aside),
                                                     * RD tCCD_L and tWTR_L, WR tCCD_L and
                                                     * tRTW; PRE 0 */
    uint64_t act_all, rd_all, wr_all;   /* every bank group: tRRD_S, tCCD_S, tWTR_S, tRTW,
                                         * bus turnaround between ranks */
    uint64_t faw[4];                /* the last four ACTs, a ring */
    uint32_t faw_pos, faw_n;
    uint64_t ready;                 /* power-down exit: no command before */
    uint64_t next[DRAM_W_KINDS];    /* by DRAM_W_*: ready with act_all and tFAW, with rd_all,
                                     * with wr_all; PRE: ready (rank_next keeps them) */
    uint64_t ref_due;               /* next refresh is due at */
    uint64_t ref_until;             /* refresh in progress until */
    uint64_t busy_until;            /* last command's effects end */
    uint64_t bg_time;               /* background accounted up to */
    uint32_t open_count;            /* banks open (accounting) */
    uint32_t sched_open;            /* banks open (scheduling) */
    uint32_t closing;               /* banks with close_at pending */
    uint32_t pending;               /* queued requests for this rank */
    struct dram_bank *banks;
    uint64_t *busy, *access;        /* this rank's slice of the per-bank counters */
};

struct dram_entry {                 /* 64 bytes on LP64: a slot index is a shift */
    void *owner;
    uint64_t addr;                  /* burst-aligned */
    uint64_t seq;                   /* arrival order in its queue */
    struct dram_rank *rk;           /* where it goes, looked up once */
    struct dram_bank *b;
    uint32_t row;
    int32_t prev, next;             /* the queue, oldest first (next: also the free list) */
    int32_t bprev, bnext;           /* the bank's entries of this queue, oldest first */
    uint8_t write, kind;
};

/* A read or write queue: entries in slots, linked in arrival order and, per
 * bank, in arrival order too (the banks with any are listed in the
 * channel's live list): the scheduler looks at each such bank once, not at
 * each entry. */
struct dram_queue {
    struct dram_entry *e;           /* cap slots */
    uint32_t n, cap;
    int32_t head, tail, free;       /* oldest, newest, first free slot; -1: none */
    uint64_t seq;                   /* arrivals so far */
    uint32_t nbanks;                /* banks with entries here (listed live when 2 or more) */
};

/* What a step sees when it looks at a queue's candidates (the command each
 * entry needs next, at the earliest cycle it may issue, at least `floor`):
 * the earliest of those cycles, the entry FR-FCFS takes then (column
 * commands first, then the oldest), how many entries are ready then, and
 * the earliest cycle after it. */
struct dram_look {
    uint64_t tmin, t2;              /* DRAM_NEVER: none */
    uint64_t seq;                   /* best's arrival order */
    int32_t best;                   /* slot, -1: no candidate */
    uint32_t count;                 /* entries whose command may issue at tmin */
    bool col;                       /* best's command is RD/WR */
};

/* The banks with entries in one queue, densely, each with what a look
 * needs of it: the kind of its entries' next command, its own word for it
 * (dram_bank.next), how many entries take it and which goes first. Kept up
 * to date as commands, arrivals and departures change them, so that a look
 * reads a few words a bank and nothing else of it; kept while two banks or
 * more have entries in the queue (with one, a look reads that bank). */
struct dram_live_bank {
    const uint64_t *rw, *gw;        /* its rank's and its bank group's word for that
                                     * command (dram_rank.next, .bg_next) */
    uint64_t own;                   /* bank.next[kind] */
    uint64_t key;                   /* RD/WR before the rest, then age: 0 or 1 << 63,
                                     * | the arrival order of the entry it offers */
    uint64_t t;                     /* a look's scratch: its earliest time */
    uint32_t cnt;                   /* entries that take that command */
    uint32_t bank;                  /* rank x banks + bank */
    int32_t cand;                   /* the entry it offers (slot; its age is in key) */
};

struct dram_live {
    uint32_t n;
    struct dram_live_bank *e;       /* [n]; a bank's place is dram_bank.live_at */
};

struct dram_channel {
    struct dram_queue rq, wq;
    struct dram_rank *ranks;
    struct dram_bank *banks;        /* all ranks' banks: rank x banks + bank */
    uint64_t cmd_free;              /* one command per cycle */
    uint64_t ref_next;              /* the ranks' earliest ref_due */
    bool draining;
    /* The look a step would take now, kept from the last step that issued a
     * command (and brought up to date by each arrival), so that the next
     * step need not look again: valid while nothing but arrivals changed the
     * channel and the next step takes the same queue. */
    bool plan_ok;
    bool plan_q;                    /* the queue it is of: false reads, true writes */
    struct dram_look plan;
    struct dram_live live[2];       /* of the read queue, of the write queue */
};

/* Counters the engine keeps (dram.c names them as stats and events). */
struct dram_counts {
    uint64_t ev[DRAM_N_EVENTS];
    uint64_t reads, writes, hits, misses, conflicts;
    uint64_t forwarded, merged, refreshes, pd_exits;
    uint64_t read_cycles, write_cycles;     /* data-bus cycles used */
};

struct dram_ctrl {
    struct dram_ctrl_cfg cfg;
    const struct dram_spec *sp;     /* &cfg.spec */
    uint32_t nbanks;                /* per rank */
    unsigned nbanks_log2;           /* nbanks is a power of two */
    uint32_t tBL, tRTW;
    uint32_t burst_bytes;
    unsigned shift[DRAM_N_FIELDS], bits[DRAM_N_FIELDS], off_bits;
    uint64_t mask[DRAM_N_FIELDS];   /* (1 << bits) - 1 */
    bool split_act, split_wtr;      /* tRRD_L >= tRRD_S, tWTR_L >= tWTR_S: see dram_rank */
    struct {                        /* sums of timings a column command applies, in cycles */
        uint32_t ccd_s, ccd_l;      /* column to column: max(tCCD_S, BL/2), max(tCCD_L, that) */
        uint32_t rtw_l;             /* RD to WR, same bank group: max(ccd_l, tRTW) */
        uint32_t rd_end, wr_end;    /* RD/WR to the end of its data: CL or CWL + BL/2 */
        uint32_t wr_pre;            /* WR to PRE of its bank: CWL + BL/2 + tWR */
        uint32_t wtr_s, wtr_l;      /* WR to RD: CWL + BL/2 + tWTR_S, tWTR_L */
    } col;
    struct dram_channel *ch;
    uint64_t *bank_busy;            /* per bank (channel, rank, bank): cycles open */
    uint64_t *bank_access;          /* per bank: column commands */
    uint32_t n_all_banks;
    struct dram_counts n;
    dram_done_fn done;
    dram_trace_fn trace;
    void *user;
};

/* Check a configuration. Returns NULL when good, or a message and, in
 * *param, the name of the offending parameter ("mapping", "rows", ...). */
const char *dram_ctrl_check(const struct dram_ctrl_cfg *cfg, const char **param);

/* Set up *c (cfg already checked; c may live inside a component, so its
 * counters can be registered as stats in place). Returns 0, or -1 when out
 * of memory. done is called for each completed burst; trace may be NULL.
 * dram_ctrl_fini frees what init allocated. */
int dram_ctrl_init(struct dram_ctrl *c, const struct dram_ctrl_cfg *cfg, dram_done_fn done,
                   dram_trace_fn trace, void *user);
void dram_ctrl_fini(struct dram_ctrl *c);

/* Split addr into its fields (inline: once per burst). */
static inline void dram_map(const struct dram_ctrl *c, uint64_t addr, struct dram_addr *out)
{
    uint64_t x = addr >> c->off_bits;
#define DRAM_FIELD_(f) ((uint32_t)((x >> c->shift[f]) & c->mask[f]))
    uint32_t row = DRAM_FIELD_(DRAM_F_ROW), bank = DRAM_FIELD_(DRAM_F_BANK);
    uint32_t bg = DRAM_FIELD_(DRAM_F_BG);

    out->ch = DRAM_FIELD_(DRAM_F_CH);
    out->rank = DRAM_FIELD_(DRAM_F_RANK);
    out->col = DRAM_FIELD_(DRAM_F_COL);
#undef DRAM_FIELD_
    if (c->cfg.xor_bank) {          /* permutation-based interleaving */
        bank ^= row & (uint32_t)c->mask[DRAM_F_BANK];
        bg ^= (row >> c->bits[DRAM_F_BANK]) & (uint32_t)c->mask[DRAM_F_BG];
    }
    out->bg = bg;
    out->bank = bank;
    out->row = row;
}

/* Free entries of the read (write == false) or write queue of a channel. */
static inline uint32_t dram_ctrl_room(const struct dram_ctrl *c, uint32_t ch, bool write)
{
    const struct dram_queue *q = write ? &c->ch[ch].wq : &c->ch[ch].rq;

    return q->cap - q->n;
}

/* Queue one burst arriving at cycle now. Returns 1 when queued (call
 * dram_ctrl_step for its channel at *when, or earlier if already due), 0
 * when it was answered at once (read forwarded from the write queue, write
 * merged into a queued one; done was called), -1 when the queue is full. */
int dram_ctrl_enqueue(struct dram_ctrl *c, uint64_t now, uint64_t addr, bool write, void *owner,
                      uint64_t *when);
/* The same for a burst-aligned addr already split by dram_map into *a. */
int dram_ctrl_enqueue_mapped(struct dram_ctrl *c, uint64_t now, uint64_t addr,
                             const struct dram_addr *a, bool write, void *owner, uint64_t *when);

/* Issue at most one command on channel ch at cycle now (>= the last one
 * issued). Returns a cycle no later than the next one at which a command
 * can be issued (so calling only then decides exactly as a controller
 * looking every cycle would), or DRAM_NEVER when the channel is idle (no
 * queued request, no refresh waiting); refreshes that fall due while idle
 * are issued on the next enqueue, at their due time. */
uint64_t dram_ctrl_step(struct dram_ctrl *c, uint32_t ch, uint64_t now);

/* What dram_ctrl_step would do at cycle now when channel ch has nothing
 * queued and no refresh due (drop its plan, stop draining writes, return
 * DRAM_NEVER), done inline: true then, and the step need not be called.
 * False (nothing changed) otherwise. */
static inline bool dram_ctrl_quiet(struct dram_ctrl *c, uint32_t ch, uint64_t now)
{
    struct dram_channel *h = &c->ch[ch];

    if (h->rq.n || h->wq.n || h->ref_next <= now)
        return false;
    h->plan_ok = false;
    h->draining = false;
    return true;
}

/* Loosely-timed access of one burst at cycle now: the latency in cycles
 * from the row-buffer state alone (hit CL/CWL + BL/2, miss + tRCD, conflict
 * + tRP), plus the rest of a refresh in progress and a power-down exit. The
 * bank state and the counters are updated; other timing constraints and
 * queues are ignored. *kind gets DRAM_HIT/MISS/CONFLICT. */
uint64_t dram_ctrl_access_lt(struct dram_ctrl *c, uint64_t now, uint64_t addr, bool write,
                             int *kind);

/* Bring background cycles and bank-busy counts up to cycle now. */
void dram_ctrl_sync(struct dram_ctrl *c, uint64_t now);

/* Zero every counter (background counting restarts at now). */
void dram_ctrl_reset_counts(struct dram_ctrl *c, uint64_t now);

/* Peak data rate of all channels, bytes per second. */
double dram_ctrl_peak_bw(const struct dram_ctrl *c);

#endif
