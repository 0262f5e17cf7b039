/* models/trace/champsim.h - the ChampSim trace format (the `input_instr`
 * record of ChampSim's tracer: 64 bytes, little-endian, no padding) and
 * its translation to and from archsim's sim_inst records, shared by the
 * reader (champsim.c) and the writer (champsim_writer.c).
 *
 *   offset  size  field
 *        0     8  ip
 *        8     1  is_branch
 *        9     1  branch_taken
 *       10   2x1  destination_registers (0: none)
 *       12   4x1  source_registers (0: none)
 *       16   2x8  destination_memory (store addresses, 0: none)
 *       32   4x8  source_memory (load addresses, 0: none)
 *
 * The branch kind is not in the record: like ChampSim, it is deduced from
 * the registers an instruction reads and writes (stack pointer 6, flags 25,
 * instruction pointer 26). The cloudsuite variant (4 destination registers
 * and address-space ids) is not read. */
#ifndef ARCHSIM_CHAMPSIM_H
#define ARCHSIM_CHAMPSIM_H

#include <stdint.h>
#include <archsim/sim_type.h>

#define CS_RECORD    64
#define CS_REG_SP    6
#define CS_REG_FLAGS 25
#define CS_REG_IP    26

struct cs_instr {
    uint64_t ip;
    uint8_t is_branch, taken;
    uint8_t dreg[2], sreg[4];
    uint64_t dmem[2], smem[4];
};

void cs_decode(const uint8_t rec[CS_RECORD], struct cs_instr *in);
void cs_encode(const struct cs_instr *in, uint8_t rec[CS_RECORD]);

/* The branch kind ChampSim deduces from the registers (SIM_BR_NONE when the
 * instruction does not write the instruction pointer); *taken is set to
 * ChampSim's view of the direction (always taken unless conditional/other). */
int cs_branch_kind(const struct cs_instr *in, uint8_t *taken);

/* Translate one trace instruction into sim_inst records (at most
 * CS_MAX_RECORDS): its loads and stores as separate records when there are
 * several or when it is also a branch, every record but the last flagged
 * SIM_INST_MORE. next_ip is the following instruction's address (0 when it
 * is the last one). mem_size and inst_size fill what the format lacks.
 * Returns the record count. */
#define CS_MAX_RECORDS 7
int cs_to_records(const struct cs_instr *in, uint64_t next_ip, unsigned mem_size,
                  unsigned inst_size, sim_inst *out);

/* The register number a sim_inst register takes in a ChampSim record
 * written by archsim (0: none): x2 (sp) becomes 6 and the registers ChampSim
 * reserves (6, 25, 26) move out of the way; see champsim_writer.c. */
uint8_t cs_reg_from_sim(uint8_t r);

#endif
