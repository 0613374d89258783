/*
 * The shared conformance cases (tests/conformance/, one JSON file per kind, format and matching
 * rules in its README) checked through the C ABI. JSON is read with jansson
 * (an independent C library), never with dtks itself, so the library does
 * not grade its own answers.
 *
 *   conformance tests/conformance/nik.json tests/conformance/kk.json (and so on)
 */
#include "dtks.h"
#include "check.h"

#include <jansson.h>
#include <stdlib.h>

/* nik, kk, region: every key of `expect` equals the answer's value. */
static void compare_keys(const char *file, const char *name, json_t *answer, json_t *expect) {
    const char *key;
    json_t *want;
    json_object_foreach(expect, key, want) {
        json_t *got = json_object_get(answer, key);
        int same = got != NULL && json_equal(got, want);
        if (!same) {
            char *g = got ? json_dumps(got, JSON_ENCODE_ANY) : NULL;
            char *w = json_dumps(want, JSON_ENCODE_ANY);
            CHECK(0, "%s: %s: %s = %s, want %s", file, name, key, g ? g : "(missing)", w);
            free(g);
            free(w);
        } else {
            CHECK(1, "%s", key);
        }
    }
}

/* The handle API must agree with the JSON answer: a valid number parses, an
   invalid one fails with the code of the answer. */
static void check_parse(const char *kind, const char *input, int lenient, const char *as_of,
                        json_t *expect, const char *name) {
    json_t *valid = json_object_get(expect, "valid");
    if (!json_is_boolean(valid)) return;
    dtks_status s;
    if (kind[0] == 'n') {
        dtks_nik *n = NULL;
        s = dtks_nik_parse(input, lenient, &n);
        dtks_nik_free(n);
    } else {
        /* A well-formed number whose recording date is impossible on as_of
           parses; dtks_kk_check says why. */
        dtks_kk *k = NULL;
        s = dtks_kk_parse(input, lenient, &k);
        if (s == DTKS_OK) s = dtks_kk_check(k, as_of);
        dtks_kk_free(k);
    }
    if (json_is_true(valid)) {
        CHECK(s == DTKS_OK, "%s: parse returned %s", name, dtks_status_name(s));
    } else {
        CHECK(s == DTKS_INVALID_INPUT, "%s: parse returned %s", name, dtks_status_name(s));
        json_t *code = json_object_get(expect, "code");
        if (json_is_string(code))
            CHECK(str_eq(dtks_last_error_code(), json_string_value(code)),
                  "%s: last error %s, want %s", name,
                  dtks_last_error_code() ? dtks_last_error_code() : "(null)",
                  json_string_value(code));
    }
}

/* household: `valid` equal and problems equal as a multiset of (code, path, severity),
   read through the dtks_problems accessors. */
static void check_household(const char *file, const char *name, json_t *input, const char *as_of,
                            json_t *expect) {
    char *text = json_dumps(input, JSON_COMPACT);
    dtks_problems *p = NULL;
    dtks_status s = dtks_household_validate(text, as_of, &p);
    free(text);
    CHECK(s == DTKS_OK, "%s: %s: status %s", file, name, dtks_status_name(s));
    if (s != DTKS_OK) return;
    int want_valid = json_is_true(json_object_get(expect, "valid"));
    CHECK(dtks_problems_valid(p) == want_valid, "%s: %s: valid %d, want %d", file, name,
          dtks_problems_valid(p), want_valid);

    json_t *want = json_object_get(expect, "problems");
    size_t n = dtks_problems_count(p);
    size_t m = json_array_size(want);
    int *used = calloc(m + 1, sizeof(int));
    int ok = n == m;
    for (size_t i = 0; ok && i < n; i++) {
        const char *code = dtks_problems_code(p, i);
        const char *path = dtks_problems_path(p, i);
        const char *sev = dtks_problems_severity(p, i) == DTKS_SEVERITY_ERROR ? "error" : "warning";
        int found = 0;
        for (size_t j = 0; j < m && !found; j++) {
            json_t *w = json_array_get(want, j);
            if (!used[j] && str_eq(code, json_string_value(json_object_get(w, "code"))) &&
                str_eq(path, json_string_value(json_object_get(w, "path"))) &&
                str_eq(sev, json_string_value(json_object_get(w, "severity")))) {
                used[j] = 1;
                found = 1;
            }
        }
        ok = found;
    }
    free(used);
    if (!ok) {
        fprintf(stderr, "  got:");
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, " (%s %s %u)", dtks_problems_code(p, i), dtks_problems_path(p, i),
                    dtks_problems_severity(p, i));
        char *w = json_dumps(want, JSON_COMPACT);
        fprintf(stderr, "\n  want: %s\n", w);
        free(w);
    }
    CHECK(ok, "%s: %s: problems differ", file, name);
    dtks_problems_free(p);
}

