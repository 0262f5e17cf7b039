/* tests/unit/models/test_riscv_elf.c - the RISC-V ELF loader rejects bad
 * executables with a clear message: truncated files, wrong machine, wrong
 * class, dynamically linked programs, overlapping segments, segments
 * outside memory, position-independent executables. */
#include <check.h>
#include <string.h>
#include "harness.h"
#include "models/riscv/rv_elf.h"
#include "test_riscv.h"

static uint8_t img[16384];

static const uint32_t loop_code[] = { 0x0000006f };     /* j . */

static struct elf_spec good(void)
{
    struct elf_spec s = { 64, 243, 2, 0x80000000, loop_code, 1, 0x80000000, 0x1000, 0, 0, 0,
                          0x800 };
    return s;
}

static int parse(const struct elf_spec *s, size_t cut, int xlen, char *err)
{
    struct rv_elf e;
    size_t n = elf_build(s, img);

    return rv_elf_parse(img, cut ? cut : n, xlen, &e, err, 256);
}

START_TEST(test_elf_good_image_parses)
{
    struct elf_spec s = good();
    struct rv_elf e;
    char err[256];
    size_t n = elf_build(&s, img);

    ck_assert_int_eq(rv_elf_parse(img, n, 64, &e, err, sizeof err), 0);
    ck_assert_uint_eq(e.entry, 0x80000000);
    ck_assert_int_eq(e.nseg, 1);
    ck_assert_uint_eq(e.tohost, 0x80000800);
    ck_assert_uint_eq(e.lo, 0x80000000);
    ck_assert_uint_eq(e.hi, 0x80001000);
}
END_TEST

START_TEST(test_elf_rejects_truncated_header)
{
    struct elf_spec s = good();
    char err[256];

    ck_assert_int_eq(parse(&s, 40, 64, err), -1);
    ck_assert_ptr_nonnull(strstr(err, "truncated ELF header"));
}
END_TEST

START_TEST(test_elf_rejects_truncated_segment)
{
    struct elf_spec s = good();
    char err[256];

    ck_assert_int_eq(parse(&s, 0x201, 64, err), -1);
    ck_assert_msg(strstr(err, "truncated: segment 0") != NULL, "%s", err);
}
END_TEST

START_TEST(test_elf_rejects_truncated_program_headers)
{
    struct elf_spec s = good();
    char err[256];

    ck_assert_int_eq(parse(&s, 80, 64, err), -1);
    ck_assert_msg(strstr(err, "program headers") != NULL, "%s", err);
}
END_TEST

START_TEST(test_elf_rejects_not_elf)
{
    struct rv_elf e;
    char err[256];

    memset(img, 'x', 100);
    ck_assert_int_eq(rv_elf_parse(img, 100, 64, &e, err, sizeof err), -1);
    ck_assert_str_eq(err, "not an ELF file");
}
END_TEST

START_TEST(test_elf_rejects_wrong_machine)
{
    struct elf_spec s = good();
    char err[256];

    s.machine = 62;                 /* x86-64 */
    ck_assert_int_eq(parse(&s, 0, 64, err), -1);
    ck_assert_msg(strstr(err, "wrong machine: e_machine 62, expected 243 (RISC-V)") != NULL,
                  "%s", err);
}
END_TEST

START_TEST(test_elf_rejects_wrong_class)
{
    struct elf_spec s = good();
    char err[256];

    ck_assert_int_eq(parse(&s, 0, 32, err), -1);
    ck_assert_str_eq(err, "ELF class is 64-bit but the core has xlen 32");
    s.cls = 32;
    ck_assert_int_eq(parse(&s, 0, 64, err), -1);
    ck_assert_str_eq(err, "ELF class is 32-bit but the core has xlen 64");
    ck_assert_int_eq(parse(&s, 0, 32, err), 0);
}
END_TEST

START_TEST(test_elf_rejects_dynamic)
{
    struct elf_spec s = good();
    char err[256];

    s.interp = 1;
    ck_assert_int_eq(parse(&s, 0, 64, err), -1);
    ck_assert_msg(strstr(err, "dynamically linked program (interpreter /lib/ld.so.1); link it "
                          "with -static") != NULL, "%s", err);
}
END_TEST

START_TEST(test_elf_rejects_pie)
{
    struct elf_spec s = good();
    char err[256];

    s.type = 3;
    ck_assert_int_eq(parse(&s, 0, 64, err), -1);
    ck_assert_msg(strstr(err, "ET_DYN") != NULL, "%s", err);
}
END_TEST

