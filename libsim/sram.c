/* libsim/sram.c - analytical SRAM array model: read and write energy per
 * access, leakage power, access time and area of a cache-like array (data
 * array plus tag array) or of a small tagless structure (register files,
 * ROB, issue queues, LSQ, predictor tables, BTB), from its organisation and
 * the technology node, supply voltage and temperature.
 *
 * Detail: an access swings bitline columns, and the organisation decides
 * how many. Each array (data, tags) is folded so that one row holds what one
 * access reads (the ways read x the bits out of each), with as many rows as
 * that leaves, up to a tallest subarray of rows_max cells per bitline that
 * scales with the node. A bigger array is widened instead and every column
 * of its activated row swings (bits / rows_max columns), until the row
 * becomes a 2-D grid of subarrays whose activated columns grow as
 * sqrt(bits / rows_max) (soft minimum of the two). The columns the access
 * mode needs (every way in parallel mode, one in sequential mode, plus a way
 * select growing as ways^2, whose wires shrink less than the cells, so it
 * grows as node^-0.45 against them) and the columns the organisation swings are
 * combined by a soft maximum. A column costs its rows plus a fixed share
 * (sense amp, precharge, drivers, H-tree), in cells. Tag columns cost a
 * fixed fraction of a data column (no output drivers or H-tree). A write
 * adds full bitline swing on the written columns, in proportion to their
 * rows. All dynamic terms are capacitances proportional to the feature size
 * times vdd^2. Leakage = (cells x per-cell leakage + periphery columns x
 * per-column leakage) x vdd x node and temperature factors. Area = cells of
 * 146 F^2 grown by ports, plus periphery per sensed column. Access time = a
 * gate term scaled with the node plus a term in sqrt(area) (bitlines,
 * wordlines, H-tree) whose per-mm delay worsens at small nodes; tags first
 * then data in sequential mode, the slower of the two plus a way select in
 * parallel.
 *
 * Calibration: fifteen coefficients (sram_fit below) were fitted by
 * scripts/sram_validate.py to the CACTI 7 figures of
 * data/sram-calibration.csv (45 and 22 nm, 16 KiB-8 MiB, 4-16
 * ways, both access modes, 360 K), least squares on log(model/CACTI). The
 * script mirrors this file formula for formula and checks that both give the
 * same numbers; docs/energy-models.md has the per-row errors and the
 * held-out check (split by size, by ways, alternate rows, leave-one-out).
 *
 * Left out: CACTI's discrete search over organisations (this model's
 * organisation follows from the sizes by the rules above, continuously, so
 * it misses CACTI's jumps: single rows are off by up to 12 % in read energy,
 * 20 % in write energy, 39 % in access time and 47 % in area), per-access
 * costs that do not shrink with the bits read (narrow reads are priced in
 * proportion to their width; every calibration row reads 512 bits),
 * bank interleaving, CAMs for fully associative tag search, low-power device
 * flavours, drowsy/gated leakage, voltage dependence of leakage beyond
 * linear, and any temperature dependence of dynamic energy. Ports other than
 * one and temperatures other than 360 K are not calibrated (assumptions
 * below). */
#include <math.h>
#include <string.h>
#include <archsim/sim_type.h>
#include <archsim/sim_tech.h>

/* Chosen, not fitted: the calibration rows do not constrain them, or too
 * loosely to fit them again on every held-out subset. The script holds the
 * same values and says why each was chosen. */
#define REF_NODE   45.0             /* nm: coefficients are for 45 nm ... */
#define REF_TEMP   360.0            /* K   ... 360 K and 1.0 V */
#define ADDR_BITS  48               /* physical address for derived tag widths */
#define STATE_BITS 2                /* valid + dirty per tag */
#define CELL_F2    146.0            /* 6T cell area in F^2 (a_cell scales it) */
#define PORT_PITCH 0.35             /* cell side grows by this per extra port */
#define ROWS_REF   256.0            /* e_col is for a column of this many cells */
#define ROWS_NODE  1.0              /* tallest subarray ~ node^ROWS_NODE */
#define C_WAY_NODE (-0.45)         /* way select per column ~ node^C_WAY_NODE */
#define P_FILL     8.0              /* soft min: one row of subarrays -> 2-D grid */
#define P_WAYS     4.0              /* soft max: ways read vs the row's fill */
#define TAG_WEIGHT 0.12             /* a tag column costs this much of a data one */
#define COLS_MAX   512.0            /* widest row a tagless table swings */
#define LEAK_T0    45.0             /* K: leakage e-fold per 45 K (x2 per ~31 K) */
#define T_GATE     0.1e-9           /* s at 45 nm: decode, sense, compare (~5 FO4) */
#define VTH        0.3              /* V, alpha-power delay scaling with vdd */
#define ALPHA      1.3

