/* memsys/dram.c - a DDR4 / LPDDR4 memory controller and its devices at
 * command level: channels, ranks, bank groups, banks, rows and columns, the
 * JEDEC timing constraints, all-bank refresh, power-down, open- or
 * closed-page policy, FCFS or FR-FCFS scheduling with read and write queues
 * and write-drain watermarks, and energy from the datasheet IDD currents.
 * The timing engine is memsys/dram_ctrl.c, the presets and the energy
 * formulas memsys/dram_spec.c (which cites its sources: JESD79-4, JESD209-4,
 * Micron 8Gb DDR4 x8).
 *
 * Approximately-timed: send_at splits a request into bursts (bus_width/8 x
 * BL bytes), queues them (refusing the request when a queue it needs is
 * full; sim_retry when room frees up), and answers when the last data burst
 * ends (a request needing more bursts of one channel than its queue holds
 * stops the run; start refuses the configuration when a cache, a directory
 * or an AT traffic generator connected, or one interconnect away, sends
 * such requests: other initiators' sizes are not known before they send)
 * (a cache's posted writeback, REQ_POSTED in memsys/coherence.h, is
 * freed then instead: nobody waits for that answer). The controller runs
 * on the DRAM command clock tCK, whatever the instance's `clock`: it
 * schedules itself only when it has work, so an idle DRAM costs nothing;
 * refreshes that fell due while idle are replayed when the next request
 * arrives. Reads of data waiting in the write queue are answered from it;
 * writes to such data are merged into it.
 *
 * Loosely-timed: access_lt computes each burst's latency from the row
 * buffer state (hit CL + BL/2, miss tRCD + CL + BL/2, conflict tRP + tRCD +
 * CL + BL/2; CWL for writes), plus a refresh in progress and a power-down
 * exit, and updates the bank state; queues and the other constraints are
 * ignored (bursts of one request: the slowest plus BL/2 per extra burst).
 *
 * Energy: events act, pre, rd, wr (I/O and termination included) and ref,
 * and the background as its own events: one per rank per tCK spent in
 * active standby, precharge standby, active power-down or precharge
 * power-down, priced at IDD3N/IDD2N/IDD3P/IDD2P x VDD x tCK (plus the VPP
 * rail). The kernel's leakage is a single number, so it is 0 here and the
 * background events carry that energy. Background cycles are counted
 * lazily, when a rank's state changes, and brought up to date by the
 * type's sync slot.
 *
 * Left out: data (it lives in the ISA model), addresses beyond the capacity
 * (they wrap), additive latency, per-bank refresh, refresh postponing,
 * self-refresh, ECC, a starvation cap for FR-FCFS. */
#include <stdlib.h>
#include <string.h>
#include <archsim/sim_type.h>
#include "dram_ctrl.h"
#include "memsys/coherence.h"

struct dram_cfg {
    int preset;
    struct dram_spec sp;            /* 0 (counts, times) or negative (currents): preset */
    uint32_t channels;
    const char *mapping;
    bool xor_bank;
    int page_policy, scheduler;
    uint32_t read_queue, write_queue, write_high, write_low, powerdown;
    bool refresh;
    sim_tick latency;
};

struct parent {                     /* one request in flight, split into bursts */
    sim_req *req;
    sim_tick arrive;
    uint64_t end;                   /* latest burst end, cycles */
    uint32_t left;                  /* bursts not yet issued */
    bool write;
    struct parent *next;            /* free list */
};

struct dram {
    struct dram_cfg cfg;
    sim_comp *comp;
    struct dram_ctrl eng;           /* its counters are the stats and events */
    sim_tick tck;
    bool refused;                   /* someone waits for sim_retry */
    struct parent *free_parents;
    struct parent *parents;
    sim_stat vec_rows[2];
    struct {
        uint64_t requests, bytes_read, bytes_written, refused;
        sim_avg read_latency, write_latency, rq_occ, wq_occ;
        sim_dist read_latency_dist;
        double peak, burst;
    } st;
    struct wake {                   /* one per channel */
        sim_event ev;
        uint64_t cycle;             /* the command-clock cycle it is armed for */
    } wake[];
};
enum { DRAM_IN };

#define T_ROW(n, f, doc) \
    { n, SIM_P_UINT, SIM_FIELD_(struct dram_cfg, sp.f), "0", 0, 1e8, NULL, "nCK", \
      doc "; 0: from the preset" }
#define G_ROW(n, f, doc) \
    { n, SIM_P_UINT, SIM_FIELD_(struct dram_cfg, sp.f), "0", 0, 1 << 30, NULL, NULL, \
      doc "; 0: from the preset" }
