// Drives the openapi-generator `kotlin` client (jvm-okhttp4, kotlinx.serialization, oneOf wrappers;
// clients/kotlin/build/client) through the conformance vectors. Lock-step protocol with clients/run.ts:
// each stdin line is {"file", "baseUrl"}; each answer is one stdout line, {"seen": {...}} or
// {"failure": "..."}. JSON inputs are decoded into the generated models by the generated serializers
// before they are sent; files are handed over as `java.io.File`s with the vector's file names.

import io.kaleyra.whatsapp.apis.V1MessagesApi
import io.kaleyra.whatsapp.apis.V2MediaApi
import io.kaleyra.whatsapp.apis.V2MessagesApi
import io.kaleyra.whatsapp.apis.V2TemplatesApi
import io.kaleyra.whatsapp.infrastructure.ApiClient
import io.kaleyra.whatsapp.infrastructure.ClientError
import io.kaleyra.whatsapp.infrastructure.ClientException
import io.kaleyra.whatsapp.infrastructure.PartConfig
import io.kaleyra.whatsapp.infrastructure.RequestConfig
import io.kaleyra.whatsapp.infrastructure.ResponseType
import io.kaleyra.whatsapp.infrastructure.Serializer
import io.kaleyra.whatsapp.infrastructure.ServerError
import io.kaleyra.whatsapp.infrastructure.ServerException
import io.kaleyra.whatsapp.infrastructure.Success
import io.kaleyra.whatsapp.models.ErrorEnvelope
import io.kaleyra.whatsapp.models.V1Channel
import io.kaleyra.whatsapp.models.V1SendMessageResponse
import io.kaleyra.whatsapp.models.V2ResumableMediaType
import io.kaleyra.whatsapp.models.V2SendMessageRequest
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.contentOrNull
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.File
import java.net.URI
import java.nio.file.Files
import java.util.Base64

const val API_KEY = "vector-test-key"

private fun JsonElement?.obj(): JsonObject = this as JsonObject
private fun JsonElement?.text(): String? = (this as? JsonPrimitive)?.contentOrNull

/** A vector's string as a member of a generated enum (whose toString is its value), or an error naming the field. */
inline fun <reified T : Enum<T>> member(value: String, field: String): T =
    enumValues<T>().firstOrNull { it.toString() == value }
        ?: throw IllegalArgumentException("$field: \"$value\" is not a value of the generated ${T::class.simpleName}")

/** A vector file as a file on disk with the vector's file name, as a Kotlin caller holds one. */
fun fileOf(file: JsonObject, dir: File): File {
    val target = File(dir, file["name"].text()!!)
    target.writeBytes(Base64.getDecoder().decode(file["base64"].text()!!))
    return target
}

/**
 * With help (clients/README.md): the generated `sendV1Message` sends every optional form field, set or
 * not (an unset one as an empty value: `callback_url=&ref=&...`), always as its first content type, and
 * its `type` parameter is an enum of the last union member's value only (`order_details`). This
 * subclass takes the generated request config, drops the fields the caller did not set, puts in the
 * message kind, picks the content type (multipart when a file is attached) and sends it through the
 * generated `request`.
 */
class V1SendMessageApi(basePath: String) : V1MessagesApi(basePath) {
    fun send(config: RequestConfig<Map<String, PartConfig<*>>>, kind: String, contentType: String): V1SendMessageResponse {
        val parts = config.body.orEmpty().filterValues { it.body != null } + ("type" to PartConfig(body = kind, headers = mutableMapOf()))
        val set = config.copy(body = parts)
        set.headers["Content-Type"] = contentType
        val response = request<Map<String, PartConfig<*>>, V1SendMessageResponse>(set)
        return when (response.responseType) {
            ResponseType.Success -> (response as Success<*>).data as V1SendMessageResponse
            ResponseType.ClientError -> throw ClientException("Client error", response.statusCode, response)
            ResponseType.ServerError -> throw ServerException("Server error", response.statusCode, response)
            else -> throw UnsupportedOperationException("unexpected ${response.responseType}")
        }
    }
}

fun sendV1(baseUrl: String, sid: String, operation: JsonObject, dir: File): V1SendMessageResponse {
    val multipart = operation["multipart"]?.obj()
    val fields = (multipart?.get("fields") ?: operation["form"]).obj().mapValues { it.value.text()!! }
    val handled = setOf("to", "from", "channel", "type", "body", "preview_url", "caption", "template_name", "params", "media_url", "param_url")
    fields.keys.firstOrNull { it !in handled }?.let { throw IllegalArgumentException("$it: the runner has no generated parameter for this field") }
    val media = multipart?.get("files")?.jsonArray?.firstOrNull()?.let { fileOf(it.obj(), dir) }
    val api = V1SendMessageApi(baseUrl)
    val config = api.sendV1MessageRequestConfig(
        sid = sid,
        type = null,
        to = fields["to"],
        from = fields["from"],
        channel = fields["channel"]?.let { member<V1Channel>(it, "channel") },
        callbackUrl = null, callbackProfileId = null, ref = null, ref1 = null, ref2 = null,
        body = fields["body"],
        previewUrl = fields["preview_url"]?.let { member<V1MessagesApi.PreviewUrlSendV1Message>(it, "preview_url") },
        langCode = null,
        templateName = fields["template_name"],
        params = fields["params"],
        thumbnailProductRetailerId = null, source = null, sections = null,
        media = media,
        mediaUrl = fields["media_url"]?.let(URI::create),
        caption = fields["caption"],
        paramHeader = null,
        paramUrl = fields["param_url"],
        secondParamUrl = null, couponCode = null, payload1 = null, payload2 = null, payload3 = null, language = null,
        verificationCode = null, paramLat = null, paramLong = null, paramName = null, paramAddress = null,
        paramContacts = null, footer = null, action = null, headerType = null, headerValue = null, header = null,
    )
    val kind = fields["type"] ?: throw IllegalArgumentException("type: missing")
    return api.send(config, kind, if (multipart != null) "multipart/form-data" else "application/x-www-form-urlencoded")
}

