/* tests/guest/linux/badsys.c - makes a system call the model does not
 * emulate (socket); the run must stop naming it, its number and the pc. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    printf("before\n");
    fflush(stdout);
    syscall(SYS_socket, 2, 1, 0);
    printf("after\n");
    return 0;
}
