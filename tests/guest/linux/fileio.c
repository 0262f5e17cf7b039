/* tests/guest/linux/fileio.c - file I/O inside a sandbox directory given as
 * argv[1]: create, write with stdio and write(2), stat, seek, read back,
 * append, rename, list the directory, unlink. With a second argument
 * `--outside`, also tries to open /etc/passwd and to make a directory
 * /dev/null, which the sandbox must deny (qemu-user has no sandbox, so the
 * comparison with it leaves this out). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char a[512], b[512], line[128];
    struct stat st;
    FILE *f;
    int fd, n = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: fileio DIR\n");
        return 2;
    }
    snprintf(a, sizeof a, "%s/fileio_a.txt", argv[1]);
    snprintf(b, sizeof b, "%s/fileio_b.txt", argv[1]);
    f = fopen(a, "w");
    if (!f) {
        perror("fopen");
        return 1;
    }
    for (int i = 0; i < 100; i++)
        fprintf(f, "line %03d: %d\n", i, i * i);
    fclose(f);
    if (stat(a, &st) != 0)
        return 3;
    printf("size after write: %lld\n", (long long)st.st_size);
    fd = open(a, O_RDWR);
    lseek(fd, 5, SEEK_SET);
    if (write(fd, "XYZ", 3) != 3)
        return 4;
    lseek(fd, 0, SEEK_SET);
    n = (int)read(fd, line, 20);
    line[n] = 0;
    printf("read %d: %s", n, line);
    printf("\n");
    close(fd);
    f = fopen(a, "a");
    fputs("appended\n", f);
    fclose(f);
    if (rename(a, b) != 0)
        return 5;
    f = fopen(b, "r");
    n = 0;
    while (fgets(line, sizeof line, f))
        n++;
    printf("lines: %d, last: %s", n, line);
    fclose(f);
    {
        DIR *d = opendir(argv[1]);
        struct dirent *e;
        int found = 0;

        while (d && (e = readdir(d)))
            if (!strcmp(e->d_name, "fileio_b.txt"))
                found = 1;
        if (d)
            closedir(d);
        printf("listed: %d\n", found);
    }
    unlink(b);
    printf("exists after unlink: %d\n", access(b, F_OK) == 0);
    if (argc > 2 && !strcmp(argv[2], "--outside")) {
        fd = open("/etc/passwd", O_RDONLY);
        printf("outside sandbox: %s\n", fd < 0 ? "denied" : "OPENED");
        snprintf(a, sizeof a, "%s/../fileio_escape.txt", argv[1]);
        fd = open(a, O_WRONLY | O_CREAT, 0644);
        printf("escape with ..: %s\n", fd < 0 ? "denied" : "OPENED");
        /* /dev/null is open to all, but its entry must not change (unlink
         * removed the host's); mkdir shows it without harm either way */
        n = mkdir("/dev/null", 0755);
        printf("mkdir /dev/null: %s\n", n < 0 && errno == EACCES ? "denied" : strerror(errno));
    }
    return 0;
}
