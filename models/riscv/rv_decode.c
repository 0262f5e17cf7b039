/* models/riscv/rv_decode.c - the instruction decoder: the extension tables
 * (rv64i.c, rv64m.c, ...) are bucketed by major opcode, a word is matched
 * against the few rows of its bucket, and the row's format extracts the
 * operands into a pre-decoded rv_insn. Compressed instructions come out as
 * the 32-bit operation they expand to (Unprivileged spec 16.8). An RV32
 * decoder maps the operations whose RV32 semantics equal the RV64 "W" forms
 * on sign-extended registers (add -> addw, ...) so the executor needs no XLEN
 * test. Decoding happens once per instruction per translation; this file is
 * not on the hot path. */
#include <string.h>
#include <stdio.h>
#include "rv.h"

const struct rv_opinfo rv_opinfo[RV_OP_COUNT] = {
#define RV_OP_INFO_(n, c, f, s) [RV_OP_##n] = { #n, c, f, s },
    RV_OPS(RV_OP_INFO_)
#undef RV_OP_INFO_
};

static const struct rv_ext *const all_ext[] = {
    &rv_ext_i, &rv_ext_m, &rv_ext_a, &rv_ext_f, &rv_ext_d, &rv_ext_c,
};

int rv_rows_all(const struct rv_row **out, int max)
{
    int n = 0;

    for (int e = 0; e < SIM_COUNT(all_ext); e++)
        for (int r = 0; r < all_ext[e]->n && n < max; r++)
            out[n++] = &all_ext[e]->rows[r];
    return n;
}

static int bucket_of(uint32_t match)
{
    if ((match & 3) == 3)
        return (int)(match & 0x7f);
    return 128 + (int)(((match & 3) << 3) | ((match >> 13) & 7));
}

/* Parse "rv64imafdc", "rv64gc", "rv32imac_zicsr_zifencei"; "" means GC. */
static int parse_isa(const char *isa, int xlen, char *has, char *err, size_t errn)
{
    const char *p = isa;
    char pre[8];

    if (!isa || !*isa) {
        strcpy(has, "imafdc");
        return 0;
    }
    snprintf(pre, sizeof pre, "rv%d", xlen);
    if (strncasecmp(p, pre, 4) != 0) {
        snprintf(err, errn, "isa '%s' does not start with '%s' (xlen is %d)", isa, pre, xlen);
        return -1;
    }
    has[0] = 0;
    for (p += 4; *p && *p != '_'; p++) {
        char c = (char)(*p | 0x20);

        if (c == 'g')
            strcat(has, "imafd");
        else if (strchr("imafdc", c))
            strncat(has, &c, 1);
        else if (c == 'e' && p == isa + 4) {
            snprintf(err, errn, "isa '%s': RV32E/RV64E is not supported", isa);
            return -1;
        } else {
            snprintf(err, errn, "isa '%s': unsupported extension '%c' (supported: i m a f d c "
                     "g, plus _zicsr _zifencei)", isa, *p);
            return -1;
        }
    }
    if (!strchr(has, 'i')) {
        snprintf(err, errn, "isa '%s' lacks the base I", isa);
        return -1;
    }
    if (strchr(has, 'd') && !strchr(has, 'f')) {
        snprintf(err, errn, "isa '%s': D requires F", isa);
        return -1;
    }
    return 0;
}

