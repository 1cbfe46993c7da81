<?php
// Drives the openapi-generator `php` client (clients/php/build/client) through the conformance
// vectors, calling only its generated API. Lock-step protocol with clients/run.ts: each stdin line is
// {"file", "baseUrl"}; each answer is one stdout line, {"seen": {...}} or {"failure": "..."}. JSON
// inputs are decoded into the generated models (ObjectSerializer::deserialize) before they are sent;
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
use Kaleyra\WhatsApp\Model\V2SendMessageRequest;
use Kaleyra\WhatsApp\ObjectSerializer;

const API_KEY = 'vector-test-key';

/** A vector file as a file on disk with the vector's file name. */
function file_of(array $file, string $dir): SplFileObject
{
    $path = $dir . '/' . $file['name'];
    file_put_contents($path, base64_decode($file['base64'], true));
    return new SplFileObject($path);
}

function error_seen(int $status, ?string $body): array
{
    $envelope = ObjectSerializer::deserialize(json_decode((string) $body), ErrorEnvelope::class);
    $fields = is_array($envelope->getError()) || is_object($envelope->getError())
        ? array_map('strval', array_keys((array) $envelope->getError()))
        : [];
    sort($fields);
    return ['error' => ['status' => $status, 'code' => (string) $envelope->getCode(), 'fields' => $fields]];
}

function run(array $operation, string $baseUrl, string $dir): array
{
    $config = Configuration::getDefaultConfiguration()->setHost($baseUrl)->setApiKey('api-key', API_KEY);
    $path = $operation['path'];
    try {
        switch ($operation['operationId']) {
            case 'sendV2Message':
                $body = ObjectSerializer::deserialize(json_decode(json_encode($operation['json'])), V2SendMessageRequest::class);
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
        return error_seen($error->getCode(), $error->getResponseBody());
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
