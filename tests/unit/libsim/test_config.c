/* tests/unit/libsim/test_config.c - the configuration tree (libsim/config.c):
 * positions of values and keys, includes (merge order, lists, relative paths,
 * missing files, cycles), --set overrides, emit/parse round trips, malformed
 * YAML, duplicate keys, aliases and merge keys, nearest names. Calls the
 * internal API directly; include tests write files under a mkdtemp folder. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config_int.h"

static cfg_doc *doc;
static sim_error err;

static void setup(void)
{
    doc = cfg_doc_new();
    memset(&err, 0, sizeof(err));
}

static void teardown(void)
{
    cfg_doc_free(doc);
}

static cfg_node *parse(const char *text)
{
    return cfg_parse_string(doc, text, "test.yaml", &err);
}

/* ---- temporary folder for include tests */

static char tmpdir[64];

static void tmp_setup(void)
{
    setup();
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/archsim-cfg-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void tmp_teardown(void)
{
    char cmd[128];

    teardown();
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Write text to tmpdir/name; returns the full path in a static buffer. */
static const char *put(const char *name, const char *text)
{
    static char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static const char *tmp_path(const char *name)
{
    static char path[256];

    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    return path;
}

static bool same_tree(const cfg_node *a, const cfg_node *b)
{
    if (a->kind != b->kind || a->n != b->n || strcmp(a->value, b->value) != 0)
        return false;
    if (a->kind == CFG_SCALAR && a->quoted != b->quoted)
        return false;
    if ((a->key == NULL) != (b->key == NULL) || (a->key && strcmp(a->key, b->key) != 0))
        return false;
    for (int i = 0; i < a->n; i++)
        if (!same_tree(a->kids[i], b->kids[i]))
            return false;
    return true;
}

/* ------------------------------------------------------------ structure */

START_TEST(test_nested_positions)
{
    cfg_node *r = parse("components:\n"
                        "  l1d:\n"
                        "    type: cache\n"
                        "    size: 32KiB\n"
                        "connections: [cpu.out -> l1d.cpu, 'x']\n"
                        "list:\n"
                        "  - a\n"
                        "  - {b: 1}\n");
    cfg_node *n;

    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->kind, CFG_MAP);
    ck_assert_int_eq(r->n, 3);
    n = cfg_path(r, "components.l1d.size");
    ck_assert_ptr_nonnull(n);
    ck_assert_int_eq(n->kind, CFG_SCALAR);
    ck_assert_str_eq(n->value, "32KiB");
    ck_assert_int_eq(n->quoted, false);
    ck_assert_str_eq(n->file, "test.yaml");
    ck_assert_int_eq(n->line, 4);
    ck_assert_int_eq(n->col, 11);
    ck_assert_int_eq(n->key_line, 4);
    ck_assert_int_eq(n->key_col, 5);
    n = cfg_path(r, "connections[1]");
    ck_assert_ptr_nonnull(n);
    ck_assert_str_eq(n->value, "x");
    ck_assert_int_eq(n->quoted, true);
    ck_assert_int_eq(n->line, 5);
    ck_assert_int_eq(n->col, 35);
    n = cfg_path(r, "list[1].b");
    ck_assert_ptr_nonnull(n);
    ck_assert_str_eq(n->value, "1");
    ck_assert_int_eq(n->line, 8);
    ck_assert_int_eq(n->col, 9);
    ck_assert_ptr_eq(cfg_path(r, "list[1]")->parent, cfg_get(r, "list"));
    ck_assert_ptr_null(cfg_path(r, "list[2]"));
    ck_assert_ptr_null(cfg_path(r, "components.l2"));
    ck_assert_ptr_null(cfg_get(r, "include"));
}
END_TEST

START_TEST(test_nulls_and_quotes)
{
    cfg_node *r = parse("a:\nb: ~\nc: null\nd: ''\ne: \"12\"\nf: !!str 12\ng: |\n  text\n");

    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(cfg_get(r, "a")->kind, CFG_NULL);
    ck_assert_str_eq(cfg_get(r, "a")->value, "");
    ck_assert_int_eq(cfg_get(r, "b")->kind, CFG_NULL);
    ck_assert_int_eq(cfg_get(r, "c")->kind, CFG_NULL);
    ck_assert_int_eq(cfg_get(r, "d")->kind, CFG_SCALAR);
    ck_assert_int_eq(cfg_get(r, "d")->quoted, true);
    ck_assert_int_eq(cfg_get(r, "e")->quoted, true);
    ck_assert_int_eq(cfg_get(r, "f")->quoted, true);
    ck_assert_str_eq(cfg_get(r, "g")->value, "text\n");
    ck_assert_int_eq(cfg_get(r, "g")->quoted, true);
}
END_TEST

START_TEST(test_empty_file_is_empty_map)
{
    cfg_node *r = parse("# nothing here\n");

    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->kind, CFG_MAP);
    ck_assert_int_eq(r->n, 0);
    r = parse("");
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->kind, CFG_MAP);
}
END_TEST

