<?php
// Drives the openapi-generator `php` client (clients/php/build/client) through the conformance
// vectors, calling only its generated API. Lock-step protocol with clients/run.ts: each stdin line is
// {"file", "baseUrl"}; each answer is one stdout line, {"seen": {...}} or {"failure": "..."}. JSON
// inputs become the generated model objects (build() below) before they are sent;
// a file is handed over as the SplFileObject of a file with the vector's name, as a PHP caller holds one.
declare(strict_types=1);

require __DIR__ . '/autoload.php';

use Kaleyra\WhatsApp\ApiException;
use Kaleyra\WhatsApp\Api\V1MessagesApi;
use Kaleyra\WhatsApp\Api\V2MediaApi;
use Kaleyra\WhatsApp\Api\V2MessagesApi;
use Kaleyra\WhatsApp\Api\V2TemplatesApi;
use Kaleyra\WhatsApp\Configuration;
use Kaleyra\WhatsApp\Model\ErrorEnvelope;
use Kaleyra\WhatsApp\Model\ModelInterface;
use Kaleyra\WhatsApp\Model\V2SendMessageRequest;

const API_KEY = 'vector-test-key';

/** A vector file as a file on disk with the vector's file name. */
function file_of(array $file, string $dir): SplFileObject
{
    $path = $dir . '/' . $file['name'];
    file_put_contents($path, base64_decode($file['base64'], true));
    return new SplFileObject($path);
}

/**
 * The document's discriminated unions: for each union schema, its tag and which member each tag value
 * names. The php generator merges a oneOf's members into one class (a property name shared by members
 * keeps the last member's type) and its deserializer ignores the discriminator mapping, so a PHP
 * caller constructs the member class itself (`new V2TemplateBodyComponent([...])`); the runner does
 * the same, picking the class the tag names.
 */
function unions(): array
{
    static $unions = null;
    if ($unions === null) {
        $document = json_decode((string) file_get_contents(__DIR__ . '/../../dist/openapi.3.0.json'), true, 512, JSON_THROW_ON_ERROR);
        $unions = [];
        foreach ($document['components']['schemas'] as $name => $schema) {
            if (isset($schema['discriminator']['mapping'])) {
                $unions[$name] = [
                    'tag' => $schema['discriminator']['propertyName'],
                    'members' => array_map(fn (string $ref) => substr($ref, strrpos($ref, '/') + 1), $schema['discriminator']['mapping']),
                ];
            }
        }
    }
    return $unions;
}

/**
 * A vector's JSON value as the generated models a PHP caller would construct: each object through the
 * generated class's setters (which check enums), a field the class has no property for refused.
 */
function build(mixed $json, string $type, string $at): mixed
{
    if ($json === null) {
        return null;
    }
    if (str_ends_with($type, '[]')) {
        $item = substr($type, 0, -2);
        return array_map(fn ($value, $i) => build($value, $item, "{$at}[{$i}]"), $json, array_keys($json));
    }
    if (!str_starts_with($type, '\\Kaleyra\\WhatsApp\\Model\\')) {
        return $json;
    }
    $short = substr($type, strrpos($type, '\\') + 1);
    $union = unions()[$short] ?? null;
    if ($union !== null && is_object($json) && isset($json->{$union['tag']}, $union['members'][$json->{$union['tag']}])) {
        return build($json, '\\Kaleyra\\WhatsApp\\Model\\' . $union['members'][$json->{$union['tag']}], $at);
    }
    if ($type::openAPITypes() === []) {
        // A union of plain values (`V2LocationObjectLatitude`: number or string) has no properties: the value goes as it is.
        return $json;
    }
    if (!is_object($json)) {
        throw new InvalidArgumentException("$at: expected an object for $short, got " . json_encode($json));
    }
    $instance = new $type();
    $properties = array_flip($type::attributeMap());
    foreach (get_object_vars($json) as $name => $value) {
        $property = $properties[$name] ?? null;
        if ($property === null) {
            throw new InvalidArgumentException("$at.$name: the generated $short has no such property");
        }
        $instance->{$type::setters()[$property]}(build($value, $type::openAPITypes()[$property], "$at.$name"));
    }
    return $instance;
}

