/* tests/unit/models/test_riscv_linux.c - what a Linux user-mode guest sees
 * of its standard streams does not depend on the host fd behind them
 * (models/riscv/rv_linux.c): on a terminal and on a regular file alike,
 * fstat and statx say a pipe with fixed numbers, ioctl says ENOTTY and lseek
 * ESPIPE. Each program makes one system call and exits with a field of the
 * answer or the error number, so no cross compiler is needed. */
#define _GNU_SOURCE                 /* posix_openpt, ptsname */
#include <check.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "test_riscv.h"

#define RV_A2 12
#define RV_A7 17
#define RV_SP 2
#define ENC_ECALL 0x73u
#define BUF (-512)                  /* the answer's buffer: sp + BUF */

static uint32_t enc_lui(int rd, int imm20) { return (uint32_t)imm20 << 12 | (uint32_t)rd << 7 | 0x37; }
static uint32_t enc_lw(int rd, int rs1, int imm) { return enc_i(0x03, 2, rd, rs1, imm); }
static uint32_t enc_srli(int rd, int rs1, int sh) { return enc_i(0x13, 5, rd, rs1, sh); }
static uint32_t enc_neg(int rd, int rs)             /* sub rd, x0, rs */
{
    return 0x20u << 25 | (uint32_t)rs << 20 | (uint32_t)rd << 7 | 0x33;
}

/* syscall nr(fd, a1, a2), a1 = sp + BUF or `arg` when it is not 0, a2 =
 * sp + BUF or 0 (zero_a2); then exit with (the word at sp + BUF + off) >>
 * shift, or with -a0 when off < 0. A Linux executable at 0x10000: no
 * tohost symbol. */
static size_t syscall_prog(uint8_t *buf, int nr, int fd, int arg, bool zero_a2, int off,
                           int shift)
{
    static uint32_t w[16];
    struct elf_spec sp = { 64, 243, 2, 0x10000, w, 0, 0x10000, 0x1000, 0, 0, 0, -1 };
    int n = 0;

    w[n++] = enc_addi(RV_A0, 0, fd);
    if (arg) {
        w[n++] = enc_lui(RV_A1, (arg + 0x800) >> 12);
        w[n++] = enc_addi(RV_A1, RV_A1, ((arg & 0xfff) ^ 0x800) - 0x800);
    } else {
        w[n++] = enc_addi(RV_A1, RV_SP, BUF);
    }
    w[n++] = zero_a2 ? enc_addi(RV_A2, 0, 0) : enc_addi(RV_A2, RV_SP, BUF);
    w[n++] = enc_addi(RV_A7, 0, nr);
    w[n++] = ENC_ECALL;
    if (off >= 0) {
        w[n++] = enc_lw(RV_A0, RV_SP, BUF + off);
        w[n++] = enc_srli(RV_A0, RV_A0, shift);
    } else {
        w[n++] = enc_neg(RV_A0, RV_A0);
    }
    w[n++] = enc_addi(RV_A7, 0, 93);                  /* exit */
    w[n++] = ENC_ECALL;
    sp.ncode = n;
    return elf_build(&sp, buf);
}

/* statx(fd, "", AT_EMPTY_PATH, mask, sp + BUF): the path is the empty
 * string at sp + BUF - 8, then the same exit as syscall_prog. */
static size_t statx_prog(uint8_t *buf, int fd, int off, int shift)
{
    static uint32_t w[16];
    struct elf_spec sp = { 64, 243, 2, 0x10000, w, 0, 0x10000, 0x1000, 0, 0, 0, -1 };
    int n = 0;

    w[n++] = enc_sd(0, RV_SP, BUF - 8);
    w[n++] = enc_addi(RV_A0, 0, fd);
    w[n++] = enc_addi(RV_A1, RV_SP, BUF - 8);
    w[n++] = enc_lui(RV_A2, 1);                       /* AT_EMPTY_PATH */
    w[n++] = enc_addi(13, 0, 0x7ff);                  /* a3: STATX_BASIC_STATS */
    w[n++] = enc_addi(14, RV_SP, BUF);                /* a4 */
    w[n++] = enc_addi(RV_A7, 0, 291);
    w[n++] = ENC_ECALL;
    w[n++] = enc_lw(RV_A0, RV_SP, BUF + off);
    w[n++] = enc_srli(RV_A0, RV_A0, shift);
    w[n++] = enc_addi(RV_A7, 0, 93);
    w[n++] = ENC_ECALL;
    sp.ncode = n;
    return elf_build(&sp, buf);
}

static uint8_t img[16384];

