/* pipelines/bpred.h - pluggable branch direction predictors, and the branch
 * prediction unit the cores build from one of them, a branch target buffer
 * and a return-address stack.
 *
 * A direction predictor sees conditional branches only: predict(pc, target)
 * then, at once, update(pc, taken) with the outcome of the same branch. The
 * cores are trace-driven (the instruction records follow the correct path),
 * so the outcome is known at fetch and every predictor is trained there, in
 * program order: there is no speculative history to repair, which is the
 * usual simplification of trace-driven simulators and slightly optimistic
 * for back-to-back branches whose real update would come at commit.
 *
 * The unit (bp_predict) classifies each control transfer as predicted
 * correctly, misfetched (direction right, target unknown until decode: a
 * BTB miss on a taken direct branch, jump or call) or mispredicted
 * (direction wrong; indirect target wrong or missing; return address wrong).
 *
 * Adding a predictor: pipelines/bp_<name>.c exporting one
 * `const struct bp_dir bp_<name>` and one line in the table of bpred.c; the
 * cores' `bpred` parameter finds it by name. Table sizes are powers of two. */
#ifndef PIPELINES_BPRED_H
#define PIPELINES_BPRED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <archsim/sim_type.h>

enum { BP_STATIC_NOT_TAKEN, BP_STATIC_TAKEN, BP_STATIC_BTFN };

/* Knobs of every predictor, filled from the core's parameters (BPRED_PARAMS). */
struct bp_cfg {
    const char *kind;               /* direction predictor by name */
    int static_policy;              /* BP_STATIC_*: static predictor's rule */
    uint32_t table;                 /* 2-bit counters: bimodal, gshare, tournament global
                                       and choice tables, TAGE base table */
    uint32_t history;               /* global history bits: gshare, tournament */
    uint32_t local_table;           /* tournament: local histories */
    uint32_t local_history;         /* tournament: bits per local history */
    uint32_t tage_tables;           /* TAGE: tagged tables */
    uint32_t tage_size;             /* TAGE: entries per tagged table */
    uint32_t tage_tag_bits;         /* TAGE: tag width */
    uint32_t tage_min_hist, tage_max_hist;  /* TAGE: shortest and longest history */
    uint32_t tage_path_bits;        /* TAGE: path history bits, 0: none */
    uint32_t tage_loop;             /* TAGE: loop predictor entries, 0: none */
    uint32_t btb_sets, btb_ways;
    uint32_t ras;                   /* return-address stack entries */
};

/* One direction predictor. */
struct bp_dir {
    const char *name;               /* value of the core's `bpred` key */
    const char *doc;
    size_t (*state_bytes)(const struct bp_cfg *cfg);
    /* NULL when cfg suits this predictor, else why not (static text). */
    const char *(*check)(const struct bp_cfg *cfg);
    void (*init)(void *st, const struct bp_cfg *cfg);      /* state is zeroed before */
    /* Direction of the conditional branch at pc (target: its taken target). */
    bool (*predict)(void *st, uint64_t pc, uint64_t target);
    /* Train with the outcome of the branch just predicted; returns the table
     * entries written (energy events). */
    int (*update)(void *st, uint64_t pc, bool taken);
    /* Table entries read by one prediction (energy events). */
    unsigned (*reads)(const struct bp_cfg *cfg);
};

extern const struct bp_dir *const bp_dirs[];
extern const int bp_n_dirs;

/* The predictor called name, or NULL. */
const struct bp_dir *bp_find(const char *name);
/* The names joined by '|' into buf, for error messages. */
void bp_names(char *buf, size_t n);

enum { BP_OK, BP_MISFETCH, BP_MISPREDICT };

struct btb_entry {
    uint64_t pc;                    /* full tag; 0: empty */
    uint64_t target;
    uint32_t stamp;                 /* LRU: last use */
};

/* The branch prediction unit of one core. Statistics and energy counters
 * are plain fields; the core's stat rows point at them. */
struct bpred {
    const struct bp_dir *dir;
    void *state;                    /* the predictor's tables */
    struct bp_cfg cfg;
    unsigned dir_reads;
    struct btb_entry *btb;          /* btb_sets * btb_ways */
    uint32_t btb_mask;
    uint32_t stamp;
    uint64_t *ras;
    uint32_t ras_top, ras_n;
    struct {
        uint64_t branches[SIM_BR_COUNT];    /* by enum sim_branch_kind */
        uint64_t mispredicts[SIM_BR_COUNT];
        uint64_t misfetches;
        uint64_t btb_hits, btb_misses;
    } st;
    struct {
        uint64_t dir_read, dir_write, btb_read, btb_write, ras;
    } ev;
};

