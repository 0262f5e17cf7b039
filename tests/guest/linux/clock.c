/* tests/guest/linux/clock.c - a program that times itself: N dependent
 * divides (rv64 divu, N x 100) between two reads of the cycle counter, and
 * between two clock_gettime calls. Prints
 *     cycles C instret I ns T divides D
 * A timed region can take no less than D x the divide latency of the core
 * that ran it; tests/system/guest_clock.sh checks that it does not. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define R10(x) x x x x x x x x x x

static uint64_t divides(int n)
{
    uint64_t a = ~0ull, b = 1;

    for (int k = 0; k < n; k++)
        __asm__ volatile(R10(R10("divu %0, %0, %1\n")) : "+r"(a) : "r"(b));
    return a;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10;
    uint64_t c0, c1, i0, i1, sink;
    struct timespec t0, t1;

    __asm__ volatile("rdcycle %0\n rdinstret %1" : "=r"(c0), "=r"(i0));
    sink = divides(n);
    __asm__ volatile("rdcycle %0\n rdinstret %1" : "=r"(c1), "=r"(i1));
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sink += divides(n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("cycles %llu instret %llu ns %lld divides %d\n", (unsigned long long)(c1 - c0),
           (unsigned long long)(i1 - i0),
           (long long)((t1.tv_sec - t0.tv_sec) * 1000000000ll + (t1.tv_nsec - t0.tv_nsec)),
           100 * n);
    return (int)(sink & 0);
}