/* `valid` equal and problems equal as a multiset of (code, path, severity)
   between a JSON answer and a case's `expect`. */
static void compare_verdict(const char *file, const char *name, json_t *answer, json_t *expect) {
    CHECK(json_equal(json_object_get(answer, "valid"), json_object_get(expect, "valid")),
          "%s: %s: valid differs", file, name);
    json_t *got = json_object_get(answer, "problems");
    json_t *want = json_object_get(expect, "problems");
    size_t n = json_array_size(got), m = json_array_size(want);
    int *used = calloc(m + 1, sizeof(int));
    int ok = n == m;
    for (size_t i = 0; ok && i < n; i++) {
        json_t *g = json_array_get(got, i);
        int found = 0;
        for (size_t j = 0; j < m && !found; j++) {
            json_t *w = json_array_get(want, j);
            if (!used[j] && json_equal(json_object_get(g, "code"), json_object_get(w, "code")) &&
                json_equal(json_object_get(g, "path"), json_object_get(w, "path")) &&
                json_equal(json_object_get(g, "severity"), json_object_get(w, "severity"))) {
                used[j] = 1;
                found = 1;
            }
        }
        ok = found;
    }
    free(used);
    if (!ok) {
        char *g = json_dumps(got, JSON_COMPACT), *w = json_dumps(want, JSON_COMPACT);
        fprintf(stderr, "  got: %s\n  want: %s\n", g, w);
        free(g);
        free(w);
    }
    CHECK(ok, "%s: %s: problems differ", file, name);
}

/* An answer string parsed and compared, then freed. */
static void compare_answer(const char *file, const char *name, dtks_status s, char *out,
                           json_t *expect, json_t **keep) {
    CHECK(s == DTKS_OK, "%s: %s: status %s (%s)", file, name, dtks_status_name(s),
          s == DTKS_OK ? "" : dtks_last_error_code());
    if (s != DTKS_OK) return;
    json_error_t err;
    json_t *answer = json_loads(out, 0, &err);
    dtks_string_free(out);
    CHECK(answer != NULL, "%s: %s: answer is JSON", file, name);
    if (!answer) return;
    compare_verdict(file, name, answer, expect);
    if (keep)
        *keep = answer;
    else
        json_decref(answer);
}

/* jakarta: the JSON answer of dtks_jakarta_check_json. */
static void check_jakarta(const char *file, const char *name, json_t *input, const char *as_of,
                          json_t *expect) {
    char *accounts = json_dumps(json_object_get(input, "accounts"), JSON_COMPACT);
    json_t *reg = json_object_get(input, "registry");
    char *registry = reg ? json_dumps(reg, JSON_COMPACT) : NULL;
    char *out = NULL;
    dtks_status s = dtks_jakarta_check_json(accounts, registry, as_of, &out);
    free(accounts);
    free(registry);
    compare_answer(file, name, s, out, expect, NULL);
}

/* A member of `input` as compact JSON text, or NULL when absent (free with free()). */
static char *member_json(json_t *input, const char *key) {
    json_t *v = json_object_get(input, key);
    return v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
}

static void set_option(const char *file, const char *name, dtks_process_options *o,
                       const char *key, const char *value) {
    dtks_status s = dtks_process_options_set(o, key, value);
    CHECK(s == DTKS_OK, "%s: %s: option %s: %s", file, name, key, dtks_status_name(s));
}

/* usulan: dtks_usulan_check_ex_json / dtks_usulan_finalise_ex_json with the
   case's key, heads and quorum as process options. */
