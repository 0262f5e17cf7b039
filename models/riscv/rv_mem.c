/* models/riscv/rv_mem.c - the slow memory paths of the RISC-V model: Sv39
 * (RV64) and Sv32 (RV32) address translation with a software TLB and
 * hardware update of the accessed/dirty bits (Privileged spec 4.3-4.4), PMP
 * checks (3.7), MPRV, misaligned-access traps, the CLINT (msip, mtimecmp,
 * mtime at 0x2000000) and the HTIF tohost/fromhost mailbox used by
 * bare-metal programs. Linux user mode has none of these: its guest memory
 * is one flat region and misaligned accesses simply work, as on Linux.
 * With several harts (threads), a store by one breaks the LR reservations
 * the others hold on its 64-byte line: a hart that stops running with a
 * reservation marks the page (RV_PG_RESV), so that stores there take the
 * slow path while it may matter.
 * Not modelled: Svnapot, Svpbmt, Sv48/57, PMA attributes, the PLIC, the
 * cost of a page-table walk (this is a functional model). */
#include <string.h>
#include <unistd.h>
#include "rv.h"

#define CLINT_BASE 0x2000000ull
#define CLINT_SIZE 0x10000ull

#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_A 0x40
#define PTE_D 0x80

#define MSTATUS_MPRV (1ull << 17)
#define MSTATUS_SUM (1ull << 18)
#define MSTATUS_MXR (1ull << 19)

void *rv_ram_ptr(struct rv_cpu *cpu, uint64_t pa, uint64_t n)
{
    uint64_t o = pa - cpu->ram_base;

    if (pa < cpu->ram_base || o >= cpu->ram_size || n > cpu->ram_size - o)
        return NULL;
    return cpu->ram + o;
}

void rv_tlb_flush(struct rv_cpu *cpu)
{
    memset(cpu->tlb, 0, sizeof(cpu->tlb));
}

static int satp_mode_on(const struct rv_cpu *cpu)
{
    if (cpu->xlen == 32)
        return (int)(cpu->satp >> 31) & 1;
    return (cpu->satp >> 60) == 8;
}

static int data_priv(const struct rv_cpu *cpu)
{
    if (cpu->priv == 3 && (cpu->mstatus & MSTATUS_MPRV))
        return (int)(cpu->mstatus >> 11) & 3;
    return cpu->priv;
}

static bool pmp_locked_any(const struct rv_cpu *cpu)
{
    for (int k = 0; k < cpu->pmp_n; k++)
        if (cpu->pmpcfg[k] & 0x80)
            return true;
    return false;
}

void rv_mem_update(struct rv_cpu *cpu)
{
    int dp, ctx;
    bool vm, locked;

    if (cpu->mode == RV_MODE_LINUX) {
        cpu->mspan = cpu->ram_size;
        cpu->fetch_key = 0;
        return;
    }
    dp = data_priv(cpu);
    vm = satp_mode_on(cpu);
    locked = pmp_locked_any(cpu);
    if (dp == 3)
        cpu->mspan = locked ? 0 : cpu->ram_size;
    else
        cpu->mspan = (!vm && cpu->pmp_n == 0) ? cpu->ram_size : 0;
    if (cpu->priv == 3)
        ctx = locked ? 3 : 0;
    else if (!vm && cpu->pmp_n == 0)
        ctx = 0;
    else
        ctx = cpu->priv + 1;
    cpu->fetch_key = (uint64_t)ctx << 56;
}

/* PMP: may priv access [pa, pa + n) for acc? (Privileged spec 3.7.1) */
static bool pmp_ok(struct rv_cpu *cpu, uint64_t pa, uint64_t n, int acc, int priv)
{
    static const uint8_t need[3] = { 0x4, 0x1, 0x2 };   /* X, R, W */

    for (int k = 0; k < cpu->pmp_n; k++) {
        uint8_t cfg = cpu->pmpcfg[k];
        int a = (cfg >> 3) & 3;
        uint64_t lo, hi;

        if (a == 0)
            continue;
        if (a == 1) {               /* TOR */
            lo = k ? cpu->pmpaddr[k - 1] << 2 : 0;
            hi = cpu->pmpaddr[k] << 2;
        } else if (a == 2) {        /* NA4 */
            lo = cpu->pmpaddr[k] << 2;
            hi = lo + 4;
        } else {                    /* NAPOT */
            uint64_t v = cpu->pmpaddr[k];
            int t = __builtin_ctzll(~v);

            if (t >= 62) {
                lo = 0;
                hi = ~0ull;
            } else {
                lo = (v & ~((1ull << t) - 1)) << 2;
                hi = lo + (1ull << (t + 3));
            }
        }
        if (pa + n <= lo || pa >= hi)
            continue;
        if (pa < lo || pa + n > hi)
            return false;           /* partial match fails */
        if (priv == 3 && !(cfg & 0x80))
            return true;
        return (cfg & need[acc]) != 0;
    }
    return priv == 3 || cpu->pmp_n == 0;
}

