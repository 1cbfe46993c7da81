<?php
// What `composer install` would give the generated client, from Debian's packages instead: Guzzle,
// PSR-7 and promises (php-guzzlehttp-guzzle, -psr7, -promises) install under /usr/share/php with their
// own autoloaders, found on PHP's include_path; the generated classes load by the PSR-4 rule of the
// generated composer.json (`Kaleyra\WhatsApp\` => `lib/`).
require_once 'GuzzleHttp/autoload.php';

spl_autoload_register(function (string $class): void {
    $prefix = 'Kaleyra\\WhatsApp\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/build/client/lib/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
