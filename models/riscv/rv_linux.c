/* models/riscv/rv_linux.c - Linux user-mode emulation for statically linked
 * riscv64 programs: guest memory layout (program, brk heap, mmap area,
 * stack, all below 4 GiB), the initial stack of the ELF ABI (argc, argv,
 * envp, auxv with AT_PHDR ... AT_RANDOM, AT_EXECFN), a file table, a
 * sandbox for host files, and the system calls such programs make (numbers
 * and structure layouts of the asm-generic ABI used by riscv64, Linux 6.x).
 *
 * Guest time is simulated time (rv_time_ps; with a core behind the records,
 * the calls that read it run once the core has committed everything before
 * them, rv_reads_time); CLOCK_REALTIME counts from a
 * fixed epoch (2023-11-14 22:13:20 UTC) so runs are reproducible, and
 * random bytes come from the run's seed. Host files are reachable only
 * under the configured directories: paths are resolved with realpath(3)
 * (so `..` and symlinks are followed before the check) and new files are
 * created with O_NOFOLLOW in a checked directory.
 *
 * Threads (several harts, riscv.c): clone with the flags of a thread
 * (CLONE_VM | CLONE_SIGHAND | CLONE_THREAD, with SETTLS, PARENT_SETTID,
 * CHILD_SETTID, CHILD_CLEARTID honoured; FS, FILES, SYSVSEM are what one
 * process has anyway) and clone3 start the new thread on the lowest free
 * hart, or stop the run when none is free; futex WAIT, WAKE, WAIT_BITSET,
 * WAKE_BITSET, REQUEUE and CMP_REQUEUE (PRIVATE or not: one process) block
 * and wake threads, oldest waiter first, with timeouts in simulated time;
 * nanosleep blocks the thread until simulated time passes; exit ends one
 * thread (CHILD_CLEARTID: its tid word is cleared and a waiter woken, which
 * pthread_join waits for), exit_group and the last thread's exit the
 * program; threads waiting on futexes nobody can wake stop the run as a
 * deadlock. With one hart these calls behave as before: a futex wait
 * returns at once, a sleep adds its time, clone stops the run.
 *
 * Not modelled: processes (fork, execve, wait), PI futexes, FUTEX_WAKE_OP,
 * robust futex lists (accepted, never walked), per-thread signal masks
 * (one mask for the process), signal delivery (handlers are recorded,
 * never called; a signal a program sends itself or one of its threads ends
 * it like the default action), sockets, memory protection (mprotect is
 * accepted and ignored), MAP_SHARED write-back, /proc other than
 * /proc/self/exe, the vDSO, rseq (ENOSYS, which glibc accepts). An
 * unsupported call stops the run with its number, name and pc.
 *
 * What the guest learns of the host is what the config and the workload
 * give it, so a run does not depend on where its output goes or on the
 * machine and file system it runs on (docs/methodology.md, repeatable
 * results). The standard streams (fds 0-2 and their dups) look like pipes
 * whatever the host fd is (a terminal, a file, /dev/null, or the file a
 * stdin/stdout/stderr param names): fstat and statx give one fixed answer
 * (S_IFIFO | 0600, st_blksize 4096, the epoch for every time), lseek, pread
 * and pwrite fail with ESPIPE and mmap with ENODEV, and F_SETFL keeps its
 * flags here, off the host fd. No fd is a terminal: every ioctl but FIOCLEX
 * says ENOTTY, so libc buffers stdout fully, as under qemu-user with output
 * to a file or a pipe. For host files and directories, stat and statx keep
 * the type, permission bits, size (4096 for a directory), link count and
 * rdev and replace the rest: one device (8:1), inode numbers handed out in
 * the order the guest first sees each file (the same file keeps its
 * number), the guest's uid and gid, st_blksize 4096, st_blocks from the
 * size, the epoch for every time, no birth time, attributes or mount id;
 * getdents64 lists a directory sorted by name (the host's order depends on
 * the file system) with those inode numbers. Time, random bytes, pid, uid,
 * uname, sysinfo, rlimits, the CPU set (the harts) and the environment (the
 * env param) are the model's own. The program's name is argv[0] (the argv0
 * param, or the path as given), not its host path: AT_EXECFN is argv[0], and
 * readlink says /proc/self/exe is argv[0] taken from / (glibc reads it at
 * start and wants an absolute path), while the path /proc/self/exe itself
 * opens the program, wherever it is. New files and directories get the
 * guest's umask (022 at start), not the host's. Left to the host: the
 * working directory (getcwd, relative paths), file contents and the
 * permission bits of files the guest did not make, access checks
 * (faccessat, with the host's uid), d_type, a directory's link count, and
 * whatever the guest reads under /proc or /sys when fs_read lets it. */
#define _GNU_SOURCE             /* AT_EMPTY_PATH, syscall() */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "rv_linux.h"

#define LX_MAXFD 256
#define LX_MAXMAP 4096
#define LX_PAGE 4096ull
#define LX_STACK (8ull << 20)
#define LX_EPOCH_NS 1700000000000000000ull
#define LX_PID 4242
#define LX_UID 1000
#define LX_DEV 0x801                /* the one device every host file is on (8:1) */
#define LX_PIPE_DEV 0xc             /* the standard streams' (0:12, pipefs) */
#define LX_INO0 16                  /* first inode number given to a host file */
#define LX_BLKSIZE 4096
#define G_AT_FDCWD (-100)

struct lx_fd {
    int host;
    bool open, own;
    int stream;                     /* 1 + k: standard stream k or a dup of it (a pipe
                                       to the guest); 0: a host file */
    int fl;                         /* stream: the status flags F_SETFL gave */
    char *dir;                      /* canonical path when it is a directory */
    char *dbuf;                     /* directory: its host entries, read whole */
    uint8_t **dent;                 /* ... sorted by name; NULL: not read yet */
    int ndent, dpos;                /* dpos: the next entry (the guest's d_off) */
};

/* A thread: the one on hart h is th[h]. */
enum { TH_FREE, TH_RUN, TH_FUTEX, TH_SLEEP };
struct lx_thread {
    int state;
    int tid;
    uint64_t clear_tid;             /* CLONE_CHILD_CLEARTID / set_tid_address: 0 it and
                                       wake a waiter there when the thread exits */
    uint64_t futex;                 /* TH_FUTEX: the address waited on */
    uint32_t bitset;
    uint64_t seq;                   /* TH_FUTEX: waiters are woken in this order */
    uint64_t deadline;              /* TH_FUTEX, TH_SLEEP: ps of simulated time, or
                                       UINT64_MAX */
};

struct rv_linux {
    uint64_t brk_start, brk_cur, brk_end;
    uint64_t mmap_floor, mmap_top, stack_lo, stack_top;
    uint64_t used, limit;
    int nmap;
    struct { uint64_t lo, hi; } map[LX_MAXMAP];
    struct lx_fd fd[LX_MAXFD];
    char **rd, **wr;
    int nrd, nwr;
    char cwd[PATH_MAX], exe[PATH_MAX];  /* exe: the program's canonical host path */
    char name[PATH_MAX];            /* ... the name it was run by (argv[0]) */
    char link[PATH_MAX + 1];        /* ... and that name from /: /proc/self/exe */
    uint64_t sigmask;
    uint8_t sigact[65][24];
    unsigned umask;                 /* the guest's, applied here: not the host's */
    struct { uint64_t dev, ino; } *inode;   /* guest inode LX_INO0 + k is host inode[k] */
    int ninode, cap_inode;
    int32_t *ihash;                 /* open addressing over inode[], 2 x cap_inode slots */
    /* threads (multi-hart): one per hart at most */
    struct rv_space *as;            /* the harts */
    int usable;                     /* a new thread may take harts [0, usable) */
    int alive, next_tid;
    uint64_t wait_seq;
    struct rv_linux_stats st;
    struct lx_thread th[RV_LX_MAX_HARTS];
};

static inline uint64_t page_up(uint64_t v)
{
    return (v + LX_PAGE - 1) & ~(LX_PAGE - 1);
}

uint64_t rv_linux_ram_base(const struct rv_elf *e)
{
    return e->lo & ~(LX_PAGE - 1);
}

/* ------------------------------------------------------- guest memory */

static void *gp(struct rv_cpu *cpu, uint64_t a, uint64_t n)
{
    static char empty;

    if (!n)
        return &empty;
    return rv_ram_ptr(cpu, a & cpu->amask, n);
}

static int gstr(struct rv_cpu *cpu, uint64_t a, char *buf, size_t max)
{
    for (size_t k = 0; k < max; k++) {
        char *p = gp(cpu, a + k, 1);

        if (!p)
            return -EFAULT;
        buf[k] = *p;
        if (!*p)
            return 0;
    }
    return -ENAMETOOLONG;
}

static int put(struct rv_cpu *cpu, uint64_t a, const void *src, uint64_t n)
{
    void *p = gp(cpu, a, n);

    if (!p)
        return -EFAULT;
    memcpy(p, src, n);
    rv_host_wrote(cpu, a, n);
    return 0;
}

static void zero_range(struct rv_cpu *cpu, uint64_t lo, uint64_t hi)
{
    uint64_t plo = page_up(lo), phi = hi & ~(LX_PAGE - 1);
    uint8_t *p = gp(cpu, lo, hi - lo);

    if (!p || hi <= lo)
        return;
    if (plo < phi) {
        memset(p, 0, plo - lo);
        madvise(p + (plo - lo), phi - plo, MADV_DONTNEED);
        memset(p + (phi - lo), 0, hi - phi);
    } else {
        memset(p, 0, hi - lo);
    }
    rv_host_wrote(cpu, lo, hi - lo);
}

/* ------------------------------------------------------------ mmap area */

static uint64_t map_overlap(struct rv_linux *lx, uint64_t lo, uint64_t hi)
{
    uint64_t n = 0;

    for (int k = 0; k < lx->nmap; k++) {
        uint64_t a = lx->map[k].lo > lo ? lx->map[k].lo : lo;
        uint64_t b = lx->map[k].hi < hi ? lx->map[k].hi : hi;

        if (a < b)
            n += b - a;
    }
    return n;
}

static void map_remove(struct rv_cpu *cpu, struct rv_linux *lx, uint64_t lo, uint64_t hi)
{
    for (int k = 0; k < lx->nmap; k++) {
        uint64_t a = lx->map[k].lo, b = lx->map[k].hi;

        if (b <= lo || a >= hi)
            continue;
        zero_range(cpu, a > lo ? a : lo, b < hi ? b : hi);
        lx->used -= (b < hi ? b : hi) - (a > lo ? a : lo);
        if (a < lo && b > hi) {     /* split */
            if (lx->nmap < LX_MAXMAP) {
                lx->map[lx->nmap].lo = hi;
                lx->map[lx->nmap].hi = b;
                lx->nmap++;
            }
            lx->map[k].hi = lo;
        } else if (a < lo) {
            lx->map[k].hi = lo;
        } else if (b > hi) {
            lx->map[k].lo = hi;
        } else {
            lx->map[k] = lx->map[--lx->nmap];
            k--;
        }
    }
}

