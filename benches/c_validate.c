/*
 * The C face of the end-to-end benchmark (benches/run.sh): validates one file
 * through libdtks (dtks_bulk_run_file) and prints "read valid invalid".
 *
 *   c_validate FILE AS_OF [THREADS]
 */
#include "dtks.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: c_validate FILE AS_OF [THREADS]\n");
        return 2;
    }
    dtks_bulk_options *o = NULL;
    if (dtks_bulk_options_new(&o) != DTKS_OK) return 2;
    if (dtks_bulk_options_set(o, "as_of", argv[2]) != DTKS_OK ||
        (argc > 3 && dtks_bulk_options_set(o, "threads", argv[3]) != DTKS_OK)) {
        fprintf(stderr, "option: %s\n", dtks_last_error_message(DTKS_LANG_EN));
        dtks_bulk_options_free(o);
        return 2;
    }
    dtks_bulk_report *r = NULL;
    dtks_status s = dtks_bulk_run_file(argv[1], o, &r);
    dtks_bulk_options_free(o);
    if (s != DTKS_OK) {
        fprintf(stderr, "%s: %s\n", dtks_status_name(s), dtks_last_error_message(DTKS_LANG_EN));
        return 2;
    }
    dtks_bulk_counts c = {0};
    c.size = sizeof c;
    dtks_bulk_report_counts(r, &c);
    printf("%llu %llu %llu\n", (unsigned long long)c.rows_read, (unsigned long long)c.rows_valid,
           (unsigned long long)c.rows_invalid);
    dtks_bulk_report_free(r);
    return 0;
}
