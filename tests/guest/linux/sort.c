/* tests/guest/linux/sort.c - sorting: qsort on integers, doubles and
 * strings, a hand-written merge sort, and checks that every result is
 * ordered; prints checksums. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 88172645463325252ull;

static uint64_t rnd(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void merge_sort(int *v, int *tmp, int n)
{
    int h = n / 2, i = 0, j = h, k = 0;

    if (n < 2)
        return;
    merge_sort(v, tmp, h);
    merge_sort(v + h, tmp, n - h);
    while (i < h && j < n)
        tmp[k++] = v[i] <= v[j] ? v[i++] : v[j++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, sizeof(int) * (size_t)n);
}

int main(void)
{
    enum { N = 200000, S = 5000 };
    int *a = malloc(N * sizeof(int)), *b = malloc(N * sizeof(int)), *t = malloc(N * sizeof(int));
    double *d = malloc(N * sizeof(double));
    char **s = malloc(S * sizeof(char *));
    uint64_t h = 0;
    int ok = 1;

    for (int i = 0; i < N; i++) {
        a[i] = b[i] = (int)(rnd() % 1000000) - 500000;
        d[i] = (double)(int64_t)rnd() / 1e9;
    }
    for (int i = 0; i < S; i++) {
        s[i] = malloc(12);
        for (int k = 0; k < 11; k++)
            s[i][k] = (char)('a' + rnd() % 26);
        s[i][11] = 0;
    }
    qsort(a, N, sizeof(int), cmp_int);
    merge_sort(b, t, N);
    qsort(d, N, sizeof(double), cmp_dbl);
    qsort(s, S, sizeof(char *), cmp_str);
    for (int i = 1; i < N; i++) {
        ok &= a[i - 1] <= a[i] && a[i] == b[i] && d[i - 1] <= d[i];
        h = h * 1000003 + (uint64_t)a[i];
    }
    for (int i = 1; i < S; i++)
        ok &= strcmp(s[i - 1], s[i]) <= 0;
    printf("sorted ok=%d hash=%016llx min=%d max=%d\n", ok, (unsigned long long)h, a[0],
           a[N - 1]);
    printf("doubles: %.6f .. %.6f, median %.6f\n", d[0], d[N - 1], d[N / 2]);
    printf("strings: %s .. %s\n", s[0], s[S - 1]);
    return ok ? 0 : 1;
}