static int map_add(struct rv_linux *lx, uint64_t lo, uint64_t hi)
{
    if (lx->nmap >= LX_MAXMAP)
        return -ENOMEM;
    lx->map[lx->nmap].lo = lo;
    lx->map[lx->nmap].hi = hi;
    lx->nmap++;
    lx->used += hi - lo;
    return 0;
}

/* Highest free range of len bytes in the mmap area, or 0. */
static uint64_t map_find(struct rv_linux *lx, uint64_t len)
{
    uint64_t top = lx->mmap_top;

    while (top >= lx->mmap_floor + len) {
        uint64_t lo = top - len, blocker = 0;

        for (int k = 0; k < lx->nmap; k++)
            if (lx->map[k].lo < top && lx->map[k].hi > lo && lx->map[k].lo >= blocker)
                blocker = lx->map[k].lo;
        if (!blocker && !map_overlap(lx, lo, top))
            return lo;
        if (!blocker)
            return 0;
        top = blocker;
    }
    return 0;
}

/* ------------------------------------------------------------- sandbox */

static bool under(const char *path, const char *dir)
{
    size_t n = strlen(dir);

    if (n == 1 && dir[0] == '/')
        return path[0] == '/';
    return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == 0);
}

static const char *dir_of_fd(struct rv_linux *lx, int dirfd)
{
    if (dirfd == G_AT_FDCWD)
        return lx->cwd;
    if (dirfd < 0 || dirfd >= LX_MAXFD || !lx->fd[dirfd].open)
        return NULL;
    return lx->fd[dirfd].dir ? lx->fd[dirfd].dir : "";
}

/* Host path for a guest path, after the sandbox check. nofollow: the last
 * component is not resolved (unlink, readlink, mkdir, files to create). */
static int resolve(struct rv_linux *lx, int dirfd, const char *p, bool wr, bool nofollow,
                   char *out)
{
    char cand[2 * PATH_MAX + 2], dir[PATH_MAX];
    bool ok = false;

    if (!*p)
        return -ENOENT;
    if (p[0] == '/') {
        snprintf(cand, sizeof cand, "%s", p);
    } else {
        const char *base = dir_of_fd(lx, dirfd);

        if (!base)
            return -EBADF;
        if (!*base)
            return -ENOTDIR;
        snprintf(cand, sizeof cand, "%s/%s", base, p);
    }
    if (!strcmp(cand, "/dev/null")) {   /* readable and writable, never removed: */
        if (wr && nofollow)             /* unlink, rename and mkdir resolve so */
            return -EACCES;
        strcpy(out, cand);
        return 0;
    }
    if (!strcmp(cand, "/proc/self/exe")) {  /* the program, readable wherever it is */
        if (wr)
            return -EACCES;
        strcpy(out, lx->exe);
        return 0;
    }
    if (nofollow || !realpath(cand, out)) {
        char *slash, *name;
        size_t len = strlen(cand);

        if (!nofollow && errno != ENOENT)
            return -errno;
        while (len > 1 && cand[len - 1] == '/')
            cand[--len] = 0;
        slash = strrchr(cand, '/');
        name = slash + 1;
        if (!strcmp(name, ".") || !strcmp(name, "..") || !*name) {
            if (!realpath(cand, out))
                return -errno;
        } else {
            *slash = 0;
            if (!realpath(slash == cand ? "/" : cand, dir))
                return -errno;
            int n = snprintf(out, PATH_MAX, "%s/%s", strcmp(dir, "/") ? dir : "", name);

            if (n < 0 || n >= PATH_MAX)
                return -ENAMETOOLONG;
        }
    }
    for (int k = 0; k < lx->nwr && !ok; k++)
        ok = under(out, lx->wr[k]);
    for (int k = 0; k < lx->nrd && !ok && !wr; k++)
        ok = under(out, lx->rd[k]);
    return ok ? 0 : -EACCES;
}

static int fd_alloc(struct rv_linux *lx, int from)
{
    for (int k = from < 0 ? 0 : from; k < LX_MAXFD; k++)
        if (!lx->fd[k].open)
            return k;
    return -EMFILE;
}

static int host_fd(struct rv_linux *lx, uint64_t g)
{
    if (g >= LX_MAXFD || !lx->fd[g].open)
        return -EBADF;
    return lx->fd[g].host;
}

static void fd_close(struct rv_linux *lx, int g)
{
    struct lx_fd *f = &lx->fd[g];

    if (f->own)
        close(f->host);
    free(f->dir);
    free(f->dbuf);
    free(f->dent);
    memset(f, 0, sizeof(*f));
    f->host = -1;
}

/* Guest fd g becomes a duplicate of guest fd from, on host fd nh (owned). */
static void fd_dup(struct rv_linux *lx, int g, int from, int nh)
{
    struct lx_fd *f = &lx->fd[g];

    f->host = nh;
    f->open = f->own = true;
    f->stream = lx->fd[from].stream;
    f->fl = lx->fd[from].fl;
    f->dir = lx->fd[from].dir ? strdup(lx->fd[from].dir) : NULL;
}

/* ------------------------------------------------------- what stat says */

/* The guest's inode number for a host file: given in the order the guest
 * first sees files, so it is the same on every run and machine. O(files
 * seen) scan: programs look at few. */
static uint32_t ino_slot(const struct rv_linux *lx, uint64_t dev, uint64_t ino)
{
    uint64_t h = (ino ^ dev * 0x9e3779b97f4a7c15ull) * 0xff51afd7ed558ccdull;

    return (uint32_t)(h >> 32) & (uint32_t)(2 * lx->cap_inode - 1);
}

static uint64_t guest_ino(struct rv_linux *lx, uint64_t dev, uint64_t ino)
{
    uint32_t mask = (uint32_t)(2 * lx->cap_inode - 1), j = 0;

    if (lx->ihash) {
        for (j = ino_slot(lx, dev, ino); lx->ihash[j] >= 0; j = (j + 1) & mask) {
            int k = lx->ihash[j];

            if (lx->inode[k].dev == dev && lx->inode[k].ino == ino)
                return LX_INO0 + (uint64_t)k;
        }
    }
    if (lx->ninode == lx->cap_inode) {      /* grow both, and hash again */
        int cap = lx->cap_inode ? 2 * lx->cap_inode : 64;
        void *p = realloc(lx->inode, (size_t)cap * sizeof(*lx->inode));
        int32_t *h = p ? malloc(2 * (size_t)cap * sizeof(*h)) : NULL;

        if (!h) {
            if (p)
                lx->inode = p;
            return LX_INO0 + (uint64_t)lx->ninode;     /* out of memory: unique still */
        }
        lx->inode = p;
        lx->cap_inode = cap;
        free(lx->ihash);
        lx->ihash = h;
        mask = (uint32_t)(2 * cap - 1);
        memset(h, 0xff, 2 * (size_t)cap * sizeof(*h));         /* all -1 */
        for (int k = 0; k < lx->ninode; k++) {
            for (j = ino_slot(lx, lx->inode[k].dev, lx->inode[k].ino); h[j] >= 0;
                 j = (j + 1) & mask)
                ;
            h[j] = k;
        }
        for (j = ino_slot(lx, dev, ino); h[j] >= 0; j = (j + 1) & mask)
            ;
    }
    lx->ihash[j] = lx->ninode;
    lx->inode[lx->ninode].dev = dev;
    lx->inode[lx->ninode].ino = ino;
    return LX_INO0 + (uint64_t)lx->ninode++;
}

/* A host file's stat as the guest sees it: see the top of the file. */
static void norm_stat(struct rv_linux *lx, struct stat *st)
{
    st->st_ino = guest_ino(lx, st->st_dev, st->st_ino);
    st->st_dev = LX_DEV;
    st->st_uid = st->st_gid = LX_UID;
    st->st_blksize = LX_BLKSIZE;
    if (S_ISDIR(st->st_mode))       /* ext4's answer; tmpfs, btrfs, ... give others */
        st->st_size = LX_BLKSIZE;
    st->st_blocks = (st->st_size + LX_BLKSIZE - 1) / LX_BLKSIZE * (LX_BLKSIZE / 512);
    st->st_atim.tv_sec = st->st_mtim.tv_sec = st->st_ctim.tv_sec =
        (time_t)(LX_EPOCH_NS / 1000000000ull);
    st->st_atim.tv_nsec = st->st_mtim.tv_nsec = st->st_ctim.tv_nsec = 0;
}

/* Standard stream k (0-2) as the guest sees it: an empty pipe. */
static void stream_stat(int k, struct stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_dev = LX_PIPE_DEV;
    st->st_ino = 1 + (ino_t)k;
    st->st_mode = S_IFIFO | 0600;
    st->st_nlink = 1;
    st->st_uid = st->st_gid = LX_UID;
    st->st_blksize = LX_BLKSIZE;
    st->st_atim.tv_sec = st->st_mtim.tv_sec = st->st_ctim.tv_sec =
        (time_t)(LX_EPOCH_NS / 1000000000ull);
}

static int fd_stat(struct rv_linux *lx, uint64_t g, struct stat *st)
{
    int h = host_fd(lx, g);

    if (h < 0)
        return h;
    if (lx->fd[g].stream) {
        stream_stat(lx->fd[g].stream - 1, st);
        return 0;
    }
    if (fstat(h, st) < 0)
        return -errno;
    norm_stat(lx, st);
    return 0;
}

/* stat or lstat (nofollow) of a guest path relative to dirfd. */
static int path_stat(struct rv_linux *lx, int dirfd, const char *p, bool nofollow,
                     struct stat *st)
{
    char out[PATH_MAX];
    int r = resolve(lx, dirfd, p, false, nofollow, out);

    if (r)
        return r;
    if ((nofollow ? lstat(out, st) : stat(out, st)) < 0)
        return -errno;
    norm_stat(lx, st);
    return 0;
}

/* -------------------------------------------------------- time helpers */

static uint64_t now_ns(struct rv_cpu *cpu)
{
    return rv_time_ps(cpu) / 1000;
}

static int put_time(struct rv_cpu *cpu, uint64_t a, uint64_t ns, bool usec)
{
    int64_t t[2] = { (int64_t)(ns / 1000000000ull),
                     (int64_t)(usec ? ns % 1000000000ull / 1000 : ns % 1000000000ull) };

    return put(cpu, a, t, sizeof t);
}