#define I_ROW(n, arr, i, doc) \
    { n, SIM_P_FLOAT, SIM_FIELD_(struct dram_cfg, sp.arr[i]), "-1", -1, 1e5, NULL, "mA", \
      doc " per device; negative: from the preset" }

static const sim_param dram_params[] = {
    SIM_PARAM_ENUM("preset", struct dram_cfg, preset, "DDR4-2400", DRAM_PRESET_NAMES,
                   "device and speed bin every other timing, size and current defaults to"),
    { "tCK", SIM_P_TIME, SIM_FIELD_(struct dram_cfg, sp.tck), "0ps", SIM_UNBOUNDED_, NULL,
      NULL, "command clock period (the controller's clock); 0: from the preset" },
    T_ROW("CL", CL, "read latency, RD to first data"),
    T_ROW("CWL", CWL, "write latency, WR to first data"),
    T_ROW("tRCD", tRCD, "ACT to RD/WR, same bank"),
    T_ROW("tRP", tRP, "PRE to ACT, same bank"),
    T_ROW("tRAS", tRAS, "ACT to PRE, same bank"),
    T_ROW("tRC", tRC, "ACT to ACT, same bank"),
    T_ROW("tRRD_S", tRRD_S, "ACT to ACT, other bank group"),
    T_ROW("tRRD_L", tRRD_L, "ACT to ACT, same bank group"),
    T_ROW("tFAW", tFAW, "window holding at most four ACTs per rank"),
    T_ROW("tCCD_S", tCCD_S, "column to column, other bank group"),
    T_ROW("tCCD_L", tCCD_L, "column to column, same bank group"),
    T_ROW("tWR", tWR, "end of write data to PRE"),
    T_ROW("tWTR_S", tWTR_S, "end of write data to RD, other bank group"),
    T_ROW("tWTR_L", tWTR_L, "end of write data to RD, same bank group"),
    T_ROW("tRTP", tRTP, "RD to PRE"),
    T_ROW("tRFC", tRFC, "REF to ACT (refresh cycle)"),
    T_ROW("tREFI", tREFI, "average refresh interval"),
    T_ROW("tRTRS", tRTRS, "gap between data bursts of different ranks"),
    T_ROW("tXP", tXP, "power-down exit to the next command"),
    T_ROW("BL", BL, "burst length in beats (the data takes BL/2 cycles)"),
    SIM_PARAM_UINT("channels", struct dram_cfg, channels, 1, 1, 64,
                   "independent channels, each with its own queues and buses"),
    G_ROW("ranks", ranks, "ranks per channel"),
    G_ROW("bankgroups", bankgroups, "bank groups per rank (1: none)"),
    G_ROW("banks_per_group", banks_per_group, "banks per bank group"),
    G_ROW("rows", rows, "rows per bank"),
    G_ROW("columns", columns, "columns per row, in device-width units"),
    G_ROW("device_width", device_width, "data bits of one device (x4, x8, x16)"),
    G_ROW("bus_width", bus_width, "data bits of a channel (devices per rank = bus/device)"),
    SIM_PARAM_STRING("mapping", struct dram_cfg, mapping, DRAM_DEFAULT_MAPPING,
                     "address fields from most to least significant, above the burst "
                     "offset: row, rank, bankgroup, bank, column, channel, ':'-separated"),
    SIM_PARAM_BOOL("xor_bank", struct dram_cfg, xor_bank, false,
                   "XOR the bank and bank-group bits with the low row bits"),
    SIM_PARAM_ENUM("page_policy", struct dram_cfg, page_policy, "open", "open|closed",
                   "open: rows stay open; closed: auto-precharge after each access"),
    SIM_PARAM_ENUM("scheduler", struct dram_cfg, scheduler, "frfcfs", "frfcfs|fcfs",
                   "frfcfs: ready row hits first, then oldest; fcfs: oldest only"),
    SIM_PARAM_UINT("read_queue", struct dram_cfg, read_queue, 32, 1, 4096,
                   "read queue entries (bursts) per channel"),
    SIM_PARAM_UINT("write_queue", struct dram_cfg, write_queue, 32, 1, 4096,
                   "write queue entries (bursts) per channel"),
    SIM_PARAM_UINT("write_high", struct dram_cfg, write_high, 24, 1, 4096,
                   "write queue level that starts a write drain"),
    SIM_PARAM_UINT("write_low", struct dram_cfg, write_low, 8, 0, 4095,
                   "write queue level a drain stops at (when reads wait)"),
    { "powerdown", SIM_P_UINT, SIM_FIELD_(struct dram_cfg, powerdown), "0", 0, 1e9, NULL, "nCK",
      "idle cycles of a rank before it powers down; 0: never" },
    SIM_PARAM_BOOL("refresh", struct dram_cfg, refresh, true,
                   "model all-bank refresh every tREFI"),
    SIM_PARAM_TIME("latency", struct dram_cfg, latency, "0ps",
                   "controller front-end latency added to every response"),
    SIM_PARAM_NUM_U("VDD", struct dram_cfg, sp.vdd, -1, -1, 10, "V",
                    "main supply (LPDDR4: VDD2); negative: from the preset"),
    SIM_PARAM_NUM_U("VPP", struct dram_cfg, sp.vpp, -1, -1, 10, "V",
                    "second supply (DDR4: VPP, LPDDR4: VDD1); negative: from the preset"),
    I_ROW("IDD0", idd, DRAM_IDD0, "ACT-PRE current on VDD"),
    I_ROW("IDD2N", idd, DRAM_IDD2N, "precharge standby current on VDD"),
    I_ROW("IDD2P", idd, DRAM_IDD2P, "precharge power-down current on VDD"),
    I_ROW("IDD3N", idd, DRAM_IDD3N, "active standby current on VDD"),
    I_ROW("IDD3P", idd, DRAM_IDD3P, "active power-down current on VDD"),
    I_ROW("IDD4R", idd, DRAM_IDD4R, "burst read current on VDD"),
    I_ROW("IDD4W", idd, DRAM_IDD4W, "burst write current on VDD"),
    I_ROW("IDD5B", idd, DRAM_IDD5B, "burst refresh current on VDD"),
    I_ROW("IPP0", ipp, DRAM_IDD0, "ACT-PRE current on VPP"),
    I_ROW("IPP2N", ipp, DRAM_IDD2N, "precharge standby current on VPP"),
    I_ROW("IPP2P", ipp, DRAM_IDD2P, "precharge power-down current on VPP"),
    I_ROW("IPP3N", ipp, DRAM_IDD3N, "active standby current on VPP"),
    I_ROW("IPP3P", ipp, DRAM_IDD3P, "active power-down current on VPP"),
    I_ROW("IPP4R", ipp, DRAM_IDD4R, "burst read current on VPP"),
    I_ROW("IPP4W", ipp, DRAM_IDD4W, "burst write current on VPP"),
    I_ROW("IPP5B", ipp, DRAM_IDD5B, "burst refresh current on VPP"),
    SIM_PARAM_NUM_U("io_read", struct dram_cfg, sp.io_rd, -1, -1, 1e4, "pJ",
                    "I/O and termination energy per bit read; negative: from the preset"),
    SIM_PARAM_NUM_U("io_write", struct dram_cfg, sp.io_wr, -1, -1, 1e4, "pJ",
                    "I/O and termination energy per bit written; negative: from the preset"),
};

