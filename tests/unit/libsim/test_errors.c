/* tests/unit/libsim/test_errors.c - every kind of configuration error, end
 * to end through sim_open/sim_elaborate: the message text and the
 * file:line:column it points at. The library never prints or aborts. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"

static sim_error err;

/* Open and build; the config must be rejected. */
static void reject(const char *yaml)
{
    sim_t *s = harness_open_err(yaml, &err);

    ck_assert_msg(s == NULL, "config was accepted:\n%s", yaml);
    ck_assert_int_ne(err.code, 0);
}

#define ck_msg(sub) \
    ck_assert_msg(strstr(err.message, sub) != NULL, "message '%s' lacks '%s'", err.message, sub)
#define ck_pos(l, c) \
    ck_assert_msg(err.line == (l) && err.column == (c), "position %d:%d, expected %d:%d (%s)", \
                  err.line, err.column, l, c, err.message)

START_TEST(test_unknown_key_names_nearest)
{
    reject("components:\n"
           "  mem: {type: simple_mem, latncy: 10ns}\n");
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_str_eq(err.file, "test.yaml");
    ck_pos(2, 27);
    ck_msg("mem.latncy");
    ck_msg("unknown key");
    ck_msg("'latency'");
}
END_TEST

START_TEST(test_unknown_type_names_nearest)
{
    reject("components:\n"
           "  mem: {type: simple_men}\n");
    ck_pos(2, 15);
    ck_msg("unknown type 'simple_men'");
    ck_msg("did you mean 'simple_mem'");
}
END_TEST

START_TEST(test_value_out_of_range)
{
    reject("components:\n"
           "  mem:\n"
           "    type: simple_mem\n"
           "    queue: 0\n");
    ck_pos(4, 12);
    ck_msg("mem.queue");
}
END_TEST

START_TEST(test_wrong_unit)
{
    reject("components:\n"
           "  gen: {type: trafficgen, range: 2GHz}\n"
           "  mem: {type: simple_mem}\n"
           "connections: [gen.out -> mem.in]\n");
    ck_pos(2, 34);
    ck_msg("gen.range");
    ck_msg("2GHz");
    ck_msg("size");
}
END_TEST

START_TEST(test_malformed_yaml)
{
    reject("components:\n"
           "  mem: {type: simple_mem\n"
           "  other: 1\n");
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_int_ge(err.line, 2);
    ck_assert_int_gt(err.column, 0);
}
END_TEST

static char dir[64];

