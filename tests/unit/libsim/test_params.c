/* tests/unit/libsim/test_params.c - param rows applied to YAML maps
 * (libsim/params.c): every kind into fields of each size, defaults, required
 * parameters, ranges with units, enum and key suggestions, field overflow,
 * write-back of canonical text, and the describe helpers. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "config_int.h"
#include "harness.h"

struct all_cfg {
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    float f4;
    double f8;
    double node;
    bool flag;
    uint32_t flag32;
    uint64_t size;
    uint32_t size32;
    uint8_t size8;
    double freq;
    float freq4;
    sim_tick period;
    uint32_t lat;
    uint16_t lat16;
    double e;
    double p;
    double v;
    int repl;
    uint8_t repl8;
    const char *name;
    sim_list tags;
};

static const sim_param rows[] = {
    SIM_PARAM_INT("i8", struct all_cfg, i8, -1, 1.0, 0.0, "int8"),
    SIM_PARAM_INT("i16", struct all_cfg, i16, (-300), 1.0, 0.0, "int16"),
    SIM_PARAM_INT("i32", struct all_cfg, i32, 8, 1, 64, "ways"),
    SIM_PARAM_INT("i64", struct all_cfg, i64, -5000000000, 1.0, 0.0, "int64"),
    SIM_PARAM_UINT("u8", struct all_cfg, u8, 200u, 1.0, 0.0, "uint8"),
    SIM_PARAM_UINT("u16", struct all_cfg, u16, 0x100, 1.0, 0.0, "uint16"),
    SIM_PARAM_UINT("u32", struct all_cfg, u32, 4000000000, 1.0, 0.0, "uint32"),
    SIM_PARAM_UINT("u64", struct all_cfg, u64, 18446744073709551615, 1.0, 0.0, "uint64"),
    SIM_PARAM_FLOAT("f4", struct all_cfg, f4, 0.5f, 0, 1, "float"),
    SIM_PARAM_FLOAT("f8", struct all_cfg, f8, 1e-3, 1.0, 0.0, "double"),
    SIM_PARAM_NUM_U("node", struct all_cfg, node, 22, 5, 180, "nm", "feature size"),
    SIM_PARAM_BOOL("flag", struct all_cfg, flag, true, "bool"),
    SIM_PARAM_BOOL("flag32", struct all_cfg, flag32, 0, "bool in an int"),
    SIM_PARAM_SIZE_R("size", struct all_cfg, size, "32KiB", 64, 1048576, "capacity"),
    SIM_PARAM_SIZE("size32", struct all_cfg, size32, "64B", "line"),
    SIM_PARAM_SIZE("size8", struct all_cfg, size8, "16", "small"),
    SIM_PARAM_FREQ("freq", struct all_cfg, freq, "2GHz", "clock"),
    SIM_PARAM_FREQ("freq4", struct all_cfg, freq4, "100MHz", "float clock"),
    SIM_PARAM_TIME("period", struct all_cfg, period, "13.75ns", "tRC"),
    SIM_PARAM_CYCLES_R("lat", struct all_cfg, lat, 4, 1, 100, "hit latency"),
    SIM_PARAM_CYCLES("lat16", struct all_cfg, lat16, 2, "short"),
    SIM_PARAM_ENERGY("e", struct all_cfg, e, "5pJ", "per access"),
    SIM_PARAM_POWER("p", struct all_cfg, p, "20mW", "leakage"),
    SIM_PARAM_VOLTAGE("v", struct all_cfg, v, "0.8V", "vdd"),
    SIM_PARAM_ENUM("replacement", struct all_cfg, repl, "lru", "lru|plru|random", "victim"),
    SIM_PARAM_ENUM("repl8", struct all_cfg, repl8, "random", "lru|plru|random", "small enum"),
    SIM_PARAM_STRING("name", struct all_cfg, name, "dflt", "label"),
    SIM_PARAM_LIST("tags", struct all_cfg, tags, "[a, b]", "labels"),
};
static const char *const reserved[] = { "type", "clock", "energy", NULL };

static cfg_doc *doc;
static sim_error err;
static struct all_cfg c;

static void setup(void)
{
    doc = cfg_doc_new();
    memset(&err, 0, sizeof(err));
    memset(&c, 0x5a, sizeof(c));
}

static void teardown(void)
{
    cfg_doc_free(doc);
}

/* The map of component x in a YAML text. */
static cfg_node *comp(const char *yaml)
{
    cfg_node *r = cfg_parse_string(doc, yaml, "p.yaml", &err);

    ck_assert_msg(r != NULL, "%s", err.message);
    return cfg_path(r, "components.x");
}