static const sim_stat dram_stats[] = {
    SIM_STAT("requests", struct dram, st.requests, "requests accepted (AT) or served (LT)"),
    SIM_STAT("reads", struct dram, eng.n.reads, "read bursts served by the devices"),
    SIM_STAT("writes", struct dram, eng.n.writes, "write bursts served by the devices"),
    SIM_STAT("forwarded_reads", struct dram, eng.n.forwarded,
             "read bursts answered from the write queue"),
    SIM_STAT("merged_writes", struct dram, eng.n.merged,
             "write bursts merged into one already queued"),
    SIM_STAT("row_hits", struct dram, eng.n.hits, "bursts that found their row open"),
    SIM_STAT("row_misses", struct dram, eng.n.misses, "bursts that found their bank closed"),
    SIM_STAT("row_conflicts", struct dram, eng.n.conflicts,
             "bursts that found another row open"),
    SIM_STAT("refreshes", struct dram, eng.n.refreshes, "REF commands"),
    SIM_STAT("powerdown_exits", struct dram, eng.n.pd_exits, "power-down exits"),
    SIM_STAT("refused", struct dram, st.refused, "AT requests refused: a queue was full"),
    SIM_STAT_U("bytes_read", struct dram, st.bytes_read, "B",
               "bytes of the read bursts answered, from the write queue included"),
    SIM_STAT_U("bytes_written", struct dram, st.bytes_written, "B",
               "bytes of the write bursts taken, merged ones included"),
    SIM_STAT_U("read_bus_cycles", struct dram, eng.n.read_cycles, "cycles",
               "data-bus cycles carrying read data, all channels"),
    SIM_STAT_U("write_bus_cycles", struct dram, eng.n.write_cycles, "cycles",
               "data-bus cycles carrying write data, all channels"),
    SIM_STAT_AVG("read_latency", struct dram, st.read_latency, "ps",
                 "arrival to response of reads, queueing included"),
    SIM_STAT_AVG("write_latency", struct dram, st.write_latency, "ps",
                 "arrival to response of writes (end of the last write burst)"),
    SIM_STAT_DIST("read_latency_dist", struct dram, st.read_latency_dist, 0, 50000, 40, "ps",
                  "read latency in 50 ns buckets up to 2 us"),
    SIM_STAT_AVG("read_queue_occupancy", struct dram, st.rq_occ, "entries",
                 "read queue entries of the target channel, seen by each arrival"),
    SIM_STAT_AVG("write_queue_occupancy", struct dram, st.wq_occ, "entries",
                 "write queue entries of the target channel, seen by each arrival"),
    SIM_STAT_VALUE("peak_bandwidth", struct dram, st.peak, "B/s",
                   "data rate of all channels: 2 x bus_width/8 / tCK each"),
    SIM_STAT_VALUE("burst_bytes", struct dram, st.burst, "B", "bytes of one burst"),
    SIM_FORMULA("read_bandwidth", "bytes_read / sim.seconds", "B/s",
                "read data rate the requesters got"),
    SIM_FORMULA("write_bandwidth", "bytes_written / sim.seconds", "B/s",
                "write data rate the requesters sent"),
    SIM_FORMULA("bus_utilisation", "(reads + writes) * burst_bytes / sim.seconds / peak_bandwidth",
                NULL, "share of the peak data rate the devices' bursts used (forwarded "
                "reads and merged writes take no bus time)"),
    SIM_FORMULA("row_hit_rate", "row_hits / (row_hits + row_misses + row_conflicts)", NULL,
                "share of bursts that hit an open row"),
};

