<?php

declare(strict_types=1);

namespace Dtks\Tests;

use Dtks\FfiBackend;
use Dtks\Header;
use PHPUnit\Framework\TestCase;

/** The prepared header is the C header's, and the constants the package uses are its values. */
final class HeaderTest extends TestCase
{
    private static function cHeader(): string
    {
        return (string)file_get_contents(Env::root() . '/include/dtks.h');
    }

    public function testThePreparedHeaderIsCurrent(): void
    {
        self::assertSame(
            Header::prepare(self::cHeader()),
            file_get_contents(Header::path()),
            'php/include/dtks-ffi.h is stale: run php php/bin/prepare-header.php'
        );
    }

    public function testThePreparedHeaderHasOnlyTheDefinesFfiLoadReads(): void
    {
        $text = (string)file_get_contents(Header::path());
        preg_match_all('/^#.*$/m', $text, $m);
        self::assertSame(['#define FFI_SCOPE "DTKS"', '#define FFI_LIB "libdtks.so.0"'], $m[0]);
        self::assertStringNotContainsString('extern "C"', $text);
    }

    public function testTheConstantsAreTheHeaders(): void
    {
        $c = Header::constants(self::cHeader());
        self::assertSame(
            [$c['DTKS_OK'], $c['DTKS_INVALID_INPUT'], $c['DTKS_IO'], $c['DTKS_INVALID_ARGUMENT'], $c['DTKS_LANG_ID'], $c['DTKS_LANG_EN']],
            [FfiBackend::OK, FfiBackend::INVALID_INPUT, FfiBackend::IO, FfiBackend::INVALID_ARGUMENT, FfiBackend::LANG_ID, FfiBackend::LANG_EN]
        );
    }
}
