// Command vectors drives the oapi-codegen client (package kaleyra, generated into ../build/kaleyra)
// through the conformance vectors. Lock-step protocol with clients/run.ts: each stdin line is
// {"file", "baseUrl"}; each answer is one stdout line, {"seen": {...}} or {"failure": "..."}.
// Inputs are decoded into the generated types before they are sent, so a type that cannot carry a
// vector's data fails here.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"sort"
	"strings"

	"github.com/oapi-codegen/runtime"

	"kaleyra.invalid/clients/go/build/kaleyra"
)

const apiKey = "vector-test-key"

type vectorFile struct {
	Field       string `json:"field"`
	Name        string `json:"name"`
	ContentType string `json:"contentType"`
	Base64      string `json:"base64"`
}

type vector struct {
	Name      string `json:"name"`
	Operation struct {
		OperationID string            `json:"operationId"`
		Path        map[string]string `json:"path"`
		Query       json.RawMessage   `json:"query"`
		JSON        json.RawMessage   `json:"json"`
		Form        json.RawMessage   `json:"form"`
		Multipart   *struct {
			Fields map[string]string `json:"fields"`
			Files  []vectorFile      `json:"files"`
		} `json:"multipart"`
	} `json:"operation"`
}

type seenError struct {
	Status int      `json:"status"`
	Code   string   `json:"code"`
	Fields []string `json:"fields"`
}

type seen struct {
	MessageID string     `json:"messageId,omitempty"`
	ID        string     `json:"id,omitempty"`
	Code      string     `json:"code,omitempty"`
	Error     *seenError `json:"error,omitempty"`
}

// errorSeen decodes any error answer into the generated ErrorEnvelope.
func errorSeen(status int, body []byte) (*seen, error) {
	var envelope kaleyra.ErrorEnvelope
	if err := json.Unmarshal(body, &envelope); err != nil {
		return nil, fmt.Errorf("error body does not decode as ErrorEnvelope: %w", err)
	}
	fields := []string{}
	if envelope.Error != nil {
		if messages, err := envelope.Error.AsErrorFieldMessages(); err == nil {
			for name := range messages {
				fields = append(fields, name)
			}
		}
	}
	sort.Strings(fields)
	return &seen{Error: &seenError{Status: status, Code: envelope.Code, Fields: fields}}, nil
}

// multipartBody encodes fields and files: oapi-codegen leaves multipart encoding to the caller
// (it generates a typed body struct and a WithBody method taking an io.Reader).
func multipartBody(fields map[string]string, files []vectorFile) (*bytes.Buffer, string, error) {
	var buffer bytes.Buffer
	writer := multipart.NewWriter(&buffer)
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := writer.WriteField(name, fields[name]); err != nil {
			return nil, "", err
		}
	}
	for _, file := range files {
		data, err := base64.StdEncoding.DecodeString(file.Base64)
		if err != nil {
			return nil, "", err
		}
		header := make(textproto.MIMEHeader)
		header.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, file.Field, file.Name))
		header.Set("Content-Type", file.ContentType)
		part, err := writer.CreatePart(header)
		if err != nil {
			return nil, "", err
		}
		if _, err := part.Write(data); err != nil {
			return nil, "", err
		}
	}
	if err := writer.Close(); err != nil {
		return nil, "", err
	}
	return &buffer, writer.FormDataContentType(), nil
}