static const sim_energy_event dram_energy[] = {
    [DRAM_EV_ACT] = SIM_ENERGY("act", struct dram, eng.n.ev[DRAM_EV_ACT],
                               "activate: (IDD0 - IDD3N) x VDD x tRAS per device"),
    [DRAM_EV_PRE] = SIM_ENERGY("pre", struct dram, eng.n.ev[DRAM_EV_PRE],
                               "precharge of one bank: (IDD0 - IDD2N) x VDD x tRP per device"),
    [DRAM_EV_RD] = SIM_ENERGY("rd", struct dram, eng.n.ev[DRAM_EV_RD],
                              "read burst: (IDD4R - IDD3N) x VDD x BL/2 + I/O"),
    [DRAM_EV_WR] = SIM_ENERGY("wr", struct dram, eng.n.ev[DRAM_EV_WR],
                              "write burst: (IDD4W - IDD3N) x VDD x BL/2 + termination"),
    [DRAM_EV_REF] = SIM_ENERGY("ref", struct dram, eng.n.ev[DRAM_EV_REF],
                               "all-bank refresh: (IDD5B - IDD3N) x VDD x tRFC per device"),
    [DRAM_EV_ACT_STBY] = SIM_ENERGY("act_standby", struct dram, eng.n.ev[DRAM_EV_ACT_STBY],
                                    "one rank-cycle with a row open (or refreshing): IDD3N"),
    [DRAM_EV_PRE_STBY] = SIM_ENERGY("pre_standby", struct dram, eng.n.ev[DRAM_EV_PRE_STBY],
                                    "one rank-cycle with all banks precharged: IDD2N"),
    [DRAM_EV_ACT_PDN] = SIM_ENERGY("act_powerdown", struct dram, eng.n.ev[DRAM_EV_ACT_PDN],
                                   "one rank-cycle in active power-down: IDD3P"),
    [DRAM_EV_PRE_PDN] = SIM_ENERGY("pre_powerdown", struct dram, eng.n.ev[DRAM_EV_PRE_PDN],
                                   "one rank-cycle in precharge power-down: IDD2P"),
};

static const sim_port dram_ports[] = {
    [DRAM_IN] = { "in", SIM_TARGET | SIM_MULTI, "requests from caches, buses or generators" },
};

static void dram_done(void *user, void *owner, uint64_t end, int kind, bool write);
static void wake_fire(void *self, void *arg);

/* Fill the fields left at 0 (or negative) from the preset: every param row
 * that lands in cfg.sp. */
static void apply_preset(struct dram_cfg *cfg)
{
    const struct dram_spec *p = dram_preset(cfg->preset);
    size_t lo = offsetof(struct dram_cfg, sp), hi = lo + sizeof(cfg->sp);

    for (int i = 0; i < SIM_COUNT(dram_params); i++) {
        const sim_param *row = &dram_params[i];
        char *field = (char *)cfg + row->offset;
        const char *from = (const char *)p + (row->offset - lo);
        bool unset;

        if (row->offset < lo || row->offset >= hi)
            continue;
        if (row->kind == SIM_P_FLOAT)
            unset = *(const double *)field < 0;
        else if (row->size == sizeof(uint64_t))
            unset = *(const uint64_t *)field == 0;
        else
            unset = *(const uint32_t *)field == 0;
        if (unset)
            memcpy(field, from, row->size);
    }
}

