/*
 * The process functions of include/dtks.h: a musyawarah session, a proposal
 * batch checked and finalised, status moves, audit trails, the status query;
 * every error path (NULL, non-UTF-8, not JSON, illegal move, tampered trail,
 * wrong statement) and a multi-threaded use. Run from the repository root
 * (reads examples/process/session.json and batch.json).
 *
 * Expected values come from the rules (docs/process.md: the state machine,
 * the statement "Saya bertanggung jawab terhadap data usulan tersebut" with
 * exact letter case, a muskel in a kelurahan — 31.71.01.1001 Gambir is one —,
 * a reason for every decision but "eligible") and from the example data
 * (RT-001 and RT-003 are decided eligible), not from the library's output.
 */
#include "dtks.h"
#include "check.h"

#include <pthread.h>
#include <stdlib.h>

#define AS_OF "2024-03-07"
#define STATEMENT "Saya bertanggung jawab terhadap data usulan tersebut"

static const char BAD_UTF8[] = {'[', (char)0xff, ']', 0};

static void expect_fail(dtks_status got, dtks_status want, const char *code, const char *what) {
    CHECK(got == want, "%s: status %s, want %s", what, dtks_status_name(got), dtks_status_name(want));
    CHECK(str_eq(dtks_last_error_code(), code), "%s: last error code %s, want %s", what,
          dtks_last_error_code() ? dtks_last_error_code() : "(null)", code);
    const char *id = dtks_last_error_message(DTKS_LANG_ID);
    const char *en = dtks_last_error_message(DTKS_LANG_EN);
    CHECK(id != NULL && en != NULL && strlen(id) > 0 && strlen(en) > 0 && strcmp(id, en) != 0,
          "%s: messages in id and en", what);
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s) s[n] = 0;
    fclose(f);
    return s;
}

/* A copy of s with the first `from` replaced by `to` (NULL if absent). */
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

/* The number of times `needle` occurs in `s`. */
static int count(const char *s, const char *needle) {
    int n = 0;
    for (const char *p = s ? strstr(s, needle) : NULL; p; p = strstr(p + 1, needle)) n++;
    return n;
}

/* The first object or array value of `key` (e.g. "\"batch\":") in a JSON text, copied; NULL
   if absent (a text or number value of the same key, as a heads file's "batch", is passed over). */
static char *value_after(const char *json, const char *key) {
    const char *p = json ? strstr(json, key) : NULL;
    while (p && p[strlen(key)] != '{' && p[strlen(key)] != '[') p = strstr(p + 1, key);
    if (!p) return NULL;
    p += strlen(key);
    int depth = 0, in_str = 0;
    const char *q = p;
    for (; *q; q++) {
        if (in_str) {
            if (*q == '\\' && q[1]) q++;
            else if (*q == '"') in_str = 0;
        } else if (*q == '"') in_str = 1;
        else if (*q == '{' || *q == '[') depth++;
        else if ((*q == '}' || *q == ']') && --depth == 0) break;
    }
    if (!*q) return NULL;
    size_t n = (size_t)(q - p) + 1;
    char *t = malloc(n + 1);
    if (!t) return NULL;
    memcpy(t, p, n);
    t[n] = 0;
    return t;
}

/* The string value of `"key":"…"` in a compact JSON answer, copied into buf. */
static const char *field(const char *json, const char *key, char *buf, size_t len) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = json ? strstr(json, pat) : NULL;
    if (!p) return NULL;
    p += strlen(pat);
    const char *e = strchr(p, '"');
    if (!e || (size_t)(e - p) >= len) return NULL;
    memcpy(buf, p, (size_t)(e - p));
    buf[e - p] = 0;
    return buf;
}

/* The "trail" of a move answer for a trail (its last member): a new string. */
static char *trail_of(const char *answer) {
    const char *p = answer ? strstr(answer, "\"trail\":") : NULL;
    if (!p) return NULL;
    p += strlen("\"trail\":");
    size_t n = strlen(p);
    if (n < 2 || p[n - 1] != '}') return NULL;
    char *t = malloc(n);
    if (!t) return NULL;
    memcpy(t, p, n - 1);
    t[n - 1] = 0;
    return t;
}

static int is_hex64(const char *s) {
    if (!s || strlen(s) != 64) return 0;
    for (const char *p = s; *p; p++)
        if (!strchr("0123456789abcdef", *p)) return 0;
    return 1;
}

static char *SESSION;
static char *BATCH;

