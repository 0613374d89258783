<?php

declare(strict_types=1);

namespace Dtks;

/**
 * Which way the package reaches dtks, chosen once per process:
 *
 * 1. libdtks preloaded under `FFI_SCOPE "DTKS"` (php.ini `ffi.preload =
 *    .../include/dtks-ffi.h`: PHP-FPM allows FFI only this way with
 *    `ffi.enable=preload`, the default);
 * 2. libdtks loaded now with `FFI::cdef()` (the CLI, or `ffi.enable=1`):
 *    `$DTKS_LIB` or `libdtks.so.0` on the loader's path;
 * 3. the `dtks` command: `$DTKS_COMMAND`, or `dtks` on `PATH`.
 *
 * `DTKS_BACKEND=ffi` or `DTKS_BACKEND=command` forces one (and fails
 * rather than fall back). `Runtime::useLibrary()` / `useCommand()` choose in
 * code.
 */
final class Runtime
{
    private static ?Backend $backend = null;

    /** @internal The backend in use, chosen on first use. */
    public static function backend(): Backend
    {
        return self::$backend ??= self::choose();
    }

    /** `"ffi"` or `"command"`: how calls are made. */
    public static function name(): string
    {
        return self::backend()->name();
    }

    /**
     * Calls libdtks from `$library` (a path, or a name the dynamic loader
     * finds) through FFI from now on.
     *
     * @throws Unavailable FFI is disabled or the library cannot be opened
     */
    public static function useLibrary(?string $library = null): void
    {
        self::$backend = FfiBackend::load($library);
    }

    /**
     * Runs the `dtks` command at `$command` from now on.
     *
     * @throws Unavailable it is not an executable file
     */
    public static function useCommand(string $command): void
    {
        if (!is_file($command) || !is_executable($command)) {
            throw new Unavailable(
                null,
                "perintah dtks tidak ditemukan: $command",
                "the dtks command is not there: $command"
            );
        }
        self::$backend = new CommandBackend($command);
    }

    /** Forgets the choice: the next call chooses again. */
    public static function reset(): void
    {
        self::$backend = null;
    }

    private static function choose(): Backend
    {
        $forced = getenv('DTKS_BACKEND');
        $lib = getenv('DTKS_LIB');
        $lib = \is_string($lib) && $lib !== '' ? $lib : null;
        if ($forced === 'ffi') {
            return FfiBackend::preloaded() ?? FfiBackend::load($lib);
        }
        if ($forced !== 'command') {
            $ffi = FfiBackend::preloaded();
            if ($ffi !== null) {
                return $ffi;
            }
            try {
                return FfiBackend::load($lib);
            } catch (Unavailable) {
                // FFI disabled or no library: the command, below.
            }
        }
        return CommandBackend::find() ?? throw new Unavailable(
            null,
            'dtks tidak tersedia: libdtks tidak dapat dimuat lewat FFI dan perintah dtks tidak ditemukan (DTKS_COMMAND, PATH)',
            'dtks is not available: libdtks cannot be loaded through FFI and the dtks command is not found (DTKS_COMMAND, PATH)'
        );
    }
}
