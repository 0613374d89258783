/*
 * Every function of include/dtks.h, every error path (NULL, non-UTF-8,
 * invalid input, malformed arguments, free(NULL)) and a multi-threaded use.
 * Expected values come from the rules (docs/domain/identity.md: NIK layout, day + 40 for
 * women; the Kemendagri table: 31.71.01.1001 is Gambir, a kelurahan), not
 * from the library's output.
 */
#include "dtks.h"
#include "check.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define AS_OF "2026-01-01"

/* A household where every rule holds (tests/conformance/household.json). */
static const char *HOUSEHOLD_OK =
    "{\"id\":\"RT-0001\",\"address\":{\"village_code\":\"31.71.01.1001\",\"rt\":\"001\","
    "\"rw\":\"002\",\"street\":\"Jl. Contoh 1\"},\"families\":[{\"kk\":\"3171011503150007\","
    "\"members\":[{\"nik\":\"3171011708800001\",\"name\":\"Budi Santoso\",\"birth_date\":"
    "\"1980-08-17\",\"sex\":\"male\",\"relationship\":\"head\",\"marital_status\":\"married\"},"
    "{\"nik\":\"3171014503820002\",\"name\":\"Sri Wahyuni\",\"birth_date\":\"1982-03-05\","
    "\"sex\":\"female\",\"relationship\":\"spouse\",\"marital_status\":\"married\"},"
    "{\"nik\":\"3171011206100003\",\"name\":\"Agus\",\"birth_date\":\"2010-06-12\",\"sex\":"
    "\"male\",\"relationship\":\"child\",\"marital_status\":\"never_married\",\"schooling\":"
    "\"junior_secondary\"}]}],\"housing\":{\"floor_area\":36,\"floor\":\"cement\",\"wall\":"
    "\"plastered_brick\",\"roof\":\"zinc\",\"water\":\"piped\",\"lighting\":\"pln_900\","
    "\"cooking_fuel\":\"lpg_3kg\",\"toilet\":\"own\",\"tenure\":\"own\"},\"income_monthly\":"
    "1500000,\"desil\":2,\"registered\":true}";

/* Not UTF-8: 0xFF can never start a character. */
static const char BAD_UTF8[] = {'3', '1', (char)0xff, '1', 0};

static void expect_fail(dtks_status got, dtks_status want, const char *code, const char *what) {
    CHECK(got == want, "%s: status %s, want %s", what, dtks_status_name(got), dtks_status_name(want));
    CHECK(str_eq(dtks_last_error_code(), code), "%s: last error code %s, want %s", what,
          dtks_last_error_code() ? dtks_last_error_code() : "(null)", code);
    const char *id = dtks_last_error_message(DTKS_LANG_ID);
    const char *en = dtks_last_error_message(DTKS_LANG_EN);
    CHECK(id != NULL && en != NULL && strlen(id) > 0 && strlen(en) > 0 && strcmp(id, en) != 0,
          "%s: messages in id and en", what);
}

static void test_version(void) {
    CHECK(str_eq(dtks_version(), DTKS_VERSION_STRING), "dtks_version() = header version");
    char buf[32];
    snprintf(buf, sizeof buf, "%d.%d.%d", DTKS_VERSION_MAJOR, DTKS_VERSION_MINOR,
             DTKS_VERSION_PATCH);
    CHECK(str_eq(buf, DTKS_VERSION_STRING), "version macros agree");
    CHECK(str_eq(dtks_status_name(DTKS_OK), "DTKS_OK"), "status name OK");
    CHECK(str_eq(dtks_status_name(DTKS_PANIC), "DTKS_PANIC"), "status name PANIC");
    CHECK(str_eq(dtks_status_name(-3), "DTKS_UNKNOWN_STATUS"), "status name of a non-status");
}

/* Issue 17: a column of NIKs in one call, each judged as dtks_nik_parse
 * judges one (docs/domain/identity.md: day + 40 for women; serial 0000 is
 * never issued; a NULL or non-UTF-8 entry is named, not a crash). */
static void test_nik_column(void) {
    const char *values[] = {"3171014101900001", "123", NULL, "\xff\xfe", "3171 0141 0190 0001",
                            "3171014101900000", "9971014101900001"};
    size_t n = sizeof values / sizeof values[0];
    dtks_nik_info info[7];
    const char *codes[7];
    memset(info, 0xAB, sizeof info);
    CHECK(dtks_nik_decode_column(values, n, AS_OF, false, info, codes) == DTKS_OK, "column");
    CHECK(codes[0] == NULL && info[0].province == 31 && info[0].regency == 71 &&
              info[0].district == 1 && info[0].sex == DTKS_SEX_FEMALE &&
              info[0].birth_year == 1990 && info[0].serial == 1,
          "a valid NIK's fields");
    CHECK(str_eq(codes[1], "NIK_LENGTH") && info[1].province == 0, "too short: %s",
          codes[1] ? codes[1] : "(null)");
    CHECK(str_eq(codes[2], "NULL_POINTER"), "a NULL entry");
    CHECK(str_eq(codes[3], "INVALID_UTF8"), "a non-UTF-8 entry");
    CHECK(str_eq(codes[4], "NIK_NON_DIGIT"), "spaced, strict: %s", codes[4] ? codes[4] : "(null)");
    CHECK(str_eq(codes[5], "NIK_SERIAL_ZERO"), "serial 0000");
    CHECK(str_eq(codes[6], "NIK_PROVINCE_UNKNOWN"), "province 99");
    /* Lenient: the spaced NIK is read; the same static code strings again. */
    const char *again = codes[1];
    CHECK(dtks_nik_decode_column(values, n, AS_OF, true, info, codes) == DTKS_OK, "lenient");
    CHECK(codes[4] == NULL && info[4].serial == 1, "spaced, lenient");
    CHECK(codes[1] == again, "code strings are static");
    /* Empty, and misuse. */
    CHECK(dtks_nik_decode_column(NULL, 0, AS_OF, false, NULL, NULL) == DTKS_OK, "empty column");
    expect_fail(dtks_nik_decode_column(NULL, 2, AS_OF, false, info, codes), DTKS_NULL_POINTER,
                "NULL_POINTER", "values NULL");
    expect_fail(dtks_nik_decode_column(values, n, "24/11/2026", false, info, codes),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "as_of malformed");
}

/* KK numbers likewise, judged on as_of as household validation judges a
 * card (docs/domain/identity.md: DDMMYY is the recording date). */
static void test_kk_column(void) {
    const char *values[] = {"3171011503150007", "3171013012260007", "12"};
    dtks_kk_info info[3];
    const char *codes[3];
    CHECK(dtks_kk_decode_column(values, 3, AS_OF, false, info, codes) == DTKS_OK, "kk column");
    CHECK(codes[0] == NULL && info[0].province == 31 && info[0].recorded_year == 2015 &&
              info[0].recorded_month == 3 && info[0].recorded_day == 15 && info[0].serial == 7,
          "a valid KK's fields");
    CHECK(str_eq(codes[1], "KK_ISSUED_FUTURE"), "recorded 2026-12-30, after as_of: %s",
          codes[1] ? codes[1] : "(null)");
    CHECK(str_eq(codes[2], "KK_LENGTH"), "too short");
}

