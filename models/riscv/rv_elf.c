/* models/riscv/rv_elf.c - parses little-endian ELF32/ELF64 RISC-V
 * executables (System V gABI, RISC-V ELF psABI): header, program headers
 * (PT_LOAD segments, PT_PHDR), and the symbol table for the HTIF symbols
 * tohost and fromhost. Every offset and size is checked against the file
 * before use, so a truncated or hostile file gives an error, never a crash.
 * Rejected with a reason: not ELF, wrong class, big-endian, wrong machine,
 * not an executable, dynamically linked (PT_INTERP), truncated headers or
 * segments, overlapping segments. The caller places the segments. Not
 * supported: position-independent executables (ET_DYN), relocations. */
#include <stdio.h>
#include <string.h>
#include "rv_elf.h"

#define EM_RISCV 243
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_PHDR 6
#define SHT_SYMTAB 2

static uint64_t rd(const uint8_t *p, int n)
{
    uint64_t v = 0;

    for (int k = n - 1; k >= 0; k--)
        v = v << 8 | p[k];
    return v;
}

/* [off, off + n) inside the file? */
static int inside(size_t size, uint64_t off, uint64_t n)
{
    return off <= size && n <= size - off;
}

static void find_symbols(const uint8_t *img, size_t size, int is64, struct rv_elf *e)
{
    uint64_t shoff = rd(img + (is64 ? 0x28 : 0x20), is64 ? 8 : 4);
    uint32_t shentsize = (uint32_t)rd(img + (is64 ? 0x3a : 0x2e), 2);
    uint32_t shnum = (uint32_t)rd(img + (is64 ? 0x3c : 0x30), 2);

    if (!shoff || shentsize < (is64 ? 64u : 40u) || !inside(size, shoff, (uint64_t)shnum * shentsize))
        return;
    for (uint32_t s = 0; s < shnum; s++) {
        const uint8_t *sh = img + shoff + (uint64_t)s * shentsize;
        uint32_t type = (uint32_t)rd(sh + 4, 4), link;
        uint64_t off, sz, entsz, stroff, strsz;

        if (type != SHT_SYMTAB)
            continue;
        off = rd(sh + (is64 ? 0x18 : 0x10), is64 ? 8 : 4);
        sz = rd(sh + (is64 ? 0x20 : 0x14), is64 ? 8 : 4);
        link = (uint32_t)rd(sh + (is64 ? 0x28 : 0x18), 4);
        entsz = rd(sh + (is64 ? 0x38 : 0x24), is64 ? 8 : 4);
        if (link >= shnum || entsz < (is64 ? 24u : 16u) || !inside(size, off, sz))
            continue;
        {
            const uint8_t *strh = img + shoff + (uint64_t)link * shentsize;

            stroff = rd(strh + (is64 ? 0x18 : 0x10), is64 ? 8 : 4);
            strsz = rd(strh + (is64 ? 0x20 : 0x14), is64 ? 8 : 4);
        }
        if (!inside(size, stroff, strsz))
            continue;
        for (uint64_t k = 0; k + entsz <= sz; k += entsz) {
            const uint8_t *sym = img + off + k;
            uint32_t name = (uint32_t)rd(sym, 4);
            uint64_t val = is64 ? rd(sym + 8, 8) : rd(sym + 4, 4);
            const char *nm;

            if (name >= strsz)
                continue;
            nm = (const char *)img + stroff + name;
            if (strnlen(nm, strsz - name) == strsz - name)
                continue;           /* not NUL-terminated inside the table */
            if (!strcmp(nm, "tohost"))
                e->tohost = val;
            else if (!strcmp(nm, "fromhost"))
                e->fromhost = val;
        }
    }
}

