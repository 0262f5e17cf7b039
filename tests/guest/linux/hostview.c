/* tests/guest/linux/hostview.c - everything a program can learn about the
 * host it runs on, written to the file argv[2]: what fstat, statx, isatty,
 * ioctl, fcntl and lseek say of the standard streams, the listing of the
 * directory argv[1] and stat of each entry, the identity, clocks,
 * randomness and limits the system reports, its own name and what
 * /proc/self/exe is. Under archsim all of it must be the same whatever the
 * host's streams are and whatever file system argv[1] is on
 * (tests/system/riscv_host_view.sh); under qemu-user it is the host's, so
 * it is not compared with qemu. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void put_stat(FILE *o, const char *what, const struct stat *st)
{
    fprintf(o, "%s: mode %o dev %llx ino %llu nlink %llu uid %u gid %u rdev %llx size %lld "
            "blksize %ld blocks %lld atime %lld.%09ld mtime %lld.%09ld ctime %lld.%09ld\n", what,
            (unsigned)st->st_mode, (unsigned long long)st->st_dev,
            (unsigned long long)st->st_ino, (unsigned long long)st->st_nlink,
            (unsigned)st->st_uid, (unsigned)st->st_gid, (unsigned long long)st->st_rdev,
            (long long)st->st_size, (long)st->st_blksize, (long long)st->st_blocks,
            (long long)st->st_atim.tv_sec, st->st_atim.tv_nsec,
            (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
            (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
}

static void put_statx(FILE *o, const char *what, int dirfd, const char *path, int flags)
{
    struct statx sx;

    memset(&sx, 0, sizeof sx);
    if (statx(dirfd, path, flags, STATX_ALL, &sx)) {
        fprintf(o, "%s: statx errno %d\n", what, errno);
        return;
    }
    fprintf(o, "%s: statx mask %x attrs %llx/%llx mode %o ino %llu nlink %u uid %u blksize %u "
            "blocks %llu dev %u:%u rdev %u:%u mtime %lld btime %lld mnt %llu\n", what,
            sx.stx_mask, (unsigned long long)sx.stx_attributes,
            (unsigned long long)sx.stx_attributes_mask, (unsigned)sx.stx_mode,
            (unsigned long long)sx.stx_ino, sx.stx_nlink, sx.stx_uid, sx.stx_blksize,
            (unsigned long long)sx.stx_blocks, sx.stx_dev_major, sx.stx_dev_minor,
            sx.stx_rdev_major, sx.stx_rdev_minor, (long long)sx.stx_mtime.tv_sec,
            (long long)sx.stx_btime.tv_sec, (unsigned long long)sx.stx_mnt_id);
}

static void streams(FILE *o)
{
    for (int fd = 0; fd < 3; fd++) {
        char what[32];
        struct stat st;
        struct winsize ws;
        int r;

        snprintf(what, sizeof what, "fd %d", fd);
        if (fstat(fd, &st) == 0)
            put_stat(o, what, &st);
        else
            fprintf(o, "%s: fstat errno %d\n", what, errno);
        put_statx(o, what, fd, "", AT_EMPTY_PATH);
        errno = 0;
        r = isatty(fd);
        fprintf(o, "%s: isatty %d errno %d\n", what, r, errno);
        r = ioctl(fd, TIOCGWINSZ, &ws);
        fprintf(o, "%s: TIOCGWINSZ %d errno %d\n", what, r, r ? errno : 0);
        fprintf(o, "%s: F_GETFL %o\n", what, fcntl(fd, F_GETFL));
        r = (int)lseek(fd, 0, SEEK_CUR);
        fprintf(o, "%s: lseek %d errno %d\n", what, r, r < 0 ? errno : 0);
    }
    {
        int d = dup(1);
        struct stat st;

        fstat(d, &st);
        put_stat(o, "dup of fd 1", &st);
        close(d);
    }
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void listing(FILE *o, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char *names[64];
    int n = 0;

    if (!d) {
        fprintf(o, "opendir %s: errno %d\n", dir, errno);
        return;
    }
    while ((e = readdir(d)) && n < 64) {    /* in the order the system gives */
        fprintf(o, "entry %s ino %llu type %d\n", e->d_name, (unsigned long long)e->d_ino,
                e->d_type);
        names[n++] = strdup(e->d_name);
    }
    rewinddir(d);
    fprintf(o, "after rewinddir: %s\n", (e = readdir(d)) ? e->d_name : "(none)");
    closedir(d);
    qsort(names, (size_t)n, sizeof(*names), by_name);
    for (int k = 0; k < n; k++) {
        char path[512];
        struct stat st;

        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        if (lstat(path, &st) == 0)
            put_stat(o, names[k], &st);
        put_statx(o, names[k], AT_FDCWD, path, AT_SYMLINK_NOFOLLOW);
        free(names[k]);
    }
}

