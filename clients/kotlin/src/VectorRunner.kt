// Drives the openapi-generator `kotlin` client (jvm-okhttp4, Jackson; clients/kotlin/build/client)
// through the conformance vectors. Lock-step protocol with clients/run.ts: each stdin line is
// {"file", "baseUrl"}; each answer is one stdout line, {"seen": {...}} or {"failure": "..."}. JSON
// inputs are read into the generated models by the generated ObjectMapper (`Serializer.jacksonObjectMapper`)
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
import java.io.File
import java.lang.reflect.Modifier
import java.net.URI
import java.nio.file.Files
import java.util.Base64

const val API_KEY = "vector-test-key"

private val mapper = Serializer.jacksonObjectMapper

@Suppress("UNCHECKED_CAST")
private fun Any?.obj(): Map<String, Any?> = this as Map<String, Any?>

/** A vector's string as a member of a generated enum (whose toString is its value), or an error naming the field. */
inline fun <reified T : Enum<T>> member(value: String, field: String): T =
    enumValues<T>().firstOrNull { it.toString() == value }
        ?: throw IllegalArgumentException("$field: \"$value\" is not a value of the generated ${T::class.simpleName}")

/** A vector file as a file on disk with the vector's file name, as a Kotlin caller holds one. */
fun fileOf(file: Map<String, Any?>, dir: File): File {
    val target = File(dir, file["name"] as String)
    target.writeBytes(Base64.getDecoder().decode(file["base64"] as String))
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

fun sendV1(baseUrl: String, sid: String, operation: Map<String, Any?>, dir: File): V1SendMessageResponse {
    val multipart = operation["multipart"]?.obj()
    @Suppress("UNCHECKED_CAST")
    val fields = (multipart?.get("fields") ?: operation["form"]).obj() as Map<String, String>
    val handled = setOf("to", "from", "channel", "type", "body", "preview_url", "caption", "template_name", "params", "media_url", "param_url")
    fields.keys.firstOrNull { it !in handled }?.let { throw IllegalArgumentException("$it: the runner has no generated parameter for this field") }
    val media = (multipart?.get("files") as List<*>?)?.firstOrNull()?.let { fileOf(it.obj(), dir) }
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

fun errorSeen(status: Int, body: Any?): Map<String, Any?> {
    val envelope = mapper.readValue(body as String, ErrorEnvelope::class.java)
    val messages: Any? = envelope.error
    if (messages != null && messages !is Map<*, *> && messages.javaClass.declaredFields.all { Modifier.isStatic(it.modifiers) })
        throw IllegalStateException("ErrorEnvelope.error: the generated ${messages.javaClass.simpleName} has no properties, so the decoded envelope carries no field names")
    val fields = (messages as? Map<*, *>)?.keys?.map { it.toString() }?.sorted() ?: emptyList()
    return mapOf("error" to mapOf("status" to status, "code" to envelope.code, "fields" to fields))
}

fun run(operation: Map<String, Any?>, baseUrl: String, dir: File): Map<String, Any?> {
    val path = operation["path"].obj()
    val sid = path["sid"] as String
    try {
        return when (val id = operation["operationId"]) {
            "sendV2Message" -> {
                val body = mapper.convertValue(operation["json"], V2SendMessageRequest::class.java)
                val answer = V2MessagesApi(baseUrl).sendV2Message(sid, path["phone_number"] as String, body)
                mapOf("messageId" to answer.`data`.messageId)
            }
            "sendV1Message" -> mapOf("messageId" to sendV1(baseUrl, sid, operation, dir).`data`.first().messageId)
            "uploadResumableMedia" -> {
                val multipart = operation["multipart"].obj()
                val file = fileOf((multipart["files"] as List<*>).first().obj(), dir)
                val type = member<V2ResumableMediaType>(multipart["fields"].obj()["type"] as String, "type")
                val answer = V2MediaApi(baseUrl).uploadResumableMedia(sid, path["waba_id"] as String, file, type)
                mapOf("id" to answer.`data`.id)
            }
            "getResumableMedia" -> {
                val query = operation["query"]?.obj() ?: emptyMap()
                val answer = V2MediaApi(baseUrl).getResumableMedia(
                    sid,
                    path["waba_id"] as String,
                    query["id"]?.toString(),
                    (query["limit"] as Number?)?.toInt(),
                    (query["offset"] as Number?)?.toInt(),
                )
                mapOf("id" to answer.`data`?.first()?.resumableMediaId)
            }
            "listTemplates" -> mapOf("code" to V2TemplatesApi(baseUrl).listTemplates(sid, path["waba_id"] as String).code)
            else -> throw IllegalArgumentException("the Kotlin runner has no operation $id")
        }
    } catch (error: ClientException) {
        return errorSeen(error.statusCode, (error.response as ClientError<*>).body)
    } catch (error: ServerException) {
        return errorSeen(error.statusCode, (error.response as ServerError<*>).body)
    }
}

fun main() {
    ApiClient.apiKey["api-key"] = API_KEY
    val dir = Files.createTempDirectory("kaleyra-kotlin-vectors").toFile()
    try {
        for (line in generateSequence(::readLine)) {
            val answer = try {
                val request = mapper.readValue(line, Map::class.java).obj()
                val vector = mapper.readValue(File(request["file"] as String), Map::class.java).obj()
                mapOf("seen" to run(vector["operation"].obj(), request["baseUrl"] as String, dir))
            } catch (error: Throwable) {
                mapOf("failure" to error.stackTraceToString())
            }
            println(mapper.writeValueAsString(answer))
            System.out.flush()
        }
    } finally {
        dir.deleteRecursively()
    }
}
