// The OpenAPI 3.1 document, generated from the registered routes: one source of truth.

public enum OpenAPISchemas {
    /// The fields of a record as answered: its id, its declared fields (a reference with its
    /// name beside it), version and times.
    public static func recordFields(_ schema: EntitySchema) -> [FieldSpec] {
        var fields: [FieldSpec] = [FieldSpec("id", type: .integer(range: 1...Int64.max), required: true, help: "the record's id")]
        for field in schema.fields {
            fields.append(field)
            if field.isReference {
                let base = field.name.hasSuffix("_id") ? String(field.name.dropLast(3)) : field.name
                fields.append(FieldSpec("\(base)_name", type: .text(maxLength: 200), help: "the name of \(field.name)"))
            }
        }
        fields += [FieldSpec("version", type: .integer(range: 1...Int64.max), required: true, help: "增加 on every change; the ETag"),
                   FieldSpec("created_at", type: .text(maxLength: 40), required: true, help: "RFC 3339"),
                   FieldSpec("updated_at", type: .text(maxLength: 40), required: true, help: "RFC 3339")]
        return fields
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
            var allParameters = parameters.map { parameter -> JSON in
                let schema: JSON = parameter.isInteger ? .object(["type": "integer", "minimum": 1, "maximum": .int(FieldSchemas.maximumID)])
                                                       : .object(["type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^/]+$"])
                return .object(["name": .string(parameter.name), "in": "path", "required": true, "schema": schema])
            }
            allParameters += route.queryContract.fields.map { field in
                var schema = FieldSchemas.property(field, .query)
                // A list in a query string is one text, its items separated by commas.
                if field.isList { schema = .object(["type": "string", "maxLength": 2000]) }
                return .object(["name": .string(field.name), "in": "query", "required": .bool(field.required),
                                "description": .string(field.helpLine), "schema": schema])
            }
            if !allParameters.isEmpty { operation.append(JSON.Member("parameters", .array(allParameters))) }
            if let body = route.body {
                operation.append(JSON.Member("requestBody", .object(["required": .bool(body.partial || body.fields.contains(where: \.required)),
                    "content": .object(["application/json": .object(["schema": FieldSchemas.object(body.fields, input: true, partial: body.partial)])])])))
            } else if let csv = route.csvBody {
                let columns = csv.fields.map { "\($0.name)\($0.required ? " (required)" : "")" }.joined(separator: ", ")
                operation.append(JSON.Member("requestBody", .object(["required": true, "content": .object(["text/csv": .object(["schema": .object([
                    "type": "string", "description": .string("CSV (UTF-8, a header row naming the columns, one record a row): " + columns)])])])])))
            }
            var responses = successResponses(route)
            let problemContent: JSON = .object(["application/problem+json": .object(["schema": .object(["$ref": "#/components/schemas/Problem"])])])
            for status in errorStatuses(route) {
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

    /// The success answers of a route: its body's schema (JSON, CSV, a file, text) under its
    /// success status and any other it declares.
    static func successResponses(_ route: APIRoute) -> [JSON.Member] {
        let reply = route.reply
        var content: [JSON.Member] = []
        switch reply.shape {
        case .file(let type): content.append(JSON.Member(type, .object(["schema": .object(["type": "string", "format": "binary"])])))
        case .text(let type): content.append(JSON.Member(type, .object(["schema": .object(["type": "string"])])))
        case .empty: break
        default: if let schema = reply.schema { content.append(JSON.Member("application/json", .object(["schema": schema]))) }
        }
        if reply.csv {
            content.append(JSON.Member("text/csv", .object(["schema": .object(["type": "string", "description": "UTF-8 with BOM; a cell beginning with = + - @ tab or CR is prefixed with '"])])))
        }
        let answer: JSON = content.isEmpty ? .object(["description": "success"]) : .object(["description": "success", "content": .object(content)])
        return ([route.successStatus] + reply.otherStatuses).map { JSON.Member(String($0), answer) }
    }

    /// Every error status a route can answer: a malformed request (400) and a busy database
    /// (503) anywhere; sign-in and role (401, 403) where an account is needed; not found (404)
    /// for a record named in the path or the body; a body's limits, type and fields (413, 415,
    /// 422); conflicts (409) for a write; If-Match (412) for an update; 429 on the public intake.
    static func errorStatuses(_ route: APIRoute) -> [String] {
        // Any request may be malformed (400), have a target too long to read (414) or meet a busy database (503).
        var statuses: Set<String> = ["400", "414", "503"]
        let writes = route.method != "GET" && route.method != "HEAD"
        if case .roles = route.access { statuses.formUnion(["401", "403"]) } else { statuses.insert("429") }
        // Any route may answer 404: a record named in the path, the query or the body that does
        // not exist or lies outside the caller's scope.
        statuses.insert("404")
        if writes { statuses.formUnion(["409", "413", "415", "422"]) }
        if !route.queryContract.isEmpty { statuses.insert("422") }
        if route.method == "PATCH" { statuses.insert("412") }
        statuses.formUnion(route.errors.map(String.init))
        return statuses.sorted()
    }

    /// `/units/{id:int}` → (`/units/{id}`, [id, an integer]).
    static func openAPIPath(_ template: String) -> (String, [(name: String, isInteger: Bool)]) {
        var parameters: [(name: String, isInteger: Bool)] = []
        let segments = template.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix("{"), segment.hasSuffix("}") else { return String(segment) }
            let parts = segment.dropFirst().dropLast().split(separator: ":")
            let name = parts.first.map(String.init) ?? ""
            parameters.append((name, parts.count > 1 && parts[1] == "int"))
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
         "409": "conflict", "412": "If-Match mismatch", "413": "body too large", "414": "request target too long", "415": "unsupported content type",
         "422": "well-formed but invalid", "429": "too many requests", "503": "busy or not ready"][status] ?? "error"
    }
}
