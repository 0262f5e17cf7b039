/* bench/riscv/membench.c - a memory-bound guest program: random reads and
 * read-modify-writes over a table of argv[2] MiB (default 32, a power of
 * two), argv[1] million accesses (default 50). The address stream comes from
 * an xorshift generator, so caches and TLBs of host and guest both miss;
 * addresses do not depend on loaded data, so misses can overlap. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    long m = argc > 1 ? atol(argv[1]) : 50;
    long mib = argc > 2 ? atol(argv[2]) : 32;
    size_t n = (size_t)mib << 17;   /* uint64_t entries */
    uint64_t *t = malloc(n * sizeof(uint64_t)), x = 88172645463325252ull, sum = 0;

    if (!t)
        return 1;
    for (size_t i = 0; i < n; i++)
        t[i] = i * 0x9e3779b97f4a7c15ull;
    for (long k = 0; k < m * 1000000; k++) {
        size_t i;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        i = (size_t)(x & (n - 1));
        sum += t[i];
        t[i ^ 1] ^= x;
    }
    printf("membench: %ld M accesses over %ld MiB, sum %016llx\n", m, mib,
           (unsigned long long)sum);
    return 0;
}
