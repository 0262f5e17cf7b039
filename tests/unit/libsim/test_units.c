/* tests/unit/libsim/test_units.c - numbers and units (libsim/units.c): every
 * kind, good and bad text, exact decimal conversion, the messages, and the
 * canonical formatting with its parse-back round trip. */
#include <check.h>
#include <math.h>
#include <string.h>
#include "config_int.h"

static double unit(int kind, const char *s)
{
    char msg[256];
    double v = -12345;

    ck_assert_msg(sim_parse_unit(kind, s, &v, msg, sizeof(msg)) == 0, "'%s': %s", s, msg);
    return v;
}

/* The message for text that must be refused. */
static const char *refused(int kind, const char *s)
{
    static char msg[256];
    double v = -12345;

    msg[0] = 0;
    ck_assert_msg(sim_parse_unit(kind, s, &v, msg, sizeof(msg)) == SIM_ECONFIG,
                  "'%s' accepted as %g", s, v);
    ck_assert_double_eq(v, -12345);
    return msg;
}

START_TEST(test_numbers)
{
    double v;

    ck_assert_int_eq(sim_parse_number("12", &v), 0);
    ck_assert_double_eq(v, 12);
    ck_assert_int_eq(sim_parse_number("-3.5", &v), 0);
    ck_assert_double_eq(v, -3.5);
    ck_assert_int_eq(sim_parse_number("1e9", &v), 0);
    ck_assert_double_eq(v, 1e9);
    ck_assert_int_eq(sim_parse_number("0x40", &v), 0);
    ck_assert_double_eq(v, 64);
    ck_assert_int_eq(sim_parse_number("-0X1f", &v), 0);
    ck_assert_double_eq(v, -31);
    ck_assert_int_eq(sim_parse_number(" .25 ", &v), 0);
    ck_assert_double_eq(v, 0.25);
    ck_assert_int_eq(sim_parse_number("+2.5E-3", &v), 0);
    ck_assert_double_eq(v, 0.0025);
    ck_assert_int_eq(sim_parse_number("0.1", &v), 0);
    ck_assert_double_eq(v, 0.1);
    ck_assert_int_eq(sim_parse_number("12345678901234567890123", &v), 0);
    ck_assert_double_eq(v, 12345678901234567890123.0);
    ck_assert_int_eq(sim_parse_number("007", &v), 0);
    ck_assert_double_eq(v, 7);
}
END_TEST

START_TEST(test_numbers_bad)
{
    static const char *const bad[] = { "", " ", "abc", "1.2.3", "0x", "12abc", "inf", "nan",
                                       "1e", "--1", "1 2", "0x1p3", "1e999999", ".", "-" };
    double v = 99;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(sim_parse_number(bad[i], &v) == SIM_ECONFIG, "'%s' accepted", bad[i]);
    ck_assert_double_eq(v, 99);
}
END_TEST

START_TEST(test_sizes)
{
    ck_assert_double_eq(unit(SIM_P_SIZE, "64B"), 64);
    ck_assert_double_eq(unit(SIM_P_SIZE, "64"), 64);
    ck_assert_double_eq(unit(SIM_P_SIZE, "32KiB"), 32768);
    ck_assert_double_eq(unit(SIM_P_SIZE, "1MiB"), 1048576);
    ck_assert_double_eq(unit(SIM_P_SIZE, "2GiB"), 2147483648.0);
    ck_assert_double_eq(unit(SIM_P_SIZE, "1TiB"), 1099511627776.0);
    ck_assert_double_eq(unit(SIM_P_SIZE, "4kB"), 4000);
    ck_assert_double_eq(unit(SIM_P_SIZE, "1MB"), 1e6);
    ck_assert_double_eq(unit(SIM_P_SIZE, "3GB"), 3e9);
    ck_assert_double_eq(unit(SIM_P_SIZE, "1.5KiB"), 1536);
    ck_assert_double_eq(unit(SIM_P_SIZE, "8 KiB"), 8192);
    ck_assert_double_eq(unit(SIM_P_SIZE, "0x1000"), 4096);
    ck_assert_double_eq(unit(SIM_P_SIZE, "0"), 0);
}
END_TEST

