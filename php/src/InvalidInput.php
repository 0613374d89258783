<?php

declare(strict_types=1);

namespace Dtks;

/**
 * The input is at fault (a value the rules reject).
 */
class InvalidInput extends DtksException
{
}
