<?php

declare(strict_types=1);

namespace Dtks;

/**
 * The command's JSON report, held whole.
 *
 * @internal
 */
final class ArrayReport implements ReportSource
{
    /**
     * @param array<string, mixed> $summary
     * @param list<array<string, mixed>> $problems
     * @param \Closure(string): string $html
     */
    public function __construct(private array $summary, private array $problems, private \Closure $html)
    {
    }

    public function summary(): array
    {
        return $this->summary;
    }

    public function problemCount(): int
    {
        return \count($this->problems);
    }

    public function problems(int $start, int $count): array
    {
        return array_slice($this->problems, $start, $count);
    }

    public function html(string $lang): string
    {
        return ($this->html)($lang);
    }
}
