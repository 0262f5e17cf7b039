/* models/riscv/rv_exec.c - the executor and its code cache. Instructions are
 * decoded once into blocks (straight-line runs ending at a control transfer,
 * a system instruction, a page boundary or RV_BLOCK_MAX instructions) kept
 * in an arena and found by pc through a direct-mapped dispatch cache backed
 * by a hash table. Blocks run by direct threading: each pre-decoded
 * instruction holds the address of its handler label, so an instruction
 * costs one indirect jump and no decode. Blocks are chained: a block keeps
 * pointers to its taken and fall-through successors (for an indirect jump,
 * the last target, checked by key), so most block transitions skip the
 * dispatch lookup; links are dropped when any block is invalidated. A block
 * adds its length to the instruction count on entry; an exception inside it
 * takes back what did not retire. To stop after exactly k instructions (the
 * budget) the handler of instruction k is patched to a stop label for that
 * one entry. The instruction mix costs one counter per block entry, folded
 * into the stats when they are read.
 *
 * Records for a timing model come from a second, traced instance of the same
 * executor body (rv_trace; rv_exec_body.h says what differs): it runs the
 * same blocks and writes each instruction's sim_inst as it goes, starting
 * from a template made once per decoded instruction. A hart is traced or
 * not for its whole life (cpu->traced, set before the cache is made): the
 * blocks hold the handler addresses of one executor, and only a traced
 * cache carries the templates, so the functional path pays nothing.
 *
 * The harts of one address space (threads, riscv.c) share the code cache
 * (struct rv_space): they run one at a time on the host, each entering at
 * dispatch, so a block another hart dropped or a flush it made is never
 * half-way through; block links live in the blocks, and what the executor
 * keeps across blocks (chain_from, a patched stop handler) lasts only while
 * one hart runs.
 *
 * Invalidation: a store into a page that holds translated code takes the
 * slow path (page map) and drops the blocks it overlaps; fence.i, satp
 * writes and sfence.vma flush the whole cache. Memory accesses inside RAM,
 * naturally aligned, take the inline fast path; everything else (MMU, PMP,
 * MMIO, misalignment, tohost) goes to rv_mem.c. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "rv.h"
#include "rv_fp.h"

#define RV_HASH_SIZE 16384u
#define RV_JC_SIZE 8192u

static inline uint32_t hash_key(uint64_t key)
{
    return (uint32_t)((key >> 1) ^ (key >> 15) ^ (key >> 29) ^ (key >> 56)) &
           (RV_HASH_SIZE - 1);
}

static inline uint32_t jc_index(uint64_t key)
{
    return (uint32_t)((key >> 1) ^ (key >> 56)) & (RV_JC_SIZE - 1);
}

int rv_cache_init(struct rv_cpu *cpu, size_t arena_bytes)
{
    struct rv_space *as = cpu->as;

    if (!as->arena) {
        as->hash = calloc(RV_HASH_SIZE, sizeof(*as->hash));
        as->jcache = calloc(RV_JC_SIZE, sizeof(*as->jcache));
        as->arena_size = arena_bytes;
        as->arena = mmap(NULL, arena_bytes, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        as->pagelist_n = (cpu->ram_size + 4095) >> 12;
        as->pagelist = calloc(as->pagelist_n ? as->pagelist_n : 1, sizeof(*as->pagelist));
        if (as->arena == MAP_FAILED)
            as->arena = NULL;
        if (!as->hash || !as->jcache || !as->arena || !as->pagelist) {
            rv_cache_free(as);
            return -1;
        }
    }
    cpu->jcache = as->jcache;
    if (cpu->traced)                /* fetch the handler table */
        rv_trace(cpu, NULL, 0, NULL);
    else
        rv_run(cpu, 0);
    return 0;
}