static const int page_fault[3] = { RV_EXC_IPAGE, RV_EXC_LPAGE, RV_EXC_SPAGE };
static const int access_fault[3] = { RV_EXC_IACCESS, RV_EXC_LACCESS, RV_EXC_SACCESS };

static bool leaf_ok(const struct rv_cpu *cpu, uint64_t pte, int acc, int priv)
{
    if (priv == 0 && !(pte & PTE_U))
        return false;
    if (priv == 1 && (pte & PTE_U) && (acc == RV_ACC_FETCH || !(cpu->mstatus & MSTATUS_SUM)))
        return false;
    if (acc == RV_ACC_FETCH)
        return pte & PTE_X;
    if (acc == RV_ACC_LOAD)
        return (pte & PTE_R) || ((cpu->mstatus & MSTATUS_MXR) && (pte & PTE_X));
    return pte & PTE_W;
}

/* Virtual to physical; 0 or an exception cause + 1. */
static int translate(struct rv_cpu *cpu, uint64_t va, int acc, int priv, uint64_t *pa)
{
    int levels = cpu->xlen == 32 ? 2 : 3, ptesize = cpu->xlen == 32 ? 4 : 8;
    int vbits = cpu->xlen == 32 ? 10 : 9;
    uint64_t vpn = va >> 12, a, pte = 0, pte_pa = 0;
    struct rv_tlb *t;
    int lvl;

    if (priv == 3 || !satp_mode_on(cpu)) {
        *pa = cpu->xlen == 32 ? (va & 0xffffffffull) : va;
        return 0;
    }
    if (cpu->xlen == 64 && ((int64_t)(va << 25) >> 25) != (int64_t)va)
        return page_fault[acc] + 1;
    t = &cpu->tlb[acc][vpn & (RV_TLB_SIZE - 1)];
    if (t->vpn == (vpn << 1 | 1) && leaf_ok(cpu, t->perm, acc, priv) &&
        (acc != RV_ACC_STORE || (t->perm & PTE_D))) {
        *pa = t->ppn << 12 | (va & 0xfff);
        return 0;
    }
    a = (cpu->xlen == 32 ? cpu->satp & 0x3fffff : cpu->satp & ((1ull << 44) - 1)) << 12;
    for (lvl = levels - 1;; lvl--) {
        uint64_t idx = (vpn >> (lvl * vbits)) & ((1u << vbits) - 1);
        void *p;

        pte_pa = a + idx * (uint64_t)ptesize;
        p = rv_ram_ptr(cpu, pte_pa, (uint64_t)ptesize);
        if (!p || !pmp_ok(cpu, pte_pa, (uint64_t)ptesize, RV_ACC_LOAD, 1))
            return access_fault[acc] + 1;
        if (ptesize == 4) {
            uint32_t v;

            memcpy(&v, p, 4);
            pte = v;
        } else {
            memcpy(&pte, p, 8);
        }
        if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)))
            return page_fault[acc] + 1;
        if (ptesize == 8 && (pte >> 54))
            return page_fault[acc] + 1;     /* reserved / Svpbmt / Svnapot bits */
        if (pte & (PTE_R | PTE_X))
            break;
        if (lvl == 0)
            return page_fault[acc] + 1;
        a = ((pte >> 10) & ((1ull << 44) - 1)) << 12;
        if (ptesize == 4)
            a &= 0xfffffffffull;
    }
    if (!leaf_ok(cpu, pte, acc, priv))
        return page_fault[acc] + 1;
    {
        uint64_t ppn = (pte >> 10) & ((1ull << 44) - 1);
        uint64_t lowmask = (1ull << (lvl * vbits)) - 1;

        if (ppn & lowmask)
            return page_fault[acc] + 1;     /* misaligned superpage */
        ppn |= vpn & lowmask;
        if (!(pte & PTE_A) || (acc == RV_ACC_STORE && !(pte & PTE_D))) {
            void *p = rv_ram_ptr(cpu, pte_pa, (uint64_t)ptesize);

            pte |= PTE_A | (acc == RV_ACC_STORE ? PTE_D : 0);
            if (ptesize == 4) {
                uint32_t v = (uint32_t)pte;

                memcpy(p, &v, 4);
            } else {
                memcpy(p, &pte, 8);
            }
        }
        t->vpn = vpn << 1 | 1;
        t->ppn = ppn;
        t->perm = (uint8_t)pte;
        *pa = ppn << 12 | (va & 0xfff);
    }
    return 0;
}