START_TEST(test_root_must_be_map)
{
    ck_assert_ptr_null(parse("- a\n- b\n"));
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_int_eq(err.line, 1);
    ck_assert_ptr_nonnull(strstr(err.message, "top level must be a mapping"));
}
END_TEST

START_TEST(test_malformed_yaml_position)
{
    ck_assert_ptr_null(parse("a: 1\nb: [1, 2\nc: 3\n"));
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_str_eq(err.file, "test.yaml");
    ck_assert_int_eq(err.line, 3);
    ck_assert_ptr_nonnull(strstr(err.message, "flow sequence"));

    ck_assert_ptr_null(parse("a: 1\n  b: 2\n"));
    ck_assert_int_eq(err.line, 2);
    ck_assert_int_eq(err.column, 4);
    ck_assert_ptr_nonnull(strstr(err.message, "mapping values are not allowed"));
}
END_TEST

START_TEST(test_duplicate_key)
{
    ck_assert_ptr_null(parse("components:\n  l1:\n    size: 1\n    size: 2\n"));
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_int_eq(err.line, 4);
    ck_assert_int_eq(err.column, 5);
    ck_assert_str_eq(err.message, "l1.size: duplicate key (first at line 3, column 5)");
    /* big maps check through a hash set */
    ck_assert_ptr_nonnull(parse("{k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, "
                                "k9: 9, k10: 10, k11: 11, k12: 12, k13: 13, k14: 14, k15: 15, "
                                "k16: 16, k17: 17, k18: 18, k19: 19, k20: 20, k21: 21}\n"));
    ck_assert_ptr_null(parse("{k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, "
                             "k9: 9, k10: 10, k11: 11, k12: 12, k13: 13, k14: 14, k15: 15, "
                             "k16: 16, k17: 17, k18: 18, k19: 19, k20: 20, k3: 21}\n"));
    ck_assert_str_eq(err.message, "k3: duplicate key (first at line 1, column 23)");
    ck_assert_ptr_null(parse("{k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, "
                             "k8: 9}\n"));
    ck_assert_str_eq(err.message, "k8: duplicate key (first at line 1, column 58)");
}
END_TEST

START_TEST(test_second_document_refused)
{
    ck_assert_ptr_null(parse("a: 1\n---\nb: 2\n"));
    ck_assert_int_eq(err.line, 2);
    ck_assert_ptr_nonnull(strstr(err.message, "second YAML document"));
}
END_TEST

