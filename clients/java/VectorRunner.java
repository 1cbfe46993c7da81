import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kaleyra.whatsapp.ApiClient;
import io.kaleyra.whatsapp.ApiException;
import io.kaleyra.whatsapp.api.V1MessagesApi;
import io.kaleyra.whatsapp.api.V2MediaApi;
import io.kaleyra.whatsapp.api.V2MessagesApi;
import io.kaleyra.whatsapp.api.V2TemplatesApi;
import io.kaleyra.whatsapp.model.ErrorEnvelope;
import io.kaleyra.whatsapp.model.V1Channel;
import io.kaleyra.whatsapp.model.V1SendMessageResponse;
import io.kaleyra.whatsapp.model.V2ResumableMediaListResponse;
import io.kaleyra.whatsapp.model.V2ResumableMediaType;
import io.kaleyra.whatsapp.model.V2ResumableMediaUploadResponse;
import io.kaleyra.whatsapp.model.V2SendMessageRequest;
import io.kaleyra.whatsapp.model.V2SendMessageResponse;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.mime.MultipartEntityBuilder;

/**
 * Drives the openapi-generator client (java, native library) through the conformance vectors.
 * Lock-step protocol with clients/run.ts: each stdin line is {"file", "baseUrl"}; each answer is
 * one stdout line, {"seen": {...}} or {"failure": "..."}. JSON inputs are read into the generated
 * models before they are sent, so a model that cannot carry a vector's data fails here.
 */
