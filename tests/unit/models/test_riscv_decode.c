/* tests/unit/models/test_riscv_decode.c - the RISC-V decoder tables and
 * decoder: no two rows of a table set overlap, every row's match lies in
 * its mask, known encodings decode to the right operation and operands
 * (including the C expansions that depend on register fields and the
 * reserved encodings), RV32 maps to its own forms, and millions of random
 * words decode without harm. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include "models/riscv/rv.h"

static int compatible(const struct rv_row *a, const struct rv_row *b)
{
    bool a16 = (a->match & 3) != 3, b16 = (b->match & 3) != 3;

    if (a16 != b16)
        return 0;
    return !a->xlen || !b->xlen || a->xlen == b->xlen;
}

START_TEST(test_decode_rows_do_not_overlap)
{
    const struct rv_row *rows[RV_DEC_MAX_ROWS];
    int n = rv_rows_all(rows, RV_DEC_MAX_ROWS), overlaps = 0;

    ck_assert_int_gt(n, 150);
    for (int i = 0; i < n; i++) {
        ck_assert_msg((rows[i]->match & ~rows[i]->mask) == 0, "%s: match outside mask",
                      rows[i]->name);
        for (int j = i + 1; j < n; j++) {
            const struct rv_row *a = rows[i], *b = rows[j];

            if (!compatible(a, b))
                continue;
            if (((a->match ^ b->match) & a->mask & b->mask) == 0) {
                overlaps++;
                fprintf(stderr, "rows overlap: %s and %s\n", a->name, b->name);
            }
        }
    }
    ck_assert_int_eq(overlaps, 0);
}
END_TEST

static struct rv_decoder d64, d32;

static void setup(void)
{
    char err[128];

    ck_assert_int_eq(rv_decoder_init(&d64, 64, "rv64gc", err, sizeof err), 0);
    ck_assert_int_eq(rv_decoder_init(&d32, 32, "", err, sizeof err), 0);
}

static struct rv_insn dec(const struct rv_decoder *d, uint32_t w)
{
    struct rv_insn i;

    rv_decode(d, w, 0x1000, &i);
    return i;
}

START_TEST(test_decode_base_forms)
{
    struct rv_insn i = dec(&d64, 0x00a58533);  /* add a0, a1, a0 */

    ck_assert_int_eq(i.op, RV_OP_ADD);
    ck_assert_int_eq(i.rd, 10);
    ck_assert_int_eq(i.rs1, 11);
    ck_assert_int_eq(i.rs2, 10);
    ck_assert_int_eq(i.len, 4);
    i = dec(&d64, 0xfff00513);                 /* addi a0, zero, -1 */
    ck_assert_int_eq(i.op, RV_OP_ADDI);
    ck_assert_int_eq(i.imm, -1);
    i = dec(&d64, 0xfe0008e3);                 /* beq zero, zero, -16 */
    ck_assert_int_eq(i.op, RV_OP_BEQ);
    ck_assert_uint_eq((uint64_t)i.imm, 0x1000 - 16);
    i = dec(&d64, 0x00000513);                 /* addi a0, zero, 0 -> rd a0 */
    ck_assert_int_eq(i.rd, 10);
    i = dec(&d64, 0x00000013);                 /* nop: x0 writes go to the sink */
    ck_assert_int_eq(i.rd, 32);
    i = dec(&d64, 0x02a5c533);                 /* div a0, a1, a0 */
    ck_assert_int_eq(i.op, RV_OP_DIV);
    i = dec(&d64, 0x0c05352f);                 /* amoswap.d.aq a0, zero, (a0) */
    ck_assert_int_eq(i.op, RV_OP_AMOSWAP_D);
    i = dec(&d64, 0x02b57553);                 /* fadd.d fa0, fa0, fa1, dyn */
    ck_assert_int_eq(i.op, RV_OP_FADD_D);
    ck_assert_int_eq(i.rm, 7);
}
END_TEST

START_TEST(test_decode_rejects_reserved)
{
    ck_assert_int_eq(dec(&d64, 0x0000).op, RV_OP_ILLEGAL);        /* all zero */
    ck_assert_int_eq(dec(&d64, 0xffffffff).op, RV_OP_ILLEGAL);
    ck_assert_int_eq(dec(&d64, 0x02b55553).op, RV_OP_ILLEGAL);    /* fadd.d rm=5 */
    ck_assert_int_eq(dec(&d64, 0x02b56553).op, RV_OP_ILLEGAL);    /* fadd.d rm=6 */
    ck_assert_int_eq(dec(&d64, 0x6001).op, RV_OP_ILLEGAL);        /* c.lui with a zero immediate */
    ck_assert_int_eq(dec(&d64, 0x4002).op, RV_OP_ILLEGAL);        /* c.lwsp rd=0 */
    ck_assert_int_eq(dec(&d64, 0x8002).op, RV_OP_ILLEGAL);        /* c.jr x0 */
    ck_assert_int_eq(dec(&d64, 0x2001).op, RV_OP_ILLEGAL);        /* c.addiw rd=0 */
    ck_assert_int_eq(dec(&d64, 0x0000b533 | 0x40000000).op, RV_OP_ILLEGAL); /* sltu w/ f7 */
    ck_assert_int_eq(dec(&d32, 0x03f51513).op, RV_OP_ILLEGAL);    /* slli shamt 63 on RV32 */
    ck_assert_int_eq(dec(&d32, 0x1502).op, RV_OP_ILLEGAL);        /* c.slli shamt[5] on RV32 */
    ck_assert_int_eq(dec(&d32, 0x00053503).op, RV_OP_ILLEGAL);    /* ld on RV32 */
}
END_TEST

