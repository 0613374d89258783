<?php

declare(strict_types=1);

namespace Dtks\Tests;

use Dtks\DtksException;
use Dtks\InvalidArgument;
use Dtks\InvalidInput;
use Dtks\InvalidNik;
use Dtks\Nik;
use PHPUnit\Framework\TestCase;

/** `Dtks\Nik::parse()` on whichever backend the run chose. */
final class NikTest extends TestCase
{
    public function testAValidNikIsDecoded(): void
    {
        $nik = Nik::parse('3171014101900001', '2026-01-01');
        self::assertSame('1990-01-01', $nik->birthDate());
        self::assertSame('female', $nik->sex());
        self::assertSame(['31', '31.71', '31.71.01', 1], [$nik->province(), $nik->regency(), $nik->district(), $nik->serial()]);
        self::assertSame('3171••••••••0001', $nik->masked());
        self::assertSame('3171••••••••0001', (string)$nik);
        self::assertSame('3171014101900001', $nik->raw());
    }

    public function testTheDigitsShowOnlyThroughRaw(): void
    {
        $nik = Nik::parse('3171014101900001', '2026-01-01');
        ob_start();
        var_dump($nik);
        print_r($nik);
        var_export($nik);
        $dumped = (string)ob_get_clean();
        foreach ([$dumped, json_encode($nik, JSON_THROW_ON_ERROR), serialize($nik), (string)$nik] as $shown) {
            self::assertStringNotContainsString('3171014101900001', $shown);
            self::assertStringNotContainsString('4101900001', $shown);
        }
        self::assertStringContainsString('3171••••••••0001', $dumped);
    }

    public function testLenientInputKeepsItsDigits(): void
    {
        $nik = Nik::parse('3171 0117 0880 0001', '2026-01-01', true);
        self::assertSame('3171011708800001', $nik->raw());
        self::assertSame('1980-08-17', $nik->birthDate());
        self::assertSame('Gambir', $nik->districtName());
        $this->expectException(InvalidNik::class);
        Nik::parse('3171 0117 0880 0001', '2026-01-01');
    }

    public function testAnInvalidNikThrowsInvalidNikWithItsCode(): void
    {
        try {
            Nik::parse('317101410190001', '2026-01-01');
            self::fail('no exception');
        } catch (InvalidNik $e) {
            self::assertSame('NIK_DIGITS_LOST', $e->code);
            self::assertSame('NIK_DIGITS_LOST', $e->getCode());
            self::assertInstanceOf(InvalidInput::class, $e);
            self::assertInstanceOf(DtksException::class, $e);
            self::assertInstanceOf(\RuntimeException::class, $e);
            self::assertStringStartsWith('NIK_DIGITS_LOST: ', $e->getMessage());
            self::assertNotSame('', $e->messageId);
            self::assertNotSame($e->messageId, $e->messageEn);
            self::assertSame($e->messageId, $e->message('id'));
            self::assertSame($e->messageEn, $e->message('en'));
            foreach ([$e->getMessage(), $e->messageId, $e->messageEn] as $m) {
                self::assertStringNotContainsString('317101410190001', $m);
            }
        }
    }

    public function testABadDateIsAnArgumentError(): void
    {
        try {
            Nik::parse('3171014101900001', '2026-13-01');
            self::fail('no exception');
        } catch (InvalidArgument $e) {
            self::assertNull($e->code);
            self::assertNotInstanceOf(InvalidInput::class, $e);
        }
    }

    /**
     * The shared cases of tests/conformance/nik.json: the answers the Rust,
     * C and Python suites check, here through PHP.
     *
     * @return iterable<string, array{string, string, bool, array<string, mixed>}>
     */
    public static function conformance(): iterable
    {
        $doc = json_decode((string)file_get_contents(Env::root() . '/tests/conformance/nik.json'), true, 512, JSON_THROW_ON_ERROR);
        foreach ($doc['cases'] as $c) {
            yield $c['name'] => [$c['input'], $c['as_of'], (bool)($c['lenient'] ?? false), $c['expect']];
        }
    }

    /**
     * @dataProvider conformance
     * @param array<string, mixed> $expect
     */
    public function testConformanceCase(string $input, string $asOf, bool $lenient, array $expect): void
    {
        try {
            $nik = Nik::parse($input, $asOf, $lenient);
        } catch (InvalidNik $e) {
            self::assertFalse($expect['valid'], "rejected with {$e->code}");
            self::assertSame($expect['code'], $e->code);
            return;
        }
        self::assertTrue($expect['valid'], 'accepted');
        $got = $nik->toArray();
        foreach ($expect as $key => $want) {
            self::assertArrayHasKey($key, $got);
            self::assertSame($want, $got[$key], $key);
        }
    }
}
