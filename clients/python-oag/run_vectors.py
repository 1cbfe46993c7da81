"""Drives the client of openapi-generator's `python` generator through the conformance vectors.

Speaks clients/run.ts's lock-step protocol (clients/vector_protocol.py). Every operation goes
through the generated API alone: JSON inputs are read into the generated models (`from_dict`, which
checks that exactly one member of each oneOf matches), form fields are passed as the generated
method's parameters, files as (file name, bytes), and the v1 multipart body is chosen with the
generated `_content_type` parameter (the method lists both content types, the url-encoded form first).
"""

import base64

from kaleyra_whatsapp import ApiClient, Configuration
from kaleyra_whatsapp.api import V1MessagesApi, V2MediaApi, V2MessagesApi, V2TemplatesApi
from kaleyra_whatsapp.exceptions import ApiException
from kaleyra_whatsapp.models import ErrorEnvelope, V1Channel, V2ResumableMediaType, V2SendMessageRequest
from vector_protocol import serve

API_KEY = "vector-test-key"
MULTIPART = "multipart/form-data"


def file_of(spec):
    # The generated client takes the media type from the file name (mimetypes); a vector whose name
    # does not say its declared type would be sent as something else, and the comparison reports it.
    return (spec["name"], base64.b64decode(spec["base64"]))


def v1_arguments(fields):
    # The form's field names are the generated parameters', except `from`, a Python keyword.
    arguments = {("var_from" if name == "from" else name): value for name, value in fields.items()}
    arguments["channel"] = V1Channel(fields["channel"])
    return arguments


def error_seen(error):
    envelope = error.data if isinstance(error.data, ErrorEnvelope) else ErrorEnvelope.from_json(error.body)
    messages = envelope.error.actual_instance if envelope.error is not None else None
    fields = sorted(messages) if isinstance(messages, dict) else []
    return {"error": {"status": error.status, "code": envelope.code, "fields": fields}}


def run(vector, base_url):
    operation = vector["operation"]
    path = operation["path"]
    configuration = Configuration(host=base_url, api_key={"ApiKeyAuth": API_KEY})
    with ApiClient(configuration) as client:
        op = operation["operationId"]
        try:
            if op == "sendV2Message":
                body = V2SendMessageRequest.from_dict(operation["json"])
                answer = V2MessagesApi(client).send_v2_message(path["sid"], path["phone_number"], body)
                return {"messageId": answer.data.message_id}
            if op == "sendV1Message":
                api = V1MessagesApi(client)
                if "form" in operation:
                    answer = api.send_v1_message(path["sid"], **v1_arguments(operation["form"]))
                else:
                    files = {f["field"]: file_of(f) for f in operation["multipart"]["files"]}
                    answer = api.send_v1_message(
                        path["sid"], **v1_arguments(operation["multipart"]["fields"]), **files, _content_type=MULTIPART)
                return {"messageId": answer.data[0].message_id}
            if op == "uploadResumableMedia":
                multipart = operation["multipart"]
                answer = V2MediaApi(client).upload_resumable_media(
                    path["sid"], path["waba_id"], file=file_of(multipart["files"][0]),
                    type=V2ResumableMediaType(multipart["fields"]["type"]))
                return {"id": answer.data.id}
            if op == "getResumableMedia":
                answer = V2MediaApi(client).get_resumable_media(path["sid"], path["waba_id"], **operation.get("query", {}))
                return {"id": answer.data[0].resumable_media_id}
            if op == "listTemplates":
                return {"code": V2TemplatesApi(client).list_templates(path["sid"], path["waba_id"]).code}
        except ApiException as error:
            return error_seen(error)
    raise ValueError(f"the openapi-generator python runner has no operation {op}")


if __name__ == "__main__":
    serve(run)