/* ------------------------------------------------------- system calls */

#define A(n) (a[n])
#define LX (cpu->lx)
#define MT (cpu->as->nharts > 1)    /* threads: the blocking futex, sleep and exit */
typedef int64_t (*sys_fn)(struct rv_cpu *cpu, uint64_t *a);

static int64_t sys_getcwd(struct rv_cpu *cpu, uint64_t *a)
{
    size_t n = strlen(LX->cwd) + 1;

    if (A(1) < n)
        return -ERANGE;
    return put(cpu, A(0), LX->cwd, n) ?: (int64_t)n;
}

static int64_t sys_dup(struct rv_cpu *cpu, uint64_t *a)
{
    int h = host_fd(LX, A(0)), g, nh;

    if (h < 0)
        return h;
    g = fd_alloc(LX, 0);
    if (g < 0)
        return g;
    nh = dup(h);
    if (nh < 0)
        return -errno;
    fd_dup(LX, g, (int)A(0), nh);
    return g;
}

static int64_t sys_dup3(struct rv_cpu *cpu, uint64_t *a)
{
    int h = host_fd(LX, A(0)), nh;
    uint64_t g = A(1);

    if (h < 0)
        return h;
    if (g >= LX_MAXFD || g == A(0))
        return g == A(0) ? -EINVAL : -EBADF;
    nh = dup(h);
    if (nh < 0)
        return -errno;
    if (LX->fd[g].open)
        fd_close(LX, (int)g);
    fd_dup(LX, (int)g, (int)A(0), nh);
    return (int64_t)g;
}

static int64_t sys_fcntl(struct rv_cpu *cpu, uint64_t *a)
{
    int h = host_fd(LX, A(0)), r;

    if (h < 0)
        return h;
    switch (A(1)) {
    case 0:                         /* F_DUPFD */
    case 1030: {                    /* F_DUPFD_CLOEXEC */
        int g = fd_alloc(LX, (int)A(2)), nh;

        if (g < 0)
            return g;
        nh = dup(h);
        if (nh < 0)
            return -errno;
        fd_dup(LX, g, (int)A(0), nh);
        return g;
    }
    case 1: return 0;               /* F_GETFD */
    case 2: return 0;               /* F_SETFD */
    case 3:                         /* F_GETFL */
        if (LX->fd[A(0)].stream)    /* read end of stdin's pipe, write ends of the others */
            return (LX->fd[A(0)].stream == 1 ? O_RDONLY : O_WRONLY) | LX->fd[A(0)].fl;
        r = fcntl(h, F_GETFL);
        return r < 0 ? -errno : r;
    case 4:                         /* F_SETFL */
        if (LX->fd[A(0)].stream) {  /* not on the host's fd, which others share */
            LX->fd[A(0)].fl = (int)A(2) & (O_APPEND | O_NONBLOCK);
            return 0;
        }
        r = fcntl(h, F_SETFL, (int)A(2));
        return r < 0 ? -errno : r;
    }
    return -EINVAL;
}

/* No fd is a terminal (TCGETS, TIOCGWINSZ, ...: ENOTTY), whatever the host
 * fd is: libc's choice of buffering must not depend on where the host's
 * output goes. */
static int64_t sys_ioctl(struct rv_cpu *cpu, uint64_t *a)
{
    int h = host_fd(LX, A(0));

    if (h < 0)
        return h;
    if (A(1) == 0x5450 || A(1) == 0x5451)       /* FIONCLEX, FIOCLEX: no exec anyway */
        return 0;
    return -ENOTTY;
}

static int64_t sys_unlinkat(struct rv_cpu *cpu, uint64_t *a)
{
    char p[PATH_MAX], out[PATH_MAX];
    int r = gstr(cpu, A(1), p, sizeof p);

    if (r || (r = resolve(LX, (int)A(0), p, true, true, out)))
        return r;
    return unlinkat(AT_FDCWD, out, (int)(A(2) & AT_REMOVEDIR)) < 0 ? -errno : 0;
}

static int64_t sys_mkdirat(struct rv_cpu *cpu, uint64_t *a)
{
    char p[PATH_MAX], out[PATH_MAX];
    int r = gstr(cpu, A(1), p, sizeof p);

    if (r || (r = resolve(LX, (int)A(0), p, true, true, out)))
        return r;
    if (mkdir(out, (mode_t)A(2)) < 0)
        return -errno;
    chmod(out, (mode_t)(A(2) & 07777 & ~LX->umask));   /* the guest's umask, not ours */
    return 0;
}

static int64_t sys_renameat2(struct rv_cpu *cpu, uint64_t *a)
{
    char p[PATH_MAX], q[PATH_MAX], o1[PATH_MAX], o2[PATH_MAX];
    int r;

    if (A(4) != 0)
        return -EINVAL;
    if ((r = gstr(cpu, A(1), p, sizeof p)) || (r = gstr(cpu, A(3), q, sizeof q)) ||
        (r = resolve(LX, (int)A(0), p, true, true, o1)) ||
        (r = resolve(LX, (int)A(2), q, true, true, o2)))
        return r;
    return rename(o1, o2) < 0 ? -errno : 0;
}

static int64_t sys_renameat(struct rv_cpu *cpu, uint64_t *a)
{
    uint64_t b[5] = { A(0), A(1), A(2), A(3), 0 };

    return sys_renameat2(cpu, b);
}

static int64_t sys_faccessat(struct rv_cpu *cpu, uint64_t *a)
{
    char p[PATH_MAX], out[PATH_MAX];
    int r = gstr(cpu, A(1), p, sizeof p);

    if (r || (r = resolve(LX, (int)A(0), p, (A(2) & W_OK) != 0, false, out)))
        return r;
    return access(out, (int)A(2)) < 0 ? -errno : 0;
}

static int64_t sys_chdir(struct rv_cpu *cpu, uint64_t *a)
{
    char p[PATH_MAX], out[PATH_MAX];
    struct stat st;
    int r = gstr(cpu, A(0), p, sizeof p);

    if (r || (r = resolve(LX, G_AT_FDCWD, p, false, false, out)))
        return r;
    if (stat(out, &st) < 0)
        return -errno;
    if (!S_ISDIR(st.st_mode))
        return -ENOTDIR;
    snprintf(LX->cwd, sizeof LX->cwd, "%s", out);
    return 0;
}

static int64_t sys_openat(struct rv_cpu *cpu, uint64_t *a)
{
    char p[PATH_MAX], out[PATH_MAX];
    int flags = (int)A(2), acc = flags & 3, g, h, r;
    bool wr = acc != O_RDONLY || (flags & (O_CREAT | O_TRUNC | O_APPEND));
    struct stat st;

    if ((r = gstr(cpu, A(1), p, sizeof p)))
        return r;
    r = resolve(LX, (int)A(0), p, wr, false, out);
    if (r == -ENOENT && (flags & O_CREAT))
        r = resolve(LX, (int)A(0), p, true, true, out);
    if (r)
        return r;
    g = fd_alloc(LX, 0);
    if (g < 0)
        return g;
    flags &= O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_APPEND | O_NONBLOCK | O_DIRECTORY |
             O_NOFOLLOW | O_CLOEXEC | O_DSYNC | O_SYNC;
    flags |= O_CLOEXEC | ((flags & O_CREAT) ? O_NOFOLLOW : 0);
    /* a new file gets the guest's umask, not the host's: create it apart */
    h = (flags & O_CREAT) ? open(out, flags | O_EXCL, (mode_t)A(3)) : -1;
    if (h >= 0)
        fchmod(h, (mode_t)(A(3) & 07777 & ~LX->umask));
    else if (!(flags & O_CREAT) || (errno == EEXIST && !(flags & O_EXCL)))
        h = open(out, flags & ~O_CREAT, (mode_t)A(3));
    if (h < 0)
        return -errno;
    LX->fd[g].host = h;
    LX->fd[g].open = LX->fd[g].own = true;
    if (fstat(h, &st) == 0 && S_ISDIR(st.st_mode))
        LX->fd[g].dir = strdup(out);
    return g;
}

static int64_t sys_close(struct rv_cpu *cpu, uint64_t *a)
{
    if (A(0) >= LX_MAXFD || !LX->fd[A(0)].open)
        return -EBADF;
    fd_close(LX, (int)A(0));
    return 0;
}

/* linux_dirent64: d_ino, d_off, d_reclen, d_type, d_name */
#define DENT_NAME 19

static int dent_cmp(const void *x, const void *y)
{
    return strcmp((const char *)*(uint8_t *const *)x + DENT_NAME,
                  (const char *)*(uint8_t *const *)y + DENT_NAME);
}

/* Read directory f's host entries whole and sort them by name. */
static int dir_read(struct lx_fd *f)
{
    size_t cap = 32768, len = 0;
    char *buf = malloc(cap);
    int n = 0;

    if (!buf)
        return -ENOMEM;
    if (lseek(f->host, 0, SEEK_SET) < 0)
        goto out_errno;
    for (;;) {
        long r;

        if (cap - len < 4096) {
            char *nb = realloc(buf, 2 * cap);

            if (!nb)
                goto out_nomem;
            buf = nb;
            cap *= 2;
        }
        r = syscall(SYS_getdents64, f->host, buf + len, cap - len);
        if (r < 0)
            goto out_errno;
        if (r == 0)
            break;
        len += (size_t)r;
    }
    for (size_t o = 0; o < len; o += *(uint16_t *)(buf + o + 16))
        n++;
    f->dent = malloc(((size_t)n + 1) * sizeof(*f->dent));
    if (!f->dent)
        goto out_nomem;
    n = 0;
    for (size_t o = 0; o < len; o += *(uint16_t *)(buf + o + 16))
        f->dent[n++] = (uint8_t *)buf + o;
    qsort(f->dent, (size_t)n, sizeof(*f->dent), dent_cmp);
    f->dbuf = buf;
    f->ndent = n;
    return 0;
out_errno:
    n = -errno;
    free(buf);
    return n;
out_nomem:
    free(buf);
    return -ENOMEM;
}

/* Entries in name order from the directory's position; d_off is the index
 * of the next entry (lseek to it continues there). */