START_TEST(test_sizes_bad)
{
    ck_assert_str_eq(refused(SIM_P_SIZE, "2GHz"),
                     "expected a size (B, KiB, MiB, GiB, TiB, kB, MB, GB), got '2GHz' "
                     "(a frequency)");
    ck_assert_str_eq(refused(SIM_P_SIZE, "2Kib"),
                     "expected a size (B, KiB, MiB, GiB, TiB, kB, MB, GB), got '2Kib'; "
                     "did you mean 'KiB'?");
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_SIZE, "-1KiB"), "(negative)"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_SIZE, "0.3B"), "not a whole number of bytes"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_SIZE, "big"), "got 'big'"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_SIZE, "10ns"), "(a time)"));
    refused(SIM_P_SIZE, "");
    refused(SIM_P_SIZE, "KiB");
    refused(SIM_P_SIZE, "1kib");          /* spellings are exact */
    refused(SIM_P_SIZE, "1e400B");
}
END_TEST

START_TEST(test_frequencies)
{
    ck_assert_double_eq(unit(SIM_P_FREQ, "2GHz"), 2e9);
    ck_assert_double_eq(unit(SIM_P_FREQ, "800MHz"), 8e8);
    ck_assert_double_eq(unit(SIM_P_FREQ, "100kHz"), 1e5);
    ck_assert_double_eq(unit(SIM_P_FREQ, "50Hz"), 50);
    ck_assert_double_eq(unit(SIM_P_FREQ, "2.4GHz"), 2.4e9);
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_FREQ, "2"), "(no unit)"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_FREQ, "1ns"), "(a time)"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_FREQ, "-1GHz"), "(negative)"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_FREQ, "2Ghz"), "did you mean 'GHz'?"));
}
END_TEST

START_TEST(test_times)
{
    ck_assert_double_eq(unit(SIM_P_TIME, "500ps"), 500);
    ck_assert_double_eq(unit(SIM_P_TIME, "13.75ns"), 13750);
    ck_assert_double_eq(unit(SIM_P_TIME, "7.8us"), 7800000);
    ck_assert_double_eq(unit(SIM_P_TIME, "7.8\xc2\xb5s"), 7800000);
    ck_assert_double_eq(unit(SIM_P_TIME, "64ms"), 64e9);
    ck_assert_double_eq(unit(SIM_P_TIME, "1s"), 1e12);
    ck_assert_double_eq(unit(SIM_P_TIME, "0.001ns"), 1);
    ck_assert_double_eq(unit(SIM_P_TIME, "0"), 0);
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_TIME, "0.5ps"), "1ps resolution"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_TIME, "10"), "(no unit)"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_TIME, "2GHz"), "expected a time (ps, ns, us, ms, s)"));
    refused(SIM_P_TIME, "1 sec");
}
END_TEST

START_TEST(test_energy_power_voltage)
{
    ck_assert_double_eq(unit(SIM_P_ENERGY, "5pJ"), 5e-12);
    ck_assert_double_eq(unit(SIM_P_ENERGY, "1.2nJ"), 1.2e-9);
    ck_assert_double_eq(unit(SIM_P_ENERGY, "3uJ"), 3e-6);
    ck_assert_double_eq(unit(SIM_P_ENERGY, "3\xc2\xb5J"), 3e-6);
    ck_assert_double_eq(unit(SIM_P_ENERGY, "7fJ"), 7e-15);
    ck_assert_double_eq(unit(SIM_P_ENERGY, "2mJ"), 2e-3);
    ck_assert_double_eq(unit(SIM_P_ENERGY, "1J"), 1);
    ck_assert_double_eq(unit(SIM_P_POWER, "20mW"), 0.02);
    ck_assert_double_eq(unit(SIM_P_POWER, "1.5W"), 1.5);
    ck_assert_double_eq(unit(SIM_P_POWER, "300uW"), 3e-4);
    ck_assert_double_eq(unit(SIM_P_POWER, "4nW"), 4e-9);
    ck_assert_double_eq(unit(SIM_P_VOLTAGE, "0.8V"), 0.8);
    ck_assert_double_eq(unit(SIM_P_VOLTAGE, "1200mV"), 1.2);
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_ENERGY, "5mW"), "(a power)"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_ENERGY, "5pW"), "did you mean 'pJ'?"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_POWER, "20MW"), "expected a power (nW, uW, mW, W)"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_VOLTAGE, "1"), "(no unit)"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_VOLTAGE, "1mJ"), "(an energy)"));
}
END_TEST