struct sram_coef {
    double e_col;                   /* J per swung column of ROWS_REF cells, 45 nm, 1 V */
    double col_fixed;               /* a column's cost that is not its rows, in cells */
    double rows_max;                /* tallest subarray at 45 nm, cells per bitline */
    double k_fill;                  /* swung columns per output bit per sqrt(grid) */
    double c_way;                   /* way select: cells per output bit per way^2, 45 nm */
    double e_wr_seq;                /* J per written bit per ROWS_REF cells, sequential */
    double e_wr_par;                /* ... parallel */
    double l_cell;                  /* W per cell, 45 nm, 1 V, 360 K */
    double l_col;                   /* W per periphery column */
    double l_node;                  /* per-device leakage ~ (node/45)^l_node */
    double a_cell;                  /* array efficiency: area / raw cell area */
    double a_col;                   /* periphery area per sensed column, F^2 */
    double t_wire;                  /* s per sqrt(mm^2) of array at 45 nm */
    double t_wire_node;             /* that delay ~ (node/45)^-t_wire_node */
    double t_way;                   /* s per way of the way select, 45 nm */
};

/* BEGIN fitted coefficients (scripts/sram_validate.py; do not edit by hand) */
static const struct sram_coef sram_fit = {
    .e_col = 4.84792e-14,
    .col_fixed = 1008.57,
    .rows_max = 1192.98,
    .k_fill = 0.0929236,
    .c_way = 18.0592,
    .e_wr_seq = 4.60756e-14,
    .e_wr_par = 9.70637e-15,
    .l_cell = 1.26599e-07,
    .l_col = 1.16651e-06,
    .l_node = 1.60616,
    .a_cell = 1.58254,
    .a_col = 32697.3,
    .t_wire = 7.58036e-10,
    .t_wire_node = 0.279475,
    .t_way = 7.41657e-11,
};
/* END fitted coefficients */

/* An array to evaluate: what sim_sram_spec and the register-file call both
 * reduce to. */
struct sram_org {
    double data_bits;               /* cells in the data array */
    double sets;                    /* rows of the tag array (tagged only) */
    uint32_t assoc, ports, out_bits, tag_bits;
    int seq, tagged;
};

/* (a^p + b^p)^(1/p), scaled by the larger term so it cannot overflow. */
static double softmax(double a, double b, double p)
{
    double m = fmax(a, b);

    if (m <= 0)
        return 0.0;
    return m * pow(pow(a / m, p) + pow(b / m, p), 1.0 / p);
}

/* (a^-p + b^-p)^(-1/p) for a, b > 0, scaled by the smaller term. */
static double softmin(double a, double b, double p)
{
    double m = fmin(a, b);

    if (m <= 0)
        return 0.0;
    return m * pow(pow(a / m, -p) + pow(b / m, -p), -1.0 / p);
}

/* Swung cells of one access to an array of `bits` cells that reads `out`
 * bits from each of `ways` ways, in bitline cells of ROWS_REF-cell columns;
 * *rows_out gets its rows per subarray. See the head of the file. */
static double array_cells(double bits, double out, double ways, double c_way, double rows_max,
                          int tagless, const struct sram_coef *k, double *rows_out)
{
    double rows = fmin(fmax(bits / (out * ways), 1.0), rows_max);
    double col = rows + k->col_fixed;
    double fill = softmin(bits / (rows_max * out), k->k_fill * sqrt(bits / rows_max), P_FILL);
    double cells = softmax(ways * col + c_way * ways * ways, fill * col, P_WAYS);

    if (tagless)                    /* a narrow, deep table swings its whole row */
        cells = fmax(cells, col * fmin(bits / rows, COLS_MAX) / out);
    if (rows_out)
        *rows_out = rows;
    return out * cells / (ROWS_REF + k->col_fixed);
}

