// Event contracts to and from their JSON payload with the kernel's own JSON (issue 23: Foundation's
// JSONEncoder and JSONDecoder were a tenth of a hazard create's instructions). The same payload as
// `JSONEncoder` with `.convertToSnakeCase`, `.sortedKeys` and `.withoutEscapingSlashes` gave for
// the contracts' types (integers, strings, booleans, dates as strings, arrays, nested structs, nil
// left out), and the same values read back as `JSONDecoder` with `.convertFromSnakeCase`.

/// A snake_case name of a camelCase coding key, as `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`
/// makes it: `hazardId` → `hazard_id`, `myURLValue` → `my_url_value`.
enum SnakeCase {
    /// Conversions made so far: the keys are the contracts' coding keys, a few hundred at most
    /// (bounded all the same). A payload's keys were converted on every encode and every decode.
    private static let known = Locked<[String: String]>([:])

    static func from(_ key: String) -> String {
        guard key.utf8.contains(where: isUpper) else { return key }
        if let made = known.withLock({ $0[key] }) { return made }
        let made = convert(key)
        known.withLock { if $0.count < 4096 { $0[key] = made } }
        return made
    }

    private static func convert(_ key: String) -> String {
        let bytes = Array(key.utf8)
        func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        var words: [Range<Int>] = []
        var wordStart = 0
        var search = 1
        let end = bytes.count
        while let upper = (search..<end).first(where: { isUpper(bytes[$0]) }) {
            words.append(wordStart..<upper)
            search = upper
            guard let lower = (search..<end).first(where: { isLower(bytes[$0]) }) else {
                wordStart = search
                search = end
                break
            }
            if lower == upper + 1 {
                wordStart = upper
            } else {
                words.append(upper..<(lower - 1))
                wordStart = lower - 1
            }
            search = lower + 1
        }
        words.append(wordStart..<end)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4)
        for (index, word) in words.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "_")) }
            for byte in bytes[word] { out.append(isUpper(byte) ? byte + 0x20 : byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }

    /// The camelCase key of a snake_case name (`convertFromSnakeCase`), for `allKeys`.
    static func camel(_ name: String) -> String {
        let parts = name.split(separator: "_", omittingEmptySubsequences: true)
        guard parts.count > 1, !name.hasPrefix("_"), !name.hasSuffix("_") else { return name }
        return String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined()
    }
}

// MARK: - Encoding

public enum ContractEncoder {
    /// The payload of `value`: a JSON object with snake_case keys in byte order.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let root = Node()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        // Written straight from the nodes: the same bytes as building the JSON value
        // (members sorted) and serializing it, without building it.
        var out: [UInt8] = []
        out.reserveCapacity(512)
        root.write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// A value being encoded: set once to a value, an object or an array.
private final class Node {
    var value: JSON?
    var members: [(key: String, node: Node)]?
    var items: [Node]?

    /// The node's compact JSON (members in byte order of their names), appended to `out`.
    func write(into out: inout [UInt8]) {
        if let members {
            if members.isEmpty { out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]); return }
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSON.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                member.node.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
            return
        }
        if let items {
            if items.isEmpty { out.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")]); return }
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
            return
        }
        (value ?? .object([])).write(into: &out, pretty: false, indent: 0)
    }

    func child(_ key: String) -> Node {
        let node = Node()
        if members == nil { members = [] }
        if let index = members?.firstIndex(where: { $0.key == key }) { members?[index].node = node } else { members?.append((key, node)) }
        return node
    }

    func appended() -> Node {
        let node = Node()
        if items == nil { items = [] }
        items?.append(node)
        return node
    }
}

private struct NodeEncoder: Encoder {
    let node: Node
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil { node.members = [] }
        return KeyedEncodingContainer(KeyedNodeEncoder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.items == nil { node.items = [] }
        return UnkeyedNodeEncoder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleNodeEncoder(node: node, codingPath: codingPath) }
}

/// Sets `node` to `value`: a primitive directly, anything else by its own `encode(to:)`.
private func encodeValue<T: Encodable>(_ value: T, into node: Node, path: [any CodingKey]) throws {
    switch value {
    case let v as String: node.value = .string(v)
    case let v as Int64: node.value = .int(v)
    case let v as Int: node.value = .int(Int64(v))
    case let v as Bool: node.value = .bool(v)
    case let v as Int32: node.value = .int(Int64(v))
    case let v as Double: node.value = .double(v)
    default: try value.encode(to: NodeEncoder(node: node, codingPath: path))
    }
}

private func integer<T: BinaryInteger>(_ value: T, _ path: [any CodingKey]) throws -> JSON {
    guard let exact = Int64(exactly: value) else {
        throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: path, debugDescription: "\(value) does not fit a 64-bit integer"))
    }
    return .int(exact)
}