static void test_nik(void) {
    dtks_nik *nik = NULL;
    CHECK(dtks_nik_parse("3171014101900001", false, &nik) == DTKS_OK && nik, "parse NIK");
    CHECK(dtks_last_error_code() == NULL, "no last error after success");
    CHECK(dtks_last_error_message(DTKS_LANG_EN) == NULL, "no message after success");
    dtks_nik_info info;
    memset(&info, 0xAB, sizeof info);
    CHECK(dtks_nik_decode(nik, AS_OF, &info) == DTKS_OK, "nik info");
    CHECK(info.province == 31 && info.regency == 71 && info.district == 1, "region digits");
    CHECK(info.sex == DTKS_SEX_FEMALE, "day 41 is a woman");
    CHECK(info.birth_year == 1990 && info.birth_month == 1 && info.birth_day == 1,
          "born 1990-01-01, got %d-%d-%d", info.birth_year, info.birth_month, info.birth_day);
    CHECK(info.serial == 1 && !info.region_retired, "serial, current region");
    /* The century follows as_of (the later of 19YY/20YY not after as_of): seen from
       2095 the date is 2090-01-01; seen from 1989 neither century has happened yet -> 0. */
    CHECK(dtks_nik_decode(nik, "2095-01-01", &info) == DTKS_OK && info.birth_year == 2090,
          "century resolved against as_of (got %d)", info.birth_year);
    CHECK(dtks_nik_decode(nik, "1989-06-01", &info) == DTKS_OK && info.birth_year == 0,
          "no possible century gives 0 (got %d)", info.birth_year);

    char *masked = NULL, *raw = NULL;
    CHECK(dtks_nik_masked(nik, &masked) == DTKS_OK, "masked");
    CHECK(str_eq(masked, "3171\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80"
                         "\xa2\xe2\x80\xa2\xe2\x80\xa2" "0001"),
          "masked form: %s", masked ? masked : "(null)");
    CHECK(dtks_nik_raw(nik, &raw) == DTKS_OK && str_eq(raw, "3171014101900001"), "raw on request");
    dtks_string_free(masked);
    dtks_string_free(raw);
    dtks_nik_free(nik);

    /* A man: day 17, no +40. Lenient parse of a spaced NIK. */
    nik = NULL;
    CHECK(dtks_nik_parse(" 3171 0117 0880 0001 ", true, &nik) == DTKS_OK, "lenient parse");
    CHECK(dtks_nik_decode(nik, AS_OF, &info) == DTKS_OK && info.sex == DTKS_SEX_MALE &&
              info.birth_year == 1980 && info.birth_month == 8 && info.birth_day == 17,
          "lenient fields");
    dtks_nik_free(nik);
    /* Strict parse refuses the spaces. */
    nik = (dtks_nik *)0x1;
    expect_fail(dtks_nik_parse("3171 0117 0880 0001", false, &nik), DTKS_INVALID_INPUT,
                "NIK_NON_DIGIT", "strict parse of a spaced NIK");
    CHECK(nik == (dtks_nik *)0x1, "out untouched on failure");

    /* One code per defect (docs/domain/identity.md check order). */
    struct { const char *in; const char *code; } bad[] = {
        {"317101410190001", "NIK_DIGITS_LOST"},        /* 15 digits */
        {"31710141019000012", "NIK_LENGTH"},           /* 17 digits */
        {"3.17101E+15", "NIK_SCIENTIFIC_NOTATION"},
        {"0071014101900001", "NIK_PROVINCE_UNKNOWN"},
        {"3171017104900001", "NIK_DATE_INVALID"},      /* woman, 31 April */
        {"3171014101900000", "NIK_SERIAL_ZERO"},
        {"", "NIK_LENGTH"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nik = NULL;
        expect_fail(dtks_nik_parse(bad[i].in, false, &nik), DTKS_INVALID_INPUT, bad[i].code,
                    bad[i].in);
        CHECK(nik == NULL, "no handle for %s", bad[i].in);
    }
    /* The message never shows the digits. */
    dtks_nik_parse("3171014101900000", false, &nik);
    CHECK(strstr(dtks_last_error_message(DTKS_LANG_EN), "3171014101900000") == NULL &&
              strstr(dtks_last_error_message(DTKS_LANG_ID), "3171014101900000") == NULL,
          "messages masked");
    CHECK(dtks_last_error_message(7) == NULL, "unknown language gives NULL");

    /* Call errors. */
    expect_fail(dtks_nik_parse(NULL, false, &nik), DTKS_NULL_POINTER, "NULL_POINTER", "NULL input");
    expect_fail(dtks_nik_parse("3171014101900001", false, NULL), DTKS_NULL_POINTER,
                "NULL_POINTER", "NULL out");
    expect_fail(dtks_nik_parse(BAD_UTF8, false, &nik), DTKS_INVALID_UTF8, "INVALID_UTF8",
                "non-UTF-8 input");
    expect_fail(dtks_nik_decode(NULL, AS_OF, &info), DTKS_NULL_POINTER, "NULL_POINTER", "info NULL nik");
    dtks_nik_parse("3171014101900001", false, &nik);
    expect_fail(dtks_nik_decode(nik, NULL, &info), DTKS_NULL_POINTER, "NULL_POINTER", "info NULL as_of");
    expect_fail(dtks_nik_decode(nik, "01/01/2026", &info), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "info malformed as_of");
    expect_fail(dtks_nik_decode(nik, AS_OF, NULL), DTKS_NULL_POINTER, "NULL_POINTER", "info NULL out");
    expect_fail(dtks_nik_decode(nik, BAD_UTF8, &info), DTKS_INVALID_UTF8, "INVALID_UTF8",
                "info non-UTF-8 as_of");
    expect_fail(dtks_nik_masked(NULL, &masked), DTKS_NULL_POINTER, "NULL_POINTER", "masked NULL");
    expect_fail(dtks_nik_masked(nik, NULL), DTKS_NULL_POINTER, "NULL_POINTER", "masked NULL out");
    expect_fail(dtks_nik_raw(NULL, &raw), DTKS_NULL_POINTER, "NULL_POINTER", "raw NULL");
    expect_fail(dtks_nik_raw(nik, NULL), DTKS_NULL_POINTER, "NULL_POINTER", "raw NULL out");
    dtks_nik_free(nik);

    /* JSON answer: an invalid NIK is an answer, not a failure. */
    char *json = NULL;
    CHECK(dtks_nik_decode_json("3171014101900001", false, AS_OF, &json) == DTKS_OK && json,
          "decode json");
    CHECK(json && strstr(json, "\"valid\":true") && strstr(json, "\"sex\":\"female\"") &&
              strstr(json, "\"birth_date\":\"1990-01-01\"") &&
              !strstr(json, "3171014101900001"),
          "decode json content: %s", json ? json : "(null)");
    dtks_string_free(json);
    json = NULL;
    CHECK(dtks_nik_decode_json("123", false, AS_OF, &json) == DTKS_OK && json &&
              strstr(json, "\"valid\":false") && strstr(json, "\"code\":\"NIK_LENGTH\""),
          "decode json of an invalid NIK");
    dtks_string_free(json);
    expect_fail(dtks_nik_decode_json(NULL, false, AS_OF, &json), DTKS_NULL_POINTER,
                "NULL_POINTER", "decode json NULL input");
    expect_fail(dtks_nik_decode_json("1", false, NULL, &json), DTKS_NULL_POINTER, "NULL_POINTER",
                "decode json NULL as_of");
    expect_fail(dtks_nik_decode_json("1", false, "2026-13-01", &json), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "decode json bad as_of");
    expect_fail(dtks_nik_decode_json("1", false, AS_OF, NULL), DTKS_NULL_POINTER, "NULL_POINTER",
                "decode json NULL out");
    expect_fail(dtks_nik_decode_json(BAD_UTF8, false, AS_OF, &json), DTKS_INVALID_UTF8,
                "INVALID_UTF8", "decode json non-UTF-8");
}

static void test_kk(void) {
    dtks_kk *kk = NULL;
    CHECK(dtks_kk_parse("3171011503150007", false, &kk) == DTKS_OK && kk, "parse KK");
    dtks_kk_info info;
    CHECK(dtks_kk_decode(kk, AS_OF, &info) == DTKS_OK, "kk info");
    CHECK(info.province == 31 && info.regency == 71 && info.district == 1 && info.serial == 7,
          "kk digits");
    CHECK(info.recorded_year == 2015 && info.recorded_month == 3 && info.recorded_day == 15 &&
              !info.recorded_after_as_of && !info.region_retired,
          "recorded 2015-03-15");
    /* The century is resolved on the year (docs/domain/identity.md §6 case 37): checked the day before,
       the card dated 15-03-15 is recorded in the future. */
    CHECK(dtks_kk_decode(kk, "2015-03-14", &info) == DTKS_OK && info.recorded_year == 2015 &&
              info.recorded_after_as_of,
          "recorded after as_of");
    char *s = NULL;
    CHECK(dtks_kk_masked(kk, &s) == DTKS_OK && s && strncmp(s, "3171", 4) == 0 &&
              strstr(s, "0007") && !strstr(s, "3171011503150007"),
          "kk masked");
    dtks_string_free(s);
    s = NULL;
    CHECK(dtks_kk_raw(kk, &s) == DTKS_OK && str_eq(s, "3171011503150007"), "kk raw");
    dtks_string_free(s);
    expect_fail(dtks_kk_decode(kk, "x", &info), DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT",
                "kk info bad as_of");
    expect_fail(dtks_kk_decode(NULL, AS_OF, &info), DTKS_NULL_POINTER, "NULL_POINTER", "kk info NULL");
    expect_fail(dtks_kk_decode(kk, AS_OF, NULL), DTKS_NULL_POINTER, "NULL_POINTER", "kk info NULL out");
    expect_fail(dtks_kk_masked(NULL, &s), DTKS_NULL_POINTER, "NULL_POINTER", "kk masked NULL");
    expect_fail(dtks_kk_raw(NULL, &s), DTKS_NULL_POINTER, "NULL_POINTER", "kk raw NULL");
    expect_fail(dtks_kk_raw(kk, NULL), DTKS_NULL_POINTER, "NULL_POINTER", "kk raw NULL out");
    dtks_kk_free(kk);

    kk = NULL;
    expect_fail(dtks_kk_parse("3171011513150007", false, &kk), DTKS_INVALID_INPUT,
                "KK_DATE_INVALID", "KK month 13");
    CHECK(kk == NULL, "no KK handle on failure");
    CHECK(dtks_kk_parse("317101-1503150007", true, &kk) == DTKS_OK && kk, "lenient KK");
    dtks_kk_free(kk);
    kk = NULL;
    expect_fail(dtks_kk_parse(NULL, false, &kk), DTKS_NULL_POINTER, "NULL_POINTER", "kk NULL");
    expect_fail(dtks_kk_parse(BAD_UTF8, false, &kk), DTKS_INVALID_UTF8, "INVALID_UTF8", "kk utf8");
    expect_fail(dtks_kk_parse("1", false, NULL), DTKS_NULL_POINTER, "NULL_POINTER", "kk NULL out");

    char *json = NULL;
    CHECK(dtks_kk_decode_json("3171011503150007", false, AS_OF, &json) == DTKS_OK && json &&
              strstr(json, "\"recorded_on\":\"2015-03-15\""),
          "kk decode json");
    dtks_string_free(json);
    expect_fail(dtks_kk_decode_json(NULL, false, AS_OF, &json), DTKS_NULL_POINTER,
                "NULL_POINTER", "kk json NULL");
    expect_fail(dtks_kk_decode_json("1", false, "2026-02-30", &json), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "kk json bad as_of");
}

static void test_region(void) {
    dtks_region *r = NULL;
    CHECK(dtks_region_lookup("31.71.01.1001", &r) == DTKS_OK && r, "lookup village");
    CHECK(str_eq(dtks_region_code(r), "31.71.01.1001"), "code");
    CHECK(str_eq(dtks_region_name(r), "Gambir"), "name");
    CHECK(str_eq(dtks_region_parent(r), "31.71.01"), "parent");
    CHECK(str_eq(dtks_region_kind(r), "kelurahan"), "kind");
    CHECK(dtks_region_level(r) == DTKS_LEVEL_VILLAGE, "level");
    dtks_region_free(r);

    r = NULL;
    CHECK(dtks_region_lookup("3171", &r) == DTKS_OK, "lookup regency undotted");
    CHECK(dtks_region_level(r) == DTKS_LEVEL_REGENCY && str_eq(dtks_region_kind(r), "kota") &&
              str_eq(dtks_region_parent(r), "31"),
          "Jakarta Pusat is a kota in province 31");
    dtks_region_free(r);
    r = NULL;
    CHECK(dtks_region_lookup("31", &r) == DTKS_OK && dtks_region_level(r) == DTKS_LEVEL_PROVINCE &&
              dtks_region_parent(r) == NULL && dtks_region_kind(r) == NULL,
          "province has no parent and no kind");
    dtks_region_free(r);

    r = (dtks_region *)0x1;
    expect_fail(dtks_region_lookup("99.99", &r), DTKS_NOT_FOUND, "NOT_FOUND", "unknown region");
    expect_fail(dtks_region_lookup("not a code", &r), DTKS_NOT_FOUND, "NOT_FOUND", "malformed");
    CHECK(r == (dtks_region *)0x1, "out untouched");
    expect_fail(dtks_region_lookup(NULL, &r), DTKS_NULL_POINTER, "NULL_POINTER", "region NULL");
    expect_fail(dtks_region_lookup(BAD_UTF8, &r), DTKS_INVALID_UTF8, "INVALID_UTF8", "region utf8");
    expect_fail(dtks_region_lookup("31", NULL), DTKS_NULL_POINTER, "NULL_POINTER", "region NULL out");
    CHECK(dtks_region_code(NULL) == NULL && dtks_region_name(NULL) == NULL &&
              dtks_region_parent(NULL) == NULL && dtks_region_kind(NULL) == NULL &&
              dtks_region_level(NULL) == 0,
          "accessors on NULL");

    char *json = NULL;
    CHECK(dtks_region_lookup_json("1101012001", &json) == DTKS_OK && json &&
              strstr(json, "\"found\":true") && strstr(json, "\"village_kind\":\"desa\""),
          "region json");
    dtks_string_free(json);
    json = NULL;
    CHECK(dtks_region_lookup_json("99", &json) == DTKS_OK && json &&
              strstr(json, "\"found\":false"),
          "region json not found is an answer");
    dtks_string_free(json);
    expect_fail(dtks_region_lookup_json(NULL, &json), DTKS_NULL_POINTER, "NULL_POINTER",
                "region json NULL");
    expect_fail(dtks_region_lookup_json("31", NULL), DTKS_NULL_POINTER, "NULL_POINTER",
                "region json NULL out");
}

static char *replace(const char *s, const char *from, const char *to) {
    const char *at = strstr(s, from);
    if (!at) return NULL;
    size_t n = strlen(s) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    if (!out) return NULL;
    memcpy(out, s, (size_t)(at - s));
    strcpy(out + (at - s), to);
    strcat(out, at + strlen(from));
    return out;
}

static void test_household(void) {
    dtks_problems *p = NULL;
    CHECK(dtks_household_validate(HOUSEHOLD_OK, AS_OF, &p) == DTKS_OK && p, "validate ok");
    CHECK(dtks_problems_valid(p) && dtks_problems_count(p) == 0 &&
              dtks_problems_error_count(p) == 0,
          "consistent household has no problem (%zu)", dtks_problems_count(p));
    dtks_problems_free(p);

    /* The head demoted to "other": the family has no head. */
    char *no_head = replace(HOUSEHOLD_OK, "\"relationship\":\"head\"", "\"relationship\":\"other\"");
    p = NULL;
    CHECK(dtks_household_validate(no_head, AS_OF, &p) == DTKS_OK, "validate no head");
    CHECK(!dtks_problems_valid(p) && dtks_problems_count(p) == 1 &&
              dtks_problems_error_count(p) == 1,
          "one problem");
    CHECK(str_eq(dtks_problems_code(p, 0), "FAMILY_NO_HEAD"), "code FAMILY_NO_HEAD");
    CHECK(str_eq(dtks_problems_path(p, 0), "families[0]"), "path");
    CHECK(dtks_problems_severity(p, 0) == DTKS_SEVERITY_ERROR, "severity");
    const char *id = dtks_problems_message(p, 0, DTKS_LANG_ID);
    const char *en = dtks_problems_message(p, 0, DTKS_LANG_EN);
    CHECK(id && en && strcmp(id, en) != 0, "messages in two languages");
    CHECK(dtks_problems_message(p, 0, 42) == NULL, "unknown language");
    CHECK(dtks_problems_code(p, 1) == NULL && dtks_problems_path(p, 1) == NULL &&
              dtks_problems_severity(p, 1) == 0 && dtks_problems_message(p, 1, DTKS_LANG_EN) == NULL,
          "index out of range");
    char *json = NULL;
    CHECK(dtks_problems_json(p, &json) == DTKS_OK && json &&
              strstr(json, "\"code\":\"FAMILY_NO_HEAD\"") && strstr(json, "\"valid\":false"),
          "problems json");
    dtks_string_free(json);
    expect_fail(dtks_problems_json(NULL, &json), DTKS_NULL_POINTER, "NULL_POINTER", "json NULL");
    expect_fail(dtks_problems_json(p, NULL), DTKS_NULL_POINTER, "NULL_POINTER", "json NULL out");
    dtks_problems_free(p);

    json = NULL;
    CHECK(dtks_household_validate_json(no_head, AS_OF, &json) == DTKS_OK && json &&
              strstr(json, "FAMILY_NO_HEAD") && !strstr(json, "3171011708800001") &&
              !strstr(json, "Budi Santoso"),
          "validate json, personal data masked");
    dtks_string_free(json);
    free(no_head);

    /* Not a household at all: one problem JSON_INVALID, still DTKS_OK. */
    p = NULL;
    CHECK(dtks_household_validate("[1,2", AS_OF, &p) == DTKS_OK && !dtks_problems_valid(p) &&
              str_eq(dtks_problems_code(p, 0), "JSON_INVALID"),
          "bad JSON is a problem");
    dtks_problems_free(p);

    expect_fail(dtks_household_validate(NULL, AS_OF, &p), DTKS_NULL_POINTER, "NULL_POINTER",
                "household NULL");
    expect_fail(dtks_household_validate("{}", NULL, &p), DTKS_NULL_POINTER, "NULL_POINTER",
                "household NULL as_of");
    expect_fail(dtks_household_validate("{}", AS_OF, NULL), DTKS_NULL_POINTER, "NULL_POINTER",
                "household NULL out");
    expect_fail(dtks_household_validate(BAD_UTF8, AS_OF, &p), DTKS_INVALID_UTF8, "INVALID_UTF8",
                "household utf8");
    expect_fail(dtks_household_validate("{}", "2026/01/01", &p), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "household bad as_of");
    expect_fail(dtks_household_validate_json(NULL, AS_OF, &json), DTKS_NULL_POINTER,
                "NULL_POINTER", "household json NULL");
    expect_fail(dtks_household_validate_json("{}", AS_OF, NULL), DTKS_NULL_POINTER,
                "NULL_POINTER", "household json NULL out");
    CHECK(!dtks_problems_valid(NULL) && dtks_problems_count(NULL) == 0 &&
              dtks_problems_error_count(NULL) == 0 && dtks_problems_code(NULL, 0) == NULL &&
              dtks_problems_path(NULL, 0) == NULL && dtks_problems_severity(NULL, 0) == 0 &&
              dtks_problems_message(NULL, 0, DTKS_LANG_ID) == NULL,
          "problems accessors on NULL");
}

static void test_bulk(void) {
    char *no_head = replace(HOUSEHOLD_OK, "\"relationship\":\"head\"", "\"relationship\":\"other\"");
    char *ok2 = replace(HOUSEHOLD_OK, "RT-0001", "RT-0002");
    /* Two households (distinct ids; the second repeats the first's people, so the
       cross-record checks may flag it too), then one without a head. */
    size_t n = strlen(HOUSEHOLD_OK) + strlen(no_head) + 4;
    char *buf = malloc(n);
    snprintf(buf, n, "%s\n%s\n", HOUSEHOLD_OK, no_head);
    char *report = NULL;
    dtks_bulk_summary sum;
    memset(&sum, 0, sizeof sum);
    CHECK(dtks_bulk_validate_buffer((const uint8_t *)buf, strlen(buf), "jsonl", AS_OF, &report,
                                    &sum) == DTKS_OK,
          "bulk buffer: %s", dtks_last_error_code() ? dtks_last_error_code() : "");
    CHECK(sum.rows_read == 2 && sum.rows_valid + sum.rows_invalid == 2 && sum.rows_invalid >= 1,
          "bulk counts %llu/%llu/%llu", (unsigned long long)sum.rows_read,
          (unsigned long long)sum.rows_valid, (unsigned long long)sum.rows_invalid);
    CHECK(report && strstr(report, "FAMILY_NO_HEAD") && strstr(report, "\"summary\"") &&
              !strstr(report, "3171011708800001"),
          "bulk report");
    dtks_string_free(report);
    free(buf);
    free(no_head);
    free(ok2);
    /* Only the counts. */
    CHECK(dtks_bulk_validate_buffer((const uint8_t *)HOUSEHOLD_OK, strlen(HOUSEHOLD_OK), "jsonl",
                                    AS_OF, NULL, &sum) == DTKS_OK &&
              sum.rows_read == 1 && sum.rows_valid == 1,
          "bulk counts only");
    /* Empty input: len 0 allows NULL. */
    CHECK(dtks_bulk_validate_buffer(NULL, 0, "jsonl", AS_OF, NULL, &sum) == DTKS_OK &&
              sum.rows_read == 0,
          "empty buffer");
    expect_fail(dtks_bulk_validate_buffer(NULL, 5, "jsonl", AS_OF, NULL, &sum), DTKS_NULL_POINTER,
                "NULL_POINTER", "bulk NULL data");
    expect_fail(dtks_bulk_validate_buffer((const uint8_t *)"x", 1, "xml", AS_OF, NULL, &sum),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "bulk unknown format");
    expect_fail(dtks_bulk_validate_buffer((const uint8_t *)"x", 1, NULL, AS_OF, NULL, &sum),
                DTKS_NULL_POINTER, "NULL_POINTER", "bulk NULL format");
    expect_fail(dtks_bulk_validate_buffer((const uint8_t *)"x", 1, "csv", "x", NULL, &sum),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "bulk bad as_of");

    /* A file: the example dataset (run from the repository root). */
    report = NULL;
    CHECK(dtks_bulk_validate_file("examples/households.jsonl", NULL, AS_OF, &report, &sum) ==
              DTKS_OK,
          "bulk file");
    CHECK(sum.rows_read == 47 && sum.rows_valid + sum.rows_invalid == 47 && sum.rows_invalid > 0 &&
              sum.households == 47,
          "example dataset: %llu rows", (unsigned long long)sum.rows_read);
    dtks_string_free(report);
    /* examples/expected.json: 47 of the 50 households have a CSV form (three
       are JSON-only, three more exist only in CSV to show cross-record problems). */
    CHECK(dtks_bulk_validate_file("examples/households.csv", "csv", AS_OF, NULL, &sum) == DTKS_OK &&
              sum.households == 47,
          "example dataset as CSV: %llu households", (unsigned long long)sum.households);
    expect_fail(dtks_bulk_validate_file("/nonexistent/x.jsonl", NULL, AS_OF, &report, &sum),
                DTKS_IO, "IO", "missing file");
    expect_fail(dtks_bulk_validate_file("examples/households.pdf", NULL, AS_OF, &report, &sum),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "format from an unknown extension");
    expect_fail(dtks_bulk_validate_file(NULL, NULL, AS_OF, &report, &sum), DTKS_NULL_POINTER,
                "NULL_POINTER", "bulk NULL path");
    expect_fail(dtks_bulk_validate_file(BAD_UTF8, NULL, AS_OF, &report, &sum), DTKS_INVALID_UTF8,
                "INVALID_UTF8", "bulk non-UTF-8 path");
}

struct progress_seen {
    int calls;
    uint64_t rows;
    uint64_t bytes;
};

static void on_progress(uint64_t rows, uint64_t bytes, void *user) {
    struct progress_seen *p = user;
    p->calls++;
    p->rows = rows;
    p->bytes = bytes;
}

/* Counts the problems of a JSON array page by their "code" keys. */
static int count_codes(const char *page) {
    int n = 0;
    for (const char *q = page; (q = strstr(q, "\"code\":")) != NULL; q++) n++;
    return n;
}

/* A whole file into memory (NULL on failure); its size in *len. */
static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            char *grown = realloc(buf, cap);
            if (!grown) { free(buf); fclose(f); return NULL; }
            buf = grown;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        if (k == 0) break;
        n += k;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Issue 17: the example's rows as a Parquet file and as an Arrow IPC stream
 * in memory get the CSV's counts and problems (examples/households.*,
 * written by scripts/make-table-examples.py). */