/* Translate and check an access of n bytes; 0 or an exception cause + 1. */
static int access_pa(struct rv_cpu *cpu, uint64_t va, uint64_t n, int acc, uint64_t *pa)
{
    int priv = acc == RV_ACC_FETCH ? cpu->priv : data_priv(cpu);
    int c = translate(cpu, va, acc, priv, pa);

    if (c)
        return c;
    if (!pmp_ok(cpu, *pa, n, acc, priv))
        return access_fault[acc] + 1;
    return 0;
}

static void update_mtip(struct rv_cpu *cpu)
{
    if (rv_mtime(cpu) >= cpu->mtimecmp)
        cpu->mip |= 1ull << 7;
    else
        cpu->mip &= ~(1ull << 7);
}

static int clint_read(struct rv_cpu *cpu, uint64_t off, int size, uint64_t *out)
{
    uint64_t v;

    if (off < 4)
        v = cpu->msip;
    else if (off >= 0x4000 && off < 0x4008)
        v = cpu->mtimecmp >> ((off - 0x4000) * 8);
    else if (off >= 0xbff8 && off < 0xc000)
        v = rv_mtime(cpu) >> ((off - 0xbff8) * 8);
    else
        return -1;
    if (size < 8)
        v &= (1ull << (size * 8)) - 1;
    *out = v;
    return 0;
}

static int clint_write(struct rv_cpu *cpu, uint64_t off, int size, uint64_t val)
{
    uint64_t mask = size == 8 ? ~0ull : (1ull << (size * 8)) - 1;

    if (off < 4) {
        cpu->msip = (uint32_t)val & 1;
        if (cpu->msip)
            cpu->mip |= 1ull << 3;
        else
            cpu->mip &= ~(1ull << 3);
    } else if (off >= 0x4000 && off < 0x4008) {
        int sh = (int)(off - 0x4000) * 8;

        cpu->mtimecmp = (cpu->mtimecmp & ~(mask << sh)) | ((val & mask) << sh);
        update_mtip(cpu);
    } else if (off >= 0xbff8 && off < 0xc000) {
        int sh = (int)(off - 0xbff8) * 8;
        uint64_t now = rv_mtime(cpu);
        uint64_t want = (now & ~(mask << sh)) | ((val & mask) << sh);

        cpu->mtime_off += want - now;
        update_mtip(cpu);
    } else {
        return -1;
    }
    cpu->check_at = 0;              /* the interrupt state may have changed */
    return 0;
}

/* HTIF: the guest wrote tohost. */
static void htif(struct rv_cpu *cpu)
{
    uint64_t *th = rv_ram_ptr(cpu, cpu->tohost, 8), v, dev, cmd, payload;
    uint64_t *fh = cpu->fromhost ? rv_ram_ptr(cpu, cpu->fromhost, 8) : NULL;

    if (!th || !(v = *th))
        return;
    dev = v >> 56;
    cmd = (v >> 48) & 0xff;
    payload = v & ((1ull << 48) - 1);
    *th = 0;
    if (dev == 0 && cmd == 0) {
        if (payload & 1) {
            cpu->exit_code = (int)(payload >> 1);
            cpu->stop_req = RV_RUN_EXIT;
            cpu->check_at = 0;
            return;
        }
        /* proxied system call: magic_mem[0] = number, [1..3] = arguments */
        uint64_t *mm = rv_ram_ptr(cpu, payload, 64);

        if (!mm) {
            rv_fault(cpu, "tohost: system call block at 0x%llx is outside memory",
                     (unsigned long long)payload);
            return;
        }
        if (mm[0] == 64) {          /* write(fd, buf, len) */
            void *buf = rv_ram_ptr(cpu, mm[2], mm[3]);
            int fd = mm[1] == 2 ? cpu->err_fd : cpu->out_fd;

            mm[0] = buf && write(fd, buf, mm[3]) == (ssize_t)mm[3] ? mm[3] : (uint64_t)-14;
        } else if (mm[0] == 93) {   /* exit(code) */
            cpu->exit_code = (int)mm[1];
            cpu->stop_req = RV_RUN_EXIT;
            cpu->check_at = 0;
            return;
        } else {
            rv_fault(cpu, "tohost: unsupported proxied system call %llu",
                     (unsigned long long)mm[0]);
            return;
        }
        if (fh)
            *fh = 1;
    } else if (dev == 1 && cmd == 1) {
        char ch = (char)payload;

        if (write(cpu->out_fd, &ch, 1) != 1)
            rv_fault(cpu, "tohost: console write failed");
        if (fh)
            *fh = (dev << 56) | (cmd << 48);
    } else if (dev == 1 && cmd == 0) {
        if (fh)
            *fh = (dev << 56) | (cmd << 48) | 0xffff;   /* no console input */
    }
}

