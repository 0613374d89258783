<?php

declare(strict_types=1);

namespace Dtks\Tests;

/** Paths of the repository and of what tests/php/run.sh built. */
final class Env
{
    public static function root(): string
    {
        return \dirname(__DIR__, 2);
    }

    /** libdtks built for the run ($DTKS_LIB), or null. */
    public static function library(): ?string
    {
        $l = getenv('DTKS_LIB');
        return \is_string($l) && $l !== '' ? $l : null;
    }

    /** The dtks command built for the run ($DTKS_COMMAND), or null. */
    public static function command(): ?string
    {
        $c = getenv('DTKS_COMMAND');
        return \is_string($c) && $c !== '' ? $c : null;
    }
}
