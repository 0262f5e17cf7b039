/* tests/guest/linux/malloc.c - the heap: many small blocks (brk), large
 * blocks (mmap), realloc growth and shrink, calloc zeroing, free and reuse;
 * prints checksums of the contents. Exits 3 with a message when memory runs
 * out (the model's mem_limit). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int oom(const char *what, int round)
{
    printf("malloc: out of memory (%s, round %d)\n", what, round);
    return 3;
}

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

int main(void)
{
    enum { N = 20000 };
    static char *p[N];
    uint32_t seed = 12345, sum = 0;
    size_t total = 0;

    for (int i = 0; i < N; i++) {
        size_t n = 1 + lcg(&seed) % 300;

        p[i] = malloc(n);
        if (!p[i])
            return oom("small", i);
        memset(p[i], i & 0xff, n);
        total += n;
    }
    for (int i = 0; i < N; i += 2) {
        free(p[i]);
        p[i] = NULL;
    }
    for (int i = 1; i < N; i += 2)
        sum = sum * 31 + (uint8_t)p[i][0];
    printf("small: %zu bytes, checksum %08x\n", total, sum);

    for (int round = 0; round < 8; round++) {
        size_t n = (size_t)(1 + round) << 20;
        unsigned char *b = malloc(n);
        uint64_t s = 0;

        if (!b)
            return oom("malloc", round);
        for (size_t k = 0; k < n; k += 4096)
            b[k] = (unsigned char)(k >> 12);
        b = realloc(b, n * 2);
        if (!b)
            return oom("realloc", round);
        memset(b + n, 7, n);
        for (size_t k = 0; k < 2 * n; k += 4096)
            s += b[k];
        b = realloc(b, n / 2);
        printf("large %d: %zu bytes, sum %llu\n", round, 2 * n, (unsigned long long)s);
        free(b);
    }
    {
        int *z = calloc(1 << 18, sizeof(int));
        long zs = 0;

        for (int k = 0; k < 1 << 18; k++)
            zs += z[k];
        printf("calloc zero sum %ld\n", zs);
        free(z);
    }
    for (int i = 1; i < N; i += 2)
        free(p[i]);
    printf("done\n");
    return 0;
}