static void test_musyawarah(void) {
    char *json = NULL;
    CHECK(dtks_musyawarah_check_json(SESSION, NULL, &json) == DTKS_OK && json, "session check");
    CHECK(json && strstr(json, "\"valid\":true") && strstr(json, "\"prelist_akhir\""),
          "example session is valid: %s", json ? json : "(null)");
    /* RT-001 and RT-003 decided eligible, in household-id order; RT-002, RT-004 not.
       (Every decision is also in "decisions", the hashed content: look at "entries".) */
    const char *ent = json ? strstr(json, "\"entries\":") : NULL;
    const char *a = ent ? strstr(ent, "\"household_id\":\"RT-001\"") : NULL;
    const char *b = ent ? strstr(ent, "\"household_id\":\"RT-003\"") : NULL;
    CHECK(a && b && a < b && !strstr(ent, "RT-002") && !strstr(ent, "RT-004"),
          "prelist akhir = RT-001, RT-003");
    char hash[80] = "";
    CHECK(is_hex64(field(json, "hash", hash, sizeof hash)), "hash is SHA-256 hex");
    /* The example batch cites this session's prelist. */
    CHECK(strstr(BATCH, hash) != NULL, "the batch cites the session's hash");
    CHECK(!strstr(json, "Rahmat") && !strstr(json, "Hidayat"), "no participant names in answer");
    dtks_string_free(json);

    /* Any decision changed changes the hash, even one off the list. */
    char *changed = replace(SESSION, "\"outcome\": \"deferred\"", "\"outcome\": \"not_eligible\"");
    json = NULL;
    char hash2[80];
    CHECK(changed && dtks_musyawarah_check_json(changed, NULL, &json) == DTKS_OK &&
              strstr(json, "\"valid\":true") && field(json, "hash", hash2, sizeof hash2) &&
              strcmp(hash, hash2) != 0,
          "another decision, another hash");
    dtks_string_free(json);
    free(changed);

    /* A musdes in a kelurahan. */
    char *musdes = replace(SESSION, "\"muskel\"", "\"musdes\"");
    json = NULL;
    CHECK(dtks_musyawarah_check_json(musdes, NULL, &json) == DTKS_OK && json &&
              strstr(json, "\"valid\":false") && strstr(json, "MUSYAWARAH_KIND_MISMATCH") &&
              !strstr(json, "prelist_akhir"),
          "musdes in a kelurahan: %s", json ? json : "(null)");
    dtks_string_free(json);
    free(musdes);

    /* A deferral without a reason. */
    char *no_reason = replace(SESSION, ", \"reason\": \"KK belum diperbarui setelah kelahiran anak\"", "");
    json = NULL;
    CHECK(no_reason && dtks_musyawarah_check_json(no_reason, NULL, &json) == DTKS_OK &&
              strstr(json, "MUSYAWARAH_REASON_REQUIRED") && strstr(json, "\"valid\":false"),
          "deferred without a reason");
    dtks_string_free(json);
    free(no_reason);

    /* A quorum the session misses (no BPD member attended), and one it meets. */
    json = NULL;
    CHECK(dtks_musyawarah_check_json(SESSION, "{\"required_roles\":[\"bpd\"]}", &json) == DTKS_OK &&
              strstr(json, "MUSYAWARAH_QUORUM_ROLE") && strstr(json, "\"valid\":false"),
          "quorum role missing");
    dtks_string_free(json);
    json = NULL;
    CHECK(dtks_musyawarah_check_json(SESSION, "{\"min_participants\":6}", &json) == DTKS_OK &&
              strstr(json, "\"valid\":true"),
          "quorum of 6 met by 6");
    dtks_string_free(json);
    json = NULL;
    CHECK(dtks_musyawarah_check_json(SESSION, "{\"min_participants\":7}", &json) == DTKS_OK &&
              strstr(json, "MUSYAWARAH_QUORUM_PARTICIPANTS"),
          "quorum of 7 missed by 6");
    dtks_string_free(json);

    json = (char *)0x1;
    expect_fail(dtks_musyawarah_check_json("{", NULL, &json), DTKS_INVALID_INPUT, "DOCUMENT_INVALID",
                "session not JSON");
    expect_fail(dtks_musyawarah_check_json("{\"kind\":\"muskel\"}", NULL, &json),
                DTKS_INVALID_INPUT, "DOCUMENT_INVALID", "session missing fields");
    expect_fail(dtks_musyawarah_check_json("[\"muskel\", \"3171011001\", \"2024-03-05\"]", NULL,
                                           &json),
                DTKS_INVALID_INPUT, "DOCUMENT_INVALID", "session as an array");
    expect_fail(dtks_musyawarah_check_json(SESSION, "[1]", &json), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "malformed quorum");
    expect_fail(dtks_musyawarah_check_json(NULL, NULL, &json), DTKS_NULL_POINTER, "NULL_POINTER",
                "session NULL");
    expect_fail(dtks_musyawarah_check_json(BAD_UTF8, NULL, &json), DTKS_INVALID_UTF8,
                "INVALID_UTF8", "session non-UTF-8");
    expect_fail(dtks_musyawarah_check_json(SESSION, BAD_UTF8, &json), DTKS_INVALID_UTF8,
                "INVALID_UTF8", "quorum non-UTF-8");
    CHECK(json == (char *)0x1, "out untouched on failure");
    expect_fail(dtks_musyawarah_check_json(SESSION, NULL, NULL), DTKS_NULL_POINTER,
                "NULL_POINTER", "session NULL out");
}

