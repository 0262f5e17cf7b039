/* memsys/dram_spec.c - the DRAM presets (timings, geometry, IDD currents,
 * voltages, I/O energy) and the energy per command and per background cycle
 * that memsys/dram.c prices its energy events with.
 *
 * Sources:
 *  - DDR4-2400 and DDR4-3200: JEDEC JESD79-4 speed bins 2400R (16-16-16) and
 *    3200AA (22-22-22) with the Micron 8Gb x8 part (MT40A1G8, -083E and
 *    -062E): 4 bank groups x 4 banks, 64K rows, 1K columns, 1KB page, 8
 *    devices on a 64-bit channel. Nanosecond timings are rounded up to whole
 *    clocks as JESD79-4 rounds them (tRAS 32 ns, tRFC 350 ns for 8Gb, tREFI
 *    7.8 us, tRRD_S/L max(4nCK, 3.3/4.9 ns) for 2400 and max(4nCK, 2.5/4.9)
 *    for 3200, tFAW 21 ns (1KB page), tWR 15 ns, tWTR_S/L max(2nCK, 2.5 ns)/
 *    max(4nCK, 7.5 ns), tRTP max(4nCK, 7.5 ns), tCCD_L max(5nCK, 5 ns),
 *    tXP max(4nCK, 6 ns)). IDD currents are Micron's datasheet maxima for the
 *    x8 part; IPP0 and IPP3N (3 mA at VPP 2.5 V) likewise. The other VPP
 *    currents are taken equal to IPP3N: the VPP share of reads, writes and
 *    refresh is not modelled by default (set IPP5B etc. to add it).
 *  - LPDDR4-3200: JEDEC JESD209-4, one x16 channel of an 8Gb die (8 banks,
 *    64K rows, 1K columns, 2KB page, BL16): RL 28, WL 14 (set A), tRCD and
 *    tRPpb 18 ns, tRAS 42 ns, tRRD 10 ns, tFAW 40 ns, tWR 18 ns, tWTR 10 ns,
 *    tRTP 7.5 ns, tRFCab 280 ns, tREFI 3.904 us, tXP 7.5 ns. Currents are the
 *    typical x16 per-channel figures published with the JEDEC-based DRAMSys
 *    memspec "JEDEC_8Gb_LPDDR4-3200_16bit" (VDD2 1.1 V as the main rail,
 *    VDD1 1.8 V as the second). tRPab (21 ns) is not distinguished: PREA
 *    before a refresh waits tRP like a single-bank precharge.
 *  - I/O and termination energy per bit, from the driver and termination
 *    resistances (half the bits drive the terminated level):
 *    E = 0.5 x VDDQ^2 / (Ron + Rtt) x bit time. DDR4 POD at 1.2 V: reads
 *    Ron 34 + Rtt 48 ohm, writes 34 + RTT_WR 120 ohm. LPDDR4 LVSTL at 1.1 V:
 *    Ron 40 + ODT 60 ohm both ways. An estimate, not a datasheet figure.
 *
 * Not modelled: self-refresh (IDD6), per-bank refresh, additive latency,
 * DBI, CRC, ECC devices, temperature-dependent refresh rates. */
#include "dram_ctrl.h"

/* pJ per bit = 0.5 VDDQ^2 / (Ron + Rtt) x (tCK / 2) */
#define IO_PJ(vddq, ron, rtt, tck_ps) (0.5 * (vddq) * (vddq) / ((ron) + (rtt)) * (tck_ps) * 0.5)