START_TEST(test_alias_copies_and_merge_keys)
{
    cfg_node *r = parse("base: &b {size: 1KiB, assoc: 2}\n"
                        "l1: *b\n"
                        "l2:\n"
                        "  <<: *b\n"
                        "  assoc: 8\n");
    cfg_node *l1, *l2;

    ck_assert_ptr_nonnull(r);
    l1 = cfg_get(r, "l1");
    ck_assert_int_eq(l1->kind, CFG_MAP);
    ck_assert_ptr_ne(l1, cfg_get(r, "base"));     /* a copy, not a share */
    ck_assert_str_eq(cfg_get(l1, "size")->value, "1KiB");
    ck_assert_str_eq(l1->key, "l1");
    l2 = cfg_get(r, "l2");
    ck_assert_int_eq(l2->n, 2);
    ck_assert_ptr_null(cfg_get(l2, "<<"));
    ck_assert_str_eq(cfg_get(l2, "assoc")->value, "8");       /* explicit key wins */
    ck_assert_str_eq(cfg_get(l2, "size")->value, "1KiB");
    ck_assert_ptr_eq(cfg_get(l2, "size")->parent, l2);
    r = parse("a: &x {f: 1}\nb: [*x]\n");
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_null(cfg_path(r, "b[0]")->key);              /* no stale key 'a' */
    ck_assert_int_eq(cfg_path(r, "b[0]")->key_line, 0);

    ck_assert_ptr_null(parse("a: *nope\n"));
    ck_assert_int_eq(err.line, 1);
    ck_assert_ptr_nonnull(strstr(err.message, "'*nope'"));
}
END_TEST

START_TEST(test_alias_bomb_refused)
{
    ck_assert_ptr_null(parse("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                             "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                             "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                             "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                             "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                             "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                             "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                             "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"));
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "too many nodes"));
}
END_TEST

START_TEST(test_deep_nesting_refused)
{
    char text[2048];
    int i = 0;

    i += snprintf(text, sizeof(text), "a: ");
    for (int k = 0; k < 500; k++)
        text[i++] = '[';
    text[i] = 0;
    ck_assert_ptr_null(parse(text));
    ck_assert_int_eq(err.code, SIM_ECONFIG);
}
END_TEST

/* ------------------------------------------------------------- includes */

START_TEST(test_include_merge_later_wins_deep)
{
    cfg_node *r;

    put("base.yaml", "components:\n"
                     "  l1: {type: cache, size: 32KiB, assoc: 8}\n"
                     "  mem: {type: dram}\n"
                     "seed: 1\n"
                     "connections: [a, b, c]\n");
    r = cfg_parse_file(doc, put("top.yaml", "include: base.yaml\n"
                                            "components:\n"
                                            "  l1: {size: 64KiB}\n"
                                            "connections: [z]\n"),
                       &err);
    ck_assert_msg(r != NULL, "%s", err.message);
    ck_assert_ptr_null(cfg_get(r, "include"));
    ck_assert_str_eq(cfg_path(r, "components.l1.size")->value, "64KiB");
    ck_assert_str_eq(cfg_path(r, "components.l1.assoc")->value, "8");     /* deep */
    ck_assert_str_eq(cfg_path(r, "components.l1.type")->value, "cache");
    ck_assert_ptr_nonnull(cfg_path(r, "components.mem"));
    ck_assert_int_eq(cfg_get(r, "connections")->n, 1);                      /* replaced whole */
    ck_assert_str_eq(cfg_path(r, "seed")->value, "1");
    /* values keep the position and file they came from */
    ck_assert_str_eq(cfg_path(r, "components.l1.size")->file, tmp_path("top.yaml"));
    ck_assert_int_eq(cfg_path(r, "components.l1.size")->line, 3);
    ck_assert_str_eq(cfg_path(r, "components.l1.assoc")->file, tmp_path("base.yaml"));
    ck_assert_int_eq(cfg_path(r, "components.l1.assoc")->line, 2);
}
END_TEST

START_TEST(test_include_list_in_order)
{
    cfg_node *r;

    put("a.yaml", "seed: 1\nclocks: {core: 1GHz, mem: 1GHz}\n");
    put("b.yaml", "seed: 2\nclocks: {mem: 2GHz}\n");
    r = cfg_parse_file(doc, put("top.yaml", "include: [a.yaml, b.yaml]\nstats: {}\n"), &err);
    ck_assert_msg(r != NULL, "%s", err.message);
    ck_assert_str_eq(cfg_path(r, "seed")->value, "2");
    ck_assert_str_eq(cfg_path(r, "clocks.core")->value, "1GHz");
    ck_assert_str_eq(cfg_path(r, "clocks.mem")->value, "2GHz");
    ck_assert_ptr_nonnull(cfg_get(r, "stats"));
}
END_TEST