/* Run the image with the guest's stdin, stdout and stderr on host file
 * `path`; its exit status. */
static int run_on(const char *path, size_t n)
{
    char yaml[512], prog[64];
    const char *argv[1] = { prog };
    sim_error err;
    sim_t *s;
    int code;

    snprintf(yaml, sizeof yaml,
             "clocks: {default: 1GHz}\n"
             "components:\n"
             "  cpu: {type: riscv, stdin: '%s', stdout: '%s', stderr: '%s'}\n",
             path, path, path);
    s = sim_open_string(yaml, "test.yaml", &err);
    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_int_eq(elf_write_tmp(img, n, prog, sizeof prog), 0);
    ck_assert_msg(sim_load_workload(s, prog, 1, argv, &err) == 0, "%s", err.message);
    unlink(prog);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    code = sim_exit_code(s);
    sim_close(s);
    return code;
}

/* A pseudo-terminal's slave and a regular file: the two host fds whose
 * answers differed most. */
static int pty;
static char hosts[2][64];

static void open_hosts(void)
{
    int fd;

    pty = posix_openpt(O_RDWR | O_NOCTTY);
    ck_assert_int_ge(pty, 0);
    ck_assert_int_eq(grantpt(pty), 0);
    ck_assert_int_eq(unlockpt(pty), 0);
    snprintf(hosts[0], sizeof hosts[0], "%s", ptsname(pty));
    snprintf(hosts[1], sizeof hosts[1], "/tmp/archsim_rvlinux_XXXXXX");
    fd = mkstemp(hosts[1]);
    ck_assert_int_ge(fd, 0);
    close(fd);
}

static void close_hosts(void)
{
    close(pty);
    unlink(hosts[1]);
}

START_TEST(test_riscv_linux_stream_stat_is_a_pipe)
{
    open_hosts();
    for (int h = 0; h < 2; h++) {
        for (int fd = 0; fd < 3; fd++) {
            /* struct stat: st_ino at 8, st_mode at 16, st_blksize at 56 */
            ck_assert_int_eq(run_on(hosts[h], syscall_prog(img, 80, fd, 0, false, 16, 12)), 1);
            ck_assert_int_eq(run_on(hosts[h], syscall_prog(img, 80, fd, 0, false, 8, 0)), 1 + fd);
            ck_assert_int_eq(run_on(hosts[h], syscall_prog(img, 80, fd, 0, false, 56, 8)),
                             4096 >> 8);
        }
    }
    close_hosts();
}
END_TEST

START_TEST(test_riscv_linux_stream_statx_is_a_pipe)
{
    open_hosts();
    for (int h = 0; h < 2; h++) {
        /* struct statx: stx_blksize at 4, stx_mode at 28, stx_ino at 32 */
        ck_assert_int_eq(run_on(hosts[h], statx_prog(img, 1, 28, 12)), 1);
        ck_assert_int_eq(run_on(hosts[h], statx_prog(img, 1, 32, 0)), 2);
        ck_assert_int_eq(run_on(hosts[h], statx_prog(img, 2, 4, 8)), 4096 >> 8);
    }
    close_hosts();
}
END_TEST

START_TEST(test_riscv_linux_stream_is_no_terminal)
{
    open_hosts();
    for (int h = 0; h < 2; h++) {
        for (int fd = 0; fd < 3; fd++) {
            ck_assert_int_eq(run_on(hosts[h], syscall_prog(img, 29, fd, 0x5401, false, -1, 0)), 25);
            ck_assert_int_eq(run_on(hosts[h], syscall_prog(img, 29, fd, 0x5413, false, -1, 0)), 25);
        }
    }
    close_hosts();
}
END_TEST

START_TEST(test_riscv_linux_stream_cannot_seek)
{
    open_hosts();
    for (int h = 0; h < 2; h++)                       /* lseek(1, sp + BUF, SEEK_SET) */
        ck_assert_int_eq(run_on(hosts[h], syscall_prog(img, 62, 1, 0, true, -1, 0)), 29);
    close_hosts();
}
END_TEST

Suite *riscv_linux_suite(void)
{
    Suite *s = suite_create("riscv_linux");
    TCase *tc = tcase_create("riscv_linux");

    tcase_add_test(tc, test_riscv_linux_stream_stat_is_a_pipe);
    tcase_add_test(tc, test_riscv_linux_stream_statx_is_a_pipe);
    tcase_add_test(tc, test_riscv_linux_stream_is_no_terminal);
    tcase_add_test(tc, test_riscv_linux_stream_cannot_seek);
    suite_add_tcase(s, tc);
    return s;
}