static int64_t sys_getdents64(struct rv_cpu *cpu, uint64_t *a)
{
    int h = host_fd(LX, A(0)), r;
    struct lx_fd *f;
    struct stat st;
    uint8_t *p = gp(cpu, A(1), A(2));
    uint64_t done = 0;

    if (h < 0)
        return h;
    f = &LX->fd[A(0)];
    if (!f->dir)
        return -ENOTDIR;
    if (!p)
        return -EFAULT;
    if (!f->dent && (r = dir_read(f)))
        return r;
    if (fstat(h, &st) < 0)
        return -errno;
    while (f->dpos < f->ndent) {
        const uint8_t *e = f->dent[f->dpos];
        size_t nl = strlen((const char *)e + DENT_NAME) + 1;
        uint16_t len = (uint16_t)((DENT_NAME + nl + 7) & ~(size_t)7);
        uint64_t ino, off = (uint64_t)f->dpos + 1;

        if (done + len > A(2)) {
            if (!done)
                return -EINVAL;
            break;
        }
        memcpy(&ino, e, 8);
        ino = guest_ino(LX, st.st_dev, ino);
        memset(p + done, 0, len);
        memcpy(p + done, &ino, 8);
        memcpy(p + done + 8, &off, 8);
        memcpy(p + done + 16, &len, 2);
        p[done + 18] = e[18];
        memcpy(p + done + DENT_NAME, e + DENT_NAME, nl);
        done += len;
        f->dpos++;
    }
    rv_host_wrote(cpu, A(1), done);
    return (int64_t)done;
}

static int64_t sys_lseek(struct rv_cpu *cpu, uint64_t *a)
{
    int h = host_fd(LX, A(0));
    struct lx_fd *f;
    off_t r;

    if (h < 0)
        return h;
    f = &LX->fd[A(0)];
    if (f->stream)
        return -ESPIPE;
    if (f->dir) {                   /* positions are entry indices (getdents64) */
        int64_t to = (int64_t)A(1) + (A(2) == SEEK_CUR ? f->dpos : 0);

        if ((A(2) != SEEK_SET && A(2) != SEEK_CUR) || to < 0 || to > INT_MAX)
            return -EINVAL;
        if (to == 0) {              /* rewinddir: read the directory again */
            free(f->dbuf);
            free(f->dent);
            f->dbuf = NULL;
            f->dent = NULL;
            f->ndent = 0;
        }
        f->dpos = (int)to;
        return to;
    }
    r = lseek(h, (off_t)A(1), (int)A(2));
    return r < 0 ? -errno : r;
}

/* read, write, pread64, pwrite64: one buffer of A(2) bytes at A(1), at the
 * file offset A(3) when `at`. What the host wrote into guest memory is
 * reported (code pages in it are invalidated). */
static int64_t host_io(struct rv_cpu *cpu, uint64_t *a, bool out, bool at)
{
    int h = host_fd(LX, A(0));
    void *p = gp(cpu, A(1), A(2));
    ssize_t r;

    if (h < 0)
        return h;
    if (!p)
        return -EFAULT;
    if (at && LX->fd[A(0)].stream)
        return -ESPIPE;
    if (out)
        r = at ? pwrite(h, p, A(2), (off_t)A(3)) : write(h, p, A(2));
    else
        r = at ? pread(h, p, A(2), (off_t)A(3)) : read(h, p, A(2));
    if (r < 0)
        return -errno;
    if (!out)
        rv_host_wrote(cpu, A(1), (uint64_t)r);
    return r;
}

static int64_t sys_read(struct rv_cpu *cpu, uint64_t *a) { return host_io(cpu, a, false, false); }
static int64_t sys_write(struct rv_cpu *cpu, uint64_t *a) { return host_io(cpu, a, true, false); }
static int64_t sys_pread64(struct rv_cpu *cpu, uint64_t *a) { return host_io(cpu, a, false, true); }
static int64_t sys_pwrite64(struct rv_cpu *cpu, uint64_t *a) { return host_io(cpu, a, true, true); }

/* readv / writev: guest iovecs of two xlen words */
static int64_t rw_vec(struct rv_cpu *cpu, uint64_t *a, bool wr)
{
    int h = host_fd(LX, A(0)), ps = cpu->xlen / 8;
    struct iovec iov[64];
    uint64_t n = A(2);
    ssize_t r;

    if (h < 0)
        return h;
    if (n > 64)
        return -EINVAL;
    for (uint64_t k = 0; k < n; k++) {
        uint8_t *e = gp(cpu, A(1) + k * 2 * (uint64_t)ps, 2 * (uint64_t)ps);
        uint64_t base = 0, len = 0;

        if (!e)
            return -EFAULT;
        memcpy(&base, e, (size_t)ps);
        memcpy(&len, e + ps, (size_t)ps);
        iov[k].iov_base = gp(cpu, base, len);
        iov[k].iov_len = len;
        if (!iov[k].iov_base)
            return -EFAULT;
    }
    r = wr ? writev(h, iov, (int)n) : readv(h, iov, (int)n);
    if (r < 0)
        return -errno;
    if (!wr)
        for (uint64_t k = 0; k < n; k++)
            rv_host_wrote(cpu, (uint64_t)((uint8_t *)iov[k].iov_base - cpu->ram) + cpu->ram_base,
                          iov[k].iov_len);
    return r;
}

static int64_t sys_readv(struct rv_cpu *cpu, uint64_t *a) { return rw_vec(cpu, a, false); }
static int64_t sys_writev(struct rv_cpu *cpu, uint64_t *a) { return rw_vec(cpu, a, true); }

static int64_t sys_readlinkat(struct rv_cpu *cpu, uint64_t *a)
{
    char p[PATH_MAX], out[PATH_MAX], buf[PATH_MAX];
    int r = gstr(cpu, A(1), p, sizeof p);
    ssize_t n;

    if (r)
        return r;
    if (!strcmp(p, "/proc/self/exe")) {
        n = (ssize_t)strlen(LX->link);     /* not the host path: glibc reads it at start */
        if ((uint64_t)n > A(3))
            n = (ssize_t)A(3);
        return put(cpu, A(2), LX->link, (uint64_t)n) ?: n;
    }
    if ((r = resolve(LX, (int)A(0), p, false, true, out)))
        return r;
    n = readlink(out, buf, sizeof buf);
    if (n < 0)
        return -errno;
    if ((uint64_t)n > A(3))
        n = (ssize_t)A(3);
    return put(cpu, A(2), buf, (uint64_t)n) ?: n;
}

/* struct stat of the riscv64 (asm-generic) ABI */
static int put_stat(struct rv_cpu *cpu, uint64_t addr, const struct stat *st)
{
    uint8_t b[128];
    uint64_t v;
    uint32_t w;

    memset(b, 0, sizeof b);
#define P64(off, x) (v = (uint64_t)(x), memcpy(b + (off), &v, 8))
#define P32(off, x) (w = (uint32_t)(x), memcpy(b + (off), &w, 4))
    P64(0, st->st_dev);
    P64(8, st->st_ino);
    P32(16, st->st_mode);
    P32(20, st->st_nlink);
    P32(24, st->st_uid);
    P32(28, st->st_gid);
    P64(32, st->st_rdev);
    P64(48, st->st_size);
    P32(56, st->st_blksize);
    P64(64, st->st_blocks);
    P64(72, st->st_atim.tv_sec);
    P64(80, st->st_atim.tv_nsec);
    P64(88, st->st_mtim.tv_sec);
    P64(96, st->st_mtim.tv_nsec);
    P64(104, st->st_ctim.tv_sec);
    P64(112, st->st_ctim.tv_nsec);
#undef P64
#undef P32
    return put(cpu, addr, b, sizeof b);
}

static int64_t sys_fstat(struct rv_cpu *cpu, uint64_t *a)
{
    struct stat st;
    int r = fd_stat(LX, A(0), &st);

    return r ? r : put_stat(cpu, A(1), &st);
}

static int64_t sys_newfstatat(struct rv_cpu *cpu, uint64_t *a)
{
    char p[PATH_MAX];
    struct stat st;
    int r = gstr(cpu, A(1), p, sizeof p);

    if (r)
        return r;
    if (!*p && (A(3) & AT_EMPTY_PATH))
        r = fd_stat(LX, A(0), &st);
    else
        r = path_stat(LX, (int)A(0), p, (A(3) & AT_SYMLINK_NOFOLLOW) != 0, &st);
    return r ? r : put_stat(cpu, A(2), &st);
}

/* struct statx, from what stat says: the basic fields (STATX_BASIC_STATS),
 * no birth time, attributes or mount id, whatever was asked for. */
static int put_statx(struct rv_cpu *cpu, uint64_t addr, const struct stat *st)
{
    uint8_t b[256];
    uint64_t v;
    uint32_t w;
    uint16_t m = (uint16_t)st->st_mode;

    memset(b, 0, sizeof b);
#define P64(off, x) (v = (uint64_t)(x), memcpy(b + (off), &v, 8))
#define P32(off, x) (w = (uint32_t)(x), memcpy(b + (off), &w, 4))
    P32(0, 0x7ff);                  /* stx_mask: STATX_BASIC_STATS */
    P32(4, st->st_blksize);
    P32(16, st->st_nlink);
    P32(20, st->st_uid);
    P32(24, st->st_gid);
    memcpy(b + 28, &m, 2);
    P64(32, st->st_ino);
    P64(40, st->st_size);
    P64(48, st->st_blocks);
    P64(64, st->st_atim.tv_sec);
    P32(72, st->st_atim.tv_nsec);
    P64(96, st->st_ctim.tv_sec);
    P32(104, st->st_ctim.tv_nsec);
    P64(112, st->st_mtim.tv_sec);
    P32(120, st->st_mtim.tv_nsec);
    P32(128, major(st->st_rdev));
    P32(132, minor(st->st_rdev));
    P32(136, major(st->st_dev));
    P32(140, minor(st->st_dev));
#undef P64
#undef P32
    return put(cpu, addr, b, sizeof b);
}

static int64_t sys_statx(struct rv_cpu *cpu, uint64_t *a)
{
    char p[PATH_MAX];
    struct stat st;
    int r = gstr(cpu, A(1), p, sizeof p);

    if (r)
        return r;
    if (!*p && (A(2) & AT_EMPTY_PATH))
        r = fd_stat(LX, A(0), &st);
    else
        r = path_stat(LX, (int)A(0), p, (A(2) & AT_SYMLINK_NOFOLLOW) != 0, &st);
    return r ? r : put_statx(cpu, A(4), &st);
}

static int64_t sys_ftruncate(struct rv_cpu *cpu, uint64_t *a)
{
    int h = host_fd(LX, A(0));

    if (h < 0)
        return h;
    if (LX->fd[A(0)].stream)
        return -EINVAL;
    return ftruncate(h, (off_t)A(1)) < 0 ? -errno : 0;
}

static int64_t sys_fsync(struct rv_cpu *cpu, uint64_t *a)
{
    return host_fd(LX, A(0)) < 0 ? -EBADF : 0;
}

static int64_t sys_exit(struct rv_cpu *cpu, uint64_t *a)
{
    cpu->exit_code = (int)(A(0) & 0xff);
    cpu->stop_req = RV_RUN_EXIT;
    cpu->check_at = 0;
    return 0;
}

