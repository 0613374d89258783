<?php

declare(strict_types=1);

namespace Dtks;

/**
 * Where a report's contents come from: a libdtks report handle, or the
 * command's JSON report.
 *
 * @internal
 */
interface ReportSource
{
    /** @return array<string, mixed> */
    public function summary(): array;

    public function problemCount(): int;

    /** @return list<array<string, mixed>> */
    public function problems(int $start, int $count): array;

    public function html(string $lang): string;
}