static void test_bulk_tables(void) {
    dtks_bulk_options *o = NULL;
    CHECK(dtks_bulk_options_new(&o) == DTKS_OK && o, "options new");
    CHECK(dtks_bulk_options_set(o, "as_of", AS_OF) == DTKS_OK, "set as_of");
    dtks_bulk_report *csv = NULL, *pq = NULL, *ipc = NULL;
    CHECK(dtks_bulk_run_file("examples/households.csv", o, &csv) == DTKS_OK && csv, "csv");
    CHECK(dtks_bulk_run_file("examples/households.parquet", o, &pq) == DTKS_OK && pq,
          "parquet: %s", dtks_last_error_code() ? dtks_last_error_code() : "");
    size_t len = 0;
    char *bytes = slurp("examples/households.arrows", &len);
    CHECK(bytes && len > 0, "read examples/households.arrows");
    CHECK(dtks_bulk_run_buffer(bytes, len, o, &ipc) == DTKS_OK && ipc, "ipc buffer: %s",
          dtks_last_error_code() ? dtks_last_error_code() : "");
    free(bytes);
    dtks_bulk_counts want, got;
    memset(&want, 0, sizeof want);
    want.size = sizeof want;
    CHECK(dtks_bulk_report_counts(csv, &want) == DTKS_OK, "csv counts");
    dtks_bulk_report *tables[2] = {pq, ipc};
    const char *names[2] = {"parquet", "arrow"};
    for (int i = 0; i < 2; i++) {
        if (!tables[i]) continue;
        memset(&got, 0, sizeof got);
        got.size = sizeof got;
        CHECK(dtks_bulk_report_counts(tables[i], &got) == DTKS_OK, "%s counts", names[i]);
        CHECK(got.rows_read == want.rows_read && got.rows_valid == want.rows_valid &&
                  got.rows_invalid == want.rows_invalid && got.problems == want.problems,
              "%s: %llu/%llu/%llu rows, %llu problems", names[i],
              (unsigned long long)got.rows_read, (unsigned long long)got.rows_valid,
              (unsigned long long)got.rows_invalid, (unsigned long long)got.problems);
        char *a = NULL, *b = NULL;
        CHECK(dtks_bulk_report_problems_json(csv, 0, want.problems, &a) == DTKS_OK, "csv page");
        CHECK(dtks_bulk_report_problems_json(tables[i], 0, want.problems, &b) == DTKS_OK,
              "%s page", names[i]);
        CHECK(a && b && strcmp(a, b) == 0, "%s: the problems are the CSV's", names[i]);
        dtks_string_free(a);
        dtks_string_free(b);
        char *summary = NULL;
        CHECK(dtks_bulk_report_summary_json(tables[i], &summary) == DTKS_OK && summary,
              "%s summary", names[i]);
        char fmt[32];
        snprintf(fmt, sizeof fmt, "\"format\":\"%s\"", names[i]);
        CHECK(summary && strstr(summary, fmt), "%s summary names its format", names[i]);
        dtks_string_free(summary);
    }
    /* The Parquet file's bytes in memory, told by their first bytes. */
    dtks_bulk_report *pqmem = NULL;
    bytes = slurp("examples/households.parquet", &len);
    CHECK(bytes && dtks_bulk_run_buffer(bytes, len, o, &pqmem) == DTKS_OK && pqmem,
          "parquet buffer: %s", dtks_last_error_code() ? dtks_last_error_code() : "");
    free(bytes);
    if (pqmem) {
        memset(&got, 0, sizeof got);
        got.size = sizeof got;
        CHECK(dtks_bulk_report_counts(pqmem, &got) == DTKS_OK && got.rows_read == want.rows_read &&
                  got.rows_invalid == want.rows_invalid && got.problems == want.problems,
              "parquet buffer counts");
        dtks_bulk_report_free(pqmem);
    }
    /* A damaged table is refused, with its code and both messages. */
    static const char damaged[] = "ARROW1\0\0not an arrow file";
    dtks_bulk_report *bad = NULL;
    expect_fail(dtks_bulk_run_buffer(damaged, sizeof damaged - 1, o, &bad), DTKS_INVALID_INPUT,
                "TABLE_READ", "damaged ipc");
    dtks_bulk_report_free(csv);
    dtks_bulk_report_free(pq);
    dtks_bulk_report_free(ipc);
    dtks_bulk_options_free(o);
}

