/* bench/bench_util.h - what every benchmark needs: a monotonic wall clock
 * and the median of a few runs (these machines are noisy; report medians). */
#ifndef ARCHSIM_BENCH_UTIL_H
#define ARCHSIM_BENCH_UTIL_H
#include <stdlib.h>
#include <time.h>

static inline double bench_wall(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static inline int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Sorts v in place. */
static inline double bench_median(double *v, int n)
{
    qsort(v, n, sizeof(*v), bench_cmp);
    return v[n / 2];
}
#endif
