/*
 * ns per NIK parse through the C ABI, measured from C against the shared
 * library (the Rust-side figures are `cargo bench -p dtks-ffi --bench ffi`).
 *   bench_nik [iterations]
 */
#define _POSIX_C_SOURCE 199309L
#include "dtks.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 2000000;
    long bad = 0;
    /* warm-up */
    for (long i = 0; i < n / 10; i++) {
        dtks_nik *nik = NULL;
        if (dtks_nik_parse("3171014101900001", false, &nik) != DTKS_OK) bad++;
        dtks_nik_free(nik);
    }
    double t0 = now();
    for (long i = 0; i < n; i++) {
        dtks_nik *nik = NULL;
        if (dtks_nik_parse("3171014101900001", false, &nik) != DTKS_OK) bad++;
        dtks_nik_free(nik);
    }
    double t1 = now();
    for (long i = 0; i < n; i++) {
        dtks_nik *nik = NULL;
        if (dtks_nik_parse("3171014101900000", false, &nik) != DTKS_INVALID_INPUT) bad++;
    }
    double t2 = now();
    printf("C -> dtks_nik_parse + dtks_nik_free (valid): %.1f ns/call\n", (t1 - t0) / (double)n);
    printf("C -> dtks_nik_parse (invalid, sets last error): %.1f ns/call\n", (t2 - t1) / (double)n);
    return bad == 0 ? 0 : 1;
}