static void test_bulk_options(void) {
    dtks_bulk_options *o = NULL;
    CHECK(dtks_bulk_options_new(&o) == DTKS_OK && o, "options new");
    dtks_bulk_report *r = NULL;
    /* No as_of: refused, the core never reads the clock. */
    expect_fail(dtks_bulk_run_file("examples/households.csv", o, &r), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "run without as_of");
    CHECK(dtks_bulk_options_set(o, "as_of", AS_OF) == DTKS_OK, "set as_of");
    CHECK(dtks_bulk_options_set(o, "threads", "2") == DTKS_OK, "set threads");
    struct progress_seen seen = {0, 0, 0};
    CHECK(dtks_bulk_options_set_progress(o, on_progress, &seen) == DTKS_OK, "set progress");
    CHECK(dtks_bulk_run_file("examples/households.csv", o, &r) == DTKS_OK && r, "run file: %s",
          dtks_last_error_code() ? dtks_last_error_code() : "");
    dtks_bulk_counts c;
    memset(&c, 0, sizeof c);
    c.size = sizeof c;
    CHECK(dtks_bulk_report_counts(r, &c) == DTKS_OK, "counts");
    /* The example dataset: 186 member rows, 92 valid, 94 invalid (README). */
    CHECK(c.rows_read == 186 && c.rows_valid == 92 && c.rows_invalid == 94 && c.size == sizeof c,
          "example counts %llu/%llu/%llu", (unsigned long long)c.rows_read,
          (unsigned long long)c.rows_valid, (unsigned long long)c.rows_invalid);
    CHECK(seen.calls >= 1 && seen.rows == 186 && seen.bytes > 0, "progress: %d calls, %llu rows",
          seen.calls, (unsigned long long)seen.rows);
    uint64_t n = dtks_bulk_report_problem_count(r);
    CHECK(n == c.problems && n > 10, "problem count %llu", (unsigned long long)n);
    /* Pages of 7 cover every problem exactly once. */
    uint64_t total = 0;
    for (uint64_t start = 0; start < n + 7; start += 7) {
        char *page = NULL;
        CHECK(dtks_bulk_report_problems_json(r, start, 7, &page) == DTKS_OK && page, "page");
        if (!page) break;
        int k = count_codes(page);
        CHECK(k <= 7, "page size %d", k);
        CHECK(strstr(page, "3171011708800001") == NULL, "page masks NIKs");
        total += (uint64_t)k;
        if (start >= n) CHECK(strcmp(page, "[]") == 0, "page past the end is []");
        dtks_string_free(page);
    }
    CHECK(total == n, "pages hold %llu of %llu problems", (unsigned long long)total,
          (unsigned long long)n);
    char *summary = NULL;
    CHECK(dtks_bulk_report_summary_json(r, &summary) == DTKS_OK && summary &&
              strstr(summary, "\"rows_read\":186") && strstr(summary, "\"delimiter\":\",\""),
          "summary json");
    dtks_string_free(summary);
    /* The HTML page, as `dtks validate --report out.html` writes it. */
    char *page = NULL;
    CHECK(dtks_bulk_report_html(r, DTKS_LANG_ID, &page) == DTKS_OK && page &&
              strncmp(page, "<!DOCTYPE html>", 15) == 0 && strstr(page, "<html lang=\"id\"") &&
              strstr(page, "<b id=\"rows-read\">186</b>") &&
              strstr(page, "<b id=\"rows-invalid\">94</b>") &&
              strstr(page, "<span id=\"input-name\">households.csv</span>") &&
              strstr(page, "Baris dibaca") && !strstr(page, "3171011708800001"),
          "html page (id)");
    dtks_string_free(page);
    page = NULL;
    CHECK(dtks_bulk_report_html(r, DTKS_LANG_EN, &page) == DTKS_OK && page &&
              strstr(page, "<html lang=\"en\"") && strstr(page, "Rows read"),
          "html page (en)");
    dtks_string_free(page);
    page = NULL;
    expect_fail(dtks_bulk_report_html(r, 7, &page), DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT",
                "html with an unknown lang");
    CHECK(page == NULL, "html: no output on failure");
    expect_fail(dtks_bulk_report_html(NULL, DTKS_LANG_ID, &page), DTKS_NULL_POINTER, "NULL_POINTER",
                "html of NULL");
    expect_fail(dtks_bulk_report_html(r, DTKS_LANG_ID, NULL), DTKS_NULL_POINTER, "NULL_POINTER",
                "html into NULL");
    /* A caller struct smaller than the first version is refused. */
    dtks_bulk_counts small;
    memset(&small, 0, sizeof small);
    small.size = 8;
    expect_fail(dtks_bulk_report_counts(r, &small), DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT",
                "counts with a short struct");
    dtks_bulk_report_free(r);

    /* A buffer with ';' given as the delimiter, as a PHP string (const char*). */
    const char *semi =
        "id_rt;kode_desa;no_kk;nik;nama;tgl_lahir;jenis_kelamin;hub_keluarga\n"
        "RT-1;3171011001;3171011503150007;3171011708800001;Budi;1980-08-17;1;1\n";
    CHECK(dtks_bulk_options_set(o, "delimiter", ";") == DTKS_OK, "set delimiter");
    CHECK(dtks_bulk_options_set_progress(o, NULL, NULL) == DTKS_OK, "progress removed");
    r = NULL;
    CHECK(dtks_bulk_run_buffer(semi, strlen(semi), o, &r) == DTKS_OK, "run buffer");
    memset(&c, 0, sizeof c);
    c.size = sizeof c;
    CHECK(dtks_bulk_report_counts(r, &c) == DTKS_OK && c.rows_read == 1 && c.rows_valid == 1,
          "semicolon buffer valid");
    dtks_bulk_report_free(r);
    /* The same text with ',' forced: one column, no header it can read, so
       both lines are records (HEADER_MISSING) and both are invalid. */
    CHECK(dtks_bulk_options_set(o, "delimiter", ",") == DTKS_OK, "set comma");
    r = NULL;
    CHECK(dtks_bulk_run_buffer(semi, strlen(semi), o, &r) == DTKS_OK, "run buffer comma");
    memset(&c, 0, sizeof c);
    c.size = sizeof c;
    CHECK(dtks_bulk_report_counts(r, &c) == DTKS_OK && c.rows_read == 2 && c.rows_valid == 0 &&
              c.rows_invalid == 2,
          "a forced comma reads nothing: %llu/%llu/%llu", (unsigned long long)c.rows_read,
          (unsigned long long)c.rows_valid, (unsigned long long)c.rows_invalid);
    dtks_bulk_report_free(r);
    /* Indonesian Excel on Windows: ';', CRLF, DD/MM/YYYY, a decimal comma,
       NULL for unknown and cp1252 ("Jos\xe9"). Read as UTF-8 it is one
       ROW_NOT_UTF8 plus the file-level FILE_NOT_UTF8 hint; with the
       options set as a PHP app would, it is clean. */
    const char *excel =
        "id_rt;kode_desa;no_kk;nik;nama;tgl_lahir;jenis_kelamin;hub_keluarga;luas_lantai;status_kawin\r\n"
        "RT-1;3171011001;3171011503150007;3171011708800001;Jos\xe9;17/08/1980;1;1;36,5;NULL\r\n";
    CHECK(dtks_bulk_options_set(o, "delimiter", ";") == DTKS_OK, "set delimiter again");
    CHECK(dtks_bulk_options_set(o, "date_format", "%d/%m/%Y") == DTKS_OK, "set date_format");
    CHECK(dtks_bulk_options_set(o, "decimal_comma", "true") == DTKS_OK, "set decimal_comma");
    CHECK(dtks_bulk_options_set(o, "null", "NULL") == DTKS_OK, "set null");
    r = NULL;
    CHECK(dtks_bulk_run_buffer(excel, strlen(excel), o, &r) == DTKS_OK, "run excel as utf-8");
    memset(&c, 0, sizeof c);
    c.size = sizeof c;
    CHECK(dtks_bulk_report_counts(r, &c) == DTKS_OK && c.rows_read == 1 && c.rows_invalid == 1,
          "cp1252 read as utf-8 is invalid");
    {
        char *page = NULL;
        CHECK(dtks_bulk_report_problems_json(r, 0, 10, &page) == DTKS_OK && page &&
                  count_codes(page) == 2 && strstr(page, "\"ROW_NOT_UTF8\"") &&
                  strstr(page, "\"FILE_NOT_UTF8\""),
              "one row problem and one hint: %s", page ? page : "");
        dtks_string_free(page);
    }
    dtks_bulk_report_free(r);
    CHECK(dtks_bulk_options_set(o, "encoding", "cp1252") == DTKS_OK, "set encoding");
    r = NULL;
    CHECK(dtks_bulk_run_buffer(excel, strlen(excel), o, &r) == DTKS_OK, "run excel as cp1252");
    memset(&c, 0, sizeof c);
    c.size = sizeof c;
    CHECK(dtks_bulk_report_counts(r, &c) == DTKS_OK && c.rows_read == 1 && c.rows_valid == 1 &&
              c.problems == 0,
          "the excel file with its options is clean: %llu problems",
          (unsigned long long)c.problems);
    summary = NULL;
    CHECK(dtks_bulk_report_summary_json(r, &summary) == DTKS_OK && summary &&
              strstr(summary, "\"encoding\":\"cp1252\""),
          "summary names the encoding");
    dtks_string_free(summary);
    dtks_bulk_report_free(r);
    expect_fail(dtks_bulk_options_set(o, "encoding", "ebcdic"), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "unknown encoding");
    expect_fail(dtks_bulk_options_set(o, "decimal_comma", "maybe"), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "bad flag");
    CHECK(dtks_bulk_options_set(o, "date_format", "") == DTKS_OK, "clear date formats");
    CHECK(dtks_bulk_options_set(o, "null", "") == DTKS_OK, "clear nulls");
    CHECK(dtks_bulk_options_set(o, "decimal_comma", "0") == DTKS_OK, "decimal point again");
    CHECK(dtks_bulk_options_set(o, "encoding", "auto") == DTKS_OK, "encoding auto again");
    /* Rows of a household apart (a file sorted by NIK): one FILE_NOT_GROUPED
       naming the option; with group = true it is read household by household. */
    {
        const char *apart =
            "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n"
            "RT-1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\n"
            "RT-2,3171011001,3171011503150008,3171011708810001,Adi,1981-08-17,1,1\n"
            "RT-1,3171011001,3171011503150007,3171014503820002,Sri,1982-03-05,2,2\n";
        char *page = NULL;
        CHECK(dtks_bulk_options_set(o, "delimiter", ",") == DTKS_OK, "comma for apart");
        r = NULL;
        CHECK(dtks_bulk_run_buffer(apart, strlen(apart), o, &r) == DTKS_OK, "run apart");
        CHECK(dtks_bulk_report_problems_json(r, 0, 10, &page) == DTKS_OK && page &&
                  strstr(page, "\"FILE_NOT_GROUPED\"") && strstr(page, "--group"),
              "apart: %s", page ? page : "");
        dtks_string_free(page);
        dtks_bulk_report_free(r);
        CHECK(dtks_bulk_options_set(o, "group", "true") == DTKS_OK, "set group");
        r = NULL;
        CHECK(dtks_bulk_run_buffer(apart, strlen(apart), o, &r) == DTKS_OK, "run grouped");
        memset(&c, 0, sizeof c);
        c.size = sizeof c;
        CHECK(dtks_bulk_report_counts(r, &c) == DTKS_OK && c.rows_read == 3 && c.rows_valid == 3 &&
                  c.problems == 0,
              "grouped: %llu valid, %llu problems", (unsigned long long)c.rows_valid,
              (unsigned long long)c.problems);
        dtks_bulk_report_free(r);
        CHECK(dtks_bulk_options_set(o, "group", "false") == DTKS_OK, "group off");
    }
    /* The built-in bdt2015 mapping and a mapping given as text. */
    CHECK(dtks_bulk_options_set(o, "mapping", "bdt2015") == DTKS_OK, "builtin mapping");
    expect_fail(dtks_bulk_options_set(o, "mapping", "nope"), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "unknown builtin mapping");
    expect_fail(dtks_bulk_options_set(o, "mapping_toml", "this is = = not toml"),
                DTKS_INVALID_INPUT, "MAPPING_INVALID", "unusable mapping text");
    expect_fail(dtks_bulk_options_set(o, "colour", "red"), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "unknown key");
    expect_fail(dtks_bulk_options_set(o, "threads", "many"), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "bad threads");
    expect_fail(dtks_bulk_options_set(NULL, "threads", "1"), DTKS_NULL_POINTER, "NULL_POINTER",
                "set on NULL");
    expect_fail(dtks_bulk_run_buffer(NULL, 3, o, &r), DTKS_NULL_POINTER, "NULL_POINTER",
                "run NULL data");
    expect_fail(dtks_bulk_run_buffer("x", 1, NULL, &r), DTKS_NULL_POINTER, "NULL_POINTER",
                "run NULL options");
    expect_fail(dtks_bulk_run_file("/nonexistent/x.csv", o, &r), DTKS_IO, "IO", "run missing file");
    CHECK(dtks_bulk_report_problem_count(NULL) == 0, "count on NULL");
    dtks_bulk_report_free(NULL);
    dtks_bulk_options_free(o);
    dtks_bulk_options_free(NULL);
}

