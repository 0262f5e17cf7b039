/* models/trace/trace_io.c - plain, xz and gzip byte streams for trace
 * readers and writers (see trace_io.h). xz through liblzma's stream decoder
 * and easy encoder, gzip through zlib's inflate/deflate with the gzip
 * wrapper (xz at preset 1: several times faster than the default for
 * about 10 % larger files); concatenated streams (xz) and members (gzip) are read as one.
 * Compressed data that ends before its stream end is reported as truncated,
 * not taken as the end of the trace. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <archsim/sim_type.h>
#include <sys/stat.h>
#include <lzma.h>
#include <zlib.h>
#include "models/trace/trace_io.h"

#define TIO_BUF (64 * 1024)

enum { F_PLAIN, F_XZ, F_GZ };

struct tio {
    FILE *f;
    int fmt;
    int writing;
    int eof;                        /* compressed input exhausted */
    int ended;                      /* stream end seen (compressed) */
    uint64_t off;
    lzma_stream xz;
    z_stream gz;
    int gz_init;
    char *path, *tmp;               /* writers: target and temporary */
    char err[200];
    uint8_t buf[TIO_BUF];
    size_t have;                    /* plain readers: bytes already in buf */
};

static void say(char *msg, size_t n, const char *fmt, const char *a, const char *b)
{
    if (msg && n)
        snprintf(msg, n, fmt, a, b);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);

    return a >= b && strcmp(s + a - b, suffix) == 0;
}

struct tio *tio_open_read(const char *path, char *msg, size_t n)
{
    static const uint8_t xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
    struct tio *t = calloc(1, sizeof(*t));
    size_t got;

    if (!t) {
        say(msg, n, "%s%s: out of memory", path, "");
        return NULL;
    }
    t->f = fopen(path, "rb");
    if (!t->f) {
        say(msg, n, "%s: %s", path, strerror(errno));
        free(t);
        return NULL;
    }
    got = fread(t->buf, 1, sizeof(xz_magic), t->f);
    if (got == sizeof(xz_magic) && memcmp(t->buf, xz_magic, sizeof(xz_magic)) == 0) {
        t->fmt = F_XZ;
        if (lzma_stream_decoder(&t->xz, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
            say(msg, n, "%s: %s", path, "cannot start the xz decoder");
            fclose(t->f);
            free(t);
            return NULL;
        }
        t->xz.next_in = t->buf;
        t->xz.avail_in = got;
    } else if (got >= 2 && t->buf[0] == 0x1f && t->buf[1] == 0x8b) {
        t->fmt = F_GZ;
        if (inflateInit2(&t->gz, 15 + 16) != Z_OK) {
            say(msg, n, "%s: %s", path, "cannot start the gzip decoder");
            fclose(t->f);
            free(t);
            return NULL;
        }
        t->gz_init = 1;
        t->gz.next_in = t->buf;
        t->gz.avail_in = (uInt)got;
    } else if (ends_with(path, ".xz") || ends_with(path, ".gz")) {
        /* named compressed but not: reading it as plain would report a
         * truncated or garbled trace instead of the real problem */
        say(msg, n, "%s: not %s data (the file name says it is)",
            path, ends_with(path, ".xz") ? "xz" : "gzip");
        fclose(t->f);
        free(t);
        return NULL;
    } else {
        t->fmt = F_PLAIN;
        t->have = got;
    }
    return t;
}

static int refill(struct tio *t, const uint8_t **next, size_t *avail)
{
    size_t got;

    if (t->eof)
        return 0;
    got = fread(t->buf, 1, TIO_BUF, t->f);
    if (got == 0) {
        if (ferror(t->f)) {
            snprintf(t->err, sizeof(t->err), "read error: %s", strerror(errno));
            return -1;
        }
        t->eof = 1;
        return 0;
    }
    *next = t->buf;
    *avail = got;
    return 1;
}

static long read_xz(struct tio *t, uint8_t *out, size_t n)
{
    t->xz.next_out = out;
    t->xz.avail_out = n;
    while (t->xz.avail_out > 0 && !t->ended) {
        lzma_ret r;

        if (t->xz.avail_in == 0) {
            size_t avail = 0;
            int rc = refill(t, &t->xz.next_in, &avail);

            if (rc < 0)
                return -1;
            t->xz.avail_in = avail;
        }
        r = lzma_code(&t->xz, t->eof ? LZMA_FINISH : LZMA_RUN);
        if (r == LZMA_STREAM_END) {
            t->ended = 1;
        } else if (r == LZMA_BUF_ERROR && t->eof) {
            snprintf(t->err, sizeof(t->err), "xz data ends early (truncated file)");
            return -1;
        } else if (r != LZMA_OK) {
            snprintf(t->err, sizeof(t->err), "corrupt xz data (liblzma error %d)", (int)r);
            return -1;
        }
    }
    return (long)(n - t->xz.avail_out);
}

/* More compressed input for inflate: 1, 0 at the end of the file, -1. */
static int gz_feed(struct tio *t)
{
    const uint8_t *next = NULL;
    size_t avail = 0;
    int rc = refill(t, &next, &avail);

    if (rc == 1) {
        t->gz.next_in = (Bytef *)next;
        t->gz.avail_in = (uInt)avail;
    }
    return rc;
}

static long read_gz(struct tio *t, uint8_t *out, size_t n)
{
    t->gz.next_out = out;
    t->gz.avail_out = (uInt)n;
    while (t->gz.avail_out > 0 && !t->ended) {
        int r;

        if (t->gz.avail_in == 0) {
            int rc = gz_feed(t);

            if (rc < 0)
                return -1;
            if (rc == 0) {
                snprintf(t->err, sizeof(t->err), "gzip data ends early (truncated file)");
                return -1;
            }
        }
        r = inflate(&t->gz, Z_NO_FLUSH);
        if (r == Z_STREAM_END) {
            /* Another member may follow; the data ends at the file's end. */
            if (t->gz.avail_in == 0) {
                int rc = gz_feed(t);

                if (rc < 0)
                    return -1;
                if (rc == 0) {
                    t->ended = 1;
                    break;
                }
            }
            inflateReset(&t->gz);
        } else if (r != Z_OK && r != Z_BUF_ERROR) {
            snprintf(t->err, sizeof(t->err), "corrupt gzip data (%s)",
                     t->gz.msg ? t->gz.msg : "zlib error");
            return -1;
        }
    }
    return (long)(n - t->gz.avail_out);
}

static long read_plain(struct tio *t, uint8_t *out, size_t n)
{
    size_t done = 0;

    if (t->have) {
        done = t->have < n ? t->have : n;
        memcpy(out, t->buf, done);
        memmove(t->buf, t->buf + done, t->have - done);
        t->have -= done;
    }
    if (done < n) {
        done += fread(out + done, 1, n - done, t->f);
        if (ferror(t->f)) {
            snprintf(t->err, sizeof(t->err), "read error: %s", strerror(errno));
            return -1;
        }
    }
    return (long)done;
}

long tio_read(struct tio *t, void *buf, size_t n)
{
    long got;

    if (t->writing)
        return -1;
    got = t->fmt == F_XZ ? read_xz(t, buf, n) : t->fmt == F_GZ ? read_gz(t, buf, n)
          : read_plain(t, buf, n);
    if (got > 0)
        t->off += (uint64_t)got;
    return got;
}

struct tio *tio_open_write(const char *path, char *msg, size_t n)
{
    struct tio *t = calloc(1, sizeof(*t));
    char target[4096];
    int fd, kind;

