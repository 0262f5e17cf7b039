/* memsys/pf_stream.c - stream prefetcher in the manner of the IBM POWER4
 * and Intel "streamer" units (Jouppi's stream buffers, ISCA 1990, reduced to
 * address tracking). `table` stream entries each hold the last line of a
 * stream, its direction and a confidence; a trigger (demand miss, or first
 * use of a prefetched line) within 16 lines of an entry's last line moves
 * it: the first move sets the direction (confidence 1), each further move
 * the same way raises confidence, a move the other way restarts with the new
 * direction. A stream with confidence >= 2 proposes L + dir*(distance + i)
 * for i < degree. A trigger near no stream replaces the least recently used
 * entry. Accesses that are not triggers are ignored. When several entries
 * are near, the first in table order moves.
 *
 * Speed: tables of up to 64 entries are not scanned. Each in-use entry is
 * filed, as a bit, under a hash of the 32-line granule its last line lies
 * in; the lines within 16 of a trigger span two granules, so only the
 * entries filed under those two are compared. The entries are also kept in
 * a list in order of use, least recent first (entries never used first, in
 * table order), which names the one to replace at once. Larger tables are
 * scanned, with the same outcome. */
#include "memsys/prefetch.h"

#define STREAM_WINDOW 16            /* lines either side of a stream's head */
#define STREAM_FAST 64              /* tables up to this size: buckets and LRU list */
#define STREAM_GRANULE 5            /* log2 lines of a bucket's granule (> 2 x window) */

struct stream_entry {
    uint64_t last;
    uint64_t used;                  /* LRU stamp; 0: empty */
    int32_t dir;                    /* +1, -1, or 0 before the second access */
    uint32_t conf;
};

struct stream_state {
    uint64_t clock;
    uint64_t bucket[64];            /* fast tables: entries (bits) by granule of last */
    uint8_t prev[STREAM_FAST], next[STREAM_FAST];   /* use order; head: least recent */
    uint8_t head, tail;
    struct stream_entry e[];
};

static size_t stream_bytes(const struct pf_cfg *cfg)
{
    return sizeof(struct stream_state) + (cfg->table ? cfg->table : 1) * sizeof(struct stream_entry);
}

static void stream_init(void *st, const struct pf_cfg *cfg)
{
    struct stream_state *s = st;
    uint32_t n = cfg->table ? cfg->table : 1;

    if (n > STREAM_FAST)
        return;
    for (uint32_t i = 0; i < n; i++) {
        s->prev[i] = (uint8_t)(i ? i - 1 : 0);
        s->next[i] = (uint8_t)(i + 1 < n ? i + 1 : 0);
    }
    s->head = 0;
    s->tail = (uint8_t)(n - 1);
}

static inline unsigned bucket_of(uint64_t line)
{
    return (unsigned)(((line >> STREAM_GRANULE) * 0x9e3779b97f4a7c15ull) >> 58);
}

/* Entry i was just used: to the end of the use order. */
static void use(struct stream_state *s, uint8_t i)
{
    if (i == s->tail)
        return;
    if (i == s->head)
        s->head = s->next[i];
    else
        s->next[s->prev[i]] = s->next[i];
    s->prev[s->next[i]] = s->prev[i];
    s->prev[i] = s->tail;
    s->next[s->tail] = i;
    s->tail = i;
}

/* Entry i's last line moves from `from` (was: in use or not) to `to`. */
static void refile(struct stream_state *s, uint32_t i, bool was, uint64_t from, uint64_t to)
{
    if (was)
        s->bucket[bucket_of(from)] &= ~(1ull << i);
    s->bucket[bucket_of(to)] |= 1ull << i;
}

static inline bool near(const struct stream_entry *e, uint64_t line)
{
    /* one compare: |line - last| <= window, and not the same line */
    uint64_t d = line - e->last + STREAM_WINDOW;

    return d <= 2 * STREAM_WINDOW && d != STREAM_WINDOW && e->used;
}

static int stream_access(void *st, const struct pf_cfg *cfg, uint64_t line, uint64_t pc,
                         bool trigger, uint64_t *out, int max)
{
    struct stream_state *s = st;
    uint32_t n_e = cfg->table ? cfg->table : 1;
    struct stream_entry *hit = NULL, *lru = &s->e[0];
    bool fast = n_e <= STREAM_FAST;
    int n = 0;

    if (!trigger)
        return 0;
    if (fast) {
        uint64_t cand = s->bucket[bucket_of(line - STREAM_WINDOW)] |
                        s->bucket[bucket_of(line + STREAM_WINDOW)];

        for (; cand; cand &= cand - 1) {    /* table order */
            struct stream_entry *e = &s->e[__builtin_ctzll(cand)];

            if (near(e, line)) {
                hit = e;
                break;
            }
        }
        lru = &s->e[s->head];
    } else {
        /* the least recently used entry is found on the way (needed on a
         * miss, when every entry has been looked at) */
        for (uint32_t i = 0; i < n_e; i++) {
            if (near(&s->e[i], line)) {
                hit = &s->e[i];
                break;
            }
            lru = s->e[i].used < lru->used ? &s->e[i] : lru;
        }
    }
    if (!hit) {
        if (fast) {
            refile(s, (uint32_t)(lru - s->e), lru->used != 0, lru->last, line);
            use(s, (uint8_t)(lru - s->e));
        }
        lru->last = line;
        lru->dir = 0;
        lru->conf = 0;
        lru->used = ++s->clock;
        return 0;
    }
    {
        int32_t dir = (int64_t)(line - hit->last) > 0 ? 1 : -1;

        if (dir == hit->dir) {
            if (hit->conf < 3)
                hit->conf++;
        } else {
            hit->dir = dir;
            hit->conf = 1;
        }
    }
    if (fast) {
        refile(s, (uint32_t)(hit - s->e), true, hit->last, line);
        use(s, (uint8_t)(hit - s->e));
    }
    hit->last = line;
    hit->used = ++s->clock;
    if (hit->conf >= 2)
        for (uint32_t i = 0; i < cfg->degree && n < max; i++)
            out[n++] = line + (uint64_t)((int64_t)hit->dir * (int64_t)(cfg->distance + i));
    return n;
}

const struct pf_policy pf_stream = {
    .name = "stream",
    .doc = "detects ascending or descending miss streams and runs ahead of them",
    .state_bytes = stream_bytes,
    .default_table = 16,
    .init = stream_init,
    .access = stream_access,
};