START_TEST(test_include_relative_to_including_file)
{
    char sub[300];
    cfg_node *r;

    snprintf(sub, sizeof(sub), "%s/sub", tmpdir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    put("sub/mid.yaml", "include: deeper/leaf.yaml\nseed: 5\n");
    snprintf(sub, sizeof(sub), "%s/sub/deeper", tmpdir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    put("sub/deeper/leaf.yaml", "workload: {path: x.elf}\nseed: 4\n");
    r = cfg_parse_file(doc, put("top.yaml", "include:\n  - sub/mid.yaml\n"), &err);
    ck_assert_msg(r != NULL, "%s", err.message);
    ck_assert_str_eq(cfg_path(r, "seed")->value, "5");
    ck_assert_str_eq(cfg_path(r, "workload.path")->value, "x.elf");
    ck_assert_str_eq(cfg_path(r, "workload.path")->file, tmp_path("sub/deeper/leaf.yaml"));
}
END_TEST

START_TEST(test_include_missing_names_position)
{
    cfg_node *r;
    put("there.yaml", "seed: 2\n");
    r = cfg_parse_file(doc, put("top.yaml", "seed: 1\ninclude:\n  - there.yaml\n  - nothere.yaml\n"),
                       &err);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_str_eq(err.file, tmp_path("top.yaml"));
    ck_assert_int_eq(err.line, 4);
    ck_assert_int_eq(err.column, 5);
    ck_assert_ptr_nonnull(strstr(err.message, "include[1]: cannot read included file"));
    ck_assert_ptr_nonnull(strstr(err.message, "nothere.yaml"));
}
END_TEST

START_TEST(test_include_cycle_names_chain)
{
    char cwd[4096];
    cfg_node *r;

    put("a.yaml", "include: b.yaml\n");
    put("b.yaml", "seed: 3\ninclude: [c.yaml, a.yaml]\n");
    put("c.yaml", "seed: 4\n");
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    ck_assert_int_eq(chdir(tmpdir), 0);
    r = cfg_parse_file(doc, "a.yaml", &err);
    ck_assert_int_eq(chdir(cwd), 0);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_str_eq(err.file, "b.yaml");
    ck_assert_int_eq(err.line, 2);
    ck_assert_int_eq(err.column, 19);
    ck_assert_str_eq(err.message, "include[1]: include cycle: a.yaml -> b.yaml -> a.yaml");
}
END_TEST

START_TEST(test_string_includes_resolve_against_cwd)
{
    char cwd[4096];
    cfg_node *r;

    put("base.yaml", "seed: 9\nclocks: {core: 1GHz}\n");
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    ck_assert_int_eq(chdir(tmpdir), 0);
    r = cfg_parse_string(doc, "include: base.yaml\nseed: 10\n", "<text>", &err);
    ck_assert_int_eq(chdir(cwd), 0);
    ck_assert_msg(r != NULL, "%s", err.message);
    ck_assert_str_eq(cfg_path(r, "seed")->value, "10");
    ck_assert_str_eq(cfg_path(r, "clocks.core")->value, "1GHz");
    ck_assert_str_eq(cfg_path(r, "seed")->file, "<text>");
}
END_TEST

START_TEST(test_include_self_is_cycle)
{
    cfg_node *r = cfg_parse_file(doc, put("self.yaml", "include: self.yaml\n"), &err);

    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(err.message, "include cycle"));
}
END_TEST

START_TEST(test_missing_top_file_is_eio)
{
    ck_assert_ptr_null(cfg_parse_file(doc, tmp_path("nope.yaml"), &err));
    ck_assert_int_eq(err.code, SIM_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "nope.yaml"));
}
END_TEST

START_TEST(test_malformed_included_file_points_into_it)
{
    put("bad.yaml", "a: [1\n");
    ck_assert_ptr_null(cfg_parse_file(doc, put("top.yaml", "include: bad.yaml\n"), &err));
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_str_eq(err.file, tmp_path("bad.yaml"));
    ck_assert_int_eq(err.line, 2);
}
END_TEST