void rv_cache_free(struct rv_space *as)
{
    free(as->hash);
    free(as->jcache);
    free(as->pagelist);
    if (as->arena)
        munmap(as->arena, as->arena_size);
    as->hash = NULL;
    as->jcache = NULL;
    as->pagelist = NULL;
    as->arena = NULL;
}

/* Add the executions of b to the instruction mix. */
static void fold_mix(struct rv_space *as, struct rv_block *b)
{
    if (!b->execs)
        return;
    for (uint32_t k = 0; k < b->n; k++)
        as->mix[rv_opinfo[b->insn[k].op].cls] += b->execs;
    b->execs = 0;
}

void rv_cache_sync_stats(struct rv_space *as)
{
    for (size_t off = 0; off < as->arena_used;) {
        struct rv_block *b = (struct rv_block *)(as->arena + off);

        fold_mix(as, b);
        off += b->bytes;
    }
}

/* Other harts of the space hold no link into the old blocks: block links
 * live in the blocks, and a hart's own record of the last one it left (the
 * executor's chain_from) lasts only while that hart runs. Only the entries
 * the arena's blocks used are cleared (a walk of the arena, as the stats
 * fold does anyway), not the whole tables: a sampled run switches between
 * the functional and the traced cache twice per sample, and clearing the
 * tables and every page of guest memory each time was most of such a run. */
void rv_cache_flush(struct rv_cpu *cpu)
{
    struct rv_space *as = cpu->as;

    if (!as->hash)
        return;
    for (size_t off = 0; off < as->arena_used;) {
        struct rv_block *b = (struct rv_block *)(as->arena + off);

        fold_mix(as, b);
        as->hash[hash_key(b->key)] = NULL;
        as->jcache[jc_index(b->key)] = NULL;
        if (b->pstart >= cpu->ram_base && b->pstart - cpu->ram_base < cpu->ram_size) {
            uint64_t p = (b->pstart - cpu->ram_base) >> 12;
            uint64_t pl = (b->pend - 1 - cpu->ram_base) >> 12;

            as->pagelist[p] = NULL;     /* what translate registered, no more */
            for (uint64_t q = p ? p - 1 : 0; cpu->pagemap && q <= pl && q < as->pagelist_n;
                 q++)
                cpu->pagemap[q] &= RV_PG_WATCH | RV_PG_RESV;
        }
        off += b->bytes;
    }
    as->arena_used = 0;
    cpu->cache_gen++;
    as->flushes++;
}

static void unlink_hash(struct rv_space *as, struct rv_block *b)
{
    struct rv_block **pp = &as->hash[hash_key(b->key)];

    while (*pp && *pp != b)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = b->hnext;
    if (as->jcache[jc_index(b->key)] == b)
        as->jcache[jc_index(b->key)] = NULL;
}

/* Drop every block-to-block link (a linked block went away). */
static void unchain_all(struct rv_space *as)
{
    for (size_t off = 0; off < as->arena_used;) {
        struct rv_block *b = (struct rv_block *)(as->arena + off);

        b->succ[0] = b->succ[1] = NULL;
        off += b->bytes;
    }
}

void rv_cache_invalidate(struct rv_cpu *cpu, uint64_t pa, uint64_t n)
{
    struct rv_space *as = cpu->as;
    uint64_t first, last, dropped = as->invalidated;

    if (pa < cpu->ram_base)
        return;
    first = (pa - cpu->ram_base) >> 12;
    last = (pa + n - 1 - cpu->ram_base) >> 12;
    if (first > 0)
        first--;                    /* a block may start on the previous page */
    for (uint64_t p = first; p <= last && p < as->pagelist_n; p++) {
        struct rv_block **pp = &as->pagelist[p];
        int left = 0;

        while (*pp) {
            struct rv_block *b = *pp;

            if (b->pstart < pa + n && pa < b->pend) {
                b->valid = 0;
                unlink_hash(as, b);
                *pp = b->pnext;
                as->invalidated++;
                continue;
            }
            left++;
            pp = &b->pnext;
        }
        if (!left && cpu->pagemap)
            cpu->pagemap[p] &= (uint8_t)~RV_PG_CODE;
    }
    if (as->invalidated != dropped)
        unchain_all(as);
}

