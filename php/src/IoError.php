<?php

declare(strict_types=1);

namespace Dtks;

/**
 * A file cannot be read or written; `code` is null.
 */
class IoError extends DtksException
{
}
