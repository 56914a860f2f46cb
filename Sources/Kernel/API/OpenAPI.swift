// The OpenAPI 3.1 document, generated from the registered routes: one source of truth.

public enum OpenAPISchemas {
    /// The JSON Schema of one field's value.
    static func fieldSchema(_ field: FieldSpec) -> JSON {
        var members: [JSON.Member]
        switch field.type {
        case .text(let maxLength): members = [JSON.Member("type", "string"), JSON.Member("maxLength", .int(Int64(maxLength)))]
        case .integer(let range): members = [JSON.Member("type", "integer"), JSON.Member("minimum", .int(range.lowerBound)), JSON.Member("maximum", .int(range.upperBound))]
        case .boolean: members = [JSON.Member("type", "boolean")]
        case .date: members = [JSON.Member("type", "string"), JSON.Member("format", "date")]
        case .choice(let choices): members = [JSON.Member("type", "string"), JSON.Member("enum", JSON(choices.map(\.code)))]
        case .reference(let plural): members = [JSON.Member("type", "integer"), JSON.Member("description", .string("id of a record in /api/v1/org/\(plural)"))]
        case .creditCode: members = [JSON.Member("type", "string"), JSON.Member("pattern", "^[0-9A-HJ-NPQRTUWXY]{18}$")]
        case .textList: members = [JSON.Member("type", "array"), JSON.Member("items", .object(["type": "string"]))]
        }
        members.append(JSON.Member("title", .string(field.label)))
        return .object(members)
    }

    /// The schema of a record as returned.
    public static func record(_ schema: EntitySchema, store: RecordStore) -> JSON {
        var properties: [JSON.Member] = [JSON.Member("id", .object(["type": "integer"]))]
        for field in schema.fields {
            properties.append(JSON.Member(field.name, nullable(fieldSchema(field), !field.required)))
            if field.isReference {
                let base = field.name.hasSuffix("_id") ? String(field.name.dropLast(3)) : field.name
                properties.append(JSON.Member("\(base)_name", .object(["type": JSON(["string", "null"])])))
            }
        }
        properties += [JSON.Member("version", .object(["type": "integer"])), JSON.Member("created_at", .object(["type": "string", "format": "date-time"])),
                       JSON.Member("updated_at", .object(["type": "string", "format": "date-time"]))]
        return .object(["type": "object", "title": .string(schema.label), "properties": .object(properties)])
    }

    /// The schema of a create (or, `partial`, an update) body.
    public static func input(_ schema: EntitySchema, partial: Bool = false) -> JSON {
        let properties = schema.fields.map { JSON.Member($0.name, fieldSchema($0)) }
        var members: [JSON.Member] = [JSON.Member("type", "object"), JSON.Member("properties", .object(properties)), JSON.Member("additionalProperties", false)]
        let required = schema.fields.filter(\.required).map(\.name)
        if !partial && !required.isEmpty { members.append(JSON.Member("required", JSON(required))) }
        return .object(members)
    }

    /// `{"items": [...], "next": "..."|null}`.
    public static func page(_ item: JSON) -> JSON {
        .object(["type": "object", "properties": .object([
            "items": .object(["type": "array", "items": item]),
            "next": .object(["type": JSON(["string", "null"])]),
        ])])
    }

    static func nullable(_ schema: JSON, _ isNullable: Bool) -> JSON {
        guard isNullable, case .object(var members) = schema, let index = members.firstIndex(where: { $0.key == "type" }),
              case .string(let type) = members[index].value else { return schema }
        members[index].value = JSON([type, "null"])
        return .object(members)
    }
}

public enum OpenAPI {
    static let problem: JSON = .object(["type": "object", "properties": .object([
        "type": .object(["type": "string"]), "title": .object(["type": "string"]), "status": .object(["type": "integer"]),
        "detail": .object(["type": "string"]),
        "errors": .object(["type": "array", "items": .object(["type": "object", "properties": .object([
            "field": .object(["type": "string"]), "code": .object(["type": "string"]), "message": .object(["type": "string"])])])]),
    ])])

