<?php

declare(strict_types=1);

namespace Dtks\Tests;

use Dtks\Bulk;
use Dtks\InvalidArgument;
use Dtks\IoError;
use Dtks\Report;
use PHPUnit\Framework\TestCase;

/** `Dtks\Bulk` on whichever backend the run chose. */
final class BulkTest extends TestCase
{
    private const AS_OF = '2026-11-24';

    private static function example(string $name): string
    {
        return Env::root() . "/examples/$name";
    }

    public function testTheExampleDatasetGivesTheKnownAccounting(): void
    {
        $r = Bulk::validate(self::example('households.csv'), ['as_of' => self::AS_OF]);
        // README and the Rust, C and Python suites: 186 rows, 92 valid, 94 invalid.
        self::assertSame([186, 92, 94], [$r->rowsRead(), $r->rowsValid(), $r->rowsInvalid()]);
        $s = $r->summary();
        self::assertSame(47, $s['households']);
        self::assertFalse($r->valid());
        self::assertSame($s['problems'], \count($r));
        $per = [];
        foreach ($r as $p) {
            $per[$p['code']] = ($per[$p['code']] ?? 0) + 1;
        }
        foreach ($s['per_code'] as $code => $c) {
            self::assertSame($c['count'], $per[$code] ?? 0, $code);
        }
    }

    public function testProblemsAreReadPageByPage(): void
    {
        $r = Bulk::validate(self::example('households.csv'), ['as_of' => self::AS_OF]);
        $all = $r->problems();
        self::assertCount(\count($r), $all);
        self::assertSame(\array_slice($all, 5, 7), $r->problems(5, 7));
        self::assertSame([], $r->problems(\count($r), 10));
        self::assertSame($all, iterator_to_array($r, false));
        $p = $all[0];
        foreach (['row', 'rows', 'household', 'field', 'path', 'code', 'severity', 'context', 'message_id', 'message_en'] as $k) {
            self::assertArrayHasKey($k, $p);
        }
        $text = json_encode($all, JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE);
        self::assertSame(0, preg_match('/(?<![0-9A-Za-z])[0-9]{16}(?![0-9A-Za-z])/', $text), 'no NIK or KK unmasked');
        $this->expectException(InvalidArgument::class);
        $r->problems(-1);
    }

    public function testAStringIsValidatedAsAFileIs(): void
    {
        $text = (string)file_get_contents(self::example('households.csv'));
        $a = Bulk::validateString($text, ['as_of' => self::AS_OF]);
        $b = Bulk::validate(self::example('households.csv'), ['as_of' => self::AS_OF]);
        self::assertSame($b->problems(), $a->problems());
        $semi = str_replace(',', ';', "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n"
            . "RT-1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\n");
        $r = Bulk::validateString($semi, ['as_of' => '2026-01-01', 'threads' => 1]);
        self::assertSame(';', $r->summary()['delimiter']);
        self::assertSame(1, $r->rowsRead());
    }

    public function testJsonLinesAndWorkbooks(): void
    {
        $j = Bulk::validate(self::example('households.jsonl'), ['as_of' => self::AS_OF]);
        self::assertSame('jsonl', $j->summary()['format']);
        $x = Bulk::validate(self::example('households.xlsx'), ['as_of' => self::AS_OF]);
        self::assertSame([186, 92, 94], [$x->rowsRead(), $x->rowsValid(), $x->rowsInvalid()]);
    }

    public function testOptionsReachTheCore(): void
    {
        $text = "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n"
            . "RT-1,3171011001,3171011503150007,'3171011708800001,Budi,17/08/1980,1,1\n";
        $strict = Bulk::validateString($text, ['as_of' => '2026-01-01']);
        self::assertSame(1, $strict->rowsInvalid());
        $codes = array_column($strict->problems(), 'code');
        self::assertContains('NIK_APOSTROPHE', $codes);
        $eased = Bulk::validateString($text, [
            'as_of' => '2026-01-01', 'accept_repaired' => true, 'date_formats' => ['%d/%m/%Y'],
        ]);
        self::assertSame(1, $eased->rowsValid(), json_encode($eased->problems(), JSON_THROW_ON_ERROR));
        self::assertSame(['NIK_APOSTROPHE'], array_column($eased->problems(), 'code'));
        self::assertSame('warning', $eased->problems()[0]['severity']);
    }

    public function testRefusals(): void
    {
        $cases = [
            [IoError::class, fn() => Bulk::validate('/nonexistent/x.csv', ['as_of' => self::AS_OF])],
            [InvalidArgument::class, fn() => Bulk::validate(self::example('households.csv'), ['colour' => 'red'])],
            [InvalidArgument::class, fn() => Bulk::validate(self::example('households.csv'), ['as_of' => '2026-02-30'])],
            [InvalidArgument::class, fn() => Bulk::validate(self::example('households.csv'), ['nulls' => 'NULL'])],
            // A name that tells no format: refused as `dtks validate` refuses it.
            [InvalidArgument::class, fn() => Bulk::validate(Env::root() . '/README.md', ['as_of' => self::AS_OF])],
        ];
        foreach ($cases as $i => [$class, $call]) {
            try {
                $call();
                self::fail("case $i: no exception");
            } catch (\Dtks\DtksException $e) {
                self::assertInstanceOf($class, $e, "case $i: " . $e->getMessage());
                self::assertNotSame('', $e->messageId, "case $i");
                self::assertNotSame('', $e->messageEn, "case $i");
            }
        }
        // Named, the same file is read.
        $r = Bulk::validate(Env::root() . '/README.md', ['as_of' => self::AS_OF, 'format' => 'csv']);
        self::assertInstanceOf(Report::class, $r);
    }

    public function testTheHtmlPage(): void
    {
        $r = Bulk::validate(self::example('households.csv'), ['as_of' => self::AS_OF]);
        $id = $r->html();
        $en = $r->html('en');
        foreach ([$id, $en] as $page) {
            self::assertStringStartsWith('<!DOCTYPE html>', $page);
            self::assertStringContainsString('<b id="rows-read">186</b>', $page);
            self::assertSame(0, preg_match('/(?<![0-9A-Za-z])[0-9]{16}(?![0-9A-Za-z])/', $page));
        }
        self::assertNotSame($id, $en);
        $this->expectException(InvalidArgument::class);
        $r->html('fr');
    }
}