static void test_usulan_check(void) {
    char *json = NULL;
    CHECK(dtks_usulan_check_json(NULL, BATCH, SESSION, NULL, AS_OF, &json) == DTKS_OK && json &&
              strstr(json, "\"valid\":true"),
          "example batch valid: %s", json ? json : "(null)");
    CHECK(json && !strstr(json, "3171011708800001") && !strstr(json, "Budi"), "no personal data");
    dtks_string_free(json);

    /* With a rules handle (the built-in documents). */
    dtks_rules *rules = NULL;
    dtks_rules_new(&rules);
    json = NULL;
    CHECK(dtks_usulan_check_json(rules, BATCH, SESSION, "[]", AS_OF, &json) == DTKS_OK &&
              strstr(json, "\"valid\":true"),
          "with a rules handle");
    dtks_string_free(json);
    dtks_rules_free(rules);

    /* The batch cites a prelist: without the session it cannot be checked. */
    json = NULL;
    CHECK(dtks_usulan_check_json(NULL, BATCH, NULL, NULL, AS_OF, &json) == DTKS_OK &&
              strstr(json, "USULAN_PRELIST_NOT_GIVEN") && strstr(json, "\"valid\":false"),
          "prelist not given");
    dtks_string_free(json);

    /* A session whose decision changed no longer gives the cited hash. */
    char *changed = replace(SESSION, "\"outcome\": \"deferred\"", "\"outcome\": \"not_eligible\"");
    json = NULL;
    CHECK(dtks_usulan_check_json(NULL, BATCH, changed, NULL, AS_OF, &json) == DTKS_OK &&
              strstr(json, "USULAN_PRELIST_HASH_MISMATCH"),
          "prelist hash mismatch");
    dtks_string_free(json);
    free(changed);

    /* A session with errors: its problems come under "session". */
    char *musdes = replace(SESSION, "\"muskel\"", "\"musdes\"");
    json = NULL;
    CHECK(dtks_usulan_check_json(NULL, BATCH, musdes, NULL, AS_OF, &json) == DTKS_OK &&
              strstr(json, "\"path\":\"session") && strstr(json, "MUSYAWARAH_KIND_MISMATCH"),
          "session problems under session");
    dtks_string_free(json);
    free(musdes);

    /* A proposed head already registered. */
    json = NULL;
    CHECK(dtks_usulan_check_json(NULL, BATCH, SESSION, "[\"3171011708800001\"]", AS_OF, &json) ==
                  DTKS_OK &&
              strstr(json, "USULAN_NIK_REGISTERED") && strstr(json, "\"valid\":false") &&
              !strstr(json, "3171011708800001"),
          "registered NIK, masked");
    dtks_string_free(json);

    /* A trail edited in the file: the saved time of U-002 moved. */
    char *tampered = replace(BATCH, "09:17:00", "09:18:00");
    json = NULL;
    CHECK(tampered && dtks_usulan_check_json(NULL, tampered, SESSION, NULL, AS_OF, &json) == DTKS_OK &&
              strstr(json, "AUDIT_TRAIL_BROKEN") && strstr(json, "proposals[1].trail"),
          "tampered trail in a batch");
    dtks_string_free(json);
    free(tampered);

    json = (char *)0x1;
    expect_fail(dtks_usulan_check_json(NULL, BATCH, SESSION, "[\"123\"]", AS_OF, &json),
                DTKS_INVALID_INPUT, "NIK_LENGTH", "invalid registered NIK");
    expect_fail(dtks_usulan_check_json(NULL, BATCH, SESSION, "{}", AS_OF, &json),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "registered not an array");
    expect_fail(dtks_usulan_check_json(NULL, "[", SESSION, NULL, AS_OF, &json), DTKS_INVALID_INPUT,
                "DOCUMENT_INVALID", "batch not JSON");
    expect_fail(dtks_usulan_check_json(NULL, BATCH, "{}", NULL, AS_OF, &json), DTKS_INVALID_INPUT,
                "DOCUMENT_INVALID", "session not a session");
    expect_fail(dtks_usulan_check_json(NULL, BATCH, SESSION, NULL, "07-03-2024", &json),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "batch bad as_of");
    expect_fail(dtks_usulan_check_json(NULL, NULL, SESSION, NULL, AS_OF, &json), DTKS_NULL_POINTER,
                "NULL_POINTER", "batch NULL");
    expect_fail(dtks_usulan_check_json(NULL, BATCH, SESSION, NULL, NULL, &json), DTKS_NULL_POINTER,
                "NULL_POINTER", "batch NULL as_of");
    expect_fail(dtks_usulan_check_json(NULL, BAD_UTF8, SESSION, NULL, AS_OF, &json),
                DTKS_INVALID_UTF8, "INVALID_UTF8", "batch non-UTF-8");
    expect_fail(dtks_usulan_check_json(NULL, BATCH, BAD_UTF8, NULL, AS_OF, &json),
                DTKS_INVALID_UTF8, "INVALID_UTF8", "session non-UTF-8");
    expect_fail(dtks_usulan_check_json(NULL, BATCH, SESSION, BAD_UTF8, AS_OF, &json),
                DTKS_INVALID_UTF8, "INVALID_UTF8", "registered non-UTF-8");
    CHECK(json == (char *)0x1, "out untouched on failure");
    expect_fail(dtks_usulan_check_json(NULL, BATCH, SESSION, NULL, AS_OF, NULL), DTKS_NULL_POINTER,
                "NULL_POINTER", "batch NULL out");
}

static char *finalise(const char *batch, const char *statement, const char *at) {
    char *json = NULL;
    dtks_status s = dtks_usulan_finalise_json(NULL, batch, SESSION, NULL, AS_OF, statement,
                                              "op-3171011001", at, &json);
    CHECK(s == DTKS_OK, "finalise status %s (%s)", dtks_status_name(s),
          dtks_last_error_code() ? dtks_last_error_code() : "");
    return json;
}