static void *dram_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    struct dram_cfg cfg = *(const struct dram_cfg *)cfgp;
    struct dram_ctrl_cfg cc;
    const char *param, *msg;
    struct dram *d;
    uint32_t n_parents;

    apply_preset(&cfg);
    cc = (struct dram_ctrl_cfg){
        .spec = cfg.sp, .channels = cfg.channels, .mapping = cfg.mapping,
        .xor_bank = cfg.xor_bank,
        .page_policy = cfg.page_policy ? DRAM_CLOSED_PAGE : DRAM_OPEN_PAGE,
        .scheduler = cfg.scheduler ? DRAM_FCFS : DRAM_FRFCFS,
        .read_queue = cfg.read_queue, .write_queue = cfg.write_queue,
        .write_high = cfg.write_high, .write_low = cfg.write_low,
        .powerdown = cfg.powerdown, .refresh = cfg.refresh,
    };
    msg = dram_ctrl_check(&cc, &param);
    if (msg) {
        sim_param_error(err, comp, param, "%s", msg);
        return NULL;
    }
    d = sim_zalloc(err, sizeof(*d) + cfg.channels * sizeof(d->wake[0]));
    if (!d)
        return NULL;
    n_parents = cfg.channels * (cfg.read_queue + cfg.write_queue);
    d->parents = sim_zalloc(err, n_parents * sizeof(*d->parents));
    if (!d->parents)
        goto out_free;
    if (dram_ctrl_init(&d->eng, &cc, dram_done, NULL, d)) {
        sim_error_set(err, SIM_ENOMEM, "%s: out of memory", sim_comp_name(comp));
        goto out_free_parents;
    }
    d->cfg = cfg;
    d->comp = comp;
    d->tck = cfg.sp.tck;
    for (uint32_t i = 0; i < n_parents; i++) {
        d->parents[i].next = d->free_parents;
        d->free_parents = &d->parents[i];
    }
    for (uint32_t i = 0; i < cfg.channels; i++)
        sim_event_init(&d->wake[i].ev, wake_fire, d, (void *)(uintptr_t)i);
    d->st.peak = dram_ctrl_peak_bw(&d->eng);
    d->st.burst = (double)d->eng.burst_bytes;
    /* Per-bank vectors: their length is known only now. Index: (channel x
     * ranks + rank) x banks + bank group x banks_per_group + bank. */
    d->vec_rows[0] = (sim_stat){ "bank_busy", SIM_S_VEC, 0, d->eng.n_all_banks, 0, 0, NULL,
                                 NULL, "cycles", "cycles each bank had a row open" };
    d->vec_rows[1] = (sim_stat){ "bank_accesses", SIM_S_VEC, 0, d->eng.n_all_banks, 0, 0,
                                 NULL, NULL, NULL, "bursts served by each bank" };
    if (sim_stat_add(comp, &d->vec_rows[0], d->eng.bank_busy, err) ||
        sim_stat_add(comp, &d->vec_rows[1], d->eng.bank_access, err))
        goto out_fini;
    return d;

out_fini:
    dram_ctrl_fini(&d->eng);
out_free_parents:
    free(d->parents);
out_free:
    free(d);
    return NULL;
}

static void dram_fini(void *self)
{
    struct dram *d = self;

    dram_ctrl_fini(&d->eng);
    free(d->parents);
    free(d);
}

/* Whether c's enum parameter `name` is set to `choice`. */
static bool enum_is(const sim_comp *c, const char *name, const char *choice)
{
    const sim_param *p;
    const int *v = sim_comp_param(c, name, &p);
    size_t n = strlen(choice);
    int i = 0;

    if (!v || p->kind != SIM_P_ENUM || p->size != sizeof(int))
        return false;
    for (const char *ch = p->choices; ch; ch = strchr(ch, '|'), ch = ch ? ch + 1 : NULL, i++)
        if (i == *v)
            return strncmp(ch, choice, n) == 0 && (ch[n] == '|' || ch[n] == 0);
    return false;
}

/* What up sends on AT as far as its parameters say (by name, a type's
 * interface), false when they do not: a type with a `line` (caches,
 * directories, snooping buses) reads and writes lines; a generator (`size`
 * and `read_fraction`: the trafficgen) requests of its size, reads unless
 * read_fraction is 0, writes unless it is 1 or the pattern a pointer chase,
 * nothing through the queues in LT mode. */