static void check_usulan(const char *file, const char *name, json_t *input, const char *as_of,
                         json_t *expect) {
    dtks_process_options *o = NULL;
    CHECK(dtks_process_options_new(&o) == DTKS_OK, "%s: %s: options", file, name);
    if (!o) return;
    const char *key = json_string_value(json_object_get(input, "key"));
    if (key) set_option(file, name, o, "key", key);
    char *heads = member_json(input, "heads");
    if (heads) set_option(file, name, o, "heads", heads);
    free(heads);
    json_t *quorum = json_object_get(input, "quorum");
    if (quorum) {
        json_t *min = json_object_get(quorum, "min_participants");
        if (json_is_integer(min)) {
            char buf[32];
            snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(min));
            set_option(file, name, o, "quorum_min", buf);
        }
        size_t i;
        json_t *role;
        json_array_foreach(json_object_get(quorum, "required_roles"), i, role)
            set_option(file, name, o, "quorum_role", json_string_value(role));
    }
    char *batch = member_json(input, "batch");
    char *session = member_json(input, "session");
    char *niks = member_json(input, "registered_niks");
    char *out = NULL;
    const char *op = json_string_value(json_object_get(input, "op"));
    json_t *answer = NULL;
    if (str_eq(op, "finalise")) {
        dtks_status s = dtks_usulan_finalise_ex_json(
            NULL, batch, session, niks, as_of, json_string_value(json_object_get(input, "statement")),
            json_string_value(json_object_get(input, "actor")),
            json_string_value(json_object_get(input, "at")), o, &out);
        compare_answer(file, name, s, out, expect, &answer);
        if (answer)
            CHECK(json_equal(json_object_get(answer, "finalised"), json_object_get(expect, "finalised")),
                  "%s: %s: finalised differs", file, name);
    } else {
        dtks_status s = dtks_usulan_check_ex_json(NULL, batch, session, niks, as_of, o, &out);
        compare_answer(file, name, s, out, expect, &answer);
        if (answer) {
            /* awaiting_ranking as [[proposal_index, programmes]] */
            json_t *got = json_array();
            size_t i;
            json_t *w;
            json_array_foreach(json_object_get(answer, "awaiting_ranking"), i, w) {
                json_t *pair = json_array();
                json_array_append(pair, json_object_get(w, "proposal_index"));
                json_array_append(pair, json_object_get(w, "programmes"));
                json_array_append_new(got, pair);
            }
            json_t *want = json_object_get(expect, "awaiting_ranking");
            int same = want == NULL || json_equal(got, want);
            if (!same) {
                char *g = json_dumps(got, JSON_COMPACT), *x = json_dumps(want, JSON_COMPACT);
                fprintf(stderr, "  awaiting got: %s\n  want: %s\n", g, x);
                free(g);
                free(x);
            }
            CHECK(same, "%s: %s: awaiting_ranking differs", file, name);
            json_decref(got);
        }
    }
    json_decref(answer);
    free(batch);
    free(session);
    free(niks);
    dtks_process_options_free(o);
}

static void run_file(const char *file) {
    json_error_t err;
    json_t *doc = json_load_file(file, 0, &err);
    CHECK(doc != NULL, "%s: %s (line %d)", file, err.text, err.line);
    if (!doc) return;
    const char *kind = json_string_value(json_object_get(doc, "kind"));
    json_t *cases = json_object_get(doc, "cases");
    CHECK(kind != NULL && json_is_array(cases), "%s: kind and cases", file);
    size_t i;
    json_t *c;
    json_array_foreach(cases, i, c) {
        const char *name = json_string_value(json_object_get(c, "name"));
        json_t *input = json_object_get(c, "input");
        json_t *expect = json_object_get(c, "expect");
        const char *as_of = json_string_value(json_object_get(c, "as_of"));
        int lenient = json_is_true(json_object_get(c, "lenient"));
        if (!name) name = "(unnamed)";
        if (str_eq(kind, "household")) {
            check_household(file, name, input, as_of ? as_of : "2026-01-01", expect);
            continue;
        }
        if (str_eq(kind, "jakarta")) {
            check_jakarta(file, name, input, as_of ? as_of : "2026-01-01", expect);
            continue;
        }
        if (str_eq(kind, "usulan")) {
            check_usulan(file, name, input, as_of ? as_of : "2026-01-01", expect);
            continue;
        }
        const char *in = json_string_value(input);
        char *out = NULL;
        dtks_status s;
        if (str_eq(kind, "nik"))
            s = dtks_nik_decode_json(in, lenient, as_of ? as_of : "2026-01-01", &out);
        else if (str_eq(kind, "kk"))
            s = dtks_kk_decode_json(in, lenient, as_of ? as_of : "2026-01-01", &out);
        else if (str_eq(kind, "region"))
            s = dtks_region_lookup_json(in, &out);
        else {
            CHECK(0, "%s: unknown kind %s", file, kind);
            break;
        }
        CHECK(s == DTKS_OK, "%s: %s: status %s", file, name, dtks_status_name(s));
        if (s == DTKS_OK) {
            json_t *answer = json_loads(out, 0, &err);
            CHECK(answer != NULL, "%s: %s: answer is JSON", file, name);
            if (answer) compare_keys(file, name, answer, expect);
            json_decref(answer);
        }
        dtks_string_free(out);
        if (str_eq(kind, "nik") || str_eq(kind, "kk")) check_parse(kind, in, lenient, as_of ? as_of : "2026-01-01", expect, name);
    }
    json_decref(doc);
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) run_file(argv[i]);
    CHECK(argc > 1, "at least one case file");
    return checks_report("conformance");
}
