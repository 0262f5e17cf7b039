/* tests/guest/linux/threads.c - POSIX threads on shared memory: argv[1]
 * threads (default 4; the main thread is thread 0) sum an array in parallel
 * under a mutex, count and take a maximum with __atomic builtins (fetch-add,
 * compare-exchange loop), meet at a barrier that checks every sum arrived,
 * pass a token round a ring with a mutex and a condition variable (so the
 * order of turns is fixed), and are joined with their own partial sums as
 * return values. Everything printed is independent of how the threads
 * interleave, so any correct run prints the same bytes. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_THREADS 16
#define N_DATA 24000
#define N_ATOMIC 2000
#define N_ROUNDS 6

static int nthreads;
static uint32_t data[N_DATA];

static pthread_mutex_t sum_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t total;
static int sums_in;

static uint64_t counter;
static uint64_t maximum;

static pthread_barrier_t barrier;
static int barrier_ok[MAX_THREADS];

static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ring_cond = PTHREAD_COND_INITIALIZER;
static int token;
static int order[MAX_THREADS * N_ROUNDS];
static int n_order;

static uint64_t expected_total(void)
{
    uint64_t s = 0;

    for (int k = 0; k < N_DATA; k++)
        s += data[k];
    return s;
}

static void atomic_max(uint64_t *p, uint64_t v)
{
    uint64_t cur = __atomic_load_n(p, __ATOMIC_RELAXED);

    while (cur < v && !__atomic_compare_exchange_n(p, &cur, v, 1, __ATOMIC_ACQ_REL,
                                                   __ATOMIC_RELAXED))
        ;
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    int lo = N_DATA * id / nthreads, hi = N_DATA * (id + 1) / nthreads;
    uint64_t part = 0;

    /* 1: parallel sum, one locked update per thread */
    for (int k = lo; k < hi; k++)
        part += data[k];
    pthread_mutex_lock(&sum_lock);
    total += part;
    sums_in++;
    pthread_mutex_unlock(&sum_lock);

    /* 2: atomics */
    for (int k = 0; k < N_ATOMIC; k++) {
        __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
        atomic_max(&maximum, (uint64_t)id * 100000 + (uint64_t)k);
    }

    /* 3: after the barrier every partial sum is in */
    pthread_barrier_wait(&barrier);
    pthread_mutex_lock(&sum_lock);
    barrier_ok[id] = sums_in == nthreads && total == expected_total();
    pthread_mutex_unlock(&sum_lock);

    /* 4: a token ring: thread id takes its turn when token == id */
    for (int r = 0; r < N_ROUNDS; r++) {
        pthread_mutex_lock(&ring_lock);
        while (token != id)
            pthread_cond_wait(&ring_cond, &ring_lock);
        order[n_order++] = id;
        token = (id + 1) % nthreads;
        pthread_cond_broadcast(&ring_cond);
        pthread_mutex_unlock(&ring_lock);
    }
    return (void *)(uintptr_t)part;
}

int main(int argc, char **argv)
{
    pthread_t th[MAX_THREADS];
    uint64_t joined = 0, x = 12345;
    int ok = 1;

    nthreads = argc > 1 ? atoi(argv[1]) : 4;
    if (nthreads < 1 || nthreads > MAX_THREADS) {
        fprintf(stderr, "threads: 1 to %d threads\n", MAX_THREADS);
        return 2;
    }
    for (int k = 0; k < N_DATA; k++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        data[k] = (uint32_t)(x >> 40);
    }
    pthread_barrier_init(&barrier, NULL, (unsigned)nthreads);
    for (int t = 1; t < nthreads; t++) {
        if (pthread_create(&th[t], NULL, worker, (void *)(intptr_t)t)) {
            fprintf(stderr, "threads: pthread_create failed\n");
            return 1;
        }
    }
    joined += (uint64_t)(uintptr_t)worker((void *)0);
    for (int t = 1; t < nthreads; t++) {
        void *ret;

        if (pthread_join(th[t], &ret)) {
            fprintf(stderr, "threads: pthread_join failed\n");
            return 1;
        }
        joined += (uint64_t)(uintptr_t)ret;
    }
    pthread_barrier_destroy(&barrier);

    printf("threads: %d\n", nthreads);
    printf("sum: %llu (expected %llu)\n", (unsigned long long)total,
           (unsigned long long)expected_total());
    printf("joined partial sums: %llu\n", (unsigned long long)joined);
    printf("atomic counter: %llu (expected %llu)\n", (unsigned long long)counter,
           (unsigned long long)nthreads * N_ATOMIC);
    printf("atomic max: %llu\n", (unsigned long long)maximum);
    for (int t = 0; t < nthreads; t++)
        ok &= barrier_ok[t];
    printf("barrier: %s\n", ok ? "every sum in" : "FAILED");
    printf("ring:");
    for (int k = 0; k < n_order; k++)
        printf(" %d", order[k]);
    printf("\n");
    ok &= total == expected_total() && joined == total &&
          counter == (uint64_t)nthreads * N_ATOMIC && n_order == nthreads * N_ROUNDS;
    for (int k = 0; k < n_order; k++)
        ok &= order[k] == k % nthreads;
    printf("%s\n", ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
}