    if (!t) {
        say(msg, n, "%s%s: out of memory", path, "");
        return NULL;
    }
    t->writing = 1;
    t->fmt = ends_with(path, ".xz") ? F_XZ : ends_with(path, ".gz") ? F_GZ : F_PLAIN;
    kind = sim_output_target(path, target, sizeof target);
    if (kind < 0) {
        say(msg, n, "%s: %s", path, strerror(errno));
        goto fail;
    }
    t->path = strdup(target);
    t->tmp = kind == 1 ? NULL : malloc(strlen(target) + 16);
    if (!t->path || (kind == 0 && !t->tmp)) {
        say(msg, n, "%s%s: out of memory", path, "");
        goto fail;
    }
    if (kind == 1) {                /* a FIFO or a device: written in place */
        fd = open(target, O_WRONLY | O_TRUNC | O_CLOEXEC);
    } else {
        sprintf(t->tmp, "%s.tmp-XXXXXX", target);
        fd = mkstemp(t->tmp);
    }
    if (fd < 0) {
        say(msg, n, "%s: %s", path, strerror(errno));
        goto fail;
    }
    /* mkstemp makes the file private; a trace is an ordinary output. */
    if (t->tmp)
        fchmod(fd, 0644);
    t->f = fdopen(fd, "wb");
    if (!t->f) {
        close(fd);
        if (t->tmp)
            unlink(t->tmp);
        say(msg, n, "%s: %s", path, strerror(errno));
        goto fail;
    }
    if (t->fmt == F_XZ && lzma_easy_encoder(&t->xz, 1, LZMA_CHECK_CRC64) != LZMA_OK) {
        say(msg, n, "%s: %s", path, "cannot start the xz encoder");
        goto fail_file;
    }
    if (t->fmt == F_GZ) {
        if (deflateInit2(&t->gz, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            say(msg, n, "%s: %s", path, "cannot start the gzip encoder");
            goto fail_file;
        }
        t->gz_init = 1;
    }
    return t;
fail_file:
    fclose(t->f);
    if (t->tmp)
        unlink(t->tmp);
fail:
    free(t->path);
    free(t->tmp);
    free(t);
    return NULL;
}

/* Compress what is given (finish: and end the stream) into the file. */
static int pump(struct tio *t, const void *data, size_t n, int finish)
{
    if (t->fmt == F_XZ) {
        t->xz.next_in = data;
        t->xz.avail_in = n;
        for (;;) {
            lzma_ret r;

            t->xz.next_out = t->buf;
            t->xz.avail_out = TIO_BUF;
            r = lzma_code(&t->xz, finish ? LZMA_FINISH : LZMA_RUN);
            if (r != LZMA_OK && r != LZMA_STREAM_END) {
                snprintf(t->err, sizeof(t->err), "xz encoder error %d", (int)r);
                return -1;
            }
            if (fwrite(t->buf, 1, TIO_BUF - t->xz.avail_out, t->f) !=
                TIO_BUF - t->xz.avail_out)
                goto io;
            if (finish ? r == LZMA_STREAM_END : t->xz.avail_in == 0)
                return 0;
        }
    } else {
        t->gz.next_in = (Bytef *)data;
        t->gz.avail_in = (uInt)n;
        for (;;) {
            int r;

            t->gz.next_out = t->buf;
            t->gz.avail_out = TIO_BUF;
            r = deflate(&t->gz, finish ? Z_FINISH : Z_NO_FLUSH);
            if (r == Z_STREAM_ERROR) {
                snprintf(t->err, sizeof(t->err), "gzip encoder error");
                return -1;
            }
            if (fwrite(t->buf, 1, TIO_BUF - t->gz.avail_out, t->f) !=
                TIO_BUF - t->gz.avail_out)
                goto io;
            if (finish ? r == Z_STREAM_END : (t->gz.avail_in == 0 && t->gz.avail_out != 0))
                return 0;
        }
    }
io:
    snprintf(t->err, sizeof(t->err), "write error: %s", strerror(errno));
    return -1;
}

int tio_write(struct tio *t, const void *buf, size_t n)
{
    size_t total = n;

    if (!t->writing || t->err[0])
        return -1;
    if (t->fmt == F_PLAIN) {
        if (fwrite(buf, 1, n, t->f) != n) {
            snprintf(t->err, sizeof(t->err), "write error: %s", strerror(errno));
            return -1;
        }
    } else {
        /* zlib counts in uInt: feed large buffers in pieces. */
        const uint8_t *p = buf;

        while (n) {
            size_t k = n > (1u << 30) ? (1u << 30) : n;

            if (pump(t, p, k, 0))
                return -1;
            p += k;
            n -= k;
        }
    }
    t->off += total;
    return 0;
}

uint64_t tio_offset(const struct tio *t)
{
    return t->off;
}

const char *tio_format(const struct tio *t)
{
    return t->fmt == F_XZ ? "xz" : t->fmt == F_GZ ? "gzip" : "plain";
}

const char *tio_error(const struct tio *t)
{
    return t->err[0] ? t->err : "no error";
}

static void release(struct tio *t)
{
    if (t->fmt == F_XZ)
        lzma_end(&t->xz);
    if (t->gz_init)
        t->writing ? deflateEnd(&t->gz) : inflateEnd(&t->gz);
    free(t->path);
    free(t->tmp);
    free(t);
}

int tio_close(struct tio *t, char *msg, size_t n)
{
    int rc = 0;

    if (!t)
        return 0;
    if (!t->writing) {
        fclose(t->f);
        release(t);
        return 0;
    }
    if (!t->err[0] && t->fmt != F_PLAIN)
        rc = pump(t, NULL, 0, 1);
    if (!t->err[0] && fflush(t->f) != 0)
        snprintf(t->err, sizeof(t->err), "write error: %s", strerror(errno));
    if (fclose(t->f) != 0 && !t->err[0])
        snprintf(t->err, sizeof(t->err), "write error: %s", strerror(errno));
    if (!t->err[0] && t->tmp && rename(t->tmp, t->path) != 0)
        snprintf(t->err, sizeof(t->err), "cannot rename into place: %s", strerror(errno));
    if (t->err[0]) {
        if (t->tmp)
            unlink(t->tmp);
        say(msg, n, "%s: %s", t->path, t->err);
        rc = -1;
    }
    release(t);
    return rc;
}

void tio_abort(struct tio *t)
{
    if (!t)
        return;
    if (t->writing) {
        fclose(t->f);
        if (t->tmp)
            unlink(t->tmp);
    } else {
        fclose(t->f);
    }
    release(t);
}
