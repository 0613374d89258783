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
    /* A column of n NIKs in one call (dtks_nik_decode_column): distinct
       valid NIKs of one district, every 50th with serial 0000. */
    char *text = malloc((size_t)n * 17);
    const char **values = malloc((size_t)n * sizeof *values);
    dtks_nik_info *info = malloc((size_t)n * sizeof *info);
    const char **codes = malloc((size_t)n * sizeof *codes);
    if (!text || !values || !info || !codes) return 2;
    for (long i = 0; i < n; i++) {
        snprintf(text + i * 17, 17, "31710141019%05ld", i % 50 == 0 ? 0L : 1 + i % 9999);
        values[i] = text + i * 17;
    }
    double t3 = now();
    if (dtks_nik_decode_column(values, (size_t)n, "2026-01-01", false, info, codes) != DTKS_OK) bad++;
    double t4 = now();
    long invalid = 0;
    for (long i = 0; i < n; i++) invalid += codes[i] != NULL;
    printf("C -> dtks_nik_decode_column: %ld NIKs in %.3f s (%.1f ns/NIK, %ld invalid)\n", n,
           (t4 - t3) / 1e9, (t4 - t3) / (double)n, invalid);
    free(text);
    free(values);
    free(info);
    free(codes);
    return bad == 0 ? 0 : 1;
}
