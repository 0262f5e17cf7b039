/* tests/guest/linux/segv.c - dereferences a null pointer; with no signal
 * handler the run must stop with the fault, the address and the pc. */
#include <stdio.h>

int main(int argc, char **argv)
{
    volatile int *p = (volatile int *)(long)(argc - 1);

    printf("before\n");
    fflush(stdout);
    return *p;
}
