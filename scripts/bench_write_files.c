/* The physical reference for scripts/bench.sh: writes COUNT files of BYTES bytes each into DIR (as a store SCP
 * would: create, write in 256 KiB pieces, close), then, with "syncfs", makes them all durable with one syncfs(2).
 * Prints the same key=value line as assocmon-load (rate in MB/s, 10^6 bytes).
 *
 *   cc -O2 -o write-files scripts/bench_write_files.c && ./write-files DIR COUNT BYTES [syncfs]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s DIR COUNT BYTES [syncfs]\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    long count = atol(argv[2]), bytes = atol(argv[3]);
    int flush = argc > 4 && strcmp(argv[4], "syncfs") == 0;
    enum { piece = 256 * 1024 };
    static char buffer[piece];
    for (int i = 0; i < piece; i++) buffer[i] = (char)(i * 31 + 7);
    char path[4096];
    double start = now();
    for (long n = 0; n < count; n++) {
        snprintf(path, sizeof path, "%s/%ld.dcm", dir, n);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) { perror(path); return 1; }
        for (long left = bytes; left > 0;) {
            ssize_t w = write(fd, buffer, left < piece ? left : piece);
            if (w <= 0) { perror("write"); return 1; }
            left -= w;
        }
        close(fd);
    }
    if (flush) {
        int d = open(dir, O_RDONLY | O_DIRECTORY);
        if (d < 0 || syncfs(d) != 0) { perror("syncfs"); return 1; }
        close(d);
    }
    double seconds = now() - start;
    printf("mode=write-files count=%ld dataset_bytes=%ld syncfs=%d seconds=%.3f rate=%.1f unit=MB/s\n", count, bytes,
           flush, seconds, count * (double)bytes / seconds / 1e6);
    return 0;
}
