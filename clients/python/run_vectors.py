"""Drives the generated Python client (openapi-python-client) through the conformance vectors.

Speaks clients/run.ts's lock-step protocol (clients/vector_protocol.py). Inputs go through the
generated models (`from_dict`), so a model that cannot carry a vector's data fails here.
"""

import base64
import io

from kaleyra_whatsapp_client import AuthenticatedClient
from kaleyra_whatsapp_client.api.v_2_media import get_resumable_media, upload_resumable_media
from kaleyra_whatsapp_client.api.v_2_messages import send_v2_message
from kaleyra_whatsapp_client.api.v_2_templates import list_templates
from kaleyra_whatsapp_client.models import (
    ErrorEnvelope,
    ErrorFieldMessages,
    V1MediaMessage,
    V1MediaTemplateMessage,
    V1SendMessageResponse,
    V1TextMessage,
    V2ResumableMediaUploadRequest,
    V2SendMessageRequest,
)
from kaleyra_whatsapp_client.types import File
from vector_protocol import serve

API_KEY = "vector-test-key"
V1_KINDS = {"text": V1TextMessage, "media": V1MediaMessage, "mediatemplate": V1MediaTemplateMessage}


def file_of(spec):
    return File(payload=io.BytesIO(base64.b64decode(spec["base64"])), file_name=spec["name"], mime_type=spec["contentType"])


def seen_from(parsed, status):
    if isinstance(parsed, ErrorEnvelope):
        fields = sorted(parsed.error.additional_properties) if isinstance(parsed.error, ErrorFieldMessages) else []
        return {"error": {"status": status, "code": parsed.code, "fields": fields}}
    data = getattr(parsed, "data", None)
    if isinstance(data, list) and data:
        first = data[0]
        if hasattr(first, "message_id"):
            return {"messageId": first.message_id}
        if hasattr(first, "resumable_media_id"):
            return {"id": first.resumable_media_id}
    if hasattr(data, "message_id"):
        return {"messageId": data.message_id}
    if hasattr(data, "id"):
        return {"id": data.id}
    return {"code": parsed.code}


def send_v1(client, sid, operation):
    # openapi-python-client 0.29 cannot generate sendV1Message, whose one oneOf body is offered as both
    # form and multipart: the module does not import (`Unset` is not defined), and its dispatch keys the
    # content type on the Python class, which is the same for both. The generated models carry the
    # fields; the generated client's own httpx session encodes them (README, "Other languages").
    httpx_client = client.get_httpx_client()
    url = f"/v1/{sid}/messages"
    if "form" in operation:
        model = V1_KINDS[operation["form"]["type"]].from_dict(operation["form"])
        response = httpx_client.post(url, data=model.to_dict())
    else:
        fields = operation["multipart"]["fields"]
        model = V1_KINDS[fields["type"]].from_dict(fields)
        files = [(f["field"], file_of(f).to_tuple()) for f in operation["multipart"]["files"]]
        response = httpx_client.post(url, data=model.to_dict(), files=files)
    parsed = V1SendMessageResponse.from_dict(response.json()) if response.status_code in (200, 202) else ErrorEnvelope.from_dict(response.json())
    return parsed, response.status_code


def run(vector, base_url):
    operation = vector["operation"]
    path = operation["path"]
    client = AuthenticatedClient(base_url=base_url, token=API_KEY, prefix="", auth_header_name="api-key", raise_on_unexpected_status=True)
    op = operation["operationId"]
    if op == "sendV1Message":
        return send_v1(client, path["sid"], operation)
    if op == "sendV2Message":
        response = send_v2_message.sync_detailed(path["sid"], path["phone_number"], client=client, body=V2SendMessageRequest.from_dict(operation["json"]))
    elif op == "uploadResumableMedia":
        multipart = operation["multipart"]
        body = V2ResumableMediaUploadRequest(file=file_of(multipart["files"][0]), type_=multipart["fields"]["type"])
        response = upload_resumable_media.sync_detailed(path["sid"], path["waba_id"], client=client, body=body)
    elif op == "getResumableMedia":
        query = operation.get("query", {})
        response = get_resumable_media.sync_detailed(path["sid"], path["waba_id"], client=client, **query)
    elif op == "listTemplates":
        response = list_templates.sync_detailed(path["sid"], path["waba_id"], client=client)
    else:
        raise ValueError(f"the Python runner has no operation {op}")
    return response.parsed, int(response.status_code)


def drive(vector, base_url):
    parsed, status = run(vector, base_url)
    return seen_from(parsed, status)


if __name__ == "__main__":
    serve(drive)
