/* memsys/pf_stream.c - stream prefetcher in the manner of the IBM POWER4
 * and Intel "streamer" units (Jouppi's stream buffers, ISCA 1990, reduced to
 * address tracking). `table` stream entries each hold the last line of a
 * stream, its direction and a confidence; a trigger (demand miss, or first
 * use of a prefetched line) within 16 lines of an entry's last line moves
 * it: the first move sets the direction (confidence 1), each further move
 * the same way raises confidence, a move the other way restarts with the new
 * direction. A stream with confidence >= 2 proposes L + dir*(distance + i)
 * for i < degree. A trigger near no stream replaces the least recently used
 * entry. Accesses that are not triggers are ignored. */
#include "memsys/prefetch.h"

#define STREAM_WINDOW 16            /* lines either side of a stream's head */

struct stream_entry {
    uint64_t last;
    uint64_t used;                  /* LRU stamp; 0: empty */
    int32_t dir;                    /* +1, -1, or 0 before the second access */
    uint32_t conf;
};

struct stream_state {
    uint64_t clock;
    struct stream_entry e[];
};

static size_t stream_bytes(const struct pf_cfg *cfg)
{
    return sizeof(struct stream_state) + (cfg->table ? cfg->table : 1) * sizeof(struct stream_entry);
}

static int stream_access(void *st, const struct pf_cfg *cfg, uint64_t line, uint64_t pc,
                         bool trigger, uint64_t *out, int max)
{
    struct stream_state *s = st;
    uint32_t n_e = cfg->table ? cfg->table : 1;
    struct stream_entry *hit = NULL, *lru = &s->e[0];
    int n = 0;

    if (!trigger)
        return 0;
    /* one compare per entry: |line - last| <= window, and not the same line;
     * the least recently used entry is found on the way (needed on a miss,
     * when every entry has been looked at) */
    for (uint32_t i = 0; i < n_e; i++) {
        uint64_t d = line - s->e[i].last + STREAM_WINDOW;

        if (d <= 2 * STREAM_WINDOW && d != STREAM_WINDOW && s->e[i].used) {
            hit = &s->e[i];
            break;
        }
        lru = s->e[i].used < lru->used ? &s->e[i] : lru;
    }
    if (!hit) {
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
    .access = stream_access,
};
