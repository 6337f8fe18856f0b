/*
 * pipe_pingpong - the floor for a request/response round trip between two processes over pipes,
 * which is what the manager <-> executor protocol does per task.
 *
 *   pipe_pingpong <frame bytes> <round trips>
 *
 * Forks; the parent writes a frame of <frame bytes> bytes to the child over one pipe, the child
 * reads all of it and writes the same number of bytes back over a second pipe; repeated for
 * <round trips> timed round trips (after a short untimed warm-up). Prints one line of key=value
 * pairs: frame_bytes, round_trips, p50_us, p95_us, p99_us, avg_us, max_us. Exit status 0 on
 * success, 2 on bad arguments, 1 on a system call failure.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int read_fully(int fd, unsigned char *buffer, size_t length) {
    size_t done = 0;
    while (done < length) {
        ssize_t n = read(fd, buffer + done, length - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

static int write_fully(int fd, const unsigned char *buffer, size_t length) {
    size_t done = 0;
    while (done < length) {
        ssize_t n = write(fd, buffer + done, length - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

static int compare_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a;
    uint64_t y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int parse_positive(const char *text, long max, long *out) {
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < 1 || value > max) {
        return -1;
    }
    *out = value;
    return 0;
}

int main(int argc, char **argv) {
    long frame_bytes;
    long round_trips;
    if (argc != 3 || parse_positive(argv[1], 1L << 30, &frame_bytes) != 0
        || parse_positive(argv[2], 100000000L, &round_trips) != 0) {
        fprintf(stderr, "usage: %s <frame bytes 1..2^30> <round trips 1..10^8>\n", argv[0]);
        return 2;
    }
    long warmup = round_trips / 10 < 1000 ? round_trips / 10 : 1000;
    unsigned char *frame = malloc((size_t)frame_bytes);
    uint64_t *latencies = malloc(sizeof(uint64_t) * (size_t)round_trips);
    int to_child[2];
    int to_parent[2];
    if (frame == NULL || latencies == NULL || pipe(to_child) != 0 || pipe(to_parent) != 0) {
        perror("pipe_pingpong: set-up");
        return 1;
    }
    memset(frame, 0x5a, (size_t)frame_bytes);
    pid_t child = fork();
    if (child < 0) {
        perror("pipe_pingpong: fork");
        return 1;
    }
    if (child == 0) {
        close(to_child[1]);
        close(to_parent[0]);
        for (long i = 0; i < warmup + round_trips; i++) {
            if (read_fully(to_child[0], frame, (size_t)frame_bytes) != 0
                || write_fully(to_parent[1], frame, (size_t)frame_bytes) != 0) {
                _exit(1);
            }
        }
        _exit(0);
    }
    close(to_child[0]);
    close(to_parent[1]);
    for (long i = 0; i < warmup + round_trips; i++) {
        uint64_t start = now_ns();
        if (write_fully(to_child[1], frame, (size_t)frame_bytes) != 0
            || read_fully(to_parent[0], frame, (size_t)frame_bytes) != 0) {
            perror("pipe_pingpong: round trip");
            kill(child, SIGKILL);
            waitpid(child, NULL, 0);
            return 1;
        }
        if (i >= warmup) {
            latencies[i - warmup] = now_ns() - start;
        }
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "pipe_pingpong: the child failed (status %d)\n", status);
        return 1;
    }
    uint64_t total = 0;
    for (long i = 0; i < round_trips; i++) {
        total += latencies[i];
    }
    qsort(latencies, (size_t)round_trips, sizeof(uint64_t), compare_u64);
#define PCT(p) (latencies[(size_t)(((double)(p) / 100.0) * (double)(round_trips - 1))] / 1000.0)
    printf("frame_bytes=%ld round_trips=%ld p50_us=%.2f p95_us=%.2f p99_us=%.2f avg_us=%.2f "
           "max_us=%.2f\n",
           frame_bytes, round_trips, PCT(50), PCT(95), PCT(99),
           (double)total / (double)round_trips / 1000.0, latencies[round_trips - 1] / 1000.0);
    free(latencies);
    free(frame);
    return 0;
}
