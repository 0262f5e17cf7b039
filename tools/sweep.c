/* tools/sweep.c - `archsim sweep` and `archsim merge`: the sweep engine is the
 * Python package (python/archsim, see archsim/sweeps.py), so these commands
 * exec `python3 -m archsim sweep|merge ARGS...` with the environment set up
 * for the package to find itself and the library.
 *
 * The package is looked for, first found wins: $ARCHSIM_PYTHONPATH; the
 * source tree the build folder sits in (BINDIR/../python); the source tree
 * this file was compiled from (from __FILE__); BINDIR/../share/archsim/python.
 * When none holds archsim/__init__.py the interpreter's own (pip-installed)
 * package is used. $ARCHSIM_LIB, when unset, is set to BINDIR/libarchsim.so
 * or BINDIR/../lib/libarchsim.so, whichever exists.
 *
 * The interpreter is $ARCHSIM_PYTHON, else the first of `python3` on PATH and
 * /usr/bin/python3 that imports cffi and the package (a probe run). Not done
 * here: anything of the sweep itself; the exit status is Python's (0 every
 * point ran, 1 some failed, 2 usage or sweep-file error). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli.h"

static const char probe[] = "import cffi, archsim._ffi";

static bool is_file(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir holds the package when dir/archsim/__init__.py exists. */
static bool has_package(const char *dir)
{
    char p[PATH_MAX + 32];

    snprintf(p, sizeof(p), "%s/archsim/__init__.py", dir);
    return is_file(p);
}

/* Strip the last n path components of path, in place; false when too few. */
static bool up(char *path, int n)
{
    while (n-- > 0) {
        char *slash = strrchr(path, '/');

        if (!slash || slash == path)
            return false;
        *slash = 0;
    }
    return true;
}

static void find_package(const char *bindir, char *out, size_t n)
{
    const char *env = getenv("ARCHSIM_PYTHONPATH");
    char src[PATH_MAX];

    out[0] = 0;
    if (env && env[0]) {
        snprintf(out, n, "%s", env);
        return;
    }
    snprintf(out, n, "%s/../python", bindir);
    if (has_package(out))
        return;
    /* __FILE__ is absolute when CMake compiles this file: SRC/tools/sweep.c */
    snprintf(src, sizeof(src), "%s", __FILE__);
    if (src[0] == '/' && up(src, 2)) {
        snprintf(out, n, "%s/python", src);
        if (has_package(out))
            return;
    }
    snprintf(out, n, "%s/../share/archsim/python", bindir);
    if (has_package(out))
        return;
    out[0] = 0;
}

static void set_library(const char *bindir)
{
    static const char *const rel[] = { "libarchsim.so", "../lib/libarchsim.so",
                                       "../lib64/libarchsim.so" };
    char p[PATH_MAX + 32];
    const char *env = getenv("ARCHSIM_LIB");

    if (env && env[0])
        return;
    for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
        snprintf(p, sizeof(p), "%s/%s", bindir, rel[i]);
        if (is_file(p)) {
            char *real = realpath(p, NULL);

            setenv("ARCHSIM_LIB", real ? real : p, 1);
            free(real);
            return;
        }
    }
}

/* Does `python -c probe` succeed? Its output is thrown away. */
static bool works(const char *python)
{
    pid_t pid = fork();
    int status;

    if (pid < 0)
        return false;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);

        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execlp(python, python, "-c", probe, (char *)NULL);
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* argv[0] is "sweep" or "merge"; the rest goes to the Python command as is. */
int cmd_sweep(int argc, char **argv)
{
    static const char *const pythons[] = { "python3", "/usr/bin/python3" };
    char exe[PATH_MAX], pkg[PATH_MAX + 64], *pp;
    const char *python = getenv("ARCHSIM_PYTHON"), *old;
    const char **args;
    ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

    if (len <= 0) {
        fprintf(stderr, "archsim: cannot find the command's own folder: %s\n", strerror(errno));
        return 2;
    }
    exe[len] = 0;
    up(exe, 1);
    find_package(exe, pkg, sizeof(pkg));
    if (pkg[0]) {
        old = getenv("PYTHONPATH");
        pp = malloc(strlen(pkg) + (old ? strlen(old) : 0) + 2);
        if (!pp)
            return 2;
        sprintf(pp, "%s%s%s", pkg, old && old[0] ? ":" : "", old && old[0] ? old : "");
        setenv("PYTHONPATH", pp, 1);
        free(pp);
    }
    set_library(exe);
    if (!python || !python[0]) {
        python = NULL;
        for (size_t i = 0; i < sizeof(pythons) / sizeof(pythons[0]) && !python; i++)
            if (works(pythons[i]))
                python = pythons[i];
        if (!python) {
            fprintf(stderr, "archsim: %s needs Python 3 with cffi and the archsim package "
                    "(Debian: apt install python3-cffi; package %s); set ARCHSIM_PYTHON "
                    "to choose the interpreter\n", argv[0],
                    pkg[0] ? pkg : "not found next to the command: pip install ./python");
            return 2;
        }
    }
    args = calloc(argc + 4, sizeof(*args));
    if (!args)
        return 2;
    args[0] = python;
    args[1] = "-m";
    args[2] = "archsim";
    for (int i = 0; i < argc; i++)
        args[3 + i] = argv[i];
    fflush(NULL);
    execvp(python, (char *const *)args);
    fprintf(stderr, "archsim: cannot run %s: %s\n", python, strerror(errno));
    free(args);
    return 2;
}
