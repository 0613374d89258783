<?php

declare(strict_types=1);

namespace Dtks;

/**
 * Root of every dtks exception.
 *
 * `code` is the core's stable code (`"NIK_LENGTH"`), or `null` for a failure
 * no problem code describes (a bad argument, an unreadable file). As for
 * PDOException, the code is a string: read `$e->code` (or `getCode()`).
 * `getMessage()` is `CODE: the English message`; `messageId` and
 * `messageEn` are the message wholly in Indonesian and wholly in English.
 * Personal values (NIK, KK, names) are masked in every message.
 */
class DtksException extends \RuntimeException
{
    /** @var string|null The core's stable code, or null. */
    public $code;

    /** The message in Indonesian. */
    public readonly string $messageId;

    /** The message in English. */
    public readonly string $messageEn;

    /** Where in the input (`families[0].members[1].nik`), or `""`. */
    public readonly string $path;

    /** @var array<string, mixed> The masked values that fill the message. */
    public readonly array $context;

    /**
     * @param array<string, mixed> $context
     */
    public function __construct(
        ?string $code,
        string $messageId,
        string $messageEn,
        string $path = '',
        array $context = [],
        ?\Throwable $previous = null
    ) {
        parent::__construct($code === null ? $messageEn : "$code: $messageEn", 0, $previous);
        $this->code = $code;
        $this->messageId = $messageId;
        $this->messageEn = $messageEn;
        $this->path = $path;
        $this->context = $context;
    }

    /** The message in `id` (Indonesian, the default) or `en`. */
    public function message(string $lang = 'id'): string
    {
        return match ($lang) {
            'id' => $this->messageId,
            'en' => $this->messageEn,
            default => throw new InvalidArgument(
                null,
                "bahasa tidak dikenal: \"$lang\" (id atau en)",
                "unknown language: \"$lang\" (id or en)"
            ),
        };
    }
}