/* Text of n bytes of YAML comment lines: a valid configuration of any size. */
static char *comments(size_t n)
{
    char *t = malloc(n + 1);

    ck_assert_ptr_nonnull(t);
    for (size_t i = 0; i < n; i++)
        t[i] = i % 64 == 63 ? '\n' : i % 64 == 0 ? '#' : 'x';
    t[n] = 0;
    return t;
}

/* A file, an included file or a text past 4 MiB is refused, so that
 * /dev/zero, a FIFO or a huge file given as a configuration cannot fill
 * memory; 4 MiB itself is read. */
START_TEST(test_configuration_size_capped)
{
    char *big = comments((4 << 20) + 1), *fits = comments(4 << 20);

    ck_assert_ptr_null(cfg_parse_file(doc, put("big.yaml", big), &err));
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_str_eq(err.message, "larger than 4 MiB, the most a configuration may be");
    ck_assert_ptr_null(cfg_parse_file(doc, put("top.yaml", "include: big.yaml\n"), &err));
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_int_eq(err.line, 1);
    ck_assert_ptr_nonnull(strstr(err.message, "included file"));
    ck_assert_ptr_null(cfg_parse_string(doc, big, "big", &err));
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_ptr_nonnull(cfg_parse_file(doc, put("fits.yaml", fits), &err));
    free(big);
    free(fits);
}
END_TEST

/* ------------------------------------------------------------ overrides */

START_TEST(test_set_existing_and_component_prefix)
{
    cfg_node *r = parse("components:\n  l1d: {type: cache, size: 32KiB}\nclocks: {core: 1GHz}\n");
    cfg_node *n;

    ck_assert_int_eq(cfg_set(doc, r, "l1d.size", "64KiB", &err), 0);
    n = cfg_path(r, "components.l1d.size");
    ck_assert_str_eq(n->value, "64KiB");
    ck_assert_str_eq(n->file, "--set l1d.size=64KiB");
    ck_assert_int_eq(n->line, 1);
    ck_assert_int_eq(n->col, 16);
    ck_assert_int_eq(cfg_get(cfg_path(r, "components.l1d"), "size") == n, 1);
    ck_assert_int_eq(cfg_path(r, "components.l1d")->n, 2);   /* replaced, not added */
    ck_assert_int_eq(cfg_set(doc, r, "clocks.core", "2GHz", &err), 0);
    ck_assert_str_eq(cfg_path(r, "clocks.core")->value, "2GHz");
    ck_assert_ptr_null(cfg_path(r, "components.clocks"));
}
END_TEST

START_TEST(test_set_creates_keys)
{
    cfg_node *r = parse("seed: 1\n");

    ck_assert_int_eq(cfg_set(doc, r, "l2.assoc", "16", &err), 0);
    ck_assert_str_eq(cfg_path(r, "components.l2.assoc")->value, "16");
    ck_assert_int_eq(cfg_set(doc, r, "stats.period", "1us", &err), 0);
    ck_assert_str_eq(cfg_path(r, "stats.period")->value, "1us");
    ck_assert_int_eq(cfg_set(doc, r, "a.b.c.d", "x", &err), 0);
    ck_assert_str_eq(cfg_path(r, "components.a.b.c.d")->value, "x");
}
END_TEST

START_TEST(test_set_flow_values)
{
    cfg_node *r = parse("workload: {args: [a]}\ncomponents: {l1: {type: cache, size: 1KiB}}\n");
    cfg_node *n;

    ck_assert_int_eq(cfg_set(doc, r, "workload.args", "[1, 2, 'three']", &err), 0);
    n = cfg_path(r, "workload.args");
    ck_assert_int_eq(n->kind, CFG_SEQ);
    ck_assert_int_eq(n->n, 3);
    ck_assert_str_eq(n->kids[2]->value, "three");
    ck_assert_int_eq(n->kids[2]->quoted, true);
    ck_assert_int_eq(n->kids[1]->col, 25);      /* "--set workload.args=[1, 2, 'three']" */
    ck_assert_int_eq(n->kids[2]->col, 28);
    /* a map value merges into the map that is there */
    ck_assert_int_eq(cfg_set(doc, r, "l1", "{assoc: 4, size: 2KiB}", &err), 0);
    ck_assert_str_eq(cfg_path(r, "components.l1.type")->value, "cache");
    ck_assert_str_eq(cfg_path(r, "components.l1.size")->value, "2KiB");
    ck_assert_str_eq(cfg_path(r, "components.l1.assoc")->value, "4");
    ck_assert_int_eq(cfg_set(doc, r, "workload.args[0]", "z", &err), 0);
    ck_assert_str_eq(cfg_path(r, "workload.args[0]")->value, "z");
}
END_TEST