static const struct dram_spec presets[DRAM_N_PRESETS] = {
    [DRAM_DDR4_2400] = {
        .tck = 833, .CL = 16, .CWL = 12, .tRCD = 16, .tRP = 16, .tRAS = 39, .tRC = 55,
        .tRRD_S = 4, .tRRD_L = 6, .tFAW = 26, .tCCD_S = 4, .tCCD_L = 6, .tWR = 18,
        .tWTR_S = 3, .tWTR_L = 9, .tRTP = 9, .tRFC = 420, .tREFI = 9363, .tRTRS = 2,
        .tXP = 8, .BL = 8,
        .ranks = 1, .bankgroups = 4, .banks_per_group = 4, .rows = 65536, .columns = 1024,
        .device_width = 8, .bus_width = 64,
        .vdd = 1.2, .vpp = 2.5,
        .idd = { [DRAM_IDD0] = 48, [DRAM_IDD2N] = 34, [DRAM_IDD2P] = 25, [DRAM_IDD3N] = 43,
                 [DRAM_IDD3P] = 37, [DRAM_IDD4R] = 135, [DRAM_IDD4W] = 123,
                 [DRAM_IDD5B] = 250 },
        .ipp = { 3, 3, 3, 3, 3, 3, 3, 3 },
        .io_rd = IO_PJ(1.2, 34, 48, 833), .io_wr = IO_PJ(1.2, 34, 120, 833),
    },
    [DRAM_DDR4_3200] = {
        .tck = 625, .CL = 22, .CWL = 16, .tRCD = 22, .tRP = 22, .tRAS = 52, .tRC = 74,
        .tRRD_S = 4, .tRRD_L = 8, .tFAW = 34, .tCCD_S = 4, .tCCD_L = 8, .tWR = 24,
        .tWTR_S = 4, .tWTR_L = 12, .tRTP = 12, .tRFC = 560, .tREFI = 12480, .tRTRS = 2,
        .tXP = 10, .BL = 8,
        .ranks = 1, .bankgroups = 4, .banks_per_group = 4, .rows = 65536, .columns = 1024,
        .device_width = 8, .bus_width = 64,
        .vdd = 1.2, .vpp = 2.5,
        .idd = { [DRAM_IDD0] = 57, [DRAM_IDD2N] = 37, [DRAM_IDD2P] = 25, [DRAM_IDD3N] = 52,
                 [DRAM_IDD3P] = 43, [DRAM_IDD4R] = 168, [DRAM_IDD4W] = 150,
                 [DRAM_IDD5B] = 250 },
        .ipp = { 3, 3, 3, 3, 3, 3, 3, 3 },
        .io_rd = IO_PJ(1.2, 34, 48, 625), .io_wr = IO_PJ(1.2, 34, 120, 625),
    },
    [DRAM_LPDDR4_3200] = {
        .tck = 625, .CL = 28, .CWL = 14, .tRCD = 29, .tRP = 29, .tRAS = 68, .tRC = 97,
        .tRRD_S = 16, .tRRD_L = 16, .tFAW = 64, .tCCD_S = 8, .tCCD_L = 8, .tWR = 29,
        .tWTR_S = 16, .tWTR_L = 16, .tRTP = 12, .tRFC = 448, .tREFI = 6246, .tRTRS = 1,
        .tXP = 12, .BL = 16,
        .ranks = 1, .bankgroups = 1, .banks_per_group = 8, .rows = 65536, .columns = 1024,
        .device_width = 16, .bus_width = 16,
        .vdd = 1.1, .vpp = 1.8,
        .idd = { [DRAM_IDD0] = 45, [DRAM_IDD2N] = 27, [DRAM_IDD2P] = 3, [DRAM_IDD3N] = 30,
                 [DRAM_IDD3P] = 9, [DRAM_IDD4R] = 275, [DRAM_IDD4W] = 210,
                 [DRAM_IDD5B] = 90 },
        .ipp = { [DRAM_IDD0] = 3.5, [DRAM_IDD2N] = 2.0, [DRAM_IDD2P] = 1.2,
                 [DRAM_IDD3N] = 2.25, [DRAM_IDD3P] = 1.2, [DRAM_IDD4R] = 2.25,
                 [DRAM_IDD4W] = 2.25, [DRAM_IDD5B] = 10 },
        .io_rd = IO_PJ(1.1, 40, 60, 625), .io_wr = IO_PJ(1.1, 40, 60, 625),
    },
};

const struct dram_spec *dram_preset(int which)
{
    if (which < 0 || which >= DRAM_N_PRESETS)
        return NULL;
    return &presets[which];
}

/* Power of an increment over a baseline current on both rails, W; never
 * negative. */
static double delta_w(const struct dram_spec *sp, int cur, int base)
{
    double w = (sp->idd[cur] - sp->idd[base]) * 1e-3 * sp->vdd +
               (sp->ipp[cur] - sp->ipp[base]) * 1e-3 * sp->vpp;

    return w > 0 ? w : 0;
}

static double level_w(const struct dram_spec *sp, int cur)
{
    return sp->idd[cur] * 1e-3 * sp->vdd + sp->ipp[cur] * 1e-3 * sp->vpp;
}

void dram_event_energy(const struct dram_spec *sp, double out[DRAM_N_EVENTS])
{
    double tck = (double)sp->tck * 1e-12;
    double ndev = (double)(sp->bus_width / sp->device_width);
    double bits = (double)sp->bus_width * sp->BL;
    double burst = (double)(sp->BL / 2) * tck;

    out[DRAM_EV_ACT] = ndev * delta_w(sp, DRAM_IDD0, DRAM_IDD3N) * sp->tRAS * tck;
    out[DRAM_EV_PRE] = ndev * delta_w(sp, DRAM_IDD0, DRAM_IDD2N) * sp->tRP * tck;
    out[DRAM_EV_RD] = ndev * delta_w(sp, DRAM_IDD4R, DRAM_IDD3N) * burst + bits * sp->io_rd * 1e-12;
    out[DRAM_EV_WR] = ndev * delta_w(sp, DRAM_IDD4W, DRAM_IDD3N) * burst + bits * sp->io_wr * 1e-12;
    out[DRAM_EV_REF] = ndev * delta_w(sp, DRAM_IDD5B, DRAM_IDD3N) * sp->tRFC * tck;
    out[DRAM_EV_ACT_STBY] = ndev * level_w(sp, DRAM_IDD3N) * tck;
    out[DRAM_EV_PRE_STBY] = ndev * level_w(sp, DRAM_IDD2N) * tck;
    out[DRAM_EV_ACT_PDN] = ndev * level_w(sp, DRAM_IDD3P) * tck;
    out[DRAM_EV_PRE_PDN] = ndev * level_w(sp, DRAM_IDD2P) * tck;
}
