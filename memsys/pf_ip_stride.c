/* memsys/pf_ip_stride.c - instruction-pointer stride prefetcher (Chen and
 * Baer, "Effective hardware-based data prefetching for high-performance
 * processors", IEEE TC 1995, the reference prediction table without its
 * lookahead PC). A direct-mapped table of `table` entries indexed by the
 * load's pc keeps (pc, last line, stride, confidence 0..3) and trains on
 * every demand access that carries a pc; accesses to the same line as the
 * last are ignored, so sub-line strides train as a stride of one line.
 * When the new stride equals the stored one confidence rises, otherwise the
 * stride is replaced and confidence drops to 0; from confidence 1 (one
 * stride seen twice running) it proposes L + stride*(distance + i) for
 * i < degree. Works on line addresses. */
#include "memsys/prefetch.h"

struct ips_entry {
    uint64_t pc;
    uint64_t last;
    int64_t stride;
    uint32_t conf;
    uint32_t valid;
};

static size_t ips_bytes(const struct pf_cfg *cfg)
{
    return (cfg->table ? cfg->table : 1) * sizeof(struct ips_entry);
}

static int ips_access(void *st, const struct pf_cfg *cfg, uint64_t line, uint64_t pc,
                      bool trigger, uint64_t *out, int max)
{
    struct ips_entry *e = (struct ips_entry *)st + (pc >> 2) % (cfg->table ? cfg->table : 1);
    int64_t d;
    int n = 0;

    if (pc == 0)
        return 0;
    if (!e->valid || e->pc != pc) {
        e->valid = 1;
        e->pc = pc;
        e->last = line;
        e->stride = 0;
        e->conf = 0;
        return 0;
    }
    d = (int64_t)(line - e->last);
    if (d == 0)
        return 0;
    if (d == e->stride) {
        if (e->conf < 3)
            e->conf++;
    } else {
        e->stride = d;
        e->conf = 0;
    }
    e->last = line;
    if (e->conf >= 1)
        for (uint32_t i = 0; i < cfg->degree && n < max; i++)
            out[n++] = line + (uint64_t)(d * (int64_t)(cfg->distance + i));
    return n;
}

const struct pf_policy pf_ip_stride = {
    .name = "ip_stride",
    .doc = "per-pc stride detection (reference prediction table)",
    .state_bytes = ips_bytes,
    .default_table = 64,
    .access = ips_access,
};