START_TEST(test_elf_rejects_overlapping_segments)
{
    struct elf_spec s = good();
    char err[256];

    s.vaddr2 = 0x80000800;
    s.memsz2 = 0x1000;
    ck_assert_int_eq(parse(&s, 0, 64, err), -1);
    ck_assert_msg(strstr(err, "segments overlap: [0x80000000, 0x80001000) and "
                          "[0x80000800, 0x80001800)") != NULL, "%s", err);
}
END_TEST

static const char *bare_cfg =
    "components:\n"
    "  cpu: {type: riscv, mem_size: 1MiB}\n";

/* Load through the component; returns the error code, message in err. */
static int load_image(size_t n, const char *yaml, sim_error *err)
{
    char path[64];
    sim_t *s = sim_open_string(yaml, "test.yaml", err);
    const char *argv[1];
    int rc;

    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(elf_write_tmp(img, n, path, sizeof path), 0);
    argv[0] = path;
    rc = sim_load_workload(s, path, 1, argv, err);
    unlink(path);
    sim_close(s);
    return rc;
}

START_TEST(test_elf_rejects_segment_outside_memory)
{
    struct elf_spec s = good();
    sim_error err;

    s.vaddr2 = 0x80200000;          /* beyond 1 MiB of RAM */
    s.memsz2 = 0x1000;
    ck_assert_int_eq(load_image(elf_build(&s, img), bare_cfg, &err), SIM_EWORKLOAD);
    ck_assert_msg(strstr(err.message, "segment [0x80200000, 0x80201000) falls outside memory "
                         "[0x80000000, 0x80100000)") != NULL, "%s", err.message);
}
END_TEST

START_TEST(test_elf_load_reports_path_and_reason)
{
    struct elf_spec s = good();
    sim_error err;

    s.machine = 40;
    ck_assert_int_eq(load_image(elf_build(&s, img), bare_cfg, &err), SIM_EWORKLOAD);
    ck_assert_ptr_nonnull(strstr(err.message, "/tmp/archsim_rvtest_"));
    ck_assert_ptr_nonnull(strstr(err.message, "wrong machine"));
}
END_TEST

START_TEST(test_elf_load_missing_file)
{
    sim_error err;
    sim_t *s = sim_open_string(bare_cfg, "test.yaml", &err);
    const char *argv[1] = { "/nonexistent/prog" };

    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sim_load_workload(s, argv[0], 1, argv, &err), SIM_EWORKLOAD);
    ck_assert_ptr_nonnull(strstr(err.message, "/nonexistent/prog: No such file"));
    sim_close(s);
}
END_TEST

START_TEST(test_elf_rejects_bad_isa_param)
{
    sim_error err;
    sim_t *s = sim_open_string("components:\n  cpu: {type: riscv, isa: rv64imafdq}\n",
                               "test.yaml", &err);

    if (s) {
        ck_assert_int_ne(sim_elaborate(s, &err), 0);
        sim_close(s);
    }
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_msg(strstr(err.message, "unsupported extension 'q'") != NULL, "%s", err.message);
}
END_TEST

Suite *riscv_elf_suite(void)
{
    Suite *s = suite_create("riscv_elf");
    TCase *tc = tcase_create("elf");

    tcase_add_test(tc, test_elf_good_image_parses);
    tcase_add_test(tc, test_elf_rejects_truncated_header);
    tcase_add_test(tc, test_elf_rejects_truncated_segment);
    tcase_add_test(tc, test_elf_rejects_truncated_program_headers);
    tcase_add_test(tc, test_elf_rejects_not_elf);
    tcase_add_test(tc, test_elf_rejects_wrong_machine);
    tcase_add_test(tc, test_elf_rejects_wrong_class);
    tcase_add_test(tc, test_elf_rejects_dynamic);
    tcase_add_test(tc, test_elf_rejects_pie);
    tcase_add_test(tc, test_elf_rejects_overlapping_segments);
    tcase_add_test(tc, test_elf_rejects_segment_outside_memory);
    tcase_add_test(tc, test_elf_load_reports_path_and_reason);
    tcase_add_test(tc, test_elf_load_missing_file);
    tcase_add_test(tc, test_elf_rejects_bad_isa_param);
    suite_add_tcase(s, tc);
    return s;
}
