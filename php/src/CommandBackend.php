<?php

declare(strict_types=1);

namespace Dtks;

/**
 * The fallback when FFI cannot be used (PHP-FPM without preload, shared
 * hosting): the `dtks` command, run without a shell. Its JSON answers are
 * the ones libdtks gives (`dtks nik --json` is `dtks_nik_decode_json`,
 * `dtks validate --report out.json` the report's problems and summary), so
 * results are the same; each call starts a process (milliseconds, against
 * microseconds through FFI). A NIK is handed over on standard input
 * (`dtks nik -`), never as an argument, which every local user could read
 * in the process list.
 *
 * @internal
 */
final class CommandBackend implements Backend
{
    /** @param string $command the `dtks` executable */
    public function __construct(private string $command)
    {
    }

    /** `$DTKS_COMMAND`, else `dtks` found on `PATH`; null when neither is there. */
    public static function find(): ?self
    {
        $given = getenv('DTKS_COMMAND');
        if (\is_string($given) && $given !== '') {
            return is_executable($given) ? new self($given) : null;
        }
        foreach (explode(PATH_SEPARATOR, (string)getenv('PATH')) as $dir) {
            if ($dir !== '' && is_executable("$dir/dtks") && !is_dir("$dir/dtks")) {
                return new self("$dir/dtks");
            }
        }
        return null;
    }

    public function name(): string
    {
        return 'command';
    }

    public function decodeNik(string $input, bool $lenient, string $asOf): array
    {
        $args = ['nik', '-', '--json', '--as-of', $asOf];
        if ($lenient) {
            $args[] = '--lenient';
        }
        [$status, $out, $err] = $this->run($args, $input . "\n");
        if ($status === 2) {
            throw self::usage($err);
        }
        return FfiBackend::json($out);
    }

    public function validate(?string $path, ?string $data, array $options): Report
    {
        $scratch = $this->scratch();
        try {
            if ($data !== null) {
                // The command reads files: the bytes go to a private file
                // named for the format (CSV unless told), as a buffer is CSV
                // by default in libdtks.
                $format = \is_string($options['format'] ?? null) ? $options['format'] : 'csv';
                $path = "$scratch/input." . (strtolower($format) === 'jsonl' ? 'jsonl' : 'csv');
                file_put_contents($path, $data);
            } elseif (!is_file((string)$path)) {
                throw new IoError(
                    null,
                    "berkas tidak dapat dibaca: $path",
                    "cannot read the file: $path"
                );
            }
            $report = "$scratch/report.json";
            $args = ['validate', (string)$path, '--report', $report, '--quiet'];
            foreach ($options as $key => $value) {
                array_push($args, ...self::flag($key, $value));
            }
            [$status, , $err] = $this->run($args, null);
            if ($status !== 0 && $status !== 1) {
                throw self::usage($err);
            }
            $text = @file_get_contents($report);
            if ($text === false) {
                throw self::usage($err);
            }
            $doc = FfiBackend::json($text);
            $html = function (string $lang) use ($path, $options, $data): string {
                return $this->html((string)$path, $options, $lang, $data);
            };
            return new Report(new ArrayReport($doc['summary'] ?? [], $doc['problems'] ?? [], $html));
        } finally {
            self::remove($scratch);
        }
    }

    /**
     * The HTML page: the command writes it with a run of its own.
     *
     * @param array<string, mixed> $options
     */
    private function html(string $path, array $options, string $lang, ?string $data): string
    {
        $scratch = $this->scratch();
        try {
            if ($data !== null) {
                $path = "$scratch/" . basename($path);
                file_put_contents($path, $data);
            }
            $page = "$scratch/report.html";
            $args = ['validate', $path, '--report', $page, '--quiet', '--lang', $lang];
            foreach ($options as $key => $value) {
                array_push($args, ...self::flag($key, $value));
            }
            [$status, , $err] = $this->run($args, null);
            $text = @file_get_contents($page);
            if (($status !== 0 && $status !== 1) || $text === false) {
                throw self::usage($err);
            }
            return $text;
        } finally {
            self::remove($scratch);
        }
    }

    /**
     * The command-line flags of one option.
     *
     * @param mixed $value
     * @return list<string>
     */
    private static function flag(string $key, $value): array
    {
        $name = '--' . str_replace('_', '-', $key);
        return match ($key) {
            'as_of', 'format', 'mapping', 'delimiter', 'threads', 'encoding', 'sheet' => [$name, (string)$value],
            'decimal_comma', 'accept_repaired', 'group' => $value ? [$name] : [],
            'date_formats' => array_merge(...array_map(fn($v) => ['--date-format', (string)$v], (array)$value)),
            'nulls' => array_merge(...array_map(fn($v) => ['--null', (string)$v], (array)$value)),
            default => throw new InvalidArgument(null, "opsi tidak dikenal: $key", "unknown option: $key"),
        };
    }

    /** A failure of the command (exit 2): its own words. */
    private static function usage(string $stderr): InvalidArgument
    {
        $text = trim(preg_replace('/^dtks: /', '', trim($stderr)) ?? '');
        if ($text === '') {
            $text = 'the dtks command failed';
        }
        // The command speaks English on stderr; the Indonesian side says so.
        return new InvalidArgument(null, "perintah dtks gagal: $text", $text);
    }

    /**
     * Runs the command (no shell): [exit status, stdout, stderr].
     *
     * @param list<string> $args
     * @return array{int, string, string}
     */
    private function run(array $args, ?string $stdin): array
    {
        $spec = [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']];
        $p = @proc_open([$this->command, ...$args], $spec, $pipes);
        if (!\is_resource($p)) {
            throw new Unavailable(
                null,
                "perintah dtks tidak dapat dijalankan: {$this->command}",
                "the dtks command cannot be run: {$this->command}"
            );
        }
        if ($stdin !== null) {
            fwrite($pipes[0], $stdin);
        }
        fclose($pipes[0]);
        $out = (string)stream_get_contents($pipes[1]);
        $err = (string)stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return [proc_close($p), $out, $err];
    }

    /** A private scratch directory (mode 0700): reports hold masked values only, inputs do not. */
    private function scratch(): string
    {
        $base = rtrim(sys_get_temp_dir(), '/');
        for ($i = 0; $i < 8; $i++) {
            $dir = "$base/dtks-" . bin2hex(random_bytes(8));
            if (@mkdir($dir, 0700)) {
                return $dir;
            }
        }
        throw new IoError(null, 'direktori sementara tidak dapat dibuat', 'cannot create a temporary directory');
    }

    private static function remove(string $dir): void
    {
        foreach (glob("$dir/*") ?: [] as $f) {
            @unlink($f);
        }
        @rmdir($dir);
    }
}