static bool sends_of(const sim_comp *up, uint64_t *size, bool *reads, bool *writes)
{
    const sim_param *p, *q;
    const uint64_t *line = sim_comp_param(up, "line", &p);
    const double *rf = sim_comp_param(up, "read_fraction", &q);
    bool chase;

    if (line && p->kind == SIM_P_SIZE && p->size == sizeof(*line)) {
        *size = *line;
        *reads = *writes = true;
        return true;
    }
    line = sim_comp_param(up, "size", &p);
    if (!line || p->kind != SIM_P_SIZE || p->size != sizeof(*line) || !rf ||
        q->kind != SIM_P_FLOAT)
        return false;
    chase = enum_is(up, "pattern", "pointer_chase");    /* reads only */
    *size = *line;
    *reads = !enum_is(up, "mode", "lt") && (*rf > 0 || chase);
    *writes = !enum_is(up, "mode", "lt") && *rf < 1 && !chase;
    return true;
}

/* The run would stop at up's first request if an aligned request of its
 * size needs more bursts of one channel than that channel's queue holds. */
static int check_sender(const struct dram *d, const sim_comp *up, sim_error *err)
{
    uint64_t size, bb = d->eng.burst_bytes;
    uint32_t per_ch[64] = { 0 }, most = 0;        /* channels: 64 at most */
    bool reads, writes;
    struct dram_addr a;

    if (!sends_of(up, &size, &reads, &writes) || !(reads || writes))
        return 0;
    /* bounded by the largest queue: a huge line costs no more */
    for (uint64_t off = 0; off < size && most <= 4096; off += bb) {
        dram_map(&d->eng, off, &a);
        if (++per_ch[a.ch] > most)
            most = per_ch[a.ch];
    }
    if (reads && most > d->cfg.read_queue) {
        sim_param_error(err, d->comp, "read_queue", "a %llu-byte request from %s needs %u "
                        "bursts of one channel's read queue, which holds %u",
                        (unsigned long long)size, sim_comp_name(up), most, d->cfg.read_queue);
        return SIM_ECONFIG;
    }
    if (writes && most > d->cfg.write_queue) {
        sim_param_error(err, d->comp, "write_queue", "a %llu-byte request from %s needs %u "
                        "bursts of one channel's write queue, which holds %u",
                        (unsigned long long)size, sim_comp_name(up), most, d->cfg.write_queue);
        return SIM_ECONFIG;
    }
    return 0;
}

/* The senders on port in and, through an interconnect, the instances one
 * step further up. */
static int dram_start(void *self, sim_error *err)
{
    struct dram *d = self;

    for (int i = 0; i < sim_port_count(d->comp, DRAM_IN); i++) {
        int pp, p2, rc;
        const sim_comp *up = sim_port_peer(d->comp, DRAM_IN, i, &pp);
        uint64_t size;
        bool r, w;

        if (sends_of(up, &size, &r, &w)) {
            if ((rc = check_sender(d, up, err)))
                return rc;
            continue;
        }
        for (int q = 0; q < sim_comp_type(up)->n_ports; q++)
            for (int j = 0; q != pp && j < sim_port_count(up, q); j++)
                if ((rc = check_sender(d, sim_port_peer(up, q, j, &p2), err)))
                    return rc;
    }
    return 0;
}

/* The current command-clock cycle, rounded up: commands go on edges. */
static uint64_t cycle_now(const struct dram *d)
{
    return (sim_time(d->comp) + d->tck - 1) / d->tck;
}

static bool is_write(const sim_req *r)
{
    return r->cmd == SIM_WRITE || r->cmd == SIM_WRITEBACK;
}

static bool carries_data(const sim_req *r)
{
    return r->cmd != SIM_EVICT && r->cmd != SIM_UPGRADE && r->cmd != SIM_INVAL;
}

/* First burst address and burst count of r. */
static uint32_t bursts(const struct dram *d, const sim_req *r, uint64_t *first)
{
    uint64_t bb = d->eng.burst_bytes;
    uint64_t last = (r->addr + (r->size ? r->size : 1) - 1) & ~(bb - 1);

    *first = r->addr & ~(bb - 1);
    return (uint32_t)(((last - *first) >> d->eng.off_bits) + 1);     /* bb is 1 << off_bits */
}

static void arm(struct dram *d, uint32_t ch, uint64_t cycle)
{
    sim_event *e = &d->wake[ch].ev;
    sim_tick when = cycle * d->tck;

    if (!sim_event_armed(e) || e->when > when) {
        sim_schedule(d->comp, e, when, SIM_PRIO_DEFAULT);
        d->wake[ch].cycle = cycle;
    }
}

