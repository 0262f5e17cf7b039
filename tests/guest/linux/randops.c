/* tests/guest/linux/randops.c - the differential test of the instruction-set
 * simulator: runs the random instruction blocks of randops_body.S (generated
 * at build time by tests/guest/gen_randops.py, fixed seed) from register
 * states seeded with edge values (0, -1, the most negative numbers, signed
 * and unsigned word limits, NaN-boxed and unboxed floats: signalling and
 * quiet NaNs, infinities, subnormals, -0), and prints every register, fcsr
 * and a checksum of the memory after each block. Its output must be
 * qemu-riscv64's, byte for byte. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct st {                         /* offsets are the generator's */
    uint64_t x[32];                 /* 0 */
    uint64_t f[32];                 /* 256 */
    uint64_t fcsr;                  /* 512 */
    uint64_t pad[63];
    uint8_t mem[1024];              /* 1024 */
};

typedef void (*block_fn)(struct st *);
extern const block_fn rnd_blocks[];
extern const uint64_t rnd_nblocks;

static struct st s;
static uint64_t seed = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

static const uint64_t xedge[] = {
    0, 1, 2, (uint64_t)-1, (uint64_t)-2, 0x8000000000000000ull, 0x7fffffffffffffffull,
    0x80000000ull, 0x7fffffffull, 0xffffffffull, 0xffffffff80000000ull, 0x100000000ull, 31, 32,
    63, 64,
};
static const uint64_t fedge[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull,  /* +0 -0 +inf */
    0xfff0000000000000ull, 0x7ff8000000000000ull, 0x7ff4000000000000ull,  /* -inf qNaN sNaN */
    0x0000000000000001ull, 0x000fffffffffffffull, 0x3ff8000000000000ull,  /* subnormals 1.5 */
    0x41dfffffffc00000ull, 0xc1e0000000000000ull, 0x43f0000000000000ull,  /* 2^31-1 -2^31 2^64 */
    0xffffffff3fc00000ull, 0xffffffff7f800000ull, 0xffffffff7fc00000ull,  /* boxed 1.5f inf qNaN */
    0xffffffff7fa00000ull, 0xffffffff00000001ull, 0xffffffff80000000ull,  /* sNaN sub -0f */
    0x000000003f800000ull, 0xffffffff4f000000ull, 0xffffffffcf000000ull,  /* unboxed 1f 2^31f */
};

static uint64_t pick(const uint64_t *edge, int n)
{
    uint64_t r = next();

    return r % 3 ? edge[r / 3 % (uint64_t)n] : next();
}

int main(void)
{
    uint64_t sum = 0;

    for (uint64_t b = 0; b < rnd_nblocks; b++) {
        for (int i = 0; i < 32; i++) {
            s.x[i] = pick(xedge, (int)(sizeof xedge / sizeof *xedge));
            s.f[i] = pick(fedge, (int)(sizeof fedge / sizeof *fedge));
        }
        s.fcsr = next() % 5 << 5;   /* a rounding mode, no flags */
        for (size_t i = 0; i < sizeof s.mem; i++)
            s.mem[i] = (uint8_t)next();
        rnd_blocks[b](&s);
        printf("block %llu fcsr %02llx\n", (unsigned long long)b, (unsigned long long)s.fcsr);
        for (int i = 0; i < 32; i++) {
            if (i == 0 || i == 2 || i == 3 || i == 4 || i == 27)
                continue;           /* x0; sp gp tp; x27 = &s */
            printf(" x%d=%016llx", i, (unsigned long long)s.x[i]);
            if (i % 4 == 3)
                printf("\n");
        }
        printf("\n");
        for (int i = 0; i < 32; i++)
            printf(" f%d=%016llx%s", i, (unsigned long long)s.f[i], i % 4 == 3 ? "\n" : "");
        sum = 1469598103934665603ull;
        for (size_t i = 0; i < sizeof s.mem; i++)
            sum = (sum ^ s.mem[i]) * 1099511628211ull;
        printf(" mem=%016llx\n", (unsigned long long)sum);
    }
    return 0;
}