int rv_decoder_init(struct rv_decoder *d, int xlen, const char *isa, char *err, size_t errn)
{
    char has[32];
    int cnt[160] = {0};

    memset(d, 0, sizeof(*d));
    d->xlen = xlen;
    if (parse_isa(isa, xlen, has, err, errn))
        return -1;
    for (int e = 0; e < SIM_COUNT(all_ext); e++) {
        const struct rv_ext *x = all_ext[e];

        if (!strchr(has, x->letter))
            continue;
        for (int r = 0; r < x->n; r++) {
            const struct rv_row *row = &x->rows[r];

            if (row->xlen && row->xlen != xlen)
                continue;
            /* compressed FP rows need their FP extension too */
            if (x->letter == 'c' && (row->op == RV_OP_FLD || row->op == RV_OP_FSD) &&
                !strchr(has, 'd'))
                continue;
            if (x->letter == 'c' && (row->op == RV_OP_FLW || row->op == RV_OP_FSW) &&
                !strchr(has, 'f'))
                continue;
            if (d->n_rows >= RV_DEC_MAX_ROWS)
                return -1;
            d->rows[d->n_rows++] = row;
        }
    }
    for (int r = 0; r < d->n_rows; r++)
        cnt[bucket_of(d->rows[r]->match)]++;
    for (int b = 0, pos = 0; b < 160; b++) {
        d->bucket_start[b] = (uint16_t)pos;
        pos += cnt[b];
    }
    for (int r = 0; r < d->n_rows; r++) {
        int b = bucket_of(d->rows[r]->match);

        d->sorted[d->bucket_start[b] + d->bucket_len[b]++] = d->rows[r];
    }
    return 0;
}