static int64_t sys_getpid(struct rv_cpu *cpu, uint64_t *a) { return LX_PID; }
static int64_t sys_gettid(struct rv_cpu *cpu, uint64_t *a) { return LX->th[cpu->hart].tid; }
static int64_t sys_getppid(struct rv_cpu *cpu, uint64_t *a) { return 1; }
static int64_t sys_getuid(struct rv_cpu *cpu, uint64_t *a) { return LX_UID; }
static int64_t sys_zero(struct rv_cpu *cpu, uint64_t *a) { return 0; }
static int64_t sys_enosys(struct rv_cpu *cpu, uint64_t *a) { return -ENOSYS; }

/* ------------------------------------------------------------- threads */

/* The hart stops here: its thread waits (woken by another hart or by
 * simulated time reaching deadline) or has exited. */
static void block(struct rv_cpu *cpu, int state, uint64_t deadline)
{
    struct lx_thread *t = &LX->th[cpu->hart];

    t->state = state;
    t->deadline = deadline;
    cpu->stop_req = RV_RUN_IDLE;
    cpu->check_at = 0;
}

/* Wake up to n threads waiting on addr with a bitset meeting mask, oldest
 * first; or, with to != 0, move them to wait on `to` instead. */
static int futex_wake(struct rv_linux *lx, uint64_t addr, int n, uint32_t mask, uint64_t to)
{
    int done = 0;

    while (done < n) {
        struct lx_thread *w = NULL;

        for (int h = 0; h < lx->as->nharts; h++) {
            struct lx_thread *t = &lx->th[h];

            if (t->state == TH_FUTEX && t->futex == addr && (t->bitset & mask) &&
                (!w || t->seq < w->seq))
                w = t;
        }
        if (!w)
            break;
        if (to) {
            w->futex = to;
        } else {
            w->state = TH_RUN;      /* its a0 is 0 since it blocked */
            lx->st.futex_wakes++;
        }
        done++;
    }
    return done;
}

/* A timeout at guest address ts: ps of simulated time at which it expires.
 * abs: ts is a time of `clock` (CLOCK_REALTIME counts from LX_EPOCH_NS). */
static int64_t deadline_of(struct rv_cpu *cpu, uint64_t ts, bool abs, bool realtime,
                           uint64_t *out)
{
    int64_t t[2];
    void *p = gp(cpu, ts, 16);
    uint64_t ns;

    if (!p)
        return -EFAULT;
    memcpy(t, p, 16);
    if (t[0] < 0 || t[1] < 0 || t[1] >= 1000000000)
        return -EINVAL;
    ns = (uint64_t)t[0] * 1000000000ull + (uint64_t)t[1];
    if (!abs)
        *out = rv_time_ps(cpu) + ns * 1000;
    else if (realtime)
        *out = ns > LX_EPOCH_NS ? (ns - LX_EPOCH_NS) * 1000 : 0;
    else
        *out = ns * 1000;
    return 0;
}

static int64_t sys_futex(struct rv_cpu *cpu, uint64_t *a)
{
    int op = (int)(A(1) & 0x7f);
    uint32_t *p = gp(cpu, A(0), 4);
    uint64_t deadline = UINT64_MAX;
    int64_t r;

    if (!p)
        return -EFAULT;
    if (!MT) {
        if (op == 0 || op == 9)     /* FUTEX_WAIT(_BITSET): no other thread can wake us */
            return *p != (uint32_t)A(2) ? -EAGAIN : -ETIMEDOUT;
        if (op == 1 || op == 10)    /* FUTEX_WAKE(_BITSET) */
            return 0;
        return -ENOSYS;
    }
    switch (op) {
    case 0:                         /* FUTEX_WAIT: relative timeout */
    case 9: {                       /* FUTEX_WAIT_BITSET: absolute, CLOCK_MONOTONIC or,
                                       with FUTEX_CLOCK_REALTIME, CLOCK_REALTIME */
        uint32_t mask = op == 0 ? ~0u : (uint32_t)A(5);
        struct lx_thread *t = &LX->th[cpu->hart];

        if (!mask)
            return -EINVAL;
        if (*p != (uint32_t)A(2))
            return -EAGAIN;
        if (A(3) && (r = deadline_of(cpu, A(3), op == 9, (A(1) & 256) != 0, &deadline)))
            return r;
        if (deadline <= rv_time_ps(cpu))
            return -ETIMEDOUT;
        t->futex = A(0);
        t->bitset = mask;
        t->seq = ++LX->wait_seq;
        LX->st.futex_waits++;
        block(cpu, TH_FUTEX, deadline);
        return 0;
    }
    case 1:                         /* FUTEX_WAKE */
    case 10:                        /* FUTEX_WAKE_BITSET */
        if (op == 10 && !(uint32_t)A(5))
            return -EINVAL;
        return futex_wake(LX, A(0), (int)(A(2) > INT_MAX ? INT_MAX : A(2)),
                          op == 1 ? ~0u : (uint32_t)A(5), 0);
    case 3:                         /* FUTEX_REQUEUE */
    case 4: {                       /* FUTEX_CMP_REQUEUE */
        int woken, moved;

        if (op == 4 && *p != (uint32_t)A(5))
            return -EAGAIN;
        if (!gp(cpu, A(4), 4))
            return -EFAULT;
        woken = futex_wake(LX, A(0), (int)(A(2) > INT_MAX ? INT_MAX : A(2)), ~0u, 0);
        moved = A(0) == A(4) ? 0 : futex_wake(LX, A(0), (int)(A(3) > INT_MAX ? INT_MAX : A(3)),
                                              ~0u, A(4));
        return woken + moved;
    }
    }
    return -ENOSYS;
}

#define CLONE_VM 0x100
#define CLONE_SIGHAND 0x800
#define CLONE_THREAD 0x10000
#define CLONE_SETTLS 0x80000
#define CLONE_PARENT_SETTID 0x100000
#define CLONE_CHILD_CLEARTID 0x200000
#define CLONE_CHILD_SETTID 0x1000000

/* A new thread in this process, on the lowest free hart: it starts with a
 * copy of the caller's registers after the ecall, a0 = 0, sp = newsp (when
 * not 0) and tp = tls (CLONE_SETTLS). No free hart stops the run: a program
 * that wants more threads than harts is not what the config was made for. */
static int64_t do_clone(struct rv_cpu *cpu, uint64_t flags, uint64_t newsp, uint64_t ptid,
                        uint64_t tls, uint64_t ctid)
{
    const uint64_t thread = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
    struct rv_linux *lx = LX;
    struct rv_cpu *c;
    int h, tid;
    uint32_t v;

    if ((flags & thread) != thread) {
        rv_fault(cpu, "clone with flags 0x%llx (a new process, not a thread) at pc 0x%llx: "
                 "processes are not modelled", (unsigned long long)flags,
                 (unsigned long long)(cpu->pc - 4));
        return -ENOSYS;
    }
    for (h = 0; h < lx->usable && lx->th[h].state != TH_FREE; h++)
        ;
    if (h == lx->usable) {
        rv_fault(cpu, "clone: no free hart for a new thread at pc 0x%llx (%d thread%s running "
                 "on %d hart%s%s); give the riscv instance more harts (harts: N)",
                 (unsigned long long)(cpu->pc - 4), lx->alive, lx->alive == 1 ? "" : "s",
                 lx->usable, lx->usable == 1 ? "" : "s",
                 lx->usable < lx->as->nharts ? " with a core" : "");
        return -EAGAIN;
    }
    c = lx->as->harts[h];
    memcpy(c->x, cpu->x, sizeof(c->x));
    memcpy(c->f, cpu->f, sizeof(c->f));
    c->pc = cpu->pc;                /* after the ecall */
    c->fflags = cpu->fflags;
    c->frm = cpu->frm;
    c->mstatus = cpu->mstatus;
    c->fs_on = cpu->fs_on;
    c->resv_valid = false;
    c->x[10] = 0;
    if (newsp)
        c->x[2] = newsp;
    if (flags & CLONE_SETTLS)
        c->x[4] = tls;
    tid = lx->next_tid++;
    lx->th[h] = (struct lx_thread){ .state = TH_RUN, .tid = tid,
                                    .clear_tid = (flags & CLONE_CHILD_CLEARTID) ? ctid : 0 };
    v = (uint32_t)tid;
    if ((flags & CLONE_PARENT_SETTID) && put(cpu, ptid, &v, 4))
        return -EFAULT;
    if ((flags & CLONE_CHILD_SETTID) && put(cpu, ctid, &v, 4))
        return -EFAULT;
    lx->alive++;
    lx->st.threads++;
    return tid;
}

/* riscv64 has CONFIG_CLONE_BACKWARDS: clone(flags, newsp, ptid, tls, ctid) */
static int64_t sys_clone(struct rv_cpu *cpu, uint64_t *a)
{
    return do_clone(cpu, A(0), A(1), A(2), A(3), A(4));
}

/* clone3(struct clone_args *, size): the thread fields of Linux 5.5's layout */
static int64_t sys_clone3(struct rv_cpu *cpu, uint64_t *a)
{
    uint64_t ca[8];
    void *p = gp(cpu, A(0), 64);

    if (A(1) < 64)
        return -EINVAL;
    if (!p)
        return -EFAULT;
    memcpy(ca, p, 64);              /* flags, pidfd, child_tid, parent_tid, exit_signal,
                                       stack, stack_size, tls */
    if (ca[4] || (ca[5] && !ca[6]))
        return -EINVAL;
    return do_clone(cpu, ca[0], ca[5] ? ca[5] + ca[6] : 0, ca[3], ca[7], ca[2]);
}

/* exit: the calling thread ends (the process with its last thread); its
 * CHILD_CLEARTID word is cleared and a waiter on it woken (pthread_join). */
static int64_t sys_exit_thread(struct rv_cpu *cpu, uint64_t *a)
{
    struct rv_linux *lx = LX;
    struct lx_thread *t = &lx->th[cpu->hart];
    uint32_t zero = 0;

    if (!MT || lx->alive <= 1)
        return sys_exit(cpu, a);
    if (t->clear_tid && put(cpu, t->clear_tid, &zero, 4) == 0)
        futex_wake(lx, t->clear_tid, 1, ~0u, 0);
    lx->alive--;
    block(cpu, TH_FREE, UINT64_MAX);
    return 0;
}

static int64_t sys_set_tid_address(struct rv_cpu *cpu, uint64_t *a)
{
    LX->th[cpu->hart].clear_tid = A(0);
    return LX->th[cpu->hart].tid;
}

/* Every hart runs its own thread: yielding has nobody to yield to. */
static int64_t sys_sched_yield(struct rv_cpu *cpu, uint64_t *a) { return 0; }

