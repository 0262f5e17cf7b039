/* bench/riscv/cpubench.c - a CoreMark-like CPU-bound guest program (our own
 * code, not CoreMark): the four kernels CoreMark is known for - linked-list
 * find/reverse/sort, a small integer matrix multiply, a string-scanning state
 * machine and CRC-16 - iterated argv[1] times (default 400). Prints a
 * checksum so runs can be compared. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct item {
    struct item *next;
    int32_t val, idx;
};

static uint16_t crc16(uint16_t crc, uint8_t b)
{
    for (int k = 0; k < 8; k++) {
        int x = (crc ^ b) & 1;

        b >>= 1;
        crc >>= 1;
        if (x)
            crc ^= 0xa001;
    }
    return crc;
}

static struct item *list_reverse(struct item *l)
{
    struct item *r = NULL;

    while (l) {
        struct item *n = l->next;

        l->next = r;
        r = l;
        l = n;
    }
    return r;
}

static struct item *list_sort(struct item *l, int by_val)
{
    /* merge sort on a linked list, bottom-up */
    int k = 1;

    if (!l)
        return l;
    for (;;) {
        struct item *p = l, *tail = NULL, *q, *e;
        int merges = 0;

        l = NULL;
        while (p) {
            int ps = 0, qs = k;

            merges++;
            q = p;
            for (int i = 0; i < k && q; i++, ps++)
                q = q->next;
            while (ps > 0 || (qs > 0 && q)) {
                if (!ps) {
                    e = q, q = q->next, qs--;
                } else if (!qs || !q) {
                    e = p, p = p->next, ps--;
                } else if (by_val ? p->val <= q->val : p->idx <= q->idx) {
                    e = p, p = p->next, ps--;
                } else {
                    e = q, q = q->next, qs--;
                }
                if (tail)
                    tail->next = e;
                else
                    l = e;
                tail = e;
            }
            p = q;
        }
        tail->next = NULL;
        if (merges <= 1)
            return l;
        k *= 2;
    }
}

static uint16_t bench_list(struct item *pool, int n, uint16_t seed)
{
    struct item *l = NULL;
    uint16_t crc = 0;

    for (int i = n - 1; i >= 0; i--) {
        pool[i].val = (int32_t)((i * 7919 + seed) & 0x7fff);
        pool[i].idx = i;
        pool[i].next = l;
        l = &pool[i];
    }
    for (int f = 0; f < 16; f++) {
        int32_t want = (int32_t)((f * 131 + seed) & 0x7fff);
        int pos = 0;

        for (struct item *p = l; p; p = p->next, pos++)
            if (p->val == want)
                break;
        crc = crc16(crc, (uint8_t)pos);
        l = list_reverse(l);
    }
    l = list_sort(l, 1);
    for (struct item *p = l; p; p = p->next)
        crc = crc16(crc, (uint8_t)p->val);
    l = list_sort(l, 0);
    crc = crc16(crc, (uint8_t)l->val);
    return crc;
}

static uint16_t bench_matrix(int16_t *a, int16_t *b, int32_t *c, int n, int16_t seed)
{
    uint16_t crc = 0;

    for (int i = 0; i < n * n; i++) {
        a[i] = (int16_t)((i + seed) & 0xff);
        b[i] = (int16_t)(((i * 3) ^ seed) & 0xff);
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int32_t s = 0;

            for (int k = 0; k < n; k++)
                s += a[i * n + k] * b[k * n + j];
            c[i * n + j] = s;
        }
    for (int i = 0; i < n * n; i++) {
        c[i] += seed;
        if (c[i] > 4000000)
            c[i] >>= 3;
        crc = crc16(crc, (uint8_t)c[i]);
    }
    return crc;
}

enum { S_START, S_INT, S_FLOAT, S_EXP, S_SCI, S_INVALID, S_COUNT };

static int next_state(int st, char ch)
{
    int digit = ch >= '0' && ch <= '9';

    switch (st) {
    case S_START:
        if (digit)
            return S_INT;
        if (ch == '+' || ch == '-')
            return S_INT;
        if (ch == '.')
            return S_FLOAT;
        return S_INVALID;
    case S_INT:
        if (digit)
            return S_INT;
        if (ch == '.')
            return S_FLOAT;
        if (ch == 'e' || ch == 'E')
            return S_EXP;
        return S_INVALID;
    case S_FLOAT:
        if (digit)
            return S_FLOAT;
        if (ch == 'e' || ch == 'E')
            return S_EXP;
        return S_INVALID;
    case S_EXP:
        if (digit || ch == '+' || ch == '-')
            return S_SCI;
        return S_INVALID;
    case S_SCI:
        return digit ? S_SCI : S_INVALID;
    }
    return S_INVALID;
}

static uint16_t bench_state(char *buf, int n, uint16_t seed)
{
    static const char *tokens[] = { "5012", "1234", "-874", "+122", "35.54400", ".1234500",
                                    "-110.700", "+0.64400", "5.500e+3", "-.123e-2", "-87e+832",
                                    "+0.6e-12", "T0.3e-1F", "-T.T++Tq", "1T3.4e4z", "34.0e-T^" };
    int count[S_COUNT] = { 0 };
    uint16_t crc = 0;
    int p = 0;

    for (int i = 0; p + 10 < n; i++) {
        const char *t = tokens[(i + seed) & 15];

        while (*t)
            buf[p++] = *t++;
        buf[p++] = ',';
    }
    buf[p] = 0;
    for (int i = 0; i < p;) {
        int st = S_START;

        while (buf[i] && buf[i] != ',') {
            st = next_state(st, buf[i++]);
            if (st == S_INVALID)
                break;
        }
        while (buf[i] && buf[i] != ',')
            i++;
        i++;
        count[st]++;
    }
    for (int s = 0; s < S_COUNT; s++)
        crc = crc16(crc, (uint8_t)count[s]);
    return crc;
}

int main(int argc, char **argv)
{
    int iters = argc > 1 ? atoi(argv[1]) : 400;
    enum { NL = 256, NM = 24, NS = 1200 };
    struct item *pool = malloc(NL * sizeof(*pool));
    int16_t *a = malloc(NM * NM * 2), *b = malloc(NM * NM * 2);
    int32_t *c = malloc(NM * NM * 4);
    char *buf = malloc(NS + 1);
    uint16_t crc = 0;

    for (int it = 0; it < iters; it++) {
        crc = crc16(crc, (uint8_t)bench_list(pool, NL, (uint16_t)it));
        crc = crc16(crc, (uint8_t)bench_matrix(a, b, c, NM, (int16_t)it));
        crc = crc16(crc, (uint8_t)bench_state(buf, NS, (uint16_t)it));
        for (int k = 0; k < 256; k++)
            crc = crc16(crc, (uint8_t)(k ^ it));
    }
    printf("cpubench: %d iterations, crc 0x%04x\n", iters, crc);
    return 0;
}
