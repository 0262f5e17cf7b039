/* models/trace/trace_io.h - byte streams for trace files, plain or
 * compressed: reading recognises xz (liblzma) and gzip (zlib) by their magic
 * bytes and reads anything else as it is; writing picks the format from the
 * file name (.xz, .gz, anything else plain) and is atomic: the data goes to a
 * temporary file beside the target, renamed over it only by a successful
 * tio_close. Errors are returned as text in the stream, never printed. */
#ifndef ARCHSIM_TRACE_IO_H
#define ARCHSIM_TRACE_IO_H

#include <stddef.h>
#include <stdint.h>

struct tio;

/* NULL on failure, with the reason in msg. */
struct tio *tio_open_read(const char *path, char *msg, size_t n);
struct tio *tio_open_write(const char *path, char *msg, size_t n);

/* Read up to n bytes; returns how many (fewer only at the end of the data),
 * or -1 on an error (tio_error says which). */
long tio_read(struct tio *t, void *buf, size_t n);
/* Write n bytes; 0 or -1. */
int tio_write(struct tio *t, const void *buf, size_t n);
/* Bytes of uncompressed data read or written so far. */
uint64_t tio_offset(const struct tio *t);
/* "xz", "gzip" or "plain". */
const char *tio_format(const struct tio *t);
const char *tio_error(const struct tio *t);

/* Writers: flush, close and rename into place (0), or drop the temporary
 * file (-1, reason in msg). Readers: 0. Frees t either way. */
int tio_close(struct tio *t, char *msg, size_t n);
/* Writers: drop the temporary file without renaming. Frees t. */
void tio_abort(struct tio *t);

#endif