/* Memory is sequentially consistent in this model (one host thread runs
 * the harts in turn): every barrier is already done. */
static int64_t sys_membarrier(struct rv_cpu *cpu, uint64_t *a)
{
    if (A(0) == 0)                  /* MEMBARRIER_CMD_QUERY */
        return 1 | 8 | 16;          /* GLOBAL, PRIVATE_EXPEDITED and its REGISTER */
    return 0;
}

void rv_linux_set_harts(struct rv_linux *lx, struct rv_space *as, int usable)
{
    lx->as = as;
    lx->usable = usable < as->nharts ? usable : as->nharts;
}

bool rv_linux_runnable(struct rv_linux *lx, int h, uint64_t now_ps)
{
    struct lx_thread *t = &lx->th[h];

    if (t->state == TH_RUN)
        return true;
    if ((t->state == TH_FUTEX || t->state == TH_SLEEP) && t->deadline <= now_ps) {
        if (t->state == TH_FUTEX)
            lx->as->harts[h]->x[10] = (uint64_t)-ETIMEDOUT;
        t->state = TH_RUN;
        return true;
    }
    return false;
}

uint64_t rv_linux_deadline(const struct rv_linux *lx, int h)
{
    const struct lx_thread *t = &lx->th[h];

    return t->state == TH_FUTEX || t->state == TH_SLEEP ? t->deadline : UINT64_MAX;
}

uint64_t rv_linux_next_deadline(const struct rv_linux *lx)
{
    uint64_t d = UINT64_MAX;

    for (int h = 0; h < lx->as->nharts; h++)
        if (rv_linux_deadline(lx, h) < d)
            d = rv_linux_deadline(lx, h);
    return d;
}

int rv_linux_deadlock(const struct rv_linux *lx, char *msg, size_t n)
{
    int waiting = 0, first = -1;

    for (int h = 0; h < lx->as->nharts; h++) {
        const struct lx_thread *t = &lx->th[h];

        if (t->state == TH_RUN || (t->state != TH_FREE && t->deadline != UINT64_MAX))
            return 0;
        if (t->state == TH_FUTEX && first < 0)
            first = h;
        waiting += t->state == TH_FUTEX;
    }
    if (!waiting)
        return 0;
    snprintf(msg, n, "deadlock: every thread waits on a futex nobody can wake (%d waiting; "
             "thread %d on hart %d waits on 0x%llx at pc 0x%llx)", waiting, lx->th[first].tid,
             first, (unsigned long long)lx->th[first].futex,
             (unsigned long long)(lx->as->harts[first]->pc - 4));
    return 1;
}

const struct rv_linux_stats *rv_linux_stats(const struct rv_linux *lx)
{
    return &lx->st;
}

/* One hart: the sleep is added to the guest's time. Threads: the hart
 * waits until simulated time reaches the deadline. */
static int64_t sleep_for(struct rv_cpu *cpu, uint64_t req)
{
    int64_t t[2];
    void *p = gp(cpu, req, 16);

    if (!p)
        return -EFAULT;
    memcpy(t, p, 16);
    if (t[0] < 0 || t[1] < 0 || t[1] >= 1000000000)
        return -EINVAL;
    if (MT) {
        if (t[0] || t[1])
            block(cpu, TH_SLEEP, rv_time_ps(cpu) +
                  ((uint64_t)t[0] * 1000000000ull + (uint64_t)t[1]) * 1000);
        return 0;
    }
    cpu->sleep_ps += ((uint64_t)t[0] * 1000000000ull + (uint64_t)t[1]) * 1000;
    return 0;
}

static int64_t sys_nanosleep(struct rv_cpu *cpu, uint64_t *a)
{
    return sleep_for(cpu, A(0));
}

/* CLOCK_REALTIME, _COARSE (glibc's time()), _ALARM and CLOCK_TAI count from
 * LX_EPOCH_NS; the others from the start of the run. */
static bool realtime(uint64_t id)
{
    return id == 0 || id == 5 || id == 8 || id == 11;
}

static int64_t sys_clock_nanosleep(struct rv_cpu *cpu, uint64_t *a)
{
    if (A(1) & 1) {                 /* TIMER_ABSTIME */
        int64_t t[2];
        void *p = gp(cpu, A(2), 16);
        uint64_t want, now = now_ns(cpu) + (realtime(A(0)) ? LX_EPOCH_NS : 0);

        if (!p)
            return -EFAULT;
        memcpy(t, p, 16);
        want = (uint64_t)t[0] * 1000000000ull + (uint64_t)t[1];
        if (want > now && MT)
            block(cpu, TH_SLEEP, rv_time_ps(cpu) + (want - now) * 1000);
        else if (want > now)
            cpu->sleep_ps += (want - now) * 1000;
        return 0;
    }
    return sleep_for(cpu, A(2));
}

static int64_t sys_clock_gettime(struct rv_cpu *cpu, uint64_t *a)
{
    uint64_t ns = now_ns(cpu);

    if (realtime(A(0)))
        ns += LX_EPOCH_NS;
    else if (A(0) > 11)
        return -EINVAL;
    return put_time(cpu, A(1), ns, false);
}

static int64_t sys_clock_getres(struct rv_cpu *cpu, uint64_t *a)
{
    if (A(0) > 11)
        return -EINVAL;
    return A(1) ? put_time(cpu, A(1), 1, false) : 0;
}

static int64_t sys_gettimeofday(struct rv_cpu *cpu, uint64_t *a)
{
    if (A(0) && put_time(cpu, A(0), now_ns(cpu) + LX_EPOCH_NS, true))
        return -EFAULT;
    if (A(1)) {
        int32_t tz[2] = { 0, 0 };

        return put(cpu, A(1), tz, sizeof tz);
    }
    return 0;
}

static int64_t sys_times(struct rv_cpu *cpu, uint64_t *a)
{
    int64_t ticks = (int64_t)(now_ns(cpu) / 10000000ull), t[4] = { ticks, 0, 0, 0 };

    if (A(0) && put(cpu, A(0), t, sizeof t))
        return -EFAULT;
    return ticks;
}

static int64_t sys_getrusage(struct rv_cpu *cpu, uint64_t *a)
{
    int64_t ru[18];
    uint64_t ns = now_ns(cpu);

    memset(ru, 0, sizeof ru);
    ru[0] = (int64_t)(ns / 1000000000ull);
    ru[1] = (int64_t)(ns % 1000000000ull / 1000);
    return put(cpu, A(1), ru, sizeof ru);
}

static int64_t sys_uname(struct rv_cpu *cpu, uint64_t *a)
{
    char u[6][65];

    memset(u, 0, sizeof u);
    strcpy(u[0], "Linux");
    strcpy(u[1], "archsim");
    strcpy(u[2], "6.1.0");
    strcpy(u[3], "#1 SMP archsim");
    strcpy(u[4], cpu->xlen == 32 ? "riscv32" : "riscv64");
    strcpy(u[5], "(none)");
    return put(cpu, A(0), u, sizeof u);
}

static int64_t rlimit_of(uint64_t res, uint64_t out[2])
{
    out[0] = out[1] = ~0ull;
    if (res == 3)                   /* RLIMIT_STACK */
        out[0] = LX_STACK;
    else if (res == 7)              /* RLIMIT_NOFILE */
        out[0] = out[1] = LX_MAXFD;
    else if (res > 15)
        return -EINVAL;
    return 0;
}

static int64_t sys_getrlimit(struct rv_cpu *cpu, uint64_t *a)
{
    uint64_t l[2];
    int64_t r = rlimit_of(A(0), l);

    return r ? r : put(cpu, A(1), l, sizeof l);
}

static int64_t sys_prlimit64(struct rv_cpu *cpu, uint64_t *a)
{
    uint64_t l[2];
    int64_t r;

    if (A(0) != 0 && A(0) != LX_PID)
        return -ESRCH;
    r = rlimit_of(A(1), l);
    if (r)
        return r;
    return A(3) ? put(cpu, A(3), l, sizeof l) : 0;
}

static int64_t sys_sysinfo(struct rv_cpu *cpu, uint64_t *a)
{
    uint8_t b[112];
    uint64_t v;

    memset(b, 0, sizeof b);
    v = now_ns(cpu) / 1000000000ull;
    memcpy(b, &v, 8);               /* uptime */
    v = LX->limit;
    memcpy(b + 32, &v, 8);          /* totalram */
    v = LX->limit - LX->used;
    memcpy(b + 40, &v, 8);          /* freeram */
    b[80] = 1;                      /* procs */
    v = 1;
    memcpy(b + 104, &v, 4);         /* mem_unit */
    return put(cpu, A(0), b, sizeof b);
}

static int64_t sys_kill(struct rv_cpu *cpu, uint64_t *a, uint64_t pid, uint64_t sig)
{
    bool live = pid == LX_PID || pid == 0 || (int64_t)pid == -1;
    uint64_t h;

    for (int k = 0; k < LX->as->nharts && !live; k++)     /* a thread's tid */
        live = LX->th[k].state != TH_FREE && (uint64_t)LX->th[k].tid == pid;
    if (!live)
        return -ESRCH;
    if (sig == 0)
        return 0;
    if (sig > 64)
        return -EINVAL;
    memcpy(&h, LX->sigact[sig], 8);
    if (h == 1)                     /* SIG_IGN */
        return 0;
    if (sig == 17 || sig == 23 || sig == 28)    /* SIGCHLD, SIGURG, SIGWINCH: ignored */
        return 0;
    cpu->exit_code = 128 + (int)sig;
    snprintf(cpu->msg, sizeof cpu->msg, "guest killed by signal %llu", (unsigned long long)sig);
    cpu->stop_req = RV_RUN_EXIT;
    cpu->check_at = 0;
    return 0;
}

static int64_t sys_kill_(struct rv_cpu *cpu, uint64_t *a) { return sys_kill(cpu, a, A(0), A(1)); }
static int64_t sys_tkill(struct rv_cpu *cpu, uint64_t *a) { return sys_kill(cpu, a, A(0), A(1)); }
static int64_t sys_tgkill(struct rv_cpu *cpu, uint64_t *a) { return sys_kill(cpu, a, A(1), A(2)); }

static int64_t sys_sigaltstack(struct rv_cpu *cpu, uint64_t *a)
{
    if (A(1)) {
        uint64_t ss[3] = { 0, 2, 0 };  /* SS_DISABLE */

        return put(cpu, A(1), ss, cpu->xlen == 32 ? 12 : 24);
    }
    return 0;
}