static void test_usulan_finalise(void) {
    /* Refused statements: case, punctuation, nothing. Nothing is recorded. */
    const char *wrong[] = {
        "saya bertanggung jawab terhadap data usulan tersebut",
        STATEMENT ".",
        "Saya bertanggungjawab terhadap data usulan tersebut",
        "   ",
    };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        char *json = finalise(BATCH, wrong[i], "2024-03-07T10:00:00");
        CHECK(json && strstr(json, "\"finalised\":false") &&
                  count(json, "\"code\":") == 1 && strstr(json, "USULAN_STATEMENT_MISMATCH") &&
                  !strstr(json, "\"batch\""),
              "statement refused: '%s' -> %s", wrong[i], json ? json : "(null)");
        dtks_string_free(json);
    }

    /* The exact statement (surrounding and inner whitespace do not count). */
    char *json = finalise(BATCH, "  Saya bertanggung  jawab terhadap data usulan tersebut\n",
                          "2024-03-07T10:00:00");
    CHECK(json && strstr(json, "\"finalised\":true") && strstr(json, "\"valid\":true") &&
              strstr(json, "\"batch\":{"),
          "finalised: %s", json ? json : "(null)");
    /* Each of the two proposals got a finalise entry by the actor at the time. */
    CHECK(count(json, "\"to\":\"finalised\"") == 2 &&
              count(json, "\"actor\":\"op-3171011001\",\"at\":\"2024-03-07T10:00:00\"") == 2,
          "two finalise entries");
    /* The finalised batch, as stored by the host, is a batch again. */
    char *stored = value_after(json, "\"batch\":");
    dtks_string_free(json);

    /* Finalised twice: the proposals are no longer saved. */
    json = stored ? finalise(stored, STATEMENT, "2024-03-07T11:00:00") : NULL;
    CHECK(json && strstr(json, "\"finalised\":false") && count(json, "USULAN_STATUS_WRONG") == 2,
          "finalise twice refused: %s", json ? json : "(null)");
    dtks_string_free(json);

    /* Its status, by name (case and spaces ignored) and by NIK. */
    json = NULL;
    CHECK(stored && dtks_usulan_status_json(stored, NULL, "  WATI   rahayu ", &json) == DTKS_OK &&
              strstr(json, "\"found\":true") && strstr(json, "\"proposal_id\":\"U-002\"") &&
              strstr(json, "\"status\":\"finalised\"") &&
              strstr(json, "\"since\":\"2024-03-07T10:00:00\"") &&
              strstr(json, "\"member\":\"proposals[1].household.families[0].members[0]\"") &&
              !strstr(json, "Wati"),
          "status by name: %s", json ? json : "(null)");
    dtks_string_free(json);
    free(stored);

    /* A finalisation dated before the save is refused, nothing kept. */
    json = finalise(BATCH, STATEMENT, "2024-03-07T09:10:00");
    CHECK(json && strstr(json, "\"finalised\":false") && strstr(json, "LIFECYCLE_TIME_BACKWARDS"),
          "finalise before the save: %s", json ? json : "(null)");
    dtks_string_free(json);

    /* The Berita Acara Usulan not attached. */
    char *no_ba = replace(BATCH, "\"uploads/ba-usulan-3171011001-2024-03.pdf\"", "\"  \"");
    json = no_ba ? finalise(no_ba, STATEMENT, "2024-03-07T10:00:00") : NULL;
    CHECK(json && strstr(json, "USULAN_BERITA_ACARA_MISSING") && strstr(json, "\"finalised\":false"),
          "no Berita Acara Usulan: %s", json ? json : "(null)");
    dtks_string_free(json);
    free(no_ba);

    char *out = (char *)0x1;
    expect_fail(dtks_usulan_finalise_json(NULL, BATCH, SESSION, NULL, AS_OF, STATEMENT, "op",
                                          "2024-03-07 10:00", &out),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "finalise bad at");
    expect_fail(dtks_usulan_finalise_json(NULL, BATCH, SESSION, NULL, AS_OF, NULL, "op",
                                          "2024-03-07T10:00:00", &out),
                DTKS_NULL_POINTER, "NULL_POINTER", "finalise NULL statement");
    expect_fail(dtks_usulan_finalise_json(NULL, BATCH, SESSION, NULL, AS_OF, STATEMENT, NULL,
                                          "2024-03-07T10:00:00", &out),
                DTKS_NULL_POINTER, "NULL_POINTER", "finalise NULL actor");
    expect_fail(dtks_usulan_finalise_json(NULL, BATCH, SESSION, NULL, AS_OF, BAD_UTF8, "op",
                                          "2024-03-07T10:00:00", &out),
                DTKS_INVALID_UTF8, "INVALID_UTF8", "finalise non-UTF-8 statement");
    expect_fail(dtks_usulan_finalise_json(NULL, "nope", SESSION, NULL, AS_OF, STATEMENT, "op",
                                          "2024-03-07T10:00:00", &out),
                DTKS_INVALID_INPUT, "DOCUMENT_INVALID", "finalise not JSON");
    CHECK(out == (char *)0x1, "out untouched on failure");
    expect_fail(dtks_usulan_finalise_json(NULL, BATCH, SESSION, NULL, AS_OF, STATEMENT, "op",
                                          "2024-03-07T10:00:00", NULL),
                DTKS_NULL_POINTER, "NULL_POINTER", "finalise NULL out");
}

/* One move on a trail; returns the new trail (or NULL) and frees the answer. */
static char *step(const char *trail, const char *event, const char *reason, const char *at,
                  const char *note, const char *want_status) {
    char *json = NULL;
    dtks_status s = dtks_lifecycle_move_json(trail, event, reason, "op-1", at, note, &json);
    char want[64];
    snprintf(want, sizeof want, "\"status\":\"%s\"", want_status);
    char head[80];
    CHECK(s == DTKS_OK && json && strstr(json, want) && is_hex64(field(json, "head", head, sizeof head)),
          "%s -> %s: %s (%s)", event, want_status, json ? json : dtks_status_name(s),
          dtks_last_error_code() ? dtks_last_error_code() : "");
    char *t = trail_of(json);
    dtks_string_free(json);
    return t;
}

