<?php

declare(strict_types=1);

namespace Dtks;

/**
 * A valid NIK (Nomor Induk Kependudukan), decoded by the core.
 *
 *     $nik = Dtks\Nik::parse('3171014101900001', '2026-01-01');
 *     echo $nik;                 // 3171••••••••0001 (masked)
 *     echo $nik->birthDate();    // 1990-01-01
 *     try {
 *         Dtks\Nik::parse('317101410190001');
 *     } catch (Dtks\InvalidNik $e) {
 *         echo $e->code;         // NIK_DIGITS_LOST
 *     }
 *
 * The digits show only through `raw()`: string conversion, `var_dump`,
 * `print_r`, `var_export`, `json_encode` and `serialize` give the masked
 * form (the digits are not a property of the object).
 */
final class Nik implements \Stringable, \JsonSerializable
{
    /** @var \WeakMap<Nik, string>|null The digits, outside the objects' properties. */
    private static ?\WeakMap $digits = null;

    /** @param array<string, mixed> $answer */
    private function __construct(private array $answer)
    {
    }

    /**
     * Parses and decodes a NIK.
     *
     * @param string $input 16 ASCII digits (with `$lenient`, also spaces, dots
     *     and dashes between them)
     * @param string|null $asOf `YYYY-MM-DD`, the date that resolves the
     *     two-digit birth year (default: today)
     * @throws InvalidNik with `->code` the core's code
     * @throws InvalidArgument a malformed `$asOf`
     * @throws Unavailable neither libdtks nor the command can be used
     */
    public static function parse(string $input, ?string $asOf = null, bool $lenient = false): self
    {
        $answer = Runtime::backend()->decodeNik($input, $lenient, $asOf ?? date('Y-m-d'));
        if (($answer['valid'] ?? false) !== true) {
            throw new InvalidNik(
                \is_string($answer['code'] ?? null) ? $answer['code'] : null,
                (string)($answer['message_id'] ?? ''),
                (string)($answer['message_en'] ?? '')
            );
        }
        $nik = new self($answer);
        self::$digits ??= new \WeakMap();
        // The core accepted it: its digits are the input without the
        // separators lenient parsing allows.
        self::$digits[$nik] = (string)preg_replace('/\D/', '', $input);
        return $nik;
    }

    /** The masked form, as in every dtks message: `3171••••••••0001`. */
    public function masked(): string
    {
        return (string)$this->answer['masked'];
    }

    /** The 16 digits. Personal data: log `masked()` instead. */
    public function raw(): string
    {
        $d = self::$digits[$this] ?? null;
        if ($d === null) {
            throw new InvalidArgument(null, 'angka NIK tidak tersimpan di salinan ini', 'the digits are not kept in this copy');
        }
        return $d;
    }

    /** Birth date `YYYY-MM-DD` (for women the day is stored plus 40). */
    public function birthDate(): string
    {
        return (string)$this->answer['birth_date'];
    }

    /** `male` or `female`. */
    public function sex(): string
    {
        return (string)$this->answer['sex'];
    }

    /** Province code, `31`. */
    public function province(): string
    {
        return (string)$this->answer['province'];
    }

    /** Regency/city code, `31.71`. */
    public function regency(): string
    {
        return (string)$this->answer['regency'];
    }

    /** District code, `31.71.01`. */
    public function district(): string
    {
        return (string)$this->answer['district'];
    }

    /** The district's name (`Gambir`), null when the table has none. */
    public function districtName(): ?string
    {
        $n = $this->answer['district_name'] ?? null;
        return \is_string($n) ? $n : null;
    }

    /** The serial number, digits 13–16. */
    public function serial(): int
    {
        return (int)$this->answer['serial'];
    }

    /**
     * The core's whole answer (`dtks nik --json`): masked, region codes and
     * names, a retired code's successor, birth date, sex, serial.
     *
     * @return array<string, mixed>
     */
    public function toArray(): array
    {
        return $this->answer;
    }

    public function __toString(): string
    {
        return $this->masked();
    }

    /** @return array<string, mixed> */
    public function jsonSerialize(): array
    {
        return $this->answer;
    }

    /** @return array<string, mixed> */
    public function __debugInfo(): array
    {
        return $this->answer;
    }
}