func run(v *vector, baseURL string) (*seen, error) {
	client, err := kaleyra.NewClientWithResponses(baseURL, kaleyra.WithRequestEditorFn(func(_ context.Context, request *http.Request) error {
		request.Header.Set("api-key", apiKey)
		return nil
	}))
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	op := v.Operation
	switch op.OperationID {
	case "sendV2Message":
		var body kaleyra.SendV2MessageJSONRequestBody
		if err := json.Unmarshal(op.JSON, &body); err != nil {
			return nil, fmt.Errorf("json does not decode as V2SendMessageRequest: %w", err)
		}
		response, err := client.SendV2MessageWithResponse(ctx, op.Path["sid"], op.Path["phone_number"], nil, body)
		if err != nil {
			return nil, err
		}
		if response.JSON202 != nil {
			return &seen{MessageID: response.JSON202.Data.MessageId}, nil
		}
		return errorSeen(response.StatusCode(), response.Body)
	case "sendV1Message":
		var response *kaleyra.SendV1MessageResponse
		if op.Multipart != nil {
			// Decode the text fields into the generated union first: the form must be a valid V1 kind.
			fields, _ := json.Marshal(op.Multipart.Fields)
			var typed kaleyra.V1SendMessageRequest
			if err := typed.UnmarshalJSON(fields); err != nil {
				return nil, fmt.Errorf("fields do not decode as V1SendMessageRequest: %w", err)
			}
			body, contentType, err := multipartBody(op.Multipart.Fields, op.Multipart.Files)
			if err != nil {
				return nil, err
			}
			response, err = client.SendV1MessageWithBodyWithResponse(ctx, op.Path["sid"], contentType, body)
			if err != nil {
				return nil, err
			}
		} else {
			// SendV1MessageWithFormdataBody sends an empty form: runtime.MarshalForm walks the struct's
			// exported fields, and the oneOf union keeps its value in an unexported one. The member the
			// discriminator picks is a plain struct, which MarshalForm encodes.
			var body kaleyra.SendV1MessageFormdataRequestBody
			if err := body.UnmarshalJSON(op.Form); err != nil {
				return nil, fmt.Errorf("form does not decode as V1SendMessageRequest: %w", err)
			}
			kind, err := body.ValueByDiscriminator()
			if err != nil {
				return nil, err
			}
			form, err := runtime.MarshalForm(kind, nil)
			if err != nil {
				return nil, err
			}
			response, err = client.SendV1MessageWithBodyWithResponse(ctx, op.Path["sid"], "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
			if err != nil {
				return nil, err
			}
		}
		accepted := response.JSON202
		if accepted == nil {
			accepted = response.JSON200
		}
		if accepted != nil {
			return &seen{MessageID: accepted.Data[0].MessageId}, nil
		}
		return errorSeen(response.StatusCode(), response.Body)
	case "uploadResumableMedia":
		typed := kaleyra.UploadResumableMediaMultipartRequestBody{Type: kaleyra.V2ResumableMediaType(op.Multipart.Fields["type"])}
		if !typed.Type.Valid() {
			return nil, fmt.Errorf("type %q is not a V2ResumableMediaType", typed.Type)
		}
		body, contentType, err := multipartBody(map[string]string{"type": string(typed.Type)}, op.Multipart.Files)
		if err != nil {
			return nil, err
		}
		response, err := client.UploadResumableMediaWithBodyWithResponse(ctx, op.Path["sid"], op.Path["waba_id"], contentType, body)
		if err != nil {
			return nil, err
		}
		if response.JSON202 != nil {
			return &seen{ID: response.JSON202.Data.Id}, nil
		}
		return errorSeen(response.StatusCode(), response.Body)
	case "getResumableMedia":
		var params kaleyra.GetResumableMediaParams
		if err := json.Unmarshal(op.Query, &params); err != nil {
			return nil, fmt.Errorf("query does not decode as GetResumableMediaParams: %w", err)
		}
		response, err := client.GetResumableMediaWithResponse(ctx, op.Path["sid"], op.Path["waba_id"], &params)
		if err != nil {
			return nil, err
		}
		if response.JSON200 != nil && len(response.JSON200.Data) > 0 && response.JSON200.Data[0].ResumableMediaId != nil {
			return &seen{ID: *response.JSON200.Data[0].ResumableMediaId}, nil
		}
		return errorSeen(response.StatusCode(), response.Body)
	case "listTemplates":
		response, err := client.ListTemplatesWithResponse(ctx, op.Path["sid"], op.Path["waba_id"], nil)
		if err != nil {
			return nil, err
		}
		if response.JSON200 != nil && response.JSON200.Code != nil {
			return &seen{Code: *response.JSON200.Code}, nil
		}
		return errorSeen(response.StatusCode(), response.Body)
	}
	return nil, fmt.Errorf("the Go runner has no operation %s", op.OperationID)
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	out := json.NewEncoder(os.Stdout)
	for scanner.Scan() {
		var request struct {
			File    string `json:"file"`
			BaseURL string `json:"baseUrl"`
		}
		answer := map[string]any{}
		result, err := func() (*seen, error) {
			if err := json.Unmarshal(scanner.Bytes(), &request); err != nil {
				return nil, err
			}
			data, err := os.ReadFile(request.File)
			if err != nil {
				return nil, err
			}
			var v vector
			if err := json.Unmarshal(data, &v); err != nil {
				return nil, err
			}
			return run(&v, request.BaseURL)
		}()
		if err != nil {
			answer["failure"] = err.Error()
		} else {
			answer["seen"] = result
		}
		if err := out.Encode(answer); err != nil {
			os.Exit(1)
		}
	}
}