static void test_lifecycle(void) {
    /* The illegal move says what was expected and what was found. */
    char *json = (char *)0x1;
    expect_fail(dtks_lifecycle_move_json("[]", "verify", NULL, "op-1", "2024-03-07T09:00:00", NULL,
                                         &json),
                DTKS_INVALID_INPUT, "LIFECYCLE_ILLEGAL_MOVE", "verify a draft");
    const char *en = dtks_last_error_message(DTKS_LANG_EN);
    CHECK(en && strstr(en, "that is draft") && strstr(en, "must be under verification"),
          "illegal move message: %s", en ? en : "(null)");
    /* Issue 13: the Indonesian message says the statuses in Indonesian words. */
    const char *id = dtks_last_error_message(DTKS_LANG_ID);
    CHECK(id && strstr(id, "berstatus draf") && strstr(id, "harus dalam verifikasi") &&
              !strstr(id, "under_verification"),
          "illegal move message (id): %s", id ? id : "(null)");
    CHECK(json == (char *)0x1, "out untouched on failure");

    /* draft -> saved; saved -> finalised only through the batch finalisation. */
    char *t1 = step("[]", "save", NULL, "2024-03-07T09:00:00", NULL, "saved");
    expect_fail(dtks_lifecycle_move_json(t1, "finalise", NULL, "op-1", "2024-03-07T10:00:00", NULL,
                                         &json),
                DTKS_INVALID_INPUT, "LIFECYCLE_FINALISE_RESERVED", "finalise as a single move");
    CHECK(json == (char *)0x1, "out untouched on a refused finalise");
    free(t1);
    /* The trail of a proposal finalised with its batch records what was checked. */
    char *fin = finalise(BATCH, STATEMENT, "2024-03-07T10:00:00");
    char *t2 = value_after(fin, "\"trail\":");
    dtks_string_free(fin);
    CHECK(t2 && strstr(t2, "\"checked\":{\"berita_acara_usulan\":") &&
              strstr(t2, "\"statement\":\"Saya bertanggung jawab terhadap data usulan tersebut\"") &&
              strstr(t2, "\"batch_hash\":\""),
          "finalise entry records its checks: %s", t2 ? t2 : "(null)");
    expect_fail(dtks_lifecycle_move_json(t2, "finalise", NULL, "op-1", "2024-03-07T11:00:00", NULL,
                                         &json),
                DTKS_INVALID_INPUT, "LIFECYCLE_FINALISE_RESERVED", "finalise twice");
    expect_fail(dtks_lifecycle_move_json(t2, "start_verification", NULL, "op-1",
                                         "2024-03-07T09:59:59", NULL, &json),
                DTKS_INVALID_INPUT, "LIFECYCLE_TIME_BACKWARDS", "time backwards");
    char *t3 = t2 ? step(t2, "start_verification", NULL, "2024-03-08T08:00:00", NULL,
                         "under_verification")
                  : NULL;
    expect_fail(dtks_lifecycle_move_json(t3, "reject", NULL, "kemensos", "2024-03-09T08:00:00",
                                         NULL, &json),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "reject without a reason");
    expect_fail(dtks_lifecycle_move_json(t3, "reject", "other", "kemensos", "2024-03-09T08:00:00",
                                         "  ", &json),
                DTKS_INVALID_INPUT, "LIFECYCLE_REASON_REQUIRED", "reason other without a note");
    expect_fail(dtks_lifecycle_move_json(t3, "reject", "sunspots", "kemensos",
                                         "2024-03-09T08:00:00", NULL, &json),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "unknown reason");
    expect_fail(dtks_lifecycle_move_json(t3, "verify", "duplicate", "kemensos",
                                         "2024-03-09T08:00:00", NULL, &json),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "a reason for verify");
    char *t4 = t3 ? step(t3, "reject", "identity_not_matched", "2024-03-09T08:00:00",
                         "tidak padan", "rejected")
                  : NULL;
    CHECK(t4 && strstr(t4, "\"reason\":\"identity_not_matched\"") && strstr(t4, "tidak padan"),
          "reason and note recorded");
    /* Rejected is final. */
    expect_fail(dtks_lifecycle_move_json(t4, "verify", NULL, "kemensos", "2024-03-10T08:00:00",
                                         NULL, &json),
                DTKS_INVALID_INPUT, "LIFECYCLE_ILLEGAL_MOVE", "rejected is final");

    /* Verify: intact. */
    json = NULL;
    CHECK(t4 && dtks_lifecycle_verify_json(t4, NULL, &json) == DTKS_OK && json &&
              strstr(json, "\"valid\":true") && strstr(json, "\"broken_at\":null") &&
              strstr(json, "\"status\":\"rejected\"") && strstr(json, "\"entries\":4"),
          "intact trail: %s", json ? json : "(null)");
    char head4[80];
    field(json, "head", head4, sizeof head4);
    dtks_string_free(json);

    /* Tampered: the second entry's actor edited -> broken at 1, hash mismatch. */
    char *edited = t4 ? replace(t4, "\"actor\":\"op-3171011001\",\"at\":\"2024-03-07T10",
                                "\"actor\":\"op-2\",\"at\":\"2024-03-07T10")
                      : NULL;
    json = NULL;
    CHECK(edited && dtks_lifecycle_verify_json(edited, NULL, &json) == DTKS_OK && json &&
              strstr(json, "\"valid\":false") && strstr(json, "\"broken_at\":1") &&
              strstr(json, "\"kind\":\"hash_mismatch\"") && strstr(json, "AUDIT_TRAIL_BROKEN"),
          "edited entry detected: %s", json ? json : "(null)");
    dtks_string_free(json);
    /* ... and no move is made on a broken trail. */
    expect_fail(dtks_lifecycle_move_json(edited, "save", NULL, "op-1", "2024-03-11T08:00:00", NULL,
                                         &json),
                DTKS_INVALID_INPUT, "AUDIT_TRAIL_BROKEN", "move on a broken trail");
    free(edited);

    /* Tampered: an entry removed in the middle. */
    char *gap = NULL;
    if (t4) {
        const char *e1 = strstr(t4, "{\"index\":1");
        const char *e2 = strstr(t4, "{\"index\":2");
        if (e1 && e2) {
            gap = malloc(strlen(t4) + 1);
            memcpy(gap, t4, (size_t)(e1 - t4));
            strcpy(gap + (e1 - t4), e2);
        }
    }
    json = NULL;
    CHECK(gap && dtks_lifecycle_verify_json(gap, NULL, &json) == DTKS_OK &&
              strstr(json, "\"broken_at\":1") && strstr(json, "\"kind\":\"index_mismatch\""),
          "removed entry detected: %s", json ? json : "(null)");
    dtks_string_free(json);
    free(gap);

    /* Truncated at the end: only the kept head shows it. */
    json = NULL;
    CHECK(t3 && dtks_lifecycle_verify_json(t3, NULL, &json) == DTKS_OK &&
              strstr(json, "\"valid\":true"),
          "a shorter trail is a valid trail");
    dtks_string_free(json);
    json = NULL;
    CHECK(t3 && dtks_lifecycle_verify_json(t3, head4, &json) == DTKS_OK &&
              strstr(json, "\"valid\":false") && strstr(json, "\"kind\":\"truncated\"") &&
              strstr(json, "\"broken_at\":3"),
          "truncation detected with the head: %s", json ? json : "(null)");
    dtks_string_free(json);
    json = NULL;
    CHECK(t4 && dtks_lifecycle_verify_json(t4, head4, &json) == DTKS_OK &&
              strstr(json, "\"valid\":true"),
          "the full trail ends at the head");
    dtks_string_free(json);

    /* A proposal: the move is recorded in its trail. */
    const char *proposal =
        "{\"id\":\"U-1\",\"kk\":\"3171011503150007\",\"nik\":\"3171011708800001\","
        "\"household\":{\"id\":\"RT-1\",\"address\":{\"village_code\":\"3171011001\"},"
        "\"families\":[{\"kk\":\"3171011503150007\",\"members\":[{\"nik\":\"3171011708800001\","
        "\"name\":\"Budi\",\"birth_date\":\"1980-08-17\",\"sex\":\"male\",\"relationship\":"
        "\"head\"}]}]},\"programmes\":[\"pkh\"]}";
    json = NULL;
    CHECK(dtks_lifecycle_move_json(proposal, "save", NULL, "op-1", "2024-03-07T09:00:00", NULL,
                                   &json) == DTKS_OK &&
              strstr(json, "\"status\":\"saved\"") && strstr(json, "\"proposal\":{\"id\":\"U-1\"") &&
              count(json, "\"to\":\"saved\"") == 2,
          "move a proposal: %s", json ? json : "(null)");
    dtks_string_free(json);
    json = NULL;
    CHECK(dtks_lifecycle_verify_json(proposal, NULL, &json) == DTKS_OK &&
              strstr(json, "\"status\":\"draft\"") && strstr(json, "\"entries\":0"),
          "verify a draft proposal");
    dtks_string_free(json);

    json = (char *)0x1;
    expect_fail(dtks_lifecycle_move_json("[]", "fly", NULL, "op", "2024-03-07T09:00:00", NULL, &json),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "unknown event");
    expect_fail(dtks_lifecycle_move_json("[]", "save", NULL, "op", "2024-03-07", NULL, &json),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "at without a time");
    expect_fail(dtks_lifecycle_move_json("[{]", "save", NULL, "op", "2024-03-07T09:00:00", NULL, &json),
                DTKS_INVALID_INPUT, "DOCUMENT_INVALID", "trail not JSON");
    expect_fail(dtks_lifecycle_move_json("{\"id\":1}", "save", NULL, "op", "2024-03-07T09:00:00",
                                         NULL, &json),
                DTKS_INVALID_INPUT, "DOCUMENT_INVALID", "not a proposal");
    expect_fail(dtks_lifecycle_move_json(NULL, "save", NULL, "op", "2024-03-07T09:00:00", NULL, &json),
                DTKS_NULL_POINTER, "NULL_POINTER", "move NULL trail");
    expect_fail(dtks_lifecycle_move_json("[]", NULL, NULL, "op", "2024-03-07T09:00:00", NULL, &json),
                DTKS_NULL_POINTER, "NULL_POINTER", "move NULL event");
    expect_fail(dtks_lifecycle_move_json("[]", "save", NULL, NULL, "2024-03-07T09:00:00", NULL, &json),
                DTKS_NULL_POINTER, "NULL_POINTER", "move NULL actor");
    expect_fail(dtks_lifecycle_move_json("[]", "save", NULL, "op", NULL, NULL, &json),
                DTKS_NULL_POINTER, "NULL_POINTER", "move NULL at");
    expect_fail(dtks_lifecycle_move_json("[]", "save", NULL, BAD_UTF8, "2024-03-07T09:00:00", NULL,
                                         &json),
                DTKS_INVALID_UTF8, "INVALID_UTF8", "move non-UTF-8 actor");
    expect_fail(dtks_lifecycle_move_json("[]", "save", NULL, "op", "2024-03-07T09:00:00", BAD_UTF8,
                                         &json),
                DTKS_INVALID_UTF8, "INVALID_UTF8", "move non-UTF-8 note");
    expect_fail(dtks_lifecycle_verify_json("[", NULL, &json), DTKS_INVALID_INPUT, "DOCUMENT_INVALID",
                "verify not JSON");
    expect_fail(dtks_lifecycle_verify_json(NULL, NULL, &json), DTKS_NULL_POINTER, "NULL_POINTER",
                "verify NULL");
    expect_fail(dtks_lifecycle_verify_json(BAD_UTF8, NULL, &json), DTKS_INVALID_UTF8,
                "INVALID_UTF8", "verify non-UTF-8");
    expect_fail(dtks_lifecycle_verify_json("[]", BAD_UTF8, &json), DTKS_INVALID_UTF8,
                "INVALID_UTF8", "verify non-UTF-8 head");
    CHECK(json == (char *)0x1, "out untouched on failure");
    expect_fail(dtks_lifecycle_move_json("[]", "save", NULL, "op", "2024-03-07T09:00:00", NULL, NULL),
                DTKS_NULL_POINTER, "NULL_POINTER", "move NULL out");
    expect_fail(dtks_lifecycle_verify_json("[]", NULL, NULL), DTKS_NULL_POINTER, "NULL_POINTER",
                "verify NULL out");
    free(t2);
    free(t3);
    free(t4);
}

