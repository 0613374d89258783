<?php

declare(strict_types=1);

namespace Dtks;

/**
 * Not a valid NIK: `code` is one of `NIK_SCIENTIFIC_NOTATION`, `NIK_DIGITS_LOST`, `NIK_NON_DIGIT`, `NIK_LENGTH`, `NIK_PROVINCE_UNKNOWN`, `NIK_REGENCY_UNKNOWN`, `NIK_DISTRICT_UNKNOWN`, `NIK_DATE_INVALID`, `NIK_LEAP_DAY`, `NIK_SERIAL_ZERO` (the order in which the core checks them).
 */
class InvalidNik extends InvalidInput
{
}
