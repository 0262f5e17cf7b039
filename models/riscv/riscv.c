/* models/riscv/riscv.c - the `riscv` component type: RISC-V RV64GC/RV32GC
 * harts that run a program, functional first (DESIGN.md). It loads an ELF
 * executable and runs it either as a Linux user-mode program (system calls
 * emulated in rv_linux.c) or bare metal (M-mode from the entry point, HTIF
 * tohost ends the run). Unconnected, it runs alone: an event executes a
 * quantum of instructions from the code cache, retires them and reschedules
 * itself n * cpi cycles later. With its `insts` port connected to a timing
 * model it produces sim_inst records on demand instead, from a traced
 * variant of the executor that writes them as it runs the pre-decoded
 * blocks; the functional path pays nothing for records. Guest time (rdtime,
 * clock_gettime) is simulated time.
 *
 * Threads (`harts: N`, Linux programs): the N harts share the program's
 * memory, its Linux process (files, brk, mmap) and one code cache; each
 * runs at most one thread (clone takes the lowest free hart, rv_linux.c).
 * Unconnected, an event runs rounds: every hart with a runnable thread runs
 * `slice` instructions in turn, all from the same simulated time (they run
 * in parallel: a round lasts as long as its longest turn); when every
 * thread waits, the next event is at the earliest timeout. Connected, the
 * port takes up to N consumers and consumer k pulls the records of hart k
 * (insts_idx): a hart executes when its core fetches, so the harts' memory
 * operations interleave in the order the cores fetch, chunk by chunk -
 * deterministic for a config and seed, sequentially consistent, and not
 * the order in which a real machine's stores would become visible. A hart
 * with no thread to run answers its core SIM_INSTS_WAIT, and the core
 * sleeps until the hart has a thread that may run again (wait_for_thread).
 * An LR reservation is broken by another hart's store to its 64-byte line
 * (rv_mem.c).
 *
 * Counts (insts, mix, hart_insts) are of instructions executed here. With
 * a timing model those are the records handed to it, and its own stats
 * hold the retired (committed) count: at a limit the records it still
 * holds are counted here and not there, and after a warm-up's end those it
 * held then are counted there and not here. The two agree for a run from
 * the program's start to its end.
 *
 * Specs: RISC-V Unprivileged ISA 20191213, Privileged Architecture
 * 20211203, RISC-V ELF psABI, Linux asm-generic syscall ABI. Not modelled:
 * several harts for bare-metal programs, more threads than harts (no
 * scheduler: a thread keeps its hart until it exits), memory orderings
 * weaker than sequential consistency (fences cost what a timing model says,
 * but reorder nothing), V/B/H/Zfh extensions, RV32 Linux system-call
 * structures other than those shared with RV64, signal delivery, the time
 * a page walk or a trap takes (cpi is flat). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <archsim/sim_type.h>
#include "rv.h"
#include "rv_elf.h"
#include "rv_linux.h"

struct riscv_cfg {
    uint32_t xlen;
    const char *isa;
    int mode;                       /* 0 auto, 1 linux, 2 baremetal */
    uint64_t mem_base, mem_size, mem_limit;
    sim_list fs_read, fs_write, env;
    const char *in, *out, *errf;
    const char *argv0;
    uint64_t quantum;
    double cpi;
    double timebase;
    uint32_t pmp;
    uint64_t code_cache;
    const char *program;            /* this hart's own program, or "" */
    sim_list args;
    uint64_t fastforward;
    uint32_t harts;
    uint64_t slice;
};

struct riscv {
    struct riscv_cfg cfg;
    sim_comp *comp;
    struct {
        uint64_t insts, loads, stores, taken, syscalls, traps, blocks, invalidated, flushes;
        uint64_t mix[SIM_OP_COUNT];
    } st;
    struct {                        /* cpu counters at the last stats reset */
        uint64_t icount, taken, syscalls, traps, blocks, invalidated, flushes;
        uint64_t mix[SIM_OP_COUNT];
    } base;
    sim_event ev;
    uint64_t ff_left;               /* fast-forward still to run before the first record */
    uint64_t ff_done;
    bool started, loaded, done, timing;
    int exit_rc;                    /* RV_RUN_EXIT once the guest exited: the run ends
                                       when the time of its last quantum has passed */
    uint64_t unretired;             /* instructions of the quantum in progress: retired
                                       when its time has passed, so that an instruction
                                       limit or a warm-up ends at the time it is reached */
    int own_fd[3];                  /* files opened for stdin/stdout/stderr, or -1 */
    uint32_t nharts;                /* cfg.harts */
    uint32_t usable;                /* harts a thread may run on: all, or those with a core */
    struct rv_cpu *ended;           /* the hart whose exit or fault ends the run */
    struct {                        /* threads (harts > 1): stats rows added at init */
        uint64_t threads, futex_waits, futex_wakes;
        uint64_t insts[RV_LX_MAX_HARTS];
        uint64_t idle[RV_LX_MAX_HARTS];
    } mt;
    uint64_t waiting;               /* harts whose consumer was told SIM_INSTS_WAIT */
    sim_event wait_ev;              /* at the earliest deadline among those harts */
    struct {
        uint64_t threads, futex_waits, futex_wakes;
        uint64_t insts[RV_LX_MAX_HARTS];
    } mt_base;
    sim_stat mt_rows[5];
    struct rv_space as;             /* shared by the harts: code cache, mix */
    struct rv_cpu *hartp[RV_LX_MAX_HARTS];
    struct rv_cpu cpu[];            /* nharts */
};
enum { RISCV_INSTS };

