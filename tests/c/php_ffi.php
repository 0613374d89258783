<?php
// dtks from PHP through the FFI extension (php-cli; run with -d ffi.enable=1):
// validates every household of examples/households.jsonl against the problems
// examples/expected.json lists for it, decodes a NIK, and gets the HTML
// report of examples/households.csv (the page a village app serves).
//
//   php -d ffi.enable=1 tests/c/php_ffi.php <path/to/dtks.h> <path/to/libdtks.so>
//
// PHP's FFI::cdef does not run the preprocessor, so the header's #-lines,
// comments and extern "C" guards are stripped first; the #define constants
// are read from it. This also checks that the committed header is plain C a
// non-C compiler can read.

declare(strict_types=1);

[$script, $header, $library] = array_pad($argv, 3, null);
if ($header === null || $library === null) {
    fwrite(STDERR, "usage: php -d ffi.enable=1 php_ffi.php dtks.h libdtks.so\n");
    exit(2);
}
$root = dirname(__DIR__, 2);

$text = file_get_contents($header);
preg_match_all('/^#define (DTKS_\w+) (-?\d+)$/m', $text, $m, PREG_SET_ORDER);
$C = [];
foreach ($m as [, $name, $value]) {
    $C[$name] = (int)$value;
}
// The enum values (dtks_status) too.
preg_match_all('/^\s+(DTKS_\w+) = (\d+),$/m', $text, $m, PREG_SET_ORDER);
foreach ($m as [, $name, $value]) {
    $C[$name] = (int)$value;
}
preg_match('/^#define DTKS_VERSION_STRING "([^"]*)"$/m', $text, $v);
$headerVersion = $v[1] ?? '';
$decl = preg_replace('#/\*.*?\*/#s', '', $text);
$decl = preg_replace('#//[^\n]*#', '', $decl);
$decl = preg_replace('/^#.*$/m', '', $decl);
$decl = str_replace('extern "C" {', '', $decl);
// The closing brace of the extern "C" block stands alone on its line.
$decl = preg_replace('/^}\s*$/m', '', $decl);
$ffi = FFI::cdef($decl, $library);

$passed = 0;
$failed = 0;
function check(bool $ok, string $what): void
{
    global $passed, $failed;
    if ($ok) {
        $passed++;
    } else {
        $failed++;
        fwrite(STDERR, "not ok: $what\n");
    }
}

// A string the library allocated: copy it into PHP, then free it.
function take($ffi, $ptr): string
{
    $s = FFI::string($ptr);
    $ffi->dtks_string_free($ptr);
    return $s;
}

check($ffi->dtks_version() === $headerVersion, "library version = header version");

// ---- decode a NIK --------------------------------------------------------
$nik = $ffi->new("dtks_nik*");
check($ffi->dtks_nik_parse("3171014101900001", false, FFI::addr($nik)) === $C['DTKS_OK'], "parse NIK");
$info = $ffi->new("dtks_nik_info");
check($ffi->dtks_nik_decode($nik, "2026-01-01", FFI::addr($info)) === 0, "decode NIK");
check($info->sex === $C['DTKS_SEX_FEMALE'] && $info->birth_year === 1990
      && $info->birth_month === 1 && $info->birth_day === 1, "a woman born 1990-01-01");
check($info->province === 31 && $info->regency === 71 && $info->district === 1, "district 31.71.01");
$details = $ffi->new("dtks_nik_details");
$details->size = FFI::sizeof($details);
check($ffi->dtks_nik_decode_details($nik, "2026-01-01", FFI::addr($details)) === 0
      && $details->birth_year === 1990 && $details->size === FFI::sizeof($details)
      && $details->birth_convention === $C['DTKS_BIRTH_ORDINARY'], "sized details of the NIK");
$out = $ffi->new("char*");
check($ffi->dtks_nik_masked($nik, FFI::addr($out)) === 0, "masked");
check(take($ffi, $out) === "3171\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}0001",
      "masked form");
$ffi->dtks_nik_free($nik);

$out = $ffi->new("char*");
check($ffi->dtks_nik_decode_json("3171 0117 0880 0001", true, "2026-01-01", FFI::addr($out)) === 0,
      "decode json");
