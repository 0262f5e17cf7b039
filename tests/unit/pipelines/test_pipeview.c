/* tests/unit/pipelines/test_pipeview.c - the Kanata pipeline traces: the
 * exact file of a two-instruction run on the in-order pipeline, windows,
 * per-core file names, and the well-formedness of an out-of-order trace
 * with squashes, checked line by line against the format (header, C=, then
 * C/I/L/S/R commands with their fields, time order, one R per I). */
#include <unistd.h>
#include "tsrc.h"

#define CORE(type, extra) \
    "clocks: {default: 1GHz}\n" \
    "components:\n" \
    "  src: {type: tsrc}\n" \
    "  cpu: {type: " type extra "}\n" \
    "connections: [cpu.insts -> src.insts]\n"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    ck_assert_msg(f != NULL, "no file %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = calloc(1, (size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(fread(buf, 1, (size_t)n, f), n);
    fclose(f);
    return buf;
}

static void tmpname(char *buf, size_t n, const char *tag)
{
    snprintf(buf, n, "%s/pv-%s-%d.log", BUILD_DIR, tag, (int)getpid());
}

static sim_t *run_with(const char *fmt, const char *path, const sim_inst *p, int n)
{
    char yaml[1024];
    sim_t *s;

    snprintf(yaml, sizeof(yaml), fmt, path);
    s = tsrc_open(yaml, p, n);
    run_to_exit(s);
    return s;
}

START_TEST(test_pipeview_inorder_exact_file)
{
    sim_inst p[2] = { mk(0x1000, SIM_OP_INT, 1, 10, 11), mk(0x1004, SIM_OP_INT, 2, 10, 11) };
    static const char *const want =
        "Kanata\t0004\n"
        "C=\t0\n"
        "I\t0\t0\t0\n"
        "L\t0\t0\t1000: int x1 <- x10,x11\n"
        "S\t0\t0\tF\n"
        "C\t1\n"
        "S\t0\t0\tD\n"
        "I\t1\t1\t0\n"
        "L\t1\t0\t1004: int x2 <- x10,x11\n"
        "S\t1\t0\tF\n"
        "C\t1\n"
        "S\t0\t0\tX\n"
        "S\t1\t0\tD\n"
        "C\t1\n"
        "S\t0\t0\tM\n"
        "S\t1\t0\tX\n"
        "C\t1\n"
        "S\t0\t0\tW\n"
        "S\t1\t0\tM\n"
        "C\t1\n"
        "R\t0\t0\t0\n"
        "S\t1\t0\tW\n"
        "C\t1\n"
        "R\t1\t1\t0\n";
    char path[512], tmp[600];
    char *got;
    sim_t *s;

    tmpname(path, sizeof(path), "exact");
    s = run_with(CORE("inorder", ", pipeview: '%s'"), path, p, 2);
    sim_close(s);
    got = slurp(path);
    /* compare line by line, to point at the first difference */
    {
        const char *a = got, *b = want;
        int line = 1;

        while (*a && *b) {
            size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");

            ck_assert_msg(la == lb && memcmp(a, b, la) == 0, "line %d: got '%.*s', want '%.*s'",
                          line, (int)la, a, (int)lb, b);
            a += la + (a[la] == '\n');
            b += lb + (b[lb] == '\n');
            line++;
        }
        ck_assert_msg(!*a && !*b, "line %d: one file ends early", line);
    }
    free(got);
    snprintf(tmp, sizeof(tmp), "%s.tmp%d", path, (int)getpid());
    ck_assert_int_ne(access(tmp, F_OK), 0);     /* written atomically: no leftover */
    unlink(path);
}
END_TEST