static const sim_param riscv_params[] = {
    SIM_PARAM_UINT("xlen", struct riscv_cfg, xlen, 64, 32, 64, "register width: 64 or 32"),
    SIM_PARAM_STRING("isa", struct riscv_cfg, isa, "",
                     "ISA string, e.g. rv64imafdc or rv32imac; empty: GC for the xlen"),
    SIM_PARAM_ENUM("mode", struct riscv_cfg, mode, "auto", "auto|linux|baremetal",
                   "program kind; auto: bare metal when the ELF has a tohost symbol"),
    SIM_PARAM_UINT("mem_base", struct riscv_cfg, mem_base, 0x80000000, 0, 1.8e19,
                   "bare metal: physical address of RAM"),
    SIM_PARAM_SIZE("mem_size", struct riscv_cfg, mem_size, "256MiB", "bare metal: RAM size"),
    SIM_PARAM_SIZE("mem_limit", struct riscv_cfg, mem_limit, "2GiB",
                   "Linux: cap on guest heap, mmap and stack"),
    SIM_PARAM_LIST("fs_read", struct riscv_cfg, fs_read, "[]",
                   "Linux: host directories the guest may read"),
    SIM_PARAM_LIST("fs_write", struct riscv_cfg, fs_write, "[]",
                   "Linux: host directories the guest may read and write"),
    SIM_PARAM_LIST("env", struct riscv_cfg, env, "[]", "Linux: environment, NAME=value"),
    SIM_PARAM_STRING("stdin", struct riscv_cfg, in, "",
                     "guest stdin: empty passes the host's through, else a file"),
    SIM_PARAM_STRING("stdout", struct riscv_cfg, out, "",
                     "guest stdout: empty passes through, else a file (truncated)"),
    SIM_PARAM_STRING("stderr", struct riscv_cfg, errf, "",
                     "guest stderr: empty passes through, else a file (truncated)"),
    SIM_PARAM_STRING("argv0", struct riscv_cfg, argv0, "",
                     "Linux: argv[0] the guest sees; empty: the program path"),
    SIM_PARAM_UINT("quantum", struct riscv_cfg, quantum, 100000, 1, 1e12,
                   "functional mode: instructions per event"),
    SIM_PARAM_FLOAT("cpi", struct riscv_cfg, cpi, 1.0, 0.01, 1000,
                    "functional mode: cycles per instruction"),
    SIM_PARAM_FREQ("timebase", struct riscv_cfg, timebase, "10MHz",
                   "frequency of mtime and the time CSR"),
    SIM_PARAM_UINT("pmp", struct riscv_cfg, pmp, 16, 0, 64,
                   "PMP entries (0: no PMP, S/U-mode accesses are not checked)"),
    SIM_PARAM_SIZE_R("code_cache", struct riscv_cfg, code_cache, "64MiB", 16384, 1099511627776.0,
                     "bytes of pre-decoded blocks kept before the cache is flushed"),
    SIM_PARAM_STRING("program", struct riscv_cfg, program, "",
                     "this hart's own program (multi-programmed runs); empty: the run's "
                     "workload"),
    SIM_PARAM_LIST("args", struct riscv_cfg, args, "[]", "arguments of `program`"),
    SIM_PARAM_UINT("fastforward", struct riscv_cfg, fastforward, 0, 0, 1.8e19,
                   "with a timing model: instructions run functionally (no records, no "
                   "simulated time) before the first record"),
    SIM_PARAM_UINT("harts", struct riscv_cfg, harts, 1, 1, RV_LX_MAX_HARTS,
                   "Linux: harts sharing the program's memory, one thread each (clone); "
                   "connection k of insts gets hart k's records; above 1 adds the stats "
                   "hart_insts, idle_waits, threads, futex_waits, futex_wakes"),
    SIM_PARAM_UINT("slice", struct riscv_cfg, slice, 1000, 1, 1e9,
                   "functional mode, harts > 1: instructions each hart runs in its turn"),
};

static const sim_stat riscv_stats[] = {
    SIM_STAT_U("insts", struct riscv, st.insts, "insts",
               "instructions executed, fastforwarded included; with a timing model, those "
               "handed to it as records, ahead of what it committed by the records in flight"),
    SIM_STAT_VEC("mix", struct riscv, st.mix, SIM_OP_NAMES,
                 "instructions executed by operation class (as insts)"),
    SIM_STAT("loads", struct riscv, st.loads, "load instructions executed (FP included)"),
    SIM_STAT("stores", struct riscv, st.stores, "store instructions executed (FP included)"),
    SIM_STAT("branches_taken", struct riscv, st.taken, "taken branches and jumps"),
    SIM_STAT("syscalls", struct riscv, st.syscalls, "Linux system calls emulated"),
    SIM_STAT("traps", struct riscv, st.traps, "exceptions and interrupts taken"),
    SIM_STAT("blocks", struct riscv, st.blocks, "blocks decoded into the code cache"),
    SIM_STAT("invalidated", struct riscv, st.invalidated,
             "blocks dropped because their code was written"),
    SIM_STAT("flushes", struct riscv, st.flushes,
             "code cache flushes (fence.i, satp, sfence.vma, full cache)"),
    SIM_STAT_U("fastforwarded", struct riscv, ff_done, "insts",
               "instructions run functionally without records (fastforward, sampled runs' skips)"),
};

static const sim_port riscv_ports[] = {
    [RISCV_INSTS] = { "insts", SIM_TARGET | SIM_INSTS | SIM_OPTIONAL | SIM_MULTI,
                      "instruction records for timing models, connection k from hart k; "
                      "unconnected: functional run" },
};

/* Copy the harts' counters into the stats rows. The mix is exact only
 * here: a block adds its entries to its own counter and rv_unretire takes
 * what did not run off as->mix at once, so as->mix alone may be below the
 * truth (below zero, wrapped) until the blocks are folded in. */