static int64_t sys_rt_sigaction(struct rv_cpu *cpu, uint64_t *a)
{
    size_t n = cpu->xlen == 32 ? 16 : 24;

    if (A(0) < 1 || A(0) > 64 || A(0) == 9 || A(0) == 19)
        return -EINVAL;
    if (A(2) && put(cpu, A(2), LX->sigact[A(0)], n))
        return -EFAULT;
    if (A(1)) {
        void *p = gp(cpu, A(1), n);

        if (!p)
            return -EFAULT;
        memcpy(LX->sigact[A(0)], p, n);
    }
    return 0;
}

static int64_t sys_rt_sigprocmask(struct rv_cpu *cpu, uint64_t *a)
{
    uint64_t old = LX->sigmask, set;

    if (A(1)) {
        void *p = gp(cpu, A(1), 8);

        if (!p)
            return -EFAULT;
        memcpy(&set, p, 8);
        if (A(0) == 0)
            LX->sigmask |= set;
        else if (A(0) == 1)
            LX->sigmask &= ~set;
        else if (A(0) == 2)
            LX->sigmask = set;
        else
            return -EINVAL;
    }
    if (A(2))
        return put(cpu, A(2), &old, 8);
    return 0;
}

static int64_t sys_umask(struct rv_cpu *cpu, uint64_t *a)
{
    unsigned old = LX->umask;

    LX->umask = (unsigned)A(0) & 0777;
    return old;
}

static int64_t sys_sched_getaffinity(struct rv_cpu *cpu, uint64_t *a)
{
    uint64_t m = LX->usable >= 64 ? ~0ull : (1ull << LX->usable) - 1;

    if (A(1) < 8)
        return -EINVAL;
    return put(cpu, A(2), &m, 8) ?: 8;
}

static int64_t sys_brk(struct rv_cpu *cpu, uint64_t *a)
{
    struct rv_linux *lx = LX;
    uint64_t want = A(0);

    if (want < lx->brk_start || want > lx->brk_end)
        return (int64_t)lx->brk_cur;
    if (want > lx->brk_cur) {
        if (lx->used + (want - lx->brk_cur) > lx->limit)
            return (int64_t)lx->brk_cur;
        lx->used += want - lx->brk_cur;
    } else {
        zero_range(cpu, want, lx->brk_cur);
        lx->used -= lx->brk_cur - want;
    }
    lx->brk_cur = want;
    return (int64_t)want;
}

static int64_t sys_munmap(struct rv_cpu *cpu, uint64_t *a)
{
    if ((A(0) & (LX_PAGE - 1)) || !A(1))
        return -EINVAL;
    map_remove(cpu, LX, A(0), A(0) + page_up(A(1)));
    return 0;
}

static int64_t sys_mmap(struct rv_cpu *cpu, uint64_t *a)
{
    struct rv_linux *lx = LX;
    uint64_t addr = A(0), len = page_up(A(1)), flags = A(3), off = A(5);
    bool fixed = flags & 0x100010;  /* MAP_FIXED, MAP_FIXED_NOREPLACE */
    int h = -1;

    if (!A(1) || len < A(1) || (off & (LX_PAGE - 1)))
        return -EINVAL;
    if (!(flags & 0x20)) {          /* file mapping */
        h = host_fd(LX, A(4));
        if (h < 0)
            return h;
        if (LX->fd[A(4)].stream)    /* a pipe */
            return -ENODEV;
    }
    if (fixed) {
        if ((addr & (LX_PAGE - 1)) || addr < cpu->ram_base || addr + len > lx->stack_lo ||
            addr + len < addr)
            return -EINVAL;
        if ((flags & 0x100000) && map_overlap(lx, addr, addr + len))
            return -EEXIST;
        map_remove(cpu, lx, addr, addr + len);
        zero_range(cpu, addr, addr + len);
    } else {
        addr = map_find(lx, len);
        if (!addr)
            return -ENOMEM;
    }
    if (lx->used + len > lx->limit)
        return -ENOMEM;
    if (map_add(lx, addr, addr + len))
        return -ENOMEM;
    if (h >= 0) {
        uint8_t *p = gp(cpu, addr, len);
        uint64_t done = 0;

        while (done < A(1)) {
            ssize_t r = pread(h, p + done, A(1) - done, (off_t)(off + done));

            if (r < 0) {
                map_remove(cpu, lx, addr, addr + len);
                return -errno;
            }
            if (r == 0)
                break;
            done += (uint64_t)r;
        }
        rv_host_wrote(cpu, addr, done);
    }
    return (int64_t)addr;
}

static int64_t sys_mremap(struct rv_cpu *cpu, uint64_t *a)
{
    struct rv_linux *lx = LX;
    uint64_t old = A(0), olen = page_up(A(1)), nlen = page_up(A(2)), flags = A(3);

    if ((old & (LX_PAGE - 1)) || !nlen || (flags & ~3ull) || (flags & 2))
        return -EINVAL;
    if (map_overlap(lx, old, old + olen) != olen)
        return -EFAULT;
    if (nlen <= olen) {
        if (nlen < olen)
            map_remove(cpu, lx, old + nlen, old + olen);
        return (int64_t)old;
    }
    if (old + nlen <= lx->mmap_top && !map_overlap(lx, old + olen, old + nlen) &&
        lx->used + nlen - olen <= lx->limit) {
        map_add(lx, old + olen, old + nlen);
        return (int64_t)old;
    }
    if (flags & 1) {                /* MREMAP_MAYMOVE */
        uint64_t n = map_find(lx, nlen);
        void *src, *dst;

        if (!n || lx->used + nlen > lx->limit || map_add(lx, n, n + nlen))
            return -ENOMEM;
        src = gp(cpu, old, olen);
        dst = gp(cpu, n, olen);
        memcpy(dst, src, olen);
        rv_host_wrote(cpu, n, olen);
        map_remove(cpu, lx, old, old + olen);
        return (int64_t)n;
    }
    return -ENOMEM;
}

static int64_t sys_madvise(struct rv_cpu *cpu, uint64_t *a)
{
    if (A(2) == 4 && map_overlap(LX, A(0), A(0) + A(1)) == A(1))    /* MADV_DONTNEED */
        zero_range(cpu, A(0), A(0) + A(1));
    return 0;
}

static int64_t sys_getrandom(struct rv_cpu *cpu, uint64_t *a)
{
    uint8_t *p = gp(cpu, A(0), A(1));

    if (!p)
        return -EFAULT;
    for (uint64_t k = 0; k < A(1); k += 8) {
        uint64_t r = rv_rand(cpu);

        memcpy(p + k, &r, A(1) - k < 8 ? A(1) - k : 8);
    }
    rv_host_wrote(cpu, A(0), A(1));
    return (int64_t)A(1);
}


static const struct {
    uint16_t nr;
    const char *name;
    sys_fn fn;
} calls[] = {
    { 17, "getcwd", sys_getcwd },
    { 23, "dup", sys_dup },
    { 24, "dup3", sys_dup3 },
    { 25, "fcntl", sys_fcntl },
    { 29, "ioctl", sys_ioctl },
    { 34, "mkdirat", sys_mkdirat },
    { 35, "unlinkat", sys_unlinkat },
    { 38, "renameat", sys_renameat },
    { 46, "ftruncate", sys_ftruncate },
    { 48, "faccessat", sys_faccessat },
    { 49, "chdir", sys_chdir },
    { 56, "openat", sys_openat },
    { 57, "close", sys_close },
    { 61, "getdents64", sys_getdents64 },
    { 62, "lseek", sys_lseek },
    { 63, "read", sys_read },
    { 64, "write", sys_write },
    { 65, "readv", sys_readv },
    { 66, "writev", sys_writev },
    { 67, "pread64", sys_pread64 },
    { 68, "pwrite64", sys_pwrite64 },
    { 78, "readlinkat", sys_readlinkat },
    { 79, "newfstatat", sys_newfstatat },
    { 80, "fstat", sys_fstat },
    { 82, "fsync", sys_fsync },
    { 83, "fdatasync", sys_fsync },
    { 93, "exit", sys_exit_thread },
    { 94, "exit_group", sys_exit },
    { 96, "set_tid_address", sys_set_tid_address },
    { 98, "futex", sys_futex },
    { 99, "set_robust_list", sys_zero },
    { 101, "nanosleep", sys_nanosleep },
    { 113, "clock_gettime", sys_clock_gettime },
    { 114, "clock_getres", sys_clock_getres },
    { 115, "clock_nanosleep", sys_clock_nanosleep },
    { 123, "sched_getaffinity", sys_sched_getaffinity },
    { 124, "sched_yield", sys_sched_yield },
    { 129, "kill", sys_kill_ },
    { 130, "tkill", sys_tkill },
    { 131, "tgkill", sys_tgkill },
    { 132, "sigaltstack", sys_sigaltstack },
    { 134, "rt_sigaction", sys_rt_sigaction },
    { 135, "rt_sigprocmask", sys_rt_sigprocmask },
    { 153, "times", sys_times },
    { 160, "uname", sys_uname },
    { 163, "getrlimit", sys_getrlimit },
    { 164, "setrlimit", sys_zero },
    { 165, "getrusage", sys_getrusage },
    { 166, "umask", sys_umask },
    { 169, "gettimeofday", sys_gettimeofday },
    { 172, "getpid", sys_getpid },
    { 173, "getppid", sys_getppid },
    { 174, "getuid", sys_getuid },
    { 175, "geteuid", sys_getuid },
    { 176, "getgid", sys_getuid },
    { 177, "getegid", sys_getuid },
    { 178, "gettid", sys_gettid },
    { 179, "sysinfo", sys_sysinfo },
    { 214, "brk", sys_brk },
    { 215, "munmap", sys_munmap },
    { 216, "mremap", sys_mremap },
    { 220, "clone", sys_clone },
    { 222, "mmap", sys_mmap },
    { 226, "mprotect", sys_zero },
    { 227, "msync", sys_zero },
    { 233, "madvise", sys_madvise },
    { 258, "riscv_hwprobe", sys_enosys },
    { 261, "prlimit64", sys_prlimit64 },
    { 276, "renameat2", sys_renameat2 },
    { 278, "getrandom", sys_getrandom },
    { 283, "membarrier", sys_membarrier },
    { 291, "statx", sys_statx },
    { 293, "rseq", sys_enosys },
    { 435, "clone3", sys_clone3 },
    { 439, "faccessat2", sys_faccessat },
};