/** The error the caller caught, read from the generated ErrorEnvelope the client decoded. */
function error_seen(ApiException $error): array
{
    $envelope = $error->getResponseObject();
    if (!$envelope instanceof ErrorEnvelope) {
        throw new RuntimeException("HTTP {$error->getCode()}: the client decoded no ErrorEnvelope: " . $error->getMessage());
    }
    $value = function (mixed $field, string $name): mixed {
        if ($field instanceof ModelInterface && $field::openAPITypes() === []) {
            throw new RuntimeException("ErrorEnvelope.$name: the generated {$field->getModelName()} has no properties, so the decoded envelope carries no value");
        }
        return $field;
    };
    $code = $value($envelope->getCode(), 'code');
    $messages = $value($envelope->getError(), 'error');
    // Any JSON value (build.sh loosens the union): an object of field messages, or a string.
    $fields = is_array($messages) || is_object($messages) ? array_map('strval', array_keys((array) $messages)) : [];
    sort($fields);
    return ['error' => ['status' => $error->getCode(), 'code' => (string) $code, 'fields' => $fields]];
}

function run(array $operation, string $baseUrl, string $dir): array
{
    $config = Configuration::getDefaultConfiguration()->setHost($baseUrl)->setApiKey('api-key', API_KEY);
    $path = $operation['path'];
    try {
        switch ($operation['operationId']) {
            case 'sendV2Message':
                $body = build(json_decode(json_encode($operation['json'])), '\\' . V2SendMessageRequest::class, 'json');
                $answer = (new V2MessagesApi(null, $config))->sendV2Message($path['sid'], $path['phone_number'], $body);
                return ['messageId' => $answer->getData()->getMessageId()];
            case 'sendV1Message':
                // The generated method takes every form field as a named argument and the content type
                // as its last one: a file goes multipart, everything else as the url-encoded form.
                $api = new V1MessagesApi(null, $config);
                if (isset($operation['multipart'])) {
                    $arguments = $operation['multipart']['fields'];
                    foreach ($operation['multipart']['files'] as $file) {
                        $arguments[$file['field']] = file_of($file, $dir);
                    }
                    $answer = $api->sendV1Message($path['sid'], ...$arguments, contentType: 'multipart/form-data');
                } else {
                    $answer = $api->sendV1Message($path['sid'], ...$operation['form'], contentType: 'application/x-www-form-urlencoded');
                }
                return ['messageId' => $answer->getData()[0]->getMessageId()];
            case 'uploadResumableMedia':
                $multipart = $operation['multipart'];
                $answer = (new V2MediaApi(null, $config))->uploadResumableMedia(
                    $path['sid'],
                    $path['waba_id'],
                    file_of($multipart['files'][0], $dir),
                    $multipart['fields']['type'],
                );
                return ['id' => $answer->getData()->getId()];
            case 'getResumableMedia':
                $query = $operation['query'] ?? [];
                $answer = (new V2MediaApi(null, $config))->getResumableMedia($path['sid'], $path['waba_id'], ...$query);
                return ['id' => $answer->getData()[0]->getResumableMediaId()];
            case 'listTemplates':
                $answer = (new V2TemplatesApi(null, $config))->listTemplates($path['sid'], $path['waba_id']);
                return ['code' => $answer->getCode()];
            default:
                throw new RuntimeException('the PHP runner has no operation ' . $operation['operationId']);
        }
    } catch (ApiException $error) {
        return error_seen($error);
    }
}

$dir = sys_get_temp_dir() . '/kaleyra-php-vectors-' . getmypid();
mkdir($dir);
while (($line = fgets(STDIN)) !== false) {
    try {
        $request = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
        $vector = json_decode((string) file_get_contents($request['file']), true, 512, JSON_THROW_ON_ERROR);
        $answer = ['seen' => run($vector['operation'], $request['baseUrl'], $dir)];
    } catch (Throwable $error) {
        $answer = ['failure' => get_class($error) . ': ' . $error->getMessage() . "\n" . $error->getTraceAsString()];
    }
    echo json_encode($answer, JSON_UNESCAPED_SLASHES), "\n";
    flush();
}
array_map('unlink', glob($dir . '/*') ?: []);
rmdir($dir);