static void sync_stats(struct riscv *r)
{
    uint64_t icount = 0, taken = 0, syscalls = 0, traps = 0;

    rv_cache_sync_stats(&r->as);
    for (uint32_t h = 0; h < r->nharts; h++) {
        const struct rv_cpu *c = &r->cpu[h];

        icount += c->icount;
        taken += c->st.taken;
        syscalls += c->st.syscalls;
        traps += c->st.traps;
    }
    r->st.insts = icount - r->base.icount;
    for (int k = 0; k < SIM_OP_COUNT; k++)
        r->st.mix[k] = r->as.mix[k] - r->base.mix[k];
    r->st.loads = r->st.mix[SIM_OP_LOAD];
    r->st.stores = r->st.mix[SIM_OP_STORE];
    r->st.taken = taken - r->base.taken;
    r->st.syscalls = syscalls - r->base.syscalls;
    r->st.traps = traps - r->base.traps;
    r->st.blocks = r->as.blocks - r->base.blocks;
    r->st.invalidated = r->as.invalidated - r->base.invalidated;
    r->st.flushes = r->as.flushes - r->base.flushes;
    if (r->nharts > 1 && r->cpu[0].lx) {
        const struct rv_linux_stats *ls = rv_linux_stats(r->cpu[0].lx);

        r->mt.threads = ls->threads - r->mt_base.threads;
        r->mt.futex_waits = ls->futex_waits - r->mt_base.futex_waits;
        r->mt.futex_wakes = ls->futex_wakes - r->mt_base.futex_wakes;
        for (uint32_t h = 0; h < r->nharts; h++)
            r->mt.insts[h] = r->cpu[h].icount - r->mt_base.insts[h];
    }
}

/* The kernel calls it before statistics are read, written or reset: a
 * walk of the code cache (O(blocks)), once per point in time they are read
 * at, so the executors and the record hand-out pay nothing for them. */
static void riscv_sync(void *self)
{
    sync_stats(self);
}

static void riscv_reset(void *self)
{
    struct riscv *r = self;

    sync_stats(r);
    r->base.icount += r->st.insts;
    r->base.taken += r->st.taken;
    r->base.syscalls += r->st.syscalls;
    r->base.traps += r->st.traps;
    r->base.blocks = r->as.blocks;
    r->base.invalidated = r->as.invalidated;
    r->base.flushes = r->as.flushes;
    memcpy(r->base.mix, r->as.mix, sizeof(r->base.mix));
    r->mt_base.threads += r->mt.threads;
    r->mt_base.futex_waits += r->mt.futex_waits;
    r->mt_base.futex_wakes += r->mt.futex_wakes;
    for (uint32_t h = 0; h < r->nharts; h++)
        r->mt_base.insts[h] = r->cpu[h].icount;
    sync_stats(r);
}

static void wake_waiters(struct riscv *r);
static void wait_timer(void *self, void *arg);

/* The guest's stdin, stdout and stderr files are opened when a program is
 * loaded (open_std); what would stop that is found when the instance is
 * built, so that validate says so: a stdin that cannot be opened, a stdout
 * or stderr in a folder that does not exist. Creates nothing. */
static int check_std(sim_comp *comp, const struct riscv_cfg *cfg, sim_error *err)
{
    static const char *const names[] = { "stdin", "stdout", "stderr" };
    const char *paths[] = { cfg->in, cfg->out, cfg->errf };
    char dir[4096];
    struct stat st;

    for (int k = 0; k < 3; k++) {
        const char *slash = paths[k] ? strrchr(paths[k], '/') : NULL;
        int fd, e = 0;

        if (!paths[k] || !*paths[k])
            continue;
        if (k == 0) {
            fd = open(paths[k], O_RDONLY | O_NONBLOCK | O_CLOEXEC);    /* a FIFO: no wait */
            if (fd < 0)
                e = errno;
            else
                close(fd);
        } else {
            snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - paths[k]) + 1 : 1,
                     slash ? paths[k] : ".");
            if (stat(dir, &st) != 0)
                e = errno;
            else if (!S_ISDIR(st.st_mode))
                e = ENOTDIR;
        }
        if (e) {
            sim_param_error(err, comp, names[k], "%s: %s", paths[k], strerror(e));
            return SIM_ECONFIG;
        }
    }
    return 0;
}