START_TEST(test_pipeview_window_and_core_names)
{
    sim_inst p[4] = { mk(0x1000, SIM_OP_INT, 1, 10, 11), mk(0x1004, SIM_OP_INT, 2, 10, 11),
                      mk(0x1008, SIM_OP_INT, 3, 10, 11), mk(0x100c, SIM_OP_INT, 4, 10, 11) };
    char path[512], named[600];
    char *got;
    sim_t *s;

    tmpname(path, sizeof(path), "win");
    s = run_with(CORE("inorder", ", pipeview: '%s', pipeview_window: '1:3'"), path, p, 4);
    sim_close(s);
    got = slurp(path);
    /* instructions 1 and 2 only, renumbered from 0 in the file */
    ck_assert_ptr_nonnull(strstr(got, "Kanata\t0004\nC=\t1\nI\t0\t1\t0\n"));
    ck_assert_ptr_nonnull(strstr(got, "I\t1\t2\t0\n"));
    ck_assert_ptr_null(strstr(got, "I\t2\t"));
    ck_assert_ptr_nonnull(strstr(got, "R\t1\t2\t0\n"));
    free(got);
    unlink(path);
    /* the file is written as soon as the window has retired */
    {
        char yaml[1024];
        sim_error err;

        snprintf(yaml, sizeof(yaml), CORE("inorder", ", pipeview: '%s', "
                                          "pipeview_window: '0:2'"), path);
        s = tsrc_open(yaml, p, 4);
        ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, 3, &err), SIM_RUN_LIMIT);
        ck_assert_int_eq(access(path, F_OK), 0);
        sim_close(s);
        unlink(path);
    }
    /* a core other than 0 appends its number; {core} places it */
    s = run_with(CORE("inorder", ", core_id: 3, pipeview: '%s'"), path, p, 4);
    sim_close(s);
    snprintf(named, sizeof(named), "%s.3", path);
    ck_assert_int_eq(access(named, F_OK), 0);
    ck_assert_int_ne(access(path, F_OK), 0);
    unlink(named);
    tmpname(path, sizeof(path), "c{core}");
    s = run_with(CORE("ooo", ", core_id: 2, pipeview: '%s'"), path, p, 4);
    sim_close(s);
    tmpname(named, sizeof(named), "c2");
    ck_assert_int_eq(access(named, F_OK), 0);
    unlink(named);
}
END_TEST

/* A random program whose loads and stores collide, so the out-of-order
 * core squashes some loads: the trace then holds flushes. */
static sim_inst *busy_prog(int n)
{
    sim_inst *p = prog_new(n);
    uint64_t x = 42, pc = 0x4000;

    for (int i = 0; i < n; i++) {
        int k;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        k = (int)(x % 8);
        if (k == 0)
            p[i] = mk(pc, SIM_OP_DIV, 5, 6, 7);
        else if (k == 1)
            p[i] = mk_store(pc, 5, 8, 0x9000 + ((x >> 8) % 4) * 8);
        else if (k == 2)
            p[i] = mk_load(pc, 9, 10, 0x9000 + ((x >> 12) % 4) * 8);
        else if (k == 3)
            p[i] = mk_branch(pc, 9, (x >> 20) & 1, 0x4000 + ((x >> 24) % 256) * 4);
        else
            p[i] = mk(pc, SIM_OP_INT, 1 + (int)((x >> 16) % 20), 9, 1 + (int)((x >> 28) % 20));
        pc = p[i].branch && p[i].taken ? p[i].target : pc + 4;
    }
    return p;
}

/* Either end of the window may be left out: START: runs to the end, :END
 * starts at the first instruction; neither takes a sign. */
START_TEST(test_pipeview_open_ended_windows)
{
    sim_inst p[4] = { mk(0x1000, SIM_OP_INT, 1, 10, 11), mk(0x1004, SIM_OP_INT, 2, 10, 11),
                      mk(0x1008, SIM_OP_INT, 3, 10, 11), mk(0x100c, SIM_OP_INT, 4, 10, 11) };
    char path[512], yaml[1024];
    sim_error err;
    char *got;
    sim_t *s;

    tmpname(path, sizeof(path), "open");
    s = run_with(CORE("inorder", ", pipeview: '%s', pipeview_window: '0:'"), path, p, 4);
    sim_close(s);
    got = slurp(path);
    ck_assert_ptr_nonnull(strstr(got, "I\t0\t0\t0\n"));
    ck_assert_ptr_nonnull(strstr(got, "I\t3\t3\t0\n"));
    free(got);
    s = run_with(CORE("inorder", ", pipeview: '%s', pipeview_window: ':2'"), path, p, 4);
    sim_close(s);
    got = slurp(path);
    ck_assert_ptr_nonnull(strstr(got, "I\t1\t1\t0\n"));
    ck_assert_ptr_null(strstr(got, "I\t2\t"));
    free(got);
    unlink(path);
    snprintf(yaml, sizeof(yaml), CORE("inorder", ", pipeview: '%s', pipeview_window: '-1:5'"),
             path);
    ck_assert_ptr_null(tsrc_open_err(yaml, &err));
    ck_assert_ptr_nonnull(strstr(err.message, "pipeview_window"));
}
END_TEST