public class VectorRunner {
  static final String API_KEY = "vector-test-key";
  static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      ObjectNode answer = JSON.createObjectNode();
      try {
        JsonNode request = JSON.readTree(line);
        JsonNode vector = JSON.readTree(Files.readString(Path.of(request.get("file").asText())));
        answer.set("seen", run(vector, request.get("baseUrl").asText()));
      } catch (Exception error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        answer.put("failure", trace.toString());
      }
      System.out.println(JSON.writeValueAsString(answer));
      System.out.flush();
    }
  }

  static ObjectNode seen(String key, String value) {
    return JSON.createObjectNode().put(key, value);
  }

  /** Decodes an error answer into the generated ErrorEnvelope. */
  static ObjectNode errorSeen(ApiClient client, int status, String body) throws Exception {
    ErrorEnvelope envelope = client.getObjectMapper().readValue(body, ErrorEnvelope.class);
    ObjectNode error = JSON.createObjectNode().put("status", status).put("code", envelope.getCode());
    List<String> fields = new ArrayList<>();
    if (envelope.getError() instanceof Map<?, ?> messages) {
      for (Object name : messages.keySet()) fields.add(String.valueOf(name));
    }
    fields.sort(null);
    fields.forEach(error.putArray("fields")::add);
    ObjectNode seen = JSON.createObjectNode();
    seen.set("error", error);
    return seen;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null ? null : value.asText();
  }

  /**
   * The multipart bodies the generated client cannot send (clients/README.md, "with help"): the
   * native library sends every file part as application/octet-stream (it ignores the operation's
   * `encoding`), and sendV1Message is generated for its first content type, the url-encoded form,
   * only. The body is built here and sent through the generated ApiClient's HttpClient and key
   * interceptor; answers decode into the generated models.
   */
  static HttpResponse<String> send(ApiClient client, String path, HttpEntity entity) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    entity.writeTo(body);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.getBaseUri() + path))
        .header("Content-Type", entity.getContentType().getValue())
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    client.getRequestInterceptor().accept(request);
    return client.getHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }


  static HttpResponse<String> postMultipart(ApiClient client, String path, JsonNode multipart) throws Exception {
    MultipartEntityBuilder builder = MultipartEntityBuilder.create();
    Iterator<Map.Entry<String, JsonNode>> fields = multipart.get("fields").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      builder.addTextBody(field.getKey(), field.getValue().asText(), ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8));
    }
    for (JsonNode file : multipart.get("files")) {
      byte[] bytes = Base64.getDecoder().decode(file.get("base64").asText());
      builder.addBinaryBody(file.get("field").asText(), bytes, ContentType.create(file.get("contentType").asText()), file.get("name").asText());
    }
    return send(client, path, builder.build());
  }

  static ObjectNode run(JsonNode vector, String baseUrl) throws Exception {
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUrl);
    client.setRequestInterceptor(builder -> builder.header("api-key", API_KEY));
    JsonNode op = vector.get("operation");
    JsonNode path = op.get("path");
    String sid = text(path, "sid");
    try {
      switch (op.get("operationId").asText()) {
        case "sendV2Message": {
          // The vector is JSON; a Java caller builds the typed objects instead. Reading it with unknown
          // properties refused makes each oneOf pick the one member whose fields it has, as a caller's
          // `new V2ImageByLink().link(...)` would: the generated mapper ignores unknown properties, and
          // every member of an oneOf without a discriminator (V2ReadReceipt, V2ImageById) would match.
          ObjectMapper strict = client.getObjectMapper().copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
          V2SendMessageRequest body = strict.treeToValue(op.get("json"), V2SendMessageRequest.class);
          V2SendMessageResponse response = new V2MessagesApi(client).sendV2Message(sid, text(path, "phone_number"), body, null);
          return seen("messageId", response.getData().getMessageId());
        }
        case "sendV1Message": {
          V1SendMessageResponse response;
          if (op.has("multipart")) {
            HttpResponse<String> raw = postMultipart(client, "/v1/" + sid + "/messages", op.get("multipart"));
            if (raw.statusCode() / 100 != 2) return errorSeen(client, raw.statusCode(), raw.body());
            response = client.getObjectMapper().readValue(raw.body(), V1SendMessageResponse.class);
          } else {
            // The generated method for the first content type, the url-encoded form: one parameter
            // per form field of every v1 kind, in the document's order.
            JsonNode f = op.get("form");
            String mediaUrl = text(f, "media_url");
            response = new V1MessagesApi(client).sendV1Message(sid, text(f, "type"), text(f, "to"), text(f, "from"),
                V1Channel.fromValue(text(f, "channel")), null, null, null, null, null, text(f, "body"), text(f, "preview_url"),
                text(f, "lang_code"), text(f, "template_name"), text(f, "params"), null, null, null, null,
                mediaUrl == null ? null : URI.create(mediaUrl), text(f, "caption"), text(f, "param_header"), text(f, "param_url"),
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
          }
          return seen("messageId", response.getData().get(0).getMessageId());
        }
        case "uploadResumableMedia": {
          JsonNode multipart = op.get("multipart");
          V2ResumableMediaType.fromValue(multipart.get("fields").get("type").asText());
          HttpResponse<String> raw = postMultipart(client, "/v2/" + sid + "/whatsapp/" + text(path, "waba_id") + "/resumable_media", multipart);
          if (raw.statusCode() / 100 != 2) return errorSeen(client, raw.statusCode(), raw.body());
          V2ResumableMediaUploadResponse response = client.getObjectMapper().readValue(raw.body(), V2ResumableMediaUploadResponse.class);
          return seen("id", response.getData().getId());
        }
        case "getResumableMedia": {
          JsonNode q = op.get("query");
          V2ResumableMediaListResponse response = new V2MediaApi(client).getResumableMedia(sid, text(path, "waba_id"), text(q, "id"),
              q.has("limit") ? q.get("limit").asInt() : null, q.has("offset") ? q.get("offset").asInt() : null);
          return seen("id", response.getData().get(0).getResumableMediaId());
        }
        case "listTemplates":
          return seen("code", new V2TemplatesApi(client).listTemplates(sid, text(path, "waba_id"), null, null).getCode());
        default:
          throw new IllegalArgumentException("the Java runner has no operation " + op.get("operationId").asText());
      }
    } catch (ApiException error) {
      return errorSeen(client, error.getCode(), error.getResponseBody());
    }
  }
}
