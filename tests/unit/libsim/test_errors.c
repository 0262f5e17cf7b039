/* tests/unit/libsim/test_errors.c - every kind of configuration error, end
 * to end through sim_open/sim_elaborate: the message text and the
 * file:line:column it points at. The library never prints or aborts. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "config_int.h"     /* cfg_error: the kernel's error helpers */

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

/* Regression: an out-of-range supply gave an empty message ("energy: ")
 * at the energy: section: the error was formatted into itself. */
START_TEST(test_vdd_out_of_range_points_at_value)
{
    reject("energy: {vdd: -1V}\n");
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_pos(1, 15);
    ck_msg("energy.vdd: must be between 450mV and 2V");
    ck_msg("0V for the node's nominal 800mV");
    ck_msg("'-1V'");
    reject("energy:\n"
           "  node: 45\n"
           "  vdd: 50V\n");
    ck_pos(3, 8);
    ck_msg("nominal 1V, got '50V'");
}
END_TEST

/* The error helpers take a callee's message as an argument and write it
 * into the same sim_error (formatting it into itself emptied it). */
START_TEST(test_error_passed_back_into_itself)
{
    cfg_doc *d = cfg_doc_new();
    cfg_node *root = cfg_parse_string(d, "a: {b: 1}\n", "x.yaml", &err);

    ck_assert_ptr_nonnull(root);
    sim_error_set(&err, SIM_EINVAL, "inner reason");
    sim_error_set(&err, SIM_ECONFIG, "%s", err.message);
    ck_assert_str_eq(err.message, "inner reason");
    ck_assert_int_eq(cfg_error(&err, cfg_path(root, "a.b"), "%s", err.message), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "a.b: inner reason");
    ck_pos(1, 8);
    cfg_error_key(&err, cfg_get(root, "a"), "%s (again)", err.message);
    ck_assert_str_eq(err.message, "a: a.b: inner reason (again)");
    cfg_doc_free(d);
}
END_TEST

/* Regression: a zero energy was written 0000000000000000fJ, in the
 * resolved config and in range errors. */
START_TEST(test_zero_energy_reads_as_zero)
{
    sim_t *s = harness_open("components: {p: {type: probe}, mem: {type: simple_mem,\n"
                            "  energy: {read: 0J, write: 0pJ, leakage: 0W}}}\n"
                            "connections: [p.out -> mem.in]\n");

    ck_assert_str_eq(sim_config_get(s, "mem.energy.read"), "0J");
    ck_assert_str_eq(sim_config_get(s, "mem.energy.write"), "0J");
    ck_assert_str_eq(sim_config_get(s, "mem.energy.leakage"), "0W");
    sim_close(s);
    reject("components: {p: {type: probe}, mem: {type: simple_mem, energy: {read: -4nJ}}}\n"
           "connections: [p.out -> mem.in]\n");
    ck_msg("mem.energy.read: must be at least 0J, got '-4nJ'");
}
END_TEST

/* Regression: a registered type's stat that clashes with the energy
 * statistics the kernel adds was SIM_EINVAL with no position. */
struct clash { uint64_t n, ev; };
static void *clash_init(sim_comp *c, const void *cfg, sim_error *e)
{
    (void)c, (void)cfg;
    return sim_zalloc(e, sizeof(struct clash));
}
static sim_tick clash_lt(void *self, int port, sim_req *r)
{
    (void)self, (void)port, (void)r;
    return 1000;
}
static const sim_port clash_ports[] = { { "in", SIM_TARGET, "requests" } };
static const sim_stat clash_stats[] = {
    SIM_STAT("energy.total", struct clash, n, "a name the kernel gives priced instances"),
};
static const sim_energy_event clash_energy[] = {
    SIM_ENERGY("access", struct clash, ev, "one access"),
};
static const sim_type clash_type = {
    .name = "clash", .doc = "a stat named like an energy statistic",
    .stats = clash_stats, .n_stats = 1, .energy = clash_energy, .n_energy = 1,
    .ports = clash_ports, .n_ports = 1, .init = clash_init, .fini = free,
    .access_lt = clash_lt,
};