static int apply(const char *yaml)
{
    return params_apply(doc, rows, SIM_COUNT(rows), comp(yaml), reserved, &c, &err);
}

START_TEST(test_defaults_fill_every_field)
{
    ck_assert_int_eq(params_apply(doc, rows, SIM_COUNT(rows), NULL, reserved, &c, &err), 0);
    ck_assert_int_eq(c.i8, -1);
    ck_assert_int_eq(c.i16, -300);
    ck_assert_int_eq(c.i32, 8);
    ck_assert(c.i64 == -5000000000LL);
    ck_assert_uint_eq(c.u8, 200);
    ck_assert_uint_eq(c.u16, 256);
    ck_assert_uint_eq(c.u32, 4000000000u);
    ck_assert(c.u64 == UINT64_MAX);
    ck_assert_float_eq(c.f4, 0.5f);
    ck_assert_double_eq(c.f8, 1e-3);
    ck_assert_double_eq(c.node, 22);
    ck_assert_int_eq(c.flag, true);
    ck_assert_uint_eq(c.flag32, 0);
    ck_assert_uint_eq(c.size, 32768);
    ck_assert_uint_eq(c.size32, 64);
    ck_assert_uint_eq(c.size8, 16);
    ck_assert_double_eq(c.freq, 2e9);
    ck_assert_float_eq(c.freq4, 1e8f);
    ck_assert_uint_eq(c.period, 13750);
    ck_assert_uint_eq(c.lat, 4);
    ck_assert_uint_eq(c.lat16, 2);
    ck_assert_double_eq(c.e, 5e-12);
    ck_assert_double_eq(c.p, 0.02);
    ck_assert_double_eq(c.v, 0.8);
    ck_assert_int_eq(c.repl, 0);
    ck_assert_uint_eq(c.repl8, 2);
    ck_assert_str_eq(c.name, "dflt");
    ck_assert_int_eq(c.tags.n, 2);
    ck_assert_str_eq(c.tags.items[1], "b");
}
END_TEST

