/* tests/guest/linux/printf.c - stdio formatting: integers of every width,
 * strings, characters, floating point in %f/%e/%g/%a, padding, and output
 * to stdout and stderr. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    char buf[256];
    long long big = 9223372036854775807LL;
    double vals[] = { 0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e-300, 6.02214076e23,
                      1.0 / 3.0, 123456789.123456789, 5e-324 };

    printf("%d %i %u %x %X %o\n", -42, 42, 4000000000u, 0xdeadbeef, 0xcafe, 0755);
    printf("%ld %lld %llu %" PRIx64 "\n", -1234567890123L, big, 18446744073709551615ULL,
           (uint64_t)0x0123456789abcdefULL);
    printf("[%8d] [%-8d] [%08d] [%+d] [% d]\n", 42, 42, 42, 42, 42);
    printf("[%s] [%10s] [%-10s] [%.3s] [%c]\n", "abc", "right", "left", "truncate", 'Z');
    for (unsigned i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
        printf("%f %e %g %.17g %a\n", vals[i], vals[i], vals[i], vals[i], vals[i]);
    printf("%.0f %.1f %.10f %15.4f\n", 2.5, 0.05, 1.0 / 7.0, -12345.6789);
    snprintf(buf, sizeof buf, "%s-%d-%.2f", "snprintf", 7, 2.0 / 3.0);
    printf("%s (%zu chars)\n", buf, strlen(buf));
    fprintf(stderr, "this line goes to stderr\n");
    printf("%5.1f%%\n", 99.5);
    return 0;
}