static void *riscv_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    const struct riscv_cfg *cfg = cfgp;
    struct riscv *r;
    char msg[256];

    if (cfg->xlen != 32 && cfg->xlen != 64) {
        sim_param_error(err, comp, "xlen", "must be 32 or 64, got %u", cfg->xlen);
        return NULL;
    }
    if (cfg->mem_base % 4096) {         /* memory is mapped in 4 KiB pages */
        sim_param_error(err, comp, "mem_base", "must be a multiple of 4096 (a page), got "
                        "0x%llx", (unsigned long long)cfg->mem_base);
        return NULL;
    }
    if (check_std(comp, cfg, err))
        return NULL;
    r = sim_zalloc(err, sizeof(*r) + cfg->harts * sizeof(r->cpu[0]));
    if (!r)
        return NULL;
    r->cfg = *cfg;
    r->comp = comp;
    r->nharts = r->usable = cfg->harts;
    r->own_fd[0] = r->own_fd[1] = r->own_fd[2] = -1;
    if (rv_decoder_init(&r->cpu[0].dec, (int)cfg->xlen, cfg->isa, msg, sizeof msg)) {
        sim_param_error(err, comp, "isa", "%s", msg);
        free(r);
        return NULL;
    }
    r->as.harts = r->hartp;
    r->as.nharts = (int)r->nharts;
    for (uint32_t h = 0; h < r->nharts; h++) {
        struct rv_cpu *c = &r->cpu[h];

        if (h)
            c->dec = r->cpu[0].dec;
        c->comp = comp;
        c->xlen = (int)cfg->xlen;
        c->out_fd = 1;
        c->err_fd = 2;
        c->as = &r->as;
        c->hart = (int)h;
        r->hartp[h] = c;
    }
    if (r->nharts > 1) {
        /* per-hart rows: their length is the harts parameter */
        r->mt_rows[0] = (sim_stat){ "hart_insts", SIM_S_VEC, offsetof(struct riscv, mt.insts),
                                    r->nharts, 0, 0, NULL, NULL, "insts",
                                    "instructions each hart executed (as insts: with "
                                    "cores, the records handed to core k)" };
        r->mt_rows[1] = (sim_stat){ "idle_waits", SIM_S_VEC, offsetof(struct riscv, mt.idle),
                                    r->nharts, 0, 0, NULL, NULL, NULL,
                                    "times each hart's core found it with no thread to run "
                                    "and slept until it had one" };
        r->mt_rows[2] = (sim_stat){ "threads", SIM_S_COUNTER,
                                    offsetof(struct riscv, mt.threads), 0, 0, 0, NULL, NULL,
                                    NULL, "threads created (clone)" };
        r->mt_rows[3] = (sim_stat){ "futex_waits", SIM_S_COUNTER,
                                    offsetof(struct riscv, mt.futex_waits), 0, 0, 0, NULL,
                                    NULL, NULL, "FUTEX_WAITs that blocked their thread" };
        r->mt_rows[4] = (sim_stat){ "futex_wakes", SIM_S_COUNTER,
                                    offsetof(struct riscv, mt.futex_wakes), 0, 0, 0, NULL,
                                    NULL, NULL, "threads woken (FUTEX_WAKE, thread exit)" };
        for (int k = 0; k < SIM_COUNT(r->mt_rows); k++) {
            if (sim_stat_add(comp, &r->mt_rows[k], r, err)) {
                free(r);
                return NULL;
            }
        }
    }
    sim_event_init(&r->ev, NULL, r, NULL);
    sim_event_init(&r->wait_ev, wait_timer, r, NULL);
    return r;
}

static void riscv_fini(void *self)
{
    struct riscv *r = self;
    struct rv_cpu *c;

    if (!r)
        return;
    c = &r->cpu[0];
    rv_cache_free(&r->as);
    rv_linux_free(c->lx);
    if (c->ram)
        munmap(c->ram, c->ram_size);
    free(c->pagemap);
    for (int k = 0; k < 3; k++)
        if (r->own_fd[k] >= 0)
            close(r->own_fd[k]);
    free(r);
}

/* The program ended (RV_RUN_EXIT: exit_group, or its last thread's exit)
 * or failed, on hart c. */
static void finish(struct riscv *r, struct rv_cpu *c, int rc)
{
    r->done = true;
    wake_waiters(r);                /* their cores see the end */
    if (rc == RV_RUN_EXIT) {
        if (c->msg[0])
            sim_log(r->comp, SIM_LOG_WARN, "%s", c->msg);
        sim_exit(r->comp, c->exit_code);
    } else {
        sim_fail(r->comp, SIM_EGUEST, "%s", c->msg);
    }
}

/* Retire the last quantum's instructions now that its time has passed (an
 * instruction limit reached by them stops the run at this time); returns
 * the instructions left to the limit. */
static uint64_t retire_quantum(struct riscv *r)
{
    if (r->unretired) {
        sim_retire(r->comp, r->unretired);
        r->unretired = 0;
    }
    return sim_insts_left(r->comp);
}

/* No instruction may run before the limit: wait for the run to go on. When
 * this event's retirement reached the limit, the run stops after it and the
 * next quantum starts at this very time when it resumes (after a warm-up);
 * otherwise look again a cycle later. */
static void wait_for_limit(struct riscv *r, bool retired_now)
{
    sim_tick now = sim_time(r->comp);

    sim_schedule(r->comp, &r->ev, retired_now ? now : now + sim_period(r->comp),
                 SIM_PRIO_DEFAULT);
}

static void riscv_event(void *self, void *arg)
{
    struct riscv *r = self;
    struct rv_cpu *c = &r->cpu[0];
    uint64_t left, n = r->cfg.quantum, done;
    sim_tick now = sim_time(r->comp), dt;
    bool retired;
    int rc;

    if (r->done)
        return;
    retired = r->unretired != 0;
    left = retire_quantum(r);
    if (r->exit_rc) {
        finish(r, c, r->exit_rc);
        return;
    }
    if (left < n)
        n = left;
    if (!n) {
        wait_for_limit(r, retired);
        return;
    }
    c->time_base_ps = now;
    c->q_icount0 = c->icount;
    c->sleep_ps = 0;
    rc = rv_run(c, n);
    done = c->icount - c->q_icount0;
    if (rc == RV_RUN_FAULT) {
        sim_retire(r->comp, done);
        finish(r, c, rc);
        return;
    }
    r->unretired = done;
    if (rc == RV_RUN_EXIT)
        r->exit_rc = rc;
    dt = (sim_tick)llround((double)done * c->ps_per_insn) + c->sleep_ps;
    sim_schedule(r->comp, &r->ev, now + (dt ? dt : 1), SIM_PRIO_DEFAULT);
}

/* ------------------------------------------------------------- threads */

/* Threads, functionally: one round gives every hart that has a thread to
 * run up to `slice` instructions (fewer when the run's budget is nearly
 * used), in hart order, all starting at simulated time t: the harts run in
 * parallel, so the round lasts as long as its longest turn. A wake-up by a
 * hart lets a later hart run in the same round. Adds what ran to *total;
 * returns the longest turn; *rc is RV_RUN_EXIT or RV_RUN_FAULT (r->ended
 * set) when the program ended or failed. */