START_TEST(test_values_fill_every_field)
{
    ck_assert_msg(apply("components:\n  x:\n    type: thing\n    i8: -128\n    i16: 32767\n"
                        "    i32: 0x20\n    i64: -9223372036854775808\n    u8: 255\n"
                        "    u16: 1e3\n    u32: 4294967295\n    u64: 0xffffffffffffffff\n"
                        "    f4: 0.25\n    f8: -2.5e10\n    node: 45nm\n    flag: off\n"
                        "    flag32: Yes\n    size: 1MiB\n    size32: 2kB\n    size8: 255B\n"
                        "    freq: 800MHz\n    freq4: 1.5GHz\n    period: 7.8us\n"
                        "    lat: 12cycles\n    lat16: 65535\n    e: 1.2nJ\n    p: 300uW\n"
                        "    v: 1200mV\n    replacement: random\n    repl8: plru\n"
                        "    name: \"12\"\n    tags: [x, 'y', 3]\n    clock: core\n") == 0,
                  "%s", err.message);
    ck_assert_int_eq(c.i8, -128);
    ck_assert_int_eq(c.i16, 32767);
    ck_assert_int_eq(c.i32, 32);
    ck_assert(c.i64 == INT64_MIN);
    ck_assert_uint_eq(c.u8, 255);
    ck_assert_uint_eq(c.u16, 1000);
    ck_assert_uint_eq(c.u32, 4294967295u);
    ck_assert(c.u64 == UINT64_MAX);
    ck_assert_float_eq(c.f4, 0.25f);
    ck_assert_double_eq(c.f8, -2.5e10);
    ck_assert_double_eq(c.node, 45);
    ck_assert_int_eq(c.flag, false);
    ck_assert_uint_eq(c.flag32, 1);
    ck_assert_uint_eq(c.size, 1048576);
    ck_assert_uint_eq(c.size32, 2000);
    ck_assert_uint_eq(c.size8, 255);
    ck_assert_double_eq(c.freq, 8e8);
    ck_assert_float_eq(c.freq4, 1.5e9f);
    ck_assert_uint_eq(c.period, 7800000);
    ck_assert_uint_eq(c.lat, 12);
    ck_assert_uint_eq(c.lat16, 65535);
    ck_assert_double_eq(c.e, 1.2e-9);
    ck_assert_double_eq(c.p, 3e-4);
    ck_assert_double_eq(c.v, 1.2);
    ck_assert_int_eq(c.repl, 2);
    ck_assert_uint_eq(c.repl8, 1);
    ck_assert_str_eq(c.name, "12");
    ck_assert_int_eq(c.tags.n, 3);
    ck_assert_str_eq(c.tags.items[0], "x");
    ck_assert_str_eq(c.tags.items[2], "3");
}
END_TEST

START_TEST(test_written_back_canonical)
{
    cfg_node *x = comp("components:\n  x: {type: t, size: 1024B, period: 500ps, flag: on, "
                       "i32: 0x10, tags: solo, node: 16 nm}\n");
    char *out;

    ck_assert_int_eq(params_apply(doc, rows, SIM_COUNT(rows), x, reserved, &c, &err), 0);
    ck_assert_str_eq(cfg_get(x, "size")->value, "1KiB");
    ck_assert_int_eq(cfg_get(x, "size")->line, 2);          /* position kept */
    ck_assert_str_eq(cfg_get(x, "period")->value, "500ps");
    ck_assert_str_eq(cfg_get(x, "flag")->value, "true");
    ck_assert_str_eq(cfg_get(x, "i32")->value, "16");
    ck_assert_str_eq(cfg_get(x, "node")->value, "16");
    ck_assert_str_eq(cfg_get(x, "freq")->value, "2GHz");    /* default added */
    ck_assert_int_eq(cfg_get(x, "freq")->line, 2);           /* at the component */
    ck_assert_int_eq(cfg_get(x, "freq")->col, 3);
    ck_assert_str_eq(cfg_path(x, "name")->file, "p.yaml");
    ck_assert_str_eq(cfg_get(x, "u64")->value, "18446744073709551615");
    ck_assert_str_eq(cfg_get(x, "replacement")->value, "lru");
    ck_assert_int_eq(cfg_get(x, "tags")->kind, CFG_SEQ);    /* lone scalar -> 1-list */
    ck_assert_int_eq(cfg_get(x, "tags")->n, 1);
    ck_assert_int_eq(c.tags.n, 1);
    ck_assert_str_eq(c.tags.items[0], "solo");
    ck_assert_int_eq(x->n, 1 + SIM_COUNT(rows));
    ck_assert_str_eq(x->kids[0]->key, "type");
    out = cfg_emit(x);
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_nonnull(strstr(out, "size: 1KiB\n"));
    ck_assert_ptr_nonnull(strstr(out, "period: 500ps\n"));
    ck_assert_ptr_nonnull(strstr(out, "tags:\n- solo\n"));
    ck_assert_ptr_nonnull(strstr(out, "name: dflt\n"));
    free(out);
    /* applying the written-back map again gives the same cfg */
    {
        struct all_cfg c2;

        memset(&c2, 0x5a, sizeof(c2));
        ck_assert_int_eq(params_apply(doc, rows, SIM_COUNT(rows), x, reserved, &c2, &err), 0);
        ck_assert_uint_eq(c2.size, c.size);
        ck_assert_uint_eq(c2.period, c.period);
        ck_assert_double_eq(c2.f8, c.f8);
        ck_assert_float_eq(c2.f4, c.f4);
        ck_assert(c2.u64 == c.u64);
    }
}
END_TEST

