<?php
// Composer's autoloader when `composer install` (or dump-autoload) ran,
// else the same PSR-4 rules by hand (CI runs Debian's phpunit, no vendor/).

declare(strict_types=1);

$vendor = dirname(__DIR__) . '/vendor/autoload.php';
if (is_file($vendor)) {
    require $vendor;
    return;
}
spl_autoload_register(static function (string $class): void {
    foreach (['Dtks\\Tests\\' => __DIR__ . '/', 'Dtks\\' => dirname(__DIR__) . '/src/'] as $prefix => $dir) {
        if (str_starts_with($class, $prefix)) {
            $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});