static uint64_t run_round(struct riscv *r, sim_tick t, uint64_t budget, uint64_t *total,
                          int *rc)
{
    struct rv_linux *lx = r->cpu[0].lx;
    uint64_t longest = 0;

    for (uint32_t h = 0; h < r->nharts && *total < budget; h++) {
        struct rv_cpu *c = &r->cpu[h];
        uint64_t n = budget - *total, ran;
        int k;

        if (!rv_linux_runnable(lx, (int)h, t))
            continue;
        if (n > r->cfg.slice)
            n = r->cfg.slice;
        c->time_base_ps = t;
        c->q_icount0 = c->icount;
        k = rv_run(c, n);
        ran = c->icount - c->q_icount0;
        rv_resv_watch(c);
        *total += ran;
        if (ran > longest)
            longest = ran;
        if (k == RV_RUN_EXIT || k == RV_RUN_FAULT) {
            *rc = k;
            r->ended = c;
            break;
        }
    }
    return longest;
}

/* Nothing can run and nothing will: stop the run with the reason. */
static bool deadlocked(struct riscv *r)
{
    struct rv_cpu *c = &r->cpu[0];

    if (!rv_linux_deadlock(c->lx, c->msg, sizeof c->msg))
        return false;
    r->ended = c;
    return true;
}

/* The functional event with threads: rounds until `quantum` instructions
 * ran, then the next event when the time of those rounds has passed (or at
 * the earliest deadline of a waiting thread, when none could run). */
static void riscv_event_mt(void *self, void *arg)
{
    struct riscv *r = self;
    uint64_t left, budget = r->cfg.quantum, total = 0;
    sim_tick now = sim_time(r->comp), elapsed = 0;
    bool retired;
    int rc = RV_RUN_BUDGET;

    if (r->done)
        return;
    retired = r->unretired != 0;
    left = retire_quantum(r);
    if (r->exit_rc) {
        finish(r, r->ended, r->exit_rc);
        return;
    }
    if (left < budget)
        budget = left;
    if (!budget) {
        wait_for_limit(r, retired);
        return;
    }
    while (total < budget && rc == RV_RUN_BUDGET) {
        uint64_t longest = run_round(r, now + elapsed, budget, &total, &rc);

        if (rc == RV_RUN_BUDGET && longest == 0) {
            uint64_t d = rv_linux_next_deadline(r->cpu[0].lx);

            if (d == UINT64_MAX) {
                if (deadlocked(r))
                    rc = RV_RUN_FAULT;
                break;
            }
            elapsed = d - now;      /* > elapsed: earlier deadlines have ended */
            break;
        }
        elapsed += (sim_tick)llround((double)longest * r->cpu[0].ps_per_insn);
    }
    if (rc == RV_RUN_FAULT) {
        sim_retire(r->comp, total);
        finish(r, r->ended, rc);
        return;
    }
    r->unretired = total;
    if (rc == RV_RUN_EXIT)
        r->exit_rc = rc;
    sim_schedule(r->comp, &r->ev, now + (elapsed ? elapsed : 1), SIM_PRIO_DEFAULT);
}

static void schedule_first(struct riscv *r)
{
    if (r->started && r->loaded && !r->timing && !sim_event_armed(&r->ev))
        sim_schedule(r->comp, &r->ev, sim_time(r->comp), SIM_PRIO_DEFAULT);
}

static int riscv_load(void *self, const char *path, int argc, const char *const *argv,
                      sim_error *err);

static int riscv_start(void *self, sim_error *err)
{
    struct riscv *r = self;
    int consumers = sim_port_count(r->comp, RISCV_INSTS);

    if ((uint32_t)consumers > r->nharts)     /* at the first one too many */
        return sim_port_error(err, r->comp, RISCV_INSTS, (int)r->nharts, "%s.insts: %d timing "
                              "models connected but the instance has %u hart%s (one consumer "
                              "per hart: set harts)", sim_comp_name(r->comp), consumers,
                              r->nharts, r->nharts == 1 ? "" : "s");
    r->started = true;
    r->timing = consumers > 0;
    if (r->timing)
        r->usable = (uint32_t)consumers;
    r->ff_left = r->timing ? r->cfg.fastforward : 0;
    r->ev.fn = r->nharts > 1 ? riscv_event_mt : riscv_event;
    schedule_first(r);
    if (r->cfg.program[0]) {
        const char **argv = calloc(r->cfg.args.n + 2, sizeof(*argv));
        int rc;

        if (!argv)
            return sim_error_set(err, SIM_ENOMEM, "out of memory");
        argv[0] = r->cfg.program;
        for (int i = 0; i < r->cfg.args.n; i++)
            argv[i + 1] = r->cfg.args.items[i];
        rc = riscv_load(r, r->cfg.program, r->cfg.args.n + 1, argv, err);
        free(argv);
        if (rc)
            return rc;
        sim_workload_start(r->comp);
    }
    return 0;
}

static int open_std(struct riscv *r, int k, const char *path, int *out, sim_error *err)
{
    int fd;

    if (!path || !*path) {
        *out = k;
        return 0;
    }
    fd = k == 0 ? open(path, O_RDONLY | O_CLOEXEC)
                : open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return sim_error_set(err, SIM_EIO, "%s: %s: %s", k == 0 ? "stdin" : k == 1 ? "stdout"
                             : "stderr", path, strerror(errno));
    r->own_fd[k] = fd;
    *out = fd;
    return 0;
}

static int read_file(const char *path, uint8_t **out, size_t *size, sim_error *err)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    uint8_t *buf;

    if (!f)
        return sim_error_set(err, SIM_EWORKLOAD, "%s: %s", path, strerror(errno));
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > (1ll << 31)) {
        fclose(f);
        return sim_error_set(err, SIM_EWORKLOAD, "%s: not a regular file of at most 2 GiB",
                             path);
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        free(buf);
        fclose(f);
        return sim_error_set(err, buf ? SIM_EWORKLOAD : SIM_ENOMEM, "%s: cannot read", path);
    }
    fclose(f);
    *out = buf;
    *size = (size_t)st.st_size;
    return 0;
}