/* The row (-1: none) and code of problem `i` of a report. */
static int problem_at(dtks_bulk_report *r, uint64_t i, char *code, size_t cap) {
    char *page = NULL;
    int row = -2;
    code[0] = 0;
    if (dtks_bulk_report_problems_json(r, i, 1, &page) != DTKS_OK || !page) return row;
    const char *p = strstr(page, "\"row\":");
    if (p && sscanf(p + 6, "%d", &row) != 1) row = -1;
    const char *c = strstr(page, "\"code\":\"");
    if (c) {
        c += 8;
        size_t n = 0;
        while (c[n] && c[n] != '"' && n + 1 < cap) n++;
        memcpy(code, c, n);
        code[n] = 0;
    }
    dtks_string_free(page);
    return row;
}

/* examples/households.xlsx: the CSV as a clerk's workbook (birth dates as
   date cells). Its counts and, problem for problem, its codes are the CSV's,
   each on the sheet row (the CSV's record number + 1: the sheet's row 1 is
   the header); a sheet that is not there is one file-level SHEET_UNKNOWN. */
/* A file whose name tells no format is refused, as `dtks validate` refuses it,
   instead of being read as CSV (issue 15); named by the options, it is read. */
static void test_bulk_run_unknown_name(void) {
    dtks_bulk_options *o = NULL;
    dtks_bulk_report *r = NULL;
    CHECK(dtks_bulk_options_new(&o) == DTKS_OK && o, "options for an unknown name");
    CHECK(dtks_bulk_options_set(o, "as_of", AS_OF) == DTKS_OK, "as_of for an unknown name");
    expect_fail(dtks_bulk_run_file("README.md", o, &r), DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT",
                "run a file whose name tells no format");
    CHECK(r == NULL, "no report for a refused name");
    expect_fail(dtks_bulk_run_file("examples/households.pdf", o, &r), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "a name refused before the file is opened");
    CHECK(dtks_bulk_options_set(o, "format", "csv") == DTKS_OK, "format csv");
    CHECK(dtks_bulk_run_file("README.md", o, &r) == DTKS_OK && r, "format named: read as CSV");
    dtks_bulk_report_free(r);
    dtks_bulk_options_free(o);
}