START_TEST(test_decode_compressed_expansions)
{
    struct rv_insn i;

    i = dec(&d64, 0x852e);                     /* c.mv a0, a1 -> add a0, x0, a1 */
    ck_assert_int_eq(i.op, RV_OP_ADD);
    ck_assert_int_eq(i.rd, 10);
    ck_assert_int_eq(i.rs1, 0);
    ck_assert_int_eq(i.rs2, 11);
    ck_assert_int_eq(i.len, 2);
    i = dec(&d64, 0x8082);                     /* c.jr ra (ret) */
    ck_assert_int_eq(i.op, RV_OP_JALR);
    ck_assert_int_eq(i.rs1, 1);
    ck_assert_int_eq(i.rd, 32);
    i = dec(&d64, 0x9002);                     /* c.ebreak */
    ck_assert_int_eq(i.op, RV_OP_EBREAK);
    i = dec(&d64, 0x9502);                     /* c.jalr a0 */
    ck_assert_int_eq(i.op, RV_OP_JALR);
    ck_assert_int_eq(i.rd, 1);
    i = dec(&d64, 0x952e);                     /* c.add a0, a1 */
    ck_assert_int_eq(i.op, RV_OP_ADD);
    ck_assert_int_eq(i.rs1, 10);
    i = dec(&d64, 0x7139);                     /* c.addi16sp sp, -64 */
    ck_assert_int_eq(i.op, RV_OP_ADDI);
    ck_assert_int_eq(i.rd, 2);
    ck_assert_int_eq(i.imm, -64);
    i = dec(&d64, 0x65a1);                     /* c.lui a1, 8 */
    ck_assert_int_eq(i.op, RV_OP_LUI);
    ck_assert_int_eq(i.imm, 0x8000);
    i = dec(&d64, 0x0808);                     /* c.addi4spn a0, sp, 16 */
    ck_assert_int_eq(i.op, RV_OP_ADDI);
    ck_assert_int_eq(i.rs1, 2);
    ck_assert_int_eq(i.imm, 16);
    i = dec(&d64, 0x6508);                     /* c.ld a0, 8(a0) */
    ck_assert_int_eq(i.op, RV_OP_LD);
    ck_assert_int_eq(i.imm, 8);
    i = dec(&d32, 0x6508);                     /* the same bits on RV32: c.flw */
    ck_assert_int_eq(i.op, RV_OP_FLW);
    i = dec(&d32, 0x2001);                     /* c.jal on RV32 */
    ck_assert_int_eq(i.op, RV_OP_JAL);
    ck_assert_int_eq(i.rd, 1);
}
END_TEST

START_TEST(test_decode_rv32_forms)
{
    ck_assert_int_eq(dec(&d32, 0x00a58533).op, RV_OP_ADDW);       /* add */
    ck_assert_int_eq(dec(&d32, 0xfff00513).op, RV_OP_ADDIW);      /* addi */
    ck_assert_int_eq(dec(&d32, 0x02a59533).op, RV_OP_MULH32);     /* mulh */
    ck_assert_int_eq(dec(&d32, 0x000500e7).op, RV_OP_JALR32);     /* jalr ra, a0 */
    ck_assert_int_eq(dec(&d32, 0x01f51513).op, RV_OP_SLLIW);      /* slli a0, a0, 31 */
}
END_TEST

START_TEST(test_decode_isa_string)
{
    struct rv_decoder d;
    char err[160];

    ck_assert_int_eq(rv_decoder_init(&d, 64, "rv64imac", err, sizeof err), 0);
    ck_assert_int_eq(dec(&d, 0x02b57553).op, RV_OP_ILLEGAL);      /* no D */
    ck_assert_int_eq(dec(&d, 0x02a5c533).op, RV_OP_DIV);
    ck_assert_int_eq(rv_decoder_init(&d, 64, "rv64i", err, sizeof err), 0);
    ck_assert_int_eq(dec(&d, 0x852e).op, RV_OP_ILLEGAL);          /* no C */
    ck_assert_int_eq(rv_decoder_init(&d, 64, "rv32gc", err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "does not start with 'rv64'"));
    ck_assert_int_eq(rv_decoder_init(&d, 64, "rv64id", err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "D requires F"));
}
END_TEST

/* Millions of random words: every result is a valid operation or ILLEGAL
 * with a length of 2 or 4 and registers in range. */
START_TEST(test_decode_random_words_survive)
{
    uint64_t x = 0x9e3779b97f4a7c15ull;
    long legal = 0, bad = 0;

    for (int k = 0; k < 4000000; k++) {
        struct rv_insn i;
        uint32_t w;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        w = (uint32_t)x;
        rv_decode(k & 1 ? &d32 : &d64, w, x & ~1ull, &i);
        if (i.op >= RV_OP_COUNT || (i.len != 2 && i.len != 4) || i.rd > 32 || i.rs1 >= 32 ||
            i.rs2 >= 32 || i.rs3 >= 32)
            bad++;
        if (i.op != RV_OP_ILLEGAL)
            legal++;
    }
    ck_assert_int_eq(bad, 0);
    ck_assert_int_gt(legal, 1000000);  /* the tables cover most of the space */
}
END_TEST

Suite *riscv_decode_suite(void)
{
    Suite *s = suite_create("riscv_decode");
    TCase *tc = tcase_create("decode");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_decode_rows_do_not_overlap);
    tcase_add_test(tc, test_decode_base_forms);
    tcase_add_test(tc, test_decode_rejects_reserved);
    tcase_add_test(tc, test_decode_compressed_expansions);
    tcase_add_test(tc, test_decode_rv32_forms);
    tcase_add_test(tc, test_decode_isa_string);
    tcase_add_test(tc, test_decode_random_words_survive);
    suite_add_tcase(s, tc);
    return s;
}
