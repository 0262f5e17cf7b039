/* models/riscv/rv_elf.h - the ELF32/ELF64 RISC-V executable loader. */
#ifndef MODELS_RISCV_RV_ELF_H
#define MODELS_RISCV_RV_ELF_H

#include <stddef.h>
#include <stdint.h>

#define RV_ELF_MAX_SEGS 16

struct rv_elf {
    int cls;                        /* 32 or 64 */
    uint64_t entry;
    uint64_t phdr;                  /* program headers' address in memory (0: not loaded) */
    uint32_t phnum, phent;
    uint64_t lo, hi;                /* lowest and highest+1 address of the loaded segments */
    uint64_t tohost, fromhost;      /* symbol values, 0 when absent */
    int nseg;
    struct {
        uint64_t vaddr, memsz, filesz, off;
        uint32_t flags;
    } seg[RV_ELF_MAX_SEGS];
};

/* Check an executable image and describe it. xlen: the core's (32 or 64).
 * Returns 0, or -1 with a one-line reason in err. */
int rv_elf_parse(const uint8_t *img, size_t size, int xlen, struct rv_elf *out, char *err,
                 size_t errn);

#endif
