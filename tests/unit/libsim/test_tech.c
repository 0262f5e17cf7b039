/* tests/unit/libsim/test_tech.c - technology helpers and the core logic and
 * interconnect energy models (libsim/tech.c): nominal vdd per node,
 * technology checks and defaults, exact vdd^2 scaling of every dynamic
 * figure, scaling with node and issue width, orderings a model must keep
 * (a multiply costs more than an add, an FMA more than a multiply), wires
 * and arbiters. */
#include <check.h>
#include <math.h>
#include <string.h>
#include <archsim/sim_type.h>
#include <archsim/sim_tech.h>

START_TEST(test_tech_nominal_vdd)
{
    ck_assert(sim_tech_nominal_vdd(45) == 1.0);
    ck_assert(sim_tech_nominal_vdd(32) == 0.9);
    ck_assert(sim_tech_nominal_vdd(22) == 0.8);
    ck_assert(sim_tech_nominal_vdd(16) == 0.7);
    /* between points: monotonic, strictly between the neighbours */
    ck_assert(sim_tech_nominal_vdd(28) > 0.8 && sim_tech_nominal_vdd(28) < 0.9);
    for (double n = 5; n < 250; n *= 1.1)
        ck_assert(sim_tech_nominal_vdd(n * 1.1) >= sim_tech_nominal_vdd(n));
    /* clamped at both ends */
    ck_assert(sim_tech_nominal_vdd(5) == 0.6);
    ck_assert(sim_tech_nominal_vdd(250) == 1.2);
}
END_TEST

START_TEST(test_tech_check_defaults_and_ranges)
{
    sim_tech in = { 32, 0, 0 }, out;
    sim_error err;

    ck_assert_int_eq(sim_tech_check(&in, &out, &err), 0);
    ck_assert(out.node_nm == 32 && out.vdd == 0.9 && out.temp_k == SIM_TECH_DEFAULT_TEMP_K);
    in.vdd = 1.1;
    in.temp_k = 330;
    ck_assert_int_eq(sim_tech_check(&in, &out, &err), 0);
    ck_assert(out.vdd == 1.1 && out.temp_k == 330);

    in = (sim_tech){ 2, 0, 0 };
    ck_assert_int_eq(sim_tech_check(&in, &out, &err), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "node"));
    in = (sim_tech){ 22, 3.0, 0 };
    ck_assert_int_eq(sim_tech_check(&in, &out, &err), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "vdd"));
    in = (sim_tech){ 22, -1, 0 };
    ck_assert_int_eq(sim_tech_check(&in, &out, &err), SIM_EINVAL);
    in = (sim_tech){ 22, 0.8, 500 };
    ck_assert_int_eq(sim_tech_check(&in, &out, &err), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "temperature"));
    in = (sim_tech){ 22, NAN, 0 };
    ck_assert_int_eq(sim_tech_check(&in, &out, &err), SIM_EINVAL);
    ck_assert_int_eq(sim_tech_check(NULL, &out, &err), SIM_EINVAL);
    in = (sim_tech){ 22, 0.8, 360 };
    ck_assert_int_eq(sim_tech_check(&in, NULL, NULL), 0);   /* check only */
}
END_TEST

START_TEST(test_tech_scales_at_reference)
{
    sim_tech ref = { 45, 1.0, 360 }, hot = { 45, 1.0, 400 };
    sim_tech small = { 22, 1.0, 360 };

    ck_assert(sim_tech_dynamic_scale(&ref) == 1.0);
    ck_assert(sim_tech_leakage_scale(&ref) == 1.0);
    ck_assert(sim_tech_leakage_scale(&hot) > 2.0);
    ck_assert(sim_tech_dynamic_scale(&small) == 22.0 / 45.0);
    ck_assert(sim_tech_leakage_scale(&small) < 22.0 / 45.0);  /* per device, smaller */
}
END_TEST

START_TEST(test_core_double_vdd_quadruples_dynamic)
{
    static const double nodes[] = { 45, 32, 22, 16, 7 };

    for (int n = 0; n < SIM_COUNT(nodes); n++)
        for (double v = 0.5; v < 1.0; v += 0.07) {
            sim_tech lo = { nodes[n], v, 360 }, hi = { nodes[n], 2 * v, 360 };
            sim_core_energy a, b;

            sim_core_energy_model(&lo, 4, &a);
            sim_core_energy_model(&hi, 4, &b);
            for (int i = 0; i < SIM_OP_COUNT; i++)
                ck_assert(b.op_j[i] == 4 * a.op_j[i]);
            ck_assert(b.fetch_j == 4 * a.fetch_j);
            ck_assert(b.decode_j == 4 * a.decode_j);
            ck_assert(b.rename_j == 4 * a.rename_j);
            ck_assert(b.clock_j == 4 * a.clock_j);
            ck_assert(b.leakage_w == 2 * a.leakage_w);
            ck_assert(sim_wire_energy_j_per_bit_mm(&hi) ==
                      4 * sim_wire_energy_j_per_bit_mm(&lo));
            ck_assert(sim_arbiter_energy_j(&hi, 5) == 4 * sim_arbiter_energy_j(&lo, 5));
        }
}
END_TEST

