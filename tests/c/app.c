/*
 * The smallest host: built after `make install` with
 *     cc app.c $(pkg-config --cflags --libs dtks)
 * (docs/c-api.md). Decodes the NIKs given as arguments.
 */
#include <dtks.h>
#include <stdio.h>

int main(int argc, char **argv) {
    int bad = 0;
    printf("dtks %s\n", dtks_version());
    for (int i = 1; i < argc; i++) {
        dtks_nik *nik = NULL;
        if (dtks_nik_parse(argv[i], true, &nik) != DTKS_OK) {
            /* The message never shows the digits. */
            printf("invalid: %s: %s\n", dtks_last_error_code(),
                   dtks_last_error_message(DTKS_LANG_EN));
            bad++;
            continue;
        }
        dtks_nik_details info = {.size = sizeof info};
        char *masked = NULL;
        if (dtks_nik_decode_details(nik, "2026-01-01", &info) == DTKS_OK &&
            dtks_nik_masked(nik, &masked) == DTKS_OK) {
            printf("%s: %s, born %04d-%02d-%02d, district %02u.%02u.%02u\n", masked,
                   info.sex == DTKS_SEX_FEMALE ? "female" : "male", info.birth_year,
                   info.birth_month, info.birth_day, info.province, info.regency, info.district);
        }
        dtks_string_free(masked);
        dtks_nik_free(nik);
    }
    return bad == 0 ? 0 : 1;
}