static void test_bulk_xlsx(void) {
    dtks_bulk_options *o = NULL;
    CHECK(dtks_bulk_options_new(&o) == DTKS_OK && o, "xlsx options new");
    CHECK(dtks_bulk_options_set(o, "as_of", AS_OF) == DTKS_OK, "xlsx as_of");
    dtks_bulk_report *csv = NULL, *xlsx = NULL;
    CHECK(dtks_bulk_run_file("examples/households.csv", o, &csv) == DTKS_OK && csv, "csv run");
    CHECK(dtks_bulk_run_file("examples/households.xlsx", o, &xlsx) == DTKS_OK && xlsx,
          "xlsx run: %s", dtks_last_error_code() ? dtks_last_error_code() : "");
    if (!csv || !xlsx) return;
    dtks_bulk_counts a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.size = b.size = sizeof a;
    CHECK(dtks_bulk_report_counts(csv, &a) == DTKS_OK && dtks_bulk_report_counts(xlsx, &b) == DTKS_OK,
          "xlsx counts");
    CHECK(b.rows_read == a.rows_read && b.rows_valid == a.rows_valid &&
              b.rows_invalid == a.rows_invalid && b.problems == a.problems,
          "xlsx counts are the csv's: %llu/%llu/%llu", (unsigned long long)b.rows_read,
          (unsigned long long)b.rows_valid, (unsigned long long)b.rows_invalid);
    CHECK(b.rows_read == 186 && b.rows_valid == 92 && b.rows_invalid == 94, "xlsx headline");
    int same = 1;
    for (uint64_t i = 0; i < a.problems; i++) {
        char ca[64], cb[64];
        int ra = problem_at(csv, i, ca, sizeof ca), rb = problem_at(xlsx, i, cb, sizeof cb);
        int row_ok = (ra == -1 && rb == -1) || (ra >= 0 && rb == ra + 1);
        if (strcmp(ca, cb) != 0 || !row_ok || ca[0] == 0) {
            CHECK(0, "problem %llu: csv row %d %s, xlsx row %d %s", (unsigned long long)i, ra, ca,
                  rb, cb);
            same = 0;
            break;
        }
    }
    CHECK(same, "every problem on its sheet row");
    char *summary = NULL;
    CHECK(dtks_bulk_report_summary_json(xlsx, &summary) == DTKS_OK && summary &&
              strstr(summary, "\"container\":\"xlsx\"") && strstr(summary, "\"sheet\":\"DTKS\""),
          "xlsx summary names the container and sheet");
    dtks_string_free(summary);
    dtks_bulk_report_free(csv);
    dtks_bulk_report_free(xlsx);
    /* The sheet by number; then one that is not there. */
    CHECK(dtks_bulk_options_set(o, "sheet", "1") == DTKS_OK, "set sheet 1");
    xlsx = NULL;
    CHECK(dtks_bulk_run_file("examples/households.xlsx", o, &xlsx) == DTKS_OK &&
              dtks_bulk_report_counts(xlsx, &b) == DTKS_OK && b.rows_read == 186,
          "sheet 1 is DTKS");
    dtks_bulk_report_free(xlsx);
    CHECK(dtks_bulk_options_set(o, "sheet", "Data") == DTKS_OK, "set sheet Data");
    xlsx = NULL;
    CHECK(dtks_bulk_run_file("examples/households.xlsx", o, &xlsx) == DTKS_OK &&
              dtks_bulk_report_counts(xlsx, &b) == DTKS_OK && b.rows_read == 0 && b.problems == 1,
          "an unknown sheet reads nothing");
    char code[64];
    CHECK(problem_at(xlsx, 0, code, sizeof code) == -1 && strcmp(code, "SHEET_UNKNOWN") == 0,
          "SHEET_UNKNOWN (%s)", code);
    dtks_bulk_report_free(xlsx);
    dtks_bulk_options_free(o);
}