static void write_file(const char *name, const char *text)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void make_dir(void)
{
    strcpy(dir, "/tmp/archsim-errXXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_missing_include)
{
    char path[256];
    sim_t *s;

    make_dir();
    write_file("top.yaml", "include: [base.yaml]\ncomponents: {}\n");
    snprintf(path, sizeof(path), "%s/top.yaml", dir);
    s = sim_open(path, &err);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert(strstr(err.file, "top.yaml") != NULL);
    ck_pos(1, 11);
    ck_msg("base.yaml");
    remove_dir();
}
END_TEST

START_TEST(test_include_cycle)
{
    char path[256];
    sim_t *s;

    make_dir();
    write_file("a.yaml", "include: b.yaml\n");
    write_file("b.yaml", "include: a.yaml\n");
    snprintf(path, sizeof(path), "%s/a.yaml", dir);
    s = sim_open(path, &err);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_msg("cycle");
    ck_msg("a.yaml");
    ck_msg("b.yaml");
    ck_assert_int_eq(err.line, 1);
    remove_dir();
}
END_TEST

START_TEST(test_unconnected_required_port)
{
    reject("components:\n"
           "  gen: {type: trafficgen}\n");
    ck_pos(2, 3);
    ck_msg("gen");
    ck_msg("required port 'out' is not connected");
}
END_TEST

START_TEST(test_port_connected_twice)
{
    reject("components:\n"
           "  gen: {type: trafficgen}\n"
           "  m1: {type: simple_mem}\n"
           "  m2: {type: simple_mem}\n"
           "connections:\n"
           "  - gen.out -> m1.in\n"
           "  - gen.out -> m2.in\n");
    ck_pos(7, 5);
    ck_msg("gen.out is already connected (at test.yaml:6:5)");
}
END_TEST

START_TEST(test_connection_to_missing_instance)
{
    reject("components:\n"
           "  gen: {type: trafficgen}\n"
           "  mem: {type: simple_mem}\n"
           "connections: [gen.out -> mam.in]\n");
    ck_pos(4, 15);
    ck_msg("no instance 'mam'");
    ck_msg("did you mean 'mem'");
}
END_TEST

START_TEST(test_connection_to_missing_port)
{
    reject("components:\n"
           "  gen: {type: trafficgen}\n"
           "  mem: {type: simple_mem}\n"
           "connections: [gen.out -> mem.inn]\n");
    ck_pos(4, 15);
    ck_msg("no port 'inn'");
    ck_msg("did you mean 'in'");
}
END_TEST

START_TEST(test_connection_direction)
{
    reject("components:\n"
           "  gen: {type: trafficgen}\n"
           "  mem: {type: simple_mem}\n"
           "connections: [mem.in -> gen.out]\n");
    ck_msg("target port");
}
END_TEST

START_TEST(test_unknown_section_names_nearest)
{
    reject("component:\n  mem: {type: simple_mem}\n");
    ck_pos(1, 1);
    ck_msg("did you mean 'components'");
}
END_TEST

START_TEST(test_unknown_clock)
{
    reject("clocks: {core: 2GHz}\n"
           "components: {mem: {type: simple_mem, clock: cor}}\n");
    ck_pos(2, 45);
    ck_msg("did you mean 'core'");
}
END_TEST

START_TEST(test_bad_override)
{
    sim_t *s = sim_open_string("components: {mem: {type: simple_mem}}\n", "t.yaml", &err);

    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sim_set(s, "mem.latency", "10GHz", &err), 0);   /* checked when built */
    ck_assert_int_ne(sim_elaborate(s, &err), 0);
    ck_msg("mem.latency");
    ck_assert(strstr(err.file, "--set") != NULL);
    sim_close(s);
}
END_TEST

/* An override of an instance the file lacks, with no type: misspelt, most
 * likely; the nearest instance is named. With a type it is a new one. */
START_TEST(test_override_of_a_missing_instance)
{
    sim_t *s = sim_open_string("components: {mem: {type: simple_mem}}\n", "t.yaml", &err);

    ck_assert_int_eq(sim_set(s, "men.latency", "5ns", &err), 0);
    ck_assert_int_eq(sim_elaborate(s, &err), SIM_ECONFIG);
    ck_assert_str_eq(err.file, "--set men.latency=5ns");
    ck_msg("no such instance; did you mean 'mem'?");
    sim_close(s);
    s = sim_open_string("components: {mem: {type: simple_mem}}\n", "t.yaml", &err);
    ck_assert_int_eq(sim_set(s, "men.type", "simple_mem", &err), 0);
    ck_assert_int_eq(sim_elaborate(s, &err), SIM_ECONFIG);   /* made, then unconnected */
    ck_msg("required port 'in' is not connected");
    sim_close(s);
}
END_TEST

START_TEST(test_energy_key_checked)
{
    reject("components: {p: {type: probe}, mem: {type: simple_mem, energy: {reed: 1pJ}}}\n"
           "connections: [p.out -> mem.in]\n");
    ck_msg("did you mean 'read'");
}
END_TEST

Suite *errors_suite(void)
{
    Suite *s = suite_create("errors");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_unknown_key_names_nearest);
    tcase_add_test(tc, test_unknown_type_names_nearest);
    tcase_add_test(tc, test_value_out_of_range);
    tcase_add_test(tc, test_wrong_unit);
    tcase_add_test(tc, test_malformed_yaml);
    tcase_add_test(tc, test_missing_include);
    tcase_add_test(tc, test_include_cycle);
    tcase_add_test(tc, test_unconnected_required_port);
    tcase_add_test(tc, test_port_connected_twice);
    tcase_add_test(tc, test_connection_to_missing_instance);
    tcase_add_test(tc, test_connection_to_missing_port);
    tcase_add_test(tc, test_connection_direction);
    tcase_add_test(tc, test_unknown_section_names_nearest);
    tcase_add_test(tc, test_unknown_clock);
    tcase_add_test(tc, test_bad_override);
    tcase_add_test(tc, test_override_of_a_missing_instance);
    tcase_add_test(tc, test_energy_key_checked);
    suite_add_tcase(s, tc);
    return s;
}