/* Set up bp from cfg. Returns 0, or -1 with why naming the parameter at
 * fault first ("bp_table: ..."), bp then left empty. */
int bp_init(struct bpred *bp, const struct bp_cfg *cfg, char *why, size_t why_len);
void bp_fini(struct bpred *bp);

/* Predict and train on the control transfer in (in->branch != SIM_BR_NONE).
 * Returns BP_OK, BP_MISFETCH or BP_MISPREDICT and counts the statistics. */
int bp_predict(struct bpred *bp, const sim_inst *in);

/* 2-bit saturating counters, shared by the predictors. */
static inline void bp_ctr2(uint8_t *c, bool up)
{
    if (up && *c < 3)
        (*c)++;
    else if (!up && *c > 0)
        (*c)--;
}

/* Parameter rows of the unit, for a core cfg struct T holding a struct
 * bp_cfg at member m; def is the default direction predictor. */
#define BPRED_PARAMS(T, m, def) \
    SIM_PARAM_STRING("bpred", T, m.kind, def, \
                     "direction predictor: static|bimodal|gshare|tournament|tage"), \
    SIM_PARAM_ENUM("bp_static", T, m.static_policy, "btfn", "not_taken|taken|btfn", \
                   "static predictor: never, always, or backward taken / forward not"), \
    SIM_PARAM_UINT("bp_table", T, m.table, 4096, 16, 1 << 24, \
                   "2-bit counters of the bimodal, gshare, tournament (global and choice) " \
                   "and TAGE base tables (a power of two)"), \
    SIM_PARAM_UINT("bp_history", T, m.history, 12, 0, 30, \
                   "global history bits (gshare, tournament)"), \
    SIM_PARAM_UINT("bp_local_table", T, m.local_table, 1024, 16, 1 << 20, \
                   "tournament: local history entries (a power of two)"), \
    SIM_PARAM_UINT("bp_local_history", T, m.local_history, 10, 1, 16, \
                   "tournament: bits per local history"), \
    SIM_PARAM_UINT("tage_tables", T, m.tage_tables, 7, 1, 16, "TAGE: tagged tables"), \
    SIM_PARAM_UINT("tage_size", T, m.tage_size, 1024, 16, 1 << 20, \
                   "TAGE: entries per tagged table (a power of two)"), \
    SIM_PARAM_UINT("tage_tag_bits", T, m.tage_tag_bits, 9, 4, 16, "TAGE: tag bits"), \
    SIM_PARAM_UINT("tage_min_hist", T, m.tage_min_hist, 4, 1, 1000, \
                   "TAGE: history length of the first tagged table"), \
    SIM_PARAM_UINT("tage_max_hist", T, m.tage_max_hist, 200, 1, 1000, \
                   "TAGE: history length of the last tagged table (geometric between)"), \
    SIM_PARAM_UINT("tage_path_bits", T, m.tage_path_bits, 16, 0, 32, \
                   "TAGE: path history bits (one address bit per conditional branch) " \
                   "hashed into the tagged tables' indices; 0: none"), \
    SIM_PARAM_UINT("tage_loop", T, m.tage_loop, 64, 0, 1024, \
                   "TAGE: entries of the L-TAGE loop predictor (4-way, a power of two " \
                   "from 4); 0: none"), \
    SIM_PARAM_UINT("btb_sets", T, m.btb_sets, 512, 1, 1 << 20, \
                   "branch target buffer sets (a power of two)"), \
    SIM_PARAM_UINT("btb_ways", T, m.btb_ways, 4, 1, 64, "branch target buffer ways"), \
    SIM_PARAM_UINT("ras", T, m.ras, 16, 1, 1024, "return-address stack entries")

/* The target the unit would predict now for the control transfer in, when
 * predicted taken: the BTB's for a branch or jump (false on a BTB miss),
 * the top of the RAS for a return (false when empty). Counts nothing and
 * changes nothing (no LRU update): the cores' wrong-path fetch asks it
 * before bp_predict, which may overwrite both. */
bool bp_peek_target(const struct bpred *bp, const sim_inst *in, uint64_t *target);

#endif