static unsigned ceil_log2(uint64_t x)
{
    return x <= 1 ? 0 : 64u - (unsigned)__builtin_clzll(x - 1);
}

static double delay_factor(double vdd)
{
    return vdd / pow(vdd - VTH, ALPHA);
}

double sim_tech_dynamic_scale(const sim_tech *tech)
{
    return tech->node_nm / REF_NODE * (tech->vdd * tech->vdd);
}

double sim_tech_leakage_scale(const sim_tech *tech)
{
    return tech->vdd * pow(tech->node_nm / REF_NODE, sram_fit.l_node) *
           exp((tech->temp_k - REF_TEMP) / LEAK_T0);
}

/* The model proper, on a checked organisation and a resolved technology.
 * scripts/sram_validate.py's model() is the same computation in the same
 * order; keep the two in step. */
static void sram_eval(const struct sram_org *o, const sim_tech *t, sim_sram_result *out)
{
    const struct sram_coef *k = &sram_fit;
    double f = t->node_nm / REF_NODE;
    double f2 = (t->node_nm * 1e-6) * (t->node_nm * 1e-6);     /* F^2 in mm^2 */
    double pf = 1.0 + PORT_PITCH * (o->ports - 1);
    double tag_cols = 0.0, tag_bits_total = 0.0;
    double ways_read, sense_cols, rows_max, rows, e_data, e_tag = 0.0, e_wr, scale;
    double lscale, area_data, area_tag, tw, t_data, t_tag, tm;

    if (o->tagged) {
        tag_cols = (double)o->assoc * o->tag_bits;  /* every way's tag per lookup */
        tag_bits_total = o->sets * tag_cols;
    }
    ways_read = o->seq ? 1.0 : (double)o->assoc;
    sense_cols = ways_read * o->out_bits;
    rows_max = k->rows_max * pow(f, ROWS_NODE);

    /* dynamic energy: swung columns x per-column capacitance x vdd^2 */
    e_data = k->e_col * array_cells(o->data_bits, o->out_bits, ways_read,
                                    k->c_way * pow(f, C_WAY_NODE), rows_max, !o->tagged, k,
                                    &rows);
    if (tag_cols > 0)
        e_tag = TAG_WEIGHT * k->e_col * array_cells(tag_bits_total, o->tag_bits, o->assoc,
                                                    0.0, rows_max, 0, k, NULL);
    e_wr = (o->seq ? k->e_wr_seq : k->e_wr_par) * o->out_bits * rows / ROWS_REF;
    scale = f * pf * t->vdd * t->vdd;
    out->read_j = scale * (e_data + e_tag);
    out->write_j = scale * (e_data + e_tag + e_wr);
    out->tag_read_j = scale * e_tag;

    /* leakage: cells and periphery columns */
    lscale = t->vdd * pow(f, k->l_node) * exp((t->temp_k - REF_TEMP) / LEAK_T0);
    out->leakage_w = lscale * (k->l_cell * pf * (o->data_bits + tag_bits_total) +
                               k->l_col * o->ports * (o->assoc * (double)o->out_bits + tag_cols));

    /* area: cells grown by ports, periphery per sensed column */
    area_data = f2 * (CELL_F2 * k->a_cell * pf * pf * o->data_bits +
                      k->a_col * o->ports * sense_cols);
    area_tag = f2 * (CELL_F2 * k->a_cell * pf * pf * tag_bits_total +
                     k->a_col * o->ports * tag_cols);
    out->area_mm2 = area_data + area_tag;

    /* access time: gates scale with the node, array wires less so */
    tw = k->t_wire * pow(f, -k->t_wire_node);
    t_data = f * T_GATE + tw * sqrt(area_data);
    if (tag_cols > 0) {
        t_tag = f * T_GATE + tw * sqrt(area_tag);
        if (o->seq)
            tm = t_tag + t_data;
        else
            tm = fmax(t_data, t_tag) + f * k->t_way * o->assoc;
    } else {
        tm = t_data;
    }
    tm *= delay_factor(t->vdd) / delay_factor(sim_tech_nominal_vdd(t->node_nm));
    out->access_s = tm;
}