static void test_status(void) {
    char *json = NULL;
    /* A forged trail is not answered from: the problem instead (as `dtks usulan status`). */
    char *fin = finalise(BATCH, STATEMENT, "2024-03-07T10:00:00");
    char *stored = value_after(fin, "\"batch\":");
    dtks_string_free(fin);
    char *forged = stored ? replace(stored, "\"actor\":\"op-3171011001\",\"at\":\"2024-03-07T10",
                                    "\"actor\":\"op-lain\",\"at\":\"2024-03-07T10")
                          : NULL;
    CHECK(forged && dtks_usulan_status_json(forged, NULL, "Budi Santoso", &json) == DTKS_OK &&
              strstr(json, "\"found\":false") && strstr(json, "\"answers\":[]") &&
              strstr(json, "AUDIT_TRAIL_BROKEN") && strstr(json, "\"kind\":\"hash_mismatch\""),
          "status of a forged trail: %s", json ? json : "(null)");
    dtks_string_free(json);
    json = NULL;
    free(forged);
    free(stored);
    CHECK(dtks_usulan_status_json(BATCH, "3171014107750005", NULL, &json) == DTKS_OK &&
              strstr(json, "\"found\":true") && strstr(json, "\"proposal_id\":\"U-002\"") &&
              strstr(json, "\"status\":\"saved\"") && !strstr(json, "3171014107750005"),
          "status by NIK: %s", json ? json : "(null)");
    dtks_string_free(json);
    /* A member who is not the proposed person: the son in U-002. */
    json = NULL;
    CHECK(dtks_usulan_status_json(BATCH, NULL, "dedi kurniawan", &json) == DTKS_OK &&
              strstr(json, "\"member\":\"proposals[1].household.families[0].members[1]\""),
          "status of another member");
    dtks_string_free(json);
    json = NULL;
    CHECK(dtks_usulan_status_json(BATCH, "3171014101900001", NULL, &json) == DTKS_OK &&
              strstr(json, "\"found\":false") && strstr(json, "\"answers\":[]"),
          "not found is an answer");
    dtks_string_free(json);
    json = NULL;
    CHECK(dtks_usulan_status_json(BATCH, NULL, "Wati", &json) == DTKS_OK &&
              strstr(json, "\"found\":false"),
          "whole names only");
    dtks_string_free(json);

    json = (char *)0x1;
    expect_fail(dtks_usulan_status_json(BATCH, "123", NULL, &json), DTKS_INVALID_INPUT,
                "NIK_LENGTH", "status invalid NIK");
    expect_fail(dtks_usulan_status_json(BATCH, NULL, NULL, &json), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "neither NIK nor name");
    expect_fail(dtks_usulan_status_json(BATCH, "3171014107750005", "Wati Rahayu", &json),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "both NIK and name");
    expect_fail(dtks_usulan_status_json("{", NULL, "x", &json), DTKS_INVALID_INPUT,
                "DOCUMENT_INVALID", "status batch not JSON");
    expect_fail(dtks_usulan_status_json(NULL, NULL, "x", &json), DTKS_NULL_POINTER,
                "NULL_POINTER", "status NULL batch");
    expect_fail(dtks_usulan_status_json(BATCH, NULL, BAD_UTF8, &json), DTKS_INVALID_UTF8,
                "INVALID_UTF8", "status non-UTF-8 name");
    CHECK(json == (char *)0x1, "out untouched on failure");
    expect_fail(dtks_usulan_status_json(BATCH, NULL, "x", NULL), DTKS_NULL_POINTER,
                "NULL_POINTER", "status NULL out");
}