$answer = json_decode(take($ffi, $out), true);
check($answer['valid'] === true && $answer['sex'] === 'male' && $answer['birth_date'] === '1980-08-17'
      && $answer['district_name'] === 'Gambir', "decoded answer");

$bad = $ffi->new("dtks_nik*");
check($ffi->dtks_nik_parse("3171014101900000", false, FFI::addr($bad)) === $C['DTKS_INVALID_INPUT'],
      "invalid NIK is DTKS_INVALID_INPUT");
check($ffi->dtks_last_error_code() === "NIK_SERIAL_ZERO", "last error code");
check(!str_contains((string)$ffi->dtks_last_error_message($C['DTKS_LANG_ID']), "3171014101900000"),
      "message masked");
check($ffi->dtks_nik_parse(null, false, FFI::addr($bad)) === $C['DTKS_NULL_POINTER'],
      "NULL is DTKS_NULL_POINTER");

// ---- validate the example dataset ---------------------------------------
$expected = json_decode(file_get_contents("$root/examples/expected.json"), true);
$asOf = $expected['as_of'];
$want = [];
foreach ($expected['households'] as $h) {
    if (in_array('jsonl', $h['forms'], true)) {
        $want[$h['id']] = $h['problems'];
    }
}
$seen = 0;
$valid = 0;
foreach (file("$root/examples/households.jsonl", FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $line) {
    $id = json_decode($line, true)['id'] ?? null;
    $p = $ffi->new("dtks_problems*");
    if ($ffi->dtks_household_validate($line, $asOf, FFI::addr($p)) !== 0) {
        check(false, "validate $id: " . $ffi->dtks_last_error_code());
        continue;
    }
    $got = [];
    for ($i = 0; $i < $ffi->dtks_problems_count($p); $i++) {
        $sev = $ffi->dtks_problems_severity($p, $i) === $C['DTKS_SEVERITY_ERROR'] ? 'error' : 'warning';
        $got[] = $ffi->dtks_problems_code($p, $i) . ' ' . $ffi->dtks_problems_path($p, $i) . ' ' . $sev;
        check($ffi->dtks_problems_message($p, $i, $C['DTKS_LANG_ID']) !== null, "message of $id");
    }
    $valid += $ffi->dtks_problems_valid($p) ? 1 : 0;
    $ffi->dtks_problems_free($p);
    if (!array_key_exists($id, $want)) {
        continue;
    }
    $seen++;
    $exp = array_map(fn($q) => "{$q['code']} {$q['path']} {$q['severity']}", $want[$id]);
    sort($got);
    sort($exp);
    check($got === $exp, "$id: got [" . implode(', ', $got) . "], want [" . implode(', ', $exp) . "]");
}
check($seen === count($want), "every household of expected.json seen ($seen of " . count($want) . ")");

// ---- the HTML report a village app serves -----------------------------------
$o = $ffi->new("dtks_bulk_options*");
check($ffi->dtks_bulk_options_new(FFI::addr($o)) === 0, "bulk options");
check($ffi->dtks_bulk_options_set($o, "as_of", $asOf) === 0, "bulk as_of");
$r = $ffi->new("dtks_bulk_report*");
check($ffi->dtks_bulk_run_file("$root/examples/households.csv", $o, FFI::addr($r)) === 0, "bulk run");
$out = $ffi->new("char*");
check($ffi->dtks_bulk_report_html($r, $C['DTKS_LANG_ID'], FFI::addr($out)) === 0, "html report");
$page = take($ffi, $out);
check(str_starts_with($page, "<!DOCTYPE html>") && str_contains($page, '<b id="rows-read">186</b>')
      && !preg_match('/(?<![0-9A-Za-z])[0-9]{16}(?![0-9A-Za-z])/', $page), "html page: headline, masked");
$ffi->dtks_bulk_report_free($r);
$ffi->dtks_bulk_options_free($o);

printf("php_ffi: %d households, %d valid; %d passed, %d failed\nRESULT %d %d\n",
       $seen, $valid, $passed, $failed, $passed, $failed);
exit($failed === 0 ? 0 : 1);