/* Harts 1.. share hart 0's memory, process and code cache; each starts
 * without a thread (clone gives it one). */
static int attach_harts(struct riscv *r, sim_error *err)
{
    const struct rv_cpu *c0 = &r->cpu[0];

    for (uint32_t h = 1; h < r->nharts; h++) {
        struct rv_cpu *c = &r->cpu[h];

        c->mode = c0->mode;
        c->ram = c0->ram;
        c->ram_base = c0->ram_base;
        c->ram_size = c0->ram_size;
        c->pagemap = c0->pagemap;
        c->mbase = c0->mbase;
        c->pmp_n = c0->pmp_n;
        c->period_ps = c0->period_ps;
        c->ps_per_insn = c0->ps_per_insn;
        c->timebase_hz = c0->timebase_hz;
        c->traced = c0->traced;
        c->in_fd = c0->in_fd;
        c->out_fd = c0->out_fd;
        c->err_fd = c0->err_fd;
        c->lx = c0->lx;
        rv_reset(c);
        c->pc = c0->pc;
        if (rv_cache_init(c, r->cfg.code_cache))
            return sim_error_set(err, SIM_ENOMEM, "%s: cannot allocate the code cache",
                                 sim_comp_name(r->comp));
    }
    return 0;
}

static int riscv_load(void *self, const char *path, int argc, const char *const *argv,
                      sim_error *err)
{
    struct riscv *r = self;
    struct rv_cpu *c = &r->cpu[0];
    struct rv_elf e;
    uint8_t *img = NULL;
    size_t size = 0;
    char msg[384];
    int rc;

    if (r->loaded && r->cfg.program[0])
        return 0;                   /* runs its own program, not the run's workload */
    if (r->loaded)
        return sim_error_set(err, SIM_ESTATE, "%s: a program is already loaded",
                             sim_comp_name(r->comp));
    if ((rc = read_file(path, &img, &size, err)))
        return rc;
    if (rv_elf_parse(img, size, (int)r->cfg.xlen, &e, msg, sizeof msg)) {
        rc = sim_error_set(err, SIM_EWORKLOAD, "%s: %s", path, msg);
        goto out;
    }
    c->mode = r->cfg.mode == 1 ? RV_MODE_LINUX : r->cfg.mode == 2 ? RV_MODE_BAREMETAL
              : e.tohost ? RV_MODE_BAREMETAL : RV_MODE_LINUX;
    if (c->mode == RV_MODE_BAREMETAL && r->nharts > 1) {
        rc = sim_error_set(err, SIM_EWORKLOAD, "%s: a bare-metal program on %s with harts: %u; "
                           "several harts run the threads of Linux programs only", path,
                           sim_comp_name(r->comp), r->nharts);
        goto out;
    }
    if (c->mode == RV_MODE_BAREMETAL) {
        c->ram_base = r->cfg.mem_base;
        c->ram_size = r->cfg.mem_size;
        if (c->ram_size < 4096 || c->ram_base + c->ram_size < c->ram_base) {
            rc = sim_error_set(err, SIM_ECONFIG, "%s: bad RAM [0x%llx, +%llu)",
                               sim_comp_name(r->comp), (unsigned long long)c->ram_base,
                               (unsigned long long)c->ram_size);
            goto out;
        }
    } else {
        if (e.hi > RV_LX_SPAN_TOP / 2) {
            rc = sim_error_set(err, SIM_EWORKLOAD, "%s: segments up to 0x%llx; Linux programs "
                               "must be loaded below 2 GiB", path, (unsigned long long)e.hi);
            goto out;
        }
        c->ram_base = rv_linux_ram_base(&e);
        c->ram_size = RV_LX_SPAN_TOP - c->ram_base;
    }
    for (int k = 0; k < e.nseg; k++) {
        uint64_t lo = e.seg[k].vaddr, hi = lo + e.seg[k].memsz;

        if (lo < c->ram_base || hi > c->ram_base + c->ram_size) {
            rc = sim_error_set(err, SIM_EWORKLOAD, "%s: segment [0x%llx, 0x%llx) falls outside "
                               "memory [0x%llx, 0x%llx)", path, (unsigned long long)lo,
                               (unsigned long long)hi, (unsigned long long)c->ram_base,
                               (unsigned long long)(c->ram_base + c->ram_size));
            goto out;
        }
    }
    c->ram = mmap(NULL, c->ram_size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (c->ram == MAP_FAILED) {
        c->ram = NULL;
        rc = sim_error_set(err, SIM_ENOMEM, "%s: cannot reserve %llu bytes of guest memory",
                           sim_comp_name(r->comp), (unsigned long long)c->ram_size);
        goto out;
    }
#ifdef MADV_HUGEPAGE
    /* 2 MiB host pages where the kernel offers them: a program that walks
     * a large array costs the host a TLB miss per access otherwise. A hint:
     * nothing depends on it. */
    madvise(c->ram, c->ram_size, MADV_HUGEPAGE);
#endif
    c->pagemap = calloc((c->ram_size + 4095) >> 12, 1);
    if (!c->pagemap) {
        rc = sim_error_set(err, SIM_ENOMEM, "out of memory");
        goto out;
    }
    c->mbase = c->ram;
    c->pmp_n = (int)r->cfg.pmp;
    c->period_ps = (double)sim_period(r->comp);
    c->ps_per_insn = r->cfg.cpi * c->period_ps;
    c->timebase_hz = r->cfg.timebase;
    c->traced = r->timing;          /* start comes before load: known */
    rv_reset(c);
    if (rv_cache_init(c, r->cfg.code_cache)) {
        rc = sim_error_set(err, SIM_ENOMEM, "%s: cannot allocate the code cache",
                           sim_comp_name(r->comp));
        goto out;
    }
    for (int k = 0; k < e.nseg; k++)
        memcpy(c->ram + (e.seg[k].vaddr - c->ram_base), img + e.seg[k].off,
               e.seg[k].filesz);
    if ((rc = open_std(r, 0, r->cfg.in, &c->in_fd, err)) ||
        (rc = open_std(r, 1, r->cfg.out, &c->out_fd, err)) ||
        (rc = open_std(r, 2, r->cfg.errf, &c->err_fd, err)))
        goto out;
    if (c->mode == RV_MODE_LINUX) {
        struct rv_linux_cfg lc = {
            .fs_read = r->cfg.fs_read.items, .n_read = r->cfg.fs_read.n,
            .fs_write = r->cfg.fs_write.items, .n_write = r->cfg.fs_write.n,
            .env = r->cfg.env.items, .n_env = r->cfg.env.n,
            .in_fd = c->in_fd, .out_fd = c->out_fd, .err_fd = c->err_fd,
            .mem_limit = r->cfg.mem_limit,
        };
        const char *def_argv[1] = { path };
        const char **av = malloc(sizeof(*av) * (size_t)(argc > 0 ? argc : 1));

        if (!av) {
            rc = sim_error_set(err, SIM_ENOMEM, "out of memory");
            goto out;
        }
        if (argc > 0)
            memcpy(av, argv, sizeof(*av) * (size_t)argc);
        else
            av[0] = def_argv[0], argc = 1;
        if (r->cfg.argv0 && *r->cfg.argv0)
            av[0] = r->cfg.argv0;
        rc = rv_linux_start(c, &e, path, argc, av, &lc, msg, sizeof msg);
        free(av);
        if (rc) {
            rc = sim_error_set(err, SIM_EWORKLOAD, "%s: %s", path, msg);
            goto out;
        }
        rv_linux_set_harts(c->lx, &r->as, (int)r->usable);
        if ((rc = attach_harts(r, err)))
            goto out;
    } else {
        if ((e.tohost && (e.tohost < c->ram_base || e.tohost - c->ram_base > c->ram_size - 8)) ||
            (e.fromhost && (e.fromhost < c->ram_base ||
                            e.fromhost - c->ram_base > c->ram_size - 8))) {
            rc = sim_error_set(err, SIM_EWORKLOAD, "%s: tohost (0x%llx) or fromhost (0x%llx) "
                               "lies outside memory (0x%llx, %llu bytes)", path,
                               (unsigned long long)e.tohost, (unsigned long long)e.fromhost,
                               (unsigned long long)c->ram_base,
                               (unsigned long long)c->ram_size);
            goto out;
        }
        c->pc = e.entry;
        c->tohost = e.tohost;
        c->fromhost = e.fromhost;
        if (c->tohost)
            c->pagemap[(c->tohost - c->ram_base) >> 12] |= RV_PG_WATCH;
    }
    r->loaded = true;
    schedule_first(r);
out:
    free(img);
    return rc;
}

/* Switch the code cache between the functional and the traced executor:
 * blocks hold handler addresses of one of them, so it starts empty. The
 * harts share the cache: all of them switch. */
static void set_traced(struct riscv *r, bool traced)
{
    rv_cache_flush(&r->cpu[0]);
    for (uint32_t h = 0; h < r->nharts; h++) {
        struct rv_cpu *c = &r->cpu[h];

        c->traced = traced;
        if (traced)
            rv_trace(c, NULL, 0, NULL);
        else
            rv_run(c, 0);
    }
}

/* Run the fastforward instructions through the functional executor before
 * the first record; 1 when the program ended on the way. */
static int fast_forward(struct riscv *r)
{
    struct rv_cpu *c = &r->cpu[0];

    set_traced(r, false);
    while (r->ff_left) {
        uint64_t before = c->icount, q = r->ff_left < (1u << 20) ? r->ff_left : (1u << 20);
        int rc = rv_run(c, q);
        uint64_t ran = c->icount - before;

        r->ff_left -= ran < r->ff_left ? ran : r->ff_left;
        r->ff_done += ran;
        if (rc == RV_RUN_EXIT || rc == RV_RUN_FAULT) {
            finish(r, c, rc);
            return 1;
        }
        if (rc != RV_RUN_BUDGET && ran == 0)
            break;                  /* waiting (wfi) or stopped: records take over */
    }
    set_traced(r, true);
    r->ff_left = 0;
    c->q_icount0 = c->icount;
    return 0;
}

/* The same with threads: rounds of the harts, with simulated time standing
 * still, until fastforward instructions ran in all or every thread waits. */
static int fast_forward_mt(struct riscv *r)
{
    sim_tick now = sim_time(r->comp);

    set_traced(r, false);
    while (r->ff_left) {
        uint64_t total = 0, longest;
        int rc = RV_RUN_BUDGET;

        longest = run_round(r, now, r->ff_left, &total, &rc);
        r->ff_left -= total < r->ff_left ? total : r->ff_left;
        r->ff_done += total;
        if (rc == RV_RUN_EXIT || rc == RV_RUN_FAULT) {
            finish(r, r->ended, rc);
            return 1;
        }
        if (longest == 0)
            break;                  /* every thread waits: records take over */
    }
    set_traced(r, true);
    r->ff_left = 0;
    if (r->waiting)
        wake_waiters(r);            /* the skipped stretch may have woken threads */
    return 0;
}

/* Sampled runs: n instructions functionally, now (behind the records the
 * timing model already has). */
static uint64_t riscv_skip(void *self, uint64_t n)
{
    struct riscv *r = self;
    uint64_t before = r->ff_done;

    if (!r->loaded || r->done || !r->timing || n == 0)
        return 0;
    r->ff_left = n;
    if (r->nharts > 1) {
        fast_forward_mt(r);
    } else {
        r->cpu[0].time_base_ps = sim_time(r->comp);
        r->cpu[0].q_icount0 = r->cpu[0].icount;
        fast_forward(r);
    }
    return r->ff_done - before;
}

/* Timing mode: one record per instruction, written by the traced executor
 * as it runs the pre-decoded blocks (rv_trace). Bare metal, an exception
 * returns early: the record of the trapping instruction also stands for the
 * first instruction of its handler, which is stepped here with a scratch
 * record, so that records and retired instructions stay one for one (the
 * trapping instruction does not retire). */
static int riscv_insts(void *self, int port, sim_inst *out, int n)
{
    struct riscv *r = self;
    struct rv_cpu *c = &r->cpu[0];
    int k = 0, got, rc;

    if (!r->loaded || r->done || n <= 0)
        return 0;
    c->time_base_ps = sim_time(r->comp);
    c->q_icount0 = c->icount;
    if (r->ff_left && fast_forward(r))
        return 0;
    do {
        rc = rv_trace(c, out + k, n - k, &got);
        k += got;
        while (rc == RV_RUN_TRAP) {
            sim_inst scratch;

            rc = rv_trace(c, &scratch, 1, &got);
        }
        if (rc == RV_RUN_EXIT || rc == RV_RUN_FAULT) {
            finish(r, c, rc);
            return k;
        }
    } while (k < n && rc == RV_RUN_BUDGET);
    return k;
}

/* Harts whose consumer was told to wait: wake the consumer of each that may
 * run now (or of all of them, once the program has ended), then set the
 * timer for the earliest deadline of those still waiting. */
static void wake_waiters(struct riscv *r)
{
    struct rv_linux *lx = r->cpu[0].lx;
    sim_tick now = sim_time(r->comp);
    uint64_t next = UINT64_MAX;

    for (uint64_t w = r->waiting; w; w &= w - 1) {
        int h = __builtin_ctzll(w);

        if (r->done || rv_linux_runnable(lx, h, now)) {
            r->waiting &= ~(1ull << h);
            sim_insts_ready(r->comp, RISCV_INSTS, h);
        } else if (rv_linux_deadline(lx, h) < next) {
            next = rv_linux_deadline(lx, h);    /* > now: it cannot run yet */
        }
    }
    if (next != UINT64_MAX)
        sim_schedule(r->comp, &r->wait_ev, next, SIM_PRIO_DEFAULT);
    else if (sim_event_armed(&r->wait_ev))
        sim_deschedule(r->comp, &r->wait_ev);
}

static void wait_timer(void *self, void *arg)
{
    (void)arg;
    wake_waiters(self);
}

/* A hart with no thread that may run (its thread waits or has exited, or
 * it never had one): its core waits (SIM_INSTS_WAIT) and sleeps until
 * wake_waiters sees the hart runnable - a futex wake or clone by another
 * hart, a deadline reached, the end of the program. When no hart can ever
 * run again, the run stops with the deadlock. */
static int wait_for_thread(struct riscv *r, struct rv_cpu *c)
{
    uint64_t bit = 1ull << c->hart;

    if (deadlocked(r)) {
        finish(r, r->ended, RV_RUN_FAULT);
        return 0;
    }
    if (!(r->waiting & bit)) {
        r->waiting |= bit;
        r->mt.idle[c->hart]++;
        wake_waiters(r);            /* its deadline, if any, may be the earliest */
    }
    return SIM_INSTS_WAIT;
}

/* Threads, timing: core idx pulls the records of hart idx, which runs its
 * thread at the core's fetch. The harts' memory operations therefore
 * interleave in the order the cores fetch, fetch chunk by fetch chunk:
 * deterministic for a config and seed, but not the order a real machine's
 * stores would reach memory in. */
static int riscv_insts_idx(void *self, int port, int idx, sim_inst *out, int n)
{
    struct riscv *r = self;
    struct rv_cpu *c;
    sim_tick now;
    int k = 0, got, rc;

    if (r->nharts == 1)
        return riscv_insts(self, port, out, n);
    if (!r->loaded || r->done || n <= 0 || idx < 0 || (uint32_t)idx >= r->nharts)
        return 0;
    if (r->ff_left && fast_forward_mt(r))
        return 0;
    c = &r->cpu[idx];
    now = sim_time(r->comp);
    if (!rv_linux_runnable(c->lx, idx, now))
        return wait_for_thread(r, c);
    c->time_base_ps = now;
    c->q_icount0 = c->icount;
    do {
        rc = rv_trace(c, out + k, n - k, &got);
        k += got;
    } while (k < n && rc == RV_RUN_BUDGET);
    rv_resv_watch(c);
    if (rc == RV_RUN_EXIT || rc == RV_RUN_FAULT) {
        finish(r, c, rc);
        return k;
    }
    if (r->waiting)
        wake_waiters(r);            /* it may have woken or created threads */
    return k ? k : wait_for_thread(r, c);
}

const sim_type models_riscv = {
    .name = "riscv",
    .doc = "RISC-V RV64GC/RV32GC harts: run static Linux (threads: one per hart) or "
           "bare-metal ELF programs from a code cache; emit instruction records for timing "
           "models.",
    .params = riscv_params, .n_params = SIM_COUNT(riscv_params),
    .stats = riscv_stats, .n_stats = SIM_COUNT(riscv_stats),
    .ports = riscv_ports, .n_ports = SIM_COUNT(riscv_ports),
    .cfg_size = sizeof(struct riscv_cfg),
    .init = riscv_init, .start = riscv_start, .fini = riscv_fini,
    .insts = riscv_insts, .load = riscv_load, .reset = riscv_reset, .sync = riscv_sync,
    .skip = riscv_skip,
    .insts_idx = riscv_insts_idx,
};
