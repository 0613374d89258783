#!/usr/bin/env php
<?php
// Writes php/include/dtks-ffi.h (the header for FFI::load and opcache
// preload) from the C header:
//
//   php php/bin/prepare-header.php [include/dtks.h] [php/include/dtks-ffi.h] [--lib=libdtks.so.0]
//
// Run it after the C header changes (UPDATE_HEADER=1 cargo test -p dtks-ffi
// --test header); php/tests/HeaderTest.php fails until then.

declare(strict_types=1);

require_once dirname(__DIR__) . '/src/Header.php';

$args = array_slice($argv, 1);
$lib = \Dtks\Header::LIBRARY;
$paths = [];
foreach ($args as $a) {
    if (str_starts_with($a, '--lib=')) {
        $lib = substr($a, 6);
    } else {
        $paths[] = $a;
    }
}
$in = $paths[0] ?? dirname(__DIR__, 2) . '/include/dtks.h';
$out = $paths[1] ?? \Dtks\Header::path();
$text = @file_get_contents($in);
if ($text === false) {
    fwrite(STDERR, "prepare-header: cannot read $in\n");
    exit(2);
}
if (file_put_contents($out, \Dtks\Header::prepare($text, $lib)) === false) {
    fwrite(STDERR, "prepare-header: cannot write $out\n");
    exit(2);
}
echo "wrote $out\n";
