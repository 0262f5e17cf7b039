/* tests/guest/linux/fp.c - floating point through libm and the FPU: basic
 * arithmetic, the four libm-visible rounding modes (fesetround), exception
 * flags, fma, conversions at and beyond the integer ranges, NaN and
 * infinity handling, and a few transcendental functions; printed exactly
 * with %a and %.17g. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile double vd[] = { 1.0, 3.0, 0.1, 1e308, 1e-310, -2.5, 0.0 };
static volatile float vf[] = { 1.0f, 3.0f, 0.1f, 3e38f, 1e-40f, -2.5f, 0.0f };

static void flags(const char *what)
{
    int f = fetestexcept(FE_ALL_EXCEPT);

    printf("%-12s flags:%s%s%s%s%s\n", what, f & FE_INVALID ? " NV" : "",
           f & FE_DIVBYZERO ? " DZ" : "", f & FE_OVERFLOW ? " OF" : "",
           f & FE_UNDERFLOW ? " UF" : "", f & FE_INEXACT ? " NX" : "");
    feclearexcept(FE_ALL_EXCEPT);
}

int main(void)
{
    static const int modes[] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };
    static const char *names[] = { "nearest", "towardzero", "downward", "upward" };
    volatile double x, y;
    volatile float xf;

    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        x = vd[0] / vd[1];
        xf = vf[0] / vf[1];
        y = -vd[0] / vd[1];
        printf("%-10s 1/3=%a -1/3=%a 1/3f=%a sqrt2=%a\n", names[m], x, y, (double)xf,
               sqrt(vd[0] + vd[0]));
        x = (double)(float)(vd[2]);
        printf("%-10s (float)0.1=%a 1e308*10=%g\n", names[m], x, vd[3] * 10.0);
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    x = vd[0] / vd[1];
    flags("1/3");
    x = vd[3] * vd[3];
    flags("overflow");
    x = vd[4] * vd[2];
    flags("underflow");
    x = vd[0] / vd[6];
    flags("div by zero");
    x = vd[6] / vd[6];
    flags("0/0");
    x = sqrt(vd[5]);
    flags("sqrt(-2.5)");
    printf("nan=%f inf=%f -inf=%f signbit(-0)=%d\n", NAN, (double)INFINITY, -(double)INFINITY,
           signbit(-vd[6]) != 0);
    printf("fma(0.1,10,-1)=%a naive=%a\n", fma(vd[2], 10.0, -1.0), vd[2] * 10.0 - 1.0);
    printf("fmaf=%a\n", (double)fmaf(vf[2], 10.0f, -1.0f));
    printf("(int)2.9=%d (int)-2.9=%d lrint(2.5)=%ld lrint(3.5)=%ld llround(-2.5)=%lld\n",
           (int)(vd[0] * 2.9), (int)(-vd[0] * 2.9), lrint(2.5 * vd[0]), lrint(3.5 * vd[0]),
           llround(-2.5 * vd[0]));
    printf("(long)1e300=%ld (unsigned)-1.0=%u (int)nan=%d\n", (long)(vd[3] * 1e-8),
           (unsigned)(-vd[0] + 0.5), (int)(vd[6] / vd[6]));
    printf("fmin=%g fmax=%g fmin(nan,1)=%g\n", fmin(vd[0], vd[5]), fmax(vd[0], vd[5]),
           fmin(NAN, vd[0]));
    printf("float->double %a, double->float %a, denorm %a\n", (double)vf[2], (double)(float)vd[2],
           (double)vf[4]);
    printf("sin(1)=%.17g cos(1)=%.17g exp(1)=%.17g log(10)=%.17g\n", sin(vd[0]), cos(vd[0]),
           exp(vd[0]), log(10 * vd[0]));
    printf("pow(2,0.5)=%.17g atan2(1,-1)=%.17g tanh(0.5)=%.17g cbrt(27)=%.17g\n",
           pow(2.0, 0.5 * vd[0]), atan2(vd[0], -vd[0]), tanh(0.5 * vd[0]), cbrt(27 * vd[0]));
    printf("floor=%g ceil=%g trunc=%g round=%g nearbyint=%g\n", floor(-vd[5]), ceil(vd[5]),
           trunc(vd[5]), round(vd[5]), nearbyint(vd[5]));
    {
        double acc = 0;

        for (int i = 1; i <= 100000; i++)
            acc += 1.0 / ((double)i * i);
        printf("basel sum=%.17g\n", acc);
    }
    printf("FLT_EPSILON=%a DBL_MIN=%a\n", (double)FLT_EPSILON, DBL_MIN);
    return 0;
}