static void raise_at(struct rv_cpu *cpu, const struct rv_insn *i, int cause, uint64_t tval)
{
    rv_exception(cpu, i, cause, tval);
}

int rv_load_slow(struct rv_cpu *cpu, const struct rv_insn *i, uint64_t va, int size,
                 uint64_t *out)
{
    uint64_t pa, v = 0;
    void *p;
    int c;

    if (cpu->mode == RV_MODE_LINUX) {
        p = rv_ram_ptr(cpu, va, (uint64_t)size);
        if (!p) {
            raise_at(cpu, i, RV_EXC_LACCESS, va);
            return 1;
        }
        memcpy(&v, p, (size_t)size);
        *out = v;
        return 0;
    }
    if (va & (uint64_t)(size - 1)) {
        raise_at(cpu, i, RV_EXC_LADDR_MISALIGN, va);
        return 1;
    }
    c = access_pa(cpu, va, (uint64_t)size, RV_ACC_LOAD, &pa);
    if (c) {
        raise_at(cpu, i, c - 1, va);
        return 1;
    }
    p = rv_ram_ptr(cpu, pa, (uint64_t)size);
    if (p) {
        memcpy(&v, p, (size_t)size);
        *out = v;
        return 0;
    }
    if (pa >= CLINT_BASE && pa - CLINT_BASE < CLINT_SIZE &&
        clint_read(cpu, pa - CLINT_BASE, size, out) == 0)
        return 0;
    raise_at(cpu, i, RV_EXC_LACCESS, va);
    return 1;
}

/* Multi-hart: a store to [pa, pa + n) by cpu (or by the host for it) breaks
 * the LR reservations other harts hold on the lines it touches; the page
 * leaves the slow path once nobody holds one there. */
static void break_resv(struct rv_cpu *cpu, uint64_t pa, uint64_t n)
{
    struct rv_space *as = cpu->as;
    uint64_t lo = pa >> 6, hi = (pa + n - 1) >> 6, p0 = (pa - cpu->ram_base) >> 12;
    uint64_t p1 = (pa + n - 1 - cpu->ram_base) >> 12;
    bool left = false;

    for (int h = 0; h < as->nharts; h++) {
        struct rv_cpu *o = as->harts[h];
        uint64_t line = o->resv_addr >> 6, pg = (o->resv_addr - cpu->ram_base) >> 12;

        if (!o->resv_valid)
            continue;
        if (o != cpu && line >= lo && line <= hi)
            o->resv_valid = false;
        else if (pg >= p0 && pg <= p1)
            left = true;
    }
    if (!left)
        for (uint64_t p = p0; p <= p1 && p < as->pagelist_n; p++)
            cpu->pagemap[p] &= (uint8_t)~RV_PG_RESV;
}

void rv_resv_watch(struct rv_cpu *cpu)
{
    uint64_t o = cpu->resv_addr - cpu->ram_base;

    if (cpu->resv_valid && cpu->pagemap && cpu->resv_addr >= cpu->ram_base &&
        o < cpu->ram_size)
        cpu->pagemap[o >> 12] |= RV_PG_RESV;
}