/**
 * With help (clients/README.md, note 9): the envelope's `data` and `error` are generated from the loosened
 * input as any JSON value (`JsonElement`), and the field names are read from `error`'s object.
 */
fun errorSeen(status: Int, body: Any?): JsonObject {
    val envelope = Serializer.kotlinxSerializationJson.decodeFromString(ErrorEnvelope.serializer(), body as String)
    val fields = (envelope.error as? JsonObject)?.keys?.sorted() ?: emptyList()
    return seen("error" to mapOf("status" to status, "code" to envelope.code, "fields" to fields))
}

/** What the caller saw, as JSON (string, number and list values, one level of nesting). */
fun seen(vararg entries: Pair<String, Any?>): JsonObject = JsonObject(entries.associate { (key, value) -> key to json(value) })

private fun json(value: Any?): JsonElement = when (value) {
    null -> JsonNull
    is String -> JsonPrimitive(value)
    is Number -> JsonPrimitive(value)
    is List<*> -> kotlinx.serialization.json.JsonArray(value.map(::json))
    is Map<*, *> -> JsonObject(value.entries.associate { (key, item) -> key.toString() to json(item) })
    else -> throw IllegalArgumentException("no JSON form for ${value.javaClass}")
}

fun run(operation: JsonObject, baseUrl: String, dir: File): JsonObject {
    val path = operation["path"].obj()
    val sid = path["sid"].text()!!
    try {
        return when (val id = operation["operationId"].text()) {
            "sendV2Message" -> {
                val body = Serializer.kotlinxSerializationJson.decodeFromJsonElement(V2SendMessageRequest.serializer(), operation["json"]!!)
                val answer = V2MessagesApi(baseUrl).sendV2Message(sid, path["phone_number"].text()!!, body)
                seen("messageId" to answer.`data`.messageId)
            }
            "sendV1Message" -> seen("messageId" to sendV1(baseUrl, sid, operation, dir).`data`.first().messageId)
            "uploadResumableMedia" -> {
                val multipart = operation["multipart"].obj()
                val file = fileOf(multipart["files"]!!.jsonArray.first().obj(), dir)
                val type = member<V2ResumableMediaType>(multipart["fields"].obj()["type"].text()!!, "type")
                val answer = V2MediaApi(baseUrl).uploadResumableMedia(sid, path["waba_id"].text()!!, file, type)
                seen("id" to answer.`data`.id)
            }
            "getResumableMedia" -> {
                val query = operation["query"]?.obj() ?: JsonObject(emptyMap())
                val answer = V2MediaApi(baseUrl).getResumableMedia(
                    sid,
                    path["waba_id"].text()!!,
                    query["id"]?.jsonPrimitive?.content,
                    query["limit"]?.jsonPrimitive?.int,
                    query["offset"]?.jsonPrimitive?.int,
                )
                seen("id" to answer.`data`?.first()?.resumableMediaId)
            }
            "listTemplates" -> seen("code" to V2TemplatesApi(baseUrl).listTemplates(sid, path["waba_id"].text()!!).code)
            else -> throw IllegalArgumentException("the Kotlin runner has no operation $id")
        }
    } catch (error: ClientException) {
        return errorSeen(error.statusCode, (error.response as ClientError<*>).body)
    } catch (error: ServerException) {
        return errorSeen(error.statusCode, (error.response as ServerError<*>).body)
    }
}

fun main() {
    // Configured (clients/README.md, note 14): the generated Json encodes defaults, so every unset optional
    // field went out as `null` (`"context": null`, `"extra_info": null`), which the document refuses. The
    // generated client's own configuration hook, set once before the first call, leaves them out.
    Serializer.kotlinxSerializationJsonConfiguration = { explicitNulls = false }
    ApiClient.apiKey["api-key"] = API_KEY
    val dir = Files.createTempDirectory("kaleyra-kotlin-vectors").toFile()
    try {
        for (line in generateSequence(::readLine)) {
            val answer = try {
                val request = Json.parseToJsonElement(line).jsonObject
                val vector = Json.parseToJsonElement(File(request["file"].text()!!).readText()).jsonObject
                JsonObject(mapOf("seen" to run(vector["operation"].obj(), request["baseUrl"].text()!!, dir)))
            } catch (error: Throwable) {
                JsonObject(mapOf("failure" to JsonPrimitive(error.stackTraceToString())))
            }
            println(answer.toString())
            System.out.flush()
        }
    } finally {
        dir.deleteRecursively()
    }
}