static void test_assess(void) {
    char *json = NULL;
    CHECK(dtks_household_assess_json(NULL, HOUSEHOLD_OK, AS_OF, &json) == DTKS_OK && json &&
              json[0] == '{',
          "assess with the built-in programmes: %s",
          dtks_last_error_code() ? dtks_last_error_code() : "");
    dtks_string_free(json);
    dtks_rules *rules = NULL;
    CHECK(dtks_rules_new(&rules) == DTKS_OK && rules, "rules new");
    dtks_status s = dtks_rules_load(rules, "this is not a rule document", "broken.json");
    CHECK(s == DTKS_INVALID_INPUT, "a broken document is rejected (%s)", dtks_status_name(s));
    const char *code = dtks_last_error_code();
    CHECK(code && strncmp(code, "RULE_", 5) == 0, "rule code %s", code ? code : "(null)");
    json = NULL;
    CHECK(dtks_household_assess_json(rules, HOUSEHOLD_OK, AS_OF, &json) == DTKS_OK && json,
          "assess with a rules handle");
    dtks_string_free(json);
    expect_fail(dtks_household_assess_json(rules, "{}", AS_OF, &json), DTKS_INVALID_INPUT,
                "JSON_INVALID", "assess a non-household");
    expect_fail(dtks_household_assess_json(rules, NULL, AS_OF, &json), DTKS_NULL_POINTER,
                "NULL_POINTER", "assess NULL json");
    expect_fail(dtks_household_assess_json(rules, HOUSEHOLD_OK, "2026", &json),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "assess bad as_of");
    expect_fail(dtks_household_assess_json(rules, HOUSEHOLD_OK, AS_OF, NULL), DTKS_NULL_POINTER,
                "NULL_POINTER", "assess NULL out");
    expect_fail(dtks_rules_load(NULL, "{}", "x.json"), DTKS_NULL_POINTER, "NULL_POINTER",
                "load NULL rules");
    expect_fail(dtks_rules_load(rules, NULL, "x.json"), DTKS_NULL_POINTER, "NULL_POINTER",
                "load NULL text");
    expect_fail(dtks_rules_load(rules, "{}", NULL), DTKS_NULL_POINTER, "NULL_POINTER",
                "load NULL name");
    expect_fail(dtks_rules_new(NULL), DTKS_NULL_POINTER, "NULL_POINTER", "rules new NULL");
    dtks_rules_free(rules);

    /* Without the built-in programmes (what the command's --rules FILE builds):
     * no programme is decided until one is loaded; with them, as dtks_rules_new. */
    rules = NULL;
    CHECK(dtks_rules_new_base(false, &rules) == DTKS_OK && rules, "rules without programmes");
    json = NULL;
    CHECK(dtks_household_assess_json(rules, HOUSEHOLD_OK, AS_OF, &json) == DTKS_OK && json &&
              strstr(json, "\"decisions\": []") != NULL,
          "no built-in programme decided: %s", json ? json : "");
    dtks_string_free(json);
    dtks_rules_free(rules);
    rules = NULL;
    CHECK(dtks_rules_new_base(true, &rules) == DTKS_OK && rules, "rules with programmes");
    json = NULL;
    CHECK(dtks_household_assess_json(rules, HOUSEHOLD_OK, AS_OF, &json) == DTKS_OK && json &&
              strstr(json, "\"programme\": \"PKH\"") != NULL,
          "PKH decided with the built-in programmes");
    dtks_string_free(json);
    dtks_rules_free(rules);
    expect_fail(dtks_rules_new_base(true, NULL), DTKS_NULL_POINTER, "NULL_POINTER",
                "rules new base NULL");
}

/* Bulk with eligibility (as `dtks validate --assess`): only the valid
 * household is assessed, the one with an error is skipped, and the summary
 * names the rule documents applied. PBI-JK is decided per member
 * (docs/domain/programmes.md), so its three counts add up to the valid
 * household's two members. */
static void test_bulk_assess(void) {
    const char *csv =
        "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n"
        "RT-1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\n"
        "RT-1,3171011001,3171011503150007,3171014503820002,Sri,1982-03-05,2,2\n"
        "RT-2,3171011001,3171011503150008,31710117088,Joko,1980-08-17,1,1\n";
    dtks_bulk_options *o = NULL;
    CHECK(dtks_bulk_options_new(&o) == DTKS_OK && o, "options new");
    CHECK(dtks_bulk_options_set(o, "as_of", AS_OF) == DTKS_OK, "as_of");
    dtks_bulk_report *r = NULL;
    char *json = NULL;
    /* Without rules: nothing assessed, said as NOT_FOUND. */
    CHECK(dtks_bulk_run_buffer(csv, strlen(csv), o, &r) == DTKS_OK && r, "run without rules");
    expect_fail(dtks_bulk_report_assessment_json(r, &json), DTKS_NOT_FOUND, "NOT_FOUND",
                "assessment of a run without rules");
    CHECK(json == NULL, "no assessment text");
    dtks_bulk_report_free(r);
    r = NULL;

    dtks_rules *rules = NULL;
    CHECK(dtks_rules_new(&rules) == DTKS_OK && rules, "rules new");
    CHECK(dtks_bulk_options_set_rules(o, rules) == DTKS_OK, "set rules");
    /* The options keep their own copy. */
    dtks_rules_free(rules);
    CHECK(dtks_bulk_run_buffer(csv, strlen(csv), o, &r) == DTKS_OK && r, "run with rules");
    CHECK(dtks_bulk_report_assessment_json(r, &json) == DTKS_OK && json, "assessment json");
    CHECK(json && strstr(json, "\"assessed\":1") != NULL, "one household assessed: %s",
          json ? json : "");
    CHECK(json && strstr(json, "\"skipped\":1") != NULL, "one household skipped");
    const char *pbi = json ? strstr(json, "\"PBI_JK\":{") : NULL;
    CHECK(pbi != NULL, "PBI-JK counted");
    if (pbi) {
        long e = 0, n = 0, u = 0;
        const char *k;
        if ((k = strstr(pbi, "\"eligible\":"))) e = strtol(k + 11, NULL, 10);
        if ((k = strstr(pbi, "\"not_eligible\":"))) n = strtol(k + 15, NULL, 10);
        if ((k = strstr(pbi, "\"undecidable\":"))) u = strtol(k + 14, NULL, 10);
        CHECK(e + n + u == 2, "PBI-JK decided for each of the two members (%ld+%ld+%ld)", e, n, u);
    }
    dtks_string_free(json);
    json = NULL;
    CHECK(dtks_bulk_report_summary_json(r, &json) == DTKS_OK && json, "summary json");
    CHECK(json && strstr(json, "\"id\":\"PKH\"") != NULL, "the summary names the PKH document");
    dtks_string_free(json);
    dtks_bulk_report_free(r);
    r = NULL;

    /* Rules removed: a plain run again. */
    CHECK(dtks_bulk_options_set_rules(o, NULL) == DTKS_OK, "clear rules");
    CHECK(dtks_bulk_run_buffer(csv, strlen(csv), o, &r) == DTKS_OK && r, "run cleared");
    json = NULL;
    CHECK(dtks_bulk_report_assessment_json(r, &json) == DTKS_NOT_FOUND, "cleared: not assessed");
    CHECK(dtks_bulk_report_summary_json(r, &json) == DTKS_OK && json &&
              strstr(json, "\"rules\":[]") != NULL,
          "cleared: no rule documents named");
    dtks_string_free(json);
    dtks_bulk_report_free(r);

    expect_fail(dtks_bulk_options_set_rules(NULL, NULL), DTKS_NULL_POINTER, "NULL_POINTER",
                "set rules on NULL options");
    expect_fail(dtks_bulk_report_assessment_json(NULL, &json), DTKS_NULL_POINTER,
                "NULL_POINTER", "assessment of NULL report");

    /* An argument error is said wholly in each language. */
    expect_fail(dtks_bulk_options_set(o, "threads", "many"), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "threads not a number");
    const char *id = dtks_last_error_message(DTKS_LANG_ID);
    CHECK(id && strstr(id, "bilangan bulat") != NULL && strstr(id, "whole number") == NULL &&
              strstr(id, "expected") == NULL,
          "Indonesian message without English: %s", id ? id : "(null)");
    dtks_bulk_options_free(o);
}