static void after_store(struct rv_cpu *cpu, uint64_t pa, int size)
{
    uint64_t o = pa - cpu->ram_base;
    uint8_t pg;

    if (!cpu->pagemap)
        return;
    pg = cpu->pagemap[o >> 12] | cpu->pagemap[(o + (uint64_t)size - 1) >> 12];
    if (RV_UNLIKELY(pg & RV_PG_RESV))
        break_resv(cpu, pa, (uint64_t)size);
    if (pg & RV_PG_CODE)
        rv_cache_invalidate(cpu, pa, (uint64_t)size);
    if (cpu->tohost && pa < cpu->tohost + 8 && cpu->tohost < pa + (uint64_t)size)
        htif(cpu);
}

int rv_store_slow(struct rv_cpu *cpu, const struct rv_insn *i, uint64_t va, int size,
                  uint64_t val)
{
    uint64_t pa;
    void *p;
    int c;

    if (cpu->mode == RV_MODE_LINUX) {
        p = rv_ram_ptr(cpu, va, (uint64_t)size);
        if (!p) {
            raise_at(cpu, i, RV_EXC_SACCESS, va);
            return 1;
        }
        memcpy(p, &val, (size_t)size);
        after_store(cpu, va, size);
        return 0;
    }
    if (va & (uint64_t)(size - 1)) {
        raise_at(cpu, i, RV_EXC_SADDR_MISALIGN, va);
        return 1;
    }
    c = access_pa(cpu, va, (uint64_t)size, RV_ACC_STORE, &pa);
    if (c) {
        raise_at(cpu, i, c - 1, va);
        return 1;
    }
    p = rv_ram_ptr(cpu, pa, (uint64_t)size);
    if (p) {
        memcpy(p, &val, (size_t)size);
        after_store(cpu, pa, size);
        return cpu->stop_req ? 2 : 0;
    }
    if (pa >= CLINT_BASE && pa - CLINT_BASE < CLINT_SIZE &&
        clint_write(cpu, pa - CLINT_BASE, size, val) == 0)
        return 2;
    raise_at(cpu, i, RV_EXC_SACCESS, va);
    return 1;
}

void *rv_amo_ptr(struct rv_cpu *cpu, const struct rv_insn *i, uint64_t va, int size, int acc)
{
    uint64_t pa = va;
    void *p;
    int c;

    if (va & (uint64_t)(size - 1)) {
        raise_at(cpu, i, acc == RV_ACC_LOAD ? RV_EXC_LADDR_MISALIGN : RV_EXC_SADDR_MISALIGN,
                 va);
        return NULL;
    }
    if (cpu->mode != RV_MODE_LINUX) {
        c = access_pa(cpu, va, (uint64_t)size, acc, &pa);
        if (c) {
            raise_at(cpu, i, c - 1, va);
            return NULL;
        }
    }
    p = rv_ram_ptr(cpu, pa, (uint64_t)size);
    if (!p) {
        raise_at(cpu, i, acc == RV_ACC_LOAD ? RV_EXC_LACCESS : RV_EXC_SACCESS, va);
        return NULL;
    }
    if (acc == RV_ACC_STORE)
        after_store(cpu, pa, size);     /* before the write: blocks are dropped, tohost
                                           sees the old value only for AMOs */
    return p;
}

int rv_fetch16(struct rv_cpu *cpu, uint64_t va, uint16_t *out, uint64_t *pa_out)
{
    uint64_t pa = va;
    void *p;
    int c;

    if (cpu->mode != RV_MODE_LINUX) {
        c = access_pa(cpu, va, 2, RV_ACC_FETCH, &pa);
        if (c)
            return c;
    }
    p = rv_ram_ptr(cpu, pa, 2);
    if (!p)
        return RV_EXC_IACCESS + 1;
    memcpy(out, p, 2);
    *pa_out = pa;
    return 0;
}

/* The host (a system call) wrote guest memory [a, a + n). */
void rv_host_wrote(struct rv_cpu *cpu, uint64_t a, uint64_t n)
{
    uint64_t o, p0, p1;

    if (!n || !cpu->pagemap || a < cpu->ram_base)
        return;
    o = a - cpu->ram_base;
    p0 = o >> 12;
    p1 = (o + n - 1) >> 12;
    for (uint64_t p = p0; cpu->as->nharts > 1 && p <= p1 && p < cpu->as->pagelist_n; p++) {
        if (cpu->pagemap[p] & RV_PG_RESV) {
            break_resv(cpu, a, n);
            break;
        }
    }
    for (uint64_t p = p0; p <= p1 && p < cpu->as->pagelist_n; p++) {
        if (cpu->pagemap[p] & RV_PG_CODE) {
            rv_cache_invalidate(cpu, a, n);
            return;
        }
    }
}