START_TEST(test_set_bad_value_position)
{
    cfg_node *r = parse("seed: 1\n");

    ck_assert_int_eq(cfg_set(doc, r, "l1.size", "[1, 2", &err), SIM_ECONFIG);
    ck_assert_str_eq(err.file, "--set l1.size=[1, 2");
    ck_assert_int_eq(err.line, 1);
    ck_assert_int_eq(err.column, 20);
    ck_assert_ptr_null(cfg_path(r, "components"));
}
END_TEST

START_TEST(test_set_through_scalar_refused)
{
    cfg_node *r = parse("components: {l1: {size: 1KiB}}\n");

    ck_assert_int_eq(cfg_set(doc, r, "l1.size.x", "1", &err), SIM_ECONFIG);
    ck_assert_str_eq(err.file, "--set l1.size.x=1");
    ck_assert_int_eq(err.line, 1);
    ck_assert_int_eq(err.column, 15);
    ck_assert_str_eq(err.message, "l1.size: is a scalar ('1KiB'), it cannot hold 'x'");
    ck_assert_int_eq(cfg_set(doc, r, "l1..x", "1", &err), SIM_ECONFIG);
    ck_assert_int_eq(err.column, 10);
    ck_assert_int_eq(cfg_set(doc, r, "connections[3]", "a", &err), SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "connections: no item [3]"));
    /* a refused override leaves nothing behind */
    ck_assert_int_eq(cfg_set(doc, r, "l9.ports[0]", "1", &err), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "l9.ports: no item [0] (no such key)");
    ck_assert_ptr_null(cfg_path(r, "components.l9"));
    ck_assert_int_eq(cfg_set(doc, r, "clocks.a.b[1]", "1", &err), SIM_ECONFIG);
    ck_assert_ptr_null(cfg_get(r, "clocks"));
}
END_TEST

/* ------------------------------------------------------------ emission */

START_TEST(test_emit_round_trip)
{
    static const char *text =
        "components:\n"
        "  cpu: {type: inorder, width: 2}\n"
        "  l1d: {type: cache, size: 32KiB, name: \"12\", note: 'a: b', empty: '', nul: ~}\n"
        "  odd:\n"
        "    'null': 'null'\n"
        "    tricky: \"- x\"\n"
        "    hash: \"a #b\"\n"
        "    multi: |\n"
        "      line one\n"
        "      line two\n"
        "    folded: >\n"
        "      a\n"
        "      b\n"
        "    colon: \"x: y\"\n"
        "    tab: \"a\\tb\"\n"
        "    long: aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gggggggggg hhhhhhhhhh\n"
        "connections: [cpu.out -> l1d.cpu, \"l1d.mem -> mem.in\"]\n"
        "workload: {args: [], env: {}, path: 'prog elf', unicode: \"\xc2\xb5s\"}\n"
        "seed: 0x40\n";
    cfg_node *a = parse(text), *b;
    char *out, *out2;

    ck_assert_msg(a != NULL, "%s", err.message);
    cfg_set(doc, a, "l1d.made", "{x: [1, {y: z}]}", &err);
    cfg_map_put(doc, cfg_path(a, "components.l1d"), "plain_null_word", cfg_new_scalar(doc, "null"));
    out = cfg_emit(a);
    ck_assert_ptr_nonnull(out);
    b = cfg_parse_string(doc, out, "emitted.yaml", &err);
    ck_assert_msg(b != NULL, "%s\n%s", err.message, out);
    /* the synthesized plain "null" comes back quoted; compare the rest */
    ck_assert_int_eq(cfg_path(b, "components.l1d.plain_null_word")->kind, CFG_SCALAR);
    ck_assert_str_eq(cfg_path(b, "components.l1d.plain_null_word")->value, "null");
    cfg_map_del(cfg_path(a, "components.l1d"), "plain_null_word");
    cfg_map_del(cfg_path(b, "components.l1d"), "plain_null_word");
    ck_assert_msg(same_tree(a, b), "tree changed:\n%s", out);
    free(out);
    out = cfg_emit(a);
    out2 = cfg_emit(b);
    ck_assert_str_eq(out, out2);                 /* stable */
    ck_assert_ptr_nonnull(strstr(out, "  cpu:\n    type: inorder\n"));
    ck_assert_ptr_nonnull(strstr(out, "    multi: |\n      line one\n      line two\n"));
    free(out);
    free(out2);
}
END_TEST