    /// The document for `routes`.
    public static func document(_ routes: [APIRoute], version: String) -> JSON {
        var paths: [String: [JSON.Member]] = [:]
        var order: [String] = []
        for route in routes {
            let (path, parameters) = openAPIPath(route.path)
            if paths[path] == nil { order.append(path) }
            var operation: [JSON.Member] = [
                JSON.Member("summary", .string(route.summary)),
                JSON.Member("operationId", .string(operationID(route))),
                JSON.Member("tags", JSON([route.tag])),
            ]
            var allParameters = parameters.map { name -> JSON in
                .object(["name": .string(name), "in": "path", "required": true, "schema": .object(["type": "integer"])])
            }
            allParameters += route.query.map { .object(["name": .string($0.name), "in": "query", "required": false, "description": .string($0.description), "schema": $0.schema]) }
            if !allParameters.isEmpty { operation.append(JSON.Member("parameters", .array(allParameters))) }
            if let body = route.requestSchema {
                let mediaType = body["type"]?.stringValue == "string" ? "text/csv" : "application/json"
                operation.append(JSON.Member("requestBody", .object(["required": true, "content": .object([JSON.Member(mediaType, .object(["schema": body]))])])))
            }
            var responses: [JSON.Member] = []
            let success = String(route.successStatus)
            if let schema = route.responseSchema {
                responses.append(JSON.Member(success, .object(["description": "success", "content": .object(["application/json": .object(["schema": schema])])])))
            } else {
                responses.append(JSON.Member(success, .object(["description": "success"])))
            }
            let problemContent: JSON = .object(["application/problem+json": .object(["schema": .object(["$ref": "#/components/schemas/Problem"])])])
            var errorStatuses = ["400", "422"]
            if case .roles = route.access { errorStatuses += ["401", "403"] }
            if !parameters.isEmpty { errorStatuses.append("404") }
            if route.method == "PATCH" { errorStatuses += ["409", "412"] }
            for status in errorStatuses.sorted() {
                responses.append(JSON.Member(status, .object(["description": .string(statusDescription(status)), "content": problemContent])))
            }
            operation.append(JSON.Member("responses", .object(responses)))
            if case .roles = route.access { operation.append(JSON.Member("security", .array([.object(["bearer": .array([])])]))) }
            else { operation.append(JSON.Member("security", .array([]))) }
            paths[path, default: []].append(JSON.Member(route.method.lowercased(), .object(operation)))
        }
        return .object([
            "openapi": "3.1.0",
            "info": .object(["title": "Anwei (安委) HTTP API", "version": .string(version),
                             "description": "The district Safety Production Committee office's system: registry, accounts, audit, events and the five modules."]),
            "servers": .array([.object(["url": "/"])]),
            "paths": .object(order.map { JSON.Member($0, .object(paths[$0]!)) }),
            "components": .object([
                "schemas": .object(["Problem": problem]),
                "securitySchemes": .object(["bearer": .object(["type": "http", "scheme": "bearer"])]),
            ]),
        ])
    }

    /// `/units/{id:int}` → (`/units/{id}`, ["id"]).
    static func openAPIPath(_ template: String) -> (String, [String]) {
        var parameters: [String] = []
        let segments = template.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix("{"), segment.hasSuffix("}") else { return String(segment) }
            let name = segment.dropFirst().dropLast().split(separator: ":").first.map(String.init) ?? ""
            parameters.append(name)
            return "{\(name)}"
        }
        return (segments.joined(separator: "/"), parameters)
    }

    static func operationID(_ route: APIRoute) -> String {
        let words = route.path.split(separator: "/").filter { $0 != "api" && $0 != "v1" }.map { word -> String in
            if word.hasPrefix("{") { return "by_" + (word.dropFirst().dropLast().split(separator: ":").first.map(String.init) ?? "id") }
            return word.replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "-", with: "_")
        }
        return ([route.method.lowercased()] + words).joined(separator: "_")
    }

    static func statusDescription(_ status: String) -> String {
        ["400": "malformed request", "401": "no or bad credentials", "403": "the role may not do this", "404": "unknown or out of scope",
         "409": "conflict", "412": "If-Match mismatch", "422": "well-formed but invalid"][status] ?? "error"
    }
}
