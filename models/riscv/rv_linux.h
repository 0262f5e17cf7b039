/* models/riscv/rv_linux.h - Linux user-mode emulation for the RISC-V model. */
#ifndef MODELS_RISCV_RV_LINUX_H
#define MODELS_RISCV_RV_LINUX_H

#include "rv.h"
#include "rv_elf.h"

#define RV_LX_SPAN_TOP 0x100000000ull   /* guest addresses below 4 GiB */
#define RV_LX_MAX_HARTS 64              /* threads of one process at most */

struct rv_linux_cfg {
    const char *const *fs_read;     /* host directories the guest may read */
    int n_read;
    const char *const *fs_write;    /* ... and read and write */
    int n_write;
    const char *const *env;         /* "NAME=value" */
    int n_env;
    int in_fd, out_fd, err_fd;      /* host fds behind guest 0, 1, 2 (not owned) */
    uint64_t mem_limit;             /* brk + mmap + stack bytes at most */
};

/* Guest memory layout for an executable: RAM window [base, RV_LX_SPAN_TOP). */
uint64_t rv_linux_ram_base(const struct rv_elf *e);

/* After the segments are loaded: set up brk, mmap area, the initial stack
 * (argv, envp, auxv), registers and the file table. 0, or -1 with err. */
int rv_linux_start(struct rv_cpu *cpu, const struct rv_elf *e, const char *exe,
                   int argc, const char *const *argv, const struct rv_linux_cfg *cfg,
                   char *err, size_t errn);
void rv_linux_free(struct rv_linux *lx);

/* Threads (multi-hart: as->nharts > 1). Each hart of the space runs one
 * thread at most; the program's first thread is on hart 0, clone puts a new
 * one on the lowest free hart below `usable` (timing runs: the harts that
 * have a core). A hart whose thread blocks (futex wait, sleep) or exits
 * leaves the executor with RV_RUN_IDLE. */
void rv_linux_set_harts(struct rv_linux *lx, struct rv_space *as, int usable);
/* Has hart h a thread that may run at now_ps? A timed wait whose deadline
 * has come ends here (futex: ETIMEDOUT). */
bool rv_linux_runnable(struct rv_linux *lx, int h, uint64_t now_ps);
/* The deadline of hart h's thread in a timed wait (ps), or UINT64_MAX. */
uint64_t rv_linux_deadline(const struct rv_linux *lx, int h);
/* The earliest deadline of a waiting thread (ps), or UINT64_MAX. */
uint64_t rv_linux_next_deadline(const struct rv_linux *lx);
/* 1 when every live thread waits on a futex with no timeout (nothing can
 * ever wake them), with a message naming one; else 0. */
int rv_linux_deadlock(const struct rv_linux *lx, char *msg, size_t n);
struct rv_linux_stats {
    uint64_t threads;               /* created by clone */
    uint64_t futex_waits;           /* FUTEX_WAITs that blocked */
    uint64_t futex_wakes;           /* threads woken by FUTEX_WAKE or an exit */
};
const struct rv_linux_stats *rv_linux_stats(const struct rv_linux *lx);
/* Name of a riscv64 Linux system call, or "unknown". */
const char *rv_syscall_name(uint64_t nr);
/* Number of system calls emulated, and the i-th one (for the docs). */
int rv_syscall_count(void);
const char *rv_syscall_nth(int i, uint64_t *nr);

#endif