private struct KeyedNodeEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [any CodingKey]

    private func set(_ key: Key, _ value: JSON) { node.child(SnakeCase.from(key.stringValue)).value = value }

    mutating func encodeNil(forKey key: Key) throws { set(key, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(key, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(key, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(key, .double(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(key, .double(Double(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(key, .int(Int64(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(key, .int(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(key, .int(Int64(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(key, .int(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(key, .int(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(key, try integer(value, codingPath + [key])) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(key, .int(Int64(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(key, .int(Int64(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(key, .int(Int64(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(key, try integer(value, codingPath + [key])) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, into: node.child(SnakeCase.from(key.stringValue)), path: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(SnakeCase.from(key.stringValue))
        child.members = []
        return KeyedEncodingContainer(KeyedNodeEncoder<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(SnakeCase.from(key.stringValue))
        child.items = []
        return UnkeyedNodeEncoder(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.child("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: node.child(SnakeCase.from(key.stringValue)), codingPath: codingPath + [key]) }
}

/// An index in an array, as a coding key.
private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedNodeEncoder: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]
    var count: Int { node.items?.count ?? 0 }

    private func append(_ value: JSON) { node.appended().value = value }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(.double(value)) }
    mutating func encode(_ value: Float) throws { append(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { append(.int(value)) }
    mutating func encode(_ value: UInt) throws { append(try integer(value, codingPath + [IndexKey(count)])) }
    mutating func encode(_ value: UInt8) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { append(try integer(value, codingPath + [IndexKey(count)])) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [IndexKey(count)]
        try encodeValue(value, into: node.appended(), path: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = node.appended()
        child.members = []
        return KeyedEncodingContainer(KeyedNodeEncoder<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.appended()
        child.items = []
        return UnkeyedNodeEncoder(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.appended(), codingPath: codingPath) }
}

private struct SingleNodeEncoder: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.value = .null }
    mutating func encode(_ value: Bool) throws { node.value = .bool(value) }
    mutating func encode(_ value: String) throws { node.value = .string(value) }
    mutating func encode(_ value: Double) throws { node.value = .double(value) }
    mutating func encode(_ value: Float) throws { node.value = .double(Double(value)) }
    mutating func encode(_ value: Int) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: Int8) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: Int16) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: Int32) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: Int64) throws { node.value = .int(value) }
    mutating func encode(_ value: UInt) throws { node.value = try integer(value, codingPath) }
    mutating func encode(_ value: UInt8) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: UInt16) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: UInt32) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: UInt64) throws { node.value = try integer(value, codingPath) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: node, path: codingPath) }
}

// MARK: - Decoding

public enum ContractDecoder {
    /// `T` read from a payload with snake_case keys (keys it does not know are ignored).
    public static func decode<T: Decodable>(_ type: T.Type, from payload: String) throws -> T {
        let json: JSON
        do {
            json = try JSONParser.parse(payload)
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "the payload is not JSON: \(error)", underlyingError: error))
        }
        return try decodeValue(T.self, json, path: [])
    }
}

// The decoding helpers take the coding path as an autoclosure: it is made (an array per key)
// only for an error or a nested container, not for every value read.
private func mismatch<T>(_ type: T.Type, _ value: JSON, _ path: @autoclosure () -> [any CodingKey]) -> DecodingError {
    DecodingError.typeMismatch(type, DecodingError.Context(codingPath: path(), debugDescription: "expected \(type), found \(value.serialized.prefix(40))"))
}

private func primitive<T>(_ type: T.Type, _ value: JSON, _ path: @autoclosure () -> [any CodingKey]) throws -> T? {
    switch value {
    case .string(let s) where type == String.self: return s as? T
    case .bool(let b) where type == Bool.self: return b as? T
    case .int(let i):
        if type == Int64.self { return i as? T }
        if type == Int.self { return Int(exactly: i) as? T }
        if type == Int32.self { return Int32(exactly: i) as? T }
        if type == Double.self { return Double(i) as? T }
    case .double(let d) where type == Double.self: return d as? T
    default: break
    }
    if type == String.self || type == Bool.self || type == Int64.self || type == Int.self || type == Int32.self || type == Double.self {
        if case .null = value {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: path(), debugDescription: "expected \(type), found null"))
        }
        throw mismatch(type, value, path())
    }
    return nil
}

private func decodeValue<T: Decodable>(_ type: T.Type, _ value: JSON, path: @autoclosure () -> [any CodingKey]) throws -> T {
    if let simple = try primitive(type, value, path()) { return simple }
    return try T(from: NodeDecoder(value: value, codingPath: path()))
}

private func integer<T: FixedWidthInteger>(_ type: T.Type, _ value: JSON, _ path: @autoclosure () -> [any CodingKey]) throws -> T {
    guard case .int(let i) = value else { throw mismatch(type, value, path()) }
    guard let exact = T(exactly: i) else {
        throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: path(), debugDescription: "\(i) does not fit \(type)"))
    }
    return exact
}

private func double(_ value: JSON, _ path: @autoclosure () -> [any CodingKey]) throws -> Double {
    switch value {
    case .double(let d): return d
    case .int(let i): return Double(i)
    default: throw mismatch(Double.self, value, path())
    }
}

private struct NodeDecoder: Decoder {
    let value: JSON
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: Any].self, value, codingPath) }
        return KeyedDecodingContainer(KeyedNodeDecoder<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch([Any].self, value, codingPath) }
        return UnkeyedNodeDecoder(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleNodeDecoder(value: value, codingPath: codingPath) }
}

private struct KeyedNodeDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    /// The object's members as parsed: a contract has a few, so a key is found by comparing names
    /// (a dictionary of them was built for every object decoded). The last of equal names wins.
    let members: [JSON.Member]
    var codingPath: [any CodingKey]

    var allKeys: [Key] {
        var seen = Set<String>()
        return members.reversed().filter { seen.insert($0.key).inserted }.reversed().compactMap { Key(stringValue: SnakeCase.camel($0.key)) }
    }

    private func member(_ name: String) -> JSON? {
        var index = members.endIndex
        while index > members.startIndex {
            index -= 1
            if members[index].key == name { return members[index].value }
        }
        return nil
    }

    func contains(_ key: Key) -> Bool { member(SnakeCase.from(key.stringValue)) != nil }

    private func value(_ key: Key) throws -> JSON {
        guard let value = member(SnakeCase.from(key.stringValue)) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: codingPath, debugDescription: "no value for \(SnakeCase.from(key.stringValue))"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try value(key) { return true }
        return false
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try double(value(key), codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try double(value(key), codingPath + [key])) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, value(key), codingPath + [key]) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, value(key), codingPath + [key]) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, value(key), codingPath + [key]) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, value(key), codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, value(key), codingPath + [key]) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, value(key), codingPath + [key]) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, value(key), codingPath + [key]) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, value(key), codingPath + [key]) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, value(key), codingPath + [key]) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, value(key), codingPath + [key]) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decode(type, key) }

    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T { try decodeValue(type, value(key), path: codingPath + [key]) }

    // Optional members, by one look-up (the protocol's default asks `contains`, then `decodeNil`,
    // then `decode`: three). Absent or null is nil, as before.
    private func present(_ key: Key) -> JSON? {
        guard let value = member(SnakeCase.from(key.stringValue)) else { return nil }
        if case .null = value { return nil }
        return value
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(key).map { try decodeValue(type, $0, path: codingPath + [key]) } }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(key).map { try decodeValue(type, $0, path: codingPath + [key]) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present(key).map { try integer(type, $0, codingPath + [key]) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(key).map { try integer(type, $0, codingPath + [key]) } }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try present(key).map { try integer(type, $0, codingPath + [key]) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(key).map { try double($0, codingPath + [key]) } }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try present(key).map { try decodeValue(type, $0, path: codingPath + [key]) } }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(value: value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(value: value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { NodeDecoder(value: member("super") ?? .null, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { NodeDecoder(value: try value(key), codingPath: codingPath + [key]) }
}

private struct UnkeyedNodeDecoder: UnkeyedDecodingContainer {
    let items: [JSON]
    var codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [JSON], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    private mutating func next<T>(_ type: T.Type) throws -> (JSON, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "the array ended"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if case .null = items[currentIndex] { currentIndex += 1; return true }
        return false
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeAny(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeAny(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, p) = try next(type); return try double(v, p) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (v, p) = try next(type); return Float(try double(v, p)) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (v, p) = try next(type); return try integer(type, v, p) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let (v, p) = try next(type); return try integer(type, v, p) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let (v, p) = try next(type); return try integer(type, v, p) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let (v, p) = try next(type); return try integer(type, v, p) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let (v, p) = try next(type); return try integer(type, v, p) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let (v, p) = try next(type); return try integer(type, v, p) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (v, p) = try next(type); return try integer(type, v, p) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let (v, p) = try next(type); return try integer(type, v, p) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let (v, p) = try next(type); return try integer(type, v, p) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let (v, p) = try next(type); return try integer(type, v, p) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeAny(type) }

    private mutating func decodeAny<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next(type)
        return try decodeValue(type, value, path: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next([String: Any].self)
        return try NodeDecoder(value: value, codingPath: path).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next([Any].self)
        return try NodeDecoder(value: value, codingPath: path).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next(JSON.self)
        return NodeDecoder(value: value, codingPath: path)
    }
}

private struct SingleNodeDecoder: SingleValueDecodingContainer {
    let value: JSON
    var codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }
    func decode(_ type: Bool.Type) throws -> Bool { try decodeValue(type, value, path: codingPath) }
    func decode(_ type: String.Type) throws -> String { try decodeValue(type, value, path: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try double(value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try double(value, codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type, value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type, value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type, value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type, value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type, value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type, value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type, value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type, value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type, value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type, value, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type, value, path: codingPath) }
}
