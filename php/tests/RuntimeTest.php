<?php

declare(strict_types=1);

namespace Dtks\Tests;

use Dtks\CommandBackend;
use Dtks\FfiBackend;
use Dtks\Runtime;
use PHPUnit\Framework\TestCase;

/**
 * The choice of backend (preload, FFI now, the command) and that both give
 * the same answers.
 */
final class RuntimeTest extends TestCase
{
    public function testTheRunUsesTheBackendItAskedFor(): void
    {
        $want = getenv('DTKS_EXPECT_BACKEND');
        if (!\is_string($want) || $want === '') {
            self::markTestSkipped('DTKS_EXPECT_BACKEND not set (tests/php/run.sh sets it)');
        }
        self::assertSame($want, Runtime::name());
    }

    /** Runs PHP code in a fresh process: [exit status, stdout + stderr]. */
    private static function php(array $ini, string $code, array $env): array
    {
        $args = [PHP_BINARY, '-n'];
        // -n: no php.ini; load the extensions this PHP has as shared objects.
        foreach (['ffi', 'opcache'] as $ext) {
            $so = \ini_get('extension_dir') . "/$ext.so";
            if (is_file($so)) {
                $args[] = '-d';
                $args[] = ($ext === 'opcache' ? 'zend_extension=' : 'extension=') . $so;
            }
        }
        foreach ($ini as $k => $v) {
            $args[] = '-d';
            $args[] = "$k=$v";
        }
        $boot = Env::root() . '/php/tests/bootstrap.php';
        $args[] = '-r';
        $args[] = "require '$boot'; $code";
        $p = proc_open($args, [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, null, $env);
        self::assertIsResource($p);
        $out = (string)stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        return [proc_close($p), $out];
    }

    public function testFfiDisabledFallsBackToTheCommand(): void
    {
        $cmd = Env::command() ?? self::markTestSkipped('DTKS_COMMAND not set');
        [$status, $out] = self::php(
            ['ffi.enable' => '0'],
            'echo Dtks\Runtime::name(), " ", Dtks\Nik::parse("3171014101900001", "2026-01-01")->birthDate();',
            ['DTKS_COMMAND' => $cmd, 'DTKS_LIB' => Env::library() ?? '', 'PATH' => '/usr/bin:/bin']
        );
        self::assertSame([0, 'command 1990-01-01'], [$status, $out]);
    }

    public function testNeitherFfiNorTheCommandIsUnavailable(): void
    {
        [$status, $out] = self::php(
            ['ffi.enable' => '0'],
            'try { Dtks\Nik::parse("3171014101900001"); } catch (Dtks\Unavailable $e) { echo get_class($e), " ", var_export($e->code, true); }',
            ['DTKS_COMMAND' => '/nonexistent/dtks', 'PATH' => '/nonexistent']
        );
        self::assertSame([0, 'Dtks\Unavailable NULL'], [$status, $out]);
    }

    public function testPreloadDeclaresTheScopeForPhpFpm(): void
    {
        $lib = Env::library() ?? self::markTestSkipped('DTKS_LIB not set');
        // The php.ini line of the README (ffi.preload), with FFI_LIB naming
        // this run's library instead of the installed libdtks.so.0.
        $dir = sys_get_temp_dir() . '/dtks-preload-' . bin2hex(random_bytes(4));
        mkdir($dir, 0700);
        $header = str_replace('"libdtks.so.0"', '"' . $lib . '"', (string)file_get_contents(\Dtks\Header::path()));
        file_put_contents("$dir/dtks-ffi.h", $header);
        try {
            [$status, $out] = self::php(
                ['ffi.enable' => 'preload', 'ffi.preload' => "$dir/dtks-ffi.h"],
                'echo Dtks\Runtime::name(), " ", Dtks\Nik::parse("3171014101900001", "2026-01-01")->masked();',
                // No library path and no command: only the preloaded scope can answer.
                ['DTKS_LIB' => '/nonexistent/libdtks.so', 'DTKS_COMMAND' => '/nonexistent/dtks', 'PATH' => '/nonexistent']
            );
        } finally {
            @unlink("$dir/dtks-ffi.h");
            @rmdir($dir);
        }
        self::assertSame([0, 'ffi 3171••••••••0001'], [$status, $out]);
    }

    public function testBothBackendsGiveTheSameAnswers(): void
    {
        $lib = Env::library() ?? self::markTestSkipped('DTKS_LIB not set');
        $cmd = Env::command() ?? self::markTestSkipped('DTKS_COMMAND not set');
        $ffi = FfiBackend::load($lib);
        $command = new CommandBackend($cmd);
        foreach (['3171014101900001', '317101410190001', '3171014101900000', '3.17101E+15', '9102030101900001'] as $nik) {
            self::assertSame($ffi->decodeNik($nik, false, '2026-01-01'), $command->decodeNik($nik, false, '2026-01-01'), $nik);
        }
        $file = Env::root() . '/examples/households.csv';
        $options = ['as_of' => '2026-11-24', 'threads' => 2];
        $a = $ffi->validate($file, null, $options);
        $b = $command->validate($file, null, $options);
        self::assertSame($a->problems(), $b->problems());
        self::assertSame($a->summary(), $b->summary());
        self::assertSame($a->html('en'), $b->html('en'));
    }
}
