/* A minimal test harness for the C tests of dtks (test-only). */
#ifndef DTKS_TEST_CHECK_H
#define DTKS_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int checks_passed = 0;
static int checks_failed = 0;

#define CHECK(cond, ...)                                                      \
    do {                                                                      \
        if (cond) {                                                           \
            checks_passed++;                                                  \
        } else {                                                              \
            checks_failed++;                                                  \
            fprintf(stderr, "not ok %s:%d: ", __FILE__, __LINE__);            \
            fprintf(stderr, __VA_ARGS__);                                     \
            fprintf(stderr, "\n");                                            \
        }                                                                     \
    } while (0)

/* Two strings equal (NULL equals only NULL). */
static int str_eq(const char *a, const char *b) {
    if (a == NULL || b == NULL) return a == b;
    return strcmp(a, b) == 0;
}

/* The last line every test program prints; run.sh adds them up. */
static int checks_report(const char *program) {
    printf("%s: %d passed, %d failed\n", program, checks_passed, checks_failed);
    printf("RESULT %d %d\n", checks_passed, checks_failed);
    return checks_failed == 0 ? 0 : 1;
}

#endif
