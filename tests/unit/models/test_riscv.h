/* tests/unit/models/test_riscv.h - helpers shared by the test_riscv*.c
 * suites: an encoder for the few RV64I instructions the tests need and a
 * writer of small ELF executables (one PT_LOAD segment, optionally a
 * symbol table with `tohost`), so the tests need no cross compiler. */
#ifndef TEST_RISCV_H
#define TEST_RISCV_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RV_A0 10
#define RV_A1 11
#define RV_T0 5
#define RV_T1 6

static inline uint32_t enc_i(int op, int f3, int rd, int rs1, int imm)
{
    return (uint32_t)(imm & 0xfff) << 20 | (uint32_t)rs1 << 15 | (uint32_t)f3 << 12 |
           (uint32_t)rd << 7 | (uint32_t)op;
}
static inline uint32_t enc_addi(int rd, int rs1, int imm) { return enc_i(0x13, 0, rd, rs1, imm); }
static inline uint32_t enc_auipc(int rd, int imm20) { return (uint32_t)imm20 << 12 | (uint32_t)rd << 7 | 0x17; }
static inline uint32_t enc_ld(int rd, int rs1, int imm) { return enc_i(0x03, 3, rd, rs1, imm); }
static inline uint32_t enc_csrrw(int rd, int csr, int rs1) { return enc_i(0x73, 1, rd, rs1, csr); }
static inline uint32_t enc_csrrs(int rd, int csr, int rs1) { return enc_i(0x73, 2, rd, rs1, csr); }
static inline uint32_t enc_sd(int rs2, int rs1, int imm)
{
    return (uint32_t)(imm >> 5 & 0x7f) << 25 | (uint32_t)rs2 << 20 | (uint32_t)rs1 << 15 |
           3u << 12 | (uint32_t)(imm & 31) << 7 | 0x23;
}
static inline uint32_t enc_branch(int f3, int rs1, int rs2, int off)
{
    return (uint32_t)(off >> 12 & 1) << 31 | (uint32_t)(off >> 5 & 0x3f) << 25 |
           (uint32_t)rs2 << 20 | (uint32_t)rs1 << 15 | (uint32_t)f3 << 12 |
           (uint32_t)(off >> 1 & 15) << 8 | (uint32_t)(off >> 11 & 1) << 7 | 0x63;
}
static inline uint32_t enc_jal(int rd, int off)
{
    return (uint32_t)(off >> 20 & 1) << 31 | (uint32_t)(off >> 1 & 0x3ff) << 21 |
           (uint32_t)(off >> 11 & 1) << 20 | (uint32_t)(off >> 12 & 0xff) << 12 |
           (uint32_t)rd << 7 | 0x6f;
}
#define ENC_MRET 0x30200073u

struct elf_spec {
    int cls;                        /* 32 or 64 */
    uint16_t machine;               /* 243: RISC-V */
    uint16_t type;                  /* 2: ET_EXEC */
    uint64_t entry;
    const uint32_t *code;           /* words at vaddr */
    int ncode;
    uint64_t vaddr, memsz;          /* segment 0 */
    uint64_t vaddr2, memsz2;        /* segment 1 when memsz2 != 0 (no file bytes) */
    int interp;                     /* add a PT_INTERP */
    int64_t tohost;                 /* offset from vaddr of `tohost`, or -1: no symbols */
};