START_TEST(test_core_op_orderings)
{
    sim_tech t = { 22, 0, 0 };
    sim_core_energy c;
    const double *e = c.op_j;

    sim_core_energy_model(&t, 1, &c);
    ck_assert(e[SIM_OP_NOP] == 0);
    for (int i = 1; i < SIM_OP_COUNT; i++)
        ck_assert_msg(e[i] > 0, "op class %d has no energy", i);
    ck_assert(e[SIM_OP_INT] < e[SIM_OP_MUL] && e[SIM_OP_MUL] < e[SIM_OP_DIV]);
    ck_assert(e[SIM_OP_FADD] < e[SIM_OP_FMUL] && e[SIM_OP_FMUL] < e[SIM_OP_FMA]);
    ck_assert(e[SIM_OP_INT] < e[SIM_OP_FADD]);
    ck_assert(e[SIM_OP_LOAD] <= e[SIM_OP_INT] && e[SIM_OP_STORE] == e[SIM_OP_LOAD]);
    ck_assert(e[SIM_OP_AMO] > e[SIM_OP_LOAD]);
    /* overheads dwarf an ALU op, as measured on simple cores */
    ck_assert(c.fetch_j + c.decode_j + c.clock_j > 50 * e[SIM_OP_INT]);
    ck_assert(c.leakage_w > 0);
}
END_TEST

START_TEST(test_core_scales_with_node_and_width)
{
    sim_tech t45 = { 45, 1.0, 360 }, t22 = { 22, 1.0, 360 };
    sim_core_energy a, b, w1, w4, w0;

    sim_core_energy_model(&t45, 2, &a);
    sim_core_energy_model(&t22, 2, &b);
    /* same vdd: dynamic ~ node (C ~ feature size) */
    ck_assert_double_eq_tol(b.op_j[SIM_OP_FMA] / a.op_j[SIM_OP_FMA], 22.0 / 45.0, 1e-12);
    ck_assert_double_eq_tol(b.clock_j / a.clock_j, 22.0 / 45.0, 1e-12);
    ck_assert(b.leakage_w < a.leakage_w);

    sim_core_energy_model(&t22, 1, &w1);
    sim_core_energy_model(&t22, 4, &w4);
    sim_core_energy_model(&t22, 0, &w0);            /* below 1 counts as 1 */
    ck_assert(memcmp(&w0, &w1, sizeof(w0)) == 0);
    ck_assert(w4.op_j[SIM_OP_MUL] == w1.op_j[SIM_OP_MUL]);
    ck_assert(w4.fetch_j == w1.fetch_j && w4.decode_j == w1.decode_j);
    ck_assert_double_eq_tol(w4.clock_j / w1.clock_j, 4, 1e-12);
    ck_assert_double_eq_tol(w4.rename_j / w1.rename_j, 4, 1e-12);
    ck_assert_double_eq_tol(w4.leakage_w / w1.leakage_w, 4, 1e-12);
}
END_TEST

START_TEST(test_core_zero_fields_mean_defaults)
{
    sim_tech z = { 32, 0, 0 }, full = { 32, 0.9, 360 };
    sim_core_energy a, b;

    sim_core_energy_model(&z, 2, &a);
    sim_core_energy_model(&full, 2, &b);
    ck_assert(memcmp(&a, &b, sizeof(a)) == 0);
    ck_assert(sim_wire_energy_j_per_bit_mm(&z) == sim_wire_energy_j_per_bit_mm(&full));
}
END_TEST

START_TEST(test_wire_energy)
{
    sim_tech t45 = { 45, 1.0, 360 }, t16 = { 16, 1.0, 360 }, hot = { 45, 1.0, 420 };
    double e = sim_wire_energy_j_per_bit_mm(&t45);

    /* a repeated on-chip wire at 1 V: tens of fJ per bit per mm, not pJ */
    ck_assert(e > 10e-15 && e < 1e-12);
    /* wire capacitance per mm barely scales: same figure at 16 nm, 1 V */
    ck_assert(sim_wire_energy_j_per_bit_mm(&t16) == e);
    ck_assert(sim_wire_energy_j_per_bit_mm(&hot) == e);
    /* moving a 512-bit line 1 mm costs about a small SRAM read */
    {
        sim_sram_result r;
        sim_error err;

        ck_assert_int_eq(sim_regfile_model(64, 512, 1, 1, &t45, &r, &err), 0);
        ck_assert(512 * e > r.read_j / 10 && 512 * e < r.read_j * 10);
    }
}
END_TEST

START_TEST(test_arbiter_energy)
{
    sim_tech t = { 22, 0.8, 360 }, t45 = { 45, 0.8, 360 };

    ck_assert(sim_arbiter_energy_j(&t, 0) == 0);
    ck_assert(sim_arbiter_energy_j(&t, 1) == 0);
    ck_assert(sim_arbiter_energy_j(&t, 2) > 0);
    for (uint32_t n = 2; n < 64; n++)
        ck_assert(sim_arbiter_energy_j(&t, n + 1) > sim_arbiter_energy_j(&t, n));
    ck_assert_double_eq_tol(sim_arbiter_energy_j(&t45, 8) / sim_arbiter_energy_j(&t, 8),
                            45.0 / 22.0, 1e-12);
    /* an arbitration is cheap next to the data it grants */
    ck_assert(sim_arbiter_energy_j(&t, 8) < 64 * sim_wire_energy_j_per_bit_mm(&t));
}
END_TEST

Suite *tech_suite(void)
{
    Suite *s = suite_create("tech");
    TCase *tc = tcase_create("tech");

    tcase_add_test(tc, test_tech_nominal_vdd);
    tcase_add_test(tc, test_tech_check_defaults_and_ranges);
    tcase_add_test(tc, test_tech_scales_at_reference);
    tcase_add_test(tc, test_core_double_vdd_quadruples_dynamic);
    tcase_add_test(tc, test_core_op_orderings);
    tcase_add_test(tc, test_core_scales_with_node_and_width);
    tcase_add_test(tc, test_core_zero_fields_mean_defaults);
    tcase_add_test(tc, test_wire_energy);
    tcase_add_test(tc, test_arbiter_energy);
    suite_add_tcase(s, tc);
    return s;
}
