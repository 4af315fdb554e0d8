// Times the reference C H3 library on the same inputs as pocmap's Swift benchmark
// (SplitMix64 seed 42, points uniform on the sphere, in radians), so BENCHMARKS.md can
// show a ratio measured on one machine in one session. Built by Benchmarks/Reference/run.sh.
// Every figure is printed twice: wall clock (CLOCK_MONOTONIC) and the process's CPU time
// (CLOCK_PROCESS_CPUTIME_ID), which leaves out time spent waiting for a core on a shared machine
// and so compares with the Swift suite's "Time (total CPU)" row.
#include <h3api.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t state;
static uint64_t next(void) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static double unit(void) { return (double)(next() >> 11) * 0x1.0p-53; }

static double clockSeconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* A wall-clock and CPU-time stopwatch. */
typedef struct { double wall, cpu; } Stamp;
static Stamp now(void) {
    Stamp s = {clockSeconds(CLOCK_MONOTONIC), clockSeconds(CLOCK_PROCESS_CPUTIME_ID)};
    return s;
}
static void report(const char *what, Stamp t0, Stamp t1, int n) {
    printf("c %s: %.1f ns/op wall, %.1f ns/op cpu\n", what, (t1.wall - t0.wall) / n * 1e9,
           (t1.cpu - t0.cpu) / n * 1e9);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 10000000;
    LatLng *pts = malloc(sizeof(LatLng) * n);
    H3Index *cells = malloc(sizeof(H3Index) * n);
    state = 42;
    for (int i = 0; i < n; i++) {
        pts[i].lat = asin(2.0 * unit() - 1.0);
        pts[i].lng = (360.0 * unit() - 180.0) * (M_PI / 180.0);
    }
    uint64_t sink = 0;
    int resolutions[] = {0, 5, 8, 12, 15};
    for (int r = 0; r < 5; r++) {
        Stamp t0 = now();
        for (int i = 0; i < n; i++) { latLngToCell(&pts[i], resolutions[r], &cells[i]); }
        Stamp t1 = now();
        for (int i = 0; i < n; i++) sink += cells[i];
        char what[64];
        snprintf(what, sizeof what, "latLngToCell res %d", resolutions[r]);
        report(what, t0, t1, n);
    }
    for (int i = 0; i < n; i++) latLngToCell(&pts[i], 12, &cells[i]);
    Stamp t0 = now();
    LatLng c;
    for (int i = 0; i < n; i++) { cellToLatLng(cells[i], &c); sink += (uint64_t)(c.lat * 1e9); }
    Stamp t1 = now();
    report("cellToLatLng res 12", t0, t1, n);
    CellBoundary b;
    t0 = now();
    for (int i = 0; i < n; i++) { cellToBoundary(cells[i], &b); sink += b.numVerts; }
    t1 = now();
    report("cellToBoundary res 12", t0, t1, n);
    H3Index disk[7];
    int m = n / 10;
    t0 = now();
    for (int i = 0; i < m; i++) { gridDisk(cells[i], 1, disk); sink += disk[3]; }
    t1 = now();
    report("gridDisk k=1 res 12", t0, t1, m);
    H3Index p;
    t0 = now();
    for (int i = 0; i < n; i++) { cellToParent(cells[i], 8, &p); sink += p; }
    t1 = now();
    report("cellToParent 12->8", t0, t1, n);
    fprintf(stderr, "sink %llu\n", (unsigned long long)sink);
    return 0;
}