START_TEST(test_pipeview_ooo_trace_is_well_formed)
{
    enum { N = 3000, START = 500, END = 1500 };
    static const char *const stages[] = { "F", "Dc", "Rn", "Is", "Wb", "Cm" };
    sim_inst *p = busy_prog(N);
    char path[512];
    char *got, *line, *save = NULL;
    int lineno = 0, n_ids = 0, retired = 0, flushed = 0;
    bool seen_c = false;
    int *state = calloc(200000, sizeof(int));     /* 0 unseen, 1 live, 2 ended */
    int *laststage = calloc(200000, sizeof(int));
    char *done_seq = calloc(N, 1);
    sim_t *s;

    tmpname(path, sizeof(path), "ooo");
    s = run_with(CORE("ooo", ", pipeview: '%s', pipeview_window: '500:1500'"), path, p, N);
    ck_assert(stat(s, "cpu.squashed") > 0);     /* the trace has flushes to show */
    sim_close(s);
    got = slurp(path);
    for (line = strtok_r(got, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char cmd[8];
        long a, b, c;
        char name[16];

        lineno++;
        if (lineno == 1) {
            ck_assert_str_eq(line, "Kanata\t0004");
            continue;
        }
        if (lineno == 2) {
            ck_assert_int_eq(sscanf(line, "C=\t%ld", &a), 1);
            seen_c = true;
            continue;
        }
        ck_assert_int_eq(sscanf(line, "%7s", cmd), 1);
        if (strcmp(cmd, "C") == 0) {
            ck_assert_int_eq(sscanf(line, "C\t%ld", &a), 1);
            ck_assert_msg(a > 0, "line %d: time goes forward", lineno);
        } else if (strcmp(cmd, "I") == 0) {
            ck_assert_int_eq(sscanf(line, "I\t%ld\t%ld\t%ld", &a, &b, &c), 3);
            ck_assert_msg(a == n_ids, "line %d: ids are numbered in order", lineno);
            ck_assert(b >= START && b < END);
            ck_assert_int_eq(c, 0);
            state[n_ids++] = 1;
        } else if (strcmp(cmd, "L") == 0) {
            ck_assert_int_eq(sscanf(line, "L\t%ld\t%ld\t", &a, &b), 2);
            ck_assert_int_eq(state[a], 1);
            ck_assert_int_eq(b, 0);
            ck_assert_ptr_nonnull(strstr(line, ": "));
        } else if (strcmp(cmd, "S") == 0) {
            int k = 0;

            ck_assert_int_eq(sscanf(line, "S\t%ld\t%ld\t%15s", &a, &b, name), 3);
            ck_assert_msg(a < n_ids && state[a] == 1, "line %d: stage of a live id", lineno);
            ck_assert_int_eq(b, 0);
            while (k < 6 && strcmp(stages[k], name))
                k++;
            ck_assert_msg(k < 6, "line %d: unknown stage %s", lineno, name);
            ck_assert_msg(k >= laststage[a], "line %d: stages in pipeline order", lineno);
            laststage[a] = k;
        } else if (strcmp(cmd, "R") == 0) {
            ck_assert_int_eq(sscanf(line, "R\t%ld\t%ld\t%ld", &a, &b, &c), 3);
            ck_assert_msg(a < n_ids && state[a] == 1, "line %d: one R per id", lineno);
            ck_assert(c == 0 || c == 1);
            state[a] = 2;
            if (c == 0) {
                ck_assert_msg(!done_seq[b], "instruction %ld retired twice", b);
                done_seq[b] = 1;
                retired++;
            } else {
                flushed++;
            }
        } else {
            ck_abort_msg("line %d: unknown command '%s'", lineno, cmd);
        }
    }
    ck_assert(seen_c);
    ck_assert_int_eq(retired, END - START);
    for (int i = 0; i < n_ids; i++)
        ck_assert_msg(state[i] == 2, "id %d never retired or flushed", i);
    free(got);
    free(state);
    free(laststage);
    free(done_seq);
    free(p);
    unlink(path);
    (void)flushed;
}
END_TEST

START_TEST(test_pipeview_unwritable_path_fails_the_run)
{
    sim_inst p[2] = { mk(0x1000, SIM_OP_INT, 1, 10, 11), mk(0x1004, SIM_OP_INT, 2, 10, 11) };
    sim_t *s = tsrc_open(CORE("inorder", ", pipeview: /nonexistent/dir/x.log"), p, 2);
    sim_error err;

    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "/nonexistent/dir/x.log"));
    sim_close(s);
}
END_TEST

Suite *pipeview_suite(void)
{
    Suite *s = suite_create("pipeview");
    TCase *t = tcase_create("pipeview");

    tcase_add_test(t, test_pipeview_inorder_exact_file);
    tcase_add_test(t, test_pipeview_window_and_core_names);
    tcase_add_test(t, test_pipeview_open_ended_windows);
    tcase_add_test(t, test_pipeview_ooo_trace_is_well_formed);
    tcase_add_test(t, test_pipeview_unwritable_path_fails_the_run);
    suite_add_tcase(s, t);
    return s;
}
