<?php

declare(strict_types=1);

namespace Dtks;

/**
 * How the package reaches the core: libdtks in the process (`FfiBackend`)
 * or the `dtks` command (`CommandBackend`). Both hand back the core's own
 * answers (the JSON `dtks nik --json` and `dtks validate --report` write),
 * so the classes above them give the same results whichever runs. A
 * backend translates; it never decides.
 *
 * @internal
 */
interface Backend
{
    /** `"ffi"` or `"command"`. */
    public function name(): string;

    /**
     * The decoded NIK answer (`valid`, `code`, `message_id`, `message_en`,
     * `masked`, `province`, …); an invalid NIK is an answer, not a failure.
     *
     * @return array<string, mixed>
     */
    public function decodeNik(string $input, bool $lenient, string $asOf): array;

    /**
     * Validates a file (`$data` null) or bytes held in memory.
     *
     * @param array<string, mixed> $options checked by `Bulk`
     */
    public function validate(?string $path, ?string $data, array $options): Report;
}