/* The decode-time fields of the record of instruction i (rv_block_recs). */
static void fill_record(const struct rv_insn *i, sim_inst *o)
{
    const struct rv_opinfo *oi = &rv_opinfo[i->op];
    int ns = 0, nd = 0;

    memset(o, 0, sizeof(*o));
    o->pc = i->pc;
    o->raw = i->raw;
    o->size = i->len ? i->len : 4;
    o->op = oi->cls;
    memset(o->src, SIM_REG_NONE, sizeof(o->src));
    memset(o->dst, SIM_REG_NONE, sizeof(o->dst));
    if ((i->rk & RV_RK_RS1_X) && i->rs1)        /* x0 is no dependency */
        o->src[ns++] = i->rs1;
    if (i->rk & RV_RK_RS1_F)
        o->src[ns++] = (uint8_t)(32 + i->rs1);
    if ((i->rk & RV_RK_RS2_X) && i->rs2)
        o->src[ns++] = i->rs2;
    if (i->rk & RV_RK_RS2_F)
        o->src[ns++] = (uint8_t)(32 + i->rs2);
    if (i->rk & RV_RK_RS3_F)
        o->src[ns++] = (uint8_t)(32 + i->rs3);
    if ((i->rk & RV_RK_RD_X) && i->rd != 32)
        o->dst[nd++] = i->rd;
    if (i->rk & RV_RK_RD_F)
        o->dst[nd++] = (uint8_t)(32 + i->rd);
    if (oi->flags & RV_F_MEM)
        o->mem_size = oi->size;
    if (oi->flags & RV_F_SERIAL)
        o->flags |= SIM_INST_SERIAL;
    if (oi->flags & RV_F_BRANCH) {
        o->branch = SIM_BR_COND;
        o->target = (uint64_t)i->imm;
    } else if (oi->flags & RV_F_JAL) {
        o->branch = (i->rd == 1 || i->rd == 5) ? SIM_BR_CALL : SIM_BR_JUMP;
        o->target = (uint64_t)i->imm;
        o->taken = 1;
    } else if (oi->flags & RV_F_JALR) {
        bool link = i->rd == 1 || i->rd == 5;

        o->branch = link ? SIM_BR_CALL_INDIRECT
                    : (i->rd == 32 && (i->rs1 == 1 || i->rs1 == 5)) ? SIM_BR_RETURN
                    : SIM_BR_INDIRECT;
        o->taken = 1;               /* the target is known when it runs */
    }
}

/* Translate a block at key; NULL when the arena is full (caller flushes). */
static struct rv_block *translate(struct rv_cpu *cpu, uint64_t key)
{
    struct rv_space *as = cpu->as;
    const void *const *labels = cpu->labels;
    uint64_t pc = key ^ cpu->fetch_key, pc0 = pc, pa0 = 0, pa_end = 0;
    size_t per_insn = sizeof(struct rv_insn) + (cpu->traced ? sizeof(sim_inst) : 0);
    size_t need = sizeof(struct rv_block) + (RV_BLOCK_MAX + 1) * per_insn;
    struct rv_block *b;
    uint32_t n = 0;