/* ---- threads ---------------------------------------------------------- */

#define THREADS 4
#define ROUNDS 40

static void *worker(void *arg) {
    (void)arg;
    long bad = 0;
    for (int i = 0; i < ROUNDS; i++) {
        char *json = NULL;
        if (i % 2 == 0) {
            if (dtks_musyawarah_check_json(SESSION, NULL, &json) != DTKS_OK ||
                !strstr(json, "\"valid\":true"))
                bad++;
            if (dtks_last_error_code() != NULL) bad++;
        } else {
            if (dtks_lifecycle_move_json("[]", "verify", NULL, "op", "2024-03-07T09:00:00", NULL,
                                         &json) != DTKS_INVALID_INPUT)
                bad++;
            if (!str_eq(dtks_last_error_code(), "LIFECYCLE_ILLEGAL_MOVE")) bad++;
        }
        dtks_string_free(json);
        if (i % 10 == 0) {
            json = NULL;
            if (dtks_usulan_status_json(BATCH, NULL, "wati rahayu", &json) != DTKS_OK ||
                !strstr(json, "U-002"))
                bad++;
            dtks_string_free(json);
        }
    }
    return (void *)bad;
}

static void test_threads(void) {
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, NULL);
    long bad = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r = NULL;
        pthread_join(t[i], &r);
        bad += (long)r;
    }
    CHECK(bad == 0, "threads: %ld wrong answers", bad);
}

#define KEY "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

/* The host's anchors on the C face (docs/process.md, "Trust model" and "The
   anchors on every face"): a key every entry must be sealed with, heads kept
   apart from the batch, and the moves of a batch. */