START_TEST(test_cycles)
{
    ck_assert_double_eq(unit(SIM_P_CYCLES, "12"), 12);
    ck_assert_double_eq(unit(SIM_P_CYCLES, "12cycles"), 12);
    ck_assert_double_eq(unit(SIM_P_CYCLES, "1 cycle"), 1);
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_CYCLES, "1.5"), "not a whole number"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_CYCLES, "3ns"), "(a time)"));
    ck_assert_ptr_nonnull(strstr(refused(SIM_P_CYCLES, "-2"), "(negative)"));
}
END_TEST

START_TEST(test_kind_without_units)
{
    char msg[64];
    double v;

    ck_assert_int_eq(sim_parse_unit(SIM_P_INT, "1", &v, msg, sizeof(msg)), SIM_EINVAL);
    ck_assert_int_eq(sim_parse_unit(SIM_P_SIZE, "x", &v, NULL, 0), SIM_ECONFIG);
    ck_assert_int_eq(sim_format_unit(SIM_P_ENUM, 1, msg, sizeof(msg)), SIM_EINVAL);
}
END_TEST

static const char *fmt(int kind, double v)
{
    static char buf[64];

    ck_assert_int_eq(sim_format_unit(kind, v, buf, sizeof(buf)), 0);
    return buf;
}

START_TEST(test_format)
{
    ck_assert_str_eq(fmt(SIM_P_SIZE, 32768), "32KiB");
    ck_assert_str_eq(fmt(SIM_P_SIZE, 64), "64B");
    ck_assert_str_eq(fmt(SIM_P_SIZE, 1536), "1536B");
    ck_assert_str_eq(fmt(SIM_P_SIZE, 1000), "1kB");
    ck_assert_str_eq(fmt(SIM_P_SIZE, 4096000), "4000KiB");
    ck_assert_str_eq(fmt(SIM_P_SIZE, 1073741824.0), "1GiB");
    ck_assert_str_eq(fmt(SIM_P_SIZE, 0), "0B");
    ck_assert_str_eq(fmt(SIM_P_FREQ, 2e9), "2GHz");
    ck_assert_str_eq(fmt(SIM_P_FREQ, 2.4e9), "2.4GHz");
    ck_assert_str_eq(fmt(SIM_P_FREQ, 999), "999Hz");
    ck_assert_str_eq(fmt(SIM_P_TIME, 500), "500ps");
    ck_assert_str_eq(fmt(SIM_P_TIME, 13750), "13.75ns");
    ck_assert_str_eq(fmt(SIM_P_TIME, 64e9), "64ms");
    ck_assert_str_eq(fmt(SIM_P_TIME, 0), "0ps");
    ck_assert_str_eq(fmt(SIM_P_ENERGY, 5e-12), "5pJ");
    ck_assert_str_eq(fmt(SIM_P_ENERGY, 1.2e-9), "1.2nJ");
    ck_assert_str_eq(fmt(SIM_P_POWER, 0.02), "20mW");
    ck_assert_str_eq(fmt(SIM_P_VOLTAGE, 0.8), "800mV");
    ck_assert_str_eq(fmt(SIM_P_VOLTAGE, 1.2), "1.2V");
    ck_assert_str_eq(fmt(SIM_P_CYCLES, 12), "12");
}
END_TEST

/* Regression: zero came out in the smallest unit with every digit the
 * decimal point moved past: "0000000000000000fJ", "0000000000nW". */
