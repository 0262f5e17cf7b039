/* tests/guest/linux/illegal.c - executes an illegal instruction; the run
 * must stop with "illegal instruction", the word and the pc. */
#include <stdio.h>

int main(void)
{
    printf("before\n");
    fflush(stdout);
    __asm__ volatile(".word 0xffffffff");
    return 0;
}