/* ------------------------------------------------- paths, errors, names */

START_TEST(test_key_path_and_error)
{
    cfg_node *r = parse("components:\n  l1d:\n    asoc: 8\nconnections: [a, b, c]\n"
                        "clocks: {core: 1GHz}\n");
    char buf[64];
    sim_error e;

    ck_assert_str_eq(cfg_key_path(cfg_path(r, "components.l1d.asoc"), buf, sizeof(buf)),
                     "l1d.asoc");
    ck_assert_str_eq(cfg_key_path(cfg_path(r, "components.l1d"), buf, sizeof(buf)), "l1d");
    ck_assert_str_eq(cfg_key_path(cfg_path(r, "components"), buf, sizeof(buf)), "components");
    ck_assert_str_eq(cfg_key_path(cfg_path(r, "connections[2]"), buf, sizeof(buf)),
                     "connections[2]");
    ck_assert_str_eq(cfg_key_path(cfg_path(r, "clocks.core"), buf, sizeof(buf)), "clocks.core");
    ck_assert_str_eq(cfg_key_path(r, buf, sizeof(buf)), "");
    ck_assert_str_eq(cfg_key_path(cfg_path(r, "components.l1d.asoc"), buf, 5), "l1d.");

    ck_assert_int_eq(cfg_error(&e, cfg_path(r, "components.l1d.asoc"), "bad %d", 7), SIM_ECONFIG);
    ck_assert_int_eq(e.code, SIM_ECONFIG);
    ck_assert_str_eq(e.message, "l1d.asoc: bad 7");
    ck_assert_str_eq(e.file, "test.yaml");
    ck_assert_int_eq(e.line, 3);
    ck_assert_int_eq(e.column, 11);
    cfg_error_key(&e, cfg_path(r, "components.l1d.asoc"), "x");
    ck_assert_int_eq(e.column, 5);
    ck_assert_int_eq(cfg_error(NULL, r, "x"), SIM_ECONFIG);
}
END_TEST

START_TEST(test_nearest)
{
    static const char *const names[] = { "size", "assoc", "line", "hit_latency", "replacement" };

    ck_assert_str_eq(sim_nearest("asoc", names, 5), "assoc");
    ck_assert_str_eq(sim_nearest("ASSOC", names, 5), "assoc");
    ck_assert_str_eq(sim_nearest("sise", names, 5), "size");
    ck_assert_str_eq(sim_nearest("lien", names, 5), "line");              /* transposition */
    ck_assert_str_eq(sim_nearest("hit_latncy", names, 5), "hit_latency");
    ck_assert_str_eq(sim_nearest("replacment", names, 5), "replacement");
    ck_assert_ptr_null(sim_nearest("replacment_plcy", names, 5));
    ck_assert_ptr_null(sim_nearest("banks", names, 5));
    ck_assert_ptr_null(sim_nearest("x", names, 5));
    ck_assert_ptr_null(sim_nearest("asoc", names, 0));
}
END_TEST