START_TEST(test_format_zero)
{
    static const struct { int kind; const char *text; } cases[] = {
        { SIM_P_ENERGY, "0J" }, { SIM_P_POWER, "0W" }, { SIM_P_VOLTAGE, "0V" },
        { SIM_P_SIZE, "0B" }, { SIM_P_FREQ, "0Hz" }, { SIM_P_TIME, "0ps" },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        double back = 1;

        ck_assert_str_eq(fmt(cases[i].kind, 0), cases[i].text);
        ck_assert_str_eq(fmt(cases[i].kind, -0.0), cases[i].text);
        ck_assert_int_eq(sim_parse_unit(cases[i].kind, cases[i].text, &back, NULL, 0), 0);
        ck_assert(back == 0);
    }
}
END_TEST

START_TEST(test_format_parses_back)
{
    static const struct { int kind; double v; } cases[] = {
        { SIM_P_SIZE, 3 }, { SIM_P_SIZE, 12288 }, { SIM_P_SIZE, 5e9 }, { SIM_P_SIZE, 1099511627776.0 * 3 },
        { SIM_P_FREQ, 1.5e9 }, { SIM_P_FREQ, 33333333 }, { SIM_P_TIME, 1 }, { SIM_P_TIME, 123456789 },
        { SIM_P_TIME, 7800000 }, { SIM_P_ENERGY, 3.3e-13 }, { SIM_P_ENERGY, 2.5 },
        { SIM_P_POWER, 1.25e-7 }, { SIM_P_VOLTAGE, 0.95 }, { SIM_P_CYCLES, 100000 },
    };
    char buf[64];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        double back;

        ck_assert_int_eq(sim_format_unit(cases[i].kind, cases[i].v, buf, sizeof(buf)), 0);
        ck_assert_int_eq(sim_parse_unit(cases[i].kind, buf, &back, NULL, 0), 0);
        ck_assert_msg(fabs(back - cases[i].v) <= 1e-9 * cases[i].v, "%g -> %s -> %g",
                      cases[i].v, buf, back);
    }
    ck_assert_int_eq(sim_format_unit(SIM_P_SIZE, 32768, buf, 3), SIM_EINVAL);
}
END_TEST

/* Regression: the canonical text of a model's energy was rounded to 10
 * digits, so config.yaml did not reproduce a run bit for bit. */
START_TEST(test_format_round_trips_exactly)
{
    static const int kinds[] = { SIM_P_FREQ, SIM_P_TIME, SIM_P_ENERGY, SIM_P_POWER,
                                 SIM_P_VOLTAGE };
    uint64_t x = 88172645463325252ull;

    for (int k = 0; k < 5; k++)
        for (int i = 0; i < 20000; i++) {
            char buf[64], msg[128];
            double v, back;

            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v = (double)(x >> 11) * 0x1.0p-53;      /* [0, 1) */
            v = ldexp(v, (int)(x % 60) - 50);
            if (kinds[k] == SIM_P_TIME)
                v = floor(v * 1e12);                /* whole picoseconds */
            ck_assert_int_eq(sim_format_unit(kinds[k], v, buf, sizeof(buf)), 0);
            ck_assert_msg(sim_parse_unit(kinds[k], buf, &back, msg, sizeof(msg)) == 0, "%s: %s", buf, msg);
            ck_assert_msg(back == v, "%.17g -> '%s' -> %.17g", v, buf, back);
        }
}
END_TEST

Suite *units_suite(void)
{
    Suite *s = suite_create("units");
    TCase *t = tcase_create("units");

    tcase_add_test(t, test_numbers);
    tcase_add_test(t, test_numbers_bad);
    tcase_add_test(t, test_sizes);
    tcase_add_test(t, test_sizes_bad);
    tcase_add_test(t, test_frequencies);
    tcase_add_test(t, test_times);
    tcase_add_test(t, test_energy_power_voltage);
    tcase_add_test(t, test_cycles);
    tcase_add_test(t, test_kind_without_units);
    tcase_add_test(t, test_format);
    tcase_add_test(t, test_format_parses_back);
    tcase_add_test(t, test_format_zero);
    tcase_add_test(t, test_format_round_trips_exactly);
    suite_add_tcase(s, t);
    return s;
}
