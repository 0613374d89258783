<?php

declare(strict_types=1);

namespace Dtks;

/**
 * The answer of a bulk run: the summary (the accounting `rows_read ==
 * rows_valid + rows_invalid`, counts per code and region) and every
 * problem, each the shape `dtks validate --report out.json` writes (`row`,
 * `rows`, `household`, `field`, `path`, `code`, `severity`, `context`,
 * `message_id`, `message_en`), every personal value masked.
 *
 * Iterating a report yields its problems, read from libdtks a page at a
 * time (a file with a million problems is never one PHP array):
 *
 *     foreach (Bulk::validate('export.csv', ['as_of' => '2026-01-01']) as $p) {
 *         echo $p['row'], ' ', $p['code'], ' ', $p['message_id'], "\n";
 *     }
 *
 * @implements \IteratorAggregate<int, array<string, mixed>>
 */
final class Report implements \IteratorAggregate, \Countable
{
    /** Problems read from the library per page while iterating. */
    public const PAGE = 1000;

    /** @var array<string, mixed>|null */
    private ?array $summary = null;

    /** @internal Made by `Bulk`. */
    public function __construct(private ReportSource $source)
    {
    }

    /**
     * The summary (`dtks validate --report out.json`'s `summary`).
     *
     * @return array<string, mixed>
     */
    public function summary(): array
    {
        return $this->summary ??= $this->source->summary();
    }

    /** True when no problem is an error (warnings allowed). */
    public function valid(): bool
    {
        return ($this->summary()['errors'] ?? 1) === 0;
    }

    /** Records read. */
    public function rowsRead(): int
    {
        return (int)($this->summary()['rows_read'] ?? 0);
    }

    /** Records without an error. */
    public function rowsValid(): int
    {
        return (int)($this->summary()['rows_valid'] ?? 0);
    }

    /** Records with at least one error. */
    public function rowsInvalid(): int
    {
        return (int)($this->summary()['rows_invalid'] ?? 0);
    }

    /** The number of problems. */
    public function count(): int
    {
        return $this->source->problemCount();
    }

    /**
     * Problems from index `$start` (0-based, in input order), at most
     * `$count` of them (all the rest when null).
     *
     * @return list<array<string, mixed>>
     */
    public function problems(int $start = 0, ?int $count = null): array
    {
        if ($start < 0 || ($count !== null && $count < 0)) {
            throw new InvalidArgument(null, 'start dan count tidak boleh negatif', 'start and count must not be negative');
        }
        return $this->source->problems($start, $count ?? max(0, $this->count() - $start));
    }

    /** @return \Generator<int, array<string, mixed>> */
    public function getIterator(): \Generator
    {
        $n = $this->count();
        for ($start = 0; $start < $n; $start += self::PAGE) {
            foreach ($this->source->problems($start, self::PAGE) as $i => $p) {
                yield $start + $i => $p;
            }
        }
    }

    /**
     * The self-contained HTML page for people (`dtks validate --report
     * out.html`), in Indonesian (`id`) or English (`en`).
     */
    public function html(string $lang = 'id'): string
    {
        if ($lang !== 'id' && $lang !== 'en') {
            throw new InvalidArgument(null, "bahasa tidak dikenal: \"$lang\" (id atau en)", "unknown language: \"$lang\" (id or en)");
        }
        return $this->source->html($lang);
    }
}