START_TEST(test_null_value_and_empty_map_take_defaults)
{
    cfg_node *x = comp("components:\n  x:\n");

    ck_assert_int_eq(params_apply(doc, rows, SIM_COUNT(rows), x, reserved, &c, &err), 0);
    ck_assert_int_eq(x->kind, CFG_MAP);
    ck_assert_str_eq(cfg_get(x, "size")->value, "32KiB");
    ck_assert_int_eq(apply("components:\n  x: {size: ~, tags: }\n"), 0);
    ck_assert_uint_eq(c.size, 32768);
    ck_assert_int_eq(c.tags.n, 2);
}
END_TEST

START_TEST(test_required_missing)
{
    static const sim_param req[] = {
        SIM_PARAM_SIZE("size", struct all_cfg, size, NULL, "capacity"),
    };
    cfg_node *x = comp("components:\n  x:\n    type: t\n");

    ck_assert_int_eq(params_apply(doc, req, 1, x, reserved, &c, &err), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.size: required parameter missing");
    ck_assert_str_eq(err.file, "p.yaml");
    ck_assert_int_eq(err.line, 2);
    ck_assert_int_eq(err.column, 3);
    ck_assert_int_eq(params_apply(doc, req, 1, NULL, NULL, &c, &err), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "size: required parameter missing");
}
END_TEST

START_TEST(test_range_with_units)
{
    ck_assert_int_eq(apply("components:\n  x: {size: 2MiB}\n"), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.size: must be between 64B and 1MiB, got '2MiB'");
    ck_assert_int_eq(err.line, 2);
    ck_assert_int_eq(err.column, 13);
    ck_assert_int_eq(apply("components:\n  x: {i32: 65}\n"), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.i32: must be between 1 and 64, got '65'");
    ck_assert_int_eq(apply("components:\n  x: {lat: 0}\n"), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.lat: must be between 1 cycles and 100 cycles, got '0'");
    ck_assert_int_eq(apply("components:\n  x: {node: 2nm}\n"), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.node: must be between 5 nm and 180 nm, got '2nm'");
    ck_assert_int_eq(apply("components:\n  x: {f4: 1.5}\n"), SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "between 0 and 1"));
}
END_TEST

START_TEST(test_field_overflow_is_range_error)
{
    ck_assert_int_eq(apply("components:\n  x: {i8: 128}\n"), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.i8: must be between -128 and 127, got '128'");
    ck_assert_int_eq(apply("components:\n  x: {i8: -129}\n"), SIM_ECONFIG);
    ck_assert_int_eq(apply("components:\n  x: {u8: 256}\n"), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.u8: must be between 0 and 255, got '256'");
    ck_assert_int_eq(apply("components:\n  x: {u8: -1}\n"), SIM_ECONFIG);
    ck_assert_int_eq(apply("components:\n  x: {u64: 18446744073709551616}\n"), SIM_ECONFIG);
    ck_assert_int_eq(apply("components:\n  x: {i64: 9223372036854775808}\n"), SIM_ECONFIG);
    ck_assert_int_eq(apply("components:\n  x: {size8: 256B}\n"), SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "at most 255B"));
    ck_assert_int_eq(apply("components:\n  x: {lat16: 65536}\n"), SIM_ECONFIG);
    ck_assert_int_eq(apply("components:\n  x: {size32: 4GiB}\n"), SIM_ECONFIG);
    ck_assert_int_eq(apply("components:\n  x: {freq4: 1e40Hz}\n"), SIM_ECONFIG);
}
END_TEST

START_TEST(test_bad_values)
{
    ck_assert_int_eq(apply("components:\n  x: {size: 2GHz}\n"), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.size: expected a size (B, KiB, MiB, GiB, TiB, kB, MB, GB), "
                                  "got '2GHz' (a frequency)");
    ck_assert_int_eq(apply("components:\n  x: {i32: 1.5}\n"), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.i32: expected an integer, got '1.5'");
    ck_assert_int_eq(apply("components:\n  x: {i32: '8'}\n"), SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "quoted string '8'"));
    ck_assert_int_eq(apply("components:\n  x: {node: 22um}\n"), SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "optionally followed by 'nm'"));
    ck_assert_int_eq(apply("components:\n  x: {flag: maybe}\n"), SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "expected true or false"));
    ck_assert_int_eq(apply("components:\n  x: {f8: fast}\n"), SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "expected a number"));
    ck_assert_int_eq(apply("components:\n  x: {name: [a]}\n"), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.name: expected a string, got a sequence");
    ck_assert_int_eq(apply("components:\n  x: {size: {a: 1}}\n"), SIM_ECONFIG);
    ck_assert_int_eq(apply("components:\n  x: {tags: {a: 1}}\n"), SIM_ECONFIG);
    ck_assert_int_eq(apply("components:\n  x: {tags: [a, [b]]}\n"), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.tags[1]: expected a scalar list item, got a sequence");
    ck_assert_int_eq(err.column, 17);
}
END_TEST

START_TEST(test_enum_nearest)
{
    ck_assert_int_eq(apply("components:\n  x: {replacement: lur}\n"), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.replacement: expected one of lru, plru, random, got 'lur'; "
                                  "did you mean 'lru'?");
    ck_assert_int_eq(err.column, 20);
    ck_assert_int_eq(apply("components:\n  x: {replacement: fifo}\n"), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.replacement: expected one of lru, plru, random, got 'fifo'");
}
END_TEST

START_TEST(test_unknown_key_nearest)
{
    static const sim_param cache[] = {
        SIM_PARAM_INT("assoc", struct all_cfg, i32, 8, 1, 64, "ways"),
        SIM_PARAM_SIZE("size", struct all_cfg, size, "32KiB", "capacity"),
    };
    cfg_node *x = comp("components:\n  x:\n    type: cache\n    asoc: 4\n");

    ck_assert_int_eq(params_apply(doc, cache, 2, x, reserved, &c, &err), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x.asoc: unknown key; did you mean 'assoc'?");
    ck_assert_int_eq(err.line, 4);
    ck_assert_int_eq(err.column, 5);
    x = comp("components:\n  x:\n    banks: 4\n");
    ck_assert_int_eq(params_apply(doc, cache, 2, x, reserved, &c, &err), SIM_ECONFIG);
    ck_assert_str_eq(err.message,
                     "x.banks: unknown key; expected one of assoc, size, type, clock, energy");
}
END_TEST

START_TEST(test_not_a_map)
{
    cfg_node *x = comp("components:\n  x: [1, 2]\n");

    ck_assert_int_eq(params_apply(doc, rows, SIM_COUNT(rows), x, reserved, &c, &err), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "x: expected a mapping of parameters, got a sequence");
}
END_TEST

START_TEST(test_bad_rows_are_einval)
{
    struct odd { char three[3]; double d; };
    static const sim_param bad_size[] = {
        { "three", SIM_P_INT, offsetof(struct odd, three), 3, "1", 1.0, 0.0, NULL, NULL, "x" },
    };
    static const sim_param bad_def[] = {
        SIM_PARAM_SIZE("d", struct all_cfg, size, "lots", "x"),
    };
    struct odd o;

    ck_assert_int_eq(params_apply(doc, bad_size, 1, NULL, NULL, &o, &err), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "three: bad param row"));
    ck_assert_int_eq(params_apply(doc, bad_def, 1, NULL, NULL, &c, &err), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "d: invalid default 'lots'"));
}
END_TEST

START_TEST(test_describe_helpers)
{
    char buf[64];

    ck_assert_str_eq(param_kind_name(SIM_P_SIZE), "size");
    ck_assert_str_eq(param_kind_name(SIM_P_FREQ), "frequency");
    ck_assert_str_eq(param_kind_name(SIM_P_LIST), "list");
    ck_assert_str_eq(param_unit(&rows[13]), "B");
    ck_assert_str_eq(param_unit(&rows[16]), "Hz");
    ck_assert_str_eq(param_unit(&rows[18]), "ps");
    ck_assert_str_eq(param_unit(&rows[19]), "cycles");
    ck_assert_str_eq(param_unit(&rows[10]), "nm");
    ck_assert_str_eq(param_unit(&rows[2]), "");
    ck_assert_str_eq(param_default(&rows[13], buf, sizeof(buf)), "32KiB");
    ck_assert_str_eq(param_default(&rows[18], buf, sizeof(buf)), "13.75ns");
    ck_assert_str_eq(param_default(&rows[1], buf, sizeof(buf)), "-300");
    ck_assert_str_eq(param_default(&rows[11], buf, sizeof(buf)), "true");
    ck_assert_str_eq(param_default(&rows[24], buf, sizeof(buf)), "lru");
    ck_assert_str_eq(param_default(&rows[27], buf, sizeof(buf)), "[a, b]");
    ck_assert_str_eq(param_default(&rows[26], buf, sizeof(buf)), "dflt");
    {
        static const sim_param req = SIM_PARAM_SIZE("s", struct all_cfg, size, NULL, "x");

        ck_assert_ptr_null(param_default(&req, buf, sizeof(buf)));
    }
}
END_TEST

/* Through the kernel: the probe's rows checked by sim_open and written back. */
START_TEST(test_end_to_end_probe_params)
{
    sim_error e;
    sim_t *s = harness_open_err("components:\n  cpu: {type: probe, queu: 4}\n", &e);
    char *text = NULL;

    ck_assert_ptr_null(s);
    ck_assert_int_eq(e.code, SIM_ECONFIG);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.column, 22);
    ck_assert_str_eq(e.message, "cpu.queu: unknown key; did you mean 'queue'?");
    s = harness_open_err("components:\n  cpu: {type: probe, queue: 0}\n", &e);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(e.column, 29);
    ck_assert_ptr_nonnull(strstr(e.message, "cpu.queue: must be between 1 and 1000000"));
    s = harness_open("components:\n  cpu: {type: probe, queue: 0x10}\n");
    ck_assert_int_eq(sim_config_format(s, &text, &e), 0);
    ck_assert_ptr_nonnull(strstr(text, "queue: 16\n"));
    sim_free(text);
    sim_close(s);
}
END_TEST

Suite *params_suite(void)
{
    Suite *s = suite_create("params");
    TCase *t = tcase_create("params");

    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_defaults_fill_every_field);
    tcase_add_test(t, test_values_fill_every_field);
    tcase_add_test(t, test_written_back_canonical);
    tcase_add_test(t, test_null_value_and_empty_map_take_defaults);
    tcase_add_test(t, test_required_missing);
    tcase_add_test(t, test_range_with_units);
    tcase_add_test(t, test_field_overflow_is_range_error);
    tcase_add_test(t, test_bad_values);
    tcase_add_test(t, test_enum_nearest);
    tcase_add_test(t, test_unknown_key_nearest);
    tcase_add_test(t, test_not_a_map);
    tcase_add_test(t, test_bad_rows_are_einval);
    tcase_add_test(t, test_describe_helpers);
    tcase_add_test(t, test_end_to_end_probe_params);
    suite_add_tcase(s, t);
    return s;
}