    if (as->arena_used + need > as->arena_size)
        return NULL;
    b = (struct rv_block *)(as->arena + as->arena_used);
    memset(b, 0, sizeof(*b));
    b->key = key;
    while (n < RV_BLOCK_MAX) {
        struct rv_insn *i = &b->insn[n];
        uint16_t lo = 0, hi = 0;
        uint64_t pa = 0, pa2 = 0, ftval = pc;
        uint32_t raw;
        int c = rv_fetch16(cpu, pc, &lo, &pa);

        if (!c && (lo & 3) == 3) {
            c = rv_fetch16(cpu, pc + 2, &hi, &pa2);
            ftval = pc + 2;
        }
        if (c) {
            if (n)
                break;              /* end the block before the faulting fetch */
            memset(i, 0, sizeof(*i));
            i->pc = pc;
            i->op = RV_OP_ILLEGAL;
            i->rs3 = (uint8_t)(c - 1);
            i->imm = (int64_t)ftval;
            i->h = labels[RV_OP_COUNT];       /* fetch fault */
            i->len = 4;
            n = 1;
            pc += 4;
            break;
        }
        if (!n)
            pa0 = pa;
        raw = lo | (uint32_t)hi << 16;
        rv_decode(&cpu->dec, raw, pc, i);
        i->h = labels[i->op];
        pa_end = ((lo & 3) == 3 ? pa2 + 2 : pa + 2);
        n++;
        pc += i->len;
        if (rv_opinfo[i->op].flags & RV_F_END)
            break;
        if (((pc ^ pc0) >> 12) != 0)
            break;                  /* next instruction is on another page */
    }
    b->n = n;
    b->end = pc;
    b->valid = 1;
    for (uint32_t k = 0; k < n; k++)
        b->insn[k].rem = (uint8_t)(n - k);
    memset(&b->insn[n], 0, sizeof(b->insn[n]));
    b->insn[n].pc = pc;
    b->insn[n].op = RV_OP_END;
    b->insn[n].h = labels[RV_OP_END];
    b->bytes = (uint32_t)(sizeof(struct rv_block) + (n + 1) * sizeof(struct rv_insn));
    if (cpu->traced) {
        sim_inst *rec;

        b->rec_off = b->bytes;
        rec = rv_block_recs(b);
        for (uint32_t k = 0; k < n; k++)
            fill_record(&b->insn[k], &rec[k]);
        memset(&rec[n], 0, sizeof(rec[n]));   /* the terminator's, never emitted */
        b->bytes += (uint32_t)((n + 1) * sizeof(sim_inst));
    }
    b->bytes = (b->bytes + 15) & ~15u;
    as->arena_used += b->bytes;
    as->blocks++;

    /* register */
    b->hnext = as->hash[hash_key(key)];
    as->hash[hash_key(key)] = b;
    b->pstart = pa0;
    b->pend = pa_end > pa0 ? pa_end : pa0 + 2;
    if (pa0 >= cpu->ram_base && pa0 - cpu->ram_base < cpu->ram_size && b->insn[0].len) {
        uint64_t p = (pa0 - cpu->ram_base) >> 12, pl = (b->pend - 1 - cpu->ram_base) >> 12;

        b->pnext = as->pagelist[p];
        as->pagelist[p] = b;
        if (cpu->pagemap) {
            cpu->pagemap[p] |= RV_PG_CODE;
            if (pl < as->pagelist_n)
                cpu->pagemap[pl] |= RV_PG_CODE;
            if (p > 0)              /* a misaligned store may cross into p */
                cpu->pagemap[p - 1] |= RV_PG_CODE_NEXT;
        }
    }
    return b;
}

static struct rv_block *lookup(struct rv_cpu *cpu, uint64_t key)
{
    struct rv_block *b;

    for (b = cpu->as->hash[hash_key(key)]; b; b = b->hnext)
        if (b->key == key)
            goto found;
    b = translate(cpu, key);
    if (!b) {
        rv_cache_flush(cpu);
        b = translate(cpu, key);
    }
found:
    cpu->as->jcache[jc_index(key)] = b;
    return b;
}

/* Instruction i and the rest of its block did not retire after all. */
void rv_unretire(struct rv_cpu *cpu, const struct rv_insn *i)
{
    cpu->icount -= i->rem;
    for (; i->op != RV_OP_END; i++)
        cpu->as->mix[rv_opinfo[i->op].cls]--;
}

/* Traced executor, bare metal: the interrupt check between two
 * instructions of a block, with the pc and the instruction count exact
 * (next and the rest of the block have not run). A taken interrupt leaves
 * the rest. */