static void test_anchors(void) {
    dtks_process_options *keyed = NULL, *kept = NULL, *replayed = NULL, *partial = NULL;
    CHECK(dtks_process_options_new(&keyed) == DTKS_OK && keyed, "options");
    CHECK(dtks_process_options_new(&kept) == DTKS_OK && kept, "options");
    CHECK(dtks_process_options_new(&replayed) == DTKS_OK && replayed, "options");
    CHECK(dtks_process_options_new(&partial) == DTKS_OK && partial, "options");
    if (!keyed || !kept || !replayed || !partial) return;
    expect_fail(dtks_process_options_set(keyed, "key", "abc"), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "a key of one and a half bytes");
    expect_fail(dtks_process_options_set(keyed, "colour", "red"), DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT", "an unknown option");
    expect_fail(dtks_process_options_set(kept, "heads", "{\"format\": \"dtks-heads/9\", \"batch\": \"B\", \"heads\": {}}"),
                DTKS_INVALID_INPUT, "DOCUMENT_INVALID", "heads of another format");
    expect_fail(dtks_process_options_set(NULL, "key", KEY), DTKS_NULL_POINTER, "NULL_POINTER",
                "NULL options");
    CHECK(dtks_process_options_set(keyed, "key", KEY) == DTKS_OK, "key set");

    /* A quorum rule without the session it applies to is refused, as the
     * command and Python refuse it (it was ignored without a word). */
    dtks_process_options *quorum = NULL;
    CHECK(dtks_process_options_new(&quorum) == DTKS_OK, "quorum options");
    CHECK(dtks_process_options_set(quorum, "quorum_min", "5") == DTKS_OK, "quorum_min");
    char *nothing = NULL;
    expect_fail(dtks_usulan_check_ex_json(NULL, BATCH, NULL, NULL, AS_OF, quorum, &nothing),
                DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "a quorum without a session");
    CHECK(nothing == NULL, "nothing written");
    const char *id = dtks_last_error_message(DTKS_LANG_ID);
    CHECK(id && strstr(id, "kuorum") != NULL && strstr(id, "quorum rule") == NULL,
          "Indonesian message: %s", id ? id : "(null)");
    dtks_process_options_free(quorum);

    /* With the key, the example's unsealed save entries are caught. */
    char *json = NULL;
    dtks_status s = dtks_usulan_check_ex_json(NULL, BATCH, SESSION, NULL, AS_OF, keyed, &json);
    CHECK(s == DTKS_OK && json && count(json, "AUDIT_TRAIL_BROKEN") == 2 &&
              strstr(json, "\"valid\":false"),
          "unsealed entries with the key: %s", json ? json : dtks_status_name(s));
    dtks_string_free(json);

    /* A trail written with the key verifies with it; without it, entries are unsealed. */
    json = NULL;
    s = dtks_lifecycle_move_ex_json("[]", "save", NULL, "op-1", "2024-03-07T09:00:00", NULL, keyed, &json);
    CHECK(s == DTKS_OK && json && strstr(json, "\"seal\":"), "sealed save: %s",
          json ? json : dtks_status_name(s));
    char *sealed = trail_of(json);
    dtks_string_free(json);
    json = NULL;
    s = dtks_lifecycle_verify_ex_json(sealed, keyed, &json);
    CHECK(s == DTKS_OK && json && strstr(json, "\"valid\":true"), "sealed trail verifies: %s", json);
    dtks_string_free(json);
    char *plain = step("[]", "save", NULL, "2024-03-07T09:00:00", NULL, "saved");
    json = NULL;
    s = dtks_lifecycle_verify_ex_json(plain, keyed, &json);
    CHECK(s == DTKS_OK && json && strstr(json, "\"kind\":\"unsealed\""), "unkeyed trail with the key: %s", json);
    dtks_string_free(json);
    json = NULL;
    s = dtks_lifecycle_move_ex_json(plain, "finalise", NULL, "op-1", "2024-03-07T10:00:00", NULL, NULL, &json);
    expect_fail(s, DTKS_INVALID_INPUT, "LIFECYCLE_FINALISE_RESERVED", "finalise by hand");
    free(sealed);
    free(plain);

    /* Finalise: the answer carries the heads to keep. */
    json = NULL;
    s = dtks_usulan_finalise_ex_json(NULL, BATCH, SESSION, NULL, AS_OF, STATEMENT, "op-3171011001",
                                     "2024-03-07T10:00:00", NULL, &json);
    char *finalised = value_after(json, "\"batch\":");
    char *heads = NULL;
    const char *h = json ? strstr(json, "\"heads\":{\"format\"") : NULL;
    heads = h ? value_after(h, "\"heads\":") : NULL;
    CHECK(s == DTKS_OK && finalised && heads && strstr(heads, "dtks-heads/1"), "finalise answers heads: %s", json);
    dtks_string_free(json);
    if (!finalised || !heads) return;
    CHECK(dtks_process_options_set(kept, "heads", heads) == DTKS_OK, "heads set");

    /* A move on one proposal of the batch, verified against the kept heads. */
    json = NULL;
    s = dtks_usulan_move_json(finalised, "[\"U-001\"]", "start_verification", NULL, "dinsos-3171",
                              "2024-03-11T08:00:00", NULL, kept, &json);
    CHECK(s == DTKS_OK && json && strstr(json, "\"moved\":true") &&
              strstr(json, "\"to\":\"under_verification\""),
          "batch move: %s", json ? json : dtks_status_name(s));
    char *moved = value_after(json, "\"batch\":");
    h = json ? strstr(json, "\"heads\":{\"format\"") : NULL;
    char *heads2 = h ? value_after(h, "\"heads\":") : NULL;
    dtks_string_free(json);
    CHECK(moved && heads2, "moved batch and its heads");
    if (!moved || !heads2) return;

    /* The old batch put back, checked against the newer heads: caught. */
    CHECK(dtks_process_options_set(replayed, "heads", heads2) == DTKS_OK, "heads set");
    json = NULL;
    s = dtks_usulan_check_ex_json(NULL, finalised, SESSION, NULL, AS_OF, replayed, &json);
    CHECK(s == DTKS_OK && json && strstr(json, "AUDIT_TRAIL_BROKEN") && strstr(json, "truncated"),
          "old batch with newer heads: %s", json);
    dtks_string_free(json);
    json = NULL;
    s = dtks_usulan_heads_json(finalised, replayed, &json);
    CHECK(s == DTKS_OK && json && strstr(json, "\"valid\":false") && !strstr(json, "\"heads\":{"),
          "no heads for a broken batch: %s", json);
    dtks_string_free(json);
    json = NULL;
    s = dtks_usulan_heads_json(moved, replayed, &json);
    CHECK(s == DTKS_OK && json && strstr(json, "\"valid\":true") && strstr(json, "dtks-heads/1"),
          "heads of the current batch: %s", json);
    dtks_string_free(json);

    /* Refusals: finalise is not a move; the proposal list must be a JSON list; all or nothing. */
    json = NULL;
    s = dtks_usulan_move_json(moved, NULL, "finalise", NULL, "op-1", "2024-03-12T08:00:00", NULL, NULL, &json);
    expect_fail(s, DTKS_INVALID_INPUT, "LIFECYCLE_FINALISE_RESERVED", "finalise as a batch move");
    s = dtks_usulan_move_json(moved, "U-001", "verify", NULL, "op-1", "2024-03-12T08:00:00", NULL, NULL, &json);
    expect_fail(s, DTKS_INVALID_ARGUMENT, "INVALID_ARGUMENT", "proposals not a JSON list");
    json = NULL;
    s = dtks_usulan_move_json(moved, NULL, "verify", NULL, "op-1", "2024-03-12T08:00:00", NULL, NULL, &json);
    CHECK(s == DTKS_OK && json && strstr(json, "\"moved\":false") && strstr(json, "LIFECYCLE_ILLEGAL_MOVE") &&
              !strstr(json, "\"batch\":"),
          "U-002 is not under verification: nothing moves: %s", json);
    dtks_string_free(json);

    /* The status look-up by part of a name. */
    CHECK(dtks_process_options_set(partial, "partial", "true") == DTKS_OK, "partial set");
    json = NULL;
    s = dtks_usulan_status_ex_json(BATCH, NULL, "WATI", partial, &json);
    CHECK(s == DTKS_OK && json && strstr(json, "\"found\":true") && !strstr(json, "Wati"),
          "partial name: %s", json);
    dtks_string_free(json);
    json = NULL;
    s = dtks_usulan_status_ex_json(BATCH, NULL, "WATI", NULL, &json);
    CHECK(s == DTKS_OK && json && strstr(json, "\"found\":false"), "whole names by default: %s", json);
    dtks_string_free(json);

    free(finalised);
    free(heads);
    free(moved);
    free(heads2);
    dtks_process_options_free(keyed);
    dtks_process_options_free(kept);
    dtks_process_options_free(replayed);
    dtks_process_options_free(partial);
    dtks_process_options_free(NULL);
}

int main(void) {
    SESSION = read_file("examples/process/session.json");
    BATCH = read_file("examples/process/batch.json");
    CHECK(SESSION && BATCH, "examples/process read (run from the repository root)");
    if (!SESSION || !BATCH) return checks_report("test_process");
    test_musyawarah();
    test_usulan_check();
    test_usulan_finalise();
    test_lifecycle();
    test_status();
    test_anchors();
    test_threads();
    free(SESSION);
    free(BATCH);
    return checks_report("test_process");
}
