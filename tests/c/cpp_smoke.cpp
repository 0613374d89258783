// The header compiles as C++ (extern "C" guards) and the library links and
// runs from C++: RAII wrappers over the handles, as a C++ host would write.
#include "dtks.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace {

struct NikDeleter {
    void operator()(dtks_nik *n) const { dtks_nik_free(n); }
};
struct StringDeleter {
    void operator()(char *s) const { dtks_string_free(s); }
};
using Nik = std::unique_ptr<dtks_nik, NikDeleter>;
using String = std::unique_ptr<char, StringDeleter>;

int failures = 0;
int passes = 0;

void check(bool ok, const char *what) {
    if (ok) {
        ++passes;
    } else {
        ++failures;
        std::fprintf(stderr, "not ok: %s\n", what);
    }
}

}  // namespace

int main() {
    check(std::string(dtks_version()) == DTKS_VERSION_STRING, "version");

    dtks_nik *raw_nik = nullptr;
    check(dtks_nik_parse("3171014101900001", false, &raw_nik) == DTKS_OK, "parse");
    Nik nik(raw_nik);
    dtks_nik_info info{};
    check(dtks_nik_decode(nik.get(), "2026-01-01", &info) == DTKS_OK, "decode");
    check(info.sex == DTKS_SEX_FEMALE && info.birth_year == 1990, "fields");

    char *m = nullptr;
    check(dtks_nik_masked(nik.get(), &m) == DTKS_OK, "masked");
    String masked(m);
    check(std::strncmp(masked.get(), "3171", 4) == 0, "masked prefix");

    dtks_nik *bad = nullptr;
    check(dtks_nik_parse("123", false, &bad) == DTKS_INVALID_INPUT && bad == nullptr, "invalid");
    check(std::string(dtks_last_error_code()) == "NIK_LENGTH", "code");

    dtks_problems *p = nullptr;
    check(dtks_household_validate("{}", "2026-01-01", &p) == DTKS_OK, "validate");
    check(!dtks_problems_valid(p) && dtks_problems_count(p) == 1, "problems");
    dtks_problems_free(p);

    std::printf("cpp_smoke: %d passed, %d failed\nRESULT %d %d\n", passes, failures, passes,
                failures);
    return failures == 0 ? 0 : 1;
}
