/* libsim/tech.c - technology parameters and the energy of core logic and
 * interconnect: nominal supply per node, technology checks, energy per
 * operation class, fetch/decode/rename and clock overheads and leakage of a
 * core, energy per bit per mm of on-chip wire, energy of an arbiter grant.
 *
 * Detail: per-event figures for a 64-bit core at 45 nm, derived from the
 * 45 nm / 0.9 V measurements in M. Horowitz, "Computing's energy problem
 * (and what we can do about it)", ISSCC 2014 (32-bit integer add 0.1 pJ,
 * multiply 3.1 pJ; single-precision FP add 0.9 pJ, multiply 3.7 pJ; an
 * in-order core spends ~70 pJ on an add instruction, ~39 pJ of it in
 * control, clocking and pipeline registers) by width scaling: adders and
 * shifters linear in width, multipliers quadratic, iterative dividers one
 * carry-save step per quotient digit. Every figure scales as a capacitance
 * proportional to the node, times vdd^2. Leakage of a core's logic is a
 * device count times the per-device leakage the SRAM calibration gives
 * (sim_tech_leakage_scale). Wires: 0.2 pF/mm, repeaters adding half again,
 * random data (a 0->1 transition on a quarter of the transfers): 0.075 pJ
 * per bit per mm at 1 V, independent of the node (wire capacitance per mm
 * barely scales). docs/energy-models.md lists every figure with its
 * derivation.
 *
 * Left out: data-dependent energy (operand values, toggle rates), clock
 * gating of idle units (a model that wants it charges clock_j only for busy
 * cycles), low-power device flavours, wire length-dependent repeater
 * optimisation, network-on-chip routers (buffers are SRAM arrays; price
 * them with sim_regfile_model). These are order-of-magnitude figures, not a
 * calibrated model: an explicit value in the config replaces any of them. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <archsim/sim_type.h>
#include <archsim/sim_tech.h>

#define HOROWITZ_VDD 0.9            /* V of the reference figures below */
#define PJ 1e-12

/* Nominal vdd of high-performance devices: piecewise linear in log(node);
 * scripts/sram_validate.py holds the same table. */
static const struct {
    double node_nm, vdd;
} vdd_table[] = {
    {16.0, 0.7}, {22.0, 0.8}, {32.0, 0.9}, {45.0, 1.0}, {65.0, 1.1}, {90.0, 1.2},
};

/* Execute energy per op class at 45 nm, 0.9 V, pJ (see the file head and
 * docs/energy-models.md for the derivation of each). */
static const double op_pj[SIM_OP_COUNT] = {
    [SIM_OP_NOP] = 0.0,
    [SIM_OP_INT] = 0.4,             /* 64-bit add 0.2, x2 for logic, shifter, result mux */
    [SIM_OP_MUL] = 12.4,            /* 32-bit multiply 3.1 x (64/32)^2 */
    [SIM_OP_DIV] = 16.0,            /* radix-4: 32 steps x 0.5 (CSA, select, registers) */
    [SIM_OP_FADD] = 2.0,            /* SP add 0.9 x 53/24 */
    [SIM_OP_FMUL] = 18.0,           /* SP multiply 3.7 x (53/24)^2 */
    [SIM_OP_FDIV] = 18.2,           /* radix-4: 27 steps x 0.6 + normalise/round 2.0 */
    [SIM_OP_FMA] = 22.0,            /* FMUL + 2 FADD (3x-wide alignment and add) */
    [SIM_OP_FCVT] = 2.0,            /* about an FADD: shift, normalise, round */
    [SIM_OP_FMISC] = 1.0,           /* sign inject, min/max, compare, move: half an FADD */
    [SIM_OP_LOAD] = 0.2,            /* address generation: a 64-bit add */
    [SIM_OP_STORE] = 0.2,
    [SIM_OP_AMO] = 0.6,             /* address generation + ALU */
    [SIM_OP_BRANCH] = 0.4,          /* 64-bit compare + target add */
    [SIM_OP_JUMP] = 0.2,            /* target add */
    [SIM_OP_CSR] = 0.4,             /* read-modify-write through the ALU */
    [SIM_OP_FENCE] = 0.1,           /* control only */
    [SIM_OP_SYSTEM] = 0.2,
};
/* Overheads at 45 nm, 0.9 V, pJ: fetch + decode + clock of a scalar core
 * make up Horowitz's ~39 pJ of control per instruction. */
#define FETCH_PJ   4.0              /* next-PC logic, fetch buffer, alignment */
#define DECODE_PJ  5.0              /* decoder, immediates, control signals */
#define RENAME_PJ  2.0              /* per issue slot: group dependency check, free list */
#define CLOCK_PJ   30.0             /* per cycle per issue slot: clock tree and latches */
/* Core logic leakage: ~1.5 M logic transistors per issue slot at ~40 nW
 * each (twice an SRAM cell transistor's share of l_cell) at 45 nm, 1 V,
 * 360 K. */
#define CORE_LEAK_W 0.060
/* Wire: 0.25 (0->1 transitions per transfer) x 0.3 pF/mm at 1 V. */
#define WIRE_J_PER_BIT_MM_V2 (0.25 * 0.3e-12)
/* Round-robin arbiter at 45 nm, 1 V: grant register and pointer update,
 * plus ~10 gate inputs toggled per requester at ~1 fJ each. */