/* names of common calls that are not emulated, for the error message */
static const struct {
    uint16_t nr;
    const char *name;
} other_names[] = {
    { 19, "eventfd2" }, { 20, "epoll_create1" }, { 21, "epoll_ctl" }, { 22, "epoll_pwait" },
    { 26, "inotify_init1" }, { 32, "flock" }, { 33, "mknodat" }, { 36, "symlinkat" },
    { 37, "linkat" }, { 43, "statfs" }, { 44, "fstatfs" }, { 47, "fallocate" },
    { 50, "fchdir" }, { 51, "chroot" }, { 52, "fchmod" }, { 53, "fchmodat" },
    { 54, "fchownat" }, { 55, "fchown" }, { 59, "pipe2" }, { 71, "sendfile" },
    { 72, "pselect6" }, { 73, "ppoll" }, { 88, "utimensat" }, { 90, "capget" },
    { 95, "waitid" }, { 103, "setitimer" }, { 107, "timer_create" }, { 117, "ptrace" },
    { 118, "sched_setparam" }, { 122, "sched_setaffinity" }, { 133, "rt_sigsuspend" },
    { 137, "rt_sigtimedwait" }, { 139, "rt_sigreturn" }, { 154, "setpgid" },
    { 155, "getpgid" }, { 157, "setsid" }, { 167, "prctl" }, { 198, "socket" },
    { 200, "bind" }, { 201, "listen" }, { 202, "accept" }, { 203, "connect" },
    { 221, "execve" }, { 260, "wait4" },
};

const char *rv_syscall_name(uint64_t nr)
{
    for (int k = 0; k < SIM_COUNT(calls); k++)
        if (calls[k].nr == nr)
            return calls[k].name;
    for (int k = 0; k < SIM_COUNT(other_names); k++)
        if (other_names[k].nr == nr)
            return other_names[k].name;
    return "unknown";
}

int rv_syscall_count(void)
{
    return SIM_COUNT(calls);
}

const char *rv_syscall_nth(int i, uint64_t *nr)
{
    if (i < 0 || i >= SIM_COUNT(calls))
        return NULL;
    *nr = calls[i].nr;
    return calls[i].name;
}

/* nanosleep, clock_gettime, clock_nanosleep, times, getrusage, gettimeofday,
 * sysinfo: what they answer or how long they wait depends on the time they
 * run at. (futex's timeouts too, but it runs often and a wait is approximate
 * between harts anyway: not counted.) */
bool rv_syscall_reads_time(uint64_t nr)
{
    return nr == 101 || nr == 113 || nr == 115 || nr == 153 || nr == 165 || nr == 169 ||
           nr == 179;
}

void rv_syscall(struct rv_cpu *cpu, const struct rv_insn *i)
{
    uint64_t nr = cpu->x[17];
    int64_t r;

    cpu->st.syscalls++;
    for (int k = 0; k < SIM_COUNT(calls); k++) {
        if (calls[k].nr != nr)
            continue;
        r = calls[k].fn(cpu, &cpu->x[10]);
        if (cpu->stop_req != RV_RUN_EXIT)
            cpu->x[10] = cpu->xlen == 32 ? (uint64_t)rv_sext32((uint64_t)r) : (uint64_t)r;
        return;
    }
    cpu->pc = i->pc;
    rv_fault(cpu, "unsupported system call %llu (%s) at pc 0x%llx after %llu instructions",
             (unsigned long long)nr, rv_syscall_name(nr), (unsigned long long)i->pc,
             (unsigned long long)cpu->icount);
}

/* ------------------------------------------------------------- start */

static char **canon_list(const char *const *in, int n, char *err, size_t errn)
{
    char **out = calloc((size_t)n + 1, sizeof(*out));

    for (int k = 0; out && k < n; k++) {
        out[k] = realpath(in[k], NULL);
        if (!out[k]) {
            snprintf(err, errn, "sandbox directory '%s': %s", in[k], strerror(errno));
            for (int j = 0; j < k; j++)
                free(out[j]);
            free(out);
            return NULL;
        }
    }
    return out;
}

void rv_linux_free(struct rv_linux *lx)
{
    if (!lx)
        return;
    for (int k = 0; k < LX_MAXFD; k++)
        if (lx->fd[k].open)
            fd_close(lx, k);
    for (int k = 0; k < lx->nrd; k++)
        free(lx->rd[k]);
    for (int k = 0; k < lx->nwr; k++)
        free(lx->wr[k]);
    free(lx->rd);
    free(lx->wr);
    free(lx->inode);
    free(lx->ihash);
    free(lx);
}

int rv_linux_start(struct rv_cpu *cpu, const struct rv_elf *e, const char *exe,
                   int argc, const char *const *argv, const struct rv_linux_cfg *cfg,
                   char *err, size_t errn)
{
    struct rv_linux *lx = calloc(1, sizeof(*lx));
    int ps = cpu->xlen / 8, nenv = cfg->n_env, nwords, na = 0;
    uint64_t sp, p_exe, p_rand, *p_arg, *p_env, aux[40];
    uint64_t hwcap = 0;

    if (!lx) {
        snprintf(err, errn, "out of memory");
        return -1;
    }
    cpu->lx = lx;
    for (int k = 0; k < LX_MAXFD; k++)
        lx->fd[k].host = -1;
    lx->as = cpu->as;
    lx->usable = cpu->as->nharts;
    lx->th[0] = (struct lx_thread){ .state = TH_RUN, .tid = LX_PID, .deadline = UINT64_MAX };
    lx->alive = 1;
    lx->next_tid = LX_PID + 1;
    lx->umask = 022;
    lx->rd = canon_list(cfg->fs_read, cfg->n_read, err, errn);
    if (!lx->rd)
        return -1;
    lx->nrd = cfg->n_read;
    lx->wr = canon_list(cfg->fs_write, cfg->n_write, err, errn);
    if (!lx->wr)
        return -1;
    lx->nwr = cfg->n_write;
    if (!getcwd(lx->cwd, sizeof lx->cwd))
        strcpy(lx->cwd, "/");
    if (!realpath(exe, lx->exe))
        snprintf(lx->exe, sizeof lx->exe, "%s", exe);
    snprintf(lx->name, sizeof lx->name, "%s", argc > 0 ? argv[0] : exe);
    {
        const char *n = lx->name;   /* glibc wants an absolute path there */

        while (n[0] == '.' && n[1] == '/')
            n += 2;
        snprintf(lx->link, sizeof lx->link, "%s%s", n[0] == '/' ? "" : "/", n);
    }
    lx->fd[0] = (struct lx_fd){ .host = cfg->in_fd, .open = true, .stream = 1 };
    lx->fd[1] = (struct lx_fd){ .host = cfg->out_fd, .open = true, .stream = 2 };
    lx->fd[2] = (struct lx_fd){ .host = cfg->err_fd, .open = true, .stream = 3 };

    /* layout: program | brk heap | ... mmap area (top down) | stack | 4 GiB */
    lx->limit = cfg->mem_limit;
    lx->stack_top = RV_LX_SPAN_TOP - 0x10000;
    lx->stack_lo = lx->stack_top - LX_STACK;
    lx->mmap_top = lx->stack_lo - 0x100000;
    lx->brk_start = lx->brk_cur = page_up(e->hi);
    lx->brk_end = lx->brk_start + (lx->limit < (1ull << 30) ? lx->limit : (1ull << 30));
    if (lx->brk_end > lx->mmap_top / 2 + lx->brk_start / 2)
        lx->brk_end = lx->mmap_top / 2 + lx->brk_start / 2;
    lx->mmap_floor = lx->brk_end + 0x100000;
    if (e->hi > lx->mmap_floor || lx->mmap_floor >= lx->mmap_top) {
        snprintf(err, errn, "program [0x%llx, 0x%llx) leaves no room for heap and stack below "
                 "4 GiB", (unsigned long long)e->lo, (unsigned long long)e->hi);
        return -1;
    }
    lx->used = LX_STACK;
    if (lx->used > lx->limit) {
        snprintf(err, errn, "mem_limit %llu is smaller than the stack (%llu bytes)",
                 (unsigned long long)lx->limit, (unsigned long long)LX_STACK);
        return -1;
    }

    /* strings, from the top of the stack down */
    sp = lx->stack_top;
#define PUSH_STR(s, where) do {                                             \
        size_t n_ = strlen(s) + 1;                                          \
        sp -= n_;                                                           \
        if (put(cpu, sp, (s), n_))                                          \
            goto toobig;                                                    \
        where = sp;                                                         \
    } while (0)
    p_arg = calloc((size_t)argc + 1, sizeof(*p_arg));
    p_env = calloc((size_t)nenv + 1, sizeof(*p_env));
    if (!p_arg || !p_env) {
        free(p_arg);
        free(p_env);
        snprintf(err, errn, "out of memory");
        return -1;
    }
    PUSH_STR(lx->name, p_exe);
    for (int k = argc - 1; k >= 0; k--)
        PUSH_STR(argv[k], p_arg[k]);
    for (int k = nenv - 1; k >= 0; k--)
        PUSH_STR(cfg->env[k], p_env[k]);
    sp &= ~15ull;
    sp -= 16;
    p_rand = sp;
    for (int k = 0; k < 2; k++) {
        uint64_t r = rv_rand(cpu);

        put(cpu, sp + 8 * (uint64_t)k, &r, 8);
    }
    for (const char *c = "imafdc"; *c; c++)
        if (cpu->misa & (1ull << (*c - 'a')))
            hwcap |= 1ull << (*c - 'a');
#define AUX(t, v) (aux[na++] = (t), aux[na++] = (v))
    AUX(3, e->phdr);
    AUX(4, e->phent);
    AUX(5, e->phnum);
    AUX(6, LX_PAGE);
    AUX(7, 0);
    AUX(8, 0);
    AUX(9, e->entry);
    AUX(11, LX_UID);
    AUX(12, LX_UID);
    AUX(13, LX_UID);
    AUX(14, LX_UID);
    AUX(16, hwcap);
    AUX(17, 100);
    AUX(23, 0);
    AUX(25, p_rand);
    AUX(31, p_exe);
    AUX(0, 0);
    nwords = 1 + argc + 1 + nenv + 1 + na;
    sp = (sp - (uint64_t)nwords * (uint64_t)ps) & ~15ull;
    if (sp < lx->stack_lo + 65536)
        goto toobig;
    {
        uint64_t w = sp;
#define PUSH_WORD(v) do { uint64_t v_ = (v); put(cpu, w, &v_, (uint64_t)ps); w += (uint64_t)ps; } while (0)
        PUSH_WORD((uint64_t)argc);
        for (int k = 0; k < argc; k++)
            PUSH_WORD(p_arg[k]);
        PUSH_WORD(0);
        for (int k = 0; k < nenv; k++)
            PUSH_WORD(p_env[k]);
        PUSH_WORD(0);
        for (int k = 0; k < na; k++)
            PUSH_WORD(aux[k]);
    }
    free(p_arg);
    free(p_env);
    memset(cpu->x, 0, sizeof(cpu->x));
    cpu->x[2] = sp;
    cpu->pc = e->entry;
    return 0;
toobig:
    free(p_arg);
    free(p_env);
    snprintf(err, errn, "arguments and environment do not fit on the stack");
    return -1;
}