int rv_elf_parse(const uint8_t *img, size_t size, int xlen, struct rv_elf *e, char *err,
                 size_t errn)
{
    int is64;
    uint32_t type, machine, phentsize, phnum;
    uint64_t phoff;

    memset(e, 0, sizeof(*e));
    if (size < 16 || memcmp(img, "\177ELF", 4) != 0) {
        snprintf(err, errn, "not an ELF file%s", size < 16 ? " (too short)" : "");
        return -1;
    }
    if (img[4] != 1 && img[4] != 2) {
        snprintf(err, errn, "bad ELF class %d", img[4]);
        return -1;
    }
    is64 = img[4] == 2;
    e->cls = is64 ? 64 : 32;
    if (img[5] != 1) {
        snprintf(err, errn, "big-endian ELF; RISC-V executables are little-endian");
        return -1;
    }
    if (size < (is64 ? 64u : 52u)) {
        snprintf(err, errn, "truncated ELF header (%zu bytes)", size);
        return -1;
    }
    type = (uint32_t)rd(img + 16, 2);
    machine = (uint32_t)rd(img + 18, 2);
    if (machine != EM_RISCV) {
        snprintf(err, errn, "wrong machine: e_machine %u, expected %u (RISC-V)", machine,
                 EM_RISCV);
        return -1;
    }
    if (e->cls != xlen) {
        snprintf(err, errn, "ELF class is %d-bit but the core has xlen %d", e->cls, xlen);
        return -1;
    }
    if (type == 3) {
        snprintf(err, errn, "position-independent executable (ET_DYN) is not supported; "
                 "link with -static -no-pie");
        return -1;
    }
    if (type != 2) {
        snprintf(err, errn, "not an executable (e_type %u)", type);
        return -1;
    }
    e->entry = rd(img + 24, is64 ? 8 : 4);
    phoff = rd(img + (is64 ? 32 : 28), is64 ? 8 : 4);
    phentsize = (uint32_t)rd(img + (is64 ? 54 : 42), 2);
    phnum = (uint32_t)rd(img + (is64 ? 56 : 44), 2);
    if (phentsize < (is64 ? 56u : 32u) || phnum == 0) {
        snprintf(err, errn, "no usable program headers (phentsize %u, phnum %u)", phentsize,
                 phnum);
        return -1;
    }
    if (!inside(size, phoff, (uint64_t)phentsize * phnum)) {
        snprintf(err, errn, "truncated: program headers at offset %llu extend past the end "
                 "of the file (%zu bytes)", (unsigned long long)phoff, size);
        return -1;
    }
    e->phnum = phnum;
    e->phent = phentsize;
    e->lo = ~0ull;
    for (uint32_t k = 0; k < phnum; k++) {
        const uint8_t *ph = img + phoff + (uint64_t)k * phentsize;
        uint32_t pt = (uint32_t)rd(ph, 4);
        uint64_t off, va, fsz, msz;
        uint32_t flags;

        if (is64) {
            flags = (uint32_t)rd(ph + 4, 4);
            off = rd(ph + 8, 8);
            va = rd(ph + 16, 8);
            fsz = rd(ph + 32, 8);
            msz = rd(ph + 40, 8);
        } else {
            off = rd(ph + 4, 4);
            va = rd(ph + 8, 4);
            fsz = rd(ph + 16, 4);
            msz = rd(ph + 20, 4);
            flags = (uint32_t)rd(ph + 24, 4);
        }
        if (pt == PT_INTERP) {
            char interp[128] = "";

            if (inside(size, off, fsz) && fsz > 0)
                snprintf(interp, sizeof interp, " %.*s", (int)(fsz < 100 ? fsz : 100),
                         (const char *)img + off);
            snprintf(err, errn, "dynamically linked program (interpreter%s); link it with "
                     "-static", interp);
            return -1;
        }
        if (pt == PT_PHDR)
            e->phdr = va;
        if (pt != PT_LOAD || msz == 0)
            continue;
        if (fsz > msz) {
            snprintf(err, errn, "segment %u: file size %llu exceeds memory size %llu", k,
                     (unsigned long long)fsz, (unsigned long long)msz);
            return -1;
        }
        if (!inside(size, off, fsz)) {
            snprintf(err, errn, "truncated: segment %u (offset %llu, %llu bytes) extends past "
                     "the end of the file (%zu bytes)", k, (unsigned long long)off,
                     (unsigned long long)fsz, size);
            return -1;
        }
        if (va + msz < va || (!is64 && va + msz > 0x100000000ull)) {
            snprintf(err, errn, "segment %u wraps around the address space", k);
            return -1;
        }
        if (e->nseg >= RV_ELF_MAX_SEGS) {
            snprintf(err, errn, "more than %d loadable segments", RV_ELF_MAX_SEGS);
            return -1;
        }
        for (int j = 0; j < e->nseg; j++) {
            if (va < e->seg[j].vaddr + e->seg[j].memsz && e->seg[j].vaddr < va + msz) {
                snprintf(err, errn, "segments overlap: [0x%llx, 0x%llx) and [0x%llx, 0x%llx)",
                         (unsigned long long)e->seg[j].vaddr,
                         (unsigned long long)(e->seg[j].vaddr + e->seg[j].memsz),
                         (unsigned long long)va, (unsigned long long)(va + msz));
                return -1;
            }
        }
        e->seg[e->nseg].vaddr = va;
        e->seg[e->nseg].memsz = msz;
        e->seg[e->nseg].filesz = fsz;
        e->seg[e->nseg].off = off;
        e->seg[e->nseg].flags = flags;
        e->nseg++;
        if (va < e->lo)
            e->lo = va;
        if (va + msz > e->hi)
            e->hi = va + msz;
        if (!e->phdr && phoff >= off && phoff + (uint64_t)phentsize * phnum <= off + fsz)
            e->phdr = va + (phoff - off);
    }
    if (!e->nseg) {
        snprintf(err, errn, "no loadable segments");
        return -1;
    }
    find_symbols(img, size, is64, e);
    return 0;
}
