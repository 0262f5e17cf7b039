/* tests/guest/linux/hello.c - the bundled default workload: greets, echoes
 * its arguments, exits 0. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("Hello from RISC-V!\n");
    for (int i = 1; i < argc; i++)
        printf("argv[%d] = %s\n", i, argv[i]);
    return 0;
}
