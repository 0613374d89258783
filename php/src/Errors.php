<?php

declare(strict_types=1);

namespace Dtks;

/**
 * The exception class of a core code: `NIK_*` is `InvalidNik`, every other
 * code `InvalidInput`.
 *
 * @internal
 */
final class Errors
{
    /** @param array<string, mixed> $context */
    public static function forCode(?string $code, string $id, string $en, string $path = '', array $context = []): DtksException
    {
        if ($code !== null && str_starts_with($code, 'NIK_')) {
            return new InvalidNik($code, $id, $en, $path, $context);
        }
        return new InvalidInput($code, $id, $en, $path, $context);
    }
}