START_TEST(test_stat_clash_points_at_instance)
{
    sim_t *s = sim_open_string("components:\n"
                               "  p: {type: probe}\n"
                               "  mem: {type: clash}\n"
                               "connections: [p.out -> mem.in]\n", "t.yaml", &err);

    harness_register(s);
    ck_assert_int_eq(sim_register_type(s, &clash_type, &err), 0);
    ck_assert_int_eq(sim_elaborate(s, &err), SIM_ECONFIG);
    ck_assert_str_eq(err.file, "t.yaml");
    ck_pos(3, 3);
    ck_msg("mem: statistic 'mem.energy.total' is defined twice");
    ck_msg("energy.*");
    sim_close(s);
    /* an instance named sim meets the kernel's sim.* statistics */
    s = sim_open_string("components:\n"
                        "  p: {type: probe}\n"
                        "  sim: {type: clash_ticks}\n"
                        "connections: [p.out -> sim.in]\n", "t.yaml", &err);
    {
        static const sim_stat ticks[] = { SIM_STAT("ticks", struct clash, n, "clashes") };
        static sim_type t;

        t = clash_type;
        t.name = "clash_ticks";
        t.stats = ticks;
        t.n_energy = 0;
        harness_register(s);
        ck_assert_int_eq(sim_register_type(s, &t, &err), 0);
        ck_assert_int_eq(sim_elaborate(s, &err), SIM_ECONFIG);
    }
    ck_pos(3, 3);
    ck_msg("statistic 'sim.ticks' is defined twice");
    sim_close(s);
}
END_TEST

static void keep_log(int level, const char *message, void *user)
{
    if (level == SIM_LOG_WARN)
        snprintf(user, 512, "%s", message);
}

/* Energy events nothing prices (no model, no energy: values) count 0 J:
 * said once, as a warning, when the components are built. */
START_TEST(test_unpriced_energy_events_warned)
{
    static const char *const yaml[2] = {
        "components:\n  p: {type: probe}\n  mem: {type: unpriced}\n"
        "connections: [p.out -> mem.in]\n",
        "components:\n  p: {type: probe}\n  mem: {type: unpriced, energy: {access: 1pJ}}\n"
        "connections: [p.out -> mem.in]\n",
    };
    sim_type t = clash_type;

    t.name = "unpriced";
    t.stats = NULL;
    t.n_stats = 0;
    for (int i = 0; i < 2; i++) {
        char said[512] = "";
        sim_t *s = sim_open_string(yaml[i], "t.yaml", &err);

        harness_register(s);
        sim_set_log(s, keep_log, said);
        ck_assert_int_eq(sim_register_type(s, &t, &err), 0);
        ck_assert_int_eq(sim_elaborate(s, &err), 0);
        if (i == 0)
            ck_assert_msg(strstr(said, "1 energy event (access) priced at 0 J") != NULL, "%s",
                          said);
        else
            ck_assert_str_eq(said, "");
        sim_close(s);
    }
}
END_TEST

/* Type, param and port names are what a config can write as a key. */
START_TEST(test_type_names_are_identifiers)
{
    static const sim_port spaced_port[] = { { "in put", SIM_TARGET, "requests" } };
    sim_t *s = sim_open_string("components: {}\n", "t.yaml", &err);
    sim_type t = clash_type;

    t.name = "my mem";
    ck_assert_int_eq(sim_register_type(s, &t, &err), SIM_EINVAL);
    ck_msg("type name 'my mem': expected letters, digits and _");
    t.name = "9mem";
    ck_assert_int_eq(sim_register_type(s, &t, &err), SIM_EINVAL);
    t.name = "mem_2";
    t.ports = spaced_port;
    ck_assert_int_eq(sim_register_type(s, &t, &err), SIM_EINVAL);
    ck_msg("type 'mem_2': port name 'in put'");
    t.ports = clash_type.ports;
    ck_assert_int_eq(sim_register_type(s, &t, &err), 0);
    sim_close(s);
}
END_TEST

/* A check across parameters names one of them; an override of another one
 * that made it fail is named too. */
START_TEST(test_cross_check_names_the_override)
{
    sim_t *s = sim_open_string("components:\n"
                               "  p: {type: probe}\n"
                               "  mem: {type: dram, preset: DDR4-2400}\n"
                               "connections: [p.out -> mem.in]\n", "t.yaml", &err);

    harness_register(s);
    ck_assert_int_eq(sim_set(s, "mem.tRP", "17", &err), 0);
    ck_assert_int_eq(sim_elaborate(s, &err), SIM_ECONFIG);
    ck_msg("mem.tRC: must be at least tRAS + tRP");
    ck_msg("(after --set mem.tRP=17)");
    sim_close(s);
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
    tcase_add_test(tc, test_vdd_out_of_range_points_at_value);
    tcase_add_test(tc, test_error_passed_back_into_itself);
    tcase_add_test(tc, test_zero_energy_reads_as_zero);
    tcase_add_test(tc, test_stat_clash_points_at_instance);
    tcase_add_test(tc, test_cross_check_names_the_override);
    tcase_add_test(tc, test_type_names_are_identifiers);
    tcase_add_test(tc, test_unpriced_energy_events_warned);
    suite_add_tcase(s, tc);
    return s;
}
