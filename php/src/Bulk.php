<?php

declare(strict_types=1);

namespace Dtks;

/**
 * Bulk validation of whole exports (CSV, JSON Lines, workbooks), as
 * `dtks validate` does it: the same rules, the same report.
 *
 *     $report = Dtks\Bulk::validate('export.csv', ['as_of' => '2026-01-01', 'mapping' => 'bdt2015']);
 *     echo $report->rowsValid(), ' of ', $report->rowsRead(), " rows valid\n";
 *     foreach ($report as $problem) { ... }      // page by page
 *     echo $report->html();                       // the page for the village office
 *
 * Options (all optional but `as_of`, which defaults to today):
 *
 * | key | value |
 * |---|---|
 * | `as_of` | `YYYY-MM-DD`, the reference date of every date check |
 * | `format` | `csv` or `jsonl` (default: from the file name; a name that tells neither is refused) |
 * | `mapping` | a built-in mapping (`reference`, `bdt2015`) or a `.toml`/`.json` mapping file |
 * | `delimiter` | CSV: `,` `;` `\|` `tab` (default: detected from the header) |
 * | `threads` | worker threads, `0` = every core |
 * | `encoding` | `auto`, `utf-8`, `utf-16le`, `utf-16be`, `cp1252` |
 * | `sheet` | a workbook's sheet, by name or number |
 * | `decimal_comma`, `accept_repaired`, `group` | booleans |
 * | `date_formats`, `nulls` | lists of strings |
 */
final class Bulk
{
    private const KEYS = [
        'as_of', 'format', 'mapping', 'delimiter', 'threads', 'encoding', 'sheet',
        'decimal_comma', 'accept_repaired', 'group', 'date_formats', 'nulls',
    ];

    /**
     * Validates a file.
     *
     * @param array<string, mixed> $options see the class
     * @throws IoError the file cannot be read
     * @throws InvalidArgument an unknown option or a bad value, or a name that tells no format
     * @throws InvalidInput `MAPPING_INVALID`
     */
    public static function validate(string $path, array $options = []): Report
    {
        return Runtime::backend()->validate($path, null, self::options($options));
    }

    /**
     * Validates an export held in memory (CSV unless `format` says
     * `jsonl`); through FFI the string is read where it is, not copied.
     *
     * @param array<string, mixed> $options see the class
     */
    public static function validateString(string $data, array $options = []): Report
    {
        return Runtime::backend()->validate(null, $data, self::options($options));
    }

    /**
     * @param array<string, mixed> $options
     * @return array<string, mixed>
     */
    private static function options(array $options): array
    {
        foreach ($options as $key => $value) {
            if (!\in_array($key, self::KEYS, true)) {
                throw new InvalidArgument(
                    null,
                    "opsi tidak dikenal: \"$key\" (" . implode(', ', self::KEYS) . ')',
                    "unknown option: \"$key\" (" . implode(', ', self::KEYS) . ')'
                );
            }
            $list = $key === 'date_formats' || $key === 'nulls';
            if ($list ? !\is_array($value) : !(\is_scalar($value))) {
                throw new InvalidArgument(
                    null,
                    "opsi \"$key\": " . ($list ? 'harus berupa daftar' : 'harus berupa nilai tunggal'),
                    "option \"$key\": " . ($list ? 'must be a list' : 'must be a single value')
                );
            }
        }
        $options['as_of'] ??= date('Y-m-d');
        return $options;
    }
}
