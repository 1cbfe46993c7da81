<?php
// Loads every generated class through clients/php/autoload.php: a file that does not parse, or a class
// whose parent or interface is missing, fails the build before any vector runs.
declare(strict_types=1);

require __DIR__ . '/autoload.php';

$lib = __DIR__ . '/build/client/lib';
$count = 0;
$files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($lib, FilesystemIterator::SKIP_DOTS));
foreach ($files as $file) {
    if ($file->getExtension() !== 'php') {
        continue;
    }
    $class = 'Kaleyra\\WhatsApp\\' . str_replace('/', '\\', substr($file->getPathname(), strlen($lib) + 1, -4));
    if (!class_exists($class) && !interface_exists($class) && !trait_exists($class)) {
        fwrite(STDERR, "php: $class does not load from {$file->getPathname()}\n");
        exit(1);
    }
    $count++;
}
echo "php: $count generated classes load\n";
