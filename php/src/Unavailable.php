<?php

declare(strict_types=1);

namespace Dtks;

/**
 * Neither libdtks (through FFI) nor the dtks command can be used; `code` is null.
 */
class Unavailable extends DtksException
{
}