static inline void put16(uint8_t *p, uint64_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline void put32(uint8_t *p, uint64_t v) { put16(p, v); put16(p + 2, v >> 16); }
static inline void put64(uint8_t *p, uint64_t v) { put32(p, v); put32(p + 4, v >> 32); }
static inline void put_xw(uint8_t *p, uint64_t v, int is64) { if (is64) put64(p, v); else put32(p, v); }

/* Build the image into buf (at least 16 KiB); returns its size. */
static inline size_t elf_build(const struct elf_spec *s, uint8_t *buf)
{
    int is64 = s->cls == 64, ehsz = is64 ? 64 : 52, phsz = is64 ? 56 : 32;
    int shsz = is64 ? 64 : 40, symsz = is64 ? 24 : 16;
    int nph = 1 + (s->memsz2 ? 1 : 0) + (s->interp ? 1 : 0);
    size_t code_off = 0x200, end, sym_off, str_off, shstr_off, sh_off;
    static const char strtab[] = "\0tohost";
    static const char shstr[] = "\0.symtab\0.strtab\0.shstrtab";
    uint8_t *ph;
    int k = 0;

    memset(buf, 0, 16384);
    memcpy(buf, "\177ELF", 4);
    buf[4] = is64 ? 2 : 1;
    buf[5] = 1;
    buf[6] = 1;
    put16(buf + 16, s->type);
    put16(buf + 18, s->machine);
    put32(buf + 20, 1);
    put_xw(buf + 24, s->entry, is64);
    put_xw(buf + (is64 ? 32 : 28), (uint64_t)ehsz, is64);      /* e_phoff */
    put16(buf + (is64 ? 52 : 40), (uint64_t)ehsz);
    put16(buf + (is64 ? 54 : 42), (uint64_t)phsz);
    put16(buf + (is64 ? 56 : 44), (uint64_t)nph);
    for (int i = 0; i < s->ncode; i++)
        put32(buf + code_off + 4 * (size_t)i, s->code[i]);
    end = code_off + 4 * (size_t)s->ncode;
#define PH(type, off, va, fsz, msz) do {                                       \
        ph = buf + ehsz + phsz * k++;                                          \
        put32(ph, type);                                                       \
        if (is64) {                                                            \
            put32(ph + 4, 7); put64(ph + 8, off); put64(ph + 16, va);          \
            put64(ph + 24, va); put64(ph + 32, fsz); put64(ph + 40, msz);      \
        } else {                                                               \
            put32(ph + 4, off); put32(ph + 8, va); put32(ph + 12, va);         \
            put32(ph + 16, fsz); put32(ph + 20, msz); put32(ph + 24, 7);       \
        }                                                                      \
    } while (0)
    PH(1, code_off, s->vaddr, 4 * (uint64_t)s->ncode, s->memsz);
    if (s->memsz2)
        PH(1, end, s->vaddr2, 0, s->memsz2);
    if (s->interp) {
        memcpy(buf + end, "/lib/ld.so.1", 13);
        PH(3, end, 0, 13, 13);
        end += 13;
    }
#undef PH
    if (s->tohost < 0)
        return end;
    end = (end + 7) & ~(size_t)7;
    sym_off = end;
    /* symbol 1: tohost */
    put32(buf + sym_off + symsz, 1);
    if (is64) {
        buf[sym_off + symsz + 4] = 0x11;            /* GLOBAL OBJECT */
        put16(buf + sym_off + symsz + 6, 1);
        put64(buf + sym_off + symsz + 8, s->vaddr + (uint64_t)s->tohost);
        put64(buf + sym_off + symsz + 16, 8);
    } else {
        put32(buf + sym_off + symsz + 4, s->vaddr + (uint64_t)s->tohost);
        put32(buf + sym_off + symsz + 8, 8);
        buf[sym_off + symsz + 12] = 0x11;
        put16(buf + sym_off + symsz + 14, 1);
    }
    str_off = sym_off + 2 * (size_t)symsz;
    memcpy(buf + str_off, strtab, sizeof strtab);
    shstr_off = str_off + sizeof strtab;
    memcpy(buf + shstr_off, shstr, sizeof shstr);
    sh_off = (shstr_off + sizeof shstr + 7) & ~(size_t)7;
    put_xw(buf + (is64 ? 40 : 32), sh_off, is64);                 /* e_shoff */
    put16(buf + (is64 ? 58 : 46), (uint64_t)shsz);
    put16(buf + (is64 ? 60 : 48), 4);
    put16(buf + (is64 ? 62 : 50), 3);
    {
        uint8_t *sh;
#define SH(i, name, type, off, size, link, entsz) do {                         \
        sh = buf + sh_off + (size_t)shsz * (i);                                \
        put32(sh, name); put32(sh + 4, type);                                  \
        put_xw(sh + (is64 ? 24 : 16), off, is64);                                \
        put_xw(sh + (is64 ? 32 : 20), size, is64);                               \
        put32(sh + (is64 ? 40 : 24), link);                                    \
        put_xw(sh + (is64 ? 56 : 36), entsz, is64);                              \
    } while (0)
        SH(1, 1, 2, sym_off, 2 * (uint64_t)symsz, 2, (uint64_t)symsz);
        SH(2, 9, 3, str_off, sizeof strtab, 0, 0);
        SH(3, 17, 3, shstr_off, sizeof shstr, 0, 0);
#undef SH
    }
    return sh_off + 4 * (size_t)shsz;
}

/* Write an image to a fresh temporary file; returns its path (static buffer
 * of the caller). */
static inline int elf_write_tmp(const uint8_t *img, size_t n, char *path, size_t pathn)
{
    int fd;

    snprintf(path, pathn, "/tmp/archsim_rvtest_XXXXXX");
    fd = mkstemp(path);
    if (fd < 0)
        return -1;
    if (write(fd, img, n) != (ssize_t)n) {
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* A bare-metal program at 0x80000000 that stores (code << 1) | 1 to
 * tohost (at +0x800). */
static inline size_t elf_exit_prog(uint8_t *buf, int code)
{
    static uint32_t words[8];
    struct elf_spec s = { 64, 243, 2, 0x80000000, words, 0, 0x80000000, 0x1000, 0, 0, 0, 0x800 };
    int n = 0;

    words[n++] = enc_auipc(RV_T0, 0);
    words[n++] = enc_addi(RV_T0, RV_T0, 0x7ff);
    words[n++] = enc_addi(RV_T0, RV_T0, 1);
    words[n++] = enc_addi(RV_T1, 0, (code << 1) | 1);
    words[n++] = enc_sd(RV_T1, RV_T0, 0);
    words[n++] = enc_jal(0, 0);
    s.ncode = n;
    return elf_build(&s, buf);
}

#endif