static inline int trace_irq(struct rv_cpu *cpu, const struct rv_insn *next)
{
    int taken;

    cpu->pc = next->pc;             /* the interrupted pc, mepc/sepc */
    cpu->icount -= next->rem;
    taken = rv_interrupt_check(cpu);
    cpu->icount += next->rem;
    if (taken)
        rv_unretire(cpu, next);
    return taken;
}

static int rv_run_64(struct rv_cpu *cpu, uint64_t budget);
static int rv_run_64s(struct rv_cpu *cpu, uint64_t budget);
static int rv_run_32(struct rv_cpu *cpu, uint64_t budget);
static int rv_run_32s(struct rv_cpu *cpu, uint64_t budget);
static int rv_trace_64(struct rv_cpu *cpu, sim_inst *out, int n, int *got);
static int rv_trace_64s(struct rv_cpu *cpu, sim_inst *out, int n, int *got);
static int rv_trace_32(struct rv_cpu *cpu, sim_inst *out, int n, int *got);
static int rv_trace_32s(struct rv_cpu *cpu, sim_inst *out, int n, int *got);

static inline uint32_t unbox(uint64_t v)
{
    return (v >> 32) == 0xffffffffu ? (uint32_t)v : RV_F32_QNAN;
}
#define BOX(v) (0xffffffff00000000ull | (uint64_t)(uint32_t)(v))

#define RV_T_NAME rv_run_64
#define RV_T_XLEN 64
#define RV_T_STRICT 0
#define RV_T_TRACE 0
#include "rv_exec_body.h"

#define RV_T_NAME rv_run_64s
#define RV_T_XLEN 64
#define RV_T_STRICT 1
#define RV_T_TRACE 0
#include "rv_exec_body.h"

#define RV_T_NAME rv_run_32
#define RV_T_XLEN 32
#define RV_T_STRICT 0
#define RV_T_TRACE 0
#include "rv_exec_body.h"

#define RV_T_NAME rv_run_32s
#define RV_T_XLEN 32
#define RV_T_STRICT 1
#define RV_T_TRACE 0
#include "rv_exec_body.h"

#define RV_T_NAME rv_trace_64
#define RV_T_XLEN 64
#define RV_T_STRICT 0
#define RV_T_TRACE 1
#include "rv_exec_body.h"

#define RV_T_NAME rv_trace_64s
#define RV_T_XLEN 64
#define RV_T_STRICT 1
#define RV_T_TRACE 1
#include "rv_exec_body.h"

#define RV_T_NAME rv_trace_32
#define RV_T_XLEN 32
#define RV_T_STRICT 0
#define RV_T_TRACE 1
#include "rv_exec_body.h"

#define RV_T_NAME rv_trace_32s
#define RV_T_XLEN 32
#define RV_T_STRICT 1
#define RV_T_TRACE 1
#include "rv_exec_body.h"

/* Run until budget more instructions retired, an exit, a fault or a stop
 * request. budget 0 only publishes the handler table (cache init). */
int rv_run(struct rv_cpu *cpu, uint64_t budget)
{
    if (cpu->xlen == 32)
        return cpu->mode == RV_MODE_LINUX ? rv_run_32(cpu, budget) : rv_run_32s(cpu, budget);
    return cpu->mode == RV_MODE_LINUX ? rv_run_64(cpu, budget) : rv_run_64s(cpu, budget);
}

int rv_trace(struct rv_cpu *cpu, sim_inst *out, int n, int *got)
{
    if (cpu->xlen == 32)
        return cpu->mode == RV_MODE_LINUX ? rv_trace_32(cpu, out, n, got)
               : rv_trace_32s(cpu, out, n, got);
    return cpu->mode == RV_MODE_LINUX ? rv_trace_64(cpu, out, n, got)
           : rv_trace_64s(cpu, out, n, got);
}