START_TEST(test_check_keys)
{
    static const char *const allowed[] = { "type", "size", "assoc" };
    cfg_node *r = parse("components:\n  l1d:\n    type: cache\n    asoc: 8\n    wibble: 1\n");
    cfg_node *l1d = cfg_path(r, "components.l1d");

    ck_assert_int_eq(cfg_check_keys(l1d, allowed, 3, &err), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "l1d.asoc: unknown key; did you mean 'assoc'?");
    ck_assert_int_eq(err.line, 4);
    ck_assert_int_eq(err.column, 5);
    cfg_map_del(l1d, "asoc");
    ck_assert_int_eq(cfg_check_keys(l1d, allowed, 3, &err), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "l1d.wibble: unknown key; expected one of type, size, assoc");
    cfg_map_del(l1d, "wibble");
    ck_assert_int_eq(cfg_check_keys(l1d, allowed, 3, &err), 0);
}
END_TEST

START_TEST(test_merge_and_put_api)
{
    cfg_node *a = parse("x: {a: 1, b: [1]}\ny: 2\n");
    cfg_node *b = parse("x: {b: [2, 3], c: 3}\ny: {z: 1}\n");
    cfg_node *s = cfg_new_seq(doc);

    cfg_merge(doc, a, b);
    ck_assert_str_eq(cfg_path(a, "x.a")->value, "1");
    ck_assert_int_eq(cfg_path(a, "x.b")->n, 2);
    ck_assert_str_eq(cfg_path(a, "x.c")->value, "3");
    ck_assert_int_eq(cfg_path(a, "y")->kind, CFG_MAP);
    ck_assert_str_eq(cfg_path(a, "y.z")->value, "1");
    ck_assert_str_eq(cfg_get(a, "x")->kids[0]->key, "a");       /* order kept */
    cfg_seq_push(doc, s, cfg_new_scalar(doc, "p"));
    cfg_seq_push(doc, s, cfg_new_scalar(doc, "q"));
    cfg_map_put(doc, a, "y", s);
    ck_assert_int_eq(cfg_get(a, "y")->kind, CFG_SEQ);
    ck_assert_str_eq(cfg_path(a, "y[1]")->value, "q");
    ck_assert_int_eq(a->n, 2);
    ck_assert_ptr_eq(cfg_map_del(a, "y"), s);
    ck_assert_int_eq(a->n, 1);
    ck_assert_ptr_null(cfg_map_del(a, "y"));
}
END_TEST

Suite *config_suite(void)
{
    Suite *s = suite_create("config");
    TCase *t = tcase_create("tree");
    TCase *f = tcase_create("files");

    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_nested_positions);
    tcase_add_test(t, test_nulls_and_quotes);
    tcase_add_test(t, test_empty_file_is_empty_map);
    tcase_add_test(t, test_root_must_be_map);
    tcase_add_test(t, test_malformed_yaml_position);
    tcase_add_test(t, test_duplicate_key);
    tcase_add_test(t, test_second_document_refused);
    tcase_add_test(t, test_alias_copies_and_merge_keys);
    tcase_add_test(t, test_alias_bomb_refused);
    tcase_add_test(t, test_deep_nesting_refused);
    tcase_add_test(t, test_set_existing_and_component_prefix);
    tcase_add_test(t, test_set_creates_keys);
    tcase_add_test(t, test_set_flow_values);
    tcase_add_test(t, test_set_bad_value_position);
    tcase_add_test(t, test_set_through_scalar_refused);
    tcase_add_test(t, test_emit_round_trip);
    tcase_add_test(t, test_key_path_and_error);
    tcase_add_test(t, test_nearest);
    tcase_add_test(t, test_check_keys);
    tcase_add_test(t, test_merge_and_put_api);
    suite_add_tcase(s, t);

    tcase_add_checked_fixture(f, tmp_setup, tmp_teardown);
    tcase_add_test(f, test_include_merge_later_wins_deep);
    tcase_add_test(f, test_include_list_in_order);
    tcase_add_test(f, test_include_relative_to_including_file);
    tcase_add_test(f, test_include_missing_names_position);
    tcase_add_test(f, test_include_cycle_names_chain);
    tcase_add_test(f, test_string_includes_resolve_against_cwd);
    tcase_add_test(f, test_include_self_is_cycle);
    tcase_add_test(f, test_missing_top_file_is_eio);
    tcase_add_test(f, test_malformed_included_file_points_into_it);
    tcase_add_test(f, test_configuration_size_capped);
    suite_add_tcase(s, f);
    return s;
}