static void test_free_null(void) {
    dtks_rules_free(NULL);
    dtks_string_free(NULL);
    dtks_nik_free(NULL);
    dtks_kk_free(NULL);
    dtks_region_free(NULL);
    dtks_problems_free(NULL);
    CHECK(1, "every free function accepts NULL");
}

/* ---- threads ---------------------------------------------------------- */

#define THREADS 8
#define ROUNDS 500

struct shared {
    const dtks_problems *problems;
    const dtks_nik *nik;
};

static void *worker(void *arg) {
    const struct shared *sh = arg;
    long bad = 0;
    for (int i = 0; i < ROUNDS; i++) {
        dtks_nik *n = NULL;
        /* Alternate valid and invalid: each thread must see its own last error. */
        if (i % 2 == 0) {
            if (dtks_nik_parse("3171014101900001", false, &n) != DTKS_OK) bad++;
            if (dtks_last_error_code() != NULL) bad++;
            dtks_nik_free(n);
        } else {
            if (dtks_nik_parse("3171014101900000", false, &n) != DTKS_INVALID_INPUT) bad++;
            if (!str_eq(dtks_last_error_code(), "NIK_SERIAL_ZERO")) bad++;
        }
        /* Shared handles read concurrently. */
        if (!str_eq(dtks_problems_code(sh->problems, 0), "FAMILY_NO_HEAD")) bad++;
        dtks_nik_info info;
        if (dtks_nik_decode(sh->nik, AS_OF, &info) != DTKS_OK || info.birth_year != 1990) bad++;
        if (i % 50 == 0) {
            dtks_problems *p = NULL;
            if (dtks_household_validate(HOUSEHOLD_OK, AS_OF, &p) != DTKS_OK ||
                !dtks_problems_valid(p))
                bad++;
            dtks_problems_free(p);
        }
    }
    return (void *)bad;
}

static void test_threads(void) {
    char *no_head = replace(HOUSEHOLD_OK, "\"relationship\":\"head\"", "\"relationship\":\"other\"");
    dtks_problems *p = NULL;
    dtks_nik *nik = NULL;
    dtks_household_validate(no_head, AS_OF, &p);
    dtks_nik_parse("3171014101900001", false, &nik);
    struct shared sh = {p, nik};
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, &sh);
    long bad = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r = NULL;
        pthread_join(t[i], &r);
        bad += (long)r;
    }
    CHECK(bad == 0, "threads: %ld wrong answers", bad);
    dtks_problems_free(p);
    dtks_nik_free(nik);
    free(no_head);
}

/* The sized structs: the caller sets `size`; a zero size is refused and
 * nothing is written; a larger (newer) struct keeps its tail untouched.
 * Birth-date stand-ins (1 July, 31 December, the 15th) follow the NIK
 * rules on unknown dates; KK recording dates are judged on AS_OF_KK. */
static void test_details(void) {
    dtks_nik *nik = NULL;
    CHECK(dtks_nik_parse("3171014107900001", false, &nik) == DTKS_OK, "parse NIK 1 July");
    dtks_nik_details d = {.size = sizeof d};
    CHECK(dtks_nik_decode_details(nik, AS_OF, &d) == DTKS_OK, "nik details");
    CHECK(d.size == sizeof d && d.province == 31 && d.regency == 71 && d.district == 1,
          "details: size kept, region digits");
    CHECK(d.sex == DTKS_SEX_FEMALE && d.birth_year == 1990 && d.birth_month == 7 &&
              d.birth_day == 1 && d.serial == 1 && !d.region_retired,
          "details: a woman born 1 July 1990");
    CHECK(d.birth_convention == DTKS_BIRTH_FIRST_OF_JULY, "1 July is the SIAK stand-in");
    dtks_nik_details z = {0};
    expect_fail(dtks_nik_decode_details(nik, AS_OF, &z), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "details without a size");
    CHECK(z.province == 0 && z.birth_year == 0, "nothing written without a size");
    struct {
        dtks_nik_details d;
        uint64_t newer_field;
    } big;
    memset(&big, 0, sizeof big);
    big.d.size = sizeof big;
    big.newer_field = 0x5a5a5a5a5a5a5a5aULL;
    CHECK(dtks_nik_decode_details(nik, AS_OF, &big.d) == DTKS_OK && big.d.birth_year == 1990 &&
              big.d.size == sizeof big && big.newer_field == 0x5a5a5a5a5a5a5a5aULL,
          "a newer, larger struct: known fields written, the rest untouched");
    expect_fail(dtks_nik_decode_details(NULL, AS_OF, &d), DTKS_NULL_POINTER, "NULL_POINTER",
                "details NULL nik");
    expect_fail(dtks_nik_decode_details(nik, AS_OF, NULL), DTKS_NULL_POINTER, "NULL_POINTER",
                "details NULL out");
    dtks_nik_free(nik);
    CHECK(dtks_nik_parse("3171013112850001", false, &nik) == DTKS_OK, "parse NIK 31 Dec");
    CHECK(dtks_nik_decode_details(nik, AS_OF, &d) == DTKS_OK &&
              d.birth_convention == DTKS_BIRTH_DECEMBER_31 && d.sex == DTKS_SEX_MALE,
          "31 December is the SIMDUK stand-in");
    dtks_nik_free(nik);
    CHECK(dtks_nik_parse("3171011708800001", false, &nik) == DTKS_OK, "parse NIK 17 Aug");
    CHECK(dtks_nik_decode_details(nik, AS_OF, &d) == DTKS_OK &&
              d.birth_convention == DTKS_BIRTH_ORDINARY,
          "17 August is an ordinary date");
    dtks_nik_free(nik);

    static const struct {
        const char *kk;
        dtks_kk_recording want;
        int32_t year;
    } cards[] = {
        {"3171011503150007", DTKS_KK_RECORDING_POSSIBLE, 2015},
        {"3171010107260001", DTKS_KK_RECORDING_FUTURE, 2026},
        {"3218010509380001", DTKS_KK_RECORDING_BEFORE_REGISTRY, 1938},
    };
    for (size_t i = 0; i < sizeof cards / sizeof cards[0]; i++) {
        dtks_kk *kk = NULL;
        CHECK(dtks_kk_parse(cards[i].kk, false, &kk) == DTKS_OK, "parse KK %zu", i);
        dtks_kk_details k = {.size = sizeof k};
        CHECK(dtks_kk_decode_details(kk, "2026-06-30", &k) == DTKS_OK &&
                  k.recording == cards[i].want && k.recorded_year == cards[i].year,
              "KK %zu: recording %d year %d", i, (int)k.recording, (int)k.recorded_year);
        dtks_kk_details kz = {0};
        expect_fail(dtks_kk_decode_details(kk, "2026-06-30", &kz), DTKS_INVALID_ARGUMENT,
                    "INVALID_ARGUMENT", "kk details without a size");
        dtks_kk_free(kk);
    }
}

int main(void) {
    test_version();
    test_nik();
    test_nik_column();
    test_kk_column();
    test_kk();
    test_details();
    test_region();
    test_household();
    test_bulk();
    test_bulk_options();
    test_bulk_tables();
    test_bulk_run_unknown_name();
    test_bulk_xlsx();
    test_assess();
    test_bulk_assess();
    test_free_null();
    test_threads();
    return checks_report("test_api");
}