#define ARB_FIXED_J   20e-15
#define ARB_PER_REQ_J 10e-15

double sim_tech_nominal_vdd(double node_nm)
{
    const int n = SIM_COUNT(vdd_table);
    int i = 1;
    double x, v;

    if (!(node_nm > 0))
        return vdd_table[n - 1].vdd;
    for (int j = 0; j < n; j++)
        if (node_nm == vdd_table[j].node_nm)
            return vdd_table[j].vdd;        /* exactly the table's value */
    if (node_nm >= vdd_table[n - 1].node_nm)
        i = n - 1;
    else
        while (i < n - 1 && vdd_table[i].node_nm < node_nm)
            i++;
    x = (log(node_nm) - log(vdd_table[i - 1].node_nm)) /
        (log(vdd_table[i].node_nm) - log(vdd_table[i - 1].node_nm));
    v = vdd_table[i - 1].vdd + x * (vdd_table[i].vdd - vdd_table[i - 1].vdd);
    return fmin(fmax(v, 0.6), 1.2);
}

/* Zero vdd and temperature stand for the defaults; no range checks (the
 * void models below cannot report; the kernel checks the run's technology
 * once with sim_tech_check). */
static sim_tech resolve(const sim_tech *tech)
{
    sim_tech t = *tech;

    if (t.vdd == 0)
        t.vdd = sim_tech_nominal_vdd(t.node_nm);
    if (t.temp_k == 0)
        t.temp_k = SIM_TECH_DEFAULT_TEMP_K;
    return t;
}

int sim_tech_check(const sim_tech *tech, sim_tech *out, sim_error *err)
{
    sim_tech t;

    if (!tech)
        return sim_error_set(err, SIM_EINVAL, "technology: NULL");
    t = resolve(tech);
    if (!(t.node_nm >= SIM_TECH_NODE_MIN && t.node_nm <= SIM_TECH_NODE_MAX))
        return sim_error_set(err, SIM_EINVAL, "technology node: %g nm, expected %g to %g nm",
                             t.node_nm, SIM_TECH_NODE_MIN, SIM_TECH_NODE_MAX);
    if (!(t.vdd >= SIM_TECH_VDD_MIN && t.vdd <= SIM_TECH_VDD_MAX))
        return sim_error_set(err, SIM_EINVAL, "technology vdd: %g V, expected %g to %g V "
                             "(or 0 for the node's nominal %.2f V)", t.vdd, SIM_TECH_VDD_MIN,
                             SIM_TECH_VDD_MAX, sim_tech_nominal_vdd(t.node_nm));
    if (!(t.temp_k >= SIM_TECH_TEMP_MIN && t.temp_k <= SIM_TECH_TEMP_MAX))
        return sim_error_set(err, SIM_EINVAL, "technology temperature: %g K, expected %g to "
                             "%g K", t.temp_k, SIM_TECH_TEMP_MIN, SIM_TECH_TEMP_MAX);
    if (out)
        *out = t;
    return 0;
}

const char *sim_tech_fit_warning(const sim_tech *tech, char *buf, size_t n)
{
    if (!tech || (tech->node_nm >= SIM_TECH_NODE_FIT_MIN && tech->node_nm <= SIM_TECH_NODE_FIT_MAX))
        return NULL;
    snprintf(buf, n, "node %g nm is outside the %g-%g nm the energy models were fitted to and "
             "scaled between: its figures are extrapolated", tech->node_nm,
             SIM_TECH_NODE_FIT_MIN, SIM_TECH_NODE_FIT_MAX);
    return buf;
}

void sim_core_energy_model(const sim_tech *tech, double issue_width, sim_core_energy *out)
{
    sim_tech t = resolve(tech);
    /* node/45 x vdd^2 / 0.9^2: exactly 4x when vdd doubles */
    double s = sim_tech_dynamic_scale(&t) / (HOROWITZ_VDD * HOROWITZ_VDD) * PJ;
    double w = issue_width >= 1 ? issue_width : 1.0;

    memset(out, 0, sizeof(*out));
    for (int i = 0; i < SIM_OP_COUNT; i++)
        out->op_j[i] = op_pj[i] * s;
    out->fetch_j = FETCH_PJ * s;
    out->decode_j = DECODE_PJ * s;
    out->rename_j = RENAME_PJ * w * s;
    out->clock_j = CLOCK_PJ * w * s;
    out->leakage_w = CORE_LEAK_W * w * sim_tech_leakage_scale(&t);
}

double sim_wire_energy_j_per_bit_mm(const sim_tech *tech)
{
    sim_tech t = resolve(tech);

    return WIRE_J_PER_BIT_MM_V2 * (t.vdd * t.vdd);
}

double sim_arbiter_energy_j(const sim_tech *tech, uint32_t requesters)
{
    sim_tech t = resolve(tech);

    if (requesters < 2)
        return 0.0;
    return (ARB_FIXED_J + ARB_PER_REQ_J * requesters) * sim_tech_dynamic_scale(&t);
}