static inline int64_t sext(uint64_t v, int bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* Integer destination: x0 writes go to the sink x[32]. */
static inline uint8_t xrd(uint32_t r)
{
    return r ? (uint8_t)r : 32;
}

/* RV32: operations whose RV32 meaning is the RV64 W form. */
static uint16_t rv32_op(uint16_t op)
{
    switch (op) {
    case RV_OP_ADD: return RV_OP_ADDW;
    case RV_OP_SUB: return RV_OP_SUBW;
    case RV_OP_SLL: return RV_OP_SLLW;
    case RV_OP_SRL: return RV_OP_SRLW;
    case RV_OP_SRA: return RV_OP_SRAW;
    case RV_OP_ADDI: return RV_OP_ADDIW;
    case RV_OP_SLLI: return RV_OP_SLLIW;
    case RV_OP_SRLI: return RV_OP_SRLIW;
    case RV_OP_SRAI: return RV_OP_SRAIW;
    case RV_OP_MUL: return RV_OP_MULW;
    case RV_OP_DIV: return RV_OP_DIVW;
    case RV_OP_DIVU: return RV_OP_DIVUW;
    case RV_OP_REM: return RV_OP_REMW;
    case RV_OP_REMU: return RV_OP_REMUW;
    case RV_OP_MULH: return RV_OP_MULH32;
    case RV_OP_MULHSU: return RV_OP_MULHSU32;
    case RV_OP_MULHU: return RV_OP_MULHU32;
    case RV_OP_JALR: return RV_OP_JALR32;
    default: return op;
    }
}

/* Fill operands per format; -1 for a reserved encoding. */
static int operands(const struct rv_decoder *d, const struct rv_row *row, uint32_t w,
                    uint64_t pc, struct rv_insn *o)
{
    uint32_t rd = (w >> 7) & 31, rs1 = (w >> 15) & 31, rs2 = (w >> 20) & 31;
    uint32_t crd = 8 + ((w >> 2) & 7), crs1 = 8 + ((w >> 7) & 7);
    uint64_t amask = d->xlen == 32 ? 0xffffffffull : ~0ull;
    int64_t imm;

    o->rm = (uint8_t)((w >> 12) & 7);
    switch (row->fmt) {
    case RV_FMT_R:
        o->rd = xrd(rd), o->rs1 = (uint8_t)rs1, o->rs2 = (uint8_t)rs2;
        o->rk = RV_RK_RD_X | RV_RK_RS1_X | RV_RK_RS2_X;
        return 0;
    case RV_FMT_I:
    case RV_FMT_LOAD:
        o->rd = xrd(rd), o->rs1 = (uint8_t)rs1, o->imm = (int32_t)w >> 20;
        o->rk = RV_RK_RD_X | RV_RK_RS1_X;
        return 0;
    case RV_FMT_ISH:
        o->rd = xrd(rd), o->rs1 = (uint8_t)rs1, o->imm = (w >> 20) & 63;
        o->rk = RV_RK_RD_X | RV_RK_RS1_X;
        return 0;
    case RV_FMT_S:
        o->rs1 = (uint8_t)rs1, o->rs2 = (uint8_t)rs2;
        o->imm = (int64_t)((int32_t)(w & 0xfe000000u) >> 20) | ((w >> 7) & 31);
        o->rk = RV_RK_RS1_X | RV_RK_RS2_X;
        return 0;
    case RV_FMT_B:
        o->rs1 = (uint8_t)rs1, o->rs2 = (uint8_t)rs2;
        imm = sext(((w >> 19) & 0x1000) | ((w << 4) & 0x800) | ((w >> 20) & 0x7e0) |
                   ((w >> 7) & 0x1e), 13);
        o->imm = (int64_t)((pc + (uint64_t)imm) & amask);
        o->rk = RV_RK_RS1_X | RV_RK_RS2_X;
        return 0;
    case RV_FMT_U:
        o->rd = xrd(rd), o->imm = (int32_t)(w & 0xfffff000u);
        o->rk = RV_RK_RD_X;
        return 0;
    case RV_FMT_UPC:
        o->rd = xrd(rd);
        o->imm = (int64_t)(pc + (uint64_t)(int64_t)(int32_t)(w & 0xfffff000u));
        if (d->xlen == 32)
            o->imm = rv_sext32((uint64_t)o->imm);
        o->rk = RV_RK_RD_X;
        return 0;
    case RV_FMT_J:
        o->rd = xrd(rd);
        imm = sext(((w >> 11) & 0x100000) | (w & 0xff000) | ((w >> 9) & 0x800) |
                   ((w >> 20) & 0x7fe), 21);
        o->imm = (int64_t)((pc + (uint64_t)imm) & amask);
        o->rk = RV_RK_RD_X;
        return 0;
    case RV_FMT_FLOAD:
        o->rd = (uint8_t)rd, o->rs1 = (uint8_t)rs1, o->imm = (int32_t)w >> 20;
        o->rk = RV_RK_RD_F | RV_RK_RS1_X;
        return 0;
    case RV_FMT_FSTORE:
        o->rs1 = (uint8_t)rs1, o->rs2 = (uint8_t)rs2;
        o->imm = (int64_t)((int32_t)(w & 0xfe000000u) >> 20) | ((w >> 7) & 31);
        o->rk = RV_RK_RS1_X | RV_RK_RS2_F;
        return 0;
    case RV_FMT_AMO:
        o->rd = xrd(rd), o->rs1 = (uint8_t)rs1, o->rs2 = (uint8_t)rs2;
        o->rk = RV_RK_RD_X | RV_RK_RS1_X;
        if (row->op != RV_OP_LR_W && row->op != RV_OP_LR_D)
            o->rk |= RV_RK_RS2_X;
        return 0;
    case RV_FMT_CSR:
        o->rd = xrd(rd), o->rs1 = (uint8_t)rs1, o->imm = w >> 20;
        o->rk = RV_RK_RD_X | RV_RK_RS1_X;
        return 0;
    case RV_FMT_CSRI:
        o->rd = xrd(rd), o->rs1 = (uint8_t)rs1, o->imm = w >> 20;  /* rs1 is the zimm */
        o->rk = RV_RK_RD_X;
        return 0;
    case RV_FMT_NONE:
        return 0;
    case RV_FMT_SFENCE:
        o->rs1 = (uint8_t)rs1, o->rs2 = (uint8_t)rs2;
        o->rk = RV_RK_RS1_X | RV_RK_RS2_X;
        return 0;
    case RV_FMT_FR:
    case RV_FMT_FR1:
    case RV_FMT_FR4:
        if (o->rm == 5 || o->rm == 6)
            return -1;
        o->rd = (uint8_t)rd, o->rs1 = (uint8_t)rs1, o->rs2 = (uint8_t)rs2;
        o->rs3 = (uint8_t)(w >> 27);
        o->rk = RV_RK_RD_F | RV_RK_RS1_F;
        if (row->fmt != RV_FMT_FR1)
            o->rk |= RV_RK_RS2_F;
        if (row->fmt == RV_FMT_FR4)
            o->rk |= RV_RK_RS3_F;
        return 0;
    case RV_FMT_FSGN:
        o->rd = (uint8_t)rd, o->rs1 = (uint8_t)rs1, o->rs2 = (uint8_t)rs2;
        o->rk = RV_RK_RD_F | RV_RK_RS1_F | RV_RK_RS2_F;
        return 0;
    case RV_FMT_FCMP:
        o->rd = xrd(rd), o->rs1 = (uint8_t)rs1, o->rs2 = (uint8_t)rs2;
        o->rk = RV_RK_RD_X | RV_RK_RS1_F | RV_RK_RS2_F;
        return 0;
    case RV_FMT_XF:
    case RV_FMT_XFN:
        if (row->fmt == RV_FMT_XF && (o->rm == 5 || o->rm == 6))
            return -1;
        o->rd = xrd(rd), o->rs1 = (uint8_t)rs1;
        o->rk = RV_RK_RD_X | RV_RK_RS1_F;
        return 0;
    case RV_FMT_FX:
    case RV_FMT_FXN:
        if (row->fmt == RV_FMT_FX && (o->rm == 5 || o->rm == 6))
            return -1;
        o->rd = (uint8_t)rd, o->rs1 = (uint8_t)rs1;
        o->rk = RV_RK_RD_F | RV_RK_RS1_X;
        return 0;

    /* compressed */
    case RV_FMT_CIW:
        imm = ((w >> 7) & 0x30) | ((w >> 1) & 0x3c0) | ((w >> 4) & 4) | ((w >> 2) & 8);
        if (!imm)
            return -1;
        o->rd = (uint8_t)crd, o->rs1 = 2, o->imm = imm;
        o->rk = RV_RK_RD_X | RV_RK_RS1_X;
        return 0;
    case RV_FMT_CLW:
    case RV_FMT_CFLW:
        o->rd = (uint8_t)crd, o->rs1 = (uint8_t)crs1;
        o->imm = ((w >> 7) & 0x38) | ((w >> 4) & 4) | ((w << 1) & 0x40);
        o->rk = (row->fmt == RV_FMT_CLW ? RV_RK_RD_X : RV_RK_RD_F) | RV_RK_RS1_X;
        return 0;
    case RV_FMT_CLD:
    case RV_FMT_CFLD:
        o->rd = (uint8_t)crd, o->rs1 = (uint8_t)crs1;
        o->imm = ((w >> 7) & 0x38) | ((w << 1) & 0xc0);
        o->rk = (row->fmt == RV_FMT_CLD ? RV_RK_RD_X : RV_RK_RD_F) | RV_RK_RS1_X;
        return 0;
    case RV_FMT_CSW:
    case RV_FMT_CFSW:
        o->rs2 = (uint8_t)crd, o->rs1 = (uint8_t)crs1;
        o->imm = ((w >> 7) & 0x38) | ((w >> 4) & 4) | ((w << 1) & 0x40);
        o->rk = (row->fmt == RV_FMT_CSW ? RV_RK_RS2_X : RV_RK_RS2_F) | RV_RK_RS1_X;
        return 0;
    case RV_FMT_CSD:
    case RV_FMT_CFSD:
        o->rs2 = (uint8_t)crd, o->rs1 = (uint8_t)crs1;
        o->imm = ((w >> 7) & 0x38) | ((w << 1) & 0xc0);
        o->rk = (row->fmt == RV_FMT_CSD ? RV_RK_RS2_X : RV_RK_RS2_F) | RV_RK_RS1_X;
        return 0;
    case RV_FMT_CADDI:
    case RV_FMT_CADDIW:
        if (row->fmt == RV_FMT_CADDIW && rd == 0)
            return -1;
        o->rd = xrd(rd), o->rs1 = (uint8_t)rd;
        o->imm = sext(((w >> 7) & 0x20) | ((w >> 2) & 0x1f), 6);
        o->rk = RV_RK_RD_X | RV_RK_RS1_X;
        return 0;
    case RV_FMT_CLI:
        o->rd = xrd(rd), o->rs1 = 0;
        o->imm = sext(((w >> 7) & 0x20) | ((w >> 2) & 0x1f), 6);
        o->rk = RV_RK_RD_X;
        return 0;
    case RV_FMT_CLUI:
        if (rd == 2) {              /* c.addi16sp */
            imm = sext(((w >> 3) & 0x200) | ((w >> 2) & 0x10) | ((w << 1) & 0x40) |
                       ((w << 4) & 0x180) | ((w << 3) & 0x20), 10);
            if (!imm)
                return -1;
            o->op = RV_OP_ADDI, o->rd = 2, o->rs1 = 2, o->imm = imm;
            o->rk = RV_RK_RD_X | RV_RK_RS1_X;
            return 0;
        }
        imm = sext((((w >> 7) & 0x20) | ((w >> 2) & 0x1f)) << 12, 18);
        if (!imm)
            return -1;
        o->rd = xrd(rd), o->imm = imm;
        o->rk = RV_RK_RD_X;
        return 0;
    case RV_FMT_CSHIFT:
    case RV_FMT_CSLLI:
        imm = ((w >> 7) & 0x20) | ((w >> 2) & 0x1f);
        if (d->xlen == 32 && (imm & 0x20))
            return -1;
        if (row->fmt == RV_FMT_CSHIFT)
            o->rd = (uint8_t)crs1, o->rs1 = (uint8_t)crs1;
        else
            o->rd = xrd(rd), o->rs1 = (uint8_t)rd;
        o->imm = imm;
        o->rk = RV_RK_RD_X | RV_RK_RS1_X;
        return 0;
    case RV_FMT_CANDI:
        o->rd = (uint8_t)crs1, o->rs1 = (uint8_t)crs1;
        o->imm = sext(((w >> 7) & 0x20) | ((w >> 2) & 0x1f), 6);
        o->rk = RV_RK_RD_X | RV_RK_RS1_X;
        return 0;
    case RV_FMT_CA:
        o->rd = (uint8_t)crs1, o->rs1 = (uint8_t)crs1, o->rs2 = (uint8_t)crd;
        o->rk = RV_RK_RD_X | RV_RK_RS1_X | RV_RK_RS2_X;
        return 0;
    case RV_FMT_CJ:
    case RV_FMT_CJAL:
        imm = sext(((w >> 1) & 0x800) | ((w >> 7) & 0x10) | ((w >> 1) & 0x300) |
                   ((w << 2) & 0x400) | ((w >> 1) & 0x40) | ((w << 1) & 0x80) |
                   ((w >> 2) & 0xe) | ((w << 3) & 0x20), 12);
        o->rd = row->fmt == RV_FMT_CJAL ? 1 : 32;
        o->imm = (int64_t)((pc + (uint64_t)imm) & amask);
        o->rk = RV_RK_RD_X;
        return 0;
    case RV_FMT_CB:
        imm = sext(((w >> 4) & 0x100) | ((w >> 7) & 0x18) | ((w << 1) & 0xc0) |
                   ((w >> 2) & 6) | ((w << 3) & 0x20), 9);
        o->rs1 = (uint8_t)crs1, o->rs2 = 0;
        o->imm = (int64_t)((pc + (uint64_t)imm) & amask);
        o->rk = RV_RK_RS1_X;
        return 0;
    case RV_FMT_CLWSP:
    case RV_FMT_CFLWSP:
        if (row->fmt == RV_FMT_CLWSP && rd == 0)
            return -1;
        o->rd = (uint8_t)rd, o->rs1 = 2;
        o->imm = ((w >> 7) & 0x20) | ((w >> 2) & 0x1c) | ((w << 4) & 0xc0);
        o->rk = (row->fmt == RV_FMT_CLWSP ? RV_RK_RD_X : RV_RK_RD_F) | RV_RK_RS1_X;
        return 0;
    case RV_FMT_CLDSP:
    case RV_FMT_CFLDSP:
        if (row->fmt == RV_FMT_CLDSP && rd == 0)
            return -1;
        o->rd = (uint8_t)rd, o->rs1 = 2;
        o->imm = ((w >> 7) & 0x20) | ((w >> 2) & 0x18) | ((w << 4) & 0x1c0);
        o->rk = (row->fmt == RV_FMT_CLDSP ? RV_RK_RD_X : RV_RK_RD_F) | RV_RK_RS1_X;
        return 0;
    case RV_FMT_CJR:
        rs2 = (w >> 2) & 31;
        if (rs2 == 0) {             /* c.jr */
            if (rd == 0)
                return -1;
            o->rd = 32, o->rs1 = (uint8_t)rd, o->imm = 0;
            o->rk = RV_RK_RS1_X;
            return 0;
        }
        o->op = RV_OP_ADD;          /* c.mv */
        o->rd = xrd(rd), o->rs1 = 0, o->rs2 = (uint8_t)rs2;
        o->rk = RV_RK_RD_X | RV_RK_RS2_X;
        return 0;
    case RV_FMT_CJALR:
        rs2 = (w >> 2) & 31;
        if (rs2 == 0 && rd == 0) {  /* c.ebreak */
            o->op = RV_OP_EBREAK;
            o->rk = 0;
            return 0;
        }
        if (rs2 == 0) {             /* c.jalr */
            o->rd = 1, o->rs1 = (uint8_t)rd, o->imm = 0;
            o->rk = RV_RK_RD_X | RV_RK_RS1_X;
            return 0;
        }
        o->op = RV_OP_ADD;          /* c.add */
        o->rd = xrd(rd), o->rs1 = (uint8_t)rd, o->rs2 = (uint8_t)rs2;
        o->rk = RV_RK_RD_X | RV_RK_RS1_X | RV_RK_RS2_X;
        return 0;
    case RV_FMT_CSWSP:
    case RV_FMT_CFSWSP:
        o->rs2 = (uint8_t)((w >> 2) & 31), o->rs1 = 2;
        o->imm = ((w >> 7) & 0x3c) | ((w >> 1) & 0xc0);
        o->rk = (row->fmt == RV_FMT_CSWSP ? RV_RK_RS2_X : RV_RK_RS2_F) | RV_RK_RS1_X;
        return 0;
    case RV_FMT_CSDSP:
    case RV_FMT_CFSDSP:
        o->rs2 = (uint8_t)((w >> 2) & 31), o->rs1 = 2;
        o->imm = ((w >> 7) & 0x38) | ((w >> 1) & 0x1c0);
        o->rk = (row->fmt == RV_FMT_CSDSP ? RV_RK_RS2_X : RV_RK_RS2_F) | RV_RK_RS1_X;
        return 0;
    }
    return -1;
}

int rv_decode(const struct rv_decoder *d, uint32_t raw, uint64_t pc, struct rv_insn *o)
{
    int b, n, len;

    memset(o, 0, sizeof(*o));
    o->pc = pc;
    if ((raw & 3) == 3) {
        len = 4;
        b = (int)(raw & 0x7f);
    } else {
        raw &= 0xffff;
        len = 2;
        b = 128 + (int)(((raw & 3) << 3) | (raw >> 13));
    }
    o->raw = raw;
    o->len = (uint8_t)len;
    n = d->bucket_len[b];
    for (int k = 0; k < n; k++) {
        const struct rv_row *row = d->sorted[d->bucket_start[b] + k];

        if ((raw & row->mask) != row->match)
            continue;
        o->op = row->op;
        if (operands(d, row, raw, pc, o) != 0)
            break;
        if (d->xlen == 32)
            o->op = rv32_op(o->op);
        return 0;
    }
    memset(o, 0, sizeof(*o));
    o->pc = pc;
    o->raw = raw;
    o->len = (uint8_t)len;
    o->op = RV_OP_ILLEGAL;
    return -1;
}