static void system_view(FILE *o)
{
    struct utsname u;
    struct timespec ts;
    struct timeval tv;
    struct rlimit rl;
    struct sysinfo si;
    cpu_set_t cs;
    unsigned char rnd[8], *at = (unsigned char *)getauxval(AT_RANDOM);
    int nenv = 0;

    uname(&u);
    fprintf(o, "uname: %s %s %s %s %s\n", u.sysname, u.nodename, u.release, u.version,
            u.machine);
    fprintf(o, "pid %d ppid %d tid %d uid %d euid %d gid %d\n", getpid(), getppid(), gettid(),
            getuid(), geteuid(), getgid());
    clock_gettime(CLOCK_REALTIME, &ts);
    fprintf(o, "realtime %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
    clock_gettime(CLOCK_MONOTONIC, &ts);
    fprintf(o, "monotonic %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
    gettimeofday(&tv, NULL);
    fprintf(o, "gettimeofday %lld.%06ld time %lld\n", (long long)tv.tv_sec, (long)tv.tv_usec,
            (long long)time(NULL));
    getrandom(rnd, sizeof rnd, 0);
    fprintf(o, "getrandom %02x%02x%02x%02x%02x%02x%02x%02x\n", rnd[0], rnd[1], rnd[2], rnd[3],
            rnd[4], rnd[5], rnd[6], rnd[7]);
    fprintf(o, "AT_RANDOM %02x%02x%02x%02x%02x%02x%02x%02x\n", at[0], at[1], at[2], at[3],
            at[4], at[5], at[6], at[7]);
    fprintf(o, "AT_EXECFN %s\n", (const char *)getauxval(AT_EXECFN));
    {
        char link[512], magic[4] = "";
        ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
        int fd = open("/proc/self/exe", O_RDONLY);

        link[n > 0 ? n : 0] = 0;
        if (fd >= 0 && read(fd, magic, 4) == 4)
            close(fd);
        fprintf(o, "/proc/self/exe: %s, %s\n", link,
                memcmp(magic, "\177ELF", 4) ? "cannot read it" : "an ELF file");
    }
    sched_getaffinity(0, sizeof cs, &cs);
    fprintf(o, "cpus %d nprocs %d\n", CPU_COUNT(&cs), get_nprocs());
    getrlimit(RLIMIT_NOFILE, &rl);
    fprintf(o, "nofile %llu %llu\n", (unsigned long long)rl.rlim_cur,
            (unsigned long long)rl.rlim_max);
    getrlimit(RLIMIT_STACK, &rl);
    fprintf(o, "stack %llu %llu\n", (unsigned long long)rl.rlim_cur,
            (unsigned long long)rl.rlim_max);
    sysinfo(&si);
    fprintf(o, "sysinfo uptime %ld totalram %lu procs %u\n", si.uptime, si.totalram, si.procs);
    for (char **e = environ; *e; e++)
        nenv++;
    fprintf(o, "environment: %d entries\n", nenv);
    fprintf(o, "umask %o\n", (unsigned)umask(022));
}

int main(int argc, char **argv)
{
    FILE *o;

    if (argc < 3) {
        fprintf(stderr, "usage: hostview DIR REPORT\n");
        return 2;
    }
    o = fopen(argv[2], "w");
    if (!o) {
        perror(argv[2]);
        return 1;
    }
    streams(o);
    listing(o, argv[1]);
    system_view(o);
    {
        struct stat st;

        fstat(fileno(o), &st);
        put_stat(o, "the report", &st);            /* a new file: 0666 & ~umask */
    }
    fclose(o);
    printf("hostview: report in %s\n", argv[2]);
    fprintf(stderr, "hostview: done\n");
    return 0;
}
