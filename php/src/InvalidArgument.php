<?php

declare(strict_types=1);

namespace Dtks;

/**
 * A bad argument (a date, an option, a format); `code` is null.
 */
class InvalidArgument extends DtksException
{
}