int sim_sram_model(const sim_sram_spec *spec, const sim_tech *tech, sim_sram_result *out,
                   sim_error *err)
{
    struct sram_org o = {0};
    sim_tech t;
    uint64_t set_bytes, sets;
    uint32_t ports, out_bits;
    int rc;

    if (out)
        memset(out, 0, sizeof(*out));
    if (!spec || !tech || !out)
        return sim_error_set(err, SIM_EINVAL, "sram model: spec, tech and out must not be NULL");
    if (spec->size_bytes == 0 || spec->size_bytes > (1ull << 40))
        return sim_error_set(err, SIM_EINVAL, "sram size: %llu B, expected 1 B to 1 TiB",
                             (unsigned long long)spec->size_bytes);
    if (spec->line_bytes == 0 || spec->line_bytes > 4096)
        return sim_error_set(err, SIM_EINVAL, "sram line: %u B, expected 1 to 4096 B",
                             spec->line_bytes);
    if (spec->assoc == 0)
        return sim_error_set(err, SIM_EINVAL, "sram assoc: 0, expected at least 1 way");
    set_bytes = (uint64_t)spec->line_bytes * spec->assoc;
    if (spec->size_bytes % set_bytes)
        return sim_error_set(err, SIM_EINVAL, "sram size: %llu B is not a whole number of "
                             "sets of %u ways x %u B", (unsigned long long)spec->size_bytes,
                             spec->assoc, spec->line_bytes);
    ports = spec->ports ? spec->ports : 1;
    if (ports > 16)
        return sim_error_set(err, SIM_EINVAL, "sram ports: %u, expected 1 to 16", ports);
    out_bits = spec->output_bits ? spec->output_bits : spec->line_bytes * 8u;
    if (out_bits > spec->line_bytes * 8u)
        return sim_error_set(err, SIM_EINVAL, "sram output bits: %u, expected at most the "
                             "line's %u", out_bits, spec->line_bytes * 8u);
    if (spec->tag_bits > 64)
        return sim_error_set(err, SIM_EINVAL, "sram tag bits: %u, expected 0 (derive) to 64",
                             spec->tag_bits);
    rc = sim_tech_check(tech, &t, err);
    if (rc)
        return rc;

    sets = spec->size_bytes / set_bytes;
    o.data_bits = 8.0 * (double)spec->size_bytes;
    o.sets = (double)sets;
    o.assoc = spec->assoc;
    o.ports = ports;
    o.out_bits = out_bits;
    o.seq = spec->sequential != 0;
    o.tagged = 1;
    /* 48-bit address minus set index and line offset, plus state bits
     * (size <= 1 TiB keeps this >= 10) */
    o.tag_bits = spec->tag_bits ? spec->tag_bits
                                : ADDR_BITS - ceil_log2(sets * spec->line_bytes) + STATE_BITS;
    sram_eval(&o, &t, out);
    return 0;
}

int sim_regfile_model(uint32_t entries, uint32_t bits, uint32_t rports, uint32_t wports,
                      const sim_tech *tech, sim_sram_result *out, sim_error *err)
{
    struct sram_org o = {0};
    sim_tech t;
    int rc;

    if (out)
        memset(out, 0, sizeof(*out));
    if (!tech || !out)
        return sim_error_set(err, SIM_EINVAL, "regfile model: tech and out must not be NULL");
    if (entries == 0 || bits == 0 || bits > 4096)
        return sim_error_set(err, SIM_EINVAL, "regfile: %u entries x %u bits, expected at "
                             "least 1 entry of 1 to 4096 bits", entries, bits);
    if (rports + wports == 0 || rports > 64 || wports > 64)
        return sim_error_set(err, SIM_EINVAL, "regfile ports: %u read + %u write, expected "
                             "0 to 64 of each and at least one in all", rports, wports);
    rc = sim_tech_check(tech, &t, err);
    if (rc)
        return rc;
    o.data_bits = (double)entries * bits;     /* one entry per row, see array_cells */
    o.assoc = 1;
    o.ports = rports + wports;
    o.out_bits = bits;
    sram_eval(&o, &t, out);
    return 0;
}
