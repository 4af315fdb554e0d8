// Times the reference C H3 library on the same inputs as pocmap's Swift benchmark
// (SplitMix64 seed 42, points uniform on the sphere, in radians), so BENCHMARKS.md can
// show a ratio measured on one machine in one session. Built by Benchmarks/Reference/run.sh.
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

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
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
        double t0 = now();
        for (int i = 0; i < n; i++) { latLngToCell(&pts[i], resolutions[r], &cells[i]); }
        double t1 = now();
        for (int i = 0; i < n; i++) sink += cells[i];
        printf("c latLngToCell res %d: %.1f ns/op\n", resolutions[r], (t1 - t0) / n * 1e9);
    }
    for (int i = 0; i < n; i++) latLngToCell(&pts[i], 12, &cells[i]);
    double t0 = now();
    LatLng c;
    for (int i = 0; i < n; i++) { cellToLatLng(cells[i], &c); sink += (uint64_t)(c.lat * 1e9); }
    double t1 = now();
    printf("c cellToLatLng res 12: %.1f ns/op\n", (t1 - t0) / n * 1e9);
    CellBoundary b;
    t0 = now();
    for (int i = 0; i < n; i++) { cellToBoundary(cells[i], &b); sink += b.numVerts; }
    t1 = now();
    printf("c cellToBoundary res 12: %.1f ns/op\n", (t1 - t0) / n * 1e9);
    H3Index disk[7];
    int m = n / 10;
    t0 = now();
    for (int i = 0; i < m; i++) { gridDisk(cells[i], 1, disk); sink += disk[3]; }
    t1 = now();
    printf("c gridDisk k=1 res 12: %.1f ns/op\n", (t1 - t0) / m * 1e9);
    H3Index p;
    t0 = now();
    for (int i = 0; i < n; i++) { cellToParent(cells[i], 8, &p); sink += p; }
    t1 = now();
    printf("c cellToParent 12->8: %.1f ns/op\n", (t1 - t0) / n * 1e9);
    fprintf(stderr, "sink %llu\n", (unsigned long long)sink);
    return 0;
}