/* wake_fire while an initiator waits for sim_retry: tell it when the step
 * took something out of the channel's queues. */
static __attribute__((noinline)) void wake_refused(struct dram *d, uint32_t ch, uint64_t cycle)
{
    uint32_t queued = d->eng.ch[ch].rq.n + d->eng.ch[ch].wq.n;
    uint64_t next = dram_ctrl_step(&d->eng, ch, cycle);

    if (next != DRAM_NEVER)
        arm(d, ch, next);
    if (d->eng.ch[ch].rq.n + d->eng.ch[ch].wq.n < queued) {
        d->refused = false;         /* set again if the retried request is refused */
        sim_retry(d->comp, DRAM_IN);
    }
}

/* Now is the cycle the channel's wake was armed for: arm() is only ever
 * asked for a cycle at or after the current one, so the kernel never
 * clamps it. A channel that went idle (its last burst issued the cycle
 * before) is handled inline. */
static void wake_fire(void *self, void *arg)
{
    struct dram *d = self;
    uint32_t ch = (uint32_t)(uintptr_t)arg;
    uint64_t cycle = d->wake[ch].cycle, next;

    if (d->refused) {
        wake_refused(d, ch, cycle);
        return;
    }
    if (dram_ctrl_quiet(&d->eng, ch, cycle))
        return;
    next = dram_ctrl_step(&d->eng, ch, cycle);
    if (next != DRAM_NEVER)
        arm(d, ch, next);
}

/* A burst's column command went out (or it was answered from the write
 * queue): when it is the request's last, respond at the end of its data. */
static void dram_done(void *user, void *owner, uint64_t end, int kind, bool write)
{
    struct dram *d = user;
    struct parent *p = owner;
    sim_tick now, at, lat;

    if (write)
        d->st.bytes_written += d->eng.burst_bytes;
    else
        d->st.bytes_read += d->eng.burst_bytes;
    if (end > p->end)
        p->end = end;
    if (--p->left)
        return;
    now = sim_time(d->comp);
    at = p->end * d->tck + d->cfg.latency;
    if (at < now)
        at = now;
    lat = at - p->arrive;
    if (p->write) {
        sim_avg_add(&d->st.write_latency, (double)lat);
    } else {
        sim_avg_add(&d->st.read_latency, (double)lat);
        sim_dist_add(&d->st.read_latency_dist, (double)lat);
    }
    if (req_posted(p->req))         /* a cache's writeback: nobody waits for the answer */
        sim_req_free(d->comp, p->req);
    else
        sim_respond(d->comp, p->req, at - now);
    p->next = d->free_parents;
    d->free_parents = p;
}

/* The queues took p's request: count what its channel held at its arrival. */
static void arrived(struct dram *d, struct parent *p, sim_req *req, sim_tick now, uint32_t ch,
                    uint32_t n, bool write)
{
    p->req = req;
    p->arrive = now;
    p->end = 0;
    p->left = n;
    p->write = write;
    d->st.requests++;
    sim_avg_add(&d->st.rq_occ, d->eng.ch[ch].rq.n);
    sim_avg_add(&d->st.wq_occ, d->eng.ch[ch].wq.n);
}

static bool refuse(struct dram *d)
{
    d->st.refused++;
    d->refused = true;
    return false;
}

/* A request of n > 1 bursts: room for every burst in the queue of its
 * channel, O(bursts^2) (requests are a line or two), then each queued. */
static bool send_bursts(struct dram *d, sim_req *req, uint64_t first, uint32_t n, bool write)
{
    uint64_t now = cycle_now(d), bb = d->eng.burst_bytes;
    struct parent *p;
    struct dram_addr a;

    for (uint32_t i = 0; i < n; i++) {
        uint32_t same = 0;

        dram_map(&d->eng, first + i * bb, &a);
        for (uint32_t k = 0; k < n; k++) {
            struct dram_addr b;

            dram_map(&d->eng, first + k * bb, &b);
            same += b.ch == a.ch;
        }
        if (same > (write ? d->cfg.write_queue : d->cfg.read_queue)) {
            sim_fail(d->comp, SIM_EINVAL, "a %u-byte request needs %u bursts of one channel's "
                     "%s queue, which holds %u", req->size, same, write ? "write" : "read",
                     write ? d->cfg.write_queue : d->cfg.read_queue);
            return false;
        }
        if (dram_ctrl_room(&d->eng, a.ch, write) < same)
            return refuse(d);
    }
    p = d->free_parents;
    if (!p)                         /* cannot happen: a parent holds a queue entry */
        return refuse(d);
    d->free_parents = p->next;
    dram_map(&d->eng, first, &a);
    arrived(d, p, req, sim_time(d->comp), a.ch, n, write);
    for (uint32_t i = 0; i < n; i++) {
        uint64_t addr = first + i * bb;
        uint64_t when;

        if (dram_ctrl_enqueue(&d->eng, now, addr, write, p, &when) > 0) {
            dram_map(&d->eng, addr, &a);
            arm(d, a.ch, when);
        }
    }
    return true;
}

