/* tests/guest/linux/compress.c - a compression kernel: LZ77 with a hash
 * chain match finder, then decompression, on generated text-like data;
 * checks the round trip and prints sizes and CRC-32s. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;

    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

/* output: literal runs [len<128][bytes] or matches [0x80|len-3][off16] */
static size_t lz_compress(const uint8_t *in, size_t n, uint8_t *out)
{
    enum { HB = 14, WIN = 65535, MAXM = 130 };
    static int32_t head[1 << HB];
    int32_t *prev = malloc(n * sizeof(int32_t));
    size_t i = 0, o = 0, lit = 0, lit_at = 0;

    memset(head, -1, sizeof head);
    while (i < n) {
        size_t best = 0, boff = 0;

        if (i + 3 <= n) {
            uint32_t h = ((uint32_t)in[i] << 16 | in[i + 1] << 8 | in[i + 2]) * 2654435761u >> (32 - HB);
            int32_t c = head[h];
            int tries = 32;

            while (c >= 0 && i - (size_t)c <= WIN && tries--) {
                size_t l = 0;

                while (l < MAXM && i + l < n && in[c + l] == in[i + l])
                    l++;
                if (l > best) {
                    best = l;
                    boff = i - (size_t)c;
                }
                c = prev[c];
            }
            prev[i] = head[h];
            head[h] = (int32_t)i;
        }
        if (best >= 4) {
            if (lit) {
                out[lit_at] = (uint8_t)lit;
                lit = 0;
            }
            out[o++] = (uint8_t)(0x80 | (best - 3));
            out[o++] = (uint8_t)boff;
            out[o++] = (uint8_t)(boff >> 8);
            for (size_t k = 1; k < best; k++) {
                size_t j = i + k;

                if (j + 3 <= n) {
                    uint32_t h = ((uint32_t)in[j] << 16 | in[j + 1] << 8 | in[j + 2]) * 2654435761u >> (32 - HB);

                    prev[j] = head[h];
                    head[h] = (int32_t)j;
                }
            }
            i += best;
        } else {
            if (!lit)
                lit_at = o++;
            out[o++] = in[i++];
            if (++lit == 127) {
                out[lit_at] = (uint8_t)lit;
                lit = 0;
            }
        }
    }
    if (lit)
        out[lit_at] = (uint8_t)lit;
    free(prev);
    return o;
}

static size_t lz_decompress(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t i = 0, o = 0;

    while (i < n) {
        uint8_t t = in[i++];

        if (t & 0x80) {
            size_t len = (size_t)(t & 0x7f) + 3, off = in[i] | (size_t)in[i + 1] << 8;

            i += 2;
            for (size_t k = 0; k < len; k++, o++)
                out[o] = out[o - off];
        } else {
            memcpy(out + o, in + i, t);
            o += t;
            i += t;
        }
    }
    return o;
}

int main(void)
{
    static const char *words[] = { "the", "quick", "brown", "fox", "jumps", "over", "lazy",
                                   "dog", "simulation", "pipeline", "cache", "branch", "RISC-V",
                                   "instruction", "memory", "\n" };
    enum { N = 1 << 20 };
    uint8_t *in = malloc(N), *c = malloc(N + N / 64 + 16), *d = malloc(N);
    uint32_t s = 1;
    size_t n = 0, cn, dn;

    while (n < N - 16) {
        const char *w = words[(s = s * 1103515245u + 12345u) >> 16 & 15];
        size_t l = strlen(w);

        memcpy(in + n, w, l);
        n += l;
        in[n++] = ' ';
    }
    cn = lz_compress(in, n, c);
    dn = lz_decompress(c, cn, d);
    printf("input %zu bytes crc %08x\n", n, crc32(in, n));
    printf("compressed %zu bytes (%.1f%%) crc %08x\n", cn, 100.0 * (double)cn / (double)n,
           crc32(c, cn));
    printf("decompressed %zu bytes, round trip %s\n", dn,
           dn == n && !memcmp(in, d, n) ? "ok" : "FAILED");
    return dn == n && !memcmp(in, d, n) ? 0 : 1;
}
