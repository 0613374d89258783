<?php

declare(strict_types=1);

namespace Dtks;

/**
 * libdtks called in the PHP process through the FFI extension: preloaded
 * (`FFI::scope('DTKS')`, declared by `ffi.preload` in php.ini; the only way PHP-FPM
 * allows FFI) or loaded now with `FFI::cdef()` (CLI, or `ffi.enable=1`).
 *
 * @internal
 */
final class FfiBackend implements Backend
{
    // Values of include/dtks.h (HeaderTest checks them against it).
    public const OK = 0;
    public const INVALID_INPUT = 1;
    public const IO = 4;
    public const INVALID_ARGUMENT = 7;
    public const LANG_ID = 0;
    public const LANG_EN = 1;

    private function __construct(private \FFI $ffi)
    {
    }

    /** The declarations preloaded under `FFI_SCOPE "DTKS"`, or null. */
    public static function preloaded(): ?self
    {
        if (!\extension_loaded('ffi')) {
            return null;
        }
        try {
            return new self(\FFI::scope(Header::SCOPE));
        } catch (\Throwable) {
            return null;
        }
    }

    /**
     * libdtks opened now: `$library` a path or a name the dynamic loader
     * finds (default `libdtks.so.0`, as `make install` installs it).
     *
     * @throws Unavailable FFI is disabled or the library cannot be opened
     */
    public static function load(?string $library = null, ?string $header = null): self
    {
        if (!\extension_loaded('ffi')) {
            throw self::unavailable('ekstensi FFI tidak terpasang', 'the FFI extension is not loaded');
        }
        $text = @file_get_contents($header ?? Header::path());
        if ($text === false) {
            throw self::unavailable('header dtks tidak terbaca', 'the dtks header cannot be read');
        }
        try {
            return new self(\FFI::cdef(Header::declarations($text), $library ?? Header::LIBRARY));
        } catch (\Throwable $e) {
            // FFI\Exception (no library), or an Error when ffi.enable forbids it.
            throw new Unavailable(
                null,
                'libdtks tidak dapat dimuat: ' . $e->getMessage(),
                'libdtks cannot be loaded: ' . $e->getMessage(),
                '',
                [],
                $e
            );
        }
    }

    private static function unavailable(string $id, string $en): Unavailable
    {
        return new Unavailable(null, $id, $en);
    }

    public function name(): string
    {
        return 'ffi';
    }

    /** The library's version (`DTKS_VERSION_STRING` of the header it was built with). */
    public function version(): string
    {
        return (string)$this->ffi->dtks_version();
    }

    public function decodeNik(string $input, bool $lenient, string $asOf): array
    {
        $out = $this->ffi->new('char*');
        $this->check($this->ffi->dtks_nik_decode_json($input, $lenient, $asOf, \FFI::addr($out)));
        return self::json($this->take($out));
    }

    public function validate(?string $path, ?string $data, array $options): Report
    {
        $o = $this->ffi->new('dtks_bulk_options*');
        $this->check($this->ffi->dtks_bulk_options_new(\FFI::addr($o)));
        try {
            foreach ($options as $key => $value) {
                $this->setOption($o, $key, $value);
            }
            $r = $this->ffi->new('dtks_bulk_report*');
            if ($data === null) {
                $this->check($this->ffi->dtks_bulk_run_file((string)$path, $o, \FFI::addr($r)));
            } else {
                // A PHP string passes as `const char *` + length: no copy.
                $this->check($this->ffi->dtks_bulk_run_buffer($data, \strlen($data), $o, \FFI::addr($r)));
            }
        } finally {
            $this->ffi->dtks_bulk_options_free($o);
        }
        return new Report(new FfiReport($this, $r));
    }

    /** @param mixed $value */
    private function setOption(\FFI\CData $o, string $key, $value): void
    {
        if (\is_array($value)) {
            // List options: each call adds one, "" clears.
            $this->check($this->ffi->dtks_bulk_options_set($o, self::LIST_KEYS[$key] ?? $key, ''));
            foreach ($value as $v) {
                $this->check($this->ffi->dtks_bulk_options_set($o, self::LIST_KEYS[$key] ?? $key, (string)$v));
            }
            return;
        }
        if ($key === 'mapping' && \is_string($value) && is_file($value)) {
            $key = 'mapping_file';
        }
        $text = \is_bool($value) ? ($value ? 'true' : 'false') : (string)$value;
        $this->check($this->ffi->dtks_bulk_options_set($o, $key, $text));
    }

    /** The package's list options and the C key that takes one item. */
    private const LIST_KEYS = ['date_formats' => 'date_format', 'nulls' => 'null'];

    /** @internal Used by FfiReport. */
    public function ffi(): \FFI
    {
        return $this->ffi;
    }

    /**
     * A status other than DTKS_OK as the exception of its last error.
     *
     * @internal
     */
    public function check(int $status): void
    {
        if ($status === self::OK) {
            return;
        }
        $code = $this->ffi->dtks_last_error_code();
        $id = (string)$this->ffi->dtks_last_error_message(self::LANG_ID);
        $en = (string)$this->ffi->dtks_last_error_message(self::LANG_EN);
        $code = $code === null ? null : (string)$code;
        throw match ($status) {
            self::IO => new IoError(null, $id, $en),
            self::INVALID_ARGUMENT => new InvalidArgument(null, $id, $en),
            self::INVALID_INPUT => Errors::forCode($code, $id, $en),
            default => new DtksException($code, $id, $en),
        };
    }

    /**
     * A string the library allocated, copied into PHP and freed.
     *
     * @internal
     */
    public function take(\FFI\CData $ptr): string
    {
        $s = \FFI::string($ptr);
        $this->ffi->dtks_string_free($ptr);
        return $s;
    }

    /**
     * @return array<mixed>
     * @internal
     */
    public static function json(string $text): array
    {
        $v = json_decode($text, true, 512, JSON_THROW_ON_ERROR);
        return \is_array($v) ? $v : [];
    }
}