static bool dram_send_at(void *self, int port, sim_req *req)
{
    struct dram *d = self;
    bool write = is_write(req);
    uint64_t first, when;
    sim_tick now;
    struct parent *p;
    struct dram_addr a;
    uint32_t n;

    if (!carries_data(req)) {
        d->st.requests++;
        if (req_posted(req))
            sim_req_free(d->comp, req);
        else
            sim_respond(d->comp, req, d->cfg.latency);
        return true;
    }
    n = bursts(d, req, &first);
    if (n > 1)
        return send_bursts(d, req, first, n, write);
    /* one burst, the common case: mapped once */
    dram_map(&d->eng, first, &a);
    if (dram_ctrl_room(&d->eng, a.ch, write) < 1)
        return refuse(d);
    p = d->free_parents;
    if (!p)                         /* cannot happen: a parent holds a queue entry */
        return refuse(d);
    d->free_parents = p->next;
    now = sim_time(d->comp);
    arrived(d, p, req, now, a.ch, 1, write);
    if (dram_ctrl_enqueue_mapped(&d->eng, (now + d->tck - 1) / d->tck, first, &a, write, p,
                                 &when) > 0)
        arm(d, a.ch, when);
    return true;
}

static sim_tick dram_access_lt(void *self, int port, sim_req *req)
{
    struct dram *d = self;
    uint64_t first, now = cycle_now(d), worst = 0, bb = d->eng.burst_bytes;
    bool write = is_write(req);
    uint32_t n;
    sim_tick lat;

    d->st.requests++;
    if (!carries_data(req))
        return d->cfg.latency;
    n = bursts(d, req, &first);
    for (uint32_t i = 0; i < n; i++) {
        int kind;
        uint64_t l = dram_ctrl_access_lt(&d->eng, now, first + i * bb, write, &kind);

        worst = l > worst ? l : worst;
    }
    worst += (uint64_t)(n - 1) * d->eng.tBL;
    if (write)
        d->st.bytes_written += n * bb;
    else
        d->st.bytes_read += n * bb;
    lat = (now + worst) * d->tck - sim_time(d->comp) + d->cfg.latency;
    if (write) {
        sim_avg_add(&d->st.write_latency, (double)lat);
    } else {
        sim_avg_add(&d->st.read_latency, (double)lat);
        sim_dist_add(&d->st.read_latency_dist, (double)lat);
    }
    return lat;
}

static void dram_energy_model(void *self, const sim_tech *tech, double *event_j, double *leak_w)
{
    struct dram *d = self;

    dram_event_energy(d->eng.sp, event_j);
    *leak_w = 0;                    /* the background events carry it */
}

static void dram_sync(void *self)
{
    struct dram *d = self;

    dram_ctrl_sync(&d->eng, sim_time(d->comp) / d->tck);
}

static void dram_reset(void *self)
{
    struct dram *d = self;

    /* The kernel zeroed the counters; background time before now that was
     * not yet counted must not leak into the new period. */
    dram_ctrl_reset_counts(&d->eng, sim_time(d->comp) / d->tck);
}

const sim_type memsys_dram = {
    .name = "dram",
    .doc = "DDR4/LPDDR4 controller and devices: banks, rows, JEDEC timings, refresh, "
           "FR-FCFS, IDD-based energy. Per-bank statistics, sized by the geometry when "
           "built: bank_busy.<i> (cycles each bank had a row open) and bank_accesses.<i> "
           "(bursts each bank served), numbered by channel, then rank, bank group and bank.",
    .params = dram_params, .n_params = SIM_COUNT(dram_params),
    .stats = dram_stats, .n_stats = SIM_COUNT(dram_stats),
    .energy = dram_energy, .n_energy = SIM_COUNT(dram_energy),
    .ports = dram_ports, .n_ports = SIM_COUNT(dram_ports),
    .cfg_size = sizeof(struct dram_cfg), .init = dram_init, .start = dram_start,
    .fini = dram_fini, .access_lt = dram_access_lt, .send_at = dram_send_at,
    .energy_model = dram_energy_model, .reset = dram_reset, .sync = dram_sync,
};
